"""The index/ artifact: versioned builds, published by an atomic symlink swap, loaded whole.

Layout (see index/README.md):
    index/current -> builds/<build_id>      the published build (a relative symlink)
    index/builds/<build_id>/manifest.json   what it was built from
    index/builds/<build_id>/chunks.jsonl    one chunk per line
    index/builds/<build_id>/views.npy       FAISS row -> chunk number
    index/builds/<build_id>/vectors.faiss   the vector index
    index/builds/<build_id>/sentences.npy   one vector per quotable sentence, in chunk order
    index/builds/<build_id>/bm25/           the keyword index
    index/builds/<build_id>/items.jsonl     practice items, one per line
    index/builds/<build_id>/items.npy       the vectors of the items' reference texts
    index/builds/<build_id>/words.json      the curriculum's content words, sorted
    index/builds/<build_id>/words.npy       one vector per word, each embedded alone
    index/builds/<build_id>/neighbours.npz  each English word the curriculum lacks, its nearest word and cosine
    index/builds/<build_id>/adapter.npy     the query adapter's matrix (dimension x dimension)
    index/builds/<build_id>/examples.npz    the example bank: adapted example questions, their chunks, their words
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
import numpy.typing as npt

from index.adapter import QueryAdapter
from index.chunk import Chunk
from index.examples import ExampleBank
from index.keywords import KeywordIndex
from index.manifest import FORMAT_VERSION, Manifest
from index.practice import ItemBank
from index.vectors import load_index
from index.vocabulary import Vocabulary

log = logging.getLogger(__name__)

CURRENT = "current"
BUILDS = "builds"
KEEP_BUILDS = 3  # older builds stay a while: a replica may still be loading one


class IndexUnavailable(Exception):
    """There is no published index, or it cannot be read.

    Its text is the detail (paths, library messages) for logs and the CLI; `reason` is the short one that
    a client of the service may see.
    """

    def __init__(self, detail: str, reason: str = "the published index cannot be loaded") -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class Artifact:
    """A loaded index build: everything retrieval needs, read once."""

    path: Path
    manifest: Manifest
    chunks: list[Chunk]
    vectors: faiss.Index
    view_chunk: npt.NDArray[np.int32]  # FAISS row -> index into chunks
    sentence_vectors: npt.NDArray[np.float32]  # rows follow chunks[i].sentences, chunk by chunk
    sentence_starts: npt.NDArray[np.int64]  # first sentence row of each chunk
    keywords: KeywordIndex
    practice: ItemBank  # practice items and the vectors their answers are graded against
    vocabulary: Vocabulary  # the curriculum's content words, with a vector each, and English words' nearest
    adapter: QueryAdapter  # moves a question's vector towards the passages that answer it
    examples: ExampleBank  # example questions with the passages that answer them

    def sentence_rows(self, chunk_number: int) -> npt.NDArray[np.float32]:
        """The sentence vectors of one chunk."""
        start = int(self.sentence_starts[chunk_number])
        return self.sentence_vectors[start : start + len(self.chunks[chunk_number].sentences)]


def topic_rows(chunks: list[Chunk], view_chunk: npt.NDArray[np.int32]) -> list[int]:
    """Each chunk's topic view row (its second view, written when it has a topic: its FAQ question
    or headings), or its passage view row when it has none (a table row)."""
    # Views are stored chunk by chunk, so a chunk's first view is where its number starts.
    first = np.searchsorted(view_chunk, np.arange(len(chunks)))
    return [int(f) + (1 if c.topic is not None else 0) for f, c in zip(first, chunks, strict=True)]


def sentence_starts(chunks: list[Chunk]) -> npt.NDArray[np.int64]:
    """Offsets of each chunk's first sentence in the sentence matrix."""
    counts = np.array([len(c.sentences) for c in chunks], dtype=np.int64)
    return np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)


def current_build(index_dir: Path) -> str | None:
    """The id of the published build, read from the symlink without loading anything."""
    try:
        return Path(os.readlink(index_dir / CURRENT)).name
    except OSError:
        return None


def read_chunks(build: Path) -> list[Chunk]:
    with (build / "chunks.jsonl").open(encoding="utf-8") as fh:
        return [Chunk.from_json(json.loads(line)) for line in fh if line.strip()]


def read_manifest(index_dir: Path) -> Manifest | None:
    """The published manifest, or None when there is no readable index."""
    try:
        return Manifest.read(index_dir / CURRENT / "manifest.json")
    except (OSError, ValueError):
        return None


