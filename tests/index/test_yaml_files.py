"""YAML data files: libyaml's parser where PyYAML has it, with the same data as PyYAML's own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from index.yaml_files import LOADER, parse_yaml, read_yaml
from tests.conftest import ROOT

DATA_FILES = sorted(
    path
    for folder in ("bot", "index", "ingest", "evals", "corpus")
    for path in (ROOT / folder).rglob("*.yaml")
)


def test_libyaml_parses_where_pyyaml_has_it() -> None:
    assert yaml.__with_libyaml__, "this environment's PyYAML was built without libyaml"
    assert LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_data_file_reads_as_pyyaml_reads_it(path: Path) -> None:
    assert read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_only_safe_types_are_built() -> None:
    with pytest.raises(yaml.constructor.ConstructorError):
        parse_yaml("!!python/object/apply:os.system ['true']")
