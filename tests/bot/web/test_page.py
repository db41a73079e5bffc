"""The chat page in real headless Chromium, against the real app on a loopback port.

Every wait is Playwright's auto-waiting `expect`: the answer arrives as a stream, so the tests
wait for what a learner would see (the rating buttons appear once the answer is complete).
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Locator, Page, Route, expect

from bot.answer.replies import Replies
from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder
from bot.store import SQLiteStore
from tests.bot.web.conftest import ConsoleGuard
from tests.servers import running_server
from tests.tripwire import TripwireHolder

pytestmark = pytest.mark.browser

PASSING_SCORE = "What is the passing score for the exams?"
OUT_OF_SCOPE = "How much does the exam cost?"


# ----------------------------------------------------------------- helpers


def question_box(page: Page) -> Locator:
    return page.get_by_label("Your question")


def answers(page: Page) -> Locator:
    """The tutor's replies, not counting the welcome message."""
    return page.locator(".msg.tutor:not(.welcome)")


def ask(page: Page, question: str) -> Locator:
    """Type a question, press Enter, and return the reply it gets (not yet complete)."""
    before = answers(page).count()
    box = question_box(page)
    box.fill(question)
    box.press("Enter")
    reply = answers(page).nth(before)
    expect(reply).to_be_attached()
    return reply


def answered(reply: Locator) -> Locator:
    """Wait until the streamed answer is complete: its rating buttons appear after `done`."""
    expect(reply.get_by_role("group", name="Rate this answer")).to_be_visible()
    return reply


def passage_id(holder: IndexHolder, source: str, section_contains: str) -> str:
    chunks = holder.answerer.retriever.artifact.chunks
    return next(c.id for c in chunks if c.source == source and section_contains in c.section)


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    def parse(color: str) -> tuple[float, float, float]:
        r, g, b = (float(v) for v in re.findall(r"[\d.]+", color)[:3])
        return r, g, b

    lighter, darker = sorted((relative_luminance(parse(foreground)), relative_luminance(parse(background))))
    return (darker + 0.05) / (lighter + 0.05)


# The computed text colour and the first opaque background behind it, for each visible match.
COLOURS_JS = """
(selectors) => selectors.flatMap((selector) =>
  [...document.querySelectorAll(selector)].filter((n) => n.getClientRects().length).map((node) => {
    let bg = null;
    for (let n = node; n && !bg; n = n.parentElement) {
      const c = getComputedStyle(n).backgroundColor;
      if (c && c !== "transparent" && !/,\\s*0\\)$/.test(c)) bg = c;
    }
    return [selector, getComputedStyle(node).color, bg || "rgb(255, 255, 255)"];
  }))
"""


# ----------------------------------------------------------------- tests


def test_answer_streams_in_with_footnotes_that_open_the_passage(
    page: Page, app_url: str, artifacts: Path
) -> None:
    page.goto(app_url)
    expect(page.get_by_role("button", name="Send")).to_be_disabled()
    reply = answered(ask(page, PASSING_SCORE))

    expect(page.locator(".msg.learner").last).to_contain_text(PASSING_SCORE)
    expect(reply.locator(".answer")).to_contain_text("70%")
    expect(question_box(page)).to_have_value("")  # accepted, so cleared for the next question
    expect(question_box(page)).to_be_focused()

    sources = reply.get_by_role("region", name="Sources")
    expect(sources.get_by_role("link").first).to_contain_text("Frequently Asked Questions (General)")
    expect(sources.get_by_role("link").first).to_contain_text("What is the passing score for the exams?")

    footnote = reply.locator("a.footnote", has_text="[1]").first
    expect(footnote).to_be_visible()
    expect(footnote).to_have_accessible_name(re.compile(r"Source \[1\]"))
    footnote.click()

    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#passage-source")).to_have_text("corpus/faq-general.md")
    expect(dialog.locator("#passage-lines")).to_have_text(re.compile(r"^lines? \d+(–\d+)?$"))
    expect(dialog).to_contain_text("What is the passing score for the exams?")
    expect(dialog.locator("blockquote")).to_contain_text("a score of 70% or higher is required")
    page.screenshot(path=artifacts / "desktop-passage.png")

    # Tab stays inside the modal dialog; Escape closes it and focus returns to the footnote.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('passage').contains(document.activeElement)")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(footnote).to_be_focused()

    # The sources list opens the same passage, and the close button closes it.
    sources.get_by_role("link").first.click()
    expect(dialog.locator("#passage-source")).to_have_text("corpus/faq-general.md")
    dialog.get_by_role("button", name="Close passage").click()
    expect(dialog).to_be_hidden()


