"""The vocabulary's neighbours table: each English word the curriculum lacks, with its nearest word."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.artifact import load_artifact
from index.encoder import Encoder
from index.vocabulary import Neighbours, Vocabulary, bridgeable, english_words


def test_english_words_are_the_whole_lower_case_words_of_a_vocab_file(tmp_path: Path) -> None:
    (tmp_path / "vocab.txt").write_text("[CLS]\nhello\n##ing\nWorld\nprice\n42\n", encoding="utf-8")
    assert english_words(tmp_path) == {"hello", "price"}
    assert english_words(tmp_path / "missing") == set()


def test_bridgeable_words_are_english_content_words_the_curriculum_lacks() -> None:
    english = {"pick", "exam", "the", "go", "weather", "choose"}
    assert bridgeable(english, ["choose", "exam"]) == ["pick", "weather"]


def unit(*rows: list[float]) -> np.ndarray:  # type: ignore[type-arg]
    matrix = np.array(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


@pytest.fixture
def vocabulary() -> Vocabulary:
    curriculum = unit([1, 0, 0], [0, 1, 0])
    learners = unit([0.9, 0.1, 0], [0.1, 0.2, 1])
    return Vocabulary(
        ("choose", "exam"), curriculum, Neighbours.build(["pick", "weather"], learners, curriculum)
    )


def test_each_word_gets_its_nearest_curriculum_word_and_their_cosine(vocabulary: Vocabulary) -> None:
    neighbours = vocabulary.neighbours
    assert neighbours.nearest.tolist() == [0, 1]
    found = neighbours.lookup("pick")
    assert found is not None and found[0] == 0 and found[1] == pytest.approx(0.9 / np.hypot(0.9, 0.1))
    assert neighbours.lookup("choose") is None  # the curriculum's own word has none


def test_a_neighbour_counts_only_when_near_enough(vocabulary: Vocabulary) -> None:
    assert vocabulary.nearest("pick", min_cosine=0.9) == "choose"
    assert vocabulary.nearest("weather", min_cosine=0.5) is None  # its best cosine is about 0.2
    assert vocabulary.nearest("kubeflow", min_cosine=0.1) is None  # not an English word of the model


def test_the_vocabulary_is_written_and_read_back_whole(vocabulary: Vocabulary, tmp_path: Path) -> None:
    vocabulary.write(tmp_path)
    read = Vocabulary.load(tmp_path)
    assert read.words == vocabulary.words and np.array_equal(read.vectors, vocabulary.vectors)
    assert read.neighbours.words == ("pick", "weather")
    assert np.array_equal(read.neighbours.nearest, vocabulary.neighbours.nearest)
    assert np.array_equal(read.neighbours.cosine, vocabulary.neighbours.cosine)


def test_the_built_table_is_what_embedding_the_word_alone_gives(corpus_index: Path, encoder: Encoder) -> None:
    # The bridge looked each word up by embedding it alone while a question waited; the table must
    # give the same word and the same cosine to the last bit, or answers would move.
    vocabulary = load_artifact(corpus_index).vocabulary
    table = vocabulary.neighbours
    assert set(table.words) == set(bridgeable(english_words(encoder.info.path), vocabulary.words))
    for word in table.words[:: len(table.words) // 60]:
        scores = vocabulary.vectors @ encoder.encode([word])[0]
        assert table.lookup(word) == (int(np.argmax(scores)), float(scores.max())), word
