"""Tutor mode in Slack: `/tutor quiz [level]` posts a practice item (buttons for choices, a thread reply
for free text, feedback in the thread), `/tutor plan <about me>` makes a learning plan, and the App Home
tab shows progress, due items and starter questions. The learner is `slack:<user id>`."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.conversations import NotReady
from bot.practice import InvalidAnswer, InvalidLevel, InvalidProfile, Item, Practice, UnknownItem
from bot.slack.blocks import Message, notice_message
from bot.slack.delivery import NOT_READY, Payload, reply, slack_error
from bot.slack.home import ask_blocks
from bot.slack.host import SlackHost
from bot.slack.listeners import PERSON_SUBTYPES, is_from_bot, read_value
from bot.slack.mrkdwn import from_slack
from bot.slack.practice_blocks import (
    MAX_HOME_BLOCKS,
    feedback_message,
    home_view,
    plan_message,
    quiz_message,
)
from bot.slack.practice_values import PlanRole, QuizAnswer, QuizNext

log = logging.getLogger(__name__)

Ack = Callable[..., None]
Listener = Callable[..., Any]
SUBCOMMANDS = ("quiz", "plan")
PLAN_HINT = (
    "Tell me about yourself after `/tutor plan` — for example: "
    "`/tutor plan I'm an SRE with 3 years of Kubernetes`."
)


def learner_of(user: str) -> str:
    return f"slack:{user}"


class PracticeListeners:
    """The tutor-mode listeners, over what the host holds when a request arrives."""

    def __init__(self, host: SlackHost, public_url: str | None = None) -> None:
        self.host = host
        self.public_url = public_url

    @property
    def practice(self) -> Practice:
        return self.host.practice

    # --- routing: /tutor quiz|plan, and replies in a practice thread; the rest goes on as before ---

    def command_or(self, fallback: Listener) -> Listener:
        def on_command(ack: Ack, command: Payload, client: WebClient, respond: Respond) -> None:
            word, _, rest = command.get("text", "").strip().partition(" ")
            if word.lower() not in SUBCOMMANDS:
                fallback(ack=ack, command=command, client=client, respond=respond)
                return
            ack()
            user, channel = command["user_id"], command["channel_id"]
            if word.lower() == "quiz":
                self.quiz(client, channel, user, level=from_slack(rest).strip() or None, respond=respond)
            else:
                self.plan(from_slack(rest), user, respond)

        return on_command

    def message_or(self, fallback: Listener) -> Listener:
        def on_message(event: Payload, context: Any, client: WebClient) -> None:
            channel, thread_ts = str(event.get("channel", "")), event.get("thread_ts")
            reply_in_thread = thread_ts and thread_ts != event.get("ts")
            person = not is_from_bot(event) and event.get("subtype") in PERSON_SUBTYPES and event.get("user")
            held = self._held(channel, str(thread_ts)) if reply_in_thread and person else None
            if held is None:
                fallback(event=event, context=context, client=client)
                return
            self.answer_in_thread(
                client, channel, str(thread_ts), str(event["user"]), held, event.get("text", "")
            )

        return on_message

    def _held(self, channel: str, thread_ts: str) -> str | None:
        try:
            prompt = self.practice.held(channel, thread_ts)
        except Exception:  # a broken store must not silence ordinary follow-ups
            log.exception("could not look up a practice thread")
            return None
        return prompt.item_id if prompt else None

    # --- quiz ---

    def quiz(
        self,
        client: WebClient,
        channel: str,
        user: str,
        *,
        level: str | None = None,
        item_id: str | None = None,
        respond: Respond | None = None,
    ) -> None:
        """Post the learner's next item (or a given one) where they asked; in their DM if not allowed there."""
        learner = learner_of(user)
        try:
            if item_id:
                served = self.practice.serve(learner, item_id, source="slack")
            else:
                found = self.practice.next_item(learner, level=level, source="slack")
                if found is None:
                    self._tell(
                        client, channel, user, respond, "There are no practice questions for that level yet."
                    )
                    return
                served = found
        except InvalidLevel as exc:
            self._tell(client, channel, user, respond, f"Sorry — {exc}.")
            return
        except UnknownItem:
            self._tell(client, channel, user, respond, "That question is no longer in the curriculum.")
            return
        except NotReady:
            self._tell(client, channel, user, respond, NOT_READY)
            return
        self.post_item(client, channel, user, served.item)

    def post_item(self, client: WebClient, channel: str, user: str, item: Item) -> None:
        message = quiz_message(item, self.practice.levels().get(item.level, item.level))
        for where in dict.fromkeys([channel, user]):  # the channel, else the DM with the app
            try:
                posted = client.chat_postMessage(channel=where, text=message.text, blocks=message.blocks)
            except SlackApiError as exc:
                log.info("could not post a practice item in %s: %s", where, slack_error(exc))
                continue
            where_posted = str(posted.get("channel") or where)
            self.practice.hold(where_posted, str(posted["ts"]), learner_of(user), item.id)
            return
        log.error("could not post a practice item for %s anywhere", user)

    def on_quiz_answer(self, ack: Ack, body: Payload, action: Payload, client: WebClient) -> None:
        """A choice pressed: grade it and give the feedback in the item's thread."""
        ack()
        value = read_value(QuizAnswer, action.get("value"))
        if value is None:
            return
        user, channel = body["user"]["id"], body.get("channel", {}).get("id") or body["user"]["id"]
        thread = body.get("container", {}).get("message_ts") or body.get("message", {}).get("ts")
        try:
            item = self.practice.item(value.item_id)
            choice = item.choices[value.choice]
        except (UnknownItem, IndexError):
            self._post(
                client, channel, thread, notice_message("That question is no longer in the curriculum.")
            )
            return
        self._grade(client, channel, thread, user, item, choice)

    def answer_in_thread(
        self, client: WebClient, channel: str, thread_ts: str, user: str, item_id: str, text: str
    ) -> None:
        """A reply in a practice item's thread is the learner's answer to it."""
        try:
            item = self.practice.item(item_id)
        except UnknownItem:
            self._post(
                client, channel, thread_ts, notice_message("That question is no longer in the curriculum.")
            )
            return
        answer: str | list[str] = from_slack(text).strip()
        if item.kind == "order":
            numbers = [int(n) for n in re.findall(r"\d+", str(answer))]
            if sorted(numbers) != list(range(1, len(item.choices) + 1)):
                hint = f"Reply with the numbers 1 to {len(item.choices)} in the right order, for example `2 3 1`."
                self._post(client, channel, thread_ts, notice_message(hint))
                return
            answer = [item.choices[n - 1] for n in numbers]
        self._grade(client, channel, thread_ts, user, item, answer)

    def _grade(
        self,
        client: WebClient,
        channel: str,
        thread: str | None,
        user: str,
        item: Item,
        answer: str | list[str],
    ) -> None:
        try:
            outcome = self.practice.answer(learner_of(user), item.id, answer, source="slack")
        except InvalidAnswer as exc:
            self._post(client, channel, thread, notice_message(f"Sorry — {exc}."))
            return
        except NotReady:
            self._post(client, channel, thread, notice_message(NOT_READY))
            return
        self._post(client, channel, thread, feedback_message(outcome, self.public_url))

    def on_quiz_next(self, ack: Ack, body: Payload, action: Payload, client: WebClient) -> None:
        """Next question, a level to practise, or a starter question pressed (also on the App Home tab)."""
        ack()
        value = read_value(QuizNext, action.get("value"))
        if value is None:
            return
        user = body["user"]["id"]
        channel = body.get("channel", {}).get("id") or user  # the App Home has no channel: the DM
        self.quiz(client, channel, user, level=value.level, item_id=value.item_id)

    # --- plan ---

    def plan(self, text: str, user: str, respond: Respond, replace: bool = False) -> None:
        """A learning plan, shown to the learner alone; practice follows its level."""
        if not text.strip():
            reply(respond, notice_message(PLAN_HINT))
            return
        try:
            made = self.practice.plan(text, learner_of(user), source="slack")
        except InvalidProfile as exc:
            reply(respond, notice_message(f"Sorry — {exc}."))
            return
        except NotReady:
            reply(respond, notice_message(NOT_READY))
            return
        reply(respond, plan_message(made, text, self.public_url), replace_original=replace)

    def on_plan_role(self, ack: Ack, body: Payload, action: Payload, respond: Respond) -> None:
        """A role pressed where the plan asked back: plan again, knowing the role."""
        ack()
        value = read_value(PlanRole, action.get("value"))
        if value is not None:
            self.plan(f"I am a {value.role}. {value.text}", body["user"]["id"], respond, replace=True)

    # --- App Home ---

    def on_home_opened(self, event: Payload, client: WebClient) -> None:
        """Publish the learner's App Home tab: progress, due items, starter questions."""
        if event.get("tab") not in (None, "home"):
            return
        user = str(event["user"])
        learner = learner_of(user)
        try:
            progress = self.practice.progress(learner)
            due = [self.practice.item(i) for i in progress.due_items[:5]]
            view = home_view(progress, self.practice.levels(), due, self.practice.starters(learner))
            # The tutor's own part first (how to ask, questions to start with), then tutor mode's.
            view["blocks"] = [*ask_blocks(self.host.conversations.starters()), *view["blocks"]][
                :MAX_HOME_BLOCKS
            ]
        except NotReady:
            return
        try:
            client.views_publish(user_id=user, view=view)
        except SlackApiError as exc:
            log.warning("could not publish the App Home of %s: %s", user, slack_error(exc))

    # --- delivery ---

    def _post(self, client: WebClient, channel: str, thread: str | None, message: Message) -> None:
        try:
            client.chat_postMessage(
                channel=channel, thread_ts=thread, text=message.text, blocks=message.blocks
            )
        except SlackApiError as exc:
            log.warning("could not post practice feedback in %s: %s", channel, slack_error(exc))

    def _tell(self, client: WebClient, channel: str, user: str, respond: Respond | None, text: str) -> None:
        note = notice_message(text)
        if respond is not None and respond.response_url is not None:
            reply(respond, note)
            return
        try:
            client.chat_postEphemeral(channel=channel, user=user, text=note.text, blocks=note.blocks)
        except SlackApiError as exc:
            log.warning("could not tell %s: %s", user, slack_error(exc))
