"""Table rows as text: the row chunk's own rendering, and the sentence an answer may quote."""

from __future__ import annotations

import re
from collections.abc import Sequence

_SLOT = re.compile(r"\{([^{}:]+)(?::(a))?\}")
# Acronyms whose first letter is spoken with a vowel sound take "an": an SRE, an ML engineer.
_VOWEL_SOUND_LETTERS = set("AEFHILMNORSX")


def indefinite_article(phrase: str) -> str:
    """'a' or 'an' for a phrase, reading acronyms letter by letter."""
    word = phrase.split()[0] if phrase.split() else phrase
    letters = re.sub(r"[^A-Za-z]", "", word)
    if not letters:
        return "a"
    if len(letters) > 1 and letters.isupper():
        return "an" if letters[0] in _VOWEL_SOUND_LETTERS else "a"
    return "an" if letters[0].lower() in "aeiou" else "a"


def row_text(caption: str, header: Sequence[str], cells: Sequence[str]) -> str:
    """The chunk text of a row: caption, then 'Column: value' pairs, so every cell keeps its meaning."""
    pairs = " | ".join(f"{h}: {c}" for h, c in zip(header, cells, strict=True))
    return f"{caption}\n{pairs}"


def row_sentence(template: str | None, header: Sequence[str], cells: Sequence[str]) -> str:
    """A sentence built only from the row's own cells and the table's template.

    `{Column}` inserts a cell; `{Column:a}` inserts it with its indefinite article.
    Without a template, the row reads "Column: value; Column: value."
    """
    values = dict(zip(header, cells, strict=True))
    if not template:
        return "; ".join(f"{h}: {c}" for h, c in values.items()) + "."

    def fill(m: re.Match[str]) -> str:
        name, article = m.group(1), m.group(2)
        if name not in values:
            raise KeyError(name)
        value = values[name]
        return f"{indefinite_article(value)} {value}" if article else value

    return _SLOT.sub(fill, template)


def template_columns(template: str) -> list[str]:
    """The column names a template refers to, for validation against the table's header."""
    return [m.group(1) for m in _SLOT.finditer(template)]
