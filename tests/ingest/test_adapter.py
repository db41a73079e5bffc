"""The query adapter: fitted at ingest on questions with known passages, applied to questions only."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from index.adapter import QueryAdapter
from index.artifact import load_artifact
from index.encoder import Encoder
from ingest.adapter import AdapterFit, AdapterQuestionsError, Example, fit_adapter, read_examples

EVERYDAY = Path("evals/tuning_everyday.yaml")


def unit(rows: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def top(questions: np.ndarray, views: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    return np.argmax(questions @ views.T, axis=1)


def test_the_fit_moves_questions_to_their_passages() -> None:
    rng = np.random.default_rng(0)
    views = unit(rng.normal(size=(6, 16)))
    # Each question lies nearer another passage than its own: the plain model ranks every one wrong.
    answers = [(n + 1) % 6 for n in range(6) for _ in range(3)]
    questions = unit(np.repeat(views, 3, axis=0) + 0.3 * rng.normal(size=(18, 16)))
    assert not np.any(top(questions, views) == answers)
    adapter = fit_adapter(
        questions, [(a,) for a in answers], views, np.arange(6, dtype=np.int32), AdapterFit()
    )
    moved = adapter(questions)
    assert np.all(top(moved, views) == answers)
    assert np.allclose(np.linalg.norm(moved, axis=1), 1.0, atol=1e-5)


def test_out_of_scope_questions_are_pushed_below_the_none_option() -> None:
    """A near miss that the plain model puts close to a passage ends below the fixed "none" cosine,
    while the in-scope questions still reach their passages above it."""
    rng = np.random.default_rng(1)
    views = unit(rng.normal(size=(6, 16)))
    inside = unit(np.repeat(views, 3, axis=0) + 0.3 * rng.normal(size=(18, 16)))
    near_misses = unit(views[:3] + 0.2 * rng.normal(size=(3, 16)))
    fit = AdapterFit()
    assert np.all((near_misses @ views.T).max(axis=1) > fit.null_cosine)
    answers = [(n,) for n in range(6) for _ in range(3)] + [(), (), ()]
    adapter = fit_adapter(np.vstack([inside, near_misses]), answers, views, np.arange(6, dtype=np.int32), fit)
    assert np.all((adapter(near_misses) @ views.T).max(axis=1) < fit.null_cosine)
    moved = adapter(inside) @ views.T
    assert np.all(top(adapter(inside), views) == [a for (a,) in answers[:18]])
    assert np.all(moved.max(axis=1) > fit.null_cosine)


def test_no_questions_is_the_identity() -> None:
    views = unit(np.eye(4, dtype=np.float32))
    adapter = fit_adapter(np.zeros((0, 4), np.float32), [], views, np.arange(4, dtype=np.int32), AdapterFit())
    vector = unit(np.array([[1.0, 2.0, 0.0, 0.0]]))[0]
    assert not adapter.matrix.any() and np.allclose(adapter(vector), vector)


def test_examples_name_passages_of_this_corpus(tmp_path: Path, corpus_index: Path) -> None:
    chunks = load_artifact(corpus_index).chunks
    questions = tmp_path / "questions.yaml"
    wanted = "faq-general/frequently-asked-questions-general/is-the-exam-proctored"
    entries = [
        {"q": "is someone watching?", "expected": wanted},
        {"q": "gone?", "expected": "removed/section"},
    ]
    questions.write_text(
        yaml.safe_dump({"in_scope": entries, "out_of_scope": ["weather?"]}), encoding="utf-8"
    )
    # The question about a passage this corpus no longer has is skipped; an out-of-scope one has no passage.
    example, outside = read_examples([questions, tmp_path / "absent.yaml"], chunks)
    assert example.question == "is someone watching?"
    assert [chunks[n].id for n in example.answers] == [wanted + "#0"]
    assert outside == Example("weather?", ())
    questions.write_text("in_scope: [{q: no expected}]", encoding="utf-8")
    with pytest.raises(AdapterQuestionsError, match=r"questions\.yaml"):
        read_examples([questions], chunks)


def test_the_shipped_build_ranks_its_everyday_questions_better(corpus_index: Path, encoder: Encoder) -> None:
    """The session's build carries an adapter fitted on the tuning files, and it changes what ranks first."""
    artifact = load_artifact(corpus_index)
    examples: list[Example] = read_examples([EVERYDAY], artifact.chunks)
    assert artifact.manifest.adapter_questions >= len(examples) > 100
    plain = np.vstack([encoder.encode([e.question])[0] for e in examples])
    views = np.vstack([artifact.vectors.reconstruct(i) for i in range(artifact.vectors.ntotal)])

    def first_right(questions: np.ndarray) -> float:  # type: ignore[type-arg]
        best = artifact.view_chunk[top(questions, views)]
        return float(np.mean([b in e.answers for b, e in zip(best, examples, strict=True)]))

    assert first_right(artifact.adapter(plain)) > first_right(plain) + 0.1


def test_an_adapter_writes_and_loads(tmp_path: Path) -> None:
    adapter = QueryAdapter(np.arange(9, dtype=np.float32).reshape(3, 3) / 10)
    adapter.write(tmp_path)
    assert np.array_equal(QueryAdapter.load(tmp_path).matrix, adapter.matrix)
