"""Two asks in one message, joined every way learners join them: are both answered?

    .venv/bin/python -m evals.joiners [PAIRS]

Each message is two of the curriculum's own FAQ questions, so the passage that answers each is
known and retrieval is not what is measured: only how the message is cut into its asks ("A? B?",
"A, and b?", "A; b?", "A - b?", "1) A 2) B", "A? oh and b?", …). A joiner that loses the second
ask shows as failures. The pairs are drawn from the index with a fixed seed, so a run is repeatable.
Not a gate; tests/evals/test_joiners.py holds a sample of it.
"""

from __future__ import annotations

import itertools
import logging
import random
import sys
from collections import Counter
from collections.abc import Callable

from bot.answer.answerer import Answerer
from index.chunk import Chunk

Join = Callable[[str, str], str]


def _lower(question: str) -> str:
    return question[:1].lower() + question[1:]


def _bare(question: str) -> str:
    return question.rstrip("?")


JOINERS: dict[str, Join] = {
    "two questions": lambda a, b: f"{a} {b}",
    ", and": lambda a, b: f"{_bare(a)}, and {_lower(b)}",
    "Also,": lambda a, b: f"{a} Also, {_lower(b)}",
    "+": lambda a, b: f"{_bare(a)} + {_lower(_bare(b))}",
    ";": lambda a, b: f"{_bare(a)}; {_lower(b)}",
    "1) 2)": lambda a, b: f"1) {_bare(a)} 2) {_bare(b)}",
    "oh and": lambda a, b: f"{a} oh and {_lower(b)}",
    "and also": lambda a, b: f"{_bare(a)} and also {_lower(b)}",
    "lower case, no ?": lambda a, b: f"{_lower(_bare(a))} and {_lower(_bare(b))}",
    "two things:": lambda a, b: f"two things: {_lower(_bare(a))}, and {_lower(b)}",
    "btw": lambda a, b: f"{a} btw {_lower(b)}",
    "-": lambda a, b: f"{_bare(a)} - {_lower(b)}",
}


def pairs(answerer: Answerer, count: int, seed: int = 7) -> list[tuple[Chunk, Chunk]]:
    """`count` ordered pairs of FAQ passages of the loaded index, drawn with a fixed seed."""
    faqs = [c for c in answerer.retriever.artifact.chunks if c.question and c.kind == "faq"]
    return random.Random(seed).sample(list(itertools.permutations(faqs, 2)), count)


def failures(answerer: Answerer, drawn: list[tuple[Chunk, Chunk]]) -> dict[str, list[str]]:
    """Per joiner, the messages whose answer does not cite both passages."""
    failed: dict[str, list[str]] = {name: [] for name in JOINERS}
    for one, other in drawn:
        for name, join in JOINERS.items():
            message = join(one.question or "", other.question or "")
            answer, _ = answerer.answer(message)
            cited = {c.id for c in answer.citations}
            if not {one.id, other.id} <= cited:
                failed[name].append(message)
    return failed


def main(argv: list[str]) -> int:
    """Measure the published index with the shipped settings: one line per joiner."""
    from bot.config import Settings
    from bot.runtime import IndexHolder

    logging.basicConfig(level=logging.WARNING)
    answerer = IndexHolder(Settings()).load()
    drawn = pairs(answerer, int(argv[0]) if argv else 60)
    counts = Counter({name: len(found) for name, found in failures(answerer, drawn).items()})
    for name in JOINERS:
        sys.stdout.write(f"{name!r}: {counts[name]} of {len(drawn)} lose an ask\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