def test_follow_up_continues_the_conversation_and_new_conversation_resets_it(
    page: Page, app_url: str
) -> None:
    page.goto(app_url)
    first = answered(ask(page, "What skills will I gain at the foundation level?"))
    expect(first.locator(".answer li").first).to_be_visible()  # a list answer renders as a list
    expect(first.locator(".answer")).to_contain_text("containerization")

    with page.expect_request("**/chat/stream") as request_info:
        second = ask(page, "and the professional level?")
    answered(second)
    expect(second.locator(".answer")).to_contain_text("Kubernetes")

    conversation_id = request_info.value.post_data_json["conversation_id"]
    assert conversation_id, "the follow-up must be sent in the first answer's conversation"
    # Read with the page's own cookie: the conversation belongs to this browser, and to no other client.
    assert httpx.get(f"{app_url}/conversations/{conversation_id}").status_code == 404
    record = page.request.get(f"{app_url}/conversations/{conversation_id}").json()
    assert [t["question"] for t in record["turns"]] == [
        "What skills will I gain at the foundation level?",
        "and the professional level?",
    ]

    page.get_by_role("button", name="New conversation").click()
    expect(answers(page)).to_have_count(0)
    expect(page.locator("#welcome")).to_be_visible()
    expect(question_box(page)).to_be_focused()
    with page.expect_request("**/chat/stream") as request_info:
        answered(ask(page, PASSING_SCORE))
    assert request_info.value.post_data_json["conversation_id"] is None


def test_thumbs_down_with_a_reason_is_stored(page: Page, app_url: str, settings: Settings) -> None:
    page.goto(app_url)
    reply = answered(ask(page, PASSING_SCORE))

    reply.get_by_role("button", name="Not helpful").click()
    reason = reply.get_by_label("What was wrong or missing? (optional)")
    expect(reason).to_be_focused()
    reason.fill("I wanted the score for the foundation exam")
    with page.expect_response("**/feedback") as response_info:
        reply.get_by_role("button", name="Send feedback").click()
    assert response_info.value.status == 200
    expect(reply.get_by_role("status")).to_have_text(re.compile("Thanks"))
    expect(reply.get_by_role("button", name="Not helpful")).to_have_attribute("aria-pressed", "true")
    expect(reason).to_be_hidden()

    store = SQLiteStore(settings.database_path)
    try:
        assert store.stats().feedback_down == 1
    finally:
        store.close()
    with closing(sqlite3.connect(settings.database_path)) as db:
        rows = db.execute("SELECT turn, rating, reason FROM feedback").fetchall()
    assert rows == [(1, "down", "I wanted the score for the foundation exam")]


def test_abstention_offers_suggestions_that_ask_the_question(page: Page, app_url: str) -> None:
    page.goto(app_url)
    reply = answered(ask(page, OUT_OF_SCOPE))
    expect(reply).to_have_class(re.compile(r"\babstained\b"))
    expect(reply.locator(".answer")).to_contain_text("does not cover")
    suggestions = reply.get_by_role("group", name="Try asking one of these instead:").get_by_role("button")
    expect(suggestions.first).to_be_visible()
    suggestion = suggestions.first.inner_text()

    with page.expect_request("**/chat/stream") as request_info:
        suggestions.first.click()
    assert request_info.value.post_data_json["message"] == suggestion
    expect(page.locator(".msg.learner").last).to_have_text(re.compile(re.escape(suggestion)))
    follow = answered(answers(page).nth(1))
    expect(follow).not_to_have_class(re.compile(r"\babstained\b"))
    expect(follow.locator("a.footnote").first).to_be_visible()


