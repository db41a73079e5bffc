"""Publishing under contention: one builder at a time, no older corpus over a newer one, no leftovers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import Settings
from bot.runtime import IndexHolder, ReindexBusy
from index.artifact import read_manifest
from index.encoder import Encoder
from ingest.build import BuildOptions, build
from ingest.publish import LOCK, BuildBusy, StaleSnapshot

HOLD = "import sys, time; from filelock import FileLock; lock = FileLock(sys.argv[1]); lock.acquire(); print('held', flush=True); time.sleep(60)"


def test_a_second_builder_waits_for_the_first(
    options: BuildOptions, encoder: Encoder, settings: Settings
) -> None:
    """Another process holds the build lock: a server's rebuild is refused at once, a build gives up."""
    options.index_dir.mkdir(parents=True)
    holder_process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(options.index_dir / LOCK)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder_process.stdout is not None and holder_process.stdout.readline().strip() == "held"
        with pytest.raises(BuildBusy, match="another build"):
            build(options, encoder=encoder, lock_wait=0.2)
        server = IndexHolder(
            settings.model_copy(update={"index_dir": options.index_dir, "corpus_dir": options.corpus_dir}),
            encoder=encoder,
        )
        with pytest.raises(ReindexBusy, match="another build"):
            server.reindex()
        assert read_manifest(options.index_dir) is None  # nothing was published
    finally:
        holder_process.kill()
        holder_process.communicate()
    assert build(options, encoder=encoder).manifest.chunks > 0  # the lock went with the process


def test_a_build_from_an_older_corpus_is_refused(
    options: BuildOptions, encoder: Encoder, tmp_path: Path
) -> None:
    """A copy of the corpus taken before a file was deleted, built after the deletion was published."""
    stale = tmp_path / "stale-corpus"
    subprocess.run(["cp", "-a", str(options.corpus_dir), str(stale)], check=True)  # keeps the files' times
    time.sleep(0.01)
    (options.corpus_dir / "final-thoughts.md").unlink()
    published = build(options, encoder=encoder).manifest
    with pytest.raises(StaleSnapshot, match=r"refused to publish .* the published build stays"):
        build(replace(options, corpus_dir=stale), encoder=encoder)
    assert read_manifest(options.index_dir) == published
    rolled_back = build(replace(options, corpus_dir=stale, allow_older=True), encoder=encoder)
    assert "final-thoughts.md" in rolled_back.manifest.files  # on purpose, it may


def test_ingest_reports_the_refusal(options: BuildOptions, encoder: Encoder, tmp_path: Path) -> None:
    stale = tmp_path / "stale-corpus"
    subprocess.run(["cp", "-a", str(options.corpus_dir), str(stale)], check=True)
    (options.corpus_dir / "extra.md").write_text("---\ntitle: Extra\n---\n# Extra\n\nA new section.\n")
    build(options, encoder=encoder)
    env = {"TUTOR_INDEX_DIR": str(options.index_dir), "TUTOR_CACHE_DIR": str(options.cache_dir),
           "TUTOR_CORPUS_DIR": str(stale)}  # fmt: skip
    result = CliRunner().invoke(app, ["ingest"], env=env)
    assert (
        result.exit_code == 3 and "refused to publish" in result.output and "--allow-older" in result.output
    )


def test_leftovers_of_a_killed_build_go_at_the_next_build(options: BuildOptions, encoder: Encoder) -> None:
    build(options, encoder=encoder)
    leftover = options.index_dir / "builds" / ".tmp-killed"
    leftover.mkdir()
    (leftover / "chunks.jsonl").write_text("half\n")
    link = options.index_dir / ".current-killed"
    os.symlink("builds/killed", link)
    build(options, encoder=encoder)
    assert not leftover.exists() and not link.is_symlink()
