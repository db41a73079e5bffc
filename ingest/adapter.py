"""Fit the query adapter (index/adapter.py) at ingest, on questions whose answering passage is known.

The training questions are the developers' tuning files (listed in Settings.adapter_questions; never
the eval's dataset), plus each passage's own topic (its FAQ question or heading) as a question of its
own, so that a passage no example asks about is still pulled towards, not away. The loss is the
usual contrastive one, made open-set: a softmax over every view of every passage and one "none of
them" option at a fixed cosine, with the answering passage's views as the positives of an in-scope
question and "none" as the positive of an out-of-scope one, and a penalty that keeps the map near
the identity. The out-of-scope questions push near misses away from every passage, so that the
adapted cosine, which the confidence reads, separates them from in-scope paraphrases. It is a few
hundred full-batch Adam steps on a few hundred vectors, so it runs in numpy (the image has no
torch): 3-4 s of an ingest.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml

from index.adapter import QueryAdapter
from index.artifact import topic_rows
from index.chunk import Chunk
from index.yaml_files import read_yaml

log = logging.getLogger(__name__)
Vectors = npt.NDArray[np.float32]


class AdapterQuestionsError(ValueError):
    """A training-question file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class AdapterFit:
    """How the adapter is fitted. Chosen by 5-fold cross-validation on the tuning files
    (evals/README.md, "A query adapter fitted on the tuning questions", and for the "none" option
    "The adapter learns 'none of them'"); the fit is not sensitive to weight_decay in 3e-4..3e-3."""

    temperature: float = 0.05  # softmax temperature over cosines
    null_cosine: float = 0.5  # the "none of them" option's cosine: out-of-scope questions end below it
    out_of_scope_weight: float = 3.0  # an out-of-scope question's weight in the loss, an in-scope one's is 1
    weight_decay: float = 1e-3  # L2 pull of W towards zero (the identity map)
    steps: int = 300
    learning_rate: float = 2e-3


@dataclass(frozen=True)
class Example:
    """A training question and the passages (chunk numbers) that answer it; none for an out-of-scope one."""

    question: str
    answers: tuple[int, ...]


def fingerprint(paths: Sequence[Path], fit: AdapterFit) -> str:
    """What the adapter was fitted from: the question files' bytes and the fit's settings, so that an
    edited tuning file makes the index stale."""
    digest = hashlib.sha256(repr(fit).encode())
    for path in paths:
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()[:16]


def read_examples(paths: Sequence[Path], chunks: list[Chunk]) -> list[Example]:
    """The tuning files' out-of-scope questions, and their in-scope questions whose expected chunk-id
    prefix names a passage of this corpus; questions about passages that no longer exist are skipped,
    not fatal, and so is a file that is not there (a deployment of another corpus ships no tuning
    files)."""
    examples: list[Example] = []
    for path in paths:
        if not path.is_file():
            log.warning("adapter questions %s: no such file; the adapter is fitted without it", path)
            continue
        try:
            # libyaml's parser (index/yaml_files.py): thousands of questions, parsed inside a serving
            # process on /admin/reindex, where pure-Python parsing queues for the GIL.
            data = read_yaml(path) or {}
            pairs = [(str(e["q"]), e["expected"]) for e in data.get("in_scope", [])]
            outside = [str(e["q"] if isinstance(e, dict) else e) for e in data.get("out_of_scope", [])]
        except (OSError, yaml.YAMLError, AttributeError, KeyError, TypeError) as exc:
            raise AdapterQuestionsError(f"adapter questions {path}: {exc}") from exc
        for question, expected in pairs:
            answers = passages(expected, chunks)
            if answers:
                examples.append(Example(question, answers))
        examples.extend(Example(question, ()) for question in outside)
    return examples


def passages(expected: str | list[str], chunks: list[Chunk]) -> tuple[int, ...]:
    """The chunk numbers whose ids start with a tuning file's expected prefix (or any of a list)."""
    prefixes = (expected,) if isinstance(expected, str) else tuple(expected)
    return tuple(n for n, c in enumerate(chunks) if c.id.startswith(prefixes))


def fit_adapter(
    questions: Vectors,
    answers: Sequence[Sequence[int]],
    views: Vectors,
    view_chunk: npt.NDArray[np.int32],
    fit: AdapterFit,
) -> QueryAdapter:
    """W minimising the open-set contrastive loss of the questions against every view, by full-batch
    Adam; a question with no answering passage is out of scope."""
    dimension = views.shape[1]
    if len(questions) == 0:
        return QueryAdapter.identity(dimension)
    q = questions.astype(np.float64)
    v = views.astype(np.float64)
    # The last column is "none of them", the positive of an out-of-scope question.
    positive = np.zeros((len(q), len(v) + 1), dtype=bool)
    for row, wanted in enumerate(answers):
        positive[row, :-1] = np.isin(view_chunk, wanted)
        positive[row, -1] = not wanted
    weight = np.where(positive[:, -1], fit.out_of_scope_weight, 1.0)
    weight /= weight.sum()
    none = np.full((len(q), 1), fit.null_cosine / fit.temperature)
    w = np.zeros((dimension, dimension))
    m, s = np.zeros_like(w), np.zeros_like(w)
    beta1, beta2 = 0.9, 0.999
    for step in range(1, fit.steps + 1):
        moved = q + q @ w
        norm = np.linalg.norm(moved, axis=1, keepdims=True)
        unit = moved / norm
        logits = np.hstack([unit @ v.T / fit.temperature, none])
        every = _softmax(logits)
        among_positives = _softmax(np.where(positive, logits, -np.inf))
        d_unit = ((every - among_positives)[:, :-1] * weight[:, None]) @ v / fit.temperature
        d_moved = (d_unit - unit * np.sum(unit * d_unit, axis=1, keepdims=True)) / norm
        grad = q.T @ d_moved + 2 * fit.weight_decay * w
        m = beta1 * m + (1 - beta1) * grad
        s = beta2 * s + (1 - beta2) * grad**2
        w -= fit.learning_rate * (m / (1 - beta1**step)) / (np.sqrt(s / (1 - beta2**step)) + 1e-8)
    log.info(
        "query adapter fitted on %d questions, %d of them out of scope", len(q), int(positive[:, -1].sum())
    )
    return QueryAdapter(w.astype(np.float32))


def fit_for_build(
    chunks: list[Chunk],
    views: Vectors,
    view_chunk: npt.NDArray[np.int32],
    examples: list[Example],
    asked: Vectors,
    fit: AdapterFit,
) -> QueryAdapter:
    """The adapter of one build: fitted on the example questions (`asked`, their vectors, in order)
    and on each passage's own topic view asked of that passage."""
    questions = np.vstack([asked.reshape(-1, views.shape[1]), views[topic_rows(chunks, view_chunk)]])
    answers = [e.answers for e in examples] + [(n,) for n in range(len(chunks))]
    return fit_adapter(questions, answers, views, view_chunk, fit)


def _softmax(logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: npt.NDArray[np.float64] = shifted / shifted.sum(axis=1, keepdims=True)
    return result
