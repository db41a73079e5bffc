"""The index: two builders racing, a stale corpus snapshot, a corrupted views.npy, stale temp folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import numpy as np

from scripts.attack.report import Row
from scripts.attack.server import ADMIN_TOKEN, ROOT, base_env, clean_env, copy_index, serving

DELETED = "final-thoughts.md"  # the file the learners' content is deleted from


def _published(index: Path) -> dict[str, object]:
    manifest: dict[str, object] = json.loads((index / "current" / "manifest.json").read_text())
    return manifest


def _ingest(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "bot", "ingest"], env={**clean_env(), **env}, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip


def builders(work: Path) -> list[Row]:
    """`tutor ingest` (slow: a cold cache) and /admin/reindex at once, with a corpus file deleted between
    their reads; then `tutor ingest` from a copy of the corpus taken before the deletion."""
    place = work / "builders"
    shutil.rmtree(place, ignore_errors=True)
    place.mkdir()
    corpus = place / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    stale = place / "stale-corpus"
    subprocess.run(["cp", "-a", str(corpus), str(stale)], check=True)  # keeps the files' times
    index = copy_index(place)
    leftover = index / "builds" / ".tmp-killed-build"
    leftover.mkdir()
    env = base_env(place, index, TUTOR_CORPUS_DIR=str(corpus))
    rows = []
    with serving("builders", place, env) as server:
        slow = _ingest({**env, "TUTOR_CACHE_DIR": str(place / "cold-cache")})
        time.sleep(6)  # it has read the corpus and is exporting the model
        time.sleep(1.1)
        (corpus / DELETED).unlink()
        statuses = []
        with httpx.Client(base_url=server.url, timeout=120) as client:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                r = client.post("/admin/reindex", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
                statuses.append(r.status_code)
                if r.status_code != 409:
                    break
                time.sleep(1)
        output, _ = slow.communicate(timeout=300)
        files = _published(index)["files"]
        served_deleted = DELETED in files  # type: ignore[operator]
        rows.append(Row("two builders (ingest + /admin/reindex)", len(statuses) + 1, int(served_deleted),
                        f"reindex statuses {statuses}; ingest exit {slow.returncode}; "
                        f"published build {'still has' if served_deleted else 'lacks'} the deleted file"))  # fmt: skip
        rows.append(Row("stale temp build folder", 1, int(leftover.exists()),
                        "left in place" if leftover.exists() else "removed at the next build"))  # fmt: skip
        before = _published(index)["build_id"]
        old = _ingest({**env, "TUTOR_CORPUS_DIR": str(stale)})
        output, _ = old.communicate(timeout=300)
        after = _published(index)
        regressed = DELETED in after["files"]  # type: ignore[operator]
        said = next((line.strip() for line in output.splitlines() if "refus" in line.lower()), "")
        rows.append(Row("stale corpus snapshot published", 1, int(regressed),
                        f"ingest exit {old.returncode}; published {'changed' if after['build_id'] != before else 'kept'}"
                        + (f"; said: {said[:150]}" if said else "")))  # fmt: skip
    return rows


def corrupted_views(work: Path) -> Row:
    """A build whose views.npy is well-formed but points at chunks that do not exist, published live."""
    place = work / "corrupted"
    shutil.rmtree(place, ignore_errors=True)
    place.mkdir()
    index = copy_index(place)
    with serving("corrupted", place, base_env(place, index)) as server:
        good = (index / "current").resolve()
        bad_id = f"{good.name}-corrupt-{uuid.uuid4().hex[:4]}"
        bad = index / "builds" / bad_id
        shutil.copytree(good, bad)
        views = np.load(bad / "views.npy")
        np.save(bad / "views.npy", (views + 10_000).astype(views.dtype))
        manifest = json.loads((bad / "manifest.json").read_text())
        manifest["build_id"] = bad_id
        (bad / "manifest.json").write_text(json.dumps(manifest))
        link = index / f".current-{bad_id}"
        os.symlink(Path("builds") / bad_id, link)
        os.replace(link, index / "current")
        time.sleep(12)
        with httpx.Client(base_url=server.url, timeout=30) as client:
            statuses = [client.post("/chat", json={"message": f"What is the passing score? {i}"}).status_code
                        for i in range(50)]  # fmt: skip
            ready = client.get("/readyz")
        attempts = sum(
            1 for line in server.log.read_text().splitlines() if bad_id in line and '"ERROR"' in line
        )
    errors = sum(1 for s in statuses if s >= 500)
    in_service = ready.json().get("build_id") == bad_id
    note = (f"/chat statuses {sorted(set(statuses))}; /readyz {ready.status_code} "
            f"{'serves the corrupt build' if in_service else 'kept the good build'}: {ready.text[:160]}; "
            f"tries of the bad build in 12 s: {attempts}")  # fmt: skip
    return Row("corrupted views.npy published", len(statuses) + 1, errors + int(in_service), note)
