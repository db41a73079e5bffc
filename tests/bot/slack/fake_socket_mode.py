"""A fake Slack Socket Mode server: a websockets server on loopback that speaks Slack's protocol.

On connect it sends `hello`, then the envelopes it was given; it records what the client sends back
(acks: {"envelope_id": ...}).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

HELLO = {
    "type": "hello",
    "num_connections": 1,
    "debug_info": {"host": "fake-socket-mode", "approximate_connection_time": 18060},
    "connection_info": {"app_id": "A0TUTOR"},
}


def events_api_envelope(envelope_id: str, body: dict[str, Any], retry_attempt: int = 0) -> dict[str, Any]:
    """An Events API delivery as Socket Mode wraps it."""
    return {
        "envelope_id": envelope_id,
        "type": "events_api",
        "accepts_response_payload": False,
        "retry_attempt": retry_attempt,
        "retry_reason": "timeout" if retry_attempt else "",
        "payload": body,
    }


class FakeSocketMode:
    """Holds the envelopes to send and the messages received."""

    def __init__(self, envelopes: list[dict[str, Any]]) -> None:
        self.envelopes = envelopes
        self.received: list[dict[str, Any]] = []
        self.url = ""
        self._changed = threading.Condition()

    def handle(self, connection: ServerConnection) -> None:
        connection.send(json.dumps(HELLO))
        for envelope in self.envelopes:
            connection.send(json.dumps(envelope))
        try:
            for message in connection:
                with self._changed:
                    self.received.append(json.loads(message))
                    self._changed.notify_all()
        except ConnectionClosed:
            pass

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for message in self.received:
                    if message.get("envelope_id") == envelope_id:
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no ack for {envelope_id} within {timeout}s; got {self.received}")
                self._changed.wait(remaining)


@contextmanager
def running_socket_mode(envelopes: list[dict[str, Any]]) -> Iterator[FakeSocketMode]:
    """Serve a FakeSocketMode on 127.0.0.1, port 0, for the duration of the block."""
    fake = FakeSocketMode(envelopes)
    server = serve(fake.handle, "127.0.0.1", 0)
    fake.url = f"ws://127.0.0.1:{server.socket.getsockname()[1]}/"
    thread = threading.Thread(target=server.serve_forever, name="fake-socket-mode", daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        thread.join(timeout=5)
