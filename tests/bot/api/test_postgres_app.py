"""The service on PostgreSQL: what replicas share goes to the database named by TUTOR_DATABASE_URL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from bot.store import PostgresStore


@pytest.mark.postgres
def test_conversations_and_feedback_live_in_postgres(
    settings: Settings, holder: IndexHolder, postgres_url: str
) -> None:
    token = "t" * 32
    shared = settings.model_copy(update={"database_url": postgres_url, "admin_token": SecretStr(token)})
    replicas = [TestClient(create_app(shared, holder=holder)) for _ in range(2)]
    with replicas[0] as first, replicas[1] as second:
        started = first.post(
            "/chat", json={"message": "What skills will I gain at the foundation level?"}
        ).json()
        # The other replica continues the same conversation (the same browser, so the same cookie): the
        # store is the only shared state.
        second.cookies = first.cookies
        follow = second.post(
            "/chat",
            json={"message": "and the professional level?", "conversation_id": started["conversation_id"]},
        ).json()
        assert follow["turn"] == 2 and "professional-level/skills" in follow["citations"][0]["id"]
        assert (
            second.post(
                "/feedback", json={"conversation_id": started["conversation_id"], "turn": 2, "rating": "up"}
            ).status_code
            == 200
        )
        stats = first.get("/stats", headers={"Authorization": f"Bearer {token}"}).json()
        assert stats["questions"] == 2 and stats["feedback"]["up"] == 1
    store = PostgresStore(postgres_url)
    try:
        turns = store.get_conversation(started["conversation_id"]).turns  # type: ignore[union-attr]
        assert [t.question for t in turns][-1] == "and the professional level?"
    finally:
        store.close()
    assert not (settings.database_path).exists()  # SQLite was not touched
