"""The curriculum-gap page (GET /admin) in real headless Chromium against the real app: learners' real
questions through /chat and /feedback, earlier days written to the same SQLite file, and a maintainer
who signs in with the admin token, reads the topics and downloads the CSV."""

from __future__ import annotations

import base64
import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from pydantic import SecretStr

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from bot.store import SQLiteStore
from tests.bot.test_gaps import Clock, remember
from tests.bot.web.conftest import ConsoleGuard, open_page
from tests.servers import running_server

pytestmark = pytest.mark.browser

TOKEN = "maintainer-secret"
COST = [
    "How much does the exam cost?",
    "What is the price of the professional exam?",
    "How much is the exam fee?",
]
CENTRES = ["Which cities have exam centres?", "Is there a test centre in Berlin?"]
ANSWERED = "What is the passing score for the exams?"


def seed_earlier_days(path: Path) -> None:
    """Two earlier days in the store the app will open: one quiet, one with a refusal."""
    clock = Clock()
    store = SQLiteStore(path, clock=clock)
    for days_ago, question, abstained in ((3, ANSWERED, False), (2, ANSWERED, False), (2, CENTRES[0], True)):
        clock.now = datetime.now(UTC) - timedelta(days=days_ago)
        remember(store, question, abstained)
    store.close()


@pytest.fixture
def admin_url(settings: Settings, holder: IndexHolder) -> Iterator[str]:
    """The real app with the admin token set, after learners asked (and rated) through it."""
    mine = settings.model_copy(update={"admin_token": SecretStr(TOKEN)})
    seed_earlier_days(mine.database_path)
    with running_server(create_app(mine, holder=holder)) as url, httpx.Client(base_url=url) as learner:
        for question in [COST[0], COST[0], COST[1], COST[2], CENTRES[1], ANSWERED]:
            reply = learner.post("/chat", json={"message": question}).json()
            assert reply["abstained"] == (question != ANSWERED), question
            if question == COST[1]:
                learner.post(
                    "/feedback",
                    json={
                        "conversation_id": reply["conversation_id"],
                        "turn": 1,
                        "rating": "down",
                        "reason": "I need the price in euros",
                    },
                ).raise_for_status()
        yield url


def basic(password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"admin:{password}".encode()).decode()}


def test_the_page_and_its_data_take_the_admin_token(admin_url: str, app_url: str) -> None:
    refused = httpx.get(f"{admin_url}/admin")
    assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Basic ")
    assert httpx.get(f"{admin_url}/admin", headers=basic("wrong")).status_code == 401
    assert (
        httpx.get(f"{admin_url}/admin", headers=basic(TOKEN)).headers["content-type"].startswith("text/html")
    )
    bearer = httpx.get(f"{admin_url}/admin/gaps", headers={"Authorization": f"Bearer {TOKEN}"})
    assert bearer.status_code == 200 and bearer.json()["questions"] == 9
    # Basic credentials, which a browser sends by itself, never reach what writes.
    assert httpx.post(f"{admin_url}/admin/reindex", headers=basic(TOKEN)).status_code == 401
    for path in ("/admin", "/admin/gaps", "/admin/gaps.csv"):  # admin off: they do not exist
        assert httpx.get(f"{app_url}{path}", headers=basic(TOKEN)).status_code == 404


def admin_page(chromium: Browser, console: ConsoleGuard, viewport: dict[str, int]) -> Iterator[Page]:
    yield from open_page(
        chromium, console, viewport, http_credentials={"username": "admin", "password": TOKEN}
    )


def test_a_maintainer_reads_the_gaps_and_downloads_the_csv(
    admin_url: str, chromium: Browser, console: ConsoleGuard, artifacts: Path
) -> None:
    for page in admin_page(chromium, console, {"width": 1280, "height": 800}):
        page.goto(f"{admin_url}/admin")
        expect(page.locator(".admin-main")).to_have_attribute("aria-busy", "false")
        expect(page.locator("#fig-questions")).to_have_text("9")
        expect(page.locator("#fig-abstained")).to_have_text("6")
        expect(page.locator("#fig-rate")).to_have_text("67%")

        topics = page.locator("#topics > li")
        first = topics.first
        expect(first.get_by_role("heading")).to_have_text(COST[0])  # asked twice: the topic's name
        expect(first).to_contain_text("Asked 4 times")
        expect(first.get_by_role("list", name="How learners asked")).to_contain_text(COST[1])
        expect(first.get_by_role("list", name="How learners asked")).to_contain_text(COST[2])
        expect(first.locator("blockquote")).to_have_text("I need the price in euros")
        centres = topics.filter(has_text=CENTRES[1])
        expect(centres).to_have_count(1)
        expect(centres).to_contain_text(CENTRES[0])  # yesterday's and today's wordings, one topic
        expect(centres).not_to_contain_text(COST[0])

        expect(page.locator("#trend rect")).to_have_count(30)
        expect(page.locator("#trend rect.bar:not(.empty)")).to_have_count(3)  # three days had questions
        page.screenshot(path=artifacts / "admin-desktop.png", full_page=True)

        page.get_by_label("Last").select_option("7")
        expect(page.locator("#trend rect")).to_have_count(7)
        with page.expect_download() as download:
            page.get_by_role("link", name="Download CSV").click()
        assert download.value.suggested_filename == "curriculum-gaps-7d.csv"
        rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        priced = next(r for r in rows if r["question"] == COST[1])
        assert priced["topic"] == COST[0] and priced["reasons"] == "I need the price in euros"
        assert {r["question"] for r in rows} == {*COST, *CENTRES}

    for page in admin_page(chromium, console, {"width": 390, "height": 844}):
        page.emulate_media(color_scheme="dark")
        page.goto(f"{admin_url}/admin")
        expect(page.locator("#topics > li").first).to_contain_text("Asked 4 times")
        width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert width <= inner, "the page scrolls sideways"
        page.screenshot(path=artifacts / "admin-phone.png", full_page=True)


def test_without_the_token_the_browser_gets_no_report(
    admin_url: str, chromium: Browser, console: ConsoleGuard
) -> None:
    console.allow_http_error(401)
    console.allow_http_error(404)  # the browser's own /favicon.ico, after an error page with no icon
    guess = {"username": "admin", "password": "guess"}
    for page in open_page(chromium, console, {"width": 1280, "height": 800}, http_credentials=guess):
        response = page.goto(f"{admin_url}/admin")
        assert response is not None and response.status == 401
        expect(page.locator("body")).not_to_contain_text(re.compile("exam cost|price"))
