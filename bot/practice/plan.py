"""A personal learning plan from a learner's description of themselves, every line cited.

The curriculum decides everything: the roles table gives the certification for a role; the level
guides' "Who should take it" (and the FAQ's and the tracks table's audiences) give the level to start
at, with the experience they ask for; the tracks table gives the track and its recommended order;
the guides give the preparation plan and the next certifications; the learning paths and providers
give who specialises in the learner's path. What the curriculum does not determine, the plan does not
assert: an unknown role is asked back, with the table's roles as choices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.practice.profile import Reading, phrase_matches, plan_settings, read_profile, role_pattern
from bot.practice.quantities import quantities
from index.chunk import Chunk
from index.keywords import tokenize

MAX_TEXT = 2000


class InvalidProfile(ValueError):
    """The learner's text cannot be read (empty, too long)."""


@dataclass(frozen=True)
class Source:
    """A passage a plan line stands on, and the words of it that the line quotes."""

    id: str
    title: str
    section: str
    quote: str


@dataclass(frozen=True)
class PlanLine:
    topic: str  # certification, level, track, preparation, next, providers
    text: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class AskBack:
    question: str
    choices: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Plan:
    """What the curriculum determines for the learner; None where it does not."""

    role: str | None
    certification: str | None
    level: str | None  # a level guide's key: foundation, professional, manager
    level_name: str | None
    track: str | None
    lines: tuple[PlanLine, ...]
    ask: AskBack | None = None
    years: float | None = None

    @property
    def start_level(self) -> str | None:
        """Where practice starts: the plan's level."""
        return self.level


@dataclass(frozen=True)
class _Audience:
    level: str
    phrases: tuple[str, ...]  # any of these describes the learner
    requires: tuple[str, ...] = ()  # and, when given, one of these too (a table row's prerequisites)
    years: tuple[float, float] | None = None  # and this much experience, when the guide asks for it
    source: Chunk | None = None


def _source(chunk: Chunk, quote: str | None = None) -> Source:
    return Source(chunk.id, chunk.title, chunk.section, quote or chunk.text)


def _phrases(sentence: str) -> list[str]:
    """The audiences a sentence lists: "A, B, and C who have …" -> [A, B, C]."""
    listed = re.split(r"\s+(?:who|with|that)\s+", sentence.rstrip("."))[0]
    parts = re.split(r",\s*(?:and\s+|or\s+)?|\s+or\s+|\s+and\s+|\s*/\s*", listed)
    return [p.strip() for p in parts if p.strip()]


def _years(sentence: str) -> tuple[float, float] | None:
    spans = [q for q in quantities(sentence) if q.unit == "days"]
    if not spans:
        return None
    q = spans[0]
    return (q.low * q.scale / 365.0, q.high * q.scale / 365.0 if q.high != q.low else float("inf"))


