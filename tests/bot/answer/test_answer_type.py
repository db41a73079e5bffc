"""The kinds of fact a question asks for, and whether a passage has that kind of fact at all."""

from __future__ import annotations

from bot.answer.answer_type import (
    ANSWER_TYPES,
    STEERING_TYPES,
    countries,
    has_evidence,
    unsupported,
    wanted_types,
)


def names(question: str, types=ANSWER_TYPES) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.name for t in wanted_types(question, types)]


def kind(name: str):  # type: ignore[no-untyped-def]
    return next(t for t in ANSWER_TYPES + STEERING_TYPES if t.name == name)


def test_a_price_question_wants_a_price_but_finops_cost_does_not() -> None:
    assert names("How much does the exam cost?") == ["price"]
    assert names("What does the course cost in rupees?") == ["price"]
    assert names("What is cost management in FinOps?") == []


def test_asking_who_pays_a_cost_is_not_asking_its_amount() -> None:
    assert names("Can my employer cover the cost of the certification?") == []
    assert names("Will my company pay the exam fees?") == []
    assert names("Who pays for the certification exam?") == []
    # Paying is still a price question when the amount or the way to pay is what is asked.
    assert names("Do I need to pay a fee to renew?") == ["price"]
    assert names("Can I pay the course fee in monthly instalments?") == ["price"]
    assert names("What is the cost of the exam?") == ["price"]


def test_a_name_is_a_person_only_when_people_are_named() -> None:
    assert names("What are the names of the DevOpsSchool instructors?") == ["person"]
    assert names("What's the name of the expert who wrote it?") == ["person"]
    assert names("What's the name of the path for people worried about GPU spend?") == []


def test_who_teaches_a_subject_asks_for_a_school_not_for_people() -> None:
    assert names("who teaches data pipeline automation?") == []  # a school, which the curriculum names
    assert names("who teaches the live classes?") == ["person"]
    assert names("Who teaches the weekend bootcamp at Cotocus?") == ["person"]
    assert names("who teaches at DevOpsSchool?") == ["person"]


def test_how_many_people_pass_is_a_statistic_not_the_pass_mark() -> None:
    assert "statistic" in names("what share of candidates fail the professional exam?")
    assert names("What percentage do I need to pass?") == []  # the pass mark, which the curriculum states


def test_other_kinds_of_fact_the_curriculum_never_states() -> None:
    assert names("When is the next exam date?") == ["date"]
    assert names("Who teaches the course? What are the instructor names?") == ["person"]
    assert names("Which cities have exam centres?") == ["place"]
    assert names("Can I sit the exam in French?") == ["language"]


def test_how_many_times_in_a_period_asks_how_often_not_for_a_count() -> None:
    # "Every six months" answers it; a count of times would wrongly call that passage unsupported.
    assert names("the study material is changed how many times in one year?") == []
    assert names("How many times per year is it reviewed?") == []
    assert "count" in names("How many times can I retake the exam?")


def test_steering_types_are_kinds_the_curriculum_states() -> None:
    assert names("how long does the foundation level take", STEERING_TYPES) == ["duration"]
    assert names("what is the pass mark", STEERING_TYPES) == ["score"]
    assert names("how long does the foundation level take") == []  # never required


def test_evidence_is_an_amount_not_any_mention_of_money() -> None:
    price = kind("price")
    assert has_evidence(price, "The voucher is priced at $300.")
    assert not has_evidence(price, "Make every dollar spent on GPUs count.")
    assert has_evidence(kind("duration"), "Plan for 4-6 weeks of study.")


def test_unsupported_when_the_passage_lacks_the_wanted_kind() -> None:
    price = (kind("price"),)
    assert unsupported(price, frozenset(), "The exam is proctored online.")
    assert not unsupported(price, frozenset(), "The exam fee is $300.")
    assert not unsupported((), frozenset(), "The exam is proctored online.")


def test_a_named_country_must_be_in_the_passage() -> None:
    assert countries("What is the salary in Germany or the UK?") == {"germany", "uk"}
    germany = countries("salary in Germany")
    assert unsupported((), germany, "Salaries in India are rising.")
    assert not unsupported((), germany, "Demand in Germany is high.")
