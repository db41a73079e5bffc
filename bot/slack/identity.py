"""Who the bot is, for bolt: from settings, or from one auth.test remembered; never a reason to fail an event.

bolt's own single-workspace authorization calls auth.test on each request until one succeeds, so with the
Web API unreachable every event waited out the call and answered 500 (and Slack delivered it again).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_sdk import WebClient

log = logging.getLogger(__name__)

RETRY_SECONDS = 60.0  # after a failed auth.test, the next request that may try again


class BotIdentity(Authorize):
    """The bot token with the bot's user id: TUTOR_SLACK_BOT_USER_ID, else auth.test's, asked in the
    background (at most once a minute until it answers) so that no request waits for it; meanwhile requests
    go on without the id (the listeners allow for that)."""

    def __init__(self, client: WebClient, token: str, bot_user_id: str | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._client, self._token = client, token
        self._known: dict[str, Any] = {"bot_user_id": bot_user_id} if bot_user_id else {}
        self._next_try = 0.0
        self._lock = threading.Lock()

    def __call__(self, *, enterprise_id: str | None, team_id: str | None, **_: Any) -> AuthorizeResult:
        if not self._known and time.monotonic() >= self._next_try and self._lock.acquire(blocking=False):
            self._next_try = time.monotonic() + RETRY_SECONDS
            threading.Thread(target=self._ask, name="slack-auth-test", daemon=True).start()
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=self._token,
            bot_user_id=self._known.get("bot_user_id"),
            bot_id=self._known.get("bot_id"),
        )

    def _ask(self) -> None:
        try:
            found = self._client.auth_test(token=self._token)
            self._known = {"bot_user_id": found.get("user_id"), "bot_id": found.get("bot_id")}
        except Exception as exc:  # unreachable, timed out, or refused: try again later, answer meanwhile
            log.warning("auth.test failed (%s); answering without the bot's user id for now", exc)
        finally:
            self._lock.release()
