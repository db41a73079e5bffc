"""The blind key-fact check: what it judges, on a small set whose answers are known."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
import yaml

from bot.answer.answerer import Answerer
from bot.config import Settings
from evals.blind_facts import BLIND_SETS, load_blind, main, measure
from evals.dataset import StaleDataset
from tests.evals.conftest import Printed
from tests.evals.questions import PROCTORED

PATHS = "learning-paths/choose-your-learning-path/"


def _write(
    tmp_path: Path, inside: Sequence[Mapping[str, object]], outside: Sequence[Mapping[str, str]]
) -> Path:
    path = tmp_path / "blind_test.yaml"
    path.write_text(
        yaml.safe_dump({"in_scope": list(map(dict, inside)), "out_of_scope": list(map(dict, outside))}),
        encoding="utf-8",
    )
    return path


def test_it_judges_facts_citations_and_declines(answerer: Answerer, tmp_path: Path) -> None:
    inside = [
        {"id": "t-1", "text": "Is the exam proctored?", "expected": f"{PROCTORED}#0",
         "facts": ["secure, proctored online"], "shape": "terse"},
        # The right passage, but a fact it does not hold: the case fails on its facts.
        {"id": "t-2", "text": "Is the exam proctored?", "expected": f"{PROCTORED}#0",
         "facts": ["in a test centre"], "shape": "terse"},
        {"id": "t-3", "text": "DevSecOps path or FinOps path, what does each one cover?",
         "expected_all": [f"{PATHS}devsecops-path#0", f"{PATHS}finops-path#0"],
         "facts": ["DevSecOps", "FinOps"], "shape": "compare"},
    ]  # fmt: skip
    outside = [
        {"id": "o-1", "text": "What is the capital of Australia?", "category": "near-miss"},
        {"id": "o-2", "text": "How long should I study for the AWS Machine Learning Specialty exam?",
         "category": "other-cert"},
    ]  # fmt: skip
    f = measure(answerer, load_blind(_write(tmp_path, inside, outside)))
    assert (f.in_scope, f.out_of_scope) == (3, 2)
    assert f.key_facts == pytest.approx(2 / 3) and f.by_shape == {"compare": 1.0, "terse": 0.5}
    assert f.declined == 1.0
    assert [r.id for r in f.failures] == ["t-2"] and "missing facts: in a test centre" in f.failures[0].why


def test_a_stale_passage_id_fails_loudly(answerer: Answerer, tmp_path: Path) -> None:
    inside = [
        {"id": "t-1", "text": "Is it proctored?", "expected": "gone#0", "facts": ["x"], "shape": "terse"}
    ]
    with pytest.raises(StaleDataset, match="t-1: gone#0"):
        measure(answerer, load_blind(_write(tmp_path, inside, [])))


def test_the_blind_sets_are_well_formed_and_stay_out_of_every_fit(answerer: Answerer) -> None:
    assert BLIND_SETS, "no evals/blind_*.yaml"
    texts = {chunk.id: chunk.text.lower() for chunk in answerer.retriever.artifact.chunks}
    for path in BLIND_SETS:
        for case in load_blind(path):
            assert all(e in texts for e in case.expected), case.id
            for fact in case.facts:  # every fact is quoted from one of the case's own passages
                assert any(fact.lower() in texts[e] for e in case.expected), (case.id, fact)
    fitted = {path.name for path in Settings().adapter_questions}
    assert not fitted & {path.name for path in BLIND_SETS}


def test_the_command_prints_figures_and_failures(printed: Printed, tmp_path: Path) -> None:
    inside = [{"id": "t-2", "text": "Is the exam proctored?", "expected": f"{PROCTORED}#0",
               "facts": ["in a test centre"], "shape": "terse"}]  # fmt: skip
    out = printed(main, ["--failures", str(_write(tmp_path, inside, []))])
    assert "in scope 1: key facts 0.000 (terse 0.000)" in out
    assert "t-2 [terse] 'Is the exam proctored?': missing facts: in a test centre" in out
