"""A bounded load generator: `python -m bench.loadgen URL CONCURRENCY REQUESTS SECONDS MIX`.

Runs in its own process (so it does not share the server's cores' Python interpreter), posts to
/chat from CONCURRENCY workers until REQUESTS are sent or SECONDS pass, and prints one JSON line.
MIX is "unique" (the eval questions in turn, each numbered so that no request hits the
query-embedding cache) or "repeated" (one question, always the same: every request a cache hit).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid

import httpx
import numpy as np

from bench.common import REPEATED, questions


async def main(url: str, concurrency: int, total: int, seconds: float, mix: str) -> dict[str, float]:
    pool = questions() if mix == "unique" else [REPEATED]
    run_id = uuid.uuid4().hex[:6]  # numbers differ from every other run's: no cache hit across runs
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal sent, errors
            while sent < total and time.perf_counter() < deadline:
                base = pool[sent % len(pool)]
                message = base if mix == "repeated" else f"{base} ({run_id}-{sent})"
                sent += 1
                started = time.perf_counter()
                try:
                    r = await client.post("/chat", json={"message": message})
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - started) * 1000)
                errors += not ok

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    values = np.asarray(latencies)
    return {
        "concurrency": concurrency,
        "mix": mix,
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 3),
        "rps": round(len(latencies) / elapsed, 1),
        "p50": round(float(np.percentile(values, 50)), 2),
        "p99": round(float(np.percentile(values, 99)), 2),
    }


if __name__ == "__main__":
    url, concurrency, total, seconds, mix = sys.argv[1:6]
    result = asyncio.run(main(url, int(concurrency), int(total), float(seconds), mix))
    sys.stdout.write(json.dumps(result) + "\n")
