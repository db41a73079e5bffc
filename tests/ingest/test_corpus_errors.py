"""Bad input gets a clear error naming the file and line, and nothing is built or overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.artifact import current_build, load_artifact
from index.encoder import Encoder
from index.errors import InputError
from ingest.build import BuildOptions, build

GOOD = "---\ntitle: Good\nkind: faq\n---\n\n# Good\n\n## A question?\n\nAn answer.\n"


def corpus(tmp_path: Path, **files: str | bytes) -> Path:
    root = tmp_path / "corpus"
    root.mkdir(exist_ok=True)
    for name, content in files.items():
        path = root / f"{name}.md"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def built(tmp_path: Path, cache_dir: Path, encoder: Encoder) -> BuildOptions:
    """A good index, built, that a bad build must leave alone."""
    options = BuildOptions(corpus(tmp_path, good=GOOD), tmp_path / "index", cache_dir)
    build(options, encoder=encoder)
    return options


def failing_build(options: BuildOptions, encoder: Encoder) -> InputError:
    before = current_build(options.index_dir)
    with pytest.raises(InputError) as info:
        build(options, encoder=encoder)
    assert current_build(options.index_dir) == before
    assert load_artifact(options.index_dir).chunks[0].question == "A question?"  # still loadable
    assert not list((options.index_dir / "builds").glob(".tmp-*"))
    return info.value


def test_not_utf8_names_file_and_line(built: BuildOptions, encoder: Encoder) -> None:
    corpus(built.corpus_dir.parent, bad=b"---\ntitle: Bad\n---\n\n# Bad\n\ncaf\xe9\n")
    error = failing_build(built, encoder)
    assert error.path is not None and error.path.endswith("bad.md")
    assert error.line == 7
    assert "not valid UTF-8" in str(error)


def test_broken_front_matter_names_file_and_line(built: BuildOptions, encoder: Encoder) -> None:
    corpus(built.corpus_dir.parent, bad="---\ntitle: Bad\nlevel: [unclosed\n---\n\n# Bad\n")
    error = failing_build(built, encoder)
    assert error.path is not None and error.path.endswith("bad.md")
    assert error.line is not None and error.line >= 3
    assert "broken front matter" in str(error)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# No front matter\n", "missing front matter"),
        ("---\ntitle: Open\n# never closed\n", "not closed"),
        ("---\nkind: faq\n---\n\n# Untitled\n", "lacks 'title'"),
    ],
)
def test_other_front_matter_problems(built: BuildOptions, encoder: Encoder, text: str, message: str) -> None:
    corpus(built.corpus_dir.parent, bad=text)
    error = failing_build(built, encoder)
    assert message in str(error) and "bad.md" in str(error)


def test_empty_corpus(built: BuildOptions, encoder: Encoder) -> None:
    (built.corpus_dir / "good.md").unlink()
    error = failing_build(built, encoder)
    assert "corpus is empty" in str(error)


def test_duplicate_chunk_ids_name_both_places(built: BuildOptions, encoder: Encoder) -> None:
    dup = "---\ntitle: Dup\n---\n\n# Dup\n\n## Same\n\nOne.\n\n## Same\n\nTwo.\n"
    corpus(built.corpus_dir.parent, dup=dup)
    error = failing_build(built, encoder)
    assert "duplicate chunk id 'dup/dup/same#0'" in str(error)
    assert error.line == 13 and "dup.md:9" in str(error)  # the two passages under the same heading


def test_model_path_that_does_not_exist(built: BuildOptions, encoder: Encoder, tmp_path: Path) -> None:
    from dataclasses import replace

    missing = tmp_path / "no-such-model"
    error = failing_build(replace(built, model_path=missing), encoder)
    assert "embedding model folder does not exist" in str(error) and "no-such-model" in str(error)


def test_table_row_with_wrong_cell_count(built: BuildOptions, encoder: Encoder) -> None:
    table = "---\ntitle: T\n---\n\n# T\n\n| A | B |\n| --- | --- |\n| 1 | 2 | 3 |\n"
    corpus(built.corpus_dir.parent, table=table)
    error = failing_build(built, encoder)
    assert error.line == 9 and "3 cells but the header has 2" in str(error)
