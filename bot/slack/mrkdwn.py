"""Text in and out of Slack: Markdown to Slack mrkdwn, Slack message markup to plain text, and splitting."""

from __future__ import annotations

import re

# Slack's limit on the text of one section block.
SECTION_LIMIT = 3000

_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_LIST_ITEM = re.compile(r"^(\s*)[-*+] (?=\S)", re.MULTILINE)
# A sentence ends after . ! ? and the citation markers that follow it ("… 70%. [1] Next …").
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=\]))\s+(?!\[\d+\])")

# Incoming Slack markup: <@U123>, <@U123|name>, <#C123|name>, <!here>, <https://x|label>, <https://x>.
_USER = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<![^>]*>")
_URL = re.compile(r"<([^@#!][^|>]*)(?:\|([^>]*))?>")


def escape(text: str) -> str:
    """Escape the three characters Slack reserves for markup; nothing else is entity-encoded."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Undo `escape`: Slack sends &, < and > in message text encoded this way."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _inline(text: str) -> str:
    """Escape plain text and turn Markdown bold into mrkdwn bold."""
    return _BOLD.sub(r"*\1*", escape(text))


def to_mrkdwn(markdown: str) -> str:
    """Convert the tutor's Markdown to Slack mrkdwn: bold, links, "- " lists as "• ", and escaping."""
    out: list[str] = []
    position = 0
    for match in _LINK.finditer(markdown):
        out.append(_inline(markdown[position : match.start()]))
        label, url = match.group(1), match.group(2)
        # "|" ends a link's label in Slack markup, so a label cannot contain one.
        out.append(f"<{escape(url)}|{escape(label).replace('|', '¦')}>")
        position = match.end()
    out.append(_inline(markdown[position:]))
    return _LIST_ITEM.sub(r"\1• ", "".join(out))


def link(url: str, label: str) -> str:
    """A mrkdwn link with an escaped label."""
    return f"<{escape(url)}|{escape(label).replace('|', '¦')}>"


def from_slack(text: str) -> str:
    """A learner's message as plain text: mentions removed, links and channels as their labels."""
    text = _USER.sub(" ", text)
    text = _CHANNEL.sub(lambda m: f"#{m.group(1)}" if m.group(1) else " ", text)
    text = _SPECIAL.sub(" ", text)
    text = _URL.sub(lambda m: m.group(2) or m.group(1), text)
    return " ".join(unescape(text).split())


def _safe_cut(piece: str, limit: int) -> int:
    """Where to cut an over-long run of text: the last space, and never inside <…> markup or an entity."""
    cut = piece.rfind(" ", 0, limit + 1)
    if cut <= 0:
        cut = limit
    head = piece[:cut]
    opened = head.rfind("<")
    if opened > 0 and opened > head.rfind(">"):
        cut = opened  # a link would otherwise be cut in two and render as raw text
    ampersand = head.rfind("&")
    if ampersand > 0 and ";" not in head[ampersand:] and cut - ampersand < 6:
        cut = min(cut, ampersand)
    return cut


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split text into pieces of at most `limit` characters: at line ends, else sentence ends, else spaces."""
    if limit < 10:
        raise ValueError("limit must be at least 10 characters")
    pieces: list[str] = []
    current = ""

    def flush() -> None:
        nonlocal current
        if current.strip():
            pieces.append(current)
        current = ""

    for line in text.split("\n"):
        units = [line] if len(line) <= limit else _SENTENCE_END.split(line)
        for i, unit in enumerate(units):
            joiner = "\n" if i == 0 else " "
            while len(unit) > limit:
                cut = _safe_cut(unit, limit)
                flush()
                if unit[:cut].strip():
                    pieces.append(unit[:cut])
                unit = unit[cut:].lstrip(" ")
            if not current:
                current = unit
            elif len(current) + len(joiner) + len(unit) <= limit:
                current = f"{current}{joiner}{unit}"
            else:
                flush()
                current = unit
    flush()
    return pieces
