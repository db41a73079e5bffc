"""Run the dataset against retriever configurations and score it."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from bot.answer.answerer import Answerer
from bot.answer.candidate import Mode
from bot.answer.followup import Topic
from bot.answer.query import InvalidQuestion
from bot.schemas import Answer
from evals.dataset import IN_SCOPE, Case, fact_matches
from evals.framing import measure as measure_framing
from evals.metrics import abstention_scores, mean, ndcg_at, percentile, recall_at, reciprocal_rank

MODES: tuple[Mode, ...] = ("bm25", "dense", "hybrid")
SHIPPED: Mode = "hybrid"
RANKED_DEPTH = 10
_MARKER = re.compile(r"\s*\[\d+\]")


# How an answer says that a part of the question is outside the curriculum (the tutor's own words).
NOT_COVERED_MARK = "does not cover"


@dataclass
class CaseResult:
    id: str
    kind: str
    group: str
    plan: str | None
    part: str
    style: str
    question: str
    expected: list[str]
    ranked: list[str]
    answer: str
    abstained: bool
    confidence: float
    cited: list[str]
    facts_ok: bool | None  # None for out-of-scope cases
    cited_ok: bool | None
    similarity: float | None  # FAQ cases: the answer against the FAQ's own answer
    latency_ms: float
    passed: bool
    why: str  # for a failed case, what went wrong

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def plain(answer: str) -> str:
    """Answer text without its [n] markers or bullets, for fact checks and similarity."""
    return _MARKER.sub("", answer).replace("\n- ", " ").removeprefix("- ")


def _judge(case: Case, answer: Answer) -> tuple[bool | None, bool | None, bool, str]:
    if case.kind == "out_of_scope":
        return None, None, answer.abstained, "" if answer.abstained else "answered an out-of-scope question"
    if case.kind == "other_cert":
        # Another certification's question: whatever the reply, it must quote nothing of this one.
        quoted = bool(answer.citations)
        return None, None, not quoted, "quoted this curriculum about another certification" if quoted else ""
    if case.kind == "smalltalk":
        kind = getattr(answer, "kind", "answer")
        ok = kind == case.reply and not answer.citations
        return None, None, ok, "" if ok else f"replied {kind!r}, expected {case.reply!r}"
    text = plain(answer.answer)
    missing = [f for f in case.facts if not fact_matches(f, text)]
    cited_ids = {c.id for c in answer.citations}
    uncited = [e for e in case.expected if e not in cited_ids]
    cited = not uncited if case.cite_all else len(uncited) < len(case.expected)
    said_not_covered = not case.not_covered or NOT_COVERED_MARK in text.lower()
    facts_ok = not answer.abstained and not missing and said_not_covered
    why = []
    if answer.abstained:
        why.append("abstained")
    else:
        if missing:
            why.append("missing facts: " + ", ".join(missing))
        if not cited:
            why.append("expected passage not cited" + (": " + ", ".join(uncited) if case.cite_all else ""))
        if not said_not_covered:
            why.append("did not say which part the curriculum does not cover")
    return facts_ok, cited and not answer.abstained, facts_ok and cited, "; ".join(why)


def run_case(answerer: Answerer, case: Case, mode: Mode) -> CaseResult:
    """Ask the case's turns in one conversation; score the last answer."""
    topic: Topic | None = None
    for turn in case.turns[:-1]:
        _, topic = answerer.answer(turn, topic=topic, mode=mode)
    started = time.perf_counter()
    try:
        answer, _ = answerer.answer(case.question, topic=topic, trace=True, mode=mode)
    except InvalidQuestion as exc:  # a case the answerer refuses counts as an abstention
        answer = Answer(answer=str(exc), abstained=True, confidence=0.0)
    latency = (time.perf_counter() - started) * 1000
    facts_ok, cited_ok, passed, why = _judge(case, answer)
    return CaseResult(
        id=case.id,
        kind=case.kind,
        group=case.group,
        plan=case.plan,
        part=case.part,
        style=case.style,
        question=case.question,
        expected=list(case.expected),
        ranked=[t.id for t in (answer.trace or [])][:RANKED_DEPTH],
        answer=answer.answer,
        abstained=answer.abstained,
        confidence=answer.confidence,
        cited=[c.id for c in answer.citations],
        facts_ok=facts_ok,
        cited_ok=cited_ok,
        similarity=None,
        latency_ms=round(latency, 3),
        passed=passed,
        why=why,
    )


