"""/metrics: off unless configured, guarded by its token, on a port of its own when asked; the counters
and stage histograms move with real requests to a real server, read with prometheus_client's own parser."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from tests.servers import running_server

TOKEN = "metrics-token-" + "x" * 32
AUTH = {"Authorization": f"Bearer {TOKEN}"}
STAGES = ("embed", "search", "compose", "store")

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(text: str) -> Samples:
    """Every sample of the exposition, by name and labels."""
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(found: Samples, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
def server(settings: Settings, holder: IndexHolder) -> Iterator[httpx.Client]:
    guarded = settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})
    with running_server(create_app(guarded, holder=holder)) as url, httpx.Client(base_url=url) as client:
        yield client


def scrape(client: httpx.Client) -> Samples:
    response = client.get("/metrics", headers=AUTH)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return samples(response.text)


def test_counters_and_stages_move_with_real_requests(server: httpx.Client) -> None:
    before = scrape(server)
    answered = server.post("/chat", json={"message": "What is the passing score?"}).json()
    abstained = server.post("/chat", json={"message": "What is the capital of Peru?"}).json()
    assert not answered["abstained"] and abstained["abstained"]
    for rating in ("up", "down", "down"):
        body = {"conversation_id": answered["conversation_id"], "turn": 1, "rating": rating}
        assert server.post("/feedback", json=body).status_code == 200
    server.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "pass mark?"}]})
    after = scrape(server)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("tutor_questions_total", source="http") == 2
    assert moved("tutor_questions_total", source="openai") == 1
    assert moved("tutor_answers_total", source="http") == 1
    assert moved("tutor_abstentions_total", source="http") == 1
    assert moved("tutor_feedback_total", rating="up") == 1
    assert moved("tutor_feedback_total", rating="down") == 2
    for stage in STAGES:
        count = moved("tutor_stage_duration_seconds_count", stage=stage)
        assert count >= (3 if stage == "store" else 1), stage
        assert moved("tutor_stage_duration_seconds_bucket", stage=stage, le="+Inf") == count
        assert moved("tutor_stage_duration_seconds_sum", stage=stage) > 0

    build_id = server.get("/readyz").json()["build_id"]
    info = [k for k in after if k[0] == "tutor_index_build_info"]
    assert len(info) == 1 and ("build_id", build_id) in info[0][1]
    assert 0 <= value(after, "tutor_index_age_seconds") < 24 * 3600
    assert value(after, "tutor_index_build_timestamp_seconds") > 1.7e9
    assert value(after, "process_resident_memory_bytes") > 0  # the process's own, too


def test_the_token_guards_it(server: httpx.Client) -> None:
    assert server.get("/metrics").status_code == 401
    assert server.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert "/metrics" not in server.get("/openapi.json").json()["paths"]


def test_off_unless_configured(client: TestClient) -> None:
    assert client.get("/metrics", headers=AUTH).status_code == 404


def test_a_port_of_its_own_and_refusals_counted(settings: Settings, holder: IndexHolder) -> None:
    """TUTOR_METRICS_PORT: scraped apart from the public port, whose rate limit does not apply to it."""
    limited = settings.model_copy(update={"metrics_port": 0, "rate_limit_per_minute": 2})
    app = create_app(limited, holder=holder)
    with running_server(app) as url, httpx.Client(base_url=url) as client:
        metrics_url = f"http://127.0.0.1:{app.state.metrics_port}/metrics"
        before = samples(httpx.get(metrics_url).text)
        codes = [client.get("/v1/models").status_code for _ in range(3)]
        after = samples(httpx.get(metrics_url).text)
        assert client.get("/metrics").status_code in (404, 429)  # not on the public port
    assert codes == [200, 200, 429]
    refused = "tutor_rate_limit_refusals_total"
    assert value(after, refused, limit="api") - value(before, refused, limit="api") == 1
