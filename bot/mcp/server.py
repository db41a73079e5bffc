"""The tutor as a Model Context Protocol server: an MCP host (a desktop assistant, an IDE) asks the
curriculum, searches it, opens a cited passage, and practises, through the same front doors as every other
surface (bot.conversations, bot.practice). The corpus files are its resources.

One server serves both transports: `tutor mcp` runs it over stdio, and the HTTP app mounts it at /mcp
(bot/mcp/http.py). Conversations it starts belong to MCP clients alone (owner "mcp"): an id from the web
page or the HTTP API opens nothing here, and one from here opens nothing there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resources import FileResource
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field

from bot.citations import passage_url, render
from bot.conversations import (
    ConversationFull,
    ConversationNotFound,
    Conversations,
    InvalidQuestion,
    NotReady,
)
from bot.practice import InvalidAnswer, InvalidLearner, InvalidLevel, Practice, UnknownItem
from bot.schemas import Citation, Passage
from index.chunk import Chunk

OWNER = "mcp"  # not a SHA-256 digest, so never the owner of an HTTP client's conversation
SOURCE = "mcp"
LEARNER = "mcp:local"
RESOURCE_PREFIX = "curriculum://corpus/"
READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)
WRITES = ToolAnnotations(read_only_hint=False, open_world_hint=False)  # records a turn or a review


@dataclass(frozen=True)
class Fronts:
    """What the tools answer through, taken when a tool is called (the HTTP app fills them at start-up)."""

    conversations: Callable[[], Conversations]
    practice: Callable[[], Practice]


class Source(Citation):
    url: str | None = Field(description="The passage on the tutor's web page (with TUTOR_PUBLIC_URL).")


class Answered(BaseModel):
    answer: str = Field(description="Markdown: the curriculum's own sentences, each cited [n], then sources.")
    abstained: bool = Field(description="True when the curriculum does not cover the question.")
    confidence: float
    sources: list[Source]
    conversation_id: str = Field(description="Pass it back to ask a follow-up in the same conversation.")
    turn: int


class Found(Passage):
    url: str | None = Field(default=None, description="The passage on the tutor's web page.")
    score: float | None = Field(default=None, description="How well it matched the search.")


class PracticeItem(BaseModel):
    item_id: str
    kind: str = Field(description="short (free text), choice, cloze (fill the blank) or order.")
    prompt: str
    choices: list[str] = Field(description="For choice and cloze: answer with one; for order: all, in order.")
    level: str
    section: str
    status: Literal["due", "new", "ahead"]


class Feedback(BaseModel):
    item_id: str
    grade: str
    correct: bool
    feedback: str
    missing: list[str]
    expected: str
    passage: Found
    due: str = Field(description="When the item comes back (ISO 8601).")


# What the front doors refuse, each with a message that names the problem.
REFUSED = (
    InvalidQuestion,
    ConversationFull,
    NotReady,
    UnknownItem,
    InvalidLearner,
    InvalidLevel,
    InvalidAnswer,
)


@contextmanager
def refusals() -> Iterator[None]:
    """The front doors' refusals as tool errors that the host, and its model, can read and correct (the
    SDK hides the message of any other exception)."""
    try:
        yield
    except ConversationNotFound:
        raise ToolError("no such conversation here; ask without a conversation_id to start one") from None
    except REFUSED as exc:
        raise ToolError(str(exc)) from None


def build_server(fronts: Fronts, corpus_dir: Path, public_url: str | None) -> MCPServer:
    """The MCP server: its tools over the front doors, and the corpus files as resources."""
    server: MCPServer = MCPServer(
        name="mlops-tutor",
        title="Certified MLOps Manager tutor",
        instructions=(
            "Answers about the Certified MLOps Manager curriculum, quoted from it and cited [n]. Use `ask` "
            "for a question, `search_curriculum` and `get_passage` to read the curriculum itself, "
            "`practice_next` and `practice_answer` to practise. Quote the tutor's answers as they are."
        ),
    )

    def link(passage_id: str) -> str | None:
        return passage_url(public_url, passage_id) if public_url else None

    def linked(chunk: Chunk, score: float | None = None) -> Found:
        return Found(**Passage.of(chunk).model_dump(), url=link(chunk.id), score=score)

    @server.tool(annotations=WRITES)
    def ask(question: str, conversation_id: str | None = None) -> Answered:
        """Ask the tutor a question about the curriculum. The answer quotes the curriculum, each sentence
        cited [n]; it abstains when the curriculum does not cover the question. Pass the returned
        conversation_id to ask a follow-up ("and at the professional level?")."""
        with refusals():
            reply = fronts.conversations().ask(question, conversation_id, source=SOURCE, owner=OWNER)
        answer = reply.answer
        return Answered(
            answer=render(answer, public_url).text,
            abstained=answer.abstained,
            confidence=answer.confidence,
            sources=[Source(**c.model_dump(), url=link(c.id)) for c in answer.citations],
            conversation_id=reply.conversation_id,
            turn=reply.turn,
        )

    @server.tool(annotations=READ_ONLY)
    def search_curriculum(query: str, limit: int = 5) -> list[Found]:
        """The curriculum's passages that best match a query, best first, with their text: retrieval
        alone, on the path answers take."""
        if not 1 <= limit <= 20:
            raise ToolError("limit must be between 1 and 20")
        with refusals():
            found = fronts.conversations().search(query, k=limit)
        return [linked(hit.chunk, hit.trace.score) for hit in found.hits]

    @server.tool(annotations=READ_ONLY)
    def get_passage(passage_id: str) -> Found:
        """One passage of the curriculum by id (as `ask` and `search_curriculum` cite them), verbatim."""
        with refusals():
            chunk = fronts.conversations().passage(passage_id)
        if chunk is None:
            raise ToolError(f"no passage {passage_id!r} in the curriculum in service")
        return linked(chunk)

    @server.tool(annotations=WRITES)
    def practice_next(learner_id: str = LEARNER, level: str | None = None) -> PracticeItem:
        """The next practice item for a learner: one due for review, else a new one (in `level`, which is
        remembered: foundation, professional or manager)."""
        with refusals():
            served = fronts.practice().next_item(learner_id, level=level, source=SOURCE)
        if served is None:
            raise ToolError(f"no practice items for level {level!r}")
        item = served.item
        return PracticeItem(
            item_id=item.id,
            kind=item.kind,
            prompt=item.prompt,
            choices=list(item.choices),
            level=item.level,
            section=item.section,
            status=served.status,
        )

    @server.tool(annotations=WRITES)
    def practice_answer(item_id: str, answer: str | list[str], learner_id: str = LEARNER) -> Feedback:
        """Grade a learner's answer to a practice item against the curriculum, and schedule the item's
        next review. For an order item, give the entries in order as a list."""
        practice = fronts.practice()
        with refusals():
            outcome = practice.answer(learner_id, item_id, answer, source=SOURCE)
            chunk = practice.passage(practice.item(item_id))
        return Feedback(**outcome.graded.reported(), passage=linked(chunk), due=outcome.due.isoformat())

    for path in sorted(corpus_dir.rglob("*.md")):
        relative = path.relative_to(corpus_dir).as_posix()
        server.add_resource(
            FileResource(
                uri=f"{RESOURCE_PREFIX}{relative}",
                name=relative,
                title=f"corpus/{relative}",
                description="A file of the curriculum, as the tutor quotes it.",
                mime_type="text/markdown",
                path=path.resolve(),
            )
        )
    return server