class Curriculum:
    """The passages a plan is made of, found once per index build by the curriculum's own structure."""

    def __init__(self, chunks: list[Chunk]) -> None:
        settings = plan_settings()
        columns, headings = settings["columns"], settings["headings"]
        self.roles: dict[str, Chunk] = {}
        self.track_rows: list[Chunk] = []
        self.guides: dict[str, dict[str, Chunk]] = {}
        self.level_names: dict[str, str] = {}
        self.paths: dict[str, Chunk] = {}
        self.providers: dict[str, Chunk] = {}
        self.columns = columns
        faqs: list[Chunk] = []
        for chunk in chunks:
            cells = chunk.cells or {}
            if columns["role"] in cells and columns["certification"] in cells:
                self.roles[cells[columns["role"]]] = chunk
            elif columns["track"] in cells and columns["level"] in cells:
                self.track_rows.append(chunk)
            elif chunk.meta.get("level") and len(chunk.breadcrumb) > 1:
                self.guides.setdefault(chunk.meta["level"], {})[chunk.breadcrumb[-1]] = chunk
                tail = re.split(r"\s+[–—-]\s+", chunk.title)[-1]
                self.level_names[chunk.meta["level"]] = re.sub(r"\s+Level$", "", tail)
            elif chunk.meta.get("kind") == "path" and len(chunk.breadcrumb) > 1:
                self.paths[chunk.breadcrumb[-1].rsplit(" ", 1)[0]] = chunk
            elif chunk.meta.get("kind") == "providers" and len(chunk.breadcrumb) > 1:
                self.providers[chunk.breadcrumb[-1]] = chunk
            elif chunk.kind == "faq":
                faqs.append(chunk)
        self.audiences = self._audiences(headings["audience"], faqs)
        self.level_years = {a.level: a.years for a in self.audiences if a.years is not None}

    def _audiences(self, heading: str, faqs: list[Chunk]) -> list[_Audience]:
        found: list[_Audience] = []
        for level, sections in self.guides.items():
            chunk = sections.get(heading)
            for sentence in chunk.sentences if chunk else ():
                years = _years(sentence)
                phrases = tuple(p for p in _phrases(sentence) if not p.lower().startswith(("it ", "this ")))
                if phrases and not sentence.startswith(("It ", "This ")):
                    found.append(_Audience(level, phrases, years=years, source=chunk))
                elif years is not None:
                    found.append(_Audience(level, (), years=years, source=chunk))  # experience alone
        names = {name.lower(): level for level, name in self.level_names.items()}
        for faq in faqs:
            question = (faq.question or "").lower()
            asked = next((lv for name, lv in names.items() if name in question), None)
            if asked and question.startswith("who"):
                found.append(_Audience(asked, tuple(_phrases(faq.sentences[0])), source=faq))
        for row in self.track_rows:
            cells = row.cells or {}
            level = cells.get(self.columns["level"], "").lower()
            if level in self.guides:
                found.append(
                    _Audience(
                        level,
                        tuple(_phrases(cells.get(self.columns["audience"], ""))),
                        tuple(_phrases(cells.get(self.columns["prerequisites"], ""))),
                        source=row,
                    )
                )
        return found

    def track_row(self, *, level: str | None = None, name: str | None = None) -> Chunk | None:
        """The tracks-table row of a level, or of a track named in a certification ("FinOps Track")."""
        for row in self.track_rows:
            cells = row.cells or {}
            if level and cells.get(self.columns["level"], "").lower() == level:
                return row
            if name and (
                cells.get(self.columns["track"], "").lower() == name.lower()
                or name.lower() in _phrases(cells.get(self.columns["audience"], "").lower())
            ):
                return row
        return None


def _describes(phrase: str, reading: Reading, role: str | None, roles: list[str]) -> bool:
    """Whether an audience phrase describes the learner. A phrase that names a table role ("Platform
    engineers") describes exactly the learners in that role; any other phrase ("Directors of AI")
    must share most of its words with what the learner says of now."""
    named = [r for r in roles if role_pattern(r).search(phrase)]
    if named:
        return role in named
    share = float(plan_settings()["audience_match"])
    return phrase_matches(phrase, [" ".join(reading.now())], reading.wishes(), share)


def _audience_fits(audience: _Audience, reading: Reading, role: str | None, curriculum: Curriculum) -> bool:
    roles = list(curriculum.roles)
    if audience.phrases and not any(_describes(p, reading, role, roles) for p in audience.phrases):
        return False
    joined = [" ".join(reading.now())]
    if audience.requires and not any(phrase_matches(p, joined, [], 0.5) for p in audience.requires):
        return False
    if audience.years is not None and reading.years is None:
        return False  # the guide asks for experience the learner has not stated
    # The experience a level's guide asks for bounds every audience of that level.
    bounds = curriculum.level_years.get(audience.level)
    if bounds is not None and reading.years is not None and not bounds[0] <= reading.years <= bounds[1]:
        return False
    return bool(audience.phrases) or audience.years is not None


def _level(curriculum: Curriculum, reading: Reading, role: str | None) -> tuple[str | None, list[Chunk]]:
    """The level the curriculum points the learner to, and the passages that say so."""
    fits = [a for a in curriculum.audiences if _audience_fits(a, reading, role, curriculum)]
    levels = {a.level for a in fits}
    # The managerial level is for people who already lead; it wins over what their experience says.
    lead = [lv for lv in levels if not any(a.years for a in curriculum.audiences if a.level == lv)]
    chosen = lead[0] if len(lead) == 1 else (next(iter(levels)) if len(levels) == 1 else None)
    return chosen, [a.source for a in fits if a.level == chosen and a.source is not None]


