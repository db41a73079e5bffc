"""The parts plan: "What skills does the Managerial level cover, and how long does it take?" gets
both parts, each from its own passage, in the order asked.

Each part is looked up on its own, in the message's context; a part that cannot stand alone
("…, and also at the managerial level?") is read as a follow-up of the part before it. A part
the curriculum does not cover is said to be not covered, in the learner's own words, while the
other parts are answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import is_dataclass, replace

from bot.answer.answer_type import has_evidence, wanted_types
from bot.answer.asks import asks_indirectly, lead_in, starts_ask, without_opener
from bot.answer.context import ASKER
from bot.answer.ellipsis import (
    elides_its_noun,
    is_elliptical,
    names_only_an_aspect,
    opens_as_continuation,
    pointed_kind,
    points_back,
)
from bot.answer.entities import detect
from bot.answer.plans import Block, Composition, Found, Lookup, Picked, candidate_of
from bot.answer.plans.name import NamePlan
from bot.answer.plans.pronouns import named_again, one_as_said
from bot.answer.tuning import PlanTuning

Single = Callable[[Found, Lookup], Composition]
_POSSESSIVE = re.compile(r"\b(?:its|their)\b", re.IGNORECASE)


class PartsPlan:
    """Each part answered by the plan its own shape calls for, every block labelled."""

    def __init__(self, single: Single, name: NamePlan, tuning: PlanTuning) -> None:
        self.single = single  # the planner's choice of plan for one ask
        self.name = name
        self.tuning = tuning

    def readings(
        self,
        part: str,
        context: str,
        before: Found | None,
        lookup: Lookup,
        whole: Found | None,
        quoted: str | None = None,
        named: str | None = None,
    ) -> list[Found]:
        """A part's readings, the likelier first: as asked (after the message's context, else
        alone), or as a follow-up of the part before it. A part asking for a fact the curriculum
        lacks (a price, a date) is never read against the part before; a possessive part ("…,
        and what are its prerequisites?") only so, as is one pointing back at the passage just
        quoted; one that cannot stand alone ("…, and also at the managerial level?", "proctored?")
        or points back ("…, and who is it for?") so first. A part unsure on its own whose best
        passage is the one the whole message is sure of is answered from it ("…and what problem
        is it meant to solve?")."""
        # …as a question after the context, so that the context steers retrieval only
        contextual = lookup.find(f"{context} {part.rstrip(' ?')}?") if context else None
        literal = contextual or lookup.find(part)
        if literal is None and whole is not None and whole.candidates:
            alone = lookup.read(part)
            if alone.candidates and alone.candidates[0].chunk.id == whole.candidates[0].chunk.id:
                literal = alone
        # A part that opens an ask of its own (not "what about…") asks its own aspect of what the
        # part before named, whatever word joins it on ("also, what are the mistakes at this
        # level?"); one counting what it leaves unnamed ("…, and how many for the foundation
        # level?") asks the part before's aspect of what it names.
        ask = without_opener(part)
        own_ask = (starts_ask(ask) or asks_indirectly(ask)) and not (
            opens_as_continuation(ask) or elides_its_noun(ask)
        )
        follow = (
            lookup.follow(part, before, quoted, subject_only=own_ask)
            if before is not None and not wanted_types(part)
            else None
        )
        pointing = follow is not None and points_back(part)  # "…, and who is it meant for?"
        # "…, and what are its prerequisites?"; "what does Cotocus offer, and who is it for?" is
        # answered by the passage just quoted, when reading it as a follow-up finds that again
        # (unless it asks to pick another kind of thing: "…, and which provider teaches it?").
        again = follow is not None and bool(follow.candidates) and follow.candidates[0].chunk.id == quoted
        # "…4-6 weeks, is that right, and what about the full track?": a continuation whose follow-up
        # finds the passage just quoted is answered there, not by whatever the words alone find.
        if follow is not None and (
            _POSSESSIVE.search(part)
            or (pointing and again and not follow.query.shape.which)
            or (again and opens_as_continuation(ask))
        ):
            return [follow]
        # "what do they teach?" names nothing but an aspect: it asks it of what was just named
        first = (
            not starts_ask(part)
            or names_only_an_aspect(part)
            or elides_its_noun(part)
            or pointing
            or (
                is_elliptical(part)
                and follow is not None
                and literal is not None
                and follow.confidence > literal.confidence
            )
        )
        # "I'm an SRE. Which level is recommended for my role, and which path would suit me?": a
        # part about the asker, pointing at nothing said, is asked of the situation they gave.
        if context and literal is not None and ASKER.search(part) and not pointing:
            first = False
        # "…how long does foundation take, and how should I structure those weeks?": a part whose
        # best passages are one section of several subjects (each level's preparation plan) leaves
        # the subject to the part before.
        first = first or (follow is not None and literal is not None and self.leaves_the_subject(literal))
        order: tuple[Found | None, ...] = (follow, literal) if first else (literal, follow)
        if pointing and named:
            # "What exactly is the Certified MLOps Manager, and who is it meant for?": "it" is what
            # the part before named, in the words its passage's headings share with it
            order = (lookup.find(named), *order)
        # The context may steer a part back to the passage the part before was answered from
        # ("We're an Azure shop…": both asks find the tools FAQ); then the part alone comes last.
        if contextual is not None and contextual.candidates and contextual.candidates[0].chunk.id == quoted:
            order = (*order, lookup.find(part))
        return [r for r in order if r is not None]

    def in_its_document(self, found: Found, parent: tuple[str, ...]) -> Found:
        """A reading whose runner-up is a section of the document the part before was answered from
        (beside the passage quoted), nearly as good as its best, with that section first: a
        message's asks stay in one document ("what is same-track progression, and what does the
        leadership route involve?")."""
        if len(found.candidates) < 2 or not is_dataclass(found):
            return found
        best, runner_up, *rest = found.candidates
        if (
            best.chunk.breadcrumb[:-1] == parent
            or runner_up.chunk.breadcrumb[:-1] != parent
            or best.score - runner_up.score > self.tuning.document_margin
        ):
            return found
        return replace(found, candidates=[runner_up, best, *rest])

    def leaves_the_subject(self, found: Found) -> bool:
        """Whether a reading names no level of its own and its two best passages are the same
        section of two documents."""
        if len(found.candidates) < 2 or found.query.entities.get("level"):
            return False
        one, other = found.candidates[:2]
        return self.name.catalog.one_section_of_two(one.number, other.number)

    def __call__(self, found: Found, lookup: Lookup, covered: bool = True) -> Composition:
        context = " ".join(c for c in (found.query.context, found.query.shape.context) if c)
        whole = found if covered else None
        blocks: list[Block] = []
        seen: set[tuple[str, str]] = set()
        before: Found | None = None
        quoted: str | None = None  # the passage the part before was answered from
        asked_before = ""  # the part before, as asked
        parts = found.query.shape.parts
        # "im an sre, which path and which school…": what the first ask was led into with is
        # said of the asks after it too
        lead = lead_in(parts[0]) if len(parts) > 1 else ""
        for at, part in enumerate(parts):
            if at == 1 and lead:
                context = f"{context} {lead}.".strip()  # a sentence of its own, as context is
            if (
                before is not None
                and quoted is not None
                and self.of_the_same(part, before, quoted, lookup, blocks, seen)
            ):
                continue
            asked = part
            if before is not None and quoted is not None:
                part = one_as_said(part, asked_before, before, quoted, self.name.catalog)
            named = named_again(part, before, quoted, self.name.catalog) if before and quoted else None
            readings = self.readings(part, context, before, lookup, whole, quoted, named)
            if (
                before is not None
                and quoted is not None
                and (last := candidate_of(before, quoted)) is not None
            ):
                readings = [self.in_its_document(r, last.chunk.breadcrumb[:-1]) for r in readings]
            asked_before = asked
            if not readings:
                blocks.append(Block((), asked, "asked"))
                continue
            # The first reading that says something not yet quoted answers the part; when none
            # does, what was quoted already answers it.
            before, quoted = readings[0], None
            for own in readings:
                added = self.add(own, lookup, blocks, seen)
                if added is not None:
                    before, quoted = own, added
                    break
        return Composition("parts", tuple(blocks[: self.tuning.max_blocks]))

    def of_the_same(
        self,
        part: str,
        before: Found,
        quoted: str,
        lookup: Lookup,
        blocks: list[Block],
        seen: set[tuple[str, str]],
    ) -> bool:
        """Answer a part that names nothing but an aspect ("…, and what do they teach?") from the
        passage the part before was answered from, when that passage holds the kind of fact the
        part asks for (not "…, and how long does it take?" of a list of skills). Whether it did."""
        if not names_only_an_aspect(part) or pointed_kind(part) is not None:
            return False  # "…, and what does that level validate?" points at a subject, maybe another
        candidate = candidate_of(before, quoted)
        own = lookup.read(part)
        if own.query.shape.which:
            return False  # "…, and which provider teaches it?" picks another thing, not an aspect of it
        kinds = (*own.query.wanted, *own.query.steering)
        if candidate is None or not all(has_evidence(k, candidate.chunk.text) for k in kinds):
            return False
        if self.has_a_section_for(candidate.number, own.query.entities.get("section")):
            return False  # "…, and what skills would I gain there?" asks for another section
        if own.query.entities.get("section") and not self.has_a_column_for(
            candidate.number, own.query.tokens
        ):
            return False  # a roles-table row holds no skills: "…, and what skills will I gain from it?"
        fresh = [
            p for p in self.name.passage(own.query, [candidate], own.vector) if (quoted, p.text) not in seen
        ]
        seen.update((quoted, p.text) for p in fresh)
        at = next(
            (i for i, b in enumerate(blocks) if any(p.candidate.chunk.id == quoted for p in b.picked)), None
        )
        if fresh and at is not None:
            blocks[at] = merged(blocks[at], fresh)
        return True

    def has_a_section_for(self, number: int, sections: frozenset[str]) -> bool:
        """Whether a passage has a sibling headed by one of the sections asked for (a level's
        "Skills you'll gain" beside its "What it is"); a provider's paragraph has none."""
        catalog = self.name.catalog
        for group in catalog.group_of.get(number, []):
            if group.table is None and all(
                catalog.chunks[m].breadcrumb[:-1] == catalog.chunks[number].breadcrumb[:-1]
                for m in group.members
            ):
                for m in group.members:
                    if m != number and detect(catalog.chunks[m].breadcrumb[-1]).get("section") & sections:
                        return True
        return False

    def has_a_column_for(self, number: int, tokens: Sequence[str]) -> bool:
        """Whether a passage can hold what a part asks of it: any passage but a table's row, or a row
        whose table has a column named by the part's words ("skills" of the tracks table)."""
        group = self.name.catalog.table_of(number)
        if group is None or group.table is None:
            return True
        return bool(set(tokens) & group.table.column_words())

    def add(self, own: Found, lookup: Lookup, blocks: list[Block], seen: set[tuple[str, str]]) -> str | None:
        """Add what a reading of a part quotes that is not quoted yet: a passage already quoted
        gains its sentences for this part in its own block. The first passage added from, if any."""
        quoted = {p.candidate.chunk.id: i for i, b in enumerate(blocks) for p in b.picked}
        composition = self.single(own, lookup)
        added: str | None = None
        for block in composition.blocks:
            fresh = [p for p in block.picked if (p.candidate.chunk.id, p.text) not in seen]
            if not fresh:
                continue  # two parts answered by the same sentences: quote them once
            seen.update((p.candidate.chunk.id, p.text) for p in fresh)
            added = added or fresh[0].candidate.chunk.id
            at = quoted.get(fresh[0].candidate.chunk.id)
            if at is not None and all(p.candidate.chunk.id == fresh[0].candidate.chunk.id for p in fresh):
                blocks[at] = merged(blocks[at], fresh)
            elif block.label is not None:
                blocks.append(Block(tuple(fresh), block.label, block.source))
            else:
                blocks.append(self.name.block(fresh, always=True))
        return added


def merged(block: Block, more: list[Picked]) -> Block:
    """A block with more sentences of its own passage, in the passage's own order."""
    picked = [*block.picked, *more]
    chunk = more[0].candidate.chunk
    order = {s: i for i, s in enumerate(chunk.sentences)}
    picked.sort(key=lambda p: order.get(p.text, -1) if p.candidate.chunk.id == chunk.id else -1)
    return Block(tuple(picked), block.label, block.source)
