"""The index holder: a published build that will not load is tried again with back-off, and reported."""

from __future__ import annotations

import gc
import logging
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from index.encoder import Encoder


def publish_corrupt(index: Path) -> str:
    """Publish a copy of the build in service whose views point at chunks that do not exist."""
    good = (index / "current").resolve()
    bad = index / "builds" / f"{good.name}-corrupt"
    shutil.copytree(good, bad)
    np.save(bad / "views.npy", np.load(bad / "views.npy") + 10_000)
    os.symlink(Path("builds") / bad.name, index / ".current-corrupt")
    os.replace(index / ".current-corrupt", index / "current")
    return bad.name


def test_a_bad_build_is_retried_with_back_off_and_reported(
    settings: Settings, encoder: Encoder, corpus_index: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    index = tmp_path / "index"
    good = (corpus_index / "current").resolve()
    shutil.copytree(good, index / "builds" / good.name)
    os.symlink(Path("builds") / good.name, index / "current")
    own = settings.model_copy(update={"index_dir": index})
    holder = IndexHolder(own, encoder=encoder)
    holder.load()
    bad = publish_corrupt(index)
    caplog.set_level(logging.ERROR, logger="bot.runtime")
    assert [holder.reload_if_changed() for _ in range(5)] == [False] * 5
    tries = [r for r in caplog.records if bad in r.getMessage()]
    assert len(tries) == 1  # once, not on every poll
    assert holder.ready and holder.manifest.build_id == good.name  # the good build answers on
    with TestClient(create_app(own, holder=holder)) as client:
        ready = client.get("/readyz")
        assert client.post("/chat", json={"message": "What is the passing score?"}).status_code == 200
    body = ready.json()
    assert ready.status_code == 200 and body["build_id"] == good.name
    published = body["published"]  # the app's own watcher may have tried once more meanwhile
    assert published["build_id"] == bad and published["attempts"] >= 1
    assert published["problem"] == "the published index is inconsistent with its manifest"
    assert 0 <= published["retry_in_seconds"] <= 2 ** published["attempts"] * own.index_watch_seconds


def test_the_index_in_service_is_out_of_the_collector_s_way(settings: Settings, encoder: Encoder) -> None:
    """A full collection walked the whole index, stalling every request for it (bot/heap.py)."""
    holder = IndexHolder(settings, encoder=encoder)
    chunks = holder.load().retriever.artifact.chunks
    assert gc.get_freeze_count() > len(chunks)
    assert not any(o is chunks for o in gc.get_objects())  # frozen: no collection walks it
