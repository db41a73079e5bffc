"""Building the index: incremental embedding, atomic publish, the stale check, and the CLI."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ingest.build
from bot.cli import app
from index import keywords
from index.artifact import current_build, load_artifact
from index.encoder import Encoder
from ingest.build import BuildOptions, build
from ingest.stale import stale_reasons
from tests.encoders import CountingEncoder


def test_incremental_rebuild_embeds_exactly_the_changed_chunks(
    options: BuildOptions, encoder: Encoder, tmp_path: Path
) -> None:
    # A private embedding cache: the counts must not depend on what other tests embedded.
    options = replace(options, cache_dir=tmp_path / "private-cache")
    counting = CountingEncoder(encoder)
    first = build(options, encoder=counting)  # type: ignore[arg-type]
    assert first.embedded == len(counting.texts) > 100
    ids_before = [c.id for c in load_artifact(options.index_dir).chunks]

    counting.texts.clear()
    assert build(options, encoder=counting).embedded == 0  # type: ignore[arg-type]
    assert counting.texts == []

    faq = options.corpus_dir / "faq-general.md"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace("70% or higher", "75% or higher"), encoding="utf-8"
    )
    report = build(options, encoder=counting)  # type: ignore[arg-type]
    # One FAQ chunk changed: its passage view and its one answer sentence; its question view is unchanged.
    assert report.embedded == 2
    assert sorted(counting.texts) == sorted([t for t in counting.texts if "75% or higher" in t])
    changed = {c.path: (c.added, c.changed, c.removed) for c in report.files}
    assert changed["faq-general.md"] == (0, 1, 0)
    assert changed["providers.md"] == (0, 0, 0)
    assert [c.id for c in load_artifact(options.index_dir).chunks] == ids_before


def test_report_counts_added_and_removed_chunks(options: BuildOptions, encoder: Encoder) -> None:
    build(options, encoder=encoder)
    (options.corpus_dir / "final-thoughts.md").unlink()
    (options.corpus_dir / "extra.md").write_text(
        "---\ntitle: Extra\n---\n\n# Extra\n\nNew text.\n", encoding="utf-8"
    )
    report = build(options, encoder=encoder)
    changes = {c.path: c for c in report.files}
    assert changes["final-thoughts.md"].removed == 2
    assert changes["extra.md"].added == 1


def test_a_build_that_fails_midway_leaves_the_old_index(
    options: BuildOptions, encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build(options, encoder=encoder)
    faq = options.corpus_dir / "faq-general.md"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace("70% or higher", "80% or higher"), encoding="utf-8"
    )

    def broken_write(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full, injected")

    monkeypatch.setattr(ingest.build, "write_build", broken_write)
    with pytest.raises(RuntimeError, match="injected"):
        build(options, encoder=encoder)
    assert current_build(options.index_dir) == first.build_id
    artifact = load_artifact(options.index_dir)
    assert any("70% or higher" in c.text for c in artifact.chunks)
    assert not list((options.index_dir / "builds").glob(".tmp-*"))


def test_publish_swaps_builds_atomically_and_keeps_a_few(options: BuildOptions, encoder: Encoder) -> None:
    ids = [build(options, encoder=encoder).build_id for _ in range(5)]
    assert current_build(options.index_dir) == ids[-1]
    assert os.readlink(options.index_dir / "current") == f"builds/{ids[-1]}"
    kept = sorted(p.name for p in (options.index_dir / "builds").iterdir())
    assert len(kept) == 3 and ids[-1] in kept


def test_stale_check(options: BuildOptions, encoder: Encoder) -> None:
    assert stale_reasons(options) == [f"no index at {options.index_dir}/"]
    build(options, encoder=encoder)
    assert stale_reasons(options) == []
    roles = options.corpus_dir / "roles.md"
    roles.write_text(roles.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (options.corpus_dir / "final-thoughts.md").unlink()
    reasons = stale_reasons(options)
    assert f"{options.corpus_dir / 'roles.md'} changed" in reasons
    assert f"{options.corpus_dir / 'final-thoughts.md'} was removed" in reasons
    assert any("chunking settings changed" in r for r in stale_reasons(replace(options, max_chars=500)))
    assert any("embedding model changed" in r for r in stale_reasons(replace(options, backend="torch")))
    questions = options.index_dir.parent / "questions.yaml"
    questions.write_text("in_scope: []\n", encoding="utf-8")
    asked = replace(options, adapter_questions=(questions,))
    assert any("query adapter" in r for r in stale_reasons(asked))


def test_an_edited_vocabulary_makes_the_index_stale(
    options: BuildOptions, encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The corpus's keywords were mapped with the learners' spellings: a new mapping means new terms.
    build(options, encoder=encoder)
    assert stale_reasons(options) == []
    monkeypatch.setitem(keywords.ABBREVIATIONS, "curricula", "curriculum")
    assert any("index/vocabulary.yaml" in r for r in stale_reasons(options))


def cli_env(options: BuildOptions, cache_dir: Path) -> dict[str, str]:
    return {
        "TUTOR_CORPUS_DIR": str(options.corpus_dir),
        "TUTOR_INDEX_DIR": str(options.index_dir),
        "TUTOR_CACHE_DIR": str(cache_dir),
    }


def test_cli_ingest_check_and_report(
    options: BuildOptions, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(options.index_dir.parent)  # no stray .env
    runner = CliRunner()
    env = cli_env(options, cache_dir)
    check = runner.invoke(app, ["ingest", "--check"], env=env)
    assert check.exit_code == 1 and "no index" in check.output
    built = runner.invoke(app, ["ingest"], env=env)
    assert built.exit_code == 0, built.output
    assert "faq-general.md" in built.output and "81 chunks" in built.output.replace("\n", " ")
    assert runner.invoke(app, ["ingest", "--check"], env=env).exit_code == 0
    skipped = runner.invoke(app, ["ingest", "--if-stale"], env=env)
    assert skipped.exit_code == 0 and "index is current" in skipped.output


def test_cli_bad_input_exits_2_and_keeps_the_index(
    options: BuildOptions, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(options.index_dir.parent)
    runner = CliRunner()
    env = cli_env(options, cache_dir)
    assert runner.invoke(app, ["ingest"], env=env).exit_code == 0
    before = current_build(options.index_dir)
    (options.corpus_dir / "broken.md").write_bytes(b"---\ntitle: x\n---\n\xff\n")
    result = runner.invoke(app, ["ingest"], env=env)
    assert result.exit_code == 2
    assert "broken.md:4" in result.output and "previous index is unchanged" in result.output
    assert current_build(options.index_dir) == before
    missing_model = runner.invoke(app, ["ingest"], env={**env, "TUTOR_EMBEDDING_MODEL": "/no/such/model"})
    assert missing_model.exit_code == 2 and "no model folder at /no/such/model" in missing_model.output
