"""The eval gate: it holds for the shipped tutor, and a broken retriever makes it fail."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.answer.answerer import Answerer
from bot.answer.candidate import Candidate
from bot.answer.retrieve import Retriever
from bot.cli import app
from bot.config import Settings
from evals.dataset import StaleDataset, check_against_index, load_dataset
from evals.gate import check, load_baseline, load_thresholds
from evals.report import write_reports
from evals.runner import run


@pytest.fixture(scope="module")
def cases():  # type: ignore[no-untyped-def]
    return load_dataset()


def test_the_dataset_is_big_enough_and_matches_the_index(cases, answerer: Answerer) -> None:  # type: ignore[no-untyped-def]
    kinds = {k: [c for c in cases if c.kind == k] for k in ("faq", "curriculum", "followup", "out_of_scope")}
    faq_entries = {c.id.split("#")[0] for c in kinds["faq"]}
    assert len(faq_entries) == 20
    for entry in faq_entries:  # its own question plus at least three paraphrases
        assert sum(c.id.startswith(entry + "#") for c in kinds["faq"]) >= 4
    assert len(kinds["curriculum"]) >= 40
    assert len(kinds["followup"]) >= 10 and all(len(c.turns) >= 2 for c in kinds["followup"])
    assert len(kinds["out_of_scope"]) >= 30
    check_against_index(cases, {c.id for c in answerer.retriever.artifact.chunks})


def test_stale_cases_fail_loudly(cases) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StaleDataset) as info:
        check_against_index(cases, {"only/this#0"})
    assert "faq-general-01#0: faq-general/" in str(info.value)


def test_the_shipped_tutor_passes_the_gate(cases, answerer: Answerer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runs = run(answerer, cases, ("hybrid",))
    gate = check(runs["hybrid"], load_thresholds(), load_baseline())
    assert gate.ok, gate.failures + gate.regressions
    paths = write_reports(runs, gate, {"build_id": "test"}, tmp_path)
    assert [p.name for p in paths] == ["report.json", "report.md", "accuracy.png", "junit.xml"]
    assert json.loads(paths[0].read_text())["gate"]["ok"] is True
    assert paths[2].read_bytes().startswith(b"\x89PNG")
    assert f'tests="{len(cases)}"' in paths[3].read_text()


def test_a_shuffled_retriever_fails_the_gate(
    cases, answerer: Answerer, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    real_search = Retriever.search

    def shuffled(self: Retriever, *args, **kwargs) -> list[Candidate]:  # type: ignore[no-untyped-def]
        candidates = real_search(self, *args, **kwargs)
        random.Random(7).shuffle(candidates)
        return candidates

    monkeypatch.setattr(Retriever, "search", shuffled)
    broken = run(answerer, cases, ("hybrid",))["hybrid"]
    gate = check(broken, load_thresholds(), load_baseline())
    assert not gate.ok
    assert any("recall_at_3" in f for f in gate.failures)
    assert len(gate.regressions) > 50


def test_eval_cli_updates_a_baseline_on_purpose(
    base_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    env = {
        "TUTOR_INDEX_DIR": str(base_settings.index_dir),
        "TUTOR_CACHE_DIR": str(base_settings.cache_dir),
    }
    baseline = tmp_path / "baseline.json"
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "--mode",
            "hybrid",
            "--update-baseline",
            "--baseline",
            str(baseline),
            "--reports",
            str(tmp_path),
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(baseline.read_text())
    assert data["config"] == "hybrid" and len(data["cases"]) > 250
    rerun = CliRunner().invoke(
        app, ["eval", "--mode", "hybrid", "--baseline", str(baseline), "--reports", str(tmp_path)], env=env
    )
    assert rerun.exit_code == 0 and "flipped" not in rerun.output
    assert "by curriculum part" in rerun.output
