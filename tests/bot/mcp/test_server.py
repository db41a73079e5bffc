"""The MCP server, driven by the official SDK's own client over both transports: `tutor mcp` as a stdio
subprocess, and /mcp on a real uvicorn server; each on the real index."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from bot.api.main import create_app
from bot.config import Settings
from bot.practice import GRADES
from bot.runtime import IndexHolder
from tests.conftest import CORPUS
from tests.servers import running_server

TOOLS = {"ask", "search_curriculum", "get_passage", "practice_next", "practice_answer"}
Session = Callable[[Callable[[Client], Awaitable[None]]], None]


def structured(result: Any) -> Any:
    assert not result.is_error, result.content
    return result.structured_content


async def exercise(client: Client) -> None:
    """What an MCP host does with the tutor: list, ask and follow up, read a cited passage, search,
    practise, read a corpus file; and a bad call gets a named error, not a crash."""
    tools = await client.list_tools()
    assert {t.name for t in tools.tools} >= TOOLS

    answered = structured(await client.call_tool("ask", {"question": "What is the passing score?"}))
    assert "70%" in answered["answer"] and not answered["abstained"]
    source = answered["sources"][0]
    assert source["n"] == 1 and source["source"] == "corpus/faq-general.md" and source["quote"]
    follow = structured(
        await client.call_tool(
            "ask", {"question": "and how long is the exam?", "conversation_id": answered["conversation_id"]}
        )
    )
    assert follow["conversation_id"] == answered["conversation_id"] and follow["turn"] == 2

    passage = structured(await client.call_tool("get_passage", {"passage_id": source["id"]}))
    assert passage["id"] == source["id"] and "70%" in passage["text"]
    hits = structured(await client.call_tool("search_curriculum", {"query": "passing score", "limit": 3}))
    hits = hits["result"] if isinstance(hits, dict) else hits
    assert len(hits) == 3 and source["id"] in [h["id"] for h in hits]

    item = structured(
        await client.call_tool("practice_next", {"learner_id": "mcp:test", "level": "foundation"})
    )
    assert item["level"] == "foundation" and item["status"] == "new"
    answer: str | list[str] = (
        item["choices"] if item["kind"] == "order" else (item["choices"] or ["no idea"])[0]
    )
    graded = structured(
        await client.call_tool(
            "practice_answer", {"item_id": item["item_id"], "answer": answer, "learner_id": "mcp:test"}
        )
    )
    assert graded["grade"] in GRADES and graded["passage"]["text"] and graded["due"]

    resources = await client.list_resources()
    uris = {str(r.uri) for r in resources.resources}
    assert "curriculum://corpus/faq-general.md" in uris
    read = await client.read_resource("curriculum://corpus/faq-general.md")
    assert read.contents[0].text == (CORPUS / "faq-general.md").read_text(encoding="utf-8")  # type: ignore[union-attr]

    missing = await client.call_tool("get_passage", {"passage_id": "no/such#passage"})
    assert missing.is_error and "no passage" in missing.content[0].text  # type: ignore[union-attr]


def test_stdio(settings: Settings, tmp_path: Path) -> None:
    """`tutor mcp` as an MCP host starts it: a subprocess speaking on stdin and stdout."""
    env = {
        "TUTOR_CORPUS_DIR": str(CORPUS),
        "TUTOR_INDEX_DIR": str(settings.index_dir),
        "TUTOR_CACHE_DIR": str(settings.cache_dir),
        "TUTOR_DATABASE_PATH": str(tmp_path / "mcp.sqlite3"),
    }
    server = StdioServerParameters(command=sys.executable, args=["-m", "bot", "mcp"], env=env, cwd=tmp_path)

    async def main() -> None:
        async with Client(server, read_timeout_seconds=120) as client:
            await exercise(client)

    anyio.run(main)


@pytest.fixture
def mcp_url(settings: Settings, holder: IndexHolder) -> Any:
    with running_server(create_app(settings, holder=holder)) as url:
        yield url


def test_streamable_http(mcp_url: str) -> None:
    async def main() -> None:
        async with Client(f"{mcp_url}/mcp") as client:
            await exercise(client)

    anyio.run(main)


INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "t", "version": "1"},
    },
}


def test_behind_a_proxy_the_public_host_is_accepted_and_others_are_not(
    settings: Settings, holder: IndexHolder
) -> None:
    """Bound to loopback, /mcp refuses a Host that is not its own (DNS rebinding) but takes the public
    address a reverse proxy passes on (TUTOR_PUBLIC_URL)."""
    public = settings.model_copy(update={"public_url": "https://tutor.example.org"})
    headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
    with running_server(create_app(public, holder=holder)) as url:

        def status(host: str) -> int:
            return httpx.post(f"{url}/mcp", json=INITIALIZE, headers={**headers, "Host": host}).status_code

        assert status("tutor.example.org") == 200
        assert status("evil.example.com") >= 400


def test_a_web_conversation_is_not_reachable_over_mcp(mcp_url: str) -> None:
    conversation = httpx.post(f"{mcp_url}/chat", json={"message": "What is the passing score?"}).json()

    async def main() -> None:
        async with Client(f"{mcp_url}/mcp") as client:
            result = await client.call_tool(
                "ask",
                {"question": "and the exam length?", "conversation_id": conversation["conversation_id"]},
            )
            assert result.is_error and "no such conversation" in result.content[0].text  # type: ignore[union-attr]

    anyio.run(main)
