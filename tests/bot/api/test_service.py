"""The service around the answers: health, readiness, search, passages, conversations, feedback."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from bot.store import SQLiteStore
from index.encoder import Encoder


def test_healthz_and_readyz(client: TestClient, holder: IndexHolder) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    manifest = holder.answerer.retriever.artifact.manifest
    assert body["status"] == "ready" and body["chunks"] == manifest.chunks == 81
    assert body["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert body["corpus_hash"] == manifest.corpus_hash and body["built_at"]


def test_readyz_is_503_until_an_index_is_loaded(settings: Settings, encoder: Encoder, tmp_path: Path) -> None:
    empty = settings.model_copy(update={"index_dir": tmp_path / "no-index"})
    with TestClient(create_app(empty, holder=IndexHolder(empty, encoder=encoder))) as client:
        assert client.get("/healthz").status_code == 200
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json()["detail"] == "no index has been published"
        chat = client.post("/chat", json={"message": "pass mark?"})
        assert chat.status_code == 503 and chat.headers["retry-after"]
        # A short reason for clients; the path (and what to run) is in the log, not the body.
        for body in (r.text, chat.text):
            assert str(tmp_path) not in body and "/" not in body.replace("</", "")


def test_search_shows_ranked_passages_on_the_answer_path(client: TestClient) -> None:
    question = "what mistakes do people make at the professional level"
    search = client.post("/search", json={"query": question, "k": 5}).json()
    chat = client.post("/chat", json={"message": question}).json()
    assert search["results"][0]["id"] == chat["citations"][0]["id"]
    assert [r["rank"] for r in search["results"]] == [1, 2, 3, 4, 5]
    first = search["results"][0]
    assert {"dense", "bm25", "fused", "boost", "score", "dense_rank", "bm25_rank", "text"} <= set(first)
    assert search["would_abstain"] is False and search["confidence"] == chat["confidence"]
    filtered = client.post("/search", json={"query": "common mistakes", "level": "foundation"}).json()
    assert {r["id"].split("/")[0] for r in filtered["results"]} == {"level-foundation"}


def test_search_follows_a_conversation(client: TestClient) -> None:
    first = client.post(
        "/chat", json={"message": "What are the common mistakes at the managerial level?"}
    ).json()
    search = client.post(
        "/search", json={"query": "and the foundation level?", "conversation_id": first["conversation_id"]}
    ).json()
    assert search["resolved_query"] != "and the foundation level?"
    assert (
        search["results"][0]["id"].startswith("level-foundation/")
        and "common-mistakes" in search["results"][0]["id"]
    )


def test_passage_by_id(client: TestClient) -> None:
    pid = "faq-general/frequently-asked-questions-general/is-the-exam-proctored#0"
    r = client.get("/passages/" + pid.replace("#", "%23"))
    assert r.status_code == 200 and r.json()["source"] == "corpus/faq-general.md"
    assert client.get("/passages/no/such%23id").status_code == 404


def test_feedback_is_stored_and_checked(client: TestClient, settings: Settings) -> None:
    chat = client.post("/chat", json={"message": "Is the exam proctored?"}).json()
    cid = chat["conversation_id"]
    ok = client.post(
        "/feedback", json={"conversation_id": cid, "turn": 1, "rating": "down", "reason": "too short"}
    )
    assert ok.status_code == 200 and ok.json()["rating"] == "down"
    assert (
        client.post("/feedback", json={"conversation_id": cid, "turn": 2, "rating": "up"}).status_code == 404
    )
    assert (
        client.post("/feedback", json={"conversation_id": "zz", "turn": 1, "rating": "up"}).status_code == 404
    )
    bad = client.post("/feedback", json={"conversation_id": cid, "turn": 1, "rating": "meh"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "rating"]
    store = SQLiteStore(settings.database_path)
    try:
        assert store.stats().feedback_down == 1
    finally:
        store.close()


def test_conversation_record(client: TestClient) -> None:
    chat = client.post("/chat", json={"message": "labs included?"}).json()
    record = client.get(f"/conversations/{chat['conversation_id']}").json()
    assert record["source"] == "http" and record["turns"][0]["answer"]["answer"] == chat["answer"]
    assert client.get("/conversations/unknown").status_code == 404


def test_the_page_counts_against_the_configured_limit(settings: Settings, holder: IndexHolder) -> None:
    limited = settings.model_copy(update={"max_message_chars": 500})
    with TestClient(create_app(limited, holder=holder)) as client:
        r = client.get("/")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        assert 'data-max-chars="500"' in r.text
        assert client.get("/static/app.js").status_code == 200