def replied(reply: Locator, kind: str) -> Locator:
    """Wait until one of the tutor's own replies (small talk, help) is complete."""
    expect(reply).to_have_attribute("data-kind", kind)
    return reply


def test_help_and_small_talk_are_replied_to_without_retrieval(
    page: Page, settings: Settings, holder: IndexHolder
) -> None:
    with running_server(create_app(settings, holder=TripwireHolder(holder))) as url:
        page.goto(url)
        greeting = replied(ask(page, "hello!"), "greeting")
        expect(greeting.locator(".answer")).to_contain_text("Certified MLOps Manager curriculum")
        help_reply = replied(ask(page, "/tutor help"), "help")
        starters = help_reply.get_by_role("group", name="Try asking one of these:").get_by_role("button")
        expect(starters).to_have_text(list(Replies().starters))
        expect(help_reply.get_by_role("group", name="Rate this answer")).to_have_count(0)  # nothing to rate
        expect(help_reply.locator(".sources")).to_have_count(0)
        replied(ask(page, "thanks, bye"), "goodbye")


def test_help_offers_starter_questions_that_ask_themselves(page: Page, app_url: str) -> None:
    page.goto(app_url)
    help_reply = replied(ask(page, "what can you do?"), "help")
    starter = help_reply.get_by_role("group", name="Try asking one of these:").get_by_role("button").first
    question = starter.inner_text()
    starter.click()
    expect(page.locator(".msg.learner").last).to_have_text(re.compile(re.escape(question)))
    answer = answered(answers(page).nth(1))
    expect(answer.locator("a.footnote").first).to_be_visible()


def test_refused_messages_show_the_servers_reason_and_keep_the_input(
    page: Page, app_url: str, console: ConsoleGuard
) -> None:
    console.allow_http_error(422)
    console.allow_http_error(404)
    page.goto(app_url)
    box = question_box(page)
    send = page.get_by_role("button", name="Send")

    # Blank input cannot be sent, by button or by Enter.
    box.fill("   ")
    expect(send).to_be_disabled()
    box.press("Enter")
    expect(page.locator(".msg.learner")).to_have_count(0)

    # Over the limit: the counter warns, and the server's reason shows in the chat.
    too_long = "What is the passing score? " * 75  # 2,025 characters
    box.fill(too_long)
    expect(page.locator("#counter")).to_be_visible()
    expect(page.locator("#counter")).to_contain_text("over the limit")
    send.click()
    refusal = answers(page).last
    expect(refusal).to_contain_text("the limit is 2000")
    expect(page.locator(".msg.learner.refused")).to_contain_text("Not sent")
    expect(box).to_have_value(too_long)
    expect(box).to_be_focused()

    # Invisible characters only: the browser sees text, the server sees an empty question.
    box.fill("\u200b\u200b")
    box.press("Enter")
    expect(answers(page).last).to_contain_text("The question is empty")
    expect(box).to_have_value("\u200b\u200b")

    # An expired conversation: the server's 404 message, then the next question starts afresh.
    answered(ask(page, PASSING_SCORE))
    page.evaluate("state.conversationId = 'expired-conversation'")
    expect(ask(page, "Is the exam proctored?")).to_contain_text("not found")
    expect(box).to_have_value("Is the exam proctored?")
    expect(answered(ask(page, "Is the exam proctored?")).locator(".answer")).to_contain_text("proctored")

    for text in page.locator(".msg.error").all_inner_texts():
        assert text.strip() and "undefined" not in text and "[object" not in text


