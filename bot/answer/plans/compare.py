"""The compare plan: "How does the Professional level differ from the Managerial level?" gets the
matching passage of each subject, side by side, each labelled with its own heading.

Each subject is looked up on its own, with what the question asks of both ("who they're for");
its passages are those of its candidates whose headings, cells or title name the subject. Of
these, passages of one kind are preferred (each level's "What it is", two sibling paths): the
answer sets like beside like.
"""

from __future__ import annotations

import re
from itertools import product

from bot.answer.candidate import Candidate
from bot.answer.comparison import is_comparison
from bot.answer.entities import SUBJECTS, detect
from bot.answer.plans import Block, Composition, Found, Lookup
from bot.answer.plans.catalog import Catalog
from bot.answer.plans.name import NamePlan
from bot.answer.query import Query
from bot.answer.tuning import PlanTuning
from index.chunk import Chunk
from index.keywords import normalize, tokenize

Options = tuple[Found, list[Candidate]]
_WHOM = "who should take it"  # the level guides' section of whom each level is for
_FIT = re.compile(r"\b(?:fits?|suits?|right|best|better|good)\b")  # an aspect that asks only for the fit
_FOR_THE_LEARNER = re.compile(
    r"\b(?:for (?:me|us|my|our|someone like)|fits? (?:me|us)|suits? (?:me|us)|should (?:i|we))\b"
)


class ComparePlan:
    """The passages of two or more subjects, in the order the question names them."""

    def __init__(self, catalog: Catalog, name: NamePlan, tuning: PlanTuning) -> None:
        self.catalog = catalog
        self.name = name
        self.tuning = tuning

    @staticmethod
    def names(candidate: Candidate, subject: set[str]) -> bool:
        """Whether a passage's headings or cells name the subject."""
        chunk = candidate.chunk
        said = set(tokenize(" ".join((*chunk.breadcrumb, *(chunk.cells or {}).values()))))
        return bool(subject & said)

    def options(self, subject: str, others: set[str], aspect: str, lookup: Lookup) -> Options | None:
        """The subject's own passages, looked up with what is asked of it, else by the subject
        alone; its passages are named by its own words, not those it shares with the other
        subjects ("com" of two providers' sites) or with what is asked of both."""
        own = lookup.find(f"{subject} {aspect}".strip()) or (lookup.find(subject) if aspect else None)
        if own is None:
            return None
        ranked, of_kind = self.name.of_kind(own)
        if of_kind:  # "…which training providers should I send them to?": each one's of that kind
            return own, ranked[:1]
        words = set(tokenize(subject)) - set(tokenize(aspect)) - others
        top = own.candidates[: self.tuning.subject_depth]
        return own, [c for c in top if self.names(c, words)] or top[:1]

    def states_for_each(self, query: Query, chunk: Chunk) -> bool:
        """Whether a passage (not a table's row) names every subject and states the kind of fact asked
        (a duration, a score) as often: it answers the comparison by itself. A subject that names a
        level, track or role is named by it ("professionals" names no level); another by its words."""
        asked = (*query.wanted, *query.steering)
        if chunk.kind == "row" or not asked:
            return False
        said, named = set(tokenize(chunk.text)), detect(chunk.text)
        subjects = query.shape.subjects
        if sum(len(kind.evidence.findall(chunk.text)) for kind in asked) < len(subjects):
            return False
        for subject in subjects:
            own = detect(subject)
            kinds = [kind for kind in SUBJECTS if own.get(kind)]
            if kinds and not all(own.get(k) <= named.get(k) for k in kinds):
                return False
            if not kinds and not (set(tokenize(subject)) - self.catalog.generic) & said:
                return False
        return True

    def choose(self, pools: list[list[Candidate]]) -> list[Candidate] | None:
        """One distinct passage per subject: the best-ranked set of one kind, else each subject's best."""
        best: tuple[int, list[Candidate]] | None = None
        for combo in product(*(list(enumerate(pool)) for pool in pools)):
            chosen = [c for _, c in combo]
            if len({c.chunk.id for c in chosen}) < len(chosen):
                continue
            kinds = [{id(g) for g in self.catalog.group_of.get(c.number, [])} for c in chosen]
            if not set.intersection(*kinds):
                continue
            rank = sum(r for r, _ in combo)
            if best is None or rank < best[0]:
                best = (rank, chosen)
        if best is not None:
            return best[1]
        firsts = [pool[0] for pool in pools]
        return firsts if len({c.chunk.id for c in firsts}) == len(firsts) else None

    def __call__(self, found: Found, lookup: Lookup) -> Composition | None:
        shape = found.query.shape
        top = found.candidates[0].chunk if found.candidates else None
        if top is not None and is_comparison(self.catalog.label(top) or ""):
            return None  # the curriculum itself answers how they differ: quote that passage
        words = [set(tokenize(subject)) for subject in shape.subjects]
        if top is not None and self.states_for_each(found.query, top):
            return None  # "how long is the manager track compared to foundation?": one FAQ says both
        # "Foundation or Professional for me?" asks of each only whether it fits: whom it is for.
        aspect = shape.aspect
        if _FOR_THE_LEARNER.search(normalize(found.query.text)) and not tokenize(_FIT.sub(" ", aspect)):
            aspect = _WHOM
        found_for = [
            self.options(subject, set().union(*(w for w in words if w is not own)), aspect, lookup)
            for subject, own in zip(shape.subjects, words, strict=True)
        ]
        covered = [o for o in found_for if o is not None]
        if len(covered) < len(found_for):
            return None  # a subject the curriculum lacks: nothing to set beside the other
        chosen = self.choose([pool for _, pool in covered])
        if chosen is None:
            return None
        blocks: list[Block] = []
        for (own, _), best in zip(covered, chosen, strict=True):
            # each side opens with what its passage is (its first sentences), as a list shows it
            picked = self.name.passage(own.query, [best], own.vector)
            picked = self.name.summarised(picked, self.tuning.part_sentences)
            blocks.append(self.name.block(picked, always=True))
        return Composition("compare", tuple(blocks))
