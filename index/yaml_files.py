"""YAML data files, parsed by libyaml where PyYAML has it.

Every serving process reads its lexicon, tuning, intents and replies as it starts: PyYAML's
pure-Python parser took about 40 ms of a worker's start for them, libyaml's about 4 ms, with the
same data from every YAML file in the repository (bench/README.md, "Start-up").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """The data of a YAML document (safe types only)."""
    return yaml.load(text, Loader=LOADER)  # a safe loader, libyaml's or PyYAML's


def read_yaml(path: Path) -> Any:
    """The data of a UTF-8 YAML file (safe types only)."""
    return parse_yaml(path.read_text(encoding="utf-8"))
