"""The retention sweeper: conversations past the retention period are deleted, on a thread of its own."""

from __future__ import annotations

import logging
import threading

from bot.store.base import ConversationStore

log = logging.getLogger(__name__)


class RetentionSweeper:
    """Deletes conversations past the retention period, hourly, on a thread of its own."""

    def __init__(self, store: ConversationStore, days: int, every_seconds: float) -> None:
        self._store = store
        self._days = days
        self._every = every_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="retention-sweeper", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def sweep(self) -> int:
        """One sweep; a failure is logged, never raised, so it cannot stop the service."""
        try:
            removed = self._store.purge_expired(self._days)
        except Exception:
            log.exception("retention sweep")
            return 0
        if removed:
            log.info("retention: removed %d conversations older than %d days", removed, self._days)
        return removed

    def _run(self) -> None:
        while True:
            self.sweep()
            if self._stop.wait(self._every):
                return

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
