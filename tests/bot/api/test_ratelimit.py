"""Rate limits: a moving window per client address (limits), that a forged header cannot dodge, that
forgets idle clients, that holds across replicas in Redis, with the standard RateLimit-* headers."""

from __future__ import annotations

import time

import httpx
import pytest
from fastapi.testclient import TestClient
from limits import RateLimitItemPerSecond

from bot.api.main import create_app
from bot.api.ratelimit import MemoryWindows, RateLimits
from bot.api.serving import server_config
from bot.config import Settings
from bot.runtime import IndexHolder
from tests.servers import running_server


def limited(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(update={"rate_limit_per_minute": 5, "port": 0, **changes})


def rotating_forwarded_for(settings: Settings, holder: IndexHolder) -> list[int]:
    """Eight requests under `tutor serve`'s own uvicorn configuration, each claiming another address."""
    app = create_app(settings, holder=holder)
    with running_server(app, server_config(app, settings)) as url:
        return [
            httpx.post(
                f"{url}/search", json={"query": "labs"}, headers={"X-Forwarded-For": f"198.51.100.{i}"}
            ).status_code
            for i in range(8)
        ]


def test_rotating_x_forwarded_for_does_not_dodge_the_limit(settings: Settings, holder: IndexHolder) -> None:
    """No proxy is trusted unless one is configured."""
    assert rotating_forwarded_for(limited(settings), holder) == [200] * 5 + [429] * 3


def test_a_trusted_proxy_names_the_client(settings: Settings, holder: IndexHolder) -> None:
    codes = rotating_forwarded_for(limited(settings, trusted_proxies=["127.0.0.1"]), holder)
    assert codes == [200] * 8  # each forwarded address is a client of its own


def test_ratelimit_headers_count_down_and_a_refusal_says_when(
    settings: Settings, holder: IndexHolder
) -> None:
    with TestClient(create_app(limited(settings), holder=holder)) as client:
        answers = [client.post("/search", json={"query": "labs"}) for _ in range(6)]
    assert [r.headers["ratelimit-remaining"] for r in answers[:5]] == ["4", "3", "2", "1", "0"]
    assert all(
        r.headers["ratelimit-limit"] == "5" and r.headers["ratelimit-policy"] == "5;w=60" for r in answers
    )
    refused = answers[5]
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60 and refused.headers["ratelimit-remaining"] == "0"


def test_idle_clients_are_forgotten() -> None:
    """A stream of new addresses must not grow the table for ever (it did: 28,000 in 40 s)."""
    storage = MemoryWindows(prune_seconds=0.2)
    limits = RateLimits("memory://", 10, 10)
    limits.storage, limits._limiter = storage, type(limits._limiter)(storage)  # a three-second window below
    # Three seconds, so that on a busy machine no client's window ends before all 2,000 have come.
    item = RateLimitItemPerSecond(1, 3)
    for n in range(2000):
        assert limits.take(item, f"198.51.{n // 250}.{n % 250}").allowed
    assert storage.clients == 2000
    time.sleep(3.3)
    limits.take(item, "203.0.113.1")  # any request prunes what has expired
    assert storage.clients == 1


def test_hits_start_no_thread_and_trim_their_expired_hits() -> None:
    """limits' own memory storage started a timer thread on nearly every hit; its work is done inline."""
    storage = MemoryWindows()
    limits = RateLimits("memory://", 10, 10)
    limits.storage, limits._limiter = storage, type(limits._limiter)(storage)
    item = RateLimitItemPerSecond(100)
    timer = storage.timer  # limits' expiry timer, started once with the storage
    for _ in range(50):
        assert limits.take(item, "198.51.100.7").allowed
        time.sleep(0.012)  # longer than limits' 10 ms timer: each hit would have started a new one
    assert storage.timer is timer  # limits would have replaced it, a new thread, on most of these hits
    assert len(storage.events["LIMITER/198.51.100.7/100/1/second"]) == 50
    time.sleep(1.1)
    assert limits.take(item, "198.51.100.7").remaining == 99  # the 50 expired hits are gone, not counted
    assert len(storage.events["LIMITER/198.51.100.7/100/1/second"]) == 1


@pytest.mark.redis
def test_a_redis_limit_holds_across_replicas(settings: Settings, holder: IndexHolder, redis_url: str) -> None:
    shared = limited(settings, rate_limit_storage=redis_url)
    with (
        TestClient(create_app(shared, holder=holder)) as first,
        TestClient(create_app(shared, holder=holder)) as second,
    ):
        codes = [
            (first if n % 2 else second).post("/search", json={"query": "labs"}).status_code for n in range(7)
        ]
    assert codes == [200] * 5 + [429] * 2
