"""Block Kit for the tutor's Slack messages: answers, sources, passages, buttons and the feedback modal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.citations import passage_url, source_label
from bot.schemas import Answer, Citation
from bot.slack.mrkdwn import SECTION_LIMIT, escape, link, split_text, to_mrkdwn
from bot.slack.values import MessageRef, Suggestion
from bot.store import Rating

Block = dict[str, Any]

# Action and callback ids: the app registers its listeners on these.
PASSAGES = "tutor_passages"
FEEDBACK_UP = "tutor_feedback_up"
FEEDBACK_DOWN = "tutor_feedback_down"
SHARE = "tutor_share"
SUGGEST_PREFIX = "tutor_suggest_"
REASON_CALLBACK = "tutor_feedback_reason"
REASON_BLOCK = "reason"
REASON_ACTION = "reason"

MAX_BLOCKS = 50  # Slack's limit per message
# The tutor's own replies to small talk and requests for help (bot/answer/replies.py).
CHAT_KINDS = frozenset({"greeting", "thanks", "help", "goodbye"})
CONTEXT_ELEMENTS = 10  # Slack's limit per context block
BUTTON_TEXT = 75  # Slack's limit on a button's label
FALLBACK_TEXT = 3000  # the notification text; the blocks carry the full answer
FIELD_LIMIT = 2000  # Slack's limit on one field of a section


@dataclass(frozen=True)
class Message:
    """What chat.postMessage / chat.update take: notification text and the blocks."""

    text: str
    blocks: list[Block]


def _mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text}


def _plain(text: str, limit: int = BUTTON_TEXT) -> Block:
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return {"type": "plain_text", "text": text, "emoji": True}


def _button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {"type": "button", "text": _plain(text), "action_id": action_id, "value": value}
    if style:
        button["style"] = style
    return button


def sections(mrkdwn: str) -> list[Block]:
    """One or more section blocks holding the text, each within Slack's 3,000 characters."""
    return [{"type": "section", "text": _mrkdwn(piece)} for piece in split_text(mrkdwn, SECTION_LIMIT)]


def answer_body(answer: Answer) -> list[Block]:
    """The answer's text: one section a labelled block (its label in bold), a comparison of two
    side by side as the two columns of one section, and a part the curriculum does not cover as
    grey context, so that it reads as the tutor's note and not as a quote."""
    paragraphs = answer.answer.split("\n\n")  # cite renders one paragraph per section, in order
    if not any(s.label for s in answer.sections) or len(paragraphs) != len(answer.sections):
        return sections(to_mrkdwn(answer.answer))
    texts = [to_mrkdwn(p) for p in paragraphs]
    if answer.plan == "compare" and len(texts) == 2 and all(len(t) <= FIELD_LIMIT for t in texts):
        return [{"type": "section", "fields": [_mrkdwn(t) for t in texts]}]
    blocks: list[Block] = []
    for section, text in zip(answer.sections, texts, strict=True):
        if section.covered:
            blocks.extend(sections(text))
        else:
            blocks.append({"type": "context", "elements": [_mrkdwn(f"_{text}_")]})
    return blocks


def source_blocks(citations: list[Citation], public_url: str | None) -> list[Block]:
    """Numbered sources in context blocks; each links to its passage on the web page when there is one."""
    elements: list[Block] = []
    for citation in citations:
        label = f"[{citation.n}] {source_label(citation)}"
        text = link(passage_url(public_url, citation.id), label) if public_url else escape(label)
        elements.append(_mrkdwn(text))
    return [
        {"type": "context", "elements": elements[i : i + CONTEXT_ELEMENTS]}
        for i in range(0, len(elements), CONTEXT_ELEMENTS)
    ]


def passage_blocks(citations: list[Citation]) -> list[Block]:
    """The quoted passages, each as a quote under its numbered source."""
    blocks: list[Block] = []
    for citation in citations:
        quoted = "\n".join(
            f"> {line}" if line.strip() else ">" for line in escape(citation.quote).splitlines()
        )
        blocks.extend(sections(f"*[{citation.n}] {escape(source_label(citation))}*\n{quoted}"))
    return blocks


def _feedback_ack(rating: Rating) -> Block:
    text = (
        "👍 Thanks for the feedback!"
        if rating == "up"
        else "👎 Thanks for the feedback — it helps us improve the curriculum and the tutor."
    )
    return {"type": "context", "elements": [_mrkdwn(text)]}


