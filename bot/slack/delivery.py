"""Getting the tutor's words to the learner: answers in a thread, in a DM or ephemerally, with fallbacks.

Posting goes through the Web API; what only the asker may see, and ephemeral messages that must change,
go through the interaction's response_url with bolt's own `respond`. Whatever fails, the learner hears back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeGuard

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.conversations import InvalidQuestion, NotReady, Reply
from bot.schemas import Answer
from bot.slack.blocks import Message, answer_message, notice_message
from bot.slack.host import SlackHost
from bot.slack.threads import Threads
from bot.slack.values import MessageRef

log = logging.getLogger(__name__)

Payload = dict[str, Any]

APOLOGY = "Sorry — something went wrong while I was answering. Please ask again in a moment."
NOT_READY = "Sorry — I'm still loading the curriculum. Please ask again in a minute."
HINT = "Ask me a question about the curriculum — for example: _What is the passing score for the exams?_"
NOT_FOUND = "Sorry — I can no longer find that answer; it may have expired. Please ask again."


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
    respond: Respond | None = None  # /tutor and buttons: bolt's reply through Slack's response_url
    asked_by: str | None = None  # credit the asker above the answer (a suggestion pressed)


class Delivery:
    """Answers and notes, posted where they belong; an apology by whichever route still works."""

    def __init__(self, host: SlackHost, threads: Threads, public_url: str | None = None) -> None:
        self.host = host
        self.threads = threads
        self.public_url = public_url

    def answer(self, client: WebClient, question: Question) -> None:
        """Answer a question where it was asked, with 👀 on it meanwhile; failures end in an apology."""
        reacted = question.react_ts is not None and _reaction(client, "reactions_add", question)
        try:
            message, reply = self._compose(question)
            ts = self._deliver(client, question, message)
            if reply is not None and ts and question.thread_ts is None and not question.ephemeral:
                # A top-level answer (in a DM) can grow a thread; replies there continue this conversation.
                self.threads.link(question.channel, ts, reply.conversation_id)
        except Exception:  # the listener must never die silently with the learner waiting
            log.exception("answering in %s failed", question.channel)
            self._apologise(client, question)
        finally:
            if reacted:
                _reaction(client, "reactions_remove", question)

    def _compose(self, question: Question) -> tuple[Message, Reply | None]:
        """The tutor's answer as a message, or a short notice when it cannot answer now."""
        try:
            reply = self.threads.ask(
                question.text, question.channel, question.thread_key, question.conversation_id
            )
        except InvalidQuestion as exc:
            # Empty (a bare @mention or `/tutor`): show how to ask; too long: say so.
            return notice_message(HINT if not question.text.strip() else f"Sorry — {exc}."), None
        except NotReady:
            return notice_message(NOT_READY), None
        except Exception:
            log.exception("the tutor failed on a Slack question")
            return notice_message(APOLOGY), None
        ref = MessageRef(
            conversation_id=reply.conversation_id,
            turn=reply.turn,
            thread_ts=question.thread_ts,
            ephemeral=question.ephemeral,
            asked_by=question.asked_by,
        )
        return answer_message(reply.answer, ref, self.public_url, question.text), reply

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
            log.error("could not post the answer in %s: %s", question.channel, slack_error(exc))
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
            if not _can_respond(question.respond):
                raise
            # In a channel the bot is not in, chat.postEphemeral fails but the command's response_url works.
            log.info("chat.postEphemeral failed (%s); replying through response_url", slack_error(exc))
            reply(question.respond, message)

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
        if _can_respond(question.respond):
            respond = question.respond
            attempts.append(lambda: reply(respond, apology))
        for attempt in attempts:
            try:
                attempt()
                return
            except Exception as exc:  # try the next route
                log.warning("apology not delivered: %s", slack_error(exc))
        log.error("could not reach the learner in %s at all", question.channel)

    # --- an answer already given: re-rendered after a button press (shared: bot.slack.share) ---

    def conversation_of(self, ref: MessageRef, body: Payload) -> str | None:
        """The conversation a button's message shows: the value's, or (on a message shared in a channel,
        whose value leaves it out) the one the message's thread is linked to."""
        if ref.conversation_id is not None:
            return ref.conversation_id
        channel = body.get("channel", {}).get("id") or body.get("container", {}).get("channel_id")
        ts = body.get("container", {}).get("message_ts") or body.get("message", {}).get("ts")
        return self.host.store.thread_conversation(str(channel), str(ts)) if channel and ts else None

    def stored(self, ref: MessageRef, body: Payload) -> tuple[Answer, str] | None:
        """The answer and question of a stored turn (that one turn is read), to re-render or share it."""
        conversation_id = self.conversation_of(ref, body)
        if conversation_id is None:
            return None
        conversation = self.host.conversations.conversation(conversation_id, after=ref.turn - 1, limit=1)
        turn = next((t for t in conversation.turns if t.n == ref.turn), None) if conversation else None
        if turn is None:
            return None
        return Answer.model_validate(turn.answer), turn.question

    def _render(self, client: WebClient, body: Payload, ref: MessageRef, respond: Respond) -> Message | None:
        """The stored answer in the state `ref` gives; None, and a note to whoever pressed, when it is gone."""
        stored = self.stored(ref, body)
        if stored is None:
            self.tell(client, body, NOT_FOUND, respond)
            return None
        answer, question = stored
        return answer_message(answer, ref, self.public_url, question)

    def rerender(self, client: WebClient, body: Payload, ref: MessageRef, respond: Respond) -> None:
        """Show the message in its new state (passages, rating): chat.update, or response_url if ephemeral."""
        message = self._render(client, body, ref, respond)
        if message is None:
            return
        if ref.ephemeral:
            if _can_respond(respond):
                reply(respond, message, replace_original=True)
            return
        channel = body.get("channel", {}).get("id") or body.get("container", {}).get("channel_id")
        ts = body.get("container", {}).get("message_ts") or body.get("message", {}).get("ts")
        try:
            client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)
        except SlackApiError as exc:
            log.warning("could not update the message %s in %s: %s", ts, channel, slack_error(exc))

    def tell(self, client: WebClient, body: Payload, text: str, respond: Respond) -> None:
        """A short note only the person who pressed a button sees."""
        note = notice_message(text)
        channel, user = body.get("channel", {}).get("id"), body.get("user", {}).get("id")
        try:
            if channel and user:
                client.chat_postEphemeral(channel=channel, user=user, text=note.text, blocks=note.blocks)
            elif _can_respond(respond):
                reply(respond, note)
        except SlackApiError as exc:
            log.warning("could not tell the user: %s", slack_error(exc))


def reply(respond: Respond, message: Message | None = None, replace_original: bool = False) -> None:
    """Reply through the interaction's response_url, the only way to change an ephemeral message.

    Without a message, the original ephemeral message is deleted.
    """
    if message is None:
        response = respond(delete_original=True)
    else:
        response = respond(
            text=message.text,
            blocks=message.blocks,
            response_type="ephemeral",
            replace_original=replace_original,
        )
    if response.status_code != 200:
        log.warning("response_url answered %s: %s", response.status_code, response.body)


def _can_respond(respond: Respond | None) -> TypeGuard[Respond]:
    """Whether there is a response_url to reply through (events have none)."""
    return respond is not None and respond.response_url is not None


def _reaction(client: WebClient, method: str, question: Question) -> bool:
    """Add or remove 👀 on the question; progress is a nicety, so a failure is only logged."""
    try:
        getattr(client, method)(channel=question.channel, timestamp=question.react_ts, name="eyes")
        return True
    except SlackApiError as exc:
        log.warning("%s failed: %s", method, slack_error(exc))
        return False


def slack_error(exc: Exception) -> str:
    """Slack's error code from an API error, or the exception's text."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or exc)
    return str(exc)
