"""The Markdown reader: sections by heading (ATX and setext), paragraphs, lists (nested too) and
tables, each with the line numbers of the corpus file."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.markdown import Line, Section, parse_sections, split_cells

WHERE = Path("doc.md")


def parse(text: str, start: int = 1) -> list[Section]:
    return parse_sections(text.split("\n"), start, WHERE)


def test_atx_headings_nest_into_a_breadcrumb_with_their_line_numbers() -> None:
    sections = parse(
        "# Guide\n\nIntro.\n\n## Part one ##\n\nOne.\n\n### Detail\n\nDeep.\n\n## Part two\n\nTwo."
    )
    assert [(s.path, s.heading_line) for s in sections] == [
        (("Guide",), 1),
        (("Guide", "Part one"), 5),
        (("Guide", "Part one", "Detail"), 9),
        (("Guide", "Part two"), 13),
    ]
    assert sections[3].blocks[0].lines == [Line(15, "Two.")]


def test_setext_headings_are_headings() -> None:
    sections = parse("Guide\n=====\n\nIntro.\n\nA part\n------\n\nText of the part.\n")
    assert [(s.path, s.heading_line) for s in sections] == [(("Guide",), 1), (("Guide", "A part"), 6)]
    assert sections[1].blocks[0].kind == "paragraph"
    assert sections[1].blocks[0].lines == [Line(9, "Text of the part.")]


def test_a_setext_heading_over_two_lines_reads_as_one_line() -> None:
    sections = parse("A long\nheading\n======\n\nText.")
    assert sections[0].path == ("A long heading",)


def test_line_numbers_count_from_the_body_start() -> None:
    sections = parse("# Title\n\nText.", start=6)  # after five lines of front matter
    assert sections[0].heading_line == 6
    assert sections[0].blocks[0].lines == [Line(8, "Text.")]


def test_content_before_the_first_heading_is_a_section_without_a_path() -> None:
    sections = parse("Preamble.\n\n# Title\n\nBody.")
    assert [(s.path, s.heading_line) for s in sections] == [((), 0), (("Title",), 3)]


def test_a_heading_with_nothing_under_it_is_still_a_section() -> None:
    sections = parse("# Title\n\n## Empty\n\n## Full\n\nText.")
    assert [s.path for s in sections] == [("Title",), ("Title", "Empty"), ("Title", "Full")]
    assert sections[1].blocks == []


def test_a_paragraph_keeps_its_source_lines_and_inline_markup() -> None:
    sections = parse(
        "# T\n\nFirst line with **bold**\nand a [link](https://example.org).\n\nSecond paragraph."
    )
    first, second = sections[0].blocks
    assert first.kind == second.kind == "paragraph"
    assert first.lines == [Line(3, "First line with **bold**"), Line(4, "and a [link](https://example.org).")]
    assert second.lines == [Line(6, "Second paragraph.")]


def test_list_items_join_their_wrapped_lines_and_keep_their_first_line_number() -> None:
    sections = parse("# T\n\n- First item\n  wrapped on.\n- Second item.\n1. Ordered.")
    bullets, ordered = sections[0].blocks
    assert bullets.kind == ordered.kind == "list"
    assert bullets.lines == [Line(3, "First item wrapped on."), Line(5, "Second item.")]
    assert ordered.lines == [Line(6, "Ordered.")]


def test_nested_lists_give_every_item_in_document_order() -> None:
    text = "# T\n\n- Parent one\n  - Child a\n  - Child b\n    1. Grandchild\n- Parent two\n\nAfter."
    sections = parse(text)
    items, after = sections[0].blocks
    assert items.kind == "list"
    assert items.lines == [
        Line(3, "Parent one"),
        Line(4, "Child a"),
        Line(5, "Child b"),
        Line(6, "Grandchild"),
        Line(7, "Parent two"),
    ]
    assert after.kind == "paragraph" and after.lines == [Line(9, "After.")]


def test_a_loose_list_is_one_list_and_an_item_keeps_all_its_paragraphs() -> None:
    sections = parse("# T\n\n- One.\n\n- Two.\n\n  More about two.\n")
    (items,) = sections[0].blocks
    assert items.lines == [Line(3, "One."), Line(5, "Two. More about two.")]


def test_a_table_has_its_header_and_rows_with_their_lines() -> None:
    sections = parse(
        "# T\n\nIntro.\n\n| Role | Level |\n| --- | :---: |\n| SRE | Pro |\n| A \\| B | Foundation |"
    )
    intro, table = sections[0].blocks
    assert intro.kind == "paragraph" and table.kind == "table"
    assert table.header == ["Role", "Level"]
    assert [(line.number, cells) for line, cells in table.rows] == [
        (7, ["SRE", "Pro"]),
        (8, ["A | B", "Foundation"]),  # an escaped pipe stays in its cell
    ]
    assert table.lines[0] == Line(5, "| Role | Level |")


def test_headings_inside_fenced_code_do_not_start_sections() -> None:
    sections = parse("# T\n\n```\n# not a heading\n```\n\n## Next\n\nText.")
    assert [s.path for s in sections] == [("T",), ("T", "Next")]
    (code,) = sections[0].blocks
    assert [line.text for line in code.lines] == ["```", "# not a heading", "```"]


def test_a_table_without_its_separator_row_names_the_line() -> None:
    with pytest.raises(IngestError) as info:
        parse("# T\n\n| A | B |\n| 1 | 2 |")
    assert info.value.line == 3 and "separator" in str(info.value)


def test_a_row_with_the_wrong_number_of_cells_names_the_line() -> None:
    with pytest.raises(IngestError) as info:
        parse("# T\n\n| A | B |\n| --- | --- |\n| 1 | 2 | 3 |")
    assert info.value.line == 5 and "3 cells but the header has 2" in str(info.value)


def test_text_right_under_a_table_is_refused_rather_than_read_as_a_row() -> None:
    with pytest.raises(IngestError) as info:
        parse("# T\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\nA paragraph with no blank line.")
    assert info.value.line == 6 and "blank line" in str(info.value)


def test_split_cells_handles_outer_pipes_and_escapes() -> None:
    assert split_cells("| a | b |") == ["a", "b"]
    assert split_cells("a | b") == ["a", "b"]
    assert split_cells("| a \\| b | c \\|") == ["a | b", "c |"]
