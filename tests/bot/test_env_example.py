""".env.example lists every setting of bot/config.py, under the name it is read from, with its true default."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bot.config import Settings

EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"
LINE = re.compile(r"^#? ?([A-Z][A-Z0-9_]+)=(.*)$")


def env_name(field: str) -> str:
    """The variable a setting is read from: Slack's own name where it has one, else TUTOR_<FIELD>."""
    alias = Settings.model_fields[field].validation_alias
    choices = getattr(alias, "choices", None)
    return str(choices[0]) if choices else f"TUTOR_{field.upper()}"


def listed() -> dict[str, str]:
    found = (LINE.match(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines())
    return {m.group(1): m.group(2) for m in found if m}


def test_every_setting_is_listed_and_nothing_else() -> None:
    expected = {env_name(field) for field in Settings.model_fields}
    assert expected - listed().keys() == set(), "settings missing from .env.example"
    assert listed().keys() - expected == set(), ".env.example lists settings that do not exist"


def test_the_listed_values_are_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("TUTOR_", "SLACK_")):
            monkeypatch.delenv(name)
    env = tmp_path / ".env"
    env.write_text("".join(f"{k}={v}\n" for k, v in listed().items() if v), encoding="utf-8")
    from_example = Settings(_env_file=env)  # type: ignore[call-arg]
    assert from_example.model_dump() == Settings(_env_file=None).model_dump()  # type: ignore[call-arg]
