"""Check that everyday-words questions share at most one content word with their expected passage.

The rule is the one in evals/dataset/README.md ("The everyday-words overlap rule"): lowercase,
split into `[a-z0-9]+` tokens, drop the NLTK English stopwords, compare Snowball English stems.
The passage side is each expected chunk's full breadcrumb plus its text (the union when `expected`
is a list). It also checks that the `# shared:` comment on each question's line records those stems.

    .venv/bin/python -m evals.check_overlap [evals/tuning_everyday.yaml] [index/]

Prints one line per violation and exits 1 if there is any.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import Stemmer
import yaml

from index.artifact import CURRENT, read_chunks
from index.chunk import Chunk

DEFAULT_SET = Path(__file__).parent / "tuning_everyday.yaml"
MAX_SHARED = 1
_TOKEN = re.compile(r"[a-z0-9]+")
_COMMENT = re.compile(r"#\s*shared:\s*(.*)$")
# NLTK's English stopword list (179 words), hard-coded so the check needs no corpus download.
NLTK_STOPWORDS = frozenset(
    """i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
    yourselves he him his himself she she's her hers herself it it's its itself they them their theirs
    themselves what which who whom this that that'll these those am is are was were be been being have
    has had having do does did doing a an the and but if or because as until while of at by for with
    about against between into through during before after above below to from up down in out on off
    over under again further then once here there when where why how all any both each few more most
    other some such no nor not only own same so than too very s t can will just don don't should
    should've now d ll m o re ve y ain aren aren't couldn couldn't didn didn't doesn doesn't hadn
    hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't mustn mustn't needn needn't shan
    shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn wouldn't""".split()
)
_STEMMER = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Verdict:
    """One question's shared stems, and what is wrong with it (empty when nothing)."""

    question: str
    shared: frozenset[str]
    problems: tuple[str, ...]


def content_stems(text: str) -> frozenset[str]:
    """The Snowball stems of a text's non-stopword `[a-z0-9]+` tokens."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in NLTK_STOPWORDS]
    return frozenset(_STEMMER.stemWords(words))


def passage_stems(chunks: list[Chunk], expected: str | list[str]) -> frozenset[str]:
    """The stems of every chunk whose id starts with an expected prefix; KeyError if one matches none."""
    stems: set[str] = set()
    for prefix in [expected] if isinstance(expected, str) else expected:
        matched = [c for c in chunks if c.id.startswith(prefix)]
        if not matched:
            raise KeyError(prefix)
        for chunk in matched:
            stems |= content_stems(" ".join(chunk.breadcrumb) + "\n" + chunk.text)
    return frozenset(stems)


def recorded_shared(raw: str) -> dict[str, frozenset[str]]:
    """The `# shared:` comment of each one-line question entry, keyed by its question."""
    recorded: dict[str, frozenset[str]] = {}
    for line in raw.splitlines():
        comment = _COMMENT.search(line)
        if not line.lstrip().startswith("- {") or comment is None:
            continue
        entry = yaml.safe_load(line[: comment.start()].strip()[1:])
        words = comment.group(1).replace(",", " ").split()
        recorded[entry["q"]] = frozenset(w for w in words if w != "none")
    return recorded


def check(set_file: Path, chunks: list[Chunk]) -> list[Verdict]:
    """Every in-scope question's verdict."""
    raw = set_file.read_text(encoding="utf-8")
    recorded = recorded_shared(raw)
    verdicts = []
    for case in yaml.safe_load(raw)["in_scope"]:
        question, expected = case["q"], case["expected"]
        try:
            shared = content_stems(question) & passage_stems(chunks, expected)
        except KeyError as exc:
            verdicts.append(Verdict(question, frozenset(), (f"no chunk id starts with {exc}",)))
            continue
        problems = []
        if len(shared) > MAX_SHARED:
            problems.append(f"shares {len(shared)} words")
        if recorded.get(question) != shared:
            problems.append(f"comment records {sorted(recorded.get(question, ['(missing)']))}")
        verdicts.append(Verdict(question, shared, tuple(problems)))
    return verdicts


def main(argv: list[str]) -> int:
    set_file = Path(argv[0]) if argv else DEFAULT_SET
    index_dir = Path(argv[1]) if len(argv) > 1 else Path("index")
    verdicts = check(set_file, read_chunks((index_dir / CURRENT).resolve()))
    bad = [v for v in verdicts if v.problems]
    for v in bad:
        sys.stdout.write(f"{'; '.join(v.problems)}: {sorted(v.shared)} in {v.question!r}\n")
    counts = sorted(Counter(len(v.shared) for v in verdicts).items())
    shared = ", ".join(f"{n} share {words}" for words, n in counts)
    sys.stdout.write(f"{len(verdicts)} questions, {len(bad)} violations; {shared}\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
