"""What the bot listens to in Slack: mentions, DMs and thread replies, `/tutor`, its buttons and its modal.

Bolt runs these listeners after the request has been acknowledged (events are acknowledged by bolt itself,
commands, actions and views by the `ack()` each listener calls first), so the answering never holds up the
3-second acknowledgement Slack expects.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError
from slack_bolt import BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.blocks import FEEDBACK_UP, modal_reason, reason_modal
from bot.slack.delivery import NOT_FOUND, Delivery, Payload, Question, slack_error
from bot.slack.home import dm_channel
from bot.slack.host import SlackHost
from bot.slack.mrkdwn import from_slack
from bot.slack.share import share
from bot.slack.threads import DM_THREAD_KEY, Threads
from bot.slack.values import ButtonValue, MessageRef, Suggestion
from bot.store import Rating, StoreError

log = logging.getLogger(__name__)

Ack = Callable[..., None]
Value = TypeVar("Value", bound=ButtonValue)

# Message subtypes that are a person writing; the rest (edits, joins, bots…) are not questions.
PERSON_SUBTYPES = (None, "thread_broadcast", "file_share")


def is_from_bot(event: Payload) -> bool:
    """Messages posted by any bot, this one included: never questions."""
    return bool(event.get("bot_id")) or event.get("subtype") == "bot_message"


def read_value(kind: type[Value], value: object) -> Value | None:
    """A button value (or the modal's metadata) read back; anything not the tutor's is refused and logged."""
    try:
        return kind.decode(value if isinstance(value, str) else "")
    except ValidationError as exc:
        log.warning("refused a %s value that is not the tutor's: %.200r (%s)", kind.__name__, value, exc)
        return None


class Listeners:
    """The bolt listeners, over what the host (FastAPI app state, Socket Mode runtime) holds when a request arrives."""

    def __init__(self, host: SlackHost, threads: Threads, delivery: Delivery) -> None:
        self.host = host
        self.threads = threads
        self.delivery = delivery

    # --- global middleware ---

    def claim_once(self, body: Payload, req: Any, next_: Callable[[], None]) -> BoltResponse | None:
        """Let each Events API event through once: a retry or duplicate delivery is acknowledged and dropped.

        Slack redelivers an event, with X-Slack-Retry-Num, when it did not see a quick 200; the event id
        stays the same, so claiming it in the shared store makes the answer happen once even across processes.
        """
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id:
            retry = (req.headers.get("x-slack-retry-num") or [None])[0]
            try:
                first = self.host.store.claim_event(str(event_id))
            except Exception:  # a broken store must not silence the bot; a rare double answer is better
                log.exception("could not claim Slack event %s; handling it anyway", event_id)
                first = True
            if not first:
                log.info("Slack event %s already handled (retry %s): ignored", event_id, retry)
                return BoltResponse(status=200, body="")
        next_()
        return None

    # --- events ---

    def on_app_mention(self, event: Payload, client: WebClient) -> None:
        """An @mention in a channel: answer in a thread under it, continuing the thread's conversation."""
        channel = str(event.get("channel", ""))
        if is_from_bot(event) or channel.startswith("D"):
            return  # a DM is answered through its message event, so it is answered once
        root = str(event.get("thread_ts") or event["ts"])
        self.delivery.answer(
            client,
            Question(
                text=from_slack(event.get("text", "")),
                channel=channel,
                user=event.get("user"),
                thread_ts=root,
                thread_key=root,
                react_ts=event["ts"],
            ),
        )

    def on_message(self, event: Payload, context: Any, client: WebClient) -> None:
        """A DM, or a message in a thread the bot answered; everything else is left alone."""
        if is_from_bot(event) or event.get("subtype") not in PERSON_SUBTYPES:
            return
        user = event.get("user")
        if not user or user == context.bot_user_id:
            return  # bolt drops the bot's own events already; this also covers an unknown bot user id
        channel, ts, thread_ts = str(event["channel"]), str(event["ts"]), event.get("thread_ts")
        text = event.get("text", "")
        is_dm = event.get("channel_type") == "im" or channel.startswith("D")
        if not is_dm:
            if context.bot_user_id and f"<@{context.bot_user_id}" in text:
                return  # the app_mention event answers this one
            if not thread_ts or thread_ts == ts:
                return  # a top-level channel message without a mention is not for the bot
            if not self.threads.answered(channel, thread_ts):
                return  # a thread the bot did not answer
        self.delivery.answer(
            client,
            Question(
                text=from_slack(text),
                channel=channel,
                user=user,
                thread_ts=thread_ts,
                thread_key=thread_ts or DM_THREAD_KEY,
                react_ts=ts,
            ),
        )

    # --- slash command ---

    def on_command(self, ack: Ack, command: Payload, client: WebClient, respond: Respond) -> None:
        """`/tutor <question>`: an answer only the asker sees, with a button to share it."""
        ack()
        self.delivery.answer(
            client,
            Question(
                text=from_slack(command.get("text", "")),
                channel=command["channel_id"],
                user=command["user_id"],
                thread_ts=None,
                ephemeral=True,
                respond=respond,
            ),
        )

    # --- buttons and the modal ---

    def on_feedback(
        self, ack: Ack, body: Payload, action: Payload, client: WebClient, respond: Respond
    ) -> None:
        """👍 / 👎: store the rating and acknowledge it in the message; 👎 also asks for a reason."""
        ack()
        ref = read_value(MessageRef, action.get("value"))
        if ref is None:
            return
        rating: Rating = "up" if action["action_id"] == FEEDBACK_UP else "down"
        conversation_id = self.delivery.conversation_of(ref, body)
        if rating == "down" and body.get("trigger_id") and conversation_id:
            # First: the trigger id is only good for three seconds. The modal is the presser's alone, so its
            # metadata may name the conversation that a shared message's buttons leave out.
            try:
                modal = reason_modal(ref.with_(conversation_id=conversation_id))
                client.views_open(trigger_id=body["trigger_id"], view=modal)
            except SlackApiError as exc:
                log.warning("could not open the feedback modal: %s", slack_error(exc))
        try:
            if conversation_id is None:
                raise StoreError("the message is linked to no conversation")
            self.host.conversations.feedback(conversation_id, ref.turn, rating, None, "slack")
        except StoreError as exc:
            log.warning("feedback on %s turn %d not stored: %s", conversation_id, ref.turn, exc)
            self.delivery.tell(client, body, NOT_FOUND, respond)
            return
        self.delivery.rerender(client, body, ref.with_(rating=rating), respond)

    def on_reason(self, ack: Ack, view: Payload) -> None:
        """The 👎 modal was submitted: store the reason with the rating."""
        ack()
        ref = read_value(MessageRef, view.get("private_metadata"))
        if ref is None or ref.conversation_id is None:
            return
        conversations = self.host.conversations
        try:
            conversations.feedback(ref.conversation_id, ref.turn, "down", modal_reason(view), "slack")
        except StoreError as exc:
            log.warning("feedback reason on %s turn %d not stored: %s", ref.conversation_id, ref.turn, exc)

    def on_passages(
        self, ack: Ack, body: Payload, action: Payload, client: WebClient, respond: Respond
    ) -> None:
        """Show passages / Hide passages: the same message, updated with or without the quoted text."""
        ack()
        ref = read_value(MessageRef, action.get("value"))
        if ref is not None:
            self.delivery.rerender(client, body, ref.with_(passages=not ref.passages), respond)

    def on_share(self, ack: Ack, body: Payload, action: Payload, client: WebClient, respond: Respond) -> None:
        """Share in channel: post an ephemeral /tutor answer for everyone, crediting the asker."""
        ack()
        ref = read_value(MessageRef, action.get("value"))
        if ref is not None:
            share(self.delivery, client, body, ref, respond)

    def on_suggestion(
        self, ack: Ack, body: Payload, action: Payload, client: WebClient, respond: Respond
    ) -> None:
        """A suggested topic was pressed: ask it in the same conversation, where the abstention was."""
        ack()
        suggestion = read_value(Suggestion, action.get("value"))
        if suggestion is None:
            return
        user = body.get("user", {}).get("id")
        channel: str | None = body.get("channel", {}).get("id")
        thread_key = suggestion.thread_ts
        if channel is None and user:  # pressed on the App Home tab: answered in the learner's DM
            channel, thread_key = dm_channel(client, user), DM_THREAD_KEY
        if channel is None:
            return
        self.delivery.answer(
            client,
            Question(
                text=suggestion.question,
                channel=channel,
                user=user,
                thread_ts=suggestion.thread_ts,
                thread_key=thread_key,
                conversation_id=suggestion.conversation_id,
                ephemeral=suggestion.ephemeral,
                respond=respond,
                asked_by=user,
            ),
        )
