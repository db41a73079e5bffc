"""The one tokenizer of both sides (corpus and questions) and the BM25 keyword index."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.keywords import KeywordIndex, expand, normalize, tokenize, tokenize_as_written

TEXTS = [
    "The exam is proctored online.",
    "Kubernetes orchestration for ML workloads.",
    "A study plan of 4-6 weeks before the exam.",
]


def test_normalize_folds_case_width_and_typographic_quotes() -> None:
    assert normalize("You’ll “Pass” – ＥＸＡＭ") == 'you\'ll "pass" - exam'


def test_expand_spells_out_learners_short_forms() -> None:
    assert expand("MCQ exam in k8s") == "multiple choice exam in kubernetes"
    assert expand("What is the pass mark?") == "what is the passing score?"
    # a short form next to punctuation is still one
    assert expand("is the exam just MCQs? (k8s)") == "is the exam just multiple choice? (kubernetes)"
    assert tokenize("MCQs?") == tokenize("multiple choice")
    # texting short forms of everyday words are the words
    assert expand("can u tell me abt the exam b4 i pay") == "can you tell me about the exam before i pay"


def test_tokenize_as_written_leaves_learners_spellings_unmapped() -> None:
    assert tokenize("Is it invigilated?") == ["proctor"]
    assert tokenize_as_written("Is it invigilated?") == ["invigil"]


def test_tokenize_drops_function_words_and_stems() -> None:
    assert tokenize("What are the prerequisites?") == tokenize("prerequisite")
    assert tokenize("the of and") == []
    assert tokenize("C++ and C# developers") == ["c++", "c#", "develop"]


def test_short_forms_and_their_spelling_meet_on_both_sides() -> None:
    assert tokenize("k8s certs") == tokenize("Kubernetes certifications")


def test_bm25_scores_every_chunk(tmp_path: Path) -> None:
    index = KeywordIndex.build(TEXTS)
    scores = index.scores(tokenize("proctored exam"))
    assert scores.shape == (3,) and int(np.argmax(scores)) == 0
    assert scores[1] == 0.0  # shares no word
    assert not index.scores(tokenize("sourdough")).any()
    index.save(tmp_path)
    assert np.allclose(KeywordIndex.load(tmp_path).scores(tokenize("proctored exam")), scores)


def test_known_words_and_their_rarity() -> None:
    index = KeywordIndex.build(TEXTS)
    assert index.known(tokenize("exam weather")) == tokenize("exam")
    assert index.idf("sourdough") > index.idf(tokenize("kubernetes")[0]) > index.idf(tokenize("exam")[0])


def test_a_text_with_no_content_words_keeps_its_row() -> None:
    index = KeywordIndex.build(["the of and", *TEXTS])
    assert index.num_docs == 4
    assert int(np.argmax(index.scores(tokenize("proctored")))) == 1
