"""Fixtures for building: the options of a build of a private corpus into a private index."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.build import BuildOptions


@pytest.fixture
def options(own_corpus: Path, tmp_path: Path, cache_dir: Path) -> BuildOptions:
    return BuildOptions(own_corpus, tmp_path / "index", cache_dir)
