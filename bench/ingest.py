"""Ingest: a cold build, a no-op rebuild and a rebuild after a one-file edit, model load apart."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, settings
from bench.report import show, write
from bot.runtime import build_options
from ingest.build import build


def run(quick: bool = False) -> dict[str, Any]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        # A fresh cache: "cold" includes exporting the model to ONNX once, as a new machine does.
        options = build_options(
            settings(corpus_dir=corpus, index_dir=Path(tmp) / "index", cache_dir=Path(tmp) / "cache"),
            threads=2,
        )
        for name in ("cold build", "no-op rebuild", "one-file edit"):
            if name == "one-file edit":
                faq = corpus / "faq-general.md"
                faq.write_text(
                    faq.read_text(encoding="utf-8").replace("70% or higher", "75% or higher"), "utf-8"
                )
            started = time.perf_counter()
            report = build(options)
            wall = time.perf_counter() - started
            t = report.timings
            rows.append(
                {
                    "build": name,
                    "model_load_s": round(t.get("model_load", 0), 3),
                    "excluding_model_load_s": round(t["total"] - t.get("model_load", 0), 3),
                    "embedded": report.embedded,
                    "wall_s": round(wall, 3),
                    "size_bytes": report.size_bytes,
                    "chunks": report.manifest.chunks,
                }
            )
    show(
        "ingest (corpus/ -> index/)",
        ["build", "model load s", "without model load s", "embedded", "wall s", "index bytes"],
        [
            [
                r["build"],
                r["model_load_s"],
                r["excluding_model_load_s"],
                r["embedded"],
                r["wall_s"],
                r["size_bytes"],
            ]
            for r in rows
        ],
    )
    data = {"runs": rows}
    write("ingest", data)
    return data
