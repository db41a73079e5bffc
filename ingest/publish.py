"""Writing a build and publishing it atomically: the write side of the index format (index/artifact.py)."""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import faiss
import numpy as np
import numpy.typing as npt
from filelock import FileLock, Timeout

from index.adapter import QueryAdapter
from index.artifact import BUILDS, CURRENT, KEEP_BUILDS
from index.chunk import Chunk
from index.examples import ExampleBank
from index.keywords import KeywordIndex
from index.manifest import Manifest
from index.practice import Item, write_items
from index.vocabulary import Vocabulary
from ingest.vectors import save_index

log = logging.getLogger(__name__)

LOCK = ".build.lock"  # in the index folder: one builder at a time, whichever process or replica


class PublishRefused(Exception):
    """A build was not published; the build in service stays. The text says why and what to do."""


class BuildBusy(PublishRefused):
    """Another builder holds the build lock."""


class StaleSnapshot(PublishRefused):
    """The build was made from a corpus older than the published build's."""


@contextmanager
def build_lock(index_dir: Path, wait: float) -> Iterator[None]:
    """Hold the index folder's build lock (a file lock, across processes) for a whole build, from reading
    the corpus to publishing; BuildBusy after `wait` seconds (0: at once). On taking it, the leftovers of
    builds that were killed half-way are removed: no other builder can be writing them."""
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(index_dir / LOCK)
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise BuildBusy(
            f"another build of {index_dir}/ is running (tutor ingest, /admin/reindex or another replica); "
            "try again when it has finished"
        ) from None
    try:
        _remove_leftovers(index_dir)
        yield
    finally:
        lock.release()


def _remove_leftovers(index_dir: Path) -> None:
    """Temporary build folders and symlinks that a killed build left behind."""
    for leftover in [*(index_dir / BUILDS).glob(".tmp-*"), *index_dir.glob(f".{CURRENT}-*")]:
        if leftover.is_symlink() or leftover.is_file():
            leftover.unlink(missing_ok=True)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
        log.info("removed %s, left by a build that did not finish", leftover.name)


def write_build(
    folder: Path,
    manifest: Manifest,
    chunks: list[Chunk],
    vectors: faiss.Index,
    view_chunk: npt.NDArray[np.int32],
    sentence_vectors: npt.NDArray[np.float32],
    keywords: KeywordIndex,
    items: list[Item],
    item_vectors: npt.NDArray[np.float32],
    vocabulary: Vocabulary,
    adapter: QueryAdapter,
    examples: ExampleBank,
) -> None:
    """Write every file of a build into `folder` (not yet published)."""
    with (folder / "chunks.jsonl").open("w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(json.dumps(chunk.to_json(), ensure_ascii=False) + "\n")
    np.save(folder / "views.npy", view_chunk.astype(np.int32))
    np.save(folder / "sentences.npy", sentence_vectors.astype(np.float32))
    save_index(vectors, folder / "vectors.faiss")
    keywords.save(folder / "bm25")
    write_items(folder / "items.jsonl", items)
    np.save(folder / "items.npy", item_vectors.astype(np.float32))
    vocabulary.write(folder)
    adapter.write(folder)
    examples.write(folder)
    manifest.write(folder / "manifest.json")  # last: a build without a manifest is incomplete


def publish(index_dir: Path, build_id: str, write: Callable[[Path], None]) -> Path:
    """Write a build into a temporary folder, then publish it atomically.

    The build folder is renamed into place, then the `current` symlink is replaced with
    os.replace (an atomic rename), so readers see the old build or the new one, never a mix.
    If `write` raises, the temporary folder is removed and `current` is untouched.
    """
    builds = index_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    tmp = builds / f".tmp-{build_id}"
    final = builds / build_id
    try:
        tmp.mkdir()
        write(tmp)
        _fsync_tree(tmp)
        os.rename(tmp, final)
        link_tmp = index_dir / f".{CURRENT}-{build_id}"
        os.symlink(Path(BUILDS) / build_id, link_tmp)
        os.replace(link_tmp, index_dir / CURRENT)
        _fsync_dir(index_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        (index_dir / f".{CURRENT}-{build_id}").unlink(missing_ok=True)
    _prune(builds, keep=build_id)
    return final


def _prune(builds: Path, keep: str) -> None:
    """Remove old builds beyond KEEP_BUILDS (leftovers of killed builds go when the next one starts)."""
    done = sorted(
        (p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in [p for p in done if p.name != keep][KEEP_BUILDS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
        log.debug("pruned old build %s", old.name)


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def build_size(build: Path) -> int:
    """Bytes on disk of one build."""
    return sum(p.stat().st_size for p in build.rglob("*") if p.is_file())
