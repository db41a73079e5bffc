"""Share in channel: an ephemeral `/tutor` answer posted for everyone, crediting the asker.

Where the bot is a member, chat.postMessage posts it and links the message's thread to the conversation,
so replies there continue it and its buttons work. Where it is not (the bot was never invited), the
button's response_url posts it `in_channel` instead, which Slack allows without membership; the bot can
neither update that message nor follow its thread there, so it goes without buttons. Either way the
shared message carries no conversation id (docs/conversations.md).
"""

from __future__ import annotations

import logging

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.blocks import Message, answer_message
from bot.slack.delivery import NOT_FOUND, Delivery, Payload, reply, slack_error
from bot.slack.values import MessageRef

log = logging.getLogger(__name__)

CANNOT_SHARE = "Sorry — I couldn't post in this channel. Invite me with `/invite @tutor`, then try again."


def share(delivery: Delivery, client: WebClient, body: Payload, ref: MessageRef, respond: Respond) -> None:
    """Post the ephemeral answer `ref` shows for the whole channel; the ephemeral copy then goes."""
    channel, user = body["channel"]["id"], body["user"]["id"]
    conversation_id = delivery.conversation_of(ref, body)
    stored = delivery.stored(ref, body)
    if conversation_id is None or stored is None:
        delivery.tell(client, body, NOT_FOUND, respond)
        return
    answer, question = stored
    message = answer_message(answer, MessageRef(turn=ref.turn, asked_by=user), delivery.public_url, question)
    try:
        posted = client.chat_postMessage(
            channel=channel, text=message.text, blocks=message.blocks, unfurl_links=False
        )
    except SlackApiError as exc:
        log.info(
            "chat.postMessage in %s failed (%s); sharing through response_url", channel, slack_error(exc)
        )
        if not _in_channel(respond, message):
            delivery.tell(client, body, CANNOT_SHARE, respond)
            return
    else:
        # Replies in the shared answer's thread continue its conversation; its buttons find it this way.
        delivery.threads.link(channel, posted.get("ts"), conversation_id)
    if respond.response_url is not None:
        reply(respond)


def _in_channel(respond: Respond, message: Message) -> bool:
    """Post `message` for everyone through the response_url, without its buttons; whether Slack took it."""
    if respond.response_url is None:
        return False
    blocks = [block for block in message.blocks if block.get("type") != "actions"]
    response = respond(text=message.text, blocks=blocks, response_type="in_channel", replace_original=False)
    if response.status_code != 200:
        log.warning("response_url refused the shared answer: %s %s", response.status_code, response.body)
        return False
    return True
