"""Hand-made bad input: lone surrogates, integer overflow, forged client addresses, leaks, headers, access."""

from __future__ import annotations

import re
import socket
import time

import httpx

from scripts.attack.report import Row
from scripts.attack.server import ADMIN_TOKEN, Served

SURROGATE = "\\ud800"  # as JSON text: a lone high surrogate, valid JSON, not valid Unicode text
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def _questions(client: httpx.Client) -> int:
    return int(client.get("/stats", headers=ADMIN).json()["questions"])


def surrogates(server: Served) -> Row:
    """A lone surrogate in every text field of every endpoint: a 4xx each, and nothing stored."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        started = client.post("/chat", json={"message": "What is the passing score?"})
        conversation = started.json().get("conversation_id", "x")
        before = _questions(client)
        bodies = [
            ("/chat", f'{{"message": "pass mark {SURROGATE}?"}}'),
            ("/chat", f'{{"message": "labs?", "conversation_id": "{SURROGATE}"}}'),
            ("/chat", f'{{"message": "labs {SURROGATE}?", "conversation_id": "{conversation}"}}'),
            ("/chat/stream", f'{{"message": "pass mark {SURROGATE}?"}}'),
            ("/chat/stream", f'{{"message": "labs?", "conversation_id": "{SURROGATE}"}}'),
            ("/search", f'{{"query": "labs {SURROGATE}"}}'),
            ("/search", f'{{"query": "labs", "conversation_id": "{SURROGATE}"}}'),
            ("/feedback", f'{{"conversation_id": "{SURROGATE}", "turn": 1, "rating": "up"}}'),
            ("/feedback", f'{{"conversation_id": "{conversation}", "turn": 1, "rating": "up", "reason": "{SURROGATE}"}}'),
            ("/v1/chat/completions", f'{{"messages": [{{"role": "user", "content": "pass mark {SURROGATE}?"}}]}}'),
            ("/v1/chat/completions", f'{{"model": "{SURROGATE}", "messages": [{{"role": "user", "content": "labs?"}}]}}'),
            ("/v1/chat/completions", f'{{"messages": [{{"role": "user", "content": [{{"type": "text", "text": "{SURROGATE}"}}]}}]}}'),
        ]  # fmt: skip
        statuses = []
        for path, body in bodies:
            r = client.post(path, content=body, headers={"content-type": "application/json"})
            statuses.append(r.status_code)
        stored = _questions(client) - before
    bad = sum(1 for s in statuses if not 400 <= s < 500)
    return Row("lone surrogate in text fields", len(bodies), bad + stored,
               f"statuses {sorted(set(statuses))}; turns stored {stored}")  # fmt: skip


def overflow(server: Served) -> Row:
    """Integers past 64 bits where the API takes a number."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        conversation = client.post("/chat", json={"message": "labs?"}).json().get("conversation_id", "x")
        cases = [
            ("/feedback", {"conversation_id": conversation, "turn": 2**63, "rating": "up"}),
            ("/feedback", {"conversation_id": conversation, "turn": 2**64 + 1, "rating": "down"}),
            ("/feedback", {"conversation_id": conversation, "turn": -(2**63) - 1, "rating": "up"}),
            ("/search", {"query": "labs", "k": 2**63}),
        ]
        statuses = [client.post(path, json=body).status_code for path, body in cases]
    bad = sum(1 for s in statuses if not 400 <= s < 500)
    return Row("integer overflow", len(cases), bad, f"statuses {sorted(set(statuses))}")


def forwarded_for(server: Served, per_minute: int) -> Row:
    """Rotate X-Forwarded-For from loopback: past the limit, every request should still be refused."""
    sent, passed = per_minute * 3, 0
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for i in range(sent):
            headers = {
                "X-Forwarded-For": f"198.51.100.{i % 250 + 1}"
            }  # documentation addresses, never contacted
            passed += client.post("/search", json={"query": "labs"}, headers=headers).status_code == 200
    return Row("X-Forwarded-For rotation", sent, max(0, passed - per_minute),
               f"{passed} of {sent} passed a limit of {per_minute}/min")  # fmt: skip


def leaks(server: Served, secrets: list[str]) -> Row:
    """Bodies of the not-ready answers: no paths, no FAISS internals."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        answers = [client.get("/readyz"), client.post("/chat", json={"message": "labs?"})]
    leaked = [
        r.text for r in answers if any(s in r.text for s in secrets) or re.search(r"faiss|Error in ", r.text)
    ]
    statuses = sorted({r.status_code for r in answers})
    return Row("503 bodies without internals", len(answers), len(leaked),
               f"statuses {statuses}; e.g. {leaked[0][:120]!r}" if leaked else f"statuses {statuses}")  # fmt: skip


def headers(server: Served) -> Row:
    """The page's security headers."""
    r = httpx.get(server.url + "/")
    csp = r.headers.get("content-security-policy", "")
    missing = [
        name
        for name, ok in (
            ("CSP", bool(csp) and "unsafe-inline" not in csp),
            ("frame-ancestors", "frame-ancestors" in csp),
            ("X-Content-Type-Options", r.headers.get("x-content-type-options") == "nosniff"),
            ("Referrer-Policy", "referrer-policy" in r.headers),
        )
        if not ok
    ]
    return Row(
        "security headers on the page",
        1,
        len(missing),
        "missing: " + ", ".join(missing) if missing else "all present",
    )


def conversation_access(server: Served) -> Row:
    """A conversation id alone must not let another client read, rate or continue the conversation."""
    with httpx.Client(base_url=server.url, timeout=30) as owner:
        conversation = owner.post("/chat", json={"message": "What is the passing score?"}).json()[
            "conversation_id"
        ]
    with httpx.Client(base_url=server.url, timeout=30) as stranger:
        answers = [
            stranger.get(f"/conversations/{conversation}"),
            stranger.post("/chat", json={"message": "and labs?", "conversation_id": conversation}),
            stranger.post("/feedback", json={"conversation_id": conversation, "turn": 1, "rating": "down"}),
        ]
    allowed = [r.status_code for r in answers if r.status_code < 400]
    return Row("conversation id without its owner", len(answers), len(allowed),
               f"statuses {[r.status_code for r in answers]}")  # fmt: skip


def slow_clients(server: Served, connections: int = 200, hold: float = 20.0) -> Row:
    """Slowloris: connections that send headers a byte at a time; the server should close them."""
    port = int(server.url.rsplit(":", 1)[1])
    held: list[socket.socket] = []
    for _ in range(connections):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        held.append(sock)
    deadline = time.monotonic() + hold
    open_ = list(held)
    while time.monotonic() < deadline and open_:
        still = []
        for sock in open_:
            try:
                sock.sendall(b"X")
                still.append(sock)
            except OSError:
                sock.close()
        open_ = still
        time.sleep(2)
    for sock in open_:
        sock.close()
    return Row("slow clients (headers a byte at a time)", connections, len(open_),
               f"{len(open_)} of {connections} still open after {hold:.0f} s")  # fmt: skip
