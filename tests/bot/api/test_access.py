"""Who may reach a conversation over HTTP (the browser that started it), and how much of it at once."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.api.deps import OWNER_COOKIE
from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder


def test_a_conversation_id_alone_opens_nothing(
    client: TestClient, settings: Settings, holder: IndexHolder
) -> None:
    started = client.post("/chat", json={"message": "What skills will I gain at the foundation level?"})
    cid = started.json()["conversation_id"]
    with TestClient(create_app(settings, holder=holder)) as stranger:  # another browser: no cookie
        answers = [
            stranger.get(f"/conversations/{cid}"),
            stranger.post("/chat", json={"message": "and the professional level?", "conversation_id": cid}),
            stranger.post(
                "/chat/stream", json={"message": "and the professional level?", "conversation_id": cid}
            ),
            stranger.post("/feedback", json={"conversation_id": cid, "turn": 1, "rating": "down"}),
            stranger.post("/search", json={"query": "and the professional level?", "conversation_id": cid}),
        ]
        stranger.cookies.set(OWNER_COOKIE, "x" * 43)  # a well-formed cookie of its own is no better
        answers.append(stranger.get(f"/conversations/{cid}"))
    assert [r.status_code for r in answers] == [404] * 6
    # Its owner continues it, reads it and rates it.
    follow = client.post("/chat", json={"message": "and the professional level?", "conversation_id": cid})
    assert follow.status_code == 200 and follow.json()["turn"] == 2
    assert (
        client.post("/feedback", json={"conversation_id": cid, "turn": 2, "rating": "up"}).status_code == 200
    )
    assert len(client.get(f"/conversations/{cid}").json()["turns"]) == 2
    assert client.app.state.store.stats().feedback_down == 0  # type: ignore[attr-defined]


def test_the_cookie_is_http_only_and_same_site(client: TestClient) -> None:
    r = client.post("/chat", json={"message": "What is the passing score?"})
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{OWNER_COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert OWNER_COOKIE not in r.text  # never in a body a script could read


def test_a_conversation_is_read_a_page_at_a_time(client: TestClient) -> None:
    cid = client.post("/chat", json={"message": "What is the passing score?"}).json()["conversation_id"]
    for question in ("labs?", "is the exam proctored?", "how long is the exam?", "retakes?"):
        client.post("/chat", json={"message": question, "conversation_id": cid})
    first = client.get(f"/conversations/{cid}", params={"limit": 2}).json()
    assert [t["n"] for t in first["turns"]] == [1, 2] and first["next_after"] == 2
    second = client.get(f"/conversations/{cid}", params={"limit": 2, "after": 2}).json()
    last = client.get(f"/conversations/{cid}", params={"limit": 2, "after": 4}).json()
    assert [t["n"] for t in second["turns"]] == [3, 4] and [t["n"] for t in last["turns"]] == [5]
    assert last["next_after"] is None
    assert client.get(f"/conversations/{cid}", params={"limit": 101}).status_code == 422


def test_a_full_conversation_is_a_409(settings: Settings, holder: IndexHolder) -> None:
    with TestClient(create_app(settings.model_copy(update={"max_turns": 2}), holder=holder)) as client:
        cid = client.post("/chat", json={"message": "What is the passing score?"}).json()["conversation_id"]
        assert client.post("/chat", json={"message": "labs?", "conversation_id": cid}).status_code == 200
        full = client.post("/chat", json={"message": "retakes?", "conversation_id": cid})
        assert full.status_code == 409 and "start a new conversation" in full.json()["detail"]
        assert len(client.get(f"/conversations/{cid}").json()["turns"]) == 2
