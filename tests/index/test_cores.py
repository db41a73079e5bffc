"""The cores a process may use, with and without an affinity."""

from __future__ import annotations

import os

import pytest

from index.cores import usable_cores


def test_with_an_affinity_the_cores_are_those_it_allows() -> None:
    assert usable_cores() == len(os.sched_getaffinity(0))


def test_without_an_affinity_the_cores_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity")  # as on macOS
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert usable_cores() == 3
