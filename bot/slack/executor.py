"""The Slack bot's own bounded executor: its listeners never take a thread the HTTP API needs, and when
the Web API hangs, the work waiting for them is capped instead of piling up without end."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

log = logging.getLogger(__name__)


class SlackBusy(RuntimeError):
    """Every worker is busy and the queue is full: the work is dropped."""


class BoundedExecutor(ThreadPoolExecutor):
    """A thread pool of `workers` threads that holds at most `pending` tasks (running or queued)."""

    def __init__(self, workers: int, pending: int) -> None:
        super().__init__(max_workers=workers, thread_name_prefix="slack")
        self._room = threading.BoundedSemaphore(pending)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if not self._room.acquire(blocking=False):
            log.warning("Slack work queue full: dropped a task (the Web API may be slow or down)")
            raise SlackBusy("the Slack work queue is full")
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._room.release()
            raise
        future.add_done_callback(lambda _: self._room.release())
        return future
