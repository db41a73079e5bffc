"""Chunking follows the curriculum's structure: FAQ entries, table rows, sections, long sections."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest

from ingest.chunk import Chunker
from ingest.corpus import read_corpus
from ingest.tables import row_sentence
from tests.conftest import CORPUS


def write(root: Path, name: str, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus_chunks() -> list:  # type: ignore[type-arg]
    return Chunker().chunk_corpus(read_corpus(CORPUS))


def test_the_real_corpus_chunks_by_kind(corpus_chunks: list) -> None:  # type: ignore[type-arg]
    kinds = Counter(c.kind for c in corpus_chunks)
    assert kinds["faq"] == 20  # 12 general + 8 program entries
    assert kinds["row"] == 13  # 5 tracks-and-levels rows + 8 role rows
    assert kinds["section"] >= 40


def test_one_chunk_per_faq_entry_holds_question_and_answer(corpus_chunks: list) -> None:  # type: ignore[type-arg]
    faq = next(c for c in corpus_chunks if c.question == "Is the exam proctored?")
    assert faq.kind == "faq"
    assert faq.text.startswith("Is the exam proctored?\n\nYes, all professional and managerial level exams")
    assert faq.sentences == (
        "Yes, all professional and managerial level exams are conducted in a secure, proctored online "
        "environment to maintain the integrity of the credential.",
    )
    assert faq.source == "faq-general.md"
    lines = (CORPUS / "faq-general.md").read_text(encoding="utf-8").splitlines()
    assert lines[faq.lines[0] - 1] == "## Is the exam proctored?"
    assert lines[faq.lines[1] - 1].startswith("Yes, all professional")


def test_one_chunk_per_table_row_with_column_names_and_caption(corpus_chunks: list) -> None:  # type: ignore[type-arg]
    sre = next(c for c in corpus_chunks if c.cells and c.cells.get("Role") == "SRE")
    assert sre.text == (
        "Role → Recommended Certified MLOps Manager Certifications\n"
        "Role: SRE | Recommended Certifications: Certified MLOps Manager – Professional"
    )
    assert sre.sentences == (
        "For an SRE, the curriculum recommends: Certified MLOps Manager – Professional.",
    )
    rows = [c for c in corpus_chunks if c.source == "tracks-and-levels.md" and c.kind == "row"]
    assert [c.cells["Track"] for c in rows] == [
        "Operations",
        "Engineering",
        "Leadership",
        "Security",
        "Finance",
    ]
    assert list(rows[0].cells) == [
        "Track",
        "Level",
        "Who it’s for",
        "Prerequisites",
        "Skills Covered",
        "Recommended Order",
    ]
    assert rows[1].cells["Prerequisites"] == "Docker/K8s"


def test_no_chunk_crosses_a_heading(corpus_chunks: list) -> None:  # type: ignore[type-arg]
    for chunk in corpus_chunks:
        body = (CORPUS / chunk.source).read_text(encoding="utf-8").splitlines()
        inside = body[chunk.lines[0] : chunk.lines[1]]  # the lines after the first
        assert not any(line.startswith("#") for line in inside), chunk.id


def test_row_sentence_uses_only_the_row_cells() -> None:
    header = ["Role", "Recommended Certifications"]
    sentence = row_sentence(
        "For {Role:a}, the curriculum recommends: {Recommended Certifications}.",
        header,
        ["Engineering Manager", "X – Y"],
    )
    assert sentence == "For an Engineering Manager, the curriculum recommends: X – Y."
    assert row_sentence(None, header, ["A", "B"]) == "Role: A; Recommended Certifications: B."


def test_long_section_splits_on_sentence_boundaries_with_overlap(tmp_path: Path) -> None:
    sentences = [f"Sentence number {i} talks about topic {i} at some length for the test." for i in range(30)]
    write(tmp_path, "long.md", "---\ntitle: Long\n---\n\n# Long\n\n## Part\n\n" + " ".join(sentences) + "\n")
    chunks = Chunker(max_chars=400, overlap_sentences=1).chunk_corpus(read_corpus(tmp_path))
    assert len(chunks) > 3
    for chunk in chunks:
        assert len(chunk.text) <= 400
        assert all(s in sentences for s in chunk.sentences)  # whole sentences only
    for before, after in itertools.pairwise(chunks):
        assert after.sentences[0] == before.sentences[-1]  # one sentence of overlap
    assert {s for c in chunks for s in c.sentences} == set(sentences)
    assert [c.id for c in chunks] == [f"long/long/part#{i}" for i in range(len(chunks))]


def test_a_short_section_stays_one_chunk_and_lists_keep_their_items(tmp_path: Path) -> None:
    write(
        tmp_path,
        "g.md",
        "---\ntitle: G\n---\n\n# G\n\n## Tips\n\n- First tip.\n- Second tip.\n\n## Other\n\nText.\n",
    )
    chunks = Chunker().chunk_corpus(read_corpus(tmp_path))
    assert [c.id for c in chunks] == ["g/g/tips#0", "g/g/other#0"]
    assert chunks[0].text == "- First tip.\n- Second tip."
    assert chunks[0].sentences == ("First tip.", "Second tip.")
    assert chunks[0].lines == (9, 10)


def test_ids_are_stable_across_rebuilds_and_other_files_edits(tmp_path: Path, own_corpus: Path) -> None:
    first = [c.id for c in Chunker().chunk_corpus(read_corpus(own_corpus))]
    providers = own_corpus / "providers.md"
    providers.write_text(
        providers.read_text(encoding="utf-8").replace("veteran", "long-standing"), encoding="utf-8"
    )
    second = [c.id for c in Chunker().chunk_corpus(read_corpus(own_corpus))]
    assert first == second
    assert len(set(first)) == len(first)
