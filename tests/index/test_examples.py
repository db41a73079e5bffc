"""The example bank: built from example questions, read per passage as the mean of the closest ones."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.adapter import QueryAdapter
from index.artifact import load_artifact
from index.examples import ExampleBank


def test_it_keeps_questions_by_passage_and_near_misses_apart(tmp_path: Path) -> None:
    asked = np.eye(4, dtype=np.float32)
    questions = ["Is the exam proctored?", "What's the weather?", "Which provider teaches SRE?", "Cost?"]
    bank = ExampleBank.build(QueryAdapter.identity(4), questions, asked, [(2,), (), (0, 2), (1,)])
    # One row per passage a question names, sorted by passage.
    assert bank.chunks.tolist() == [0, 1, 2, 2]
    assert np.array_equal(bank.vectors, asked[[2, 3, 0, 2]])
    assert np.array_equal(bank.outside, asked[[1]])  # the out-of-scope question, apart
    bank.write(tmp_path)
    back = ExampleBank.load(tmp_path)
    assert np.array_equal(back.vectors, bank.vectors) and np.array_equal(back.chunks, bank.chunks)
    assert np.array_equal(back.outside, bank.outside)
    # The in-scope questions' words, as the keyword index tokenises them; a near miss's are not.
    assert {"proctor", "provid", "cost"} <= bank.words and "weather" not in bank.words
    # …and as the learner wrote them: "invigilating" is a learner's word, though mapped to "proctor"
    invigilated = ExampleBank.build(QueryAdapter.identity(4), ["Is it invigilated?"], asked[:1], [(0,)])
    assert {"proctor", "invigil"} <= invigilated.words
    assert back.words == bank.words


def test_a_passage_scores_the_mean_of_its_closest_examples() -> None:
    eye = np.eye(4, dtype=np.float32)
    bank = ExampleBank(
        eye[[0, 1, 2, 3, 0]], np.array([0, 0, 0, 0, 2], dtype=np.int32), eye[[1, 2, 3]], frozenset()
    )
    question = np.array([1.0, 0.5, 0.25, 0.0], dtype=np.float32)
    # Passage 0: cosines 1, 0.5, 0.25, 0 -> the three closest average 0.583; passage 2 has one
    # example; passages 1 and 3 have none.
    assert np.allclose(bank.nearest(question, 4, 3), [1.75 / 3, 0.0, 1.0, 0.0])
    assert np.allclose(bank.nearest(question, 4, 1), [1.0, 0.0, 1.0, 0.0])
    # The near misses: cosines 0.5, 0.25, 0 -> the two closest average 0.375.
    assert bank.outside_nearest(question, 2) == 0.375
    empty = ExampleBank(
        np.zeros((0, 4), np.float32), np.zeros(0, np.int32), np.zeros((0, 4), np.float32), frozenset()
    )
    assert not empty.nearest(question, 4, 3).any() and empty.outside_nearest(question, 3) == 0.0


def test_a_pooled_bank_files_each_example_under_its_chunks_group() -> None:
    eye = np.eye(4, dtype=np.float32)
    bank = ExampleBank(eye[[0, 1, 2]], np.array([0, 1, 2], dtype=np.int32), eye[[3]], frozenset({"exam"}))
    pooled = bank.pooled(np.array([0, 1, 0]))  # chunks 0 and 2 are parallel
    assert pooled.chunks.tolist() == [0, 0, 1] and np.array_equal(pooled.vectors, eye[[0, 2, 1]])
    question = eye[2]
    # Chunk 2's example now votes for chunk 0's group too.
    assert pooled.nearest(question, 3, 1).tolist() == [1.0, 0.0, 0.0]
    assert bank.nearest(question, 3, 1).tolist() == [0.0, 0.0, 1.0]
    assert pooled.words == bank.words and np.array_equal(pooled.outside, bank.outside)


def test_the_shipped_build_carries_its_tuning_questions(corpus_index: Path) -> None:
    artifact = load_artifact(corpus_index)
    bank = artifact.examples
    assert len(bank.chunks) == artifact.manifest.examples > 500
    assert set(bank.chunks.tolist()) == set(range(len(artifact.chunks)))  # every passage has examples
    assert np.allclose(np.linalg.norm(bank.vectors, axis=1), 1.0, atol=1e-4)  # adapted, unit length
    assert len(bank.outside) == artifact.manifest.outside_examples > 100
