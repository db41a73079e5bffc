"""Chunks: parallel sections, the groups whose example questions are shared."""

from __future__ import annotations

from index.chunk import Chunk, ChunkKind, parallel_groups

MISTAKES = "Common mistakes"


def section(source: str, *crumbs: str, kind: ChunkKind = "section") -> Chunk:
    return Chunk(
        id=f"{source}/{'/'.join(crumbs)}#0",
        kind=kind,
        title=crumbs[0],
        breadcrumb=crumbs,
        text="…",
        source=source,
        lines=(1, 1),
        meta={},
        sentences=("…",),
    )


def test_a_heading_shared_by_several_documents_is_one_group() -> None:
    chunks = [
        section("level-foundation.md", "Foundation Level", MISTAKES),
        section("level-professional.md", "Professional Level", "What it is"),
        section("level-professional.md", "Professional Level", MISTAKES),
        section("faq-general.md", "FAQ", "Is the exam proctored?", kind="faq"),
        section("overview.md", "Overview", "Introduction"),  # its heading is in one document only
        section("level-managerial.md", "Managerial Level", MISTAKES),
    ]
    assert parallel_groups(chunks) == [0, 1, 0, 3, 4, 0]