def add_similarity(answerer: Answerer, cases: list[Case], results: list[CaseResult]) -> None:
    """Cosine of each answered FAQ case's answer to the FAQ's own answer, with the tutor's model."""
    pairs = [(r, c.reference) for c, r in zip(cases, results, strict=True) if c.reference and not r.abstained]
    if not pairs:
        return
    encoder = answerer.retriever.encoder
    answers = encoder.encode([plain(r.answer) for r, _ in pairs])
    references = encoder.encode([ref for _, ref in pairs if ref])
    for (result, _), a, b in zip(pairs, answers, references, strict=True):
        result.similarity = round(float(np.dot(a, b)), 4)


def summarize(results: list[CaseResult]) -> dict[str, float]:
    """The metrics of one configuration over a set of case results."""
    inside = [r for r in results if r.kind in IN_SCOPE]
    outside = [r for r in results if r.kind == "out_of_scope"]
    followups = [r for r in inside if r.kind == "followup"]
    similarities = [r.similarity for r in inside if r.similarity is not None]
    latencies = [r.latency_ms for r in results]
    metrics = {
        "cases": float(len(results)),
        "passed": float(sum(r.passed for r in results)),
        "recall_at_1": mean([recall_at(r.ranked, r.expected, 1) for r in inside]),
        "recall_at_3": mean([recall_at(r.ranked, r.expected, 3) for r in inside]),
        "recall_at_5": mean([recall_at(r.ranked, r.expected, 5) for r in inside]),
        "mrr": mean([reciprocal_rank(r.ranked, r.expected) for r in inside]),
        "ndcg_at_10": mean([ndcg_at(r.ranked, r.expected, 10) for r in inside]),
        "key_fact_accuracy": mean([1.0 if r.facts_ok else 0.0 for r in inside]),
        "citation_accuracy": mean([1.0 if r.cited_ok else 0.0 for r in inside]),
        "semantic_similarity": mean(similarities),
        "followup_accuracy": mean([1.0 if r.passed else 0.0 for r in followups]),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }
    metrics.update(
        abstention_scores(
            sum(r.abstained for r in outside), len(outside), sum(r.abstained for r in inside), len(inside)
        )
    )
    return {k: round(v, 4) for k, v in metrics.items()}


def breakdown(results: list[CaseResult], key: Callable[[CaseResult], str]) -> dict[str, dict[str, float]]:
    """Metrics per group (curriculum part, or question style)."""
    groups: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        groups[key(r)].append(r)
    out = {}
    for name, group in sorted(groups.items()):
        inside = [r for r in group if r.kind in IN_SCOPE]
        out[name] = {
            "cases": float(len(group)),
            "pass_rate": round(mean([1.0 if r.passed else 0.0 for r in group]), 4),
            "recall_at_3": round(mean([recall_at(r.ranked, r.expected, 3) for r in inside]), 4),
            "key_fact_accuracy": round(mean([1.0 if r.facts_ok else 0.0 for r in inside]), 4),
            "false_abstention": round(mean([1.0 if r.abstained else 0.0 for r in inside]), 4),
        }
    return out


@dataclass
class ConfigRun:
    mode: Mode
    results: list[CaseResult]
    metrics: dict[str, float]
    paraphrases: dict[str, float]  # the metrics on rephrased questions only (not the FAQ's own wording)
    by_part: dict[str, dict[str, float]]
    by_style: dict[str, dict[str, float]]
    by_group: dict[str, dict[str, float]]
    by_plan: dict[str, dict[str, float]]  # learner cases, by the shape of answer they need
    by_learner_style: dict[str, dict[str, float]]  # learner cases, by how the question is asked


def run(answerer: Answerer, cases: list[Case], modes: Iterable[Mode] = MODES) -> dict[str, ConfigRun]:
    """Every case under every retriever configuration."""
    runs: dict[str, ConfigRun] = {}
    for mode in modes:
        answerer.retriever.embed.clear()  # each configuration pays for its own query embeddings
        results = [run_case(answerer, case, mode) for case in cases]
        add_similarity(answerer, cases, results)
        rephrased = [r for r in results if r.kind in IN_SCOPE and r.style != "original"]
        metrics = summarize(results)
        if mode == SHIPPED:
            # Measured on the tuning set, not the dataset, and gated with the shipped configuration.
            metrics["framing_changed"] = measure_framing(answerer, mode).rate
        runs[mode] = ConfigRun(
            mode=mode,
            results=results,
            metrics=metrics,
            paraphrases={
                k: v for k, v in summarize(rephrased).items() if k in ("recall_at_3", "key_fact_accuracy")
            },
            by_part=breakdown(results, lambda r: r.part),
            by_style=breakdown(results, lambda r: r.style),
            by_group=breakdown(results, lambda r: r.group),
            by_plan=breakdown([r for r in results if r.plan], lambda r: r.plan or ""),
            by_learner_style=breakdown([r for r in results if r.group == "learner"], lambda r: r.style),
        )
    return runs
