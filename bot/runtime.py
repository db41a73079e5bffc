"""One start-up for every process that answers (HTTP, Socket Mode, the CLI): settings, the index
holder with its live swap, the conversation store and the retention sweeper.

The index holder keeps one Answerer in service at a time, swapped whole when a new build is
published. Requests take `holder.answerer` once and keep that reference, so a swap never changes
the index under a request in flight; the old answerer is dropped when its last request finishes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import faiss
from threadpoolctl import threadpool_limits

from bot.answer.answerer import Answerer, AnswererConfig
from bot.answer.confidence import Calibration, load_calibration
from bot.answer.retrieve import Retriever
from bot.answer.tuning import Tuning, load_tuning
from bot.bad_build import BadBuild
from bot.config import Settings
from bot.conversations import Conversations, NotReady
from bot.heap import freeze_heap
from bot.practice import Practice
from bot.store import SQLStore, open_store
from bot.store.retention import RetentionSweeper
from index.artifact import Artifact, IndexUnavailable, current_build, load_artifact
from index.encoder import Encoder, load_encoder
from index.manifest import Manifest
from index.model import model_info

if TYPE_CHECKING:  # ingest is imported by a rebuild, not by every serving process (bench/README.md)
    from ingest.build import BuildOptions, BuildReport

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 300.0  # a bad published build is tried again at most this far apart


class ReindexBusy(Exception):
    """A rebuild is already running."""


def answerer_config(
    settings: Settings, tuning: Tuning | None = None, calibration: Calibration | None = None
) -> AnswererConfig:
    """The answerer's configuration: tuning and calibration from their data files (read once, here),
    the deployment's limits and retriever mode from Settings."""
    calibration = calibration or load_calibration()
    threshold = settings.abstain_threshold
    return AnswererConfig(
        tuning=tuning or load_tuning(),
        calibration=calibration,
        abstain_threshold=calibration.threshold if threshold is None else threshold,
        max_question_chars=settings.max_message_chars,
        mode=settings.retriever,
    )


def build_options(settings: Settings, threads: int | None = None) -> BuildOptions:
    """Ingest options from Settings."""
    from ingest.build import BuildOptions

    return BuildOptions(
        corpus_dir=settings.corpus_dir,
        index_dir=settings.index_dir,
        cache_dir=settings.cache_dir,
        model_path=settings.embedding_model,
        backend=settings.encoder_backend,
        threads=threads or settings.encoder_threads,
        max_chars=settings.max_chunk_chars,
        overlap=settings.chunk_overlap_sentences,
        approximate_threshold=settings.approximate_index_threshold,
        adapter_questions=settings.adapter_questions,
    )


