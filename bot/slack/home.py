"""The tutor's own part of the App Home tab (above tutor mode's progress) and of the assistant view: how
to ask, and starter questions that ask themselves; and the DM a question pressed there is answered in."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.blocks import Block, sections, suggestion_buttons
from bot.slack.delivery import slack_error

log = logging.getLogger(__name__)

HELP = (
    "*How to ask*\n"
    "• Send me a direct message, or mention @tutor in a channel I'm in.\n"
    "• `/tutor <question>` anywhere: only you see the answer until you press *Share in channel*.\n"
    "• Reply in an answer's thread to ask a follow-up; it keeps the topic.\n"
    "• Every sentence is quoted from the curriculum with a numbered source; *Show passages* quotes them.\n"
    "• Rate answers with 👍 / 👎 — a 👎 with a reason tells the curriculum's maintainers what is missing."
)
GREETING = (
    "Hi! Ask me about the Certified MLOps Manager curriculum: levels, tracks, skills, exams. Every "
    "sentence I answer with is quoted from the curriculum, with its source."
)
PROMPTS = 4  # the assistant view shows at most four suggested prompts


def ask_blocks(starters: list[str]) -> list[Block]:
    """The App Home's top: a title, starter questions as buttons (answered in the learner's DM), and help."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Ask the tutor", "emoji": True}},
        *sections("Questions to ask — press one and I answer in our direct messages:"),
    ]
    if starters:
        buttons = suggestion_buttons(starters, None, None, False)
        blocks.append({"type": "actions", "elements": buttons})
    return [*blocks, *sections(HELP), {"type": "divider"}]


def prompts(starters: list[str]) -> list[dict[str, str]]:
    """The assistant view's suggested prompts: the starter questions, each sent as written."""
    return [{"title": q, "message": q} for q in starters[:PROMPTS]]


def dm_channel(client: WebClient, user: str) -> str:
    """The bot's DM with `user` (conversations.open); the user id itself, which posts there too, on failure."""
    try:
        opened = client.conversations_open(users=user)
        return str(opened["channel"]["id"])
    except (SlackApiError, KeyError, TypeError) as exc:
        log.warning("could not open the DM with %s: %s", user, slack_error(exc))
        return user