def test_deep_link_opens_the_passage(
    page: Page, app_url: str, holder: IndexHolder, console: ConsoleGuard
) -> None:
    console.allow_http_error(404)
    pid = passage_id(holder, "faq-general.md", "What is the passing score")
    assert "#" in pid and "/" in pid

    page.goto(f"{app_url}/?passage={quote(pid, safe='/')}")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Frequently Asked Questions (General)")).to_be_visible()
    expect(dialog.locator("#passage-source")).to_have_text("corpus/faq-general.md")
    expect(dialog.locator("blockquote")).to_contain_text("70% or higher")
    expect(dialog.get_by_role("button", name="Close passage")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page).not_to_have_url(re.compile("passage="))  # a reload shows the chat, not the passage
    expect(question_box(page)).to_be_focused()

    # The form Slack's links use (bot/slack/blocks.py: everything encoded, "/" too).
    page.goto(f"{app_url}/?passage={quote(pid, safe='')}")
    expect(dialog.locator("blockquote")).to_contain_text("70% or higher")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # A link pasted with a raw "#" (the chunk number lands in the fragment) still works.
    page.goto(f"{app_url}/?passage={pid}")
    expect(dialog.locator("blockquote")).to_contain_text("70% or higher")
    page.keyboard.press("Escape")

    page.goto(f"{app_url}/?passage=no-such/passage%230")
    expect(dialog).to_be_hidden()
    expect(answers(page).last).to_contain_text("No passage 'no-such/passage#0' in the current index")


def test_phone_layout_keyboard_only_use_and_contrast(phone: Page, app_url: str, artifacts: Path) -> None:
    page = phone
    page.goto(app_url)
    box = question_box(page)
    expect(page.locator("label[for=message]")).to_be_visible()
    expect(page.locator("#log")).to_have_attribute("aria-live", "polite")

    # Keyboard only: Tab to the question box, type, Shift+Enter for a new line, Enter to send.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "message":
            break
    expect(box).to_be_focused()
    page.keyboard.type("What is the passing")
    page.keyboard.press("Shift+Enter")
    expect(box).to_have_value("What is the passing\n")
    page.keyboard.press("Backspace")
    page.keyboard.type(" score for the exams?")
    page.keyboard.press("Enter")
    reply = answered(answers(page).first)
    expect(reply.locator(".answer")).to_contain_text("70%")
    expect(box).to_be_focused()

    # Shift+Tab back to the 👎 button, open the reason form, send it with Enter.
    page.keyboard.press("Shift+Tab")
    expect(reply.get_by_role("button", name="Not helpful")).to_be_focused()
    page.keyboard.press("Enter")
    expect(reply.get_by_label("What was wrong or missing? (optional)")).to_be_focused()
    page.keyboard.type("Too short")
    with page.expect_response("**/feedback") as response_info:
        page.keyboard.press("Enter")
    assert response_info.value.status == 200
    expect(reply.get_by_role("status")).to_contain_text("Thanks")

    answered(ask(page, OUT_OF_SCOPE))
    scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, "horizontal scroll at 375px"
    page.screenshot(path=artifacts / "phone.png")

    # The footnote works from the keyboard too, and the dialog fits the screen.
    reply.locator("a.footnote").first.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    box_in_view = dialog.bounding_box()
    assert box_in_view is not None and box_in_view["width"] <= 375
    page.screenshot(path=artifacts / "phone-passage.png")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    box.fill("x" * 1900)  # near the limit: the counter appears
    expect(page.locator("#counter")).to_have_text("1,900 / 2,000 characters")
    checked = page.evaluate(
        COLOURS_JS,
        [
            ".top h1",
            ".composer-label",
            ".learner .question",
            ".answer p",
            "a.footnote",
            ".source-title",
            ".source-section",
            ".sources-title",
            ".feedback-label",
            ".feedback-ack",
            ".suggestion",
            ".starter-label",
            ".welcome p",
            "#counter",
            "#new-conversation",
            "#send",
        ],
    )
    assert len(checked) >= 12
    low = [(s, fg, bg, round(contrast(fg, bg), 2)) for s, fg, bg in checked if contrast(fg, bg) < 4.5]
    assert low == [], "text below WCAG AA contrast"


