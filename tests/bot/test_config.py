"""Settings whose defaults depend on the machine."""

from __future__ import annotations

import os

import pytest

from bot.config import Settings


def test_answer_threads_default_to_the_cores_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUTOR_ANSWER_THREADS", raising=False)
    assert Settings(_env_file=None).answer_threads == len(os.sched_getaffinity(0))  # type: ignore[call-arg]
