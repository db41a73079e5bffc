"""Tutor mode: serving a practice item (POST /practice/next's work: Practice.next_item) and grading a
free-text answer (Practice.answer: grade with the real encoder, reschedule, record), on the shipped
index and a SQLite store; plus grading alone, without the store. The target: each under 20 ms p50.

Free-text answers are the held-out learner answers of evals/tutor/grading_eval.yaml (each is new to
the encoder's cache the first time; the run goes through them once, so no answer is a cache hit).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import live_index
from bench.report import percentiles, show, write
from bot.practice import Practice
from bot.practice.grading import Grader
from bot.practice.model import load_model
from bot.store import SQLiteStore
from evals.tutor_data import case_item, load_grading

TARGET_MS = 20.0


def run(quick: bool = False) -> dict[str, Any]:
    holder = live_index()
    artifact = holder.artifact
    cases = [c for c in load_grading("grading_eval.yaml")]
    if quick:
        cases = cases[:60]
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "practice.sqlite3")
        practice = Practice(holder, store)
        practice.next_item("bench:warm-up")  # builds the grader and the curriculum view once
        served, answered = [], []
        for n, case in enumerate(cases):
            learner = f"bench:{n % 20}"
            t = time.perf_counter()
            found = practice.next_item(learner)
            served.append((time.perf_counter() - t) * 1000)
            assert found is not None
            item = case_item(case, artifact.practice)
            if item.id not in artifact.practice.by_id:
                continue  # a cloze case's own item: graded below, not served
            t = time.perf_counter()
            practice.answer(learner, item.id, case.answer, source="bench")
            answered.append((time.perf_counter() - t) * 1000)
        store.close()
    grader = Grader(artifact, holder.encoder, load_model())
    graded = []
    for case in reversed(cases):  # fresh texts for this grader's cache
        item = case_item(case, artifact.practice)
        t = time.perf_counter()
        grader.grade(item, case.answer + " ")  # a trailing space: not a repeat of the run above
        graded.append((time.perf_counter() - t) * 1000)
    rows = {
        "practice item served (next_item)": percentiles(served),
        "free-text answer graded + scheduled + stored": percentiles(answered),
        "free-text answer graded (grader alone)": percentiles(graded),
    }
    show(
        f"tutor mode (target p50 < {TARGET_MS:.0f} ms)",
        ["operation", "n", "p50 ms", "p95 ms", "p99 ms"],
        [[name, r["n"], r["p50"], r["p95"], r["p99"]] for name, r in rows.items()],
    )
    data = {"target_p50_ms": TARGET_MS, "results": rows, "build_id": artifact.manifest.build_id}
    write("practice", data)
    return data
