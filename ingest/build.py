"""corpus/ -> index/: read, chunk, embed (only what changed), index, publish atomically."""

from __future__ import annotations

import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Protocol

import numpy as np

from index.artifact import read_manifest
from index.chunk import Chunk, text_hash
from index.cores import usable_cores
from index.encoder import Encoder, load_encoder
from index.examples import ExampleBank
from index.keywords import KeywordIndex, vocabulary_fingerprint
from index.manifest import Manifest, ModelSummary, corpus_hash, library_versions
from index.model import Backend, model_info
from index.practice import Item, read_items, reference_texts
from index.vocabulary import Neighbours, Vocabulary, bridgeable, curriculum_words, english_words
from ingest.adapter import AdapterFit, fingerprint, fit_for_build, read_examples
from ingest.changes import FileChange, diff_chunks, previous_chunks
from ingest.chunk import Chunker
from ingest.corpus import read_corpus, snapshot_time
from ingest.embed_cache import EmbeddingCache, embed_with_cache
from ingest.index_type import APPROXIMATE_THRESHOLD, index_type_for
from ingest.items import derive_items
from ingest.items.rules import load_rules
from ingest.publish import StaleSnapshot, build_lock, build_size, publish, write_build
from ingest.vectors import build_index

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build depends on; the CLI fills it from Settings."""

    corpus_dir: Path
    index_dir: Path
    cache_dir: Path
    model_path: Path | None = None
    backend: Backend = "onnx-int8"
    threads: int = 1
    max_chars: int = 1000
    overlap: int = 1
    approximate_threshold: int = APPROXIMATE_THRESHOLD
    # Publish even when the corpus is older than the published build's (a roll-back made on purpose).
    allow_older: bool = False
    # Questions with known answers that the query adapter is fitted on (ingest/adapter.py).
    adapter_questions: tuple[Path, ...] = ()
    adapter_fit: AdapterFit = field(default_factory=AdapterFit)

    @property
    def chunking(self) -> dict[str, int]:
        return {"max_chars": self.max_chars, "overlap": self.overlap}


class Progress(Protocol):
    """Where embedding progress goes: a rich progress bar in the CLI, nothing in the server."""

    def start(self, total: int) -> None: ...

    def advance(self, n: int) -> None: ...


@dataclass
class BuildReport:
    build_id: str
    manifest: Manifest
    files: list[FileChange]
    embedded: int  # texts sent to the model in this build
    reused: int  # texts whose vectors came from the cache
    size_bytes: int
    items_kept: int = 0  # practice items carried over from the previous build
    items_made: int = 0  # practice items derived in this build
    timings: dict[str, float] = field(default_factory=dict)  # seconds: model_load, embed, index, total


def chunk_views(chunk: Chunk) -> list[str]:
    """The texts embedded for a chunk: the passage in its context, its topic, and its sentences.

    Learners ask about topics ("common mistakes at the professional level", "pass mark?"), and a
    topic matches an FAQ's question or a section's headings far better than it matches the same
    words diluted by a whole passage.
    """
    views = [chunk.embed_text]
    if chunk.topic is not None:
        views.append(chunk.topic)  # second: the retriever reads it back as the topic view
    # Each quotable sentence on its own too: a question about one fact in a long passage
    # matches that fact's sentence far better than the passage as a whole.
    views.extend(s for s in chunk.sentences if s not in views)
    return views


def refuse_older(new: Manifest, published: Manifest | None) -> None:
    """StaleSnapshot when `new` was read from an older corpus than the published build, with other content:
    publishing it would serve what was since edited or deleted."""
    if published is None or published.corpus_snapshot_at is None or new.corpus_snapshot_at is None:
        return
    if new.corpus_snapshot_at < published.corpus_snapshot_at and new.corpus_hash != published.corpus_hash:
        raise StaleSnapshot(
            f"refused to publish build {new.build_id}: its corpus was last changed at "
            f"{new.corpus_snapshot_at:%Y-%m-%d %H:%M:%S} UTC, before that of the published build "
            f"{published.build_id} ({published.corpus_snapshot_at:%Y-%m-%d %H:%M:%S} UTC); the published build "
            "stays. Build from the newer corpus, or pass --allow-older to publish an older one on purpose"
        )


def _previous_items(index_dir: Path) -> list[Item]:
    try:
        return read_items((index_dir / "current").resolve() / "items.jsonl")
    except (OSError, ValueError, KeyError, TypeError):
        return []  # no previous items: every item is derived afresh


def build(
    options: BuildOptions,
    encoder: Encoder | None = None,
    progress: Progress | None = None,
    on_encoder: Callable[[Encoder], None] | None = None,
    lock_wait: float = 600.0,
) -> BuildReport:
    """Build and publish a new index; on any error nothing is published and the old index stays.

    The whole build holds the index folder's lock (BuildBusy after `lock_wait` seconds), so two builders
    never interleave; a build from a corpus older than the published build's is refused (StaleSnapshot).
    """
    with build_lock(options.index_dir, lock_wait):
        return _build(options, encoder, progress, on_encoder)


def _build(
    options: BuildOptions,
    encoder: Encoder | None,
    progress: Progress | None,
    on_encoder: Callable[[Encoder], None] | None,
) -> BuildReport:
    started = time.perf_counter()
    timings: dict[str, float] = {}
    # Validate everything that can be wrong with the input before the slow part.
    info = model_info(options.model_path)
    snapshot = snapshot_time(options.corpus_dir)  # before reading: an edit made meanwhile counts as newer
    docs = read_corpus(options.corpus_dir)
    chunks = Chunker(options.max_chars, options.overlap).chunk_corpus(docs)
    files = {d.path.as_posix(): d.sha256 for d in docs}
    rules = load_rules()
    derived = derive_items(chunks, _previous_items(options.index_dir), rules)
    examples = read_examples(options.adapter_questions, chunks)

    if encoder is None:
        t = time.perf_counter()
        encoder = load_encoder(info, options.backend, options.cache_dir, options.threads)
        timings["model_load"] = time.perf_counter() - t
        if on_encoder is not None:
            on_encoder(encoder)

    t = time.perf_counter()
    texts, owners = [], []
    for number, chunk in enumerate(chunks):
        for view in chunk_views(chunk):
            texts.append(view)
            owners.append(number)
    # Each quotable sentence is embedded too, so that answers pick sentences by meaning.
    sentences = [s for chunk in chunks for s in chunk.sentences]
    texts.extend(sentences)
    hashes = [text_hash(v) for v in texts]
    # And what free-text answers are graded against, so grading embeds only the learner's answer. One
    # at a time, as grading embeds answers: the int8 model quantises per batch, so a text's vector
    # shifts with its batch-mates (and sharing batches would shift the last sentences' too).
    references = [text for item in derived.items for text in reference_texts(item)]
    reference_hashes = [text_hash(v) for v in references]
    # The curriculum's words, one at a time too: a learner's word is embedded alone to be compared.
    words = curriculum_words(c.embed_text for c in chunks)
    word_hashes = [text_hash(w) for w in words]
    # And every English word the curriculum lacks, alone too: its nearest curriculum word is looked up
    # when a learner uses it, never worked out while a question waits (index/vocabulary.py).
    english = bridgeable(english_words(info.path), words)
    english_hashes = [text_hash(w) for w in english]
    # The adapter's example questions, one at a time as a learner's question is embedded.
    asked = [e.question for e in examples]
    asked_hashes = [text_hash(q) for q in asked]
    cache = EmbeddingCache(options.cache_dir / "embeddings.sqlite3")
    advance = progress.advance if progress is not None else None
    try:
        wanted = (
            set(hashes) | set(reference_hashes) | set(word_hashes) | set(english_hashes) | set(asked_hashes)
        )
        cached = len(cache.get(encoder.model_id, wanted, encoder.dimension))
        if progress is not None:
            progress.start(len(wanted) - cached)
        matrix, embedded = embed_with_cache(encoder, cache, texts, hashes, advance)
        # One text a call, on every core: each call is a whole model run on a handful of tokens.
        alone = partial(
            embed_with_cache, encoder, cache, progress=advance, batch_size=1, threads=usable_cores()
        )
        item_vectors, more = alone(references, reference_hashes)
        embedded += more
        word_vectors, more = alone(words, word_hashes)
        embedded += more
        english_vectors, more = alone(english, english_hashes)
        embedded += more
        asked_vectors, more = alone(asked, asked_hashes)
        embedded += more
    finally:
        cache.close()
    timings["embed"] = time.perf_counter() - t

    t = time.perf_counter()
    n_views = len(owners)
    kind = index_type_for(n_views, options.approximate_threshold)
    vectors = build_index(matrix[:n_views], kind)
    sentence_vectors = matrix[n_views:]
    keywords = KeywordIndex.build([c.embed_text for c in chunks])
    view_chunk = np.asarray(owners, dtype=np.int32)
    adapter = fit_for_build(
        chunks, matrix[:n_views], view_chunk, examples, asked_vectors, options.adapter_fit
    )
    bank = ExampleBank.build(
        adapter, asked, asked_vectors.reshape(-1, encoder.dimension), [e.answers for e in examples]
    )
    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    manifest = Manifest(
        build_id=build_id,
        built_at=datetime.now(UTC),
        model=ModelSummary(
            name=info.name, id=encoder.model_id, dimension=encoder.dimension, backend=encoder.backend
        ),
        corpus_hash=corpus_hash(files),
        corpus_snapshot_at=snapshot,
        files=files,
        chunking=options.chunking,
        chunks=len(chunks),
        chunks_by_kind=dict(Counter(c.kind for c in chunks)),
        views=n_views,
        index_type=kind,
        items=len(derived.items),
        items_by_kind=derived.by_kind,
        item_rules=rules.fingerprint,
        vocabulary=vocabulary_fingerprint(),
        words=len(words),
        neighbours=len(english),
        adapter_questions=len(examples),
        adapter_source=fingerprint(options.adapter_questions, options.adapter_fit),
        examples=len(bank.chunks),
        outside_examples=len(bank.outside),
        libraries=library_versions(),
    )
    if not options.allow_older:
        refuse_older(manifest, read_manifest(options.index_dir))
    changes = diff_chunks(previous_chunks(options.index_dir), chunks)
    folder = publish(
        options.index_dir,
        build_id,
        lambda tmp: write_build(
            tmp,
            manifest,
            chunks,
            vectors,
            view_chunk,
            sentence_vectors,
            keywords,
            derived.items,
            item_vectors,
            Vocabulary(tuple(words), word_vectors, Neighbours.build(english, english_vectors, word_vectors)),
            adapter,
            bank,
        ),
    )
    timings["index"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - started
    log.info("published index %s: %d chunks, %d embedded", build_id, len(chunks), embedded)
    return BuildReport(
        build_id=build_id,
        manifest=manifest,
        files=changes,
        embedded=embedded,
        reused=len(wanted) - embedded,
        items_kept=derived.kept,
        items_made=derived.made,
        size_bytes=build_size(folder),
        timings=timings,
    )
