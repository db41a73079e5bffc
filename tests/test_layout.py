"""The house is what the README's "How it fits together" says: the layers exist, modules stay small,
imports run one way (no circle), surfaces reach the answering core only through bot.conversations,
and the index format depends on nothing above it.

Imports are read from the source with `ast`, not by importing. For circles only module-level
imports count (an import inside a function runs later, once every module is loaded; one under
`if TYPE_CHECKING:` never runs); the surface and index rules count every import, wherever it is.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "index", "ingest", "evals")
MAX_LINES = 300
# Modules over the limit that a branch is splitting. The test fails when one of these is back under
# the limit or gone, so the entry is removed as soon as the split lands.
BEING_SPLIT: set[str] = set()
SURFACES = ("bot.api", "bot.web", "bot.slack", "bot.mcp", "bot.cli", "bot.tutor_cli", "bot.mcp_cli")
LAYERS = (
    "index/__init__.py",
    "index/chunk.py",
    "index/artifact.py",
    "index/keywords.py",
    "bot/answer/__init__.py",
    "bot/answer/query.py",
    "bot/answer/answerer.py",
    "bot/answer/plans/__init__.py",
    "bot/answer/tuning.yaml",
    "bot/answer/calibration.yaml",
    "bot/practice/__init__.py",
    "bot/practice/grading.yaml",
    "bot/conversations.py",
    "bot/runtime.py",
    "bot/mcp/server.py",
)


def modules(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> dict[str, Path]:
    """Every module of the packages by dotted name (a package by its own name)."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _module_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements that run on import: the module body and its if/try/with blocks, but not the
    functions and classes defined there, nor `if TYPE_CHECKING:` blocks."""
    for node in body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from _module_level(node.orelse)
            continue
        yield node
        if isinstance(node, ast.If | ast.With):
            yield from _module_level(node.body)
            yield from _module_level(getattr(node, "orelse", []))
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _module_level(block)


def imports(name: str, path: Path, known: dict[str, Path], module_level: bool) -> set[str]:
    """The known modules that a module imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = _module_level(tree.body) if module_level else ast.walk(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from bot.answer import query` imports the module bot.answer.query.
            targets.update(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names)
    found = set()
    for target in targets:
        parts = target.split(".")
        owner = next(
            (".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in known), None
        )
        if owner is not None and owner != name:
            found.add(owner)
    return found


def graph(known: dict[str, Path], module_level: bool) -> dict[str, set[str]]:
    return {name: imports(name, path, known, module_level) for name, path in known.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle once, as the path that closes it (depth-first search)."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                loop = [*path[path.index(nxt) :], nxt]
                if frozenset(loop) not in seen:
                    seen.add(frozenset(loop))
                    found.append(loop)
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def breaches(edges: dict[str, set[str]], sources: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    """`source -> target` for each import from a module under `sources` into one under `forbidden`."""

    def under(name: str, prefixes: tuple[str, ...]) -> bool:
        return any(name == p or name.startswith(p + ".") for p in prefixes)

    return sorted(
        f"{source} -> {target}"
        for source, targets in edges.items()
        if under(source, sources)
        for target in targets
        if under(target, forbidden)
    )


@pytest.fixture(scope="module")
def known() -> dict[str, Path]:
    return modules()


@pytest.mark.parametrize("path", LAYERS)
def test_the_layers_exist(path: str) -> None:
    assert (ROOT / path).is_file(), f"{path} is missing"


def test_no_module_is_over_the_line_limit(known: dict[str, Path]) -> None:
    sizes = {
        p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in known.values()
    }
    too_long = {path: n for path, n in sizes.items() if n > MAX_LINES and path not in BEING_SPLIT}
    assert not too_long, f"over {MAX_LINES} lines, split by what each part does: {too_long}"
    done = sorted(path for path in BEING_SPLIT if sizes.get(path, 0) <= MAX_LINES)
    assert not done, f"split already (or gone): remove from BEING_SPLIT: {done}"


def test_no_import_circle(known: dict[str, Path]) -> None:
    found = circles(graph(known, module_level=True))
    assert not found, "import circles: " + "; ".join(" -> ".join(c) for c in found)


def test_surfaces_reach_the_answering_core_only_through_conversations(known: dict[str, Path]) -> None:
    found = breaches(graph(known, module_level=False), SURFACES, ("bot.answer",))
    assert not found, f"surfaces importing the answering core (go through bot.conversations): {found}"


def test_surfaces_reach_tutor_mode_only_through_its_front_door(known: dict[str, Path]) -> None:
    inner = tuple(name for name in known if name.startswith("bot.practice."))
    assert inner, "bot/practice/ has no modules behind its front door"
    found = breaches(graph(known, module_level=False), SURFACES, inner)
    assert not found, f"surfaces importing tutor mode's insides (go through bot.practice): {found}"


def test_the_index_format_imports_nothing_above_it(known: dict[str, Path]) -> None:
    found = breaches(graph(known, module_level=False), ("index",), ("ingest", "bot", "evals"))
    assert not found, f"the index format importing its writer or readers: {found}"


def test_the_checks_catch_what_they_are_for(tmp_path: Path) -> None:
    """On a small tree that breaks every rule, each check finds its breach."""
    files = {
        "bot/__init__.py": "",
        "bot/api/__init__.py": "",
        "bot/api/routes.py": "def handler():\n    from bot.answer.engine import answer\n",
        "bot/answer/__init__.py": "",
        "bot/answer/engine.py": "from bot.answer import rules\n",
        "bot/answer/rules.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import bot.api.routes\n"
        "from .engine import answer\n",
        "index/__init__.py": "",
        "index/chunk.py": "import ingest.chunker\n",
        "ingest/__init__.py": "",
        "ingest/chunker.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    small = modules(tmp_path, ("bot", "index", "ingest"))
    assert circles(graph(small, module_level=True)) == [
        ["bot.answer.engine", "bot.answer.rules", "bot.answer.engine"]
    ]  # the TYPE_CHECKING import of bot.api.routes is not a circle
    everything = graph(small, module_level=False)
    assert breaches(everything, SURFACES, ("bot.answer",)) == ["bot.api.routes -> bot.answer.engine"]
    assert breaches(everything, ("index",), ("ingest", "bot")) == ["index.chunk -> ingest.chunker"]
