"""Loading a build: a build whose files do not add up is refused before it can answer anything."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from index.artifact import IndexUnavailable, load_artifact
from index.vocabulary import curriculum_words


def corrupted(index: Path, tmp_path: Path, damage: Callable[[Path], None]) -> Path:
    """A copy of the session's published index with one file of its build damaged."""
    copy = tmp_path / "index"
    build = (index / "current").resolve()
    shutil.copytree(build, copy / "builds" / build.name)
    os.symlink(Path("builds") / build.name, copy / "current")
    damage(copy / "builds" / build.name)
    return copy


def _views(change: Callable[[np.ndarray], np.ndarray]) -> Callable[[Path], None]:  # type: ignore[type-arg]
    def damage(build: Path) -> None:
        np.save(build / "views.npy", change(np.load(build / "views.npy")))

    return damage


def _bank(
    change: Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]],  # type: ignore[type-arg]
) -> Callable[[Path], None]:
    def damage(build: Path) -> None:
        with np.load(build / "examples.npz") as data:
            vectors, chunks, outside = change(data["vectors"], data["chunks"], data["outside"])
            words = data["words"]
        np.savez(build / "examples.npz", vectors=vectors, chunks=chunks, outside=outside, words=words)

    return damage


def _neighbours(change: Callable[[dict[str, np.ndarray]], dict[str, np.ndarray]]) -> Callable[[Path], None]:  # type: ignore[type-arg]
    def damage(build: Path) -> None:
        with np.load(build / "neighbours.npz") as data:
            arrays = {name: data[name] for name in data.files}
        np.savez(build / "neighbours.npz", **change(arrays))

    return damage


@pytest.mark.parametrize(
    ("damage", "found"),
    [
        (
            _views(lambda v: v + 10_000),
            "points at chunks",
        ),  # well-formed, pointing at chunks that do not exist
        (_views(lambda v: v - 10_000), "points at chunks"),
        (_views(lambda v: v[:-1]), "views.npy has shape"),
        (_views(lambda v: v.astype(np.float32)), "not integers"),
        (
            lambda b: np.save(b / "sentences.npy", np.load(b / "sentences.npy")[:, :10]),
            "sentences.npy has shape",
        ),
        (lambda b: np.save(b / "words.npy", np.load(b / "words.npy")[:-1]), "words.npy has shape"),
        (lambda b: (b / "words.json").write_text('["only"]', encoding="utf-8"), "words.npy has shape"),
        (lambda b: np.save(b / "adapter.npy", np.zeros((3, 3), np.float32)), "adapter.npy has shape"),
        (lambda b: np.save(b / "adapter.npy", np.load(b / "adapter.npy") * np.nan), "not finite"),
        (_bank(lambda v, c, o: (v[:-1], c[:-1], o)), "examples.npz has"),
        (_bank(lambda v, c, o: (v * np.nan, c, o)), "examples.npz holds values that are not finite"),
        (_bank(lambda v, c, o: (v, c[::-1], o)), "not sorted by chunk"),
        (_bank(lambda v, c, o: (v, c, o[:-1])), "out-of-scope vectors"),
        (_bank(lambda v, c, o: (v, c, o * np.nan)), "examples.npz holds values that are not finite"),
        (_bank(lambda v, c, o: (v, c + 10_000, o)), "examples.npz points at chunks"),
        (_neighbours(lambda n: {**n, "nearest": n["nearest"] + 100_000}), "neighbours.npz points at words"),
        (_neighbours(lambda n: {**n, "cosine": n["cosine"][:-1]}), "neighbours.npz holds"),
    ],
)
def test_an_inconsistent_build_is_refused(
    corpus_index: Path, tmp_path: Path, damage: Callable[[Path], None], found: str
) -> None:
    index = corrupted(corpus_index, tmp_path, damage)
    with pytest.raises(IndexUnavailable, match=found) as refused:
        load_artifact(index)
    assert refused.value.reason == "the published index is inconsistent with its manifest"
    assert str(tmp_path) not in refused.value.reason


def test_the_published_index_loads(corpus_index: Path) -> None:
    artifact = load_artifact(corpus_index)
    assert int(artifact.view_chunk.max()) < len(artifact.chunks) == artifact.manifest.chunks
    # The vocabulary is the chunks' content words, each with a unit vector.
    words = artifact.vocabulary.words
    assert list(words) == curriculum_words(c.embed_text for c in artifact.chunks) and "proctored" in words
    assert np.allclose(np.linalg.norm(artifact.vocabulary.vectors, axis=1), 1.0, atol=1e-3)


def test_an_example_bank_without_its_words_is_unreadable(corpus_index: Path, tmp_path: Path) -> None:
    def drop_words(build: Path) -> None:
        with np.load(build / "examples.npz") as data:
            kept = {name: data[name] for name in data.files if name != "words"}
        np.savez(build / "examples.npz", **kept)

    with pytest.raises(IndexUnavailable, match=r"examples\.npz lacks words") as refused:
        load_artifact(corrupted(corpus_index, tmp_path, drop_words))
    assert refused.value.reason == "the published index is unreadable"


def test_a_neighbours_table_without_its_cosines_is_unreadable(corpus_index: Path, tmp_path: Path) -> None:
    drop = _neighbours(lambda n: {name: array for name, array in n.items() if name != "cosine"})
    with pytest.raises(IndexUnavailable, match=r"neighbours\.npz lacks cosine") as refused:
        load_artifact(corrupted(corpus_index, tmp_path, drop))
    assert refused.value.reason == "the published index is unreadable"
