"""The ranking's out-of-fold fit: every in-scope question is retrieved with an adapter that never saw it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import evals.rank_fit as rank_fit
from bot.answer.answerer import Answerer
from bot.answer.ranking import RANK_FEATURES
from tests.evals.questions import ANSWERABLE, EXPIRE


def test_each_question_is_held_out_of_its_adapter(
    answerer: Answerer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = tmp_path / "tuning.yaml"
    inside = [*ANSWERABLE, {"q": "a passage this corpus lacks", "expected": "removed/section"}]
    conversations = [
        {"turns": ["Is the exam proctored?", "and does the certificate expire?"], "expected": EXPIRE},
        {"turns": ["hi", "thanks"], "expected": EXPIRE},  # the last turn is small talk: no candidates
    ]
    questions.write_text(
        yaml.safe_dump(
            {"in_scope": inside, "out_of_scope": ["what's the weather?"], "followups": conversations}
        ),
        encoding="utf-8",
    )
    seen: list[set[str]] = []
    real = rank_fit.fit_for_build

    def recording(*args: Any) -> Any:
        seen.append({e.question for e in args[3]})
        return real(*args)

    banks: list[int] = []
    real_bank = rank_fit.ExampleBank.build

    def recording_bank(*args: Any) -> Any:
        bank = real_bank(*args)
        banks.append(len(bank.chunks))
        return bank

    monkeypatch.setattr(rank_fit, "fit_for_build", recording)
    monkeypatch.setattr(rank_fit.ExampleBank, "build", recording_bank)
    lists, targets = rank_fit.out_of_fold(answerer, [questions, tmp_path / "absent.yaml"], folds=2)

    # Four answerable questions and one conversation; the missing passage and the small talk drop out.
    assert len(lists) == len(targets) == 5
    assert all(
        t.any() and len(x) == len(t) and x.shape[1] == len(RANK_FEATURES)
        for x, t in zip(lists, targets, strict=True)
    )
    asked = {q["q"] for q in inside[:4]} | {"what's the weather?"}
    assert len(seen) == 2 and seen[0] | seen[1] == asked and not seen[0] & seen[1]
    # Each fold's example bank holds only the in-scope questions its adapter was fitted on.
    assert banks == [len(fold - {"what's the weather?"}) for fold in seen]
