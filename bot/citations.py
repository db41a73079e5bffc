"""An answer as text for clients that show only text (OpenAI-compatible clients, MCP hosts): the cited
sentences, each [n] a Markdown link to its passage on the web page when the tutor's public URL is known,
then the numbered sources, and where each citation's marker sits in that text (for URL-citation
annotations)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from bot.schemas import Answer, Citation

MARKER = re.compile(r"\[(\d+)\]")


def passage_url(public_url: str, chunk_id: str) -> str:
    """The web page's view of one passage."""
    return f"{public_url.rstrip('/')}/?passage={quote(chunk_id, safe='')}"


def source_label(citation: Citation) -> str:
    """`title › last heading`, or just the title when the passage sits directly under it."""
    heading = citation.section.split(" › ")[-1].strip() if citation.section else ""
    if not heading or heading == citation.title:
        return citation.title
    return f"{citation.title} › {heading}"


def pieces(answer: str) -> list[str]:
    """The answer in the pieces it was composed from: one cited sentence (with its marker) at a time."""
    return [p for p in re.split(r"(?<=\])(?=\s)", answer) if p]


def _label(text: str) -> str:
    """Text safe inside a Markdown link's brackets."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


@dataclass(frozen=True)
class Span:
    """Where one citation's first marker sits in the text, and the passage it leads to."""

    citation: Citation
    url: str
    start: int
    end: int


@dataclass(frozen=True)
class Rendered:
    """An answer as text: the body in its pieces (for streaming), the tail (suggestions or sources), and
    one span per citation, located in `body + tail`."""

    body: list[str]
    tail: str
    spans: list[Span]

    @property
    def text(self) -> str:
        return "".join(self.body) + self.tail


def render(answer: Answer, public_url: str | None, link_base: str | None = None) -> Rendered:
    """The answer as Markdown. With `public_url`, markers and sources are links to the web page; the
    spans always carry an absolute URL, built on `link_base` (the address the client used) without it."""
    base = public_url or link_base or ""
    urls = {c.n: passage_url(base, c.id) for c in answer.citations}

    def linked(piece: str) -> str:
        if not public_url:
            return piece
        return MARKER.sub(lambda m: f"[{m[0]}]({urls[int(m[1])]})" if int(m[1]) in urls else m[0], piece)

    body = [linked(p) for p in pieces(answer.answer)]
    tail = _suggestions(answer) + _sources(answer, urls if public_url else None)
    return Rendered(body, tail, _spans(answer, "".join(body) + tail, urls))


def _suggestions(answer: Answer) -> str:
    """The questions a reply offers (the starters, with help)."""
    if not answer.suggestions or answer.abstained:
        return ""
    return "\n\n" + "\n".join(f"- {s}" for s in answer.suggestions)


def _sources(answer: Answer, urls: dict[int, str] | None) -> str:
    """The numbered source list: links to the page when its URL is known, else where in the corpus."""
    if not answer.citations:
        return ""
    if urls is not None:
        lines = [f"[{c.n}] [{_label(source_label(c))}]({urls[c.n]})" for c in answer.citations]
    else:
        lines = [
            f"[{c.n}] {source_label(c)} ({c.source}:{c.lines[0]}-{c.lines[1]})" for c in answer.citations
        ]
    return "\n\nSources:\n" + "\n".join(lines)


def _spans(answer: Answer, text: str, urls: dict[int, str]) -> list[Span]:
    """Each citation's first marker in the text, linked or not (its line in the sources, at worst)."""
    spans = []
    for c in answer.citations:
        marker = re.search(rf"\[\[{c.n}\]\]\([^)]*\)|\[{c.n}\]", text)
        if marker is not None:
            spans.append(Span(c, urls[c.n], marker.start(), marker.end()))
    return spans
