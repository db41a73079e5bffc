"""The concise plan: say only what answers.

"Does DevOpsSchool provide labs?" is answered by one sentence of a five-sentence provider
paragraph; the answer quotes that sentence, and at most the one beside it that it cannot do
without ("This ensures…" after it, or the statement a "However…" qualifies), not the paragraph.
The plan answers a question whose grammar asks one thing (a yes/no question, or one asking for a
kind of fact) and that names one property of a long passage's subject: a word the passage's
headings do not have and that is not just a way of asking what the passage says ("What does
DevOpsSchool offer?" asks for all of it), when one sentence says that property clearly more
than the others ("Is DevOpsSchool any good?" is answered by the whole paragraph). A list is
still given whole, and so is a passage that is short already, an FAQ answer or a table row:
those are answers as a whole.

The sentence is chosen by the property alone: the question without the words its passage's
headings say. Every sentence of the DevOpsSchool paragraph is about DevOpsSchool, and the one
that names it would otherwise win over the one about its labs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.answer.plans import Composition, Found, Picked
from bot.answer.plans.catalog import leans_back
from bot.answer.plans.name import NamePlan
from bot.answer.plans.passage import beyond_headings, is_list_item, sentence_scores
from bot.answer.query import Query
from bot.answer.tuning import PassageTuning, PlanTuning
from bot.answer.vector_cache import Vector
from index.artifact import Artifact
from index.chunk import Chunk
from index.keywords import normalize, tokenize

# Verbs that ask what a passage says of its subject at large ("What does the SRE path cover?",
# "what do they teach?"): the grammar of asking, not a property of the subject.
_ASKING = frozenset(
    tokenize(
        "about cover offer provide teach include contain involve focus mean describe explain say tell "
        "learn know give get"
    )
)
# A sentence that leans on the statement before it: a connective ("However, …") or a demonstrative
# standing for that statement ("This ensures…", "That is exactly…"); "This path…" names a thing.
_CONNECTIVE = r"(?:however|but|yet|still|so|thus|therefore|hence|instead|otherwise|as a result|in turn)\b"
_STATEMENT = r"(?:this|that)\s+(?:is|isn't|was|has|can|will|would|may|might|must|should|[a-z]+s)\b"
_LEANS_ON_THE_STATEMENT = re.compile(rf"^(?:{_CONNECTIVE}|{_STATEMENT})")
_WORD = re.compile(r"\S+")
# A denial ("…a simple badge to post on social media, this isn't it.") goes on to say what it is
# instead, in a sentence that names it by a pronoun ("This certification requires…").
_DENIAL = re.compile(r"\b(?:not|isn't|aren't|wasn't|doesn't|don't|never|no)\b", re.IGNORECASE)


def leans_on_the_statement(sentence: str) -> bool:
    """Whether a sentence only makes sense after the one before it."""
    return _LEANS_ON_THE_STATEMENT.match(normalize(sentence).strip()) is not None


def property_words(query: Query, chunk: Chunk, *, told: bool = False) -> set[str]:
    """What the question asks of the passage's subject: its content words (and with `told`, those of
    what the learner told of themselves) that the passage's headings do not have and that are not a
    way of asking what the passage says."""
    said = {*query.tokens, *(tokenize(query.context) if told else ())}
    return beyond_headings(chunk, said) - _ASKING


def without_the_subject(text: str, chunk: Chunk) -> str:
    """The question without the words the passage's headings say: what it asks of the subject."""
    headings = set(tokenize(" ".join((chunk.title, *chunk.breadcrumb))))
    return " ".join(w for w in _WORD.findall(text) if not set(tokenize(w)) & headings)


class ConcisePlan:
    """One sentence of a long passage, with the one that completes it, named when it leaves its
    subject unsaid."""

    def __init__(
        self,
        artifact: Artifact,
        embed: Callable[[str], Vector],
        name: NamePlan,
        passage: PassageTuning,
        tuning: PlanTuning,
    ) -> None:
        self.artifact = artifact
        self.embed = embed  # the question's model (cached): the property is embedded on its own
        self.name = name
        self.passage = passage
        self.tuning = tuning

    def is_long(self, chunk: Chunk) -> bool:
        """A prose section with more sentences than a concise answer quotes."""
        sentences = chunk.sentences
        return (
            chunk.kind == "section"
            and len(sentences) > self.tuning.concise_sentences
            and not all(is_list_item(chunk, s) for s in sentences)
        )

    def applies(self, found: Found) -> bool:
        """Whether the question, by its grammar, asks one thing of its best passage's subject, and
        that passage is long: a yes/no question, or one that asks for a kind of fact ("how long",
        "what score"), naming a property. Lists, "which", order and comparison questions have
        plans of their own."""
        query = found.query
        shape = query.shape
        if shape.listing or shape.which or shape.order is not None or shape.compares or not found.candidates:
            return False
        asks_one_thing = shape.yes_no or bool(query.wanted or query.steering)
        chunk = found.candidates[0].chunk
        return asks_one_thing and self.is_long(chunk) and bool(property_words(query, chunk))

    def best_sentence(self, found: Found) -> int | None:
        """The sentence that says the property asked about, when one stands out from the others by
        the margin; None when the property is spread over the passage ("is it any good?")."""
        candidate = found.candidates[0]
        chunk, query = candidate.chunk, found.query
        # What the learner told of themselves is what "is it the way to go?" is asked against: "I
        # want to specialise where data science meets engineering" is matched by the sentence for
        # "specialists in the intersection of data science and engineering".
        asked = self.embed(without_the_subject(f"{query.context} {query.text}".strip(), chunk))
        scores = sentence_scores(
            self.artifact, candidate, property_words(query, chunk, told=True), asked, self.passage
        )
        first, second = sorted(range(len(scores)), key=lambda i: -scores[i])[:2]
        return first if scores[first] - scores[second] >= self.tuning.concise_margin else None

    def __call__(self, found: Found) -> Composition | None:
        if not self.applies(found):
            return None
        best = self.best_sentence(found)
        if best is None:
            return None
        candidate = found.candidates[0]
        sentences = candidate.chunk.sentences
        chosen = [best]
        if best > 0 and leans_on_the_statement(sentences[best]):
            chosen = [best - 1, best]
        elif best + 1 < len(sentences) and (
            sentences[best].rstrip().endswith(":")
            or leans_on_the_statement(sentences[best + 1])
            or (_DENIAL.search(normalize(sentences[best])) is not None and leans_back(sentences[best + 1]))
        ):
            chosen = [best, best + 1]
        chosen = chosen[: self.tuning.concise_sentences]
        picked = [
            Picked(sentences[i], candidate, is_list_item(candidate.chunk, sentences[i])) for i in chosen
        ]
        return Composition("concise", (self.name.block(picked),))
