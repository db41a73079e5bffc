"""Fixtures for driving the web page in real headless Chromium against the real app."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from tests.servers import running_server

# Debian's chromium package; Playwright's own browser download cannot work offline.
CHROMIUM = Path(os.environ.get("TUTOR_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: `apt-get install chromium` (or set TUTOR_TEST_CHROMIUM), "
            'or deselect these tests with -m "not browser"'
        )
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def app_url(settings: Settings, holder: IndexHolder) -> Iterator[str]:
    """The real app on a real loopback port, with this test's own SQLite file."""
    with running_server(create_app(settings, holder=holder)) as url:
        yield url


@dataclass
class ConsoleGuard:
    """Collects console errors and page errors; a test names the ones it provokes on purpose."""

    errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow_http_error(self, status: int) -> None:
        # Chromium logs every 4xx/5xx response as a console error, even one the page handles.
        self.allowed.append(re.compile(rf"^Failed to load resource: .*status of {status}\b"))

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "assert"):
            self.errors.append(message.text)

    def on_page_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught: {error}")

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self.allowed)]


@pytest.fixture
def console() -> ConsoleGuard:
    return ConsoleGuard()


def open_page(
    chromium: Browser, console: ConsoleGuard, viewport: dict[str, int], **options: Any
) -> Iterator[Page]:
    """A tab in a fresh context (`options` go to new_context: http_credentials, say)."""
    context = chromium.new_context(viewport=viewport, reduced_motion="reduce", **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("console", console.on_console)
    page.on("pageerror", console.on_page_error)
    try:
        yield page
    finally:
        context.close()
    assert console.unexpected() == [], "JavaScript errors on the page"


@pytest.fixture
def page(chromium: Browser, console: ConsoleGuard) -> Iterator[Page]:
    """A fresh desktop-sized tab; the test fails if the page logged an unexpected error."""
    yield from open_page(chromium, console, DESKTOP)


@pytest.fixture
def phone(chromium: Browser, console: ConsoleGuard) -> Iterator[Page]:
    """A fresh phone-sized tab (375 px wide)."""
    yield from open_page(chromium, console, PHONE)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (git-ignored), for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