def load_artifact(index_dir: Path) -> Artifact:
    """Load the published build; the symlink is resolved once, so a concurrent swap cannot mix builds."""
    link = index_dir / CURRENT
    if not link.exists():
        raise IndexUnavailable(
            f"no index at {index_dir}/: run `tutor ingest` first", "no index has been published"
        )
    build = link.resolve()
    try:
        manifest = Manifest.read(build / "manifest.json")
        if manifest.format_version != FORMAT_VERSION:
            raise IndexUnavailable(
                f"index format {manifest.format_version} is not {FORMAT_VERSION}: run `tutor ingest`",
                "the published index is in another format",
            )
        chunks = read_chunks(build)
        artifact = Artifact(
            path=build,
            manifest=manifest,
            chunks=chunks,
            vectors=load_index(build / "vectors.faiss"),
            view_chunk=np.load(build / "views.npy"),
            sentence_vectors=np.load(build / "sentences.npy"),
            sentence_starts=sentence_starts(chunks),
            keywords=KeywordIndex.load(build / "bm25"),
            practice=ItemBank.load(build),
            vocabulary=Vocabulary.load(build),
            adapter=QueryAdapter.load(build),
            examples=ExampleBank.load(build),
        )
    except IndexUnavailable:
        raise
    except (OSError, ValueError, RuntimeError) as exc:
        raise IndexUnavailable(
            f"index at {build} is unreadable: {exc}", "the published index is unreadable"
        ) from exc
    problem = inconsistency(artifact)
    if problem is not None:
        raise IndexUnavailable(
            f"index at {build} is inconsistent: {problem}; run `tutor ingest`",
            "the published index is inconsistent with its manifest",
        )
    return artifact


def inconsistency(artifact: Artifact) -> str | None:
    """What does not add up between a build's files and its manifest, or None: checked before a build
    goes into service, so that a well-formed file pointing at nothing never answers a question."""
    manifest, chunks, views = artifact.manifest, artifact.chunks, artifact.view_chunk
    dimension, sentences = manifest.model.dimension, sum(len(c.sentences) for c in chunks)
    vectors, items, words = artifact.vectors, len(artifact.practice), len(artifact.vocabulary.words)
    bank, neighbours = artifact.examples, artifact.vocabulary.neighbours
    checks = [
        (len(chunks) == manifest.chunks, f"{len(chunks)} chunks, the manifest says {manifest.chunks}"),
        (vectors.ntotal == manifest.views, f"{vectors.ntotal} vectors, the manifest says {manifest.views}"),
        (vectors.d == dimension, f"vectors of {vectors.d} dimensions, the model's are {dimension}"),
        (views.shape == (manifest.views,), f"views.npy has shape {views.shape}, not ({manifest.views},)"),
        (np.issubdtype(views.dtype, np.integer), f"views.npy holds {views.dtype}, not integers"),
        (artifact.sentence_vectors.shape == (sentences, dimension),
         f"sentences.npy has shape {artifact.sentence_vectors.shape}, not ({sentences}, {dimension})"),
        (artifact.keywords.num_docs == len(chunks), f"the keyword index holds {artifact.keywords.num_docs} documents"),
        (items == manifest.items, f"{items} practice items, the manifest says {manifest.items}"),
        (artifact.vocabulary.vectors.shape == (manifest.words, dimension) == (words, dimension),
         f"words.npy has shape {artifact.vocabulary.vectors.shape} for {words} words, "
         f"the manifest says {manifest.words}"),
        (len(neighbours.words) == len(neighbours.nearest) == len(neighbours.cosine) == manifest.neighbours,
         f"neighbours.npz holds {len(neighbours.words)} words, {len(neighbours.nearest)} nearest and "
         f"{len(neighbours.cosine)} cosines; the manifest says {manifest.neighbours}"),
        (artifact.adapter.matrix.shape == (dimension, dimension),
         f"adapter.npy has shape {artifact.adapter.matrix.shape}, not ({dimension}, {dimension})"),
        (bool(np.isfinite(artifact.adapter.matrix).all()), "adapter.npy holds values that are not finite"),
        (bank.vectors.shape == (manifest.examples, dimension) == (len(bank.chunks), dimension),
         f"examples.npz has {bank.vectors.shape} vectors for {len(bank.chunks)} chunks, "
         f"the manifest says {manifest.examples}"),
        (bank.outside.shape == (manifest.outside_examples, dimension),
         f"examples.npz has {bank.outside.shape} out-of-scope vectors, the manifest says {manifest.outside_examples}"),
        (bool(np.isfinite(bank.vectors).all() and np.isfinite(bank.outside).all()),
         "examples.npz holds values that are not finite"),
        (bool(np.all(np.diff(bank.chunks) >= 0)), "examples.npz is not sorted by chunk"),
    ]  # fmt: skip
    problem = next((message for ok, message in checks if not ok), None)
    pointing = (
        ("views.npy", views, "chunks", len(chunks)),
        ("examples.npz", bank.chunks, "chunks", len(chunks)),
        ("neighbours.npz", neighbours.nearest, "words", words),
    )
    for name, pointers, what, count in pointing:
        if (
            problem is None
            and len(pointers)
            and not (int(pointers.min()) >= 0 and int(pointers.max()) < count)
        ):
            problem = (
                f"{name} points at {what} {int(pointers.min())}..{int(pointers.max())}; there are {count}"
            )
    return problem
