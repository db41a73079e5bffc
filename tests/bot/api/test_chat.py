"""POST /chat and /chat/stream: the contract, conversations, and every refusal."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.answer.replies import Replies
from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from tests.servers import running_server
from tests.tripwire import TripwireHolder

CONTRACT_KEYS = {
    "answer",
    "kind",
    "citations",
    "abstained",
    "confidence",
    "suggestions",
    "conversation_id",
    "turn",
    "plan",
    "sections",
}
CITATION_KEYS = {"n", "id", "title", "section", "source", "lines", "quote", "score"}


def test_chat_answers_with_citations_and_starts_a_conversation(client: TestClient) -> None:
    r = client.post("/chat", json={"message": "What is the passing score for the exams?"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == CONTRACT_KEYS
    assert "70%" in body["answer"] and body["answer"].endswith("[1]")
    assert body["abstained"] is False and 0 <= body["confidence"] <= 1
    citation = body["citations"][0]
    assert set(citation) == CITATION_KEYS
    assert citation["n"] == 1 and citation["source"] == "corpus/faq-general.md"
    assert citation["lines"] == [24, 26]
    assert body["conversation_id"] and body["turn"] == 1


def test_follow_up_continues_the_conversation(client: TestClient) -> None:
    first = client.post("/chat", json={"message": "What skills will I gain at the foundation level?"}).json()
    second = client.post(
        "/chat", json={"message": "and the professional level?", "conversation_id": first["conversation_id"]}
    ).json()
    assert second["conversation_id"] == first["conversation_id"] and second["turn"] == 2
    assert "professional-level/skills" in second["citations"][0]["id"]
    turns = client.get(f"/conversations/{first['conversation_id']}").json()["turns"]
    assert [t["question"] for t in turns] == [
        "What skills will I gain at the foundation level?",
        "and the professional level?",
    ]


def test_unknown_conversation_is_404_with_a_clear_message(client: TestClient) -> None:
    r = client.post("/chat", json={"message": "pass mark?", "conversation_id": "nope"})
    assert r.status_code == 404
    assert "conversation 'nope' not found" in r.json()["detail"]


def test_out_of_scope_abstains_with_suggestions(client: TestClient) -> None:
    body = client.post("/chat", json={"message": "How much does the exam cost?"}).json()
    assert body["abstained"] is True and body["citations"] == []
    assert len(body["suggestions"]) >= 2


def test_validation_errors_name_the_field(client: TestClient) -> None:
    r = client.post("/chat", json={"conversation_id": None})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "message"]
    r = client.post("/chat", json={"message": 42})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "message"]


def test_empty_whitespace_and_over_long_messages_are_refused(client: TestClient, settings: Settings) -> None:
    for message in ("", "   \n "):
        r = client.post("/chat", json={"message": message})
        assert r.status_code == 422
        assert r.json()["detail"][0]["msg"] == "must not be empty or only whitespace"
    r = client.post("/chat", json={"message": "x" * (settings.max_message_chars + 1)})
    assert r.status_code == 422
    assert f"the limit is {settings.max_message_chars}" in r.json()["detail"][0]["msg"]


def test_malformed_json_is_a_clear_400(client: TestClient) -> None:
    r = client.post("/chat", content=b'{"message": ', headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert r.json() == {"detail": "malformed JSON in the request body"}


def events(raw: str) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    out = []
    for block in raw.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def test_stream_sends_meta_deltas_citations_then_done(client: TestClient) -> None:
    with client.stream(
        "POST", "/chat/stream", json={"message": "common mistakes at the foundation level?"}
    ) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        received = events(r.read().decode())
    names = [name for name, _ in received]
    assert names[0] == "meta" and names[-2:] == ["citations", "done"]
    assert set(names[1:-2]) == {"delta"} and len(names) >= 5
    text = "".join(data["text"] for name, data in received if name == "delta")
    assert "Ignoring the data versioning aspect" in text and "[1]" in text
    done = received[-1][1]
    assert done["abstained"] is False and done["conversation_id"] == received[0][1]["conversation_id"]
    assert received[-2][1]["citations"][0]["id"].endswith("common-mistakes#0")


def test_stream_refuses_bad_input_before_any_event(client: TestClient) -> None:
    assert client.post("/chat/stream", json={"message": " "}).status_code == 422
    assert client.post("/chat/stream", json={"message": "x" * 5000}).status_code == 422
    r = client.post("/chat/stream", json={"message": "hi", "conversation_id": "missing"})
    assert r.status_code == 404


def test_stream_reports_a_failure_as_an_error_event(client: TestClient, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bot.conversations import Conversations

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("/secret/path/answerer.py exploded")

    monkeypatch.setattr(Conversations, "ask", broken)
    with client.stream("POST", "/chat/stream", json={"message": "pass mark?"}) as r:
        received = events(r.read().decode())
    assert received == [("error", {"status": 500, "message": "the tutor failed to answer; please try again"})]


@pytest.fixture
def guarded(settings: Settings, holder: IndexHolder) -> Iterator[TestClient]:
    """The real app, answering through a retriever that fails the test if it is used."""
    with TestClient(create_app(settings, holder=TripwireHolder(holder))) as test_client:
        yield test_client


@pytest.mark.parametrize(("message", "kind"), [("hi", "greeting"), ("thanks!", "thanks"), ("bye", "goodbye")])
def test_small_talk_gets_its_own_reply_without_retrieval(
    guarded: TestClient, message: str, kind: str
) -> None:
    body = guarded.post("/chat", json={"message": message}).json()
    assert body["kind"] == kind and body["citations"] == [] and body["abstained"] is False


def test_help_says_what_the_tutor_covers_and_offers_starters_without_retrieval(guarded: TestClient) -> None:
    body = guarded.post("/chat", json={"message": "what can you do?"}).json()
    assert body["kind"] == "help" and "Certified MLOps Manager curriculum" in body["answer"]
    assert body["suggestions"] == list(Replies().starters)
    streamed = events(guarded.post("/chat/stream", json={"message": "help"}).text)
    assert streamed[-1][0] == "done" and streamed[-1][1]["kind"] == "help"
    assert streamed[-1][1]["suggestions"] == list(Replies().starters)


def test_another_language_and_another_certification_are_declined_in_words(guarded: TestClient) -> None:
    spanish = guarded.post(
        "/chat", json={"message": "¿Cuánto tiempo dura el examen del nivel básico?"}
    ).json()
    assert spanish["kind"] == "language" and spanish["abstained"] and "English" in spanish["answer"]
    other = guarded.post("/chat", json={"message": "Is the PMP exam multiple choice?"}).json()
    assert other["kind"] == "other_certification" and other["citations"] == []


@pytest.mark.parametrize("threads", [1, 3])
def test_no_more_answers_at_once_than_answer_threads(
    settings: Settings, holder: IndexHolder, monkeypatch: pytest.MonkeyPatch, threads: int
) -> None:
    app = create_app(settings.model_copy(update={"answer_threads": threads}), holder=holder)
    lock = threading.Lock()
    active, peak = 0, 0
    with running_server(app) as url:
        real = app.state.conversations.ask

        def counted(*args: Any, **kwargs: Any) -> Any:
            """The real answer, counting the answers in progress."""
            nonlocal active, peak
            with lock:
                active += 1
                peak = max(peak, active)
            try:
                time.sleep(0.05)  # long enough for the other requests to arrive meanwhile
                return real(*args, **kwargs)
            finally:
                with lock:
                    active -= 1

        monkeypatch.setattr(app.state.conversations, "ask", counted)

        def post(n: int) -> int:
            message = {"message": f"What is the passing score for the exams? ({n})"}
            return httpx.post(f"{url}/chat", json=message, timeout=30).status_code

        with ThreadPoolExecutor(6) as pool:
            statuses = list(pool.map(post, range(6)))
    assert statuses == [200] * 6
    assert peak == threads  # as many as allowed, and never more
