"""What the tutor counts and times, recorded cheaply on the request path and folded when /metrics is read.

Recording appends one tuple to a deque: atomic under the GIL, so the request path takes no lock and
costs about half a microsecond an event, some 3 µs a question (bench/metrics.py). The folding happens
when the metrics are read, or, so that a process nobody scrapes does not grow, once the queue is long
(by whichever thread finds it so, without waiting for another that is folding already).
"""

from __future__ import annotations

import bisect
import threading
from collections import deque
from dataclasses import dataclass, field

# Upper bounds (seconds) of the latency buckets: one stage takes from tens of microseconds (a cached
# embedding) to a second (a cold encoder on a busy machine).
BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
FOLD_AT = 4096  # pending records that make the recording thread fold them itself

Key = tuple[str, ...]  # a metric's name, then its label values


@dataclass
class Histogram:
    """Cumulative-ready bucket counts (per bucket, not yet summed), the sum and the count."""

    counts: list[int] = field(default_factory=lambda: [0] * (len(BUCKETS) + 1))
    total: float = 0.0

    def observe(self, value: float) -> None:
        self.counts[bisect.bisect_left(BUCKETS, value)] += 1
        self.total += value


class Recorder:
    """Counters and histograms of one process, keyed by name and label values (keys built once, where
    they can be: EMBED, SEARCH, COMPOSE, STORE)."""

    def __init__(self) -> None:
        self._counted: deque[tuple[Key, float]] = deque()
        self._timed: deque[tuple[Key, float]] = deque()
        self._fold_lock = threading.Lock()
        self._counts: dict[Key, float] = {}
        self._histograms: dict[Key, Histogram] = {}

    def count(self, key: Key, amount: float = 1.0) -> None:
        """Add to a counter, e.g. count(("questions", "http"))."""
        counted = self._counted
        counted.append((key, amount))
        if len(counted) > FOLD_AT:
            self._fold(wait=False)

    def observe(self, key: Key, seconds: float) -> None:
        """Add one observation to a histogram, e.g. observe(EMBED, 0.002)."""
        timed = self._timed
        timed.append((key, seconds))
        if len(timed) > FOLD_AT:
            self._fold(wait=False)

    def counters(self) -> dict[Key, float]:
        """Every counter so far (a copy)."""
        self._fold(wait=True)
        with self._fold_lock:
            return dict(self._counts)

    def histograms(self) -> dict[Key, Histogram]:
        """Every histogram so far (copies)."""
        self._fold(wait=True)
        with self._fold_lock:
            return {k: Histogram(list(h.counts), h.total) for k, h in self._histograms.items()}

    def _fold(self, wait: bool) -> None:
        if not self._fold_lock.acquire(blocking=wait):
            return  # another thread is folding, and takes what was just appended too
        try:
            counts, counted = self._counts, self._counted
            while counted:
                key, amount = counted.popleft()  # atomic, like the appends
                counts[key] = counts.get(key, 0.0) + amount
            histograms, timed = self._histograms, self._timed
            while timed:
                key, seconds = timed.popleft()
                histogram = histograms.get(key)
                if histogram is None:
                    histogram = histograms[key] = Histogram()
                histogram.observe(seconds)
        finally:
            self._fold_lock.release()


# One per process, like the process it describes: every surface and every app in it records here.
RECORDER = Recorder()
EMBED, SEARCH, COMPOSE, STORE = (("stage", name) for name in ("embed", "search", "compose", "store"))
