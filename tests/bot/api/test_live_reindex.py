"""Index swaps under load: an admin reindex and an ingest from another process fail no request."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from bot.api.main import create_app
from bot.config import Settings
from bot.runtime import IndexHolder, build_options
from index.encoder import Encoder
from ingest.build import build
from tests.servers import running_server

TOKEN = "reindex-token"


@pytest.fixture
def server(
    settings: Settings, own_corpus: Path, tmp_path: Path, encoder: Encoder
) -> Iterator[tuple[str, Settings]]:
    mine = settings.model_copy(
        update={
            "corpus_dir": own_corpus,
            "index_dir": tmp_path / "index",
            "admin_token": SecretStr(TOKEN),
            "index_watch_seconds": 0.2,
            "rate_limit_per_minute": 100_000,
        }
    )
    build(build_options(mine), encoder=encoder)
    with running_server(create_app(mine, holder=IndexHolder(mine, encoder=encoder))) as url:
        deadline = time.monotonic() + 30
        while httpx.get(f"{url}/readyz").status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        yield url, mine


class Hammer:
    """Threads that ask /chat until stopped, counting status codes and the answers' pass marks."""

    def __init__(self, url: str, threads: int = 4) -> None:
        self.url, self.codes, self.answers = url, Counter[int](), Counter[str]()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run) for _ in range(threads)]

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as client:
            while not self.stop.is_set():
                r = client.post("/chat", json={"message": "What is the passing score for the exams?"})
                self.codes[r.status_code] += 1
                if r.status_code == 200:
                    self.answers["95%" if "95%" in r.json()["answer"] else "70%"] += 1

    def __enter__(self) -> Hammer:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join()


def edit_pass_mark(corpus: Path) -> None:
    faq = corpus / "faq-general.md"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace("70% or higher", "95% or higher"), encoding="utf-8"
    )


def test_admin_reindex_under_load(server: tuple[str, Settings]) -> None:
    url, settings = server
    edit_pass_mark(settings.corpus_dir)
    with Hammer(url) as hammer:
        time.sleep(0.5)
        # The rebuild fits the query adapter on every tuning question (3,169); in this process,
        # beside four threads asking questions, it took 60-70 s on two cores, against 12 s with the
        # 1,200 questions before the learner-voice sets. How long a rebuild takes is for a benchmark
        # to say, not a test: this waits for it.
        r = httpx.post(f"{url}/admin/reindex", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300)
        assert r.status_code == 200, r.text
        time.sleep(0.5)
    assert set(hammer.codes) == {200}, hammer.codes
    assert sum(hammer.codes.values()) >= 20
    assert hammer.answers["70%"] > 0 and hammer.answers["95%"] > 0  # old answers, then new ones
    assert "95%" in httpx.post(f"{url}/chat", json={"message": "pass mark?"}).json()["answer"]


def test_ingest_from_another_process_is_picked_up(server: tuple[str, Settings]) -> None:
    url, settings = server
    before = httpx.get(f"{url}/readyz").json()["build_id"]
    edit_pass_mark(settings.corpus_dir)
    env = {
        **os.environ,
        "TUTOR_CORPUS_DIR": str(settings.corpus_dir),
        "TUTOR_INDEX_DIR": str(settings.index_dir),
        "TUTOR_CACHE_DIR": str(settings.cache_dir),
    }
    with Hammer(url) as hammer:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "ingest"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=settings.index_dir.parent,
        )
        assert done.returncode == 0, done.stderr
        deadline = time.monotonic() + 30
        while httpx.get(f"{url}/readyz").json()["build_id"] == before:
            assert time.monotonic() < deadline, "the server did not pick up the new index"
            time.sleep(0.1)
        time.sleep(0.3)
    assert set(hammer.codes) == {200}, hammer.codes
    assert hammer.answers["95%"] > 0
    assert "95%" in httpx.post(f"{url}/chat", json={"message": "pass mark?"}).json()["answer"]
