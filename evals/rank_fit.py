"""Fit the learned ranking (bot/answer/ranking.py) on the adapter's tuning questions, out of fold.

The query adapter is fitted on these same questions at ingest, so their adapted cosines are better
than a learner's question would ever get; a ranking fitted on them would trust the adapted cosine
too much. So the questions are split into folds, and each fold's candidates are retrieved with an
adapter and an example bank made of the other folds only, as a new question meets the shipped
ones. The tuning files' follow-ups (which the adapter is not fitted on) are asked as
conversations, so that the order is fitted on resolved follow-ups too.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.answer.answerer import Answerer
from bot.answer.candidate import Candidate
from bot.answer.followup import Topic
from bot.answer.ranking import Ranking, fit_ranking
from bot.answer.retrieve import Retriever
from index.examples import ExampleBank
from index.yaml_files import read_yaml
from ingest.adapter import AdapterFit, Example, fit_for_build, passages, read_examples

log = logging.getLogger(__name__)
FOLDS = 10  # each held-out adapter is fitted on 90% of the questions, near the shipped one (all of them)


@dataclass(frozen=True)
class Fold:
    """One fold's retriever (an adapter and an example bank fitted on the other folds' questions)
    and the questions it holds out."""

    retriever: Retriever
    held: list[Example]


def folds_of(answerer: Answerer, examples: Sequence[Example], folds: int = FOLDS) -> list[Fold]:
    """The tuning questions split into folds, each with a retriever that never saw its questions."""
    artifact = answerer.retriever.artifact
    encoder = answerer.retriever.encoder
    views = np.vstack([artifact.vectors.reconstruct(i) for i in range(artifact.vectors.ntotal)])
    # One at a time, as the build embeds them: the int8 model's vectors shift with batch-mates.
    asked = np.vstack([views[:0], *(encoder.encode([e.question]) for e in examples)])
    fold_of = np.random.default_rng(0).permutation(len(examples)) % folds
    out = []
    for fold in range(folds):
        train = [n for n in range(len(examples)) if fold_of[n] != fold]
        adapter = fit_for_build(
            artifact.chunks,
            views,
            artifact.view_chunk,
            [examples[n] for n in train],
            asked[train],
            AdapterFit(),
        )
        bank = ExampleBank.build(
            adapter, [examples[n].question for n in train], asked[train], [examples[n].answers for n in train]
        )
        retriever = Retriever(
            replace(artifact, adapter=adapter, examples=bank), encoder, answerer.retriever.tuning
        )
        out.append(Fold(retriever, [examples[n] for n in np.flatnonzero(fold_of == fold).tolist()]))
        log.info("out-of-fold: fold %d of %d fitted", fold + 1, folds)
    return out


def out_of_fold(
    answerer: Answerer, paths: Sequence[Path], folds: int | Sequence[Fold] = FOLDS
) -> tuple[list[npt.NDArray[np.float64]], list[npt.NDArray[np.bool_]]]:
    """Each in-scope tuning question's candidates (their ranking features, and which answer),
    retrieved with an adapter that never saw the question (`folds`: how many, or folds already
    fitted on these paths' questions)."""
    artifact = answerer.retriever.artifact
    if isinstance(folds, int):
        folds = folds_of(answerer, read_examples(paths, artifact.chunks), folds)
    # Retrieval's features do not depend on the order; starting from rank fusion keeps the fit
    # from depending on the ranking it replaces (the earlier turns of a conversation would).
    answerer = with_ranking(answerer, None)
    lists: list[npt.NDArray[np.float64]] = []
    targets: list[npt.NDArray[np.bool_]] = []
    for fold in folds:
        held = Answerer(fold.retriever, answerer.config)
        for example in fold.held:
            found = _candidates(held, example)
            if found is not None:
                lists.append(found[0])
                targets.append(found[1])
    for path in paths:
        conversations = (read_yaml(path) or {}) if path.is_file() else {}
        for item in conversations.get("followups", []):
            found = _last_turn(
                answerer, [str(t) for t in item["turns"]], passages(item["expected"], artifact.chunks)
            )
            if found is not None:
                lists.append(found[0])
                targets.append(found[1])
    return lists, targets


def _last_turn(
    answerer: Answerer, turns: list[str], answers: tuple[int, ...]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]] | None:
    """The last turn's candidates, read against the topic the earlier turns left."""
    topic: Topic | None = None
    for turn in turns[:-1]:
        _, topic = answerer.answer(turn, topic=topic)
    query = answerer.reader.read(turns[-1])
    if query.reply is not None or not answers:
        return None
    return _features(answerer.choose(query, topic).candidates, answers)


def _candidates(
    answerer: Answerer, example: Example
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]] | None:
    attempt = answerer.attempt_as_asked(example.question) if example.answers else None
    return None if attempt is None else _features(attempt.candidates, example.answers)


def _features(
    candidates: list[Candidate], answers: tuple[int, ...]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]] | None:
    if not candidates:
        return None
    features = np.array([c.ranking_features() for c in candidates], dtype=np.float64)
    return features, np.array([c.number in answers for c in candidates])


def with_ranking(answerer: Answerer, ranking: Ranking | None) -> Answerer:
    """The answerer over the same retriever with another learned ranking (None: rank fusion)."""
    calibration = answerer.config.calibration.model_copy(update={"ranking": ranking})
    return Answerer(answerer.retriever, replace(answerer.config, calibration=calibration))


def fit_out_of_fold(
    answerer: Answerer, paths: Sequence[Path], l2: float, folds: int | Sequence[Fold] = FOLDS
) -> Ranking:
    """The ranking fitted on the out-of-fold candidates of the tuning questions."""
    lists, targets = out_of_fold(answerer, paths, folds)
    return fit_ranking(lists, targets, l2)
