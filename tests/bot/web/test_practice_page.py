"""Tutor mode on the web page, in real headless Chromium against the real app: a learner plans their
path, practises at the plan's level, sees feedback with the quoted passage, and their progress; the
anonymous learner id survives a reload. Screenshots at desktop and phone size go to tests/artifacts/."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

SRE = "I'm an SRE with 3 years of Kubernetes, I want to lead an ML platform team."


def practice_card(page: Page) -> Locator:
    return page.locator("#practice-card")


def answer_shown_item(page: Page) -> None:
    """Answer whatever item is shown, as a learner would: a choice, the order as shown, or a few words."""
    card = practice_card(page)
    expect(page.locator("#practice-kind")).not_to_be_empty()
    kind = page.locator("#practice-kind").inner_text()
    if kind.startswith(("Multiple choice", "Fill in the blank")):
        card.locator(".choice").first.click()
    elif kind.startswith("Put in order"):
        card.get_by_role("button", name="Check the order").click()
    else:
        card.get_by_label("Your answer").fill("Kubernetes and feature stores, I think")
        card.get_by_role("button", name="Check my answer").click()
    expect(page.locator("#practice-feedback .grade")).to_be_visible()


def test_plan_then_practice_then_progress(page: Page, app_url: str, artifacts: Path) -> None:
    page.goto(app_url)
    page.get_by_role("button", name="Plan my path").click()
    page.get_by_label("Tell me about yourself").fill(SRE)
    page.locator("#plan-submit").click()
    summary = page.locator("#plan-summary")
    expect(summary).to_contain_text("SRE")
    expect(summary).to_contain_text("Certified MLOps Manager – Professional")
    expect(summary).to_contain_text("Engineering")
    lines = page.locator(".plan-line")
    expect(lines.first).to_be_visible()
    for n in range(lines.count()):  # every line cites at least one passage
        expect(lines.nth(n).locator("a.passage-link").first).to_have_attribute(
            "href", re.compile(r"^/\?passage=")
        )
    page.screenshot(path=artifacts / "desktop-plan.png", full_page=True)

    page.get_by_role("button", name="Start practising at the Professional level").click()
    expect(page.locator("#practice-level")).to_have_value("professional")
    expect(page.locator("#practice-kind")).to_contain_text("Professional")
    answer_shown_item(page)
    feedback = page.locator("#practice-feedback")
    expect(feedback.locator("blockquote.passage-quote")).not_to_be_empty()
    expect(feedback.locator("a.passage-link")).to_have_attribute("href", re.compile(r"^/\?passage="))
    expect(page.locator("#progress-summary")).to_contain_text("1 of ")
    page.screenshot(path=artifacts / "desktop-practice.png", full_page=True)

    page.get_by_role("button", name="Next question").click()
    expect(page.locator("#practice-feedback")).to_be_hidden()
    answer_shown_item(page)
    expect(page.locator("#progress-summary")).to_contain_text("2 of ")


def test_the_learner_is_remembered_across_reloads(page: Page, app_url: str) -> None:
    page.goto(app_url)
    page.get_by_role("button", name="Practice").click()
    answer_shown_item(page)
    learner = page.evaluate("window.localStorage.getItem('tutor.learner')")
    assert learner.startswith("web:")
    page.reload()
    page.get_by_role("button", name="Practice").click()
    expect(page.locator("#progress-summary")).to_contain_text("1 of ")
    progress = httpx.get(f"{app_url}/learners/{learner}/progress").json()
    assert progress["overall"]["seen"] == 1


def test_an_unknown_role_is_asked_back_and_a_role_pressed_plans(page: Page, app_url: str) -> None:
    page.goto(app_url)
    page.get_by_role("button", name="Plan my path").click()
    page.get_by_label("Tell me about yourself").fill("I want to get into this, where do I start?")
    page.locator("#plan-submit").click()
    roles = page.get_by_role("group", name="Roles")
    expect(roles.get_by_role("button")).to_have_count(8)
    roles.get_by_role("button", name="Cloud Engineer").click()
    expect(page.locator("#plan-summary")).to_contain_text("Certified MLOps Manager – Foundation")


def test_practice_and_plan_at_phone_size(phone: Page, app_url: str, artifacts: Path) -> None:
    phone.goto(app_url)
    phone.get_by_role("button", name="Practice").click()
    answer_shown_item(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the practice view scrolls sideways on a phone"
    phone.screenshot(path=artifacts / "phone-practice.png", full_page=True)
    phone.get_by_role("button", name="Plan my path").click()
    phone.get_by_label("Tell me about yourself").fill(
        "Data engineer, 5 years of Spark and Airflow pipelines."
    )
    phone.locator("#plan-submit").click()
    expect(phone.locator("#plan-summary")).to_contain_text("Data Engineer")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=artifacts / "phone-plan.png", full_page=True)
