"""The page that remembers, in real headless Chromium against the real app: the conversation survives
a reload, History reopens earlier ones (only in the browser whose cookie started them), answers copy
with their sources, the light/dark toggle sticks, and an out-of-scope reply offers its topics once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.bot.web.conftest import ConsoleGuard, open_page
from tests.bot.web.test_page import OUT_OF_SCOPE, PASSING_SCORE, answered, answers, ask

pytestmark = pytest.mark.browser

PROCTORED = "Is the exam proctored?"
PHONE_844 = {"width": 390, "height": 844}


def history_items(page: Page) -> list[str]:
    page.get_by_role("button", name="History").click()
    dialog = page.get_by_role("dialog", name="Earlier conversations")
    expect(dialog).to_be_visible()
    titles = dialog.locator(".history-title").all_inner_texts()
    return titles


def test_a_reload_brings_the_conversation_back_and_it_continues(page: Page, app_url: str) -> None:
    page.goto(app_url)
    with page.expect_request("**/chat/stream"):
        answered(ask(page, "What skills will I gain at the foundation level?"))
    with page.expect_request("**/chat/stream") as first:
        answered(ask(page, "and the professional level?"))
    conversation_id = first.value.post_data_json["conversation_id"]

    page.reload()
    expect(page.locator(".msg.learner")).to_have_count(2)
    expect(page.locator(".msg.learner").first).to_contain_text("foundation level")
    restored = answers(page)
    expect(restored).to_have_count(2)
    expect(restored.nth(1).locator(".answer")).to_contain_text("Kubernetes")
    expect(restored.nth(1).locator("a.footnote").first).to_be_visible()  # citations are links again
    expect(restored.nth(1).get_by_role("group", name="Rate this answer")).to_be_visible()

    with page.expect_request("**/chat/stream") as follow:
        answered(ask(page, "what about for managers?"))
    assert follow.value.post_data_json["conversation_id"] == conversation_id


def test_history_reopens_an_earlier_conversation(page: Page, app_url: str) -> None:
    page.goto(app_url)
    answered(ask(page, PASSING_SCORE))
    page.get_by_role("button", name="New conversation").click()
    answered(ask(page, PROCTORED))

    assert history_items(page) == [PROCTORED, PASSING_SCORE]  # the most recent first
    dialog = page.get_by_role("dialog", name="Earlier conversations")
    expect(dialog.locator("[aria-current=true]")).to_have_text(re.compile(re.escape(PROCTORED)))
    dialog.get_by_role("button", name=re.compile(re.escape(PASSING_SCORE))).click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".msg.learner")).to_have_count(1)
    expect(page.locator(".msg.learner")).to_contain_text(PASSING_SCORE)
    expect(answers(page).first.locator(".answer")).to_contain_text("70%")

    page.reload()  # the reopened one is now the current one
    expect(page.locator(".msg.learner")).to_contain_text(PASSING_SCORE)


def test_another_browser_cannot_reopen_them(
    page: Page, app_url: str, chromium: Browser, console: ConsoleGuard
) -> None:
    """Ids copied into a browser without the cookie open nothing; the page says so and forgets them."""
    page.goto(app_url)
    answered(ask(page, PASSING_SCORE))
    saved = page.evaluate("JSON.stringify(Object.assign({}, window.localStorage))")

    console.allow_http_error(404)
    for other in open_page(chromium, console, PHONE_844):
        other.goto(app_url)
        other.evaluate(f"for (const [k, v] of Object.entries({saved})) window.localStorage.setItem(k, v)")
        other.reload()
        expect(other.locator(".msg.tutor:not(.welcome)")).to_contain_text("no longer available")
        expect(other.locator(".msg.learner")).to_have_count(0)
        assert history_items(other) == []


def test_copy_puts_the_answer_and_its_sources_on_the_clipboard(page: Page, app_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    page.goto(app_url)
    reply = answered(ask(page, PASSING_SCORE))
    copy = reply.get_by_role("button", name="Copy this answer")
    copy.click()
    expect(copy).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "70%" in copied and "[1]" in copied
    assert re.search(
        r"Sources:\n\[1\] Frequently Asked Questions \(General\) .*/\?passage=faq-general/", copied
    )
    expect(answered(ask(page, OUT_OF_SCOPE)).get_by_role("button", name="Copy this answer")).to_have_count(0)


def background_luminance(page: Page) -> float:
    r, g, b = page.evaluate(
        "getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)"
    )
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def test_the_theme_toggle_overrides_the_system_and_sticks(page: Page, app_url: str) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(app_url)
    toggle = page.get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert background_luminance(page) > 0.8
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert background_luminance(page) < 0.2
    page.reload()
    expect(page.get_by_role("button", name="Dark theme")).to_have_attribute("aria-pressed", "true")
    assert background_luminance(page) < 0.2  # from the first paint: theme.js runs before the body
    page.get_by_role("button", name="Dark theme").click()
    assert background_luminance(page) > 0.8


def test_out_of_scope_reply_offers_its_topics_once_as_questions(page: Page, app_url: str) -> None:
    page.goto(app_url)
    reply = answered(ask(page, OUT_OF_SCOPE))
    buttons = reply.get_by_role("group", name="Try asking one of these instead:").get_by_role("button")
    offered = buttons.all_inner_texts()
    assert len(offered) >= 2 and all(q.endswith("?") for q in offered)
    text = reply.locator(".answer").inner_text()
    assert not any(q in text for q in offered), "the topics are listed in the text as well as the buttons"
    assert reply.inner_text().count(offered[0]) == 1


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots_for_a_person_to_look_at(
    chromium: Browser, console: ConsoleGuard, app_url: str, artifacts: Path, theme: str
) -> None:
    """Desktop (1280x800) and phone (390x844): a conversation, then the history list."""
    for size, viewport in (("desktop", {"width": 1280, "height": 800}), ("phone", PHONE_844)):
        for page in open_page(chromium, console, viewport):
            page.emulate_media(color_scheme=theme)
            page.goto(app_url)
            answered(ask(page, PASSING_SCORE))
            answered(ask(page, OUT_OF_SCOPE))
            page.screenshot(path=artifacts / f"memory-{size}-{theme}-abstained.png")
            page.get_by_role("button", name="New conversation").click()
            answered(ask(page, "What skills will I gain at the professional level?"))
            width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
            assert width <= inner, "the page scrolls sideways"
            page.screenshot(path=artifacts / f"memory-{size}-{theme}.png")
            history_items(page)
            page.screenshot(path=artifacts / f"memory-{size}-{theme}-history.png")
            page.keyboard.press("Escape")
            page.reload()
            expect(answers(page)).to_have_count(1)
            page.screenshot(path=artifacts / f"memory-{size}-{theme}-reloaded.png")
