"""The OpenAI-compatible endpoints, driven by the official `openai` client over a real server."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest
from fastapi.testclient import TestClient

from bot.answer.replies import Replies
from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from tests.servers import running_server
from tests.tripwire import TripwireHolder


@pytest.fixture
def oai(settings: Settings, holder: IndexHolder) -> Iterator[openai.OpenAI]:
    with running_server(create_app(settings, holder=holder)) as url:
        yield openai.OpenAI(base_url=f"{url}/v1", api_key="not-needed", max_retries=0)


def test_models(oai: openai.OpenAI) -> None:
    assert [m.id for m in oai.models.list()] == ["mlops-tutor"]


def test_completion_appends_sources_and_carries_them_whole(oai: openai.OpenAI) -> None:
    completion = oai.chat.completions.create(
        model="mlops-tutor", messages=[{"role": "user", "content": "What is the passing score?"}]
    )
    content = completion.choices[0].message.content or ""
    assert "70%" in content and "\n\nSources:\n[1] Frequently Asked Questions (General)" in content
    assert "(corpus/faq-general.md:24-26)" in content
    tutor = completion.model_extra["tutor"]  # type: ignore[index]
    assert tutor["abstained"] is False and tutor["citations"][0]["n"] == 1
    assert completion.choices[0].finish_reason == "stop"


def test_earlier_user_messages_set_the_topic(oai: openai.OpenAI) -> None:
    completion = oai.chat.completions.create(
        model="mlops-tutor",
        messages=[
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "What skills will I gain at the foundation level?"},
            {"role": "assistant", "content": "…"},
            {"role": "user", "content": [{"type": "text", "text": "and the professional level?"}]},
        ],
    )
    assert "Kubernetes" in (completion.choices[0].message.content or "")


def test_streaming(oai: openai.OpenAI) -> None:
    stream = oai.chat.completions.create(
        model="mlops-tutor",
        messages=[{"role": "user", "content": "common mistakes at the foundation level?"}],
        stream=True,
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "data versioning" in text and "Sources:" in text
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["tutor"]["citations"]  # type: ignore[index]


def test_bad_requests(client: TestClient) -> None:
    r = client.post(
        "/v1/chat/completions",
        json={"model": "mlops-tutor", "messages": [{"role": "system", "content": "hi"}]},
    )
    assert r.status_code == 422 and "user message" in r.json()["detail"][0]["msg"]
    r = client.post(
        "/v1/chat/completions", json={"model": "x", "messages": [{"role": "user", "content": "hi"}]}
    )
    assert r.status_code == 404 and r.json()["error"]["code"] == "model_not_found"
    assert client.post("/v1/chat/completions", json={"messages": []}).status_code == 422


def test_a_long_history_costs_the_last_few_answers_only(
    settings: Settings, holder: IndexHolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,300 earlier questions in one 64 KiB request: the tutor answers the last and the few before it."""
    from bot.answer.answerer import Answerer

    answered: list[str] = []
    real = Answerer.answer

    def counted(self: Answerer, question: str, *args: object, **kwargs: object) -> object:
        answered.append(question)
        return real(self, question, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Answerer, "answer", counted)
    history = [{"role": "user", "content": "pass mark?"}] * 1300 + [{"role": "user", "content": "labs?"}]
    with TestClient(create_app(settings, holder=holder)) as client:
        r = client.post("/v1/chat/completions", json={"messages": history})
    assert r.status_code == 200
    assert len(answered) == settings.followup_turns + 1 and answered[-1] == "labs?"


def test_the_rate_limit_counts_the_answers_a_request_costs(settings: Settings, holder: IndexHolder) -> None:
    limited = settings.model_copy(update={"rate_limit_per_minute": 10, "followup_turns": 3})
    history = [{"role": "user", "content": f"question {n}?"} for n in range(6)]  # costs 1 + 3 answers
    with TestClient(create_app(limited, holder=holder)) as client:
        codes = [
            client.post("/v1/chat/completions", json={"messages": history}).status_code for _ in range(3)
        ]
        refused = client.post("/v1/chat/completions", json={"messages": history})
    assert codes == [200, 200, 429]  # 4 + 4 fit in 10; a third 4 does not
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1


@pytest.fixture
def guarded_oai(settings: Settings, holder: IndexHolder) -> Iterator[openai.OpenAI]:
    """The same, answering through a retriever that fails the test if it is used."""
    with running_server(create_app(settings, holder=TripwireHolder(holder))) as url:
        yield openai.OpenAI(base_url=f"{url}/v1", api_key="not-needed", max_retries=0)


def test_help_lists_the_starter_questions_without_retrieval(guarded_oai: openai.OpenAI) -> None:
    completion = guarded_oai.chat.completions.create(
        model="mlops-tutor", messages=[{"role": "user", "content": "help"}]
    )
    content = completion.choices[0].message.content or ""
    assert "Certified MLOps Manager curriculum" in content and "Sources:" not in content
    for starter in Replies().starters:
        assert f"- {starter}" in content
    tutor = completion.model_extra["tutor"]  # type: ignore[index]
    assert tutor["kind"] == "help" and tutor["citations"] == []


def test_small_talk_streams_its_reply_without_retrieval(guarded_oai: openai.OpenAI) -> None:
    stream = guarded_oai.chat.completions.create(
        model="mlops-tutor",
        messages=[
            {"role": "user", "content": "hello"},
            {"role": "assistant", "content": "Hi!"},
            {"role": "user", "content": "thanks, bye"},
        ],
        stream=True,
    )
    chunks = list(stream)
    assert "Goodbye" in "".join(c.choices[0].delta.content or "" for c in chunks)
    assert chunks[-1].model_extra["tutor"]["kind"] == "goodbye"  # type: ignore[index]
