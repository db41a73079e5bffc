"""Learning plans on the real corpus, for learners written here (not the eval profiles): what the
curriculum determines is asserted and cited, what it does not is left open or asked back."""

from __future__ import annotations

import pytest

from bot.practice.plan import Curriculum, InvalidProfile, build_plan
from bot.practice.profile import experience_years, read_profile
from bot.runtime import IndexHolder


@pytest.fixture(scope="module")
def curriculum(holder: IndexHolder) -> Curriculum:
    return Curriculum(holder.artifact.chunks)


@pytest.mark.parametrize(
    ("text", "role", "level", "track"),
    [
        (
            "DevOps engineer for ten years, I run Kubernetes for the ML team.",
            "DevOps Engineer",
            "professional",
            "Engineering",
        ),
        ("Junior cloud engineer, about a year in.", "Cloud Engineer", "foundation", "Operations"),
        ("I'm an engineering manager with a team of six.", "Engineering Manager", "manager", "Leadership"),
        ("FinOps practitioner for 6 years.", "FinOps Practitioner", None, "Finance"),
        ("Data engineer with 4 years of dbt.", "Data Engineer", None, None),
        (
            "Security engineer, just graduated, 1 year.",
            "Security Engineer",
            "foundation",
            None,
        ),  # the rows disagree
        ("I have been a Director of AI for two years.", None, "manager", "Leadership"),
        ("Physics teacher, no tech experience yet.", None, "foundation", "Operations"),
    ],
)
def test_the_curriculum_decides(curriculum: Curriculum, text: str, role: str | None, level: str | None,
                                track: str | None) -> None:  # fmt: skip
    plan = build_plan(text, curriculum)
    assert (plan.role, plan.level, plan.track) == (role, level, track)
    assert all(line.sources for line in plan.lines)
    assert (plan.ask is None) is (role is not None)


def test_a_plan_gives_preparation_next_certifications_and_providers(curriculum: Curriculum) -> None:
    plan = build_plan("Site reliability engineer, 5 years on call.", curriculum)
    topics = [line.topic for line in plan.lines]
    assert topics == ["certification", "level", "track", "preparation", "next", "providers"]
    providers = plan.lines[-1]
    assert "sreschool.com" in providers.text and providers.sources[0].id.endswith("sre-path#0")
    preparation = plan.lines[3]
    assert "7-14 Days: Deep dive into Kubernetes" in preparation.text


def test_wishes_and_the_past_are_not_who_the_learner_is(curriculum: Curriculum) -> None:
    wish = build_plan("Cloud engineer, 2 years. I want to become an engineering manager.", curriculum)
    assert (wish.role, wish.level) == ("Cloud Engineer", "foundation")
    past = build_plan("Engineering manager now; before that I was a data engineer for 5 years.", curriculum)
    assert (past.role, past.level) == ("Engineering Manager", "manager")


def test_years_of_experience_are_read_as_said() -> None:
    assert experience_years(["1.5 years of Docker"]) == pytest.approx(1.5)
    assert experience_years(["graduated last year"]) is None
    assert experience_years(["promoted six months ago"]) is None
    assert experience_years(["zero tech experience so far"]) == 0.0
    assert read_profile("EM, 3 years", ["Engineering Manager", "SRE"]).roles == ("Engineering Manager",)


def test_an_empty_or_long_description_is_refused(curriculum: Curriculum) -> None:
    with pytest.raises(InvalidProfile, match="tell me a little"):
        build_plan(" ", curriculum)
    with pytest.raises(InvalidProfile, match="longer than"):
        build_plan("x" * 3000, curriculum)
