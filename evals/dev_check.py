"""How the tutor does on blind development sets that no fit has seen (evals/dev_*.yaml).

    .venv/bin/python -m evals.dev_check [evals/dev_voices.yaml ...]

For the in-scope questions: how often the answering passage ranks first, how often the tutor
answers, and how often it answers with the answering passage first; of those, how often the answer
cites an answering passage (a plan that swaps retrieval's best passage for another shows here). Of
the questions that two passages answer, how often the answer cites both (a comparison or a
two-part question half answered shows here). For the out-of-scope ones, how often it declines. Not
a gate: the eval (`tutor eval`) is the gate; this is a second opinion that cannot have been tuned
to, as long as the sets stay out of `Settings.adapter_questions` and of `tutor calibrate`. Without
arguments it measures every set in DEV_SETS, one line each.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.answer.answerer import Answerer
from ingest.adapter import read_examples

DEFAULT_SET = Path(__file__).parent / "dev_voices.yaml"
# Written by learner-voice writers from the corpus only: facts, siblings and spoken as training sets,
# kept out of every fit once measured; learner_asks and learner_terse (stop 26) as dev sets in the
# voice of learners who use the curriculum's words when they know them (evals/README.md says why).
DEV_SETS = (
    DEFAULT_SET,
    *(
        Path(__file__).parent / f"dev_{name}.yaml"
        for name in ("facts", "siblings", "spoken", "learner_asks", "learner_terse")
    ),
)


@dataclass(frozen=True)
class DevFigures:
    """The dev set's figures; shares are of the in-scope or the out-of-scope questions."""

    in_scope: int
    first: float
    answered: float
    answered_first: float
    out_of_scope: int
    declined: float
    cited: float = 1.0  # of the answers with the answering passage first, the share citing one
    uncited: dict[str, int] = field(default_factory=dict)  # those citing none, by plan
    pairs: int = 0  # in-scope questions that two answering passages or more answer
    both: float = 1.0  # of those, the share answered citing two of them


def measure(answerer: Answerer, path: Path = DEFAULT_SET) -> DevFigures:
    """Ask every question of the set once, with no conversation."""
    chunks = answerer.retriever.artifact.chunks
    examples = read_examples([path], chunks)
    inside = [e for e in examples if e.answers]
    outside = [e.question for e in examples if not e.answers]
    first = answered = answered_first = both = 0
    pairs = [e for e in inside if len(e.answers) >= 2]
    uncited: Counter[str] = Counter()
    for example in inside:
        attempt = answerer.attempt_as_asked(example.question)
        right = (
            attempt is not None
            and bool(attempt.candidates)
            and attempt.candidates[0].number in example.answers
        )
        said = attempt is not None and not answerer.abstains(attempt)
        first += right
        answered += said
        answered_first += said and right
        if attempt is None or not said or not (right or len(example.answers) >= 2):
            continue
        # The attempt is the one answer() would make for the question on its own: compose from it.
        answer = answerer.decide(attempt, trace=False)
        found = {c.id for c in answer.citations} & {chunks[n].id for n in example.answers}
        both += len(found) >= 2
        if right and not found:
            uncited["declined" if answer.abstained else answer.plan] += 1
    declined = 0
    for question in outside:
        attempt = answerer.attempt_as_asked(question)
        declined += attempt is None or answerer.abstains(attempt)
    n, m = max(1, len(inside)), max(1, len(outside))
    cited = 1 - uncited.total() / answered_first if answered_first else 1.0
    return DevFigures(
        len(inside),
        first / n,
        answered / n,
        answered_first / n,
        len(outside),
        declined / m,
        cited,
        dict(uncited),
        len(pairs),
        both / len(pairs) if pairs else 1.0,
    )


def main(argv: list[str]) -> int:
    """Measure the published index with the shipped settings and print one line per set."""
    from bot.config import Settings
    from bot.runtime import IndexHolder

    logging.basicConfig(level=logging.WARNING)
    answerer = IndexHolder(Settings()).load()
    for path in [Path(a) for a in argv] or DEV_SETS:
        f = measure(answerer, path)
        plans = ", ".join(f"{plan} {count}" for plan, count in sorted(f.uncited.items()))
        sys.stdout.write(
            f"{path}: in scope {f.in_scope}: first {f.first:.3f}, answered {f.answered:.3f}, answered with the "
            f"answering passage first {f.answered_first:.3f}, of those citing one {f.cited:.3f}"
            + (f" (not, by plan: {plans})" if plans else "")
            + (f"; of {f.pairs} answered by two passages, citing both {f.both:.3f}" if f.pairs else "")
            + f"; out of scope {f.out_of_scope}: declined {f.declined:.3f}\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
