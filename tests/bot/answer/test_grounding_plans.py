"""The grounding property for every plan: questions drawn from the corpus's own structure (its
sibling headings, FAQ questions, table columns and cells), phrased to call for each plan, are
answered with verbatim, cited sentences and with no word the corpus or the learner did not give."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer.answerer import Answerer
from bot.answer.query import InvalidQuestion
from tests.bot.answer.grounded import assert_grounded

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def structure(answerer: Answerer) -> dict[str, list[str]]:
    """Names the corpus gives: sibling headings, FAQ questions, table cells and columns."""
    catalog = answerer.planner.catalog
    chunks = catalog.chunks
    siblings = [
        [chunks[m].breadcrumb[-1] for m in g.members]
        for g in catalog.groups
        if g.table is None and len({chunks[m].breadcrumb[:-1] for m in g.members}) == 1
    ]
    tables = [g.table for g in catalog.groups if g.table is not None]
    return {
        "pairs": [f"{a}|{b}" for names in siblings for a in names for b in names if a != b],
        "faq": [c.question for c in chunks if c.question],
        "cells": sorted({v for t in tables for r in t.rows for v in (chunks[r].cells or {}).values()}),
        "columns": sorted({col for t in tables for col in t.columns}),
        "kinds": sorted({w for g in catalog.groups for w in g.words}),
        # a long section's heading and the words of one of its sentences: "Does X … <property>?"
        "properties": [
            f"{c.breadcrumb[-1]}|{s}"
            for c in chunks
            if answerer.planner.concise.is_long(c)
            for s in c.sentences
        ],
    }


def ask(answerer: Answerer, question: str) -> None:
    try:
        answer, _ = answerer.answer(question)
    except InvalidQuestion:
        return
    if not answer.abstained:
        assert answer.sentences and answer.sections
        assert_grounded(answer, answerer, question)


@SETTINGS
@given(data=st.data())
def test_compared_subjects(answerer: Answerer, data: st.DataObject) -> None:
    a, b = data.draw(st.sampled_from(structure(answerer)["pairs"])).split("|")
    form = data.draw(st.sampled_from(["{a} vs {b}", "How does {a} differ from {b}?", "compare {a} and {b}"]))
    ask(answerer, form.format(a=a, b=b))


@SETTINGS
@given(data=st.data())
def test_several_parts(answerer: Answerer, data: st.DataObject) -> None:
    faq = structure(answerer)["faq"]
    first, second = data.draw(st.lists(st.sampled_from(faq), min_size=2, max_size=2, unique=True))
    joiner = data.draw(st.sampled_from([" ", " Also, ", ", and ", " + "]))
    second = second[0].lower() + second[1:]
    ask(answerer, f"{first.rstrip('?')}{joiner}{second}")


@SETTINGS
@given(data=st.data())
def test_lists_and_tables(answerer: Answerer, data: st.DataObject) -> None:
    names = structure(answerer)
    form = data.draw(
        st.sampled_from(
            [
                "What {kind}s are there?",
                "list all the {kind}s",
                "Which {column} comes after {cell}?",
                "Which {column} is last in the order?",
                "Which {kind}s are {cell}?",
                "List the {column}s in order",
                "How many {kind}s are there?",
            ]
        )
    )
    question = form.format(
        kind=data.draw(st.sampled_from(names["kinds"])),
        column=data.draw(st.sampled_from(names["columns"])).lower(),
        cell=data.draw(st.sampled_from(names["cells"])),
    )
    ask(answerer, question)


@SETTINGS
@given(data=st.data(), noise=st.text(max_size=15))
def test_mixed_shapes_with_noise(answerer: Answerer, data: st.DataObject, noise: str) -> None:
    names = structure(answerer)
    a, b = data.draw(st.sampled_from(names["pairs"])).split("|")
    parts = [
        data.draw(st.sampled_from(names["faq"])),
        f"which {data.draw(st.sampled_from(names['kinds']))} {noise}",
        f"{a} or {b}, which one?",
    ]
    ask(answerer, " ".join(data.draw(st.permutations(parts))))


@SETTINGS
@given(data=st.data())
def test_one_property_of_a_long_passage(answerer: Answerer, data: st.DataObject) -> None:
    heading, sentence = data.draw(st.sampled_from(structure(answerer)["properties"])).split("|")
    words = [w.strip('.,;:“”"') for w in sentence.split()]
    start = data.draw(st.integers(0, max(0, len(words) - 3)))
    said = " ".join(words[start : start + data.draw(st.integers(1, 4))])
    form = data.draw(
        st.sampled_from(["Does {h} cover {p}?", "Is {h} about {p}?", "{h}: {p}?", "does {h} do {p}"])
    )
    question = form.format(h=heading, p=said)
    ask(answerer, question)
    answer, _ = answerer.answer(question)
    if answer.plan == "concise":  # one block, with at most the sentence and the one that completes it
        assert len(answer.sections) == 1
        assert len(answer.sentences) <= answerer.config.tuning.plans.concise_sentences
