"""Citations that travel: the tutor driven by clients nobody here wrote (`openai`, `llm`, LangChain's
ChatOpenAI), streaming and not, against a real uvicorn server on the real index with TUTOR_PUBLIC_URL set."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import llm
import openai
import pytest
import yaml
from langchain_openai import ChatOpenAI
from tokenizers import Tokenizer

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from index.model import model_info
from tests.servers import running_server

PUBLIC = "https://tutor.example.org"
QUESTION = "What is the passing score?"
PASSAGE_LINK = re.compile(r"\[\[(\d+)\]\]\((https://tutor\.example\.org/\?passage=[^)\s]+)\)")


@pytest.fixture
def url(settings: Settings, holder: IndexHolder) -> Iterator[str]:
    public = settings.model_copy(update={"public_url": PUBLIC})
    with running_server(create_app(public, holder=holder)) as base:
        yield f"{base}/v1"


@pytest.fixture
def oai(url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=url, api_key="not-needed", max_retries=0)


def tokens(text: str) -> int:
    """Counted here with the model's tokenizer file, independently of the server's code."""
    tokenizer = Tokenizer.from_file(str(model_info(None).path / "tokenizer.json"))
    tokenizer.no_padding()  # the file pads every text to the model's 128
    tokenizer.no_truncation()
    return len(tokenizer.encode(text, add_special_tokens=False).ids)


def test_token_counts_are_the_words_own() -> None:
    assert tokens(QUESTION) == 6  # what, is, the, passing, score, ?


def assert_linked(content: str) -> None:
    """Every [n] in the answer links to its passage on the page, and the sources are links too."""
    body, _, sources = content.partition("\n\nSources:\n")
    markers = PASSAGE_LINK.findall(body)
    assert markers and "70%" in body
    assert not re.search(r"(?<!\[)\[\d+\](?!\])", body), "a marker left unlinked"
    first = sources.splitlines()[0]
    assert first.startswith("[1] [Frequently Asked Questions (General)")
    assert first.endswith(f"]({markers[0][1]})")  # the source links where its marker does
    assert "corpus/" not in content  # no file paths a learner cannot open


def assert_annotations(content: str, annotations: list[dict[str, Any]]) -> None:
    """One URL citation per source, each locating its linked marker in the content."""
    assert annotations and all(a["type"] == "url_citation" for a in annotations)
    for annotation in annotations:
        cited = annotation["url_citation"]
        span = content[cited["start_index"] : cited["end_index"]]
        assert span.startswith("[[") and span.endswith(f"]({cited['url']})")
        assert cited["url"].startswith(f"{PUBLIC}/?passage=") and cited["title"].startswith("[")


def test_openai_content_links_annotations_and_usage(oai: openai.OpenAI) -> None:
    completion = oai.chat.completions.create(
        model="mlops-tutor", messages=[{"role": "user", "content": QUESTION}]
    )
    message = completion.choices[0].message
    content = message.content or ""
    assert_linked(content)
    assert_annotations(content, [a.model_dump() for a in message.annotations or []])
    assert completion.model == "mlops-tutor"
    assert completion.usage is not None
    assert completion.usage.prompt_tokens == tokens(QUESTION)
    assert completion.usage.completion_tokens == tokens(content) > 0
    assert completion.model_extra["tutor"]["citations"][0]["n"] == 1  # type: ignore[index]


def test_openai_streaming_carries_the_same(oai: openai.OpenAI) -> None:
    chunks = list(
        oai.chat.completions.create(
            model="mlops-tutor",
            messages=[{"role": "user", "content": QUESTION}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert_linked(content)
    annotations = [
        a for c in chunks if c.choices for a in (c.choices[0].delta.model_extra or {}).get("annotations", [])
    ]
    assert_annotations(content, annotations)
    assert chunks[-1].usage is not None and not chunks[-1].choices  # the usage chunk comes last
    assert chunks[-1].usage.completion_tokens == tokens(content)


def test_openai_unknown_model_is_not_found(oai: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as raised:
        oai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": QUESTION}])
    assert raised.value.code == "model_not_found" and raised.value.param == "model"
    assert "gpt-4o" in raised.value.message
    with pytest.raises(openai.NotFoundError):
        oai.models.retrieve("gpt-4o")
    assert oai.models.retrieve("mlops-tutor").id == "mlops-tutor"


@pytest.mark.parametrize(
    ("extra", "param"),
    [
        ({"tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}]}, "tools"),
        ({"response_format": {"type": "json_object"}}, "response_format"),
        ({"n": 2}, "n"),
    ],
)
def test_openai_unsupported_parameters_are_refused(
    oai: openai.OpenAI, extra: dict[str, Any], param: str
) -> None:
    with pytest.raises(openai.BadRequestError) as raised:
        oai.chat.completions.create(
            model="mlops-tutor", messages=[{"role": "user", "content": QUESTION}], **extra
        )
    assert raised.value.param == param and raised.value.type == "invalid_request_error"
    assert "not supported" in raised.value.message


def test_openai_accepts_what_it_can_honour(oai: openai.OpenAI) -> None:
    completion = oai.chat.completions.create(
        model="mlops-tutor",
        messages=[{"role": "user", "content": QUESTION}],
        n=1,
        response_format={"type": "text"},
        temperature=0.2,
    )
    assert "70%" in (completion.choices[0].message.content or "")


@pytest.fixture
def tutor_model(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> llm.Model:
    """`llm` with the tutor as an extra OpenAI-compatible model, in a private LLM_USER_PATH."""
    config = [{"model_id": "tutor", "model_name": "mlops-tutor", "api_base": url}]
    (tmp_path / "extra-openai-models.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path))
    return llm.get_model("tutor")


@pytest.mark.parametrize("stream", [False, True])
def test_llm(tutor_model: llm.Model, stream: bool) -> None:
    response = tutor_model.prompt(QUESTION, stream=stream)
    content = response.text()
    assert_linked(content)
    usage = response.usage()
    assert usage.input == tokens(QUESTION) and usage.output == tokens(content)


def test_llm_json_output_is_refused(tutor_model: llm.Model) -> None:
    response = tutor_model.prompt(QUESTION, json_object=True)
    with pytest.raises(openai.BadRequestError, match="response_format is not supported"):
        response.text()


@pytest.fixture
def chat(url: str) -> ChatOpenAI:
    return ChatOpenAI(model="mlops-tutor", base_url=url, api_key="not-needed", max_retries=0)  # type: ignore[arg-type]


def test_langchain_invoke(chat: ChatOpenAI) -> None:
    reply = chat.invoke(QUESTION)
    assert isinstance(reply.content, str)
    assert_linked(reply.content)
    assert reply.usage_metadata is not None and reply.usage_metadata["input_tokens"] == tokens(QUESTION)
    assert reply.response_metadata["model_name"] == "mlops-tutor"


def test_langchain_stream(chat: ChatOpenAI) -> None:
    content = "".join(str(chunk.content) for chunk in chat.stream(QUESTION))
    assert_linked(content)


def test_without_a_public_url_sources_name_the_corpus(settings: Settings, holder: IndexHolder) -> None:
    with running_server(create_app(settings, holder=holder)) as base:
        client = openai.OpenAI(base_url=f"{base}/v1", api_key="not-needed", max_retries=0)
        message = (
            client.chat.completions.create(
                model="mlops-tutor", messages=[{"role": "user", "content": QUESTION}]
            )
            .choices[0]
            .message
        )
    content = message.content or ""
    assert not PASSAGE_LINK.search(content) and "(corpus/faq-general.md:" in content
    # The annotations still lead to the page, at the address the client used.
    cited = (message.annotations or [])[0].url_citation
    assert cited.url.startswith(f"{base}/?passage=")
    assert content[cited.start_index : cited.end_index] == "[1]"
