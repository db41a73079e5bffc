"""The blind dev check: what it counts, on a small set whose answers are known."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.answer.answerer import Answerer
from bot.config import Settings
from evals.dev_check import DEFAULT_SET, DEV_SETS, main, measure
from tests.evals.conftest import Printed
from tests.evals.questions import PROCTORED


def test_it_counts_first_answered_and_declined(answerer: Answerer, tmp_path: Path) -> None:
    path = tmp_path / "dev.yaml"
    inside = [
        {"q": "Is the exam proctored?", "expected": PROCTORED},
        {
            "q": "Is the exam proctored?",
            "expected": "level-foundation/certified-mlops-manager-foundation-level",
        },
    ]
    outside = [
        "What is the capital of Australia?",
        "hi",
    ]  # the second is small talk: declined before retrieval
    path.write_text(yaml.safe_dump({"in_scope": inside, "out_of_scope": outside}), encoding="utf-8")
    f = measure(answerer, path)
    assert (f.in_scope, f.out_of_scope) == (2, 2)
    assert (f.first, f.answered, f.answered_first, f.declined) == (0.5, 1.0, 0.5, 1.0)
    assert (f.cited, f.uncited) == (1.0, {})


def test_it_counts_answers_that_cite_no_answering_passage_by_plan(answerer: Answerer, tmp_path: Path) -> None:
    """Retrieval ranks the tracks table's managerial row first, yet the table plan reads "first"
    as a position and quotes the first row: the answered-first question cites none of its passages.
    (If the table plan learns to read this "first" as an adverb, choose another such question.)"""
    row = "tracks-and-levels/certified-mlops-manager-certification-tracks-levels/"
    row += "complete-certified-mlops-manager-certification-table#row-3"
    path = tmp_path / "dev.yaml"
    inside = [
        {"q": "Is the exam proctored?", "expected": PROCTORED},
        {"q": "top tier in the table, what do i need first", "expected": row},
    ]
    path.write_text(yaml.safe_dump({"in_scope": inside, "out_of_scope": []}), encoding="utf-8")
    f = measure(answerer, path)
    assert f.answered_first == 1.0
    assert (f.cited, f.uncited) == (0.5, {"table": 1})


def test_it_counts_two_passage_questions_answered_citing_both(answerer: Answerer, tmp_path: Path) -> None:
    paths = "learning-paths/choose-your-learning-path/"
    faq = "faq-general/frequently-asked-questions-general/"
    path = tmp_path / "dev.yaml"
    inside = [
        {"q": "DevSecOps path or FinOps path, what does each one cover?",
         "expected": [f"{paths}devsecops-path#0", f"{paths}finops-path#0"]},
        # Answered from the prerequisites FAQ alone: the second passage is not cited.
        {"q": "Are there any prerequisites for the foundation level?",
         "expected": [f"{faq}are-there-any-prerequisites-for-the-foundation-level#0", f"{paths}sre-path#0"]},
        {"q": "Is the exam proctored?", "expected": PROCTORED},
    ]  # fmt: skip
    path.write_text(yaml.safe_dump({"in_scope": inside, "out_of_scope": []}), encoding="utf-8")
    f = measure(answerer, path)
    assert (f.pairs, f.both) == (2, 0.5)


def test_the_dev_sets_stay_out_of_every_fit() -> None:
    assert DEFAULT_SET in DEV_SETS and all(path.is_file() for path in DEV_SETS)
    fitted = {path.name for path in Settings().adapter_questions}
    assert not fitted & {path.name for path in DEV_SETS}


def test_the_command_prints_one_line(printed: Printed, tmp_path: Path) -> None:
    path = tmp_path / "dev.yaml"
    path.write_text(yaml.safe_dump({"in_scope": [{"q": "Is the exam proctored?", "expected": PROCTORED}]}))
    out = printed(main, [str(path)])
    assert "in scope 1: first 1.000" in out and "of those citing one 1.000;" in out
    assert "answered by two passages" not in out  # no such question in this set