def answer_message(
    answer: Answer, ref: MessageRef, public_url: str | None = None, question: str | None = None
) -> Message:
    """An answer: who asked (when credited), the text, numbered sources, optionally passages, and buttons."""
    head: list[Block] = []
    if ref.asked_by:
        asked = f" asked: {escape(question)}" if question else " asked"
        head.append({"type": "context", "elements": [_mrkdwn(f"<@{ref.asked_by}>{asked}")]})
    if answer.abstained:
        abstention = abstention_message(answer, ref.conversation_id, ref.thread_ts, ref.ephemeral)
        return Message(abstention.text, head + abstention.blocks)
    if answer.kind in CHAT_KINDS:
        own = reply_message(answer, ref)
        return Message(own.text, head + own.blocks)
    body = answer_body(answer) + source_blocks(answer.citations, public_url)
    value = ref.encode()
    buttons: list[Block] = []
    if answer.citations:
        buttons.append(_button("Hide passages" if ref.passages else "Show passages", PASSAGES, value))
    if ref.rating is None:
        buttons += [_button("👍", FEEDBACK_UP, value), _button("👎", FEEDBACK_DOWN, value)]
    if ref.ephemeral:
        buttons.append(_button("Share in channel", SHARE, value, style="primary"))
    tail: list[Block] = [{"type": "actions", "elements": buttons}] if buttons else []
    if ref.rating is not None:
        tail.append(_feedback_ack(ref.rating))
    passages = passage_blocks(answer.citations) if ref.passages else []
    room = MAX_BLOCKS - len(head) - len(body) - len(tail)
    if len(passages) > room:
        # Slack refuses a message over 50 blocks; the web page links still show every passage.
        passages = passages[: max(room - 1, 0)]
        passages.append(
            {"type": "context", "elements": [_mrkdwn("More passages are linked in the sources.")]}
        )
    blocks = (head + body + passages + tail)[:MAX_BLOCKS]
    return Message(text=_fallback(to_mrkdwn(answer.answer)), blocks=blocks)


def abstention_message(
    answer: Answer, conversation_id: str | None, thread_ts: str | None, ephemeral: bool = False
) -> Message:
    """When the curriculum has no answer: say so, and offer the topics it does cover as buttons."""
    if not answer.suggestions:
        return Message(text=_fallback(answer.answer), blocks=sections(to_mrkdwn(answer.answer)))
    intro = (
        "The curriculum doesn't cover that, so I won't guess. "
        "It does cover these nearby topics — press one to ask about it:"
    )
    buttons = suggestion_buttons(answer.suggestions, conversation_id, thread_ts, ephemeral)
    blocks: list[Block] = [
        {"type": "section", "text": _mrkdwn(intro)},
        {"type": "actions", "elements": buttons},
    ]
    return Message(text=_fallback(answer.answer), blocks=blocks)


def suggestion_buttons(
    suggestions: list[str], conversation_id: str | None, thread_ts: str | None, ephemeral: bool
) -> list[Block]:
    """One button per suggested question; pressing it asks the question in the same conversation."""
    return [
        _button(
            s,
            f"{SUGGEST_PREFIX}{i}",
            Suggestion(
                question=s, conversation_id=conversation_id, thread_ts=thread_ts, ephemeral=ephemeral
            ).encode(),
        )
        for i, s in enumerate(suggestions[:25])
    ]


def reply_message(answer: Answer, ref: MessageRef) -> Message:
    """The tutor's own reply to small talk or a request for help: its words, and the starter
    questions as buttons when it offers them; nothing quoted, so no sources and nothing to rate."""
    blocks = sections(escape(answer.answer))
    if answer.suggestions:
        buttons = suggestion_buttons(answer.suggestions, ref.conversation_id, ref.thread_ts, ref.ephemeral)
        blocks.append({"type": "actions", "elements": buttons})
    return Message(text=_fallback(answer.answer), blocks=blocks)


def notice_message(text: str) -> Message:
    """A short message of the tutor's own (an apology, a hint), already mrkdwn."""
    return Message(text=text, blocks=[{"type": "section", "text": _mrkdwn(text)}])


def reason_modal(ref: MessageRef) -> Block:
    """The 👎 modal: an optional reason; the view listener reads the turn back from private_metadata."""
    return {
        "type": "modal",
        "callback_id": REASON_CALLBACK,
        "private_metadata": ref.encode(),
        "title": _plain("What was wrong?", 24),
        "submit": _plain("Send", 24),
        "close": _plain("Skip", 24),
        "blocks": [
            {
                "type": "input",
                "block_id": REASON_BLOCK,
                "optional": True,
                "label": _plain("What was missing or wrong in this answer? (optional)", 2000),
                "element": {
                    "type": "plain_text_input",
                    "action_id": REASON_ACTION,
                    "multiline": True,
                    "max_length": 1000,
                },
            }
        ],
    }


def modal_reason(view: dict[str, Any]) -> str | None:
    """The reason typed into the 👎 modal, or None when it was left empty."""
    try:
        value = view["state"]["values"][REASON_BLOCK][REASON_ACTION].get("value")
    except (KeyError, TypeError):
        return None
    return value.strip() or None if isinstance(value, str) else None


def _fallback(text: str) -> str:
    return text if len(text) <= FALLBACK_TEXT else text[: FALLBACK_TEXT - 1] + "…"
