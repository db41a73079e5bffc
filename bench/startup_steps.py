"""Where a serving process's start-up time and memory go: each step of a worker's start-up (as
`bot.api.serving.worker_app` and `IndexHolder.load` take them, in that order), with the RSS after it
and the wall and CPU seconds it took, in a fresh interpreter.

    python -m bench.startup_steps DATABASE  # a SQLite store; prints JSON: {"steps": [...]}

RSS is read from /proc (tracemalloc cannot see what ONNX Runtime, FAISS or a Rust extension allocate).
bench/startup.py runs it and tables it; it is a module of its own so that nothing is imported before it
starts counting.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# A few answers at the end: what a process holds once it has served (the query cache, ONNX Runtime's arena).
QUESTIONS = (
    "What is the passing score for the exams?",
    "How long does the professional level take?",
    "¿Cuánto dura el examen de nivel básico?",
    "Explain transformers attention mechanism",
)


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def measure(steps: list[tuple[str, Callable[[], object]]]) -> list[dict[str, Any]]:
    rows = [{"step": "interpreter", "rss_mib": round(rss_mib(), 1), "wall_s": 0.0, "cpu_s": 0.0}]
    for name, step in steps:
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        rows.append(
            {
                "step": name,
                "rss_mib": round(rss_mib(), 1),
                "wall_s": round(time.perf_counter() - wall, 3),
                "cpu_s": round(time.process_time() - cpu, 3),
            }
        )
    rows.append(
        {"step": "peak", "rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    )
    return rows


def main() -> None:
    state: dict[str, Any] = {}

    def imports_serving() -> None:
        import bot.api.serving  # noqa: F401  (what every worker imports first)

    def imports_app() -> None:
        import bot.api.main  # noqa: F401

    def settings() -> None:
        from bot.config import Settings

        root = Path(__file__).resolve().parents[1]  # bench.common's shipped settings, without its imports
        state["settings"] = Settings(
            _env_file=None,  # type: ignore[call-arg]
            corpus_dir=root / "corpus",
            index_dir=root / "index",
            cache_dir=root / ".cache" / "tutor",
            database_path=Path(sys.argv[1]),
        )

    def store() -> None:
        from bot.store import open_store

        s = state["settings"]
        state["store"] = open_store(s.database_path, s.database_url)  # with its migration check

    def encoder() -> None:
        from bot.runtime import IndexHolder

        state["holder"] = holder = IndexHolder(state["settings"])
        state["encoder"] = holder.encoder

    def artifact() -> None:
        from index.artifact import load_artifact

        state["artifact"] = load_artifact(state["settings"].index_dir)

    def retriever() -> None:
        from bot.answer.retrieve import Retriever

        s, holder = state["settings"], state["holder"]
        state["retriever"] = Retriever(
            state["artifact"], state["encoder"], holder.config.tuning.retrieval, s.query_cache_size
        )

    def answerer() -> None:
        from bot.answer.answerer import Answerer

        state["answerer"] = Answerer(state["retriever"], state["holder"].config)

    def app() -> None:
        from bot.api.main import create_app

        create_app(state["settings"], state["holder"])

    def language() -> None:
        state["answerer"].reader.language.preload()

    def answers() -> None:
        for question in QUESTIONS:
            state["answerer"].answer(question)

    rows = measure(
        [
            ("import bot.api.serving", imports_serving),
            ("import bot.api.main (the app's modules)", imports_app),
            ("settings", settings),
            ("store opened (its schema checked)", store),
            ("encoder (ONNX Runtime session, tokenizer)", encoder),
            ("index files (load_artifact)", artifact),
            ("Retriever", retriever),
            ("Answerer (speller, catalog, planner…)", answerer),
            ("create_app", app),
            ("language detector (after ready)", language),
            (f"{len(QUESTIONS)} answers", answers),
        ]
    )
    json.dump({"steps": rows}, sys.stdout)


if __name__ == "__main__":
    main()
