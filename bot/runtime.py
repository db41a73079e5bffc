"""The live index: one Answerer in service at a time, swapped whole when a new build is published.

Requests take `holder.answerer` once and keep that reference, so a swap never changes the index
under a request in flight; the old answerer is dropped when its last request finishes.
"""

from __future__ import annotations

import logging
import threading

import faiss

from bot.answer.answerer import Answerer, AnswererConfig
from bot.answer.confidence import FEATURES, Calibration
from bot.answer.retrieve import RetrievalConfig, Retriever
from bot.config import Settings
from index.artifact import IndexUnavailable, current_build, load_artifact
from index.encoder import Encoder, load_encoder
from index.model import model_info
from ingest.build import BuildOptions, BuildReport, build

log = logging.getLogger(__name__)


class NotReady(Exception):
    """No index is loaded yet."""


class ReindexBusy(Exception):
    """A rebuild is already running."""


def answerer_config(settings: Settings) -> AnswererConfig:
    """The answerer's settings, taken from the one Settings object."""
    if len(settings.confidence_weights) != len(FEATURES):
        raise ValueError(
            f"TUTOR_CONFIDENCE_WEIGHTS needs {len(FEATURES)} numbers ({', '.join(FEATURES)}), "
            f"got {len(settings.confidence_weights)}"
        )
    return AnswererConfig(
        retrieval=RetrievalConfig(
            mode=settings.retriever,
            rrf_k=settings.rrf_k,
            dense_weight=settings.dense_weight,
            bm25_weight=settings.bm25_weight,
            candidates=settings.candidates,
            entity_boost=settings.entity_boost,
        ),
        calibration=Calibration(tuple(settings.confidence_weights), settings.confidence_bias),
        abstain_threshold=settings.abstain_threshold,
        max_question_chars=settings.max_message_chars,
    )


def build_options(settings: Settings, threads: int | None = None) -> BuildOptions:
    """Ingest options from Settings."""
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
    )


class IndexHolder:
    """Loads the published index, reloads it when a new build appears, and rebuilds on request."""

    def __init__(self, settings: Settings, encoder: Encoder | None = None) -> None:
        self.settings = settings
        self.config = answerer_config(settings)
        self._encoder = encoder
        self._engine: Answerer | None = None
        self._swap_lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self.last_error: str | None = None

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
        answerer = self._engine
        if answerer is None:
            raise NotReady(self.last_error or "the index is still loading")
        return answerer

    @property
    def ready(self) -> bool:
        return self._engine is not None

    def load(self) -> Answerer:
        """Load the published build and put it in service; on failure the answerer in service stays."""
        with self._swap_lock:
            artifact = load_artifact(self.settings.index_dir)
            if self._engine is not None and self._engine.retriever.artifact.path == artifact.path:
                return self._engine
            encoder = self.encoder
            if artifact.manifest.model.id != encoder.model_id:
                raise IndexUnavailable(
                    f"index {artifact.manifest.build_id} was embedded with {artifact.manifest.model.id}, "
                    f"but the server encodes questions with {encoder.model_id}: run `tutor ingest`"
                )
            faiss.omp_set_num_threads(self.settings.search_threads)  # process-wide, for serving
            answerer = Answerer(Retriever(artifact, encoder, self.settings.query_cache_size), self.config)
            self._engine = answerer
            self.last_error = None
            log.info("index %s in service (%d chunks)", artifact.manifest.build_id, len(artifact.chunks))
            return answerer

    def reload_if_changed(self) -> bool:
        """Swap in a build that another process published; True when a new build went into service."""
        published = current_build(self.settings.index_dir)
        loaded = self._engine.retriever.artifact.manifest.build_id if self._engine else None
        if published is None or published == loaded:
            return False
        try:
            self.load()
        except IndexUnavailable as exc:
            self.last_error = str(exc)
            log.error("kept the index in service: %s", exc)
            return False
        return True

    def reindex(self) -> BuildReport:
        """Rebuild from the corpus and swap the result in; the old index answers until then."""
        if not self._build_lock.acquire(blocking=False):
            raise ReindexBusy("a rebuild is already running")
        try:
            report = build(build_options(self.settings), encoder=self.encoder)
            self.load()
            return report
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