def test_desktop_screenshot(page: Page, app_url: str, artifacts: Path) -> None:
    """A conversation with an answer, a list answer and an abstention, for a person to look at."""
    page.goto(app_url)
    answered(ask(page, PASSING_SCORE))
    answered(ask(page, "What skills will I gain at the professional level?"))
    answered(ask(page, OUT_OF_SCOPE))
    scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width
    page.screenshot(path=artifacts / "desktop.png")


def sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"


def wait_until(page: Page, condition: Callable[[], bool], timeout_ms: int = 10_000) -> None:
    """Let Playwright dispatch events (route handlers run then) until `condition` holds."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(20)


def test_stream_edge_cases_render_safely(page: Page, app_url: str) -> None:
    """Streams the real server rarely sends, played back through an intercepted /chat/stream."""
    hostile = (
        # CRLF line ends and a comment line are valid SSE too.
        sse("meta", {"conversation_id": "c1", "turn": 1}).replace("\n", "\r\n")
        + ": keep-alive\n\n"
        + sse("delta", {"text": '<img src=x onerror="window.pwned=1">Plain text. [1]'})
        + sse(
            "citations",
            {
                "citations": [
                    {
                        "n": 1,
                        "id": "x/y#0",
                        "title": "<b>Bold</b>",
                        "section": "<b>Bold</b> › <i>sec</i>",
                        "source": "corpus/<script>.md",
                        "lines": [3, 3],
                        "quote": "<script>window.pwned=2</script>quote",
                        "score": 1.0,
                    }
                ]
            },
        )
        + sse(
            "done",
            {"abstained": False, "confidence": 1.0, "suggestions": [], "conversation_id": "c1", "turn": 1},
        )
    )
    failing = sse("meta", {"conversation_id": "c1", "turn": 2}) + sse(
        "error", {"status": 500, "message": "the tutor failed to answer; please try again"}
    )
    cut_off = sse("meta", {"conversation_id": "c1", "turn": 3}) + sse("delta", {"text": "Half an"})
    held: list[Route] = []
    bodies = [failing, cut_off]

    def handle(route: Route) -> None:
        if not held:
            held.append(route)  # answered later, so the waiting state can be seen
        else:
            route.fulfill(status=200, content_type="text/event-stream", body=bodies.pop(0))

    page.route("**/chat/stream", handle)
    page.goto(app_url)

    reply = ask(page, "first")
    expect(reply.get_by_role("status")).to_contain_text("The tutor is answering")
    expect(page.get_by_role("button", name="Send")).to_be_disabled()
    wait_until(page, lambda: bool(held))
    held[0].fulfill(status=200, content_type="text/event-stream", body=hostile)
    answered(reply)
    expect(reply.locator(".answer")).to_contain_text('<img src=x onerror="window.pwned=1">Plain text.')
    expect(reply.locator("img, b, i, script")).to_have_count(0)
    expect(reply.locator(".source-title")).to_have_text("<b>Bold</b>")
    reply.locator("a.footnote").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("blockquote")).to_have_text("<script>window.pwned=2</script>quote")
    expect(dialog.locator("#passage-source")).to_have_text("corpus/<script>.md")
    expect(dialog.locator("#passage-lines")).to_have_text("line 3")
    expect(dialog.locator("script, b, i")).to_have_count(0)
    page.keyboard.press("Escape")
    assert page.evaluate("window.pwned") is None

    failed = ask(page, "second")
    expect(failed).to_contain_text("The tutor failed to answer; please try again")
    expect(question_box(page)).to_have_value("second")  # given back to fix or resend

    truncated = ask(page, "third")
    expect(truncated).to_contain_text("The answer was cut off")
    expect(question_box(page)).to_have_value("third")
    expect(page.get_by_role("button", name="Send")).to_be_enabled()
