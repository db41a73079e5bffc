"""The tutor's metrics in the Prometheus text format: the recorder's counters and per-stage latencies under
Prometheus's naming conventions (`tutor_` prefix, `_total`, `_seconds`), the index in service, and the
process's own (CPU, memory, garbage collection). Served at /metrics behind TUTOR_METRICS_TOKEN, or on a
port of their own (TUTOR_METRICS_PORT), never on the public port unguarded."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

from prometheus_client import (
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    start_http_server,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.metrics.record import BUCKETS, RECORDER, Recorder
from index.manifest import Manifest

log = logging.getLogger(__name__)

# Recorder key -> the counter's name (the family adds `_total`), its help, and its label names.
COUNTERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "questions": ("tutor_questions", "Questions received, by surface.", ("source",)),
    "answers": ("tutor_answers", "Replies that did not abstain, by surface.", ("source",)),
    "abstentions": ("tutor_abstentions", "Questions the curriculum does not cover, by surface.", ("source",)),
    "feedback": ("tutor_feedback", "Learners' ratings of answers (up or down).", ("rating",)),
    "slack_events": ("tutor_slack_events", "Requests from Slack, by type.", ("type",)),
    "slack_errors": ("tutor_slack_errors", "Errors and warnings logged while serving Slack.", ("level",)),
    "rate_limited": ("tutor_rate_limit_refusals", "Requests refused by a rate limit, by limit.", ("limit",)),
}
STAGES = ("embed", "search", "compose", "store")


class ServingIndex(Protocol):
    """What holds the index in service (the runtime's index holder)."""

    @property
    def ready(self) -> bool: ...

    @property
    def manifest(self) -> Manifest: ...


class TutorCollector(Collector):
    """The recorder's counters and stage histograms, read when Prometheus scrapes."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def collect(self) -> Iterable[Metric]:
        counts = self.recorder.counters()
        for key, (name, help_text, labels) in COUNTERS.items():
            family = CounterMetricFamily(name, help_text, labels=labels)
            found = {k[1:]: v for k, v in counts.items() if k[0] == key}
            for values, value in found.items():
                family.add_metric(list(values), value)
            yield family
        stage = HistogramMetricFamily(
            "tutor_stage_duration_seconds",
            "Time one question spends in each stage: embed, search, compose (answerer), store.",
            labels=("stage",),
        )
        histograms = self.recorder.histograms()
        for name in STAGES:
            histogram = histograms.get(("stage", name))
            if histogram is None:
                continue
            cumulative, buckets = 0, []
            for bound, count in zip((*map(str, BUCKETS), "+Inf"), histogram.counts, strict=True):
                cumulative += count
                buckets.append((bound, float(cumulative)))
            stage.add_metric([name], buckets, histogram.total)
        yield stage


class IndexCollector(Collector):
    """The build in service: its id (an info-style gauge), when it was built, and how old it is."""

    def __init__(self, index: ServingIndex) -> None:
        self.index = index

    def collect(self) -> Iterable[Metric]:
        info = GaugeMetricFamily(
            "tutor_index_build_info", "The index build in service (value 1).", labels=("build_id", "model")
        )
        built = GaugeMetricFamily(
            "tutor_index_build_timestamp_seconds", "When the build in service was made."
        )
        age = GaugeMetricFamily("tutor_index_age_seconds", "Seconds since the build in service was made.")
        if self.index.ready:
            manifest = self.index.manifest
            info.add_metric([manifest.build_id, manifest.model.name], 1.0)
            built.add_metric([], manifest.built_at.timestamp())
            age.add_metric([], time.time() - manifest.built_at.timestamp())
        yield from (info, built, age)


def metrics_registry(index: ServingIndex, recorder: Recorder = RECORDER) -> CollectorRegistry:
    """A registry of everything /metrics shows, for one app."""
    registry = CollectorRegistry(auto_describe=True)
    for collector in (TutorCollector(recorder), IndexCollector(index)):
        registry.register(collector)
    for shared in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
        registry.register(shared)
    return registry


@contextmanager
def metrics_port(registry: CollectorRegistry, host: str, port: int | None) -> Iterator[int | None]:
    """Serve the registry on a port of its own while the app runs (TUTOR_METRICS_PORT); yields the port."""
    if port is None:
        yield None
        return
    server, thread = start_http_server(port, addr=host, registry=registry)
    bound = int(server.server_port)
    log.info("metrics on http://%s:%d/metrics", host, bound)
    try:
        yield bound
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
