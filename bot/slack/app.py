"""The bolt App: one factory for HTTP and Socket Mode, with the tutor's listeners registered on it."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings
from bot.slack.assistant import assistant_middleware
from bot.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP, PASSAGES, REASON_CALLBACK, SHARE, SUGGEST_PREFIX
from bot.slack.delivery import Delivery
from bot.slack.executor import BoundedExecutor
from bot.slack.host import SlackHost
from bot.slack.identity import BotIdentity
from bot.slack.listeners import Listeners
from bot.slack.metrics import count_errors, count_request
from bot.slack.practice import PracticeListeners
from bot.slack.practice_blocks import PLAN_ROLE_PREFIX, QUIZ_ANSWER_PREFIX, QUIZ_NEXT
from bot.slack.threads import Threads

log = logging.getLogger(__name__)

# Slack says how long to wait in Retry-After; two waits cover a burst without stalling an answer for long.
RATE_LIMIT_RETRIES = 2
SERVER_ERROR_RETRIES = 2
# One more try on a dropped connection; with the short timeout, an unreachable Web API holds a Slack worker
# for seconds, not minutes.
CONNECTION_RETRIES = 1
PENDING_PER_WORKER = 25  # Slack work waiting per worker thread before more is dropped (and logged)


def web_client(settings: Settings) -> WebClient:
    """A Web API client on the configured API URL that retries rate limits, 5xx and dropped connections."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=int(max(1, settings.slack_timeout_seconds)),
        logger=logging.getLogger("bot.slack.web"),
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
            ServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
        ],
    )


def create_slack_app(settings: Settings, host: SlackHost, client: WebClient | None = None) -> App:
    """The bolt App over what `host` holds (the front door, Slack's store) when a request arrives.

    Every request is acknowledged at once in the thread that dispatches it; the listeners run afterwards
    as bolt's lazy listeners, on the app's own bounded executor (TUTOR_SLACK_WORKERS threads), so a busy
    or hung Web API delays answers but never an acknowledgement, nor a thread of the HTTP API. Nothing
    is asked of Slack at start-up; the bot's user id comes from settings or one auth.test (BotIdentity).
    """
    threads = Threads(host)
    listeners = Listeners(host, threads, Delivery(host, threads, settings.public_url))
    practice = PracticeListeners(host, settings.public_url)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    client = client or web_client(settings)
    # The token reaches bolt through BotIdentity, request by request; the client keeps none of its own.
    token, client.token = client.token or "", None
    app = App(
        name="tutor",
        client=client,
        signing_secret=secret,  # Socket Mode requests are not signed; bolt skips the check for them
        authorize=BotIdentity(client, token, settings.slack_bot_user_id),
        process_before_response=False,
        listener_executor=BoundedExecutor(
            settings.slack_workers, settings.slack_workers * PENDING_PER_WORKER
        ),
        logger=logging.getLogger("bot.slack.bolt"),
    )
    count_errors()
    app.use(count_request)  # every request Slack sends, before a duplicate is dropped
    app.use(listeners.claim_once)
    app.use(assistant_middleware(host, acknowledge))  # the assistant view: greeting, suggested prompts
    app.event("app_mention")(ack=acknowledge, lazy=[listeners.on_app_mention])
    # Tutor mode sees a message or `/tutor` first: a reply in a practice thread, `/tutor quiz|plan`.
    app.event("message")(ack=acknowledge, lazy=[practice.message_or(listeners.on_message)])
    app.command("/tutor")(ack=acknowledge, lazy=[practice.command_or(listeners.on_command)])
    app.event("app_home_opened")(ack=acknowledge, lazy=[practice.on_home_opened])
    buttons: list[tuple[str | re.Pattern[str], Callable[..., None]]] = [
        (re.compile(rf"^{QUIZ_ANSWER_PREFIX}\d+$"), practice.on_quiz_answer),
        (QUIZ_NEXT, practice.on_quiz_next),
        (re.compile(rf"^{PLAN_ROLE_PREFIX}\d+$"), practice.on_plan_role),
        (FEEDBACK_UP, listeners.on_feedback),
        (FEEDBACK_DOWN, listeners.on_feedback),
        (PASSAGES, listeners.on_passages),
        (SHARE, listeners.on_share),
        (re.compile(rf"^{SUGGEST_PREFIX}\d+$"), listeners.on_suggestion),
    ]
    for action, listener in buttons:
        app.action(action)(ack=acknowledge, lazy=[listener])
    app.view(REASON_CALLBACK)(ack=acknowledge, lazy=[listeners.on_reason])
    return app


def acknowledge(ack: Callable[[], None]) -> None:
    """The acknowledgement Slack waits three seconds for, given before any work is queued."""
    ack()
