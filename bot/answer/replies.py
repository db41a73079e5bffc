"""The tutor's own replies: to small talk, to a request for help, to another language, and to
questions about other certifications. None of them reaches retrieval or quotes the curriculum."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

from bot.schemas import Answer, ReplyKind
from index.yaml_files import read_yaml

REPLY_KINDS: tuple[ReplyKind, ...] = get_args(ReplyKind)
REPLIES_FILE = Path(__file__).parent / "replies.yaml"
# Replies to a question the tutor does not answer (rather than to a message that asks nothing):
# they count as abstentions, so /stats shows them among the unanswered.
DECLINED: frozenset[str] = frozenset({"language", "other_certification"})
WITH_STARTERS: frozenset[str] = frozenset({"greeting", "help"})


class Replies:
    """The reply texts and starter questions, read once from replies.yaml."""

    def __init__(self, path: Path = REPLIES_FILE) -> None:
        data = read_yaml(path)
        missing = [kind for kind in REPLY_KINDS if not isinstance(data.get(kind), str)]
        starters = data.get("starters")
        if missing or not isinstance(starters, list) or not starters:
            raise ValueError(f"{path}: needs a text for each of {', '.join(REPLY_KINDS)} and starters")
        self.texts: dict[str, str] = {kind: " ".join(data[kind].split()) for kind in REPLY_KINDS}
        self.starters: tuple[str, ...] = tuple(str(s) for s in starters)

    def answer(self, kind: ReplyKind) -> Answer:
        """The reply as an Answer: no citations, no curriculum sentence."""
        return Answer(
            answer=self.texts[kind],
            kind=kind,
            abstained=kind in DECLINED,
            confidence=0.0,  # no curriculum passage was sought
            suggestions=list(self.starters) if kind in WITH_STARTERS else [],
        )
