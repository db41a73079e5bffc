"""What the bot does with each Slack request: questions in, answers and button presses out.

Bolt runs these listeners after the request has been acknowledged (events are acknowledged by bolt itself,
commands, actions and views by the `ack()` each listener calls first), so the answering below never holds
up the 3-second acknowledgement Slack expects.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.conversations import Conversations, InvalidQuestion, NotReady, Reply
from bot.schemas import Answer
from bot.slack.blocks import FEEDBACK_UP, Message, answer_message, modal_reason, notice_message, reason_modal
from bot.slack.mrkdwn import from_slack
from bot.slack.values import MessageRef, Suggestion
from bot.store import ConversationNotFound, Rating, SQLStore, StoreError

log = logging.getLogger(__name__)

ConversationsGetter = Callable[[], Conversations]
Payload = dict[str, Any]

# A DM has no thread to hold a conversation, so its top-level messages share one, kept under this
# thread key; it continues while the learner keeps asking, and a new one starts after a pause.
DM_THREAD_KEY = "dm"
DM_SESSION = timedelta(minutes=30)
# Message subtypes that are a person writing; the rest (edits, joins, bots…) are not questions.
PERSON_SUBTYPES = (None, "thread_broadcast", "file_share")

APOLOGY = "Sorry — something went wrong while I was answering. Please ask again in a moment."
NOT_READY = "Sorry — I'm still loading the curriculum. Please ask again in a minute."
HINT = "Ask me a question about the curriculum — for example: _What is the passing score for the exams?_"
NOT_FOUND = "Sorry — I can no longer find that answer; it may have expired. Please ask again."
CANNOT_SHARE = "Sorry — I couldn't post in this channel. Invite me with `/invite @tutor`, then try again."


@dataclass(frozen=True)
class Question:
    """A question to answer, and where the answer goes."""

    text: str
    channel: str
    user: str | None
    thread_ts: str | None  # reply in this thread; None: at the top level (DMs) or ephemerally
    thread_key: str | None = None  # the thread whose conversation this continues, linked after answering
    conversation_id: str | None = None  # the conversation to continue, when already known (buttons)
    react_ts: str | None = None  # the learner's message, which gets 👀 while the tutor works
    ephemeral: bool = False  # /tutor: only the asker sees the answer
    response_url: str | None = None  # /tutor and buttons: Slack's fallback way to reply
    asked_by: str | None = None  # credit the asker above the answer (a suggestion pressed)


def is_from_bot(event: Payload) -> bool:
    """Messages posted by any bot, this one included: never questions."""
    return bool(event.get("bot_id")) or event.get("subtype") == "bot_message"


class SlackHandlers:
    """The bolt listeners, over a Conversations that the host (FastAPI lifespan, Socket Mode runner) provides."""

    def __init__(self, tutor_getter: ConversationsGetter, public_url: str | None = None) -> None:
        self._tutor = tutor_getter
        self.public_url = public_url

    @property
    def store(self) -> SQLStore:
        """The shared store: conversations, and Slack's thread links and claimed events (SlackStore)."""
        store = self._tutor().store
        assert isinstance(store, SQLStore)
        return store

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
                first = self.store.claim_event(str(event_id))
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
        self.answer(
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
            if self.store.thread_conversation(channel, thread_ts) is None:
                return  # a thread the bot did not answer
        self.answer(
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

    def on_command(self, ack: Callable[..., None], command: Payload, client: WebClient) -> None:
        """`/tutor <question>`: an answer only the asker sees, with a button to share it."""
        ack()
        self.answer(
            client,
            Question(
                text=from_slack(command.get("text", "")),
                channel=command["channel_id"],
                user=command["user_id"],
                thread_ts=None,
                ephemeral=True,
                response_url=command.get("response_url"),
            ),
        )

    # --- buttons and the modal ---

    def on_feedback(
        self, ack: Callable[..., None], body: Payload, action: Payload, client: WebClient
    ) -> None:
        """👍 / 👎: store the rating and acknowledge it in the message; 👎 also asks for a reason."""
        ack()
        ref = MessageRef.decode(action["value"])
        rating: Rating = "up" if action["action_id"] == FEEDBACK_UP else "down"
        if rating == "down" and body.get("trigger_id"):
            # First: the trigger id is only good for three seconds.
            try:
                client.views_open(trigger_id=body["trigger_id"], view=reason_modal(ref))
            except SlackApiError as exc:
                log.warning("could not open the feedback modal: %s", _error(exc))
        try:
            self.store.add_feedback(ref.conversation_id, ref.turn, rating, None, "slack")
        except StoreError as exc:
            log.warning("feedback on %s turn %d not stored: %s", ref.conversation_id, ref.turn, exc)
            self._tell(client, body, NOT_FOUND)
            return
        self._rerender(client, body, ref.with_(rating=rating))

    def on_reason(self, ack: Callable[..., None], view: Payload) -> None:
        """The 👎 modal was submitted: store the reason with the rating."""
        ack()
        ref = MessageRef.decode(view.get("private_metadata", ""))
        try:
            self.store.add_feedback(ref.conversation_id, ref.turn, "down", modal_reason(view), "slack")
        except StoreError as exc:
            log.warning("feedback reason on %s turn %d not stored: %s", ref.conversation_id, ref.turn, exc)

    def on_passages(
        self, ack: Callable[..., None], body: Payload, action: Payload, client: WebClient
    ) -> None:
        """Show passages / Hide passages: the same message, updated with or without the quoted text."""
        ack()
        ref = MessageRef.decode(action["value"])
        self._rerender(client, body, ref.with_(passages=not ref.passages))

    def on_share(self, ack: Callable[..., None], body: Payload, action: Payload, client: WebClient) -> None:
        """Share in channel: post an ephemeral /tutor answer for everyone, crediting the asker."""
        ack()
        ref = MessageRef.decode(action["value"])
        stored = self._stored(ref)
        if stored is None:
            self._tell(client, body, NOT_FOUND)
            return
        answer, question = stored
        channel, user = body["channel"]["id"], body["user"]["id"]
        shared = MessageRef(conversation_id=ref.conversation_id, turn=ref.turn, asked_by=user)
        message = answer_message(answer, shared, self.public_url, question)
        try:
            posted = client.chat_postMessage(
                channel=channel, text=message.text, blocks=message.blocks, unfurl_links=False
            )
        except SlackApiError as exc:
            log.warning("could not share an answer in %s: %s", channel, _error(exc))
            self._tell(client, body, CANNOT_SHARE)
            return
        # Replies in the shared answer's thread continue its conversation.
        self._link(channel, posted.get("ts"), ref.conversation_id)
        if body.get("response_url"):
            _respond(body["response_url"])  # the ephemeral copy goes

    def on_suggestion(
        self, ack: Callable[..., None], body: Payload, action: Payload, client: WebClient
    ) -> None:
        """A suggested topic was pressed: ask it in the same conversation, where the abstention was."""
        ack()
        suggestion = Suggestion.decode(action["value"])
        user = body.get("user", {}).get("id")
        self.answer(
            client,
            Question(
                text=suggestion.question,
                channel=body["channel"]["id"],
                user=user,
                thread_ts=suggestion.thread_ts,
                thread_key=suggestion.thread_ts,
                conversation_id=suggestion.conversation_id,
                ephemeral=suggestion.ephemeral,
                response_url=body.get("response_url"),
                asked_by=user,
            ),
        )

    # --- answering ---

    def answer(self, client: WebClient, question: Question) -> None:
        """Answer a question where it was asked, with 👀 on it meanwhile; failures end in an apology."""
        reacted = question.react_ts is not None and self._reaction(client, "reactions_add", question)
        try:
            message, reply = self._compose(question)
            ts = self._deliver(client, question, message)
            if reply is not None and ts and question.thread_ts is None and not question.ephemeral:
                # A top-level answer (in a DM) can grow a thread; replies there continue this conversation.
                self._link(question.channel, ts, reply.conversation_id)
        except Exception:  # the listener must never die silently with the learner waiting
            log.exception("answering in %s failed", question.channel)
            self._apologise(client, question)
        finally:
            if reacted:
                self._reaction(client, "reactions_remove", question)

    def _compose(self, question: Question) -> tuple[Message, Reply | None]:
        """The tutor's answer as a message, or a short notice when it cannot answer now."""
        try:
            reply = self._ask(question)
        except InvalidQuestion as exc:
            # Empty (a bare @mention or `/tutor`): show how to ask; too long: say so.
            return notice_message(HINT if not question.text.strip() else f"Sorry — {exc}."), None
        except NotReady:
            return notice_message(NOT_READY), None
        except Exception:
            log.exception("the tutor failed on a Slack question")
            return notice_message(APOLOGY), None
        if question.thread_key:
            self._link(question.channel, question.thread_key, reply.conversation_id)
        ref = MessageRef(
            conversation_id=reply.conversation_id,
            turn=reply.turn,
            thread_ts=question.thread_ts,
            ephemeral=question.ephemeral,
            asked_by=question.asked_by,
        )
        return answer_message(reply.answer, ref, self.public_url, question.text), reply

    def _ask(self, question: Question) -> Reply:
        """Ask the tutor, continuing the conversation of the thread (or DM) the question was asked in."""
        conversations = self._tutor()
        conversation_id = question.conversation_id or self._conversation_of(
            question.channel, question.thread_key
        )
        try:
            return conversations.ask(question.text, conversation_id, source="slack")
        except ConversationNotFound:
            # The thread's conversation expired (retention): start a new one rather than fail.
            log.info("conversation %s is gone; starting a new one", conversation_id)
            return conversations.ask(question.text, None, source="slack")

    def _conversation_of(self, channel: str, thread_key: str | None) -> str | None:
        """The conversation a thread is linked to; a DM's top level only while the last turn is recent."""
        if not thread_key:
            return None
        conversation_id = self.store.thread_conversation(channel, thread_key)
        if conversation_id is None or thread_key != DM_THREAD_KEY:
            return conversation_id
        conversation = self.store.get_conversation(conversation_id)
        if conversation is None or datetime.now(UTC) - conversation.updated_at > DM_SESSION:
            return None
        return conversation_id

    def _deliver(self, client: WebClient, question: Question, message: Message) -> str | None:
        """Post the message; the posted message's ts (None for ephemeral ones, or when posting failed)."""
        try:
            if question.ephemeral:
                self._post_ephemeral(client, question, message)
                return None
            posted = client.chat_postMessage(
                channel=question.channel,
                thread_ts=question.thread_ts,
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
                unfurl_media=False,
            )
            return str(posted.get("ts") or "") or None
        except SlackApiError as exc:
            # The retry handlers have already waited out rate limits; what is left will not fix itself.
            log.error("could not post the answer in %s: %s", question.channel, _error(exc))
            self._apologise(client, question)
            return None

    def _post_ephemeral(self, client: WebClient, question: Question, message: Message) -> None:
        try:
            client.chat_postEphemeral(
                channel=question.channel,
                user=question.user or "",
                thread_ts=question.thread_ts,
                text=message.text,
                blocks=message.blocks,
            )
        except SlackApiError as exc:
            if not question.response_url:
                raise
            # In a channel the bot is not in, chat.postEphemeral fails but the command's response_url works.
            log.info("chat.postEphemeral failed (%s); replying through response_url", _error(exc))
            _respond(question.response_url, message=message)

    def _apologise(self, client: WebClient, question: Question) -> None:
        """The learner's last resort: a short apology, by whichever route still works."""
        apology = notice_message(APOLOGY)
        attempts: list[Callable[[], object]] = []
        if not question.ephemeral:
            attempts.append(
                lambda: client.chat_postMessage(
                    channel=question.channel,
                    thread_ts=question.thread_ts,
                    text=apology.text,
                    blocks=apology.blocks,
                )
            )
        if question.user:
            user = question.user
            attempts.append(
                lambda: client.chat_postEphemeral(
                    channel=question.channel,
                    user=user,
                    thread_ts=question.thread_ts,
                    text=apology.text,
                    blocks=apology.blocks,
                )
            )
        if question.response_url:
            url = question.response_url
            attempts.append(lambda: _respond(url, message=apology))
        for attempt in attempts:
            try:
                attempt()
                return
            except Exception as exc:  # try the next route
                log.warning("apology not delivered: %s", _error(exc))
        log.error("could not reach the learner in %s at all", question.channel)

    # --- helpers ---

    def _reaction(self, client: WebClient, method: str, question: Question) -> bool:
        """Add or remove 👀 on the question; progress is a nicety, so a failure is only logged."""
        try:
            getattr(client, method)(channel=question.channel, timestamp=question.react_ts, name="eyes")
            return True
        except SlackApiError as exc:
            log.warning("%s failed: %s", method, _error(exc))
            return False

    def _link(self, channel: str, thread_ts: str | None, conversation_id: str) -> None:
        """Point a thread at a conversation, so that the next message there continues it."""
        if not thread_ts:
            return
        try:
            self.store.link_thread(channel, thread_ts, conversation_id)
        except Exception as exc:  # the answer still goes out; only the follow-up link is lost
            log.warning("could not link thread %s/%s: %s", channel, thread_ts, exc)

    def _stored(self, ref: MessageRef) -> tuple[Answer, str] | None:
        """The answer and question of a stored turn, to re-render or share it."""
        conversation = self.store.get_conversation(ref.conversation_id)
        if conversation is None:
            return None
        turn = next((t for t in conversation.turns if t.n == ref.turn), None)
        if turn is None:
            return None
        return Answer.model_validate(turn.answer), turn.question

    def _rerender(self, client: WebClient, body: Payload, ref: MessageRef) -> None:
        """Show the message in its new state (passages, rating): chat.update, or response_url if ephemeral."""
        stored = self._stored(ref)
        if stored is None:
            self._tell(client, body, NOT_FOUND)
            return
        answer, question = stored
        message = answer_message(answer, ref, self.public_url, question)
        if ref.ephemeral:
            if body.get("response_url"):
                _respond(body["response_url"], message=message, replace_original=True)
            return
        channel = body.get("channel", {}).get("id") or body.get("container", {}).get("channel_id")
        ts = body.get("container", {}).get("message_ts") or body.get("message", {}).get("ts")
        try:
            client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)
        except SlackApiError as exc:
            log.warning("could not update the message %s in %s: %s", ts, channel, _error(exc))

    def _tell(self, client: WebClient, body: Payload, text: str) -> None:
        """A short note only the person who pressed a button sees."""
        note = notice_message(text)
        channel, user = body.get("channel", {}).get("id"), body.get("user", {}).get("id")
        try:
            if channel and user:
                client.chat_postEphemeral(channel=channel, user=user, text=note.text, blocks=note.blocks)
            elif body.get("response_url"):
                _respond(body["response_url"], message=note)
        except SlackApiError as exc:
            log.warning("could not tell the user: %s", _error(exc))


def _respond(url: str, message: Message | None = None, replace_original: bool = False) -> None:
    """Reply through an interaction's response_url (ephemeral messages cannot be changed any other way).

    Without a message, the original ephemeral message is deleted.
    """
    body: Payload = (
        {"delete_original": True}
        if message is None
        else {
            "text": message.text,
            "blocks": message.blocks,
            "response_type": "ephemeral",
            "replace_original": replace_original,
        }
    )
    response = WebhookClient(url).send_dict(body)
    if response.status_code != 200:
        log.warning("response_url answered %s: %s", response.status_code, response.body)


def _error(exc: Exception) -> str:
    """Slack's error code from an API error, or the exception's text."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or exc)
    return str(exc)
