"""Load: /chat throughput under /v1 amplification, and /chat p99 while the Slack Web API hangs."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from slack_sdk.signature import SignatureVerifier

from scripts.attack.report import Row, status
from scripts.attack.server import ROOT, SIGNING_SECRET, Served

LUA = ROOT / "bench" / "wrk_chat.lua"


def messages_file(work: Path) -> Path:
    """The eval questions, JSON-escaped, one a line: what wrk posts to /chat."""
    from bench.common import questions

    path = work / "questions.txt"
    path.write_text("\n".join(json.dumps(q)[1:-1] for q in questions()) + "\n", encoding="utf-8")
    return path


def wrk(server: Served, messages: Path, seconds: int, connections: int = 8) -> dict[str, float]:
    """wrk against /chat, a new question each request; its summary (requests, errors, p99_us, rps)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "20s", "-s", str(LUA),
               server.url, "--", str(messages), "unique", "100000000", "1"]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    summary: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1e6)
    return summary


class Repeating(threading.Thread):
    """Starts `send` every `interval` seconds until stopped, each in a thread of its own when `parallel`
    (as Slack delivers events, without waiting for the last); counts the calls and the failed ones."""

    def __init__(self, send: Callable[[], bool], interval: float, parallel: bool = False) -> None:
        super().__init__(daemon=True)
        self.send, self.interval, self.parallel = send, interval, parallel
        self.sent = self.failed = 0
        self.slowest = 0.0
        self.stop = threading.Event()
        self._lock = threading.Lock()

    def _once(self) -> None:
        began = time.monotonic()
        try:
            ok = self.send()
        except httpx.HTTPError:
            ok = False
        with self._lock:
            self.slowest = max(self.slowest, time.monotonic() - began)
            self.sent += 1
            self.failed += not ok

    def run(self) -> None:
        with ThreadPoolExecutor(max_workers=64) as pool:
            while not self.stop.is_set():
                began = time.monotonic()
                if self.parallel:
                    pool.submit(self._once)
                else:
                    self._once()
                self.stop.wait(max(0.0, self.interval - (time.monotonic() - began)))


def wrk_without_and_with(
    server: Served, messages: Path, seconds: int, background: Repeating
) -> tuple[dict[str, float], dict[str, float]]:
    """wrk's summaries: alone, then with `background` running."""
    without = wrk(server, messages, seconds)
    background.start()
    try:
        return without, wrk(server, messages, seconds)
    finally:
        background.stop.set()
        background.join()


def amplification(server: Served, messages: Path, seconds: int) -> Row:
    """One client, from another loopback address, sending 64 KiB /v1 requests of ~1,300 user messages
    at 32 a minute, against wrk's /chat load: /chat throughput with it and without it."""
    history = [{"role": "user", "content": "pass mark?"}] * 1300
    body = json.dumps({"model": "mlops-tutor", "messages": history}).encode()
    assert len(body) <= 64 * 1024, len(body)
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(base_url=server.url, transport=transport, timeout=60) as client:

        def send() -> bool:
            r = client.post(
                "/v1/chat/completions", content=body, headers={"content-type": "application/json"}
            )
            return r.status_code in (200, 429)

        attacker = Repeating(send, 60 / 32, parallel=True)  # 32 a minute, whether answered or not
        without, with_ = wrk_without_and_with(server, messages, seconds, attacker)
    ratio = with_["rps"] / without["rps"]
    note = (f"/chat {without['rps']:.0f} req/s without, {with_['rps']:.0f} with ({ratio:.0%}); "
            f"{attacker.sent} /v1 requests, slowest {attacker.slowest:.1f} s")  # fmt: skip
    failures = int(with_["errors"]) + (ratio < 0.8)
    return Row(
        "/v1 amplification vs /chat throughput", int(with_["requests"]) + attacker.sent, failures, note
    )


def _signed(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=ts, body=body)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": str(signature),
        "Content-Type": "application/json",
    }


def hung_slack(server: Served, messages: Path, seconds: int) -> Row:
    """Slack events while the Web API hangs: events acknowledged with 200 within 3 s, /chat p99 within 2x."""
    counter = iter(range(10**9))
    with httpx.Client(base_url=server.url, timeout=30) as client:

        def send() -> bool:
            n = next(counter)
            event = {"type": "message", "channel": "D0ATTACK", "channel_type": "im", "user": "U0ATTACK",
                     "text": f"What is the passing score? ({n})", "ts": f"1700000000.{n:06d}"}  # fmt: skip
            body = json.dumps({"type": "event_callback", "event_id": f"EvAttack{time.time_ns()}", "team_id": "T0",
                               "api_app_id": "A0", "event": event})  # fmt: skip
            began = time.monotonic()
            code = status(client, "POST", "/slack/events", content=body, headers=_signed(body), timeout=10)
            return code == 200 and time.monotonic() - began < 3

        slack = Repeating(send, 0.25, parallel=True)
        without, with_ = wrk_without_and_with(server, messages, seconds, slack)
    ratio = with_["p99_us"] / without["p99_us"]
    note = (f"/chat p99 {without['p99_us'] / 1000:.0f} ms without, {with_['p99_us'] / 1000:.0f} ms with ({ratio:.1f}x); "
            f"{with_['errors']:.0f} /chat errors; {slack.failed} of {slack.sent} events not acknowledged "
            f"with 200 in 3 s (slowest {slack.slowest:.1f} s)")  # fmt: skip
    failures = int(with_["errors"]) + slack.failed + (ratio > 2)
    return Row("hung Slack Web API vs /chat p99", int(with_["requests"]) + slack.sent, failures, note)
