"""Maintainer endpoints: the token gate, reindexing from corpus/, and /stats."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder, build_options
from index.encoder import Encoder
from ingest.build import build

TOKEN = "maintainer-secret"


def test_admin_endpoints_are_off_without_a_token(client: TestClient) -> None:
    assert client.post("/admin/reindex").status_code == 404
    assert client.get("/stats").status_code == 404


@pytest.fixture
def own_settings(settings: Settings, own_corpus: Path, tmp_path: Path, encoder: Encoder) -> Settings:
    """A private corpus and index (built), with the admin token set."""
    mine = settings.model_copy(
        update={"corpus_dir": own_corpus, "index_dir": tmp_path / "index", "admin_token": SecretStr(TOKEN)}
    )
    build(build_options(mine), encoder=encoder)
    return mine


@pytest.fixture
def admin(own_settings: Settings, encoder: Encoder) -> TestClient:
    with TestClient(create_app(own_settings, holder=IndexHolder(own_settings, encoder=encoder))) as client:
        client.get("/readyz")
        yield client  # type: ignore[misc]


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def wait_ready(client: TestClient) -> None:
    import time

    deadline = time.monotonic() + 30
    while client.get("/readyz").status_code != 200:
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_wrong_or_missing_token_is_401(admin: TestClient) -> None:
    assert admin.post("/admin/reindex").status_code == 401
    r = admin.post("/admin/reindex", headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert admin.get("/stats", headers={"Authorization": "Basic x"}).status_code == 401


def test_reindex_rebuilds_from_the_corpus_and_swaps_it_in(admin: TestClient, own_settings: Settings) -> None:
    wait_ready(admin)
    before = admin.get("/readyz").json()["build_id"]
    faq = own_settings.corpus_dir / "faq-general.md"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace("70% or higher", "85% or higher"), encoding="utf-8"
    )
    r = admin.post("/admin/reindex", headers=AUTH)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["build_id"] != before and report["embedded"] == 2
    assert report["files"] == [
        {"path": "faq-general.md", "added": 0, "changed": 1, "removed": 0, "unchanged": 11}
    ]
    assert admin.get("/readyz").json()["build_id"] == report["build_id"]
    assert "85%" in admin.post("/chat", json={"message": "pass mark?"}).json()["answer"]


def test_a_failed_reindex_keeps_the_old_index(admin: TestClient, own_settings: Settings) -> None:
    wait_ready(admin)
    before = admin.get("/readyz").json()["build_id"]
    (own_settings.corpus_dir / "broken.md").write_text("no front matter\n", encoding="utf-8")
    r = admin.post("/admin/reindex", headers=AUTH)
    assert r.status_code == 422
    assert "broken.md:1: missing front matter" in r.json()["detail"]
    assert "still in service" in r.json()["detail"]
    assert admin.get("/readyz").json()["build_id"] == before
    assert "70%" in admin.post("/chat", json={"message": "pass mark?"}).json()["answer"]


def test_stats_show_what_the_curriculum_could_not_answer(admin: TestClient) -> None:
    wait_ready(admin)
    for message in ("How much does the exam cost?", "how much does the exam cost", "pass mark?"):
        admin.post("/chat", json={"message": message})
    answered = admin.post("/chat", json={"message": "Is the exam proctored?"}).json()
    admin.post(
        "/feedback", json={"conversation_id": answered["conversation_id"], "turn": 1, "rating": "down"}
    )
    stats = admin.get("/stats", headers=AUTH).json()
    assert stats["questions"] == 4 and stats["abstained"] == 2
    assert stats["abstention_rate"] == 0.5
    assert stats["feedback"] == {"up": 0, "down": 1}
    top = stats["unanswered"][0]
    assert top["count"] == 2 and top["abstained"] == 2 and "exam cost" in top["question"].lower()
    assert any(u["rated_down"] == 1 and "proctored" in u["question"] for u in stats["unanswered"])
    assert stats["index"]["chunks"] == 81
