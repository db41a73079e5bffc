"""Per-client rate limits on the `limits` library: a moving window of one minute, in this process's
memory or in Redis (TUTOR_RATE_LIMIT_STORAGE), where the limit holds across replicas."""

from __future__ import annotations

import bisect
import logging
import math
import threading
import time
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from bot.metrics.record import RECORDER

log = logging.getLogger(__name__)


class MemoryWindows(MemoryStorage):
    """limits' in-memory storage, forgetting a client once its window has emptied, with no thread per hit.

    limits (5.8) drops an idle client's hits but keeps its key, so a stream of new addresses would grow
    the table without bound; every `prune_seconds` the keys whose newest hit has expired are removed.
    limits also trims expired hits from a 10 ms timer thread that it starts anew on nearly every hit (a
    thread start per request, on the event loop); here a client's hit trims that client's expired hits.
    """

    def __init__(self, prune_seconds: float = 10.0) -> None:
        super().__init__()
        self._prune_every = prune_seconds
        self._pruned = time.monotonic()
        self._pruning = threading.Lock()

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if time.monotonic() - self._pruned > self._prune_every and self._pruning.acquire(blocking=False):
            try:
                self.prune()
            finally:
                self._pruning.release()
        events, now = self.events.get(key), time.time()
        if events and events[-1].expiry <= now:  # newest first: the oldest hit has expired
            with self.locks[key]:
                del events[bisect.bisect_left(events, -now, key=lambda event: -event.expiry) :]
        return super().acquire_entry(key, limit, expiry, amount)

    def _MemoryStorage__schedule_expiry(self) -> None:  # overrides limits' private timer start
        """Start no timer: `acquire_entry` and `prune` do its work (see the class)."""

    def prune(self) -> int:
        """Remove the clients with no hit left in their window; returns how many."""
        self._pruned = time.monotonic()
        now, removed = time.time(), 0
        for key in list(self.events):
            with self.locks[key]:
                hits = self.events.get(key)
                # Newest first: when the newest hit has expired, they all have.
                if hits is not None and (not hits or hits[0].expiry <= now):
                    del self.events[key]
                    removed += 1
        return removed

    @property
    def clients(self) -> int:
        """How many clients the table holds now."""
        return len(self.events)


@dataclass(frozen=True)
class Verdict:
    """One request's fate, and what the RateLimit-* headers tell the client."""

    allowed: bool
    limit: int
    remaining: int
    reset: int  # seconds until a request may pass again (0 when one may now)

    def headers(self, window: int = 60) -> dict[str, str]:
        """The standard headers (IETF draft "RateLimit header fields for HTTP"), and Retry-After on a 429."""
        found = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
            "RateLimit-Policy": f"{self.limit};w={window}",
        }
        if not self.allowed:
            found["Retry-After"] = str(max(1, self.reset))
        return found


class RateLimits:
    """The service's limits per client: one for the API, one for Slack's endpoint."""

    def __init__(self, storage_uri: str, per_minute: int, slack_per_minute: int) -> None:
        memory = storage_uri.startswith("memory://")
        storage = MemoryWindows() if memory else storage_from_string(storage_uri)
        if not isinstance(storage, Storage):
            raise ValueError(f"{storage_uri} is not a storage for threads")
        self.storage: Storage = storage
        self._limiter = MovingWindowRateLimiter(self.storage)
        self.api: RateLimitItem = RateLimitItemPerMinute(per_minute)
        self.slack: RateLimitItem = RateLimitItemPerMinute(slack_per_minute)

    def take(self, item: RateLimitItem, client: str, cost: int = 1) -> Verdict:
        """Count `cost` requests against the client's window, if they fit."""
        try:
            allowed = self._limiter.hit(item, client, cost=cost)
            reset_at, remaining = self._limiter.get_window_stats(item, client)
        except Exception:  # a shared store that is down must not take the service down with it
            log.exception("rate-limit storage failed; the request passes unlimited")
            return Verdict(True, item.amount, item.amount, 0)
        if not allowed:
            RECORDER.count(("rate_limited", "slack" if item is self.slack else "api"))
        return Verdict(allowed, item.amount, remaining, max(0, math.ceil(reset_at - time.time())))
