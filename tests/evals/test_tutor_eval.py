"""Tutor mode's eval: the item checker catches what it is for, the gate fails below its thresholds, plans
are judged field by field, and the committed grading model is what fitting on grading_fit.yaml gives."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from bot.practice.grading import Grader
from bot.practice.model import GradingModel, load_model
from bot.practice.plan import Curriculum, build_plan
from bot.runtime import IndexHolder
from evals.fit_grading import fit
from evals.tutor_command import THRESHOLDS, gate
from evals.tutor_data import Profile, load_grading, load_profiles
from evals.tutor_items import check_items
from evals.tutor_plans import judge


def test_a_true_distractor_and_a_made_up_answer_are_caught(holder: IndexHolder) -> None:
    artifact = holder.artifact
    choice = next(i for i in artifact.practice.items if i.kind == "choice" and i.answer == "SRE")
    true_one = replace(choice, choices=(*choice.choices[:-1], "Platform Engineer"))  # also Professional
    cloze = next(i for i in artifact.practice.items if i.kind == "cloze")
    made_up = replace(cloze, answer="quantum computing")
    run = check_items([choice, true_one, made_up], artifact.chunks)
    reasons = [why for _, why in run.invalid]
    assert any("'Platform Engineer' makes a sentence the corpus states" in why for why in reasons)
    assert any("not verbatim in the cited passage" in why for why in reasons)
    assert run.validity == pytest.approx(1 / 3)


def test_the_gate_fails_below_a_threshold_and_above_a_ceiling() -> None:
    thresholds = yaml.safe_load(THRESHOLDS.read_text(encoding="utf-8"))
    good = {
        "item_validity": 1.0,
        "grading_accuracy": 0.9,
        "plan_accuracy": 0.95,
        "fluent_wrong_graded_correct": 0.0,
    }
    assert gate(good, thresholds) == []
    bad = {**good, "item_validity": 0.99, "fluent_wrong_graded_correct": 0.06}
    assert len(gate(bad, thresholds)) == 2


def test_a_plan_that_asserts_what_the_corpus_leaves_open_is_wrong(holder: IndexHolder) -> None:
    chunks = {c.id: c for c in holder.artifact.chunks}
    plan = build_plan("Cloud engineer, 2 years on AWS.", Curriculum(holder.artifact.chunks))
    right = Profile(
        "x", "", "Cloud Engineer", "Certified MLOps Manager – Foundation", "foundation", "Operations"
    )
    assert judge(plan, right, chunks) == []
    assert judge(plan, replace(right, level=None), chunks) == ["level: 'foundation', expected None"]
    asked = build_plan("Where do I start?", Curriculum(holder.artifact.chunks))
    assert judge(asked, Profile("y", "", None, None, None, None), chunks) == []
    assert (
        "does not ask back"
        in judge(replace(asked, ask=None), Profile("y", "", None, None, None, None), chunks)[0]
    )


def test_the_eval_files_load_and_are_big_enough() -> None:
    assert len(load_grading("grading_eval.yaml")) >= 200
    assert len(load_profiles("profiles_eval.yaml")) >= 30


def test_the_committed_grading_model_is_what_the_fit_set_gives(holder: IndexHolder) -> None:
    fitted = fit(Grader(holder.artifact, holder.encoder, GradingModel({}))).model
    committed = load_model()
    assert fitted.vetoes == committed.vetoes
    assert {k: v.to_data() for k, v in fitted.trees.items()} == {
        k: v.to_data() for k, v in committed.trees.items()
    }
