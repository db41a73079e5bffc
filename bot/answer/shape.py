"""The shape of a question: how many asks it holds, what it compares, lists, picks or orders.

Read from the grammar of questions alone (question words, connectives, comparison and ordinal words), never from the
curriculum's wording: the planner matches what the shape names (subjects, a kind, an anchor row) against the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answer.asks import ASK, named_description, split_spans
from bot.answer.comparison import compared, noun_phrase, without_compound_modifiers
from bot.answer.order import ROW_NUMBER, TABLE_NOUN, Order, read_order
from bot.answer.spelling import as_written
from index.keywords import normalize, tokenize

# A question that asks how things differ, or asks something of each, without naming them.
_POINTS_AT_BOTH = re.compile(
    r"\b(?:differ\w*|different|difference\w*|compare\w*|each|both|either|they|them|which one|which of)\b"
)
# A piece that points back at a comparison ("SRE path vs DevOps path, which one…?") is part of it.
_BACK_REFERENCE = re.compile(
    r"^(?:which(?: one)?|what(?:'s| is) the difference|how do they|how are they|what does each|what do they"
    # "Foundation or Professional for me? who is each one aimed at": an ask of each of them
    r"|(?:who|what|how|where|when)\b[^?]*\b(?:each|both)\b)"
)

_LISTING = (  # asking for every thing of a kind
    # (the kind is a noun phrase: not "what should she know before the entry level - are there…")
    re.compile(
        r"\b(?:what|which) (?:kinds? of |types? of |sorts? of )?"
        r"(?P<k>(?!(?:should|would|could|can|do|does|did|is|are|was|were|will|must|might|may)\b)"
        r"(?:(?!\s-\s)[\w\s/-])+?)"
        r" (?:are there|exist|are available|are offered|do (?:you|they) (?:have|offer))\b"
    ),
    # "which providers does the curriculum list?": the kind, and a verb of having that ends the ask
    # with nothing to narrow it by ("…list for beginners?" picks, so it stays a "which")
    re.compile(
        r"\b(?:what|which) (?P<k>[\w\s/-]+?) (?:does|do) (?:the (?:curriculum|roadmap|program|programme|course"
        r"|article|guide|certification)|it|you|they) (?:list|mention|include|have|offer|name|provide|cover)"
        r"(?=\s*(?:[?.!]|$))"
    ),
    # a request, at the start of an ask: "list the levels", "can you name all the providers" (not "give me
    # the provider that big teams use": one thing, which a clause picks out)
    re.compile(
        r"(?:^|[.?!;]\s+)(?:please |pls |can you |could you |quickly )?(?:list|name|enumerate|show me|give me) (?:me )?"
        r"(?:all |every |each )?(?:of )?(?:the |your )?(?!(?:\w+ ){0,2}\w*[^s\W] (?:that|which|who)\b)(?P<k>[\w\s/-]+)"
    ),
    re.compile(r"\bwhat are (?:all|each|every one) (?:of )?(?:the )?(?P<k>[\w\s/-]+)"),
    # (a count opens with its noun, or left it unsaid: "…and how many for the foundation level?")
    re.compile(
        r"\bhow many (?!(?:for|in|at|of|on|with)\b)(?P<k>[\w\s/-]+?)"
        r"(?: (?:are there|exist|are|is|does|do|in)\b|\s*\?|$)"
    ),
    # …but "all this", "all that", "each one" point at something said: they name no kind ("not all of
    # them" asks for some).
    re.compile(
        r"(?<!\bnot )\b(?:all|every|each) (?:of )?(?:the |its |their )?(?!(?:this|that|it|one)\b)(?P<k>(?:\w+ )?\w+)"
    ),
)
# A kind is the noun phrase before its first preposition: "options" of "options after foundation".
_KIND_END = re.compile(
    r"\s+(?:after|before|for|of|in|at|from|on|across|with|to|by|about|like|that|which|who|i|you)\b.*"
)

# "Which tracks…", "what role…": the noun after the question word is the kind asked to pick from.
_WHICH = re.compile(
    rf"\bwhich (?!{ASK}\b|one\b|ones\b|i\b|you\b|of\b)(?P<k>[a-z][\w-]*(?: (?!{ASK}\b)[a-z][\w-]*){{0,4}})"
    # "what roles does the table cover?": a plural noun after "what" is a kind to pick from
    rf"|\bwhat (?P<plural>[a-z]+s) (?=(?:do|does|are|did|can|will|would|should|get|gets)\b)"
    # …and so is a singular one before a verb of being or placing ("what track is the foundation level under?")
    rf"|\bwhat (?!{ASK}\b|it\b|this\b|that\b|else\b)(?P<single>[a-z]+) (?=(?:is|sits|comes|goes|fits|suits)\b)"
    # "what is the track for junior engineers called?", "tell me what the path about X is called":
    # the name asked for is a thing of the kind described
    r"|\bwhat(?:'s| is)? (?:the|that|this) (?P<called>[a-z][\w-]*)\b[^?.]*?\b(?:is |'s )?(?:called|named)\b"
    # "is there a path about using ML for IT ops?": which thing of that kind there is
    r"|^(?:so |and |also )?(?:is|are) there (?:a|an|any) (?P<exists>[a-z][\w-]*(?: [a-z][\w-]*)?)"
)
_PRONOUN = re.compile(r"^(?:them|those|these|it|they|one|ones)$")

_NAMES_TABLE = re.compile(rf"\b{TABLE_NOUN}\b")
_TABLE_NAME = re.compile(rf"\b(?P<name>[a-z]+)\s+{TABLE_NOUN}\b")  # "the roles table"
_YES_NO = re.compile(r"^(?:is|are|was|were|does|do|did|can|could|will|would|should|has|have|may|must)\b")


@dataclass(frozen=True)
class Shape:
    """What a question asks for, as its grammar says."""

    parts: tuple[str, ...]  # the separate asks, in the order asked (one when it asks one thing)
    context: str = ""  # what the message says around its asks ("I'm an SRE with five years.")
    subjects: tuple[str, ...] = ()  # the things compared (two or more when it compares)
    aspect: str = ""  # what it asks of each compared subject ("who they are for"); "" for everything
    kind: str = ""  # the kind of thing it asks to list or pick ("learning paths", "tracks")
    listing: bool = False  # asks for every thing of that kind
    which: bool = False  # asks to pick the things of that kind that have a property
    order: Order | None = None
    yes_no: bool = False
    # It names a table ("in the chart", "the roles grid") or counts rows ("row two"): a position is a row's.
    names_table: bool = False
    table_name: str = ""  # the word it calls that table by ("roles" of "the roles table")

    @property
    def asks_a_row(self) -> bool:
        """A position in a table it calls by a noun for one: "chart row two", "the last entry"."""
        return self.names_table and self.order is not None

    @property
    def several(self) -> bool:
        return len(self.parts) > 1

    @property
    def compares(self) -> bool:
        return len(self.subjects) > 1


def joined_back(text: str, written: str | None = None) -> tuple[tuple[str, ...], str]:
    """The asks and context of a message, with a piece that points back at the comparison
    before it ("…, which one…?") joined to it. Cut from `text` (typos repaired), the asks are
    given in the words `written` by the learner when that is given."""
    spans, context = split_spans(text)
    out: list[tuple[int, int]] = []
    for a, b in spans:
        piece = text[a:b]
        if out and _BACK_REFERENCE.match(normalize(piece)) and compared(text[out[-1][0] : b])[0]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    source = text
    if written is not None and written != text:
        moved = as_written(text, written)
        if moved is not None:
            out, source = [(moved(a), moved(b)) for a, b in out], written
    return tuple(source[a:b] for a, b in out), context


def read_shape(text: str, whole: bool = True, told: str = "", written: str | None = None) -> Shape:
    """The shape of a learner's question; `whole` false for a reading that is not the learner's
    own words (a follow-up with the earlier topic's words added): one ask, compared or not.

    `told` is what the learner said around the question: "I can't decide between the DataOps
    path and the MLOps path. How do they differ?" compares what the context names. The asks are
    cut from the question as `written` (before typo repair): they are the learner's own words.
    """
    parts, context = joined_back(text, written) if whole else ((written or text,), "")
    norm = normalize(text).strip()
    subjects, aspect = compared(text) if len(parts) == 1 and whole else ((), "")
    if told and whole and len(parts) == 1 and not subjects and _POINTS_AT_BOTH.search(norm):
        subjects, aspect = compared(f"{told} {text}")
    kind, listing = "", False
    # "Which providers does it list? Please give me all of them.": the request may be told apart
    # from the question, in the context.
    for said in (norm, normalize(told).strip() if told and whole else ""):
        m = next((m for pattern in _LISTING if (m := pattern.search(said))), None)
        if m and (said is norm or _PRONOUN.match(noun_phrase(m.group("k")))):
            kind, listing = _KIND_END.sub("", noun_phrase(m.group("k"))), True
            break
    which = False
    m = _WHICH.search(norm) if not listing or _PRONOUN.match(kind) else None
    picked = next(g for g in m.group("k", "plural", "single", "called", "exists") if g) if m else ""
    picked = picked or ("" if listing else named_description(norm))  # "the path about…, what's it called?"
    if picked and not listing:
        # the noun phrase, up to its first preposition ("cert for platform engineers": a cert)
        kind, which = without_compound_modifiers(_KIND_END.sub("", picked)), True
    elif picked:  # "…which providers…? Please give me all of them."
        kind = picked
    return Shape(
        parts=parts,
        context=context,
        subjects=subjects,
        aspect=aspect,
        kind=kind,
        listing=listing,
        which=which,
        order=read_order(norm),
        yes_no=bool(_YES_NO.match(norm)),
        names_table=bool(_NAMES_TABLE.search(norm) or ROW_NUMBER.search(norm)),
        table_name=m.group("name") if (m := _TABLE_NAME.search(norm)) and tokenize(m.group("name")) else "",
    )
