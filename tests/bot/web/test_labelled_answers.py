"""Comparison, several-part and list answers on the web page, in real headless Chromium: each
labelled part is a section under its own heading, a comparison sits side by side on a desktop
and stacked on a phone, and a part the curriculum does not cover is the tutor's note."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.bot.web.test_page import answered, ask

COMPARE = "DevSecOps path vs FinOps path"


def shoot(page: Page, reply_question: str, path: Path) -> None:
    """A screenshot with the question and the start of its answer in view."""
    page.locator(".msg.learner", has_text=reply_question).last.scroll_into_view_if_needed()
    page.locator(".msg.learner", has_text=reply_question).last.evaluate(
        "e => e.scrollIntoView({block: 'start'})"
    )
    page.screenshot(path=path)


def box(page: Page, selector: str, index: int) -> dict[str, float]:
    found = page.locator(selector).nth(index).bounding_box()
    assert found is not None
    return found


def test_a_comparison_is_side_by_side_on_a_desktop(page: Page, app_url: str, artifacts: Path) -> None:
    page.goto(app_url)
    reply = answered(ask(page, COMPARE))
    parts = reply.locator(".answer.compare > section.answer-part")
    expect(parts).to_have_count(2)
    expect(parts.nth(0).get_by_role("heading", level=3)).to_have_text("DevSecOps Path")
    expect(parts.nth(1).get_by_role("heading", level=3)).to_have_text("FinOps Path")
    expect(parts.nth(0)).to_have_accessible_name("DevSecOps Path")
    # each side quotes its own passage: its footnotes are its own
    expect(parts.nth(0).locator("a.footnote")).to_have_text(
        ["[1]"] * parts.nth(0).locator("a.footnote").count()
    )
    expect(parts.nth(1).locator("a.footnote").first).to_have_text("[2]")
    # the labels are headings, not quoted text: no marker, no asterisks left from the Markdown
    expect(reply.locator(".answer-label a.footnote")).to_have_count(0)
    expect(reply.locator(".answer")).not_to_contain_text("**")
    left, right = box(page, ".answer-part", 0), box(page, ".answer-part", 1)
    assert abs(left["y"] - right["y"]) < 2 and right["x"] >= left["x"] + left["width"]
    shoot(page, COMPARE, artifacts / "desktop-compare.png")


def test_a_comparison_is_stacked_on_a_phone(phone: Page, app_url: str, artifacts: Path) -> None:
    phone.goto(app_url)
    reply = answered(ask(phone, COMPARE))
    expect(reply.locator(".answer-part")).to_have_count(2)
    top, below = box(phone, ".answer-part", 0), box(phone, ".answer-part", 1)
    assert below["y"] >= top["y"] + top["height"] and abs(below["x"] - top["x"]) < 2
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # nothing widens the page sideways
    shoot(phone, COMPARE, artifacts / "phone-compare.png")


def test_a_part_not_covered_is_the_tutors_note(page: Page, app_url: str, artifacts: Path) -> None:
    page.goto(app_url)
    reply = answered(ask(page, "How much does the exam cost in euros, and is the exam proctored?"))
    note = reply.locator(".answer-note")
    expect(note).to_have_text(
        "The curriculum does not cover “How much does the exam cost in euros”, so I won't guess."
    )
    expect(note.locator("a.footnote")).to_have_count(0)
    expect(reply.locator(".answer-part .answer-label")).to_have_text(["Is the exam proctored?"])
    shoot(page, "How much does the exam cost", artifacts / "desktop-parts.png")


def test_a_list_has_a_heading_for_every_item(page: Page, app_url: str, artifacts: Path) -> None:
    page.goto(app_url)
    reply = answered(ask(page, "What learning paths are there?"))
    labels = reply.locator(".answer.parts .answer-label")
    expect(labels).to_have_count(7)
    expect(labels.first).to_have_text("DevOps Path")
    expect(reply.locator(".answer.compare")).to_have_count(0)
    shoot(page, "What learning paths are there?", artifacts / "desktop-list.png")
