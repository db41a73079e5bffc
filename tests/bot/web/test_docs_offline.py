"""/docs and /redoc in real headless Chromium with every request off the loopback refused: the API
reference renders from the package's own assets, under the page's CSP, and HEAD / answers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from tests.bot.web.conftest import ConsoleGuard

pytestmark = pytest.mark.browser


def offline(page: Page) -> list[str]:
    """Abort every request that leaves 127.0.0.1; the list collects what was refused."""
    refused: list[str] = []

    def route(r: Route) -> None:
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return refused


def test_swagger_ui_renders_offline(page: Page, app_url: str) -> None:
    refused = offline(page)
    page.goto(f"{app_url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Certified MLOps Manager tutor")
    chat = page.locator(".opblock-summary-path", has_text="/chat/stream")
    expect(chat.first).to_be_visible()
    chat.first.click()  # an operation opens: the UI is live, not a static shell
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert refused == []


def test_redoc_renders_offline(page: Page, app_url: str, console: ConsoleGuard) -> None:
    # ReDoc's footer logo comes from Redocly's CDN; the CSP blocks it before any request is made.
    console.allowed.append(re.compile(r"^Loading the image 'https://cdn\.redoc\.ly/.*img-src"))
    refused = offline(page)
    page.goto(f"{app_url}/redoc")
    expect(page.locator("h1", has_text="Certified MLOps Manager tutor")).to_be_visible()
    expect(page.get_by_text("Chat Stream").first).to_be_attached()
    assert refused == []


def test_head_and_docs_pages_answer_plain_http(app_url: str) -> None:
    head = httpx.head(f"{app_url}/")
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/html")
    assert head.content == b""
    for path in ("/docs", "/redoc"):
        r = httpx.get(f"{app_url}{path}")
        assert "cdn." not in r.text and "<script>" not in r.text  # local files, no inline script
        assert "/static-docs/" in r.text
        policy = r.headers.get_list("content-security-policy")
        assert len(policy) == 1 and "script-src 'self';" in policy[0]
    assert "unsafe-inline" not in httpx.get(f"{app_url}/docs").headers["content-security-policy"]