def build_plan(text: str, curriculum: Curriculum) -> Plan:
    """The plan for a learner's description of themselves (InvalidProfile for an empty or long text)."""
    if not text.strip():
        raise InvalidProfile("tell me a little about yourself: your role, your experience, your goal")
    if len(text) > MAX_TEXT:
        raise InvalidProfile(f"the description is longer than {MAX_TEXT} characters")
    reading = read_profile(text, list(curriculum.roles))
    role = reading.roles[0] if reading.roles else None
    lines: list[PlanLine] = []
    cert = None
    columns = curriculum.columns
    if role is not None:
        row = curriculum.roles[role]
        cert = (row.cells or {})[columns["certification"]]
        lines.append(PlanLine("certification", row.sentences[0], (_source(row, row.sentences[0]),)))
    level, why = _level(curriculum, reading, role)
    track_row = _track(curriculum, level, cert)
    name = curriculum.level_names.get(level) if level else None
    if level is not None and name is not None:
        who = curriculum.guides[level].get(plan_settings()["headings"]["audience"])
        passages = {c.id: c for c in [*why, *([who] if who else [])]}
        sources = tuple(_source(c) for c in passages.values())
        lines.append(PlanLine("level", f"Start at the {name} level.", sources))
    if track_row is not None:
        lines.append(PlanLine("track", track_row.sentences[0], (_source(track_row, track_row.sentences[0]),)))
    if level is not None:
        headings = plan_settings()["headings"]
        for topic, heading in (("preparation", headings["preparation"]), ("next", headings["next"])):
            chunk = curriculum.guides[level].get(heading)
            if chunk is not None:
                lines.append(PlanLine(topic, f"{heading}: " + " ".join(chunk.sentences), (_source(chunk),)))
    lines.extend(_providers(curriculum, role, cert, track_row))
    ask = None
    if role is None:
        roles_table = next(iter(curriculum.roles.values()), None)
        ask = AskBack(
            "Which of these roles is closest to yours? The curriculum recommends a certification for each.",
            tuple(curriculum.roles),
            (_source(roles_table, roles_table.title),) if roles_table else (),
        )
    track = (track_row.cells or {}).get(columns["track"]) if track_row else None
    return Plan(role, cert, level, name, track, tuple(lines), ask, reading.years)


def _track(curriculum: Curriculum, level: str | None, cert: str | None) -> Chunk | None:
    """The level's row and the row of the track a certification names must agree; none if they do not."""
    by_level = curriculum.track_row(level=level) if level else None
    named = re.search(r"[–—-]\s*(\S+)\s+Track$", cert or "")
    if named is None:
        return by_level
    by_role = curriculum.track_row(name=named.group(1))
    if by_role is None:
        return None  # the certification names a track the tracks table does not have
    return by_role if by_level is None or by_level.id == by_role.id else None


def _providers(
    curriculum: Curriculum, role: str | None, cert: str | None, track_row: Chunk | None
) -> list[PlanLine]:
    """The providers that specialise in the learner's learning path, when one is determined."""
    # A certification by what sets it apart: "Certified MLOps Manager – DataOps Track" -> "DataOps Track".
    named = re.split(r"\s+[–—-]\s+", cert)[-1] if cert else None
    said = [w for w in [role, named, *((track_row.cells or {}).values() if track_row else [])] if w]
    words = " ".join(said)
    if not words:
        return []
    # The path the role names first, then the certification, then the track's row.
    path = next(
        (p for w in said for p in curriculum.paths if re.search(rf"\b{re.escape(p)}\b", w, re.I)), None
    )
    if path is None:
        # A path whose passage speaks of the role's own field ("security" for a Security Engineer).
        stems = set(tokenize(words)) - {"certifi", "mlop", "manag", "track", "engin"}
        scored = [(len(stems & set(tokenize(c.text))), p) for p, c in curriculum.paths.items()]
        best = max(scored, default=(0, ""))
        path = best[1] if best[0] and [s for s, _ in scored].count(best[0]) == 1 else None
    if path is None:
        return []
    key = re.sub(r"\W", "", path.lower())
    chosen = [c for name, c in curriculum.providers.items() if key in re.sub(r"\W", "", name.lower())]
    if not chosen:
        return []
    names = ", ".join(c.breadcrumb[-1] for c in chosen)
    path_chunk = curriculum.paths[path]
    sources = (_source(path_chunk, path_chunk.sentences[0]), *(_source(c, c.sentences[0]) for c in chosen))
    return [PlanLine("providers", f"Providers for the {path} path: {names}.", sources)]