class IndexHolder:
    """Loads the published index, reloads it when a new build appears, and rebuilds on request."""

    def __init__(
        self, settings: Settings, encoder: Encoder | None = None, config: AnswererConfig | None = None
    ) -> None:
        self.settings = settings
        self.config = config or answerer_config(settings)
        self._encoder = encoder
        self._answerer: Answerer | None = None
        self._swap_lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self.last_error: str | None = None  # the detail, for logs
        self.problem: str | None = None  # the short reason a client may see
        self.bad_build: BadBuild | None = None  # the published build that would not load, if any

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            info = model_info(self.settings.embedding_model)
            self._encoder = load_encoder(
                info, self.settings.encoder_backend, self.settings.cache_dir, self.settings.encoder_threads
            )
        return self._encoder

    @property
    def answerer(self) -> Answerer:
        answerer = self._answerer
        if answerer is None:
            raise NotReady(self.problem or "the index is still loading")
        return answerer

    @property
    def ready(self) -> bool:
        return self._answerer is not None

    @property
    def artifact(self) -> Artifact:
        """The build in service (NotReady before one is loaded)."""
        return self.answerer.retriever.artifact

    @property
    def manifest(self) -> Manifest:
        """What the build in service was made from (NotReady before one is loaded)."""
        return self.answerer.retriever.artifact.manifest

    def load(self) -> Answerer:
        """Load the published build and put it in service; on failure the answerer in service stays."""
        with self._swap_lock:
            artifact = load_artifact(self.settings.index_dir)
            if self._answerer is not None and self._answerer.retriever.artifact.path == artifact.path:
                return self._answerer
            encoder = self.encoder
            if artifact.manifest.model.id != encoder.model_id:
                raise IndexUnavailable(
                    f"index {artifact.manifest.build_id} was embedded with {artifact.manifest.model.id}, "
                    f"but the server encodes questions with {encoder.model_id}: run `tutor ingest`",
                    "the published index was embedded with another model",
                )
            # Process-wide, for serving: FAISS's OpenMP threads, and OpenBLAS's, which numpy's products with
            # the example bank and the adapter use. Request threads that each start the library's pool
            # wait on it and spin: 8 threads multiplying the bank ran 24x slower with two BLAS threads.
            faiss.omp_set_num_threads(self.settings.search_threads)
            threadpool_limits(self.settings.search_threads, user_api="blas")
            retriever = Retriever(
                artifact, encoder, self.config.tuning.retrieval, self.settings.query_cache_size
            )
            self._answerer = answerer = Answerer(retriever, self.config)
            freeze_heap()  # the index stays in service: out of the garbage collector's way
            self.last_error = self.problem = self.bad_build = None
            log.info("index %s in service (%d chunks)", artifact.manifest.build_id, len(artifact.chunks))
            return answerer

    def reload_if_changed(self) -> bool:
        """Swap in a build that another process published; True when a new build went into service.

        A build that fails to load is tried again after a back-off that doubles up to MAX_BACKOFF_SECONDS
        (reported in /readyz), not on every poll.
        """
        published = current_build(self.settings.index_dir)
        loaded = self._answerer.retriever.artifact.manifest.build_id if self._answerer else None
        if published is None or published == loaded:
            return False
        bad = self.bad_build
        if bad is not None and bad.build_id == published and time.monotonic() < bad.retry_at:
            return False
        try:
            self.load()
        except IndexUnavailable as exc:
            self.failed(published, exc)
            return False
        return True

    def failed(self, build_id: str | None, exc: IndexUnavailable) -> None:
        """Remember a build that would not load, and when to try it again."""
        bad = self.bad_build
        attempts = bad.attempts + 1 if bad is not None and bad.build_id == build_id else 1
        delay = min(MAX_BACKOFF_SECONDS, self.settings.index_watch_seconds * 2**attempts)
        self.last_error, self.problem = str(exc), exc.reason
        if build_id is not None:
            self.bad_build = BadBuild(build_id, exc.reason, attempts, time.monotonic() + delay)
        log.error("index %s not put in service: %s (next try in %.0f s)", build_id, exc, delay)

    def reindex(self) -> BuildReport:
        """Rebuild from the corpus and swap the result in; the old index answers until then."""
        from ingest.build import build
        from ingest.publish import BuildBusy

        if not self._build_lock.acquire(blocking=False):
            raise ReindexBusy("a rebuild is already running")
        try:
            report = build(build_options(self.settings), encoder=self.encoder, lock_wait=0)
            self.load()
            return report
        except BuildBusy as exc:
            raise ReindexBusy(str(exc)) from None
        finally:
            self._build_lock.release()

    def start_watching(self) -> None:
        """Poll the published build id, so `tutor ingest` from another process goes live by itself."""
        if self._watcher is not None:
            return
        self._stop.clear()
        self._watcher = threading.Thread(target=self._watch, name="index-watcher", daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        while not self._stop.wait(self.settings.index_watch_seconds):
            try:
                self.reload_if_changed()
            except Exception:  # the watcher must outlive any one bad build
                log.exception("index watcher")

    def stop(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
            self._watcher = None


@dataclass(frozen=True)
class Runtime:
    """What a serving process holds: its settings, the index in service, the store, the front door."""

    settings: Settings
    holder: IndexHolder
    store: SQLStore  # conversations and, for Slack, bot.slack.store.SlackStore
    conversations: Conversations
    practice: Practice  # tutor mode's front door


def load_in_background(holder: IndexHolder) -> threading.Thread:
    """Load the index without holding up start-up: /healthz answers at once, /readyz once loaded."""

    def load() -> None:
        try:
            holder.load().reader.language.preload()  # its load here, not in a request's
        except IndexUnavailable as exc:
            holder.failed(current_build(holder.settings.index_dir), exc)
        except Exception as exc:
            holder.last_error, holder.problem = (
                f"index failed to load: {exc}",
                "the published index failed to load",
            )
            log.exception("index failed to load")

    thread = threading.Thread(target=load, name="index-loader", daemon=True)
    thread.start()
    return thread


@contextmanager
def started(
    settings: Settings,
    holder: IndexHolder | None = None,
    *,
    wait_for_index: bool = True,
    watch: bool = True,
    sweep: bool = True,
) -> Iterator[Runtime]:
    """Open the store, load the index and start the background work; stop it all on exit.

    `wait_for_index`: load before returning (IndexUnavailable when there is none), for a process
    with no readiness probe (Socket Mode, the CLI); otherwise load in the background (HTTP).
    `watch`: swap in builds that another process publishes. `sweep`: run the retention sweeper.
    """
    store = open_store(settings.database_path, settings.database_url)
    holder = holder or IndexHolder(settings)
    loader: threading.Thread | None = None
    sweeper = RetentionSweeper(store, settings.retention_days, settings.retention_sweep_seconds)
    try:
        if wait_for_index:
            holder.load()
        else:
            loader = load_in_background(holder)
        if watch:
            holder.start_watching()
        if sweep:
            sweeper.start()
        conversations = Conversations(
            holder, store, max_turns=settings.max_turns, followup_turns=settings.followup_turns
        )
        yield Runtime(settings, holder, store, conversations, Practice(holder, store))
    finally:
        sweeper.stop()
        if loader is not None:
            loader.join(timeout=30)
        holder.stop()
        store.close()
