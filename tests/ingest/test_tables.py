"""Table rows as text: the row chunk's rendering and the one sentence an answer may quote."""

from __future__ import annotations

import pytest

from ingest.tables import indefinite_article, row_sentence, row_text, template_columns

HEADER = ["Role", "Recommended Certifications"]


@pytest.mark.parametrize(
    ("phrase", "article"),
    [
        ("SRE", "an"),
        ("ML Engineer", "an"),
        ("Engineering Manager", "an"),
        ("DevOps Engineer", "a"),
        ("FinOps Practitioner", "a"),
        ("CTO", "a"),
        ("", "a"),
    ],
)
def test_indefinite_article_reads_acronyms_letter_by_letter(phrase: str, article: str) -> None:
    assert indefinite_article(phrase) == article


def test_row_text_keeps_each_cell_with_its_column() -> None:
    assert row_text("Roles", HEADER, ["SRE", "Professional"]) == (
        "Roles\nRole: SRE | Recommended Certifications: Professional"
    )


def test_a_template_fills_cells_with_or_without_an_article() -> None:
    template = "For {Role:a}, take {Recommended Certifications}."
    assert template_columns(template) == HEADER
    assert row_sentence(template, HEADER, ["SRE", "Professional"]) == "For an SRE, take Professional."


def test_a_template_naming_an_unknown_column_fails() -> None:
    with pytest.raises(KeyError):
        row_sentence("{Salary}", HEADER, ["SRE", "Professional"])


def test_without_a_template_a_row_reads_column_by_column() -> None:
    assert row_sentence(None, HEADER, ["SRE", "Pro"]) == "Role: SRE; Recommended Certifications: Pro."
