"""The bolt App: one factory for HTTP and Socket Mode, with the tutor's listeners registered on it."""

from __future__ import annotations

import logging
import re

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings
from bot.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP, PASSAGES, REASON_CALLBACK, SHARE, SUGGEST_PREFIX
from bot.slack.delivery import Delivery
from bot.slack.host import SlackHost
from bot.slack.listeners import Listeners
from bot.slack.practice import PracticeListeners
from bot.slack.practice_blocks import PLAN_ROLE_PREFIX, QUIZ_ANSWER_PREFIX, QUIZ_NEXT
from bot.slack.threads import Threads

log = logging.getLogger(__name__)

# Slack says how long to wait in Retry-After; two waits cover a burst without stalling an answer for long.
RATE_LIMIT_RETRIES = 2
SERVER_ERROR_RETRIES = 2
CONNECTION_RETRIES = 2


def web_client(settings: Settings) -> WebClient:
    """A Web API client on the configured API URL that retries rate limits, 5xx and dropped connections."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        logger=logging.getLogger("bot.slack.web"),
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
            ServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
        ],
    )


def create_slack_app(settings: Settings, host: SlackHost, client: WebClient | None = None) -> App:
    """The bolt App over what `host` holds (the front door, Slack's store) when a request arrives.

    Listeners run after the acknowledgement, in bolt's thread pool (process_before_response=False).
    The token is not checked at start-up (no auth.test call), so building the app needs no network;
    bolt calls auth.test on the first request to learn the bot's own user id.
    """
    threads = Threads(host)
    listeners = Listeners(host, threads, Delivery(host, threads, settings.public_url))
    practice = PracticeListeners(host, settings.public_url)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    app = App(
        name="tutor",
        client=client or web_client(settings),
        signing_secret=secret,  # Socket Mode requests are not signed; bolt skips the check for them
        token_verification_enabled=False,
        process_before_response=False,
        logger=logging.getLogger("bot.slack.bolt"),
    )
    app.use(listeners.claim_once)
    app.event("app_mention")(listeners.on_app_mention)
    # Tutor mode sees a message or `/tutor` first: a reply in a practice thread, `/tutor quiz|plan`.
    app.event("message")(practice.message_or(listeners.on_message))
    app.command("/tutor")(practice.command_or(listeners.on_command))
    app.event("app_home_opened")(practice.on_home_opened)
    app.action(re.compile(rf"^{QUIZ_ANSWER_PREFIX}\d+$"))(practice.on_quiz_answer)
    app.action(QUIZ_NEXT)(practice.on_quiz_next)
    app.action(re.compile(rf"^{PLAN_ROLE_PREFIX}\d+$"))(practice.on_plan_role)
    app.action(FEEDBACK_UP)(listeners.on_feedback)
    app.action(FEEDBACK_DOWN)(listeners.on_feedback)
    app.action(PASSAGES)(listeners.on_passages)
    app.action(SHARE)(listeners.on_share)
    app.action(re.compile(rf"^{SUGGEST_PREFIX}\d+$"))(listeners.on_suggestion)
    app.view(REASON_CALLBACK)(listeners.on_reason)
    return app
