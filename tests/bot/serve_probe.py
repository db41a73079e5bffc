"""`tutor serve` in a process of its own, asked one question over HTTP, reporting what it imported.

    python -m tests.bot.serve_probe PORT REPORT [--serve-extra-only]

With --serve-extra-only, a module of any installed distribution outside the serve extra's requirements
cannot be imported, as in the runtime image, which installs that extra alone (and encodes with the
model's export folder, TUTOR_EMBEDDING_MODEL, as the image does). The report (JSON) holds
the answer, the modules loaded while serving it, and the imports that were refused.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import os
import signal
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from types import ModuleType

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = "mlops-tutor"


def extra_closure(project: str, extra: str) -> set[str]:
    """The distributions `pip install project[extra]` installs, from the installed metadata."""
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(project, frozenset({extra}))]
    while todo:
        name, extras = todo.pop()
        if (canonicalize_name(name), extras) in seen:
            continue
        seen.add((canonicalize_name(name), extras))
        for line in metadata.distribution(name).requires or []:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is None or any(marker.evaluate({"extra": e}) for e in extras | {""}):
                todo.append((requirement.name, frozenset(requirement.extras)))
    return {name for name, _ in seen}


class OnlyInstalledWith(importlib.abc.MetaPathFinder):
    """Refuses the modules of installed distributions outside `allowed`, as if they were not installed."""

    def __init__(self, allowed: set[str]) -> None:
        self._owners = metadata.packages_distributions()
        self._allowed = allowed
        self.refused: set[str] = set()

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        top = fullname.partition(".")[0]
        owners = {canonicalize_name(d) for d in self._owners.get(top, [])}
        if owners and not owners & self._allowed:
            self.refused.add(top)
            # A spec whose loading fails, rather than raising here: importing the module fails as if
            # it were not installed, while a library that only probes for an optional package with
            # importlib.util.find_spec (python-json-logger looks for orjson) is not stopped by it.
            return importlib.machinery.ModuleSpec(fullname, _Refused())
        return None


class _Refused(importlib.abc.Loader):
    """Fails to load a module from outside the serve extra, as an import of a missing package does."""

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        raise ModuleNotFoundError(f"No module named {spec.name!r} (outside the serve extra)", name=spec.name)

    def exec_module(self, module: ModuleType) -> None:  # never reached: create_module raised
        raise ModuleNotFoundError(module.__name__)


def _ask_then_stop(port: int, report: Path, finder: OnlyInstalledWith | None) -> None:
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{base}/readyz", timeout=5).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
    request = urllib.request.Request(
        f"{base}/chat",
        data=json.dumps({"message": "What is the passing score?"}).encode(),
        headers={"content-type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())["answer"]
    except OSError as exc:
        answer = f"no answer: {exc}"
    loaded = sorted(sys.modules)
    refused = sorted(finder.refused) if finder else []
    report.write_text(json.dumps({"answer": answer, "modules": loaded, "refused": refused}), encoding="utf-8")
    os.kill(os.getpid(), signal.SIGINT)  # uvicorn's own graceful stop


def main(argv: list[str]) -> None:
    port, report = int(argv[0]), Path(argv[1])
    finder = None
    if "--serve-extra-only" in argv:
        finder = OnlyInstalledWith(extra_closure(PROJECT, "serve") | {PROJECT})
        sys.meta_path.insert(0, finder)
    threading.Thread(target=_ask_then_stop, args=(port, report, finder), daemon=True).start()
    from bot.cli import app

    app(["serve", "--port", str(port)])


if __name__ == "__main__":
    main(sys.argv[1:])
