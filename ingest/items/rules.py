"""The rules that item derivation follows (rules.yaml), and what every kind of item shares: the level
and section a passage belongs to, the basis hash that keeps unchanged items, a deterministic shuffle."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from index.chunk import Chunk
from index.practice import GENERAL

RULES_FILE = Path(__file__).with_name("rules.yaml")
# Bump when the derivation code changes what it makes from the same rules and corpus.
GENERATOR_VERSION = 2

T = TypeVar("T")


@dataclass(frozen=True)
class Rules:
    """rules.yaml, read once; `fingerprint` changes whenever the file or the generator does."""

    guide_prompts: dict[str, str]
    guide_prompt_fallback: str
    named_sections: tuple[str, ...]
    choice: dict[str, int]
    cloze: dict[str, int]
    order: dict[str, Any]
    fingerprint: str


def load_rules(path: Path = RULES_FILE) -> Rules:
    raw = path.read_bytes()
    data = yaml.safe_load(raw)
    fingerprint = hashlib.sha256(raw + f"\x00{GENERATOR_VERSION}".encode()).hexdigest()[:16]
    return Rules(
        guide_prompts=dict(data["guide_prompts"]),
        guide_prompt_fallback=str(data["guide_prompt_fallback"]),
        named_sections=tuple(data["named_sections"]),
        choice=dict(data["choice"]),
        cloze=dict(data["cloze"]),
        order=dict(data["order"]),
        fingerprint=fingerprint,
    )


def basis(rules: Rules, chunks: Iterable[Chunk]) -> str:
    """What an item depends on: its passages' content and the rules; unchanged, the item is kept."""
    digest = hashlib.sha256(rules.fingerprint.encode())
    for chunk in chunks:
        digest.update(f"\x00{chunk.id}\x00{chunk.content_hash}".encode())
    return digest.hexdigest()[:16]


def level_name(chunk: Chunk) -> str:
    """A level guide's level as its title names it: "… – Foundation Level" -> "Foundation"."""
    tail = re.split(r"\s+[–—-]\s+", chunk.title)[-1]
    return re.sub(r"\s+level$", "", tail, flags=re.IGNORECASE).strip()


def known_levels(chunks: Iterable[Chunk]) -> set[str]:
    """The level keys the guides' front matter declares (foundation, professional, manager)."""
    return {c.meta["level"] for c in chunks if c.meta.get("level")}


def level_of(chunk: Chunk, levels: set[str]) -> str:
    """The level an item on this passage practises: the guide's, a table row's Level cell, or general."""
    if chunk.meta.get("level"):
        return chunk.meta["level"]
    for column, cell in (chunk.cells or {}).items():
        if column.lower() == "level" and cell.lower() in levels:
            return cell.lower()
    return GENERAL


def track_of(chunk: Chunk) -> str | None:
    """The track a passage belongs to: the guide's front matter, or a table row's Track cell."""
    for column, cell in (chunk.cells or {}).items():
        if column.lower() == "track":
            return cell.lower()
    return chunk.meta.get("track")


def section_of(chunk: Chunk) -> str:
    """The section progress is shown by: a FAQ's page, a table's caption, a guide's heading."""
    if chunk.kind == "faq":
        return chunk.breadcrumb[0] if chunk.breadcrumb else chunk.title
    return chunk.breadcrumb[-1] if chunk.breadcrumb else chunk.title


def shuffled(values: Sequence[T], seed: str) -> list[T]:
    """The values in an order that depends only on `seed`: the same item always shows the same order."""
    out = list(values)
    random.Random(seed).shuffle(out)
    return out


def pick(values: Sequence[T], count: int, seed: str) -> list[T]:
    """`count` of the values, chosen by `seed` alone."""
    return shuffled(values, seed)[:count]


def about(
    chunk: Chunk, rules: Rules, levels: set[str], basis_of: list[Chunk] | None = None
) -> dict[str, Any]:
    """The fields an item takes from the passage it is about: what it cites, its level, section, track,
    and its basis (the passage, or the whole table for an item whose choices come from other rows)."""
    return {
        "chunks": (chunk.id,),
        "level": level_of(chunk, levels),
        "section": section_of(chunk),
        "basis": basis(rules, basis_of or [chunk]),
        "track": track_of(chunk),
    }
