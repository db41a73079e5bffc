"""The asks of a learner's message: where one question ends and the next begins.

Read from the grammar of questions alone: question words, "and"/"also"/"+" between asks,
numbered lists, and the sentences around the asks that ask nothing (their context).
"""

from __future__ import annotations

import itertools
import re

from bot.answer.claims import checks, claims, is_tag, stated_claims
from bot.answer.imperatives import REQUEST, object_joins
from index.keywords import fold, normalize, tokenize

# Words that open a question or a request: after "and", "also" or a comma they start a new ask.
ASK = (
    r"(?:what|what's|whats|how|who|who's|whom|whose|which|when|where|why|is|are|was|were|does|do|did"
    r"|can|could|will|would|should|has|have|may|must|whether"
    # …and the ways of asking a tutor for something: "tell me…", "list…", "walk me through…"
    rf"|{REQUEST})"
)
# An adverb may come before the question word: "…, and roughly how long…", "honestly, is it…".
_ADVERB = r"(?:[a-z]+ly,?\s+)?"
# "foundation - what projects…, and…": a topic's name, then the asks about it. The name is short
# ("foundation", "the SRE path"), perhaps after a preposition ("for the professional level — what…");
# a sentence before a dash ("I'm new to all this — how is…") is the context of the ask after it.
_DASH = r"\s+[-\u2013\u2014]+\s+"  # a dash between words, as learners type it
_TOPIC_DASH = re.compile(
    rf"^(?:(?:for|about|on|at|re|regarding|with)\s+)?(?:\S+\s+){{0,2}}\S+(?P<join>{_DASH})(?={ASK}\b)"
)
_SENTENCE_ADVERB = re.compile(r"[a-z]+ly", re.IGNORECASE)
_DASH_ASK = re.compile(rf"{_DASH}(?={_ADVERB}{ASK}\b)")
_CONNECTIVE = re.compile(r"(?:\d[).]\s*|and\s+|also\s+|plus\s+|as well as\s+)+", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*\d[).]\s")
_LISTED = re.compile(r"\s\+\s|(?:^|\s)\d[).]\s.*\s\d[).]\s")
_SENTENCE = re.compile(r"(?<=[?!.])\s+")
_WH = re.compile(r"\b(?:what|whats|which|who|whom|whose|how|where|when|why)\b")
# (a discourse marker may come first: "oh and what…", "btw, is…")
_MARKER = r"(?:oh|btw|by the way|anyway)\b,?"
_OPENER = rf"^\s*(?:(?:{_MARKER}\s*)?(?:and also|and|also|plus|so|ok(?:ay)?|then)\b,?\s+|{_MARKER}\s+)?"
_STARTS_ASK = re.compile(rf"{_OPENER}{_ADVERB}{ASK}\b")
_LEADING_OPENER = re.compile(_OPENER, re.IGNORECASE)
# "and if I go straight to the pro level, what do I need to know going in": a condition, then the
# ask it leads to; a sentence that asks, with its question mark left off or not.
_CONDITIONED_ASK = re.compile(rf"{_OPENER}(?:if|when|once)\b[^,;?.]*,\s*{_ADVERB}{ASK}\b")
# "I'd love to know the classic mistakes…", "…; not sure how often they revise it": a question put as
# a statement of what the learner wants to know or cannot tell (English's indirect questions).
_INDIRECT_ASK = re.compile(
    r"\b(?:like|love|want|need|wanna)\s+to\s+(?:know|find\s+out|check|confirm|hear)\b"
    r"|\b(?:not\s+(?:sure|certain|clear)|unsure|uncertain|wonder|wondering|curious|no\s+idea|can\s*n?o?'?t\s+tell"
    r"|don'?t\s+know|do\s+not\s+know|dunno|confused)\s+(?:about\s+|as\s+to\s+)?"
    r"(?:whether|if|how|what|which|who|whom|whose|when|where|why)\b"
    # a claim the learner doubts asks whether it holds: "my friend said…, which I doubt"
    r"|\b(?:which|but)\s+i\s+doubt\b|\bi\s+doubt\s+(?:it|that|this|whether|if)\b"
)
# "…focuses on what": a clause that ends in its question word asks (a question word left in place)
_IN_SITU_END = r"\b(?:what|who|which|where|when)\s*[?!.]*$"
_IN_SITU = re.compile(_IN_SITU_END)
# "After the managerial level what's the next cert, and…": a phrase of time or topic fronted before
# the question word is part of the ask, not a lead-in to the next one. ("which", "who", "where"
# and "when" are left out: after a noun they open a relative clause, "for someone who…".)
_FRONTED_ASK = re.compile(
    r"^(?:after|before|for|at|in|on|about|regarding|once|during|beyond)\b[^,;?]*?\b(?:what|what's|whats|how)\b"
)
# A request whose first thing asked for follows its article or question word (bot/answer/imperatives.py)
_REQUESTED = re.compile(
    rf"^{_OPENER}(?:please |pls |can you |could you )?{REQUEST}"
    r"(?: (?:about|of|on|through))? (?:the|its|their|all the|what|how|who)\s"
)
# Where one ask ends and the next begins inside a sentence: "…, and how long…", "…; also what…".
_JOIN = re.compile(
    rf"(?:\s*[,;]\s*(?:and |also |plus |and also )?|\s+(?:and|also|plus|and also)\s+)(?={_ADVERB}{ASK}\b)"
    # "…, and if I drop out can I…": a condition that leads to an ask of its own
    rf"|\s*,\s*and (?:also )?(?=(?:if|when|once)\b[^,?]*\b{ASK}\b)"
    # "…, and also at the managerial level?", "…, and then after professional?": the same ask of
    # something else (read as a follow-up)
    r"|\s*,\s*and (?:also|then) (?=(?:at|for|in|about|on|with|after|before)\b)"
    r"|\s*,\s*and (?=(?:at|for|in|about|on|with|after|before) the\b)"
    # "…, and the top one?": the same ask of another thing of the kind, by "one"
    r"|\s*,\s*and (?=(?:the|that) (?:[\w-]+ ){1,2}one\W*$)"
    # "For the managerial level: what will I learn there, and…": a lead-in, then the asks it leads into
    rf"|\s*:\s*(?={_ADVERB}{ASK}\b)"
    # "the data school focuses on what, plus the cost school teaches what": asks with their question word left in place
    rf"|\s*,\s*(?:and |plus |also )(?=[^,;?]*{_IN_SITU_END})"
    # "duration + next exam date?", "1) … 2) …"
    r"|\s+\+\s+|\s*[,;]?\s*(?<!\w)\d[).]\s+"
)


# "…, what is the name?", "What's it called?": a closing ask for no more than the name of what the
# ask before it asks for restates that ask. It is left out: its words would only steer retrieval to
# passages that say "name" or "called".
_NAMING = frozenset(tokenize("what whats tell name names called call exactly"))
_BREAK = re.compile(r"[,;:.!?]\s*|\s+[-\u2013\u2014]+\s+")


def _naming_ask(text: str) -> tuple[str, str] | None:
    """The text before a closing ask for only a name, and that ask; None when it has none."""
    for found in _BREAK.finditer(text):
        after = text[found.end() :]
        words = tokenize(after)
        if words and set(words) <= _NAMING and starts_ask(after):
            return text[: found.start()].rstrip(), after
    return None


def without_restated_ask(text: str) -> str:
    """The message without a closing ask that only asks for a name ("…? what's it called?")."""
    split = _naming_ask(text)
    if split is None:
        return text
    before, after = split
    # (only after an ask: "One provider is the best at DevOps. What was it called?" asks it)
    asked = _SENTENCE.split(before)[-1]
    if not (asked.endswith("?") or starts_ask(asked)):
        return text
    return before if before.endswith("?") or not after.rstrip().endswith("?") else f"{before}?"


# "the path about cloud bills, what is it called?": a thing described, then asked to be named
_DESCRIBED = re.compile(r"^(?:the|that|this|a|an|one)\s+(?P<thing>[a-z].*)$")


def named_description(text: str) -> str:
    """What a message describes and asks the name of ("path about cloud bills" of "the path about
    cloud bills, what is it called?"); "" when it does not."""
    split = _naming_ask(normalize(text))
    described = _DESCRIBED.match(split[0]) if split else None
    return described.group("thing") if described else ""


def conditioned_ask(sentence: str) -> bool:
    """Whether a sentence opens with a condition that leads to an ask ("if I…, what…")."""
    return _CONDITIONED_ASK.match(normalize(sentence)) is not None


def asks_itself(sentence: str) -> bool:
    """Whether a sentence without its question mark still asks: it opens as a question, or with a
    condition that leads to one, or it says what the learner wants to know."""
    return starts_ask(sentence) or conditioned_ask(sentence) or asks_indirectly(sentence)


def asks_indirectly(sentence: str) -> bool:
    """Whether a sentence asks as a statement: "I'd love to know…", "not sure whether…"."""
    return _INDIRECT_ASK.search(normalize(sentence)) is not None


def starts_ask(text: str) -> bool:
    """Whether a text opens as a question or a request does ("what…", "is…", "tell me…")."""
    return _STARTS_ASK.match(normalize(text)) is not None


def without_opener(text: str) -> str:
    """The ask without the word that joins it to the ask before: "also, what are…" is "what are…"."""
    return _LEADING_OPENER.sub("", text, count=1)


def lead_in(part: str) -> str:
    """The words before a part's ask, when it opens with some: "im an sre" of "im an sre, which
    path"; "" when the part opens with its ask."""
    joins = [] if starts_ask(part) else _joins(fold(part))
    if not joins:
        return ""
    a, b = _trimmed(part, 0, joins[0][0])
    return part[a:b]


Span = tuple[int, int]  # where an ask stands in the message: the learner's own words, verbatim


def split_parts(text: str) -> tuple[tuple[str, ...], str]:
    """The separate asks of a message, and the sentences around them that ask nothing.

    Asks are its questions, and asks joined by "and", "also", "+", a comma or a numbered list.
    Sentences that ask nothing ("I'm an SRE.") are the context the asks are read in. Each ask is
    a stretch of the message as written.
    """
    spans, context = split_spans(text)
    return tuple(text[a:b] for a, b in spans), context


def split_spans(text: str) -> tuple[list[Span], str]:
    """Where the asks of a message stand, and its context (see split_parts)."""
    bounds = [0, *(m.end() for m in _SENTENCE.finditer(text)), len(text)]
    sentences = [
        s
        for s in (_trimmed(text, start, end, "") for start, end in itertools.pairwise(bounds))
        if s[0] < s[1]
    ]
    asks: list[Span] = []
    context: list[str] = []
    tags = [is_tag(text[a:b]) for a, b in sentences]
    checked = False  # the sentence before stated claims, so a tag after it ("both right?") asks nothing more
    for at, (a, b) in enumerate(sentences):
        sentence = text[a:b]
        if checked and tags[at]:
            continue
        tagged = at + 1 < len(sentences) and tags[at + 1]
        # (a sentence that asks with "?" but not as a question does, "I assume X and Y?", checks too)
        intoned = sentence.endswith("?") and not asks_itself(sentence) and not _WH.search(normalize(sentence))
        checked = (checks(sentence, tagged) or intoned) and len(stated := claims(sentence)) > 1
        if checked:
            asks.extend((a + x, a + y) for x, y in stated)
            continue
        listed = _LISTED.search(sentence) is not None  # "1) … 2) …", "… + …": a list of asks
        if not (sentence.endswith("?") or listed or asks_itself(sentence)):
            context.append(sentence)
            continue
        asks.extend((a + x, a + y) for x, y in _split_sentence(sentence))
    if not asks:
        if (claimed := stated_claims(text, sentences)) is not None:
            return claimed
        # No sentence asks on its own ("finops for ai, whats the path about and which scool
        # teaches it"): the message is one ask, unless it joins several
        a, b = _trimmed(text, 0, len(text), "")
        pieces = [(a + x, a + y) for x, y in _split_sentence(text[a:b])]
        return (pieces if len(pieces) > 1 else [(a, b)]), ""
    return asks, " ".join(context)


def _trimmed(text: str, start: int, end: int, strip: str = " ,;:+-\u2013\u2014") -> Span:
    """A stretch without surrounding spaces and joining marks, nor a leading connective or number."""
    while start < end and (text[start].isspace() or text[start] in strip):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in strip):
        end -= 1
    if strip:
        lead = _CONNECTIVE.match(text, start, end)
        if lead and lead.end() < end:
            return _trimmed(text, lead.end(), end, strip)
    return start, end


def _joins(folded: str) -> list[tuple[int, str]]:
    """Where new asks begin inside a folded sentence, in order, each with the text that joins it."""
    joins = [(m.start(), m.group(0)) for m in _JOIN.finditer(folded) if m.start() > 0]
    if _STARTS_ASK.match(folded):
        # "What is the pass mark - are there prerequisites?": a dash after a whole question starts
        # the next (after a lead-in, "I'm new to all this - how is…", it leads into the only one)
        joins += [(m.start(), m.group(0)) for m in _DASH_ASK.finditer(folded) if m.start() > 0]
        joins.sort()
    if request := _REQUESTED.match(folded):
        joins = sorted([*joins, *object_joins(folded, request.end())])
    if topic := _TOPIC_DASH.match(folded):
        joins = sorted([*joins, (topic.start("join"), topic.group("join"))])
    return joins


def _split_sentence(sentence: str) -> list[Span]:
    """One sentence cut where a new ask begins; a piece that asks nothing joins the one before."""
    folded = fold(sentence)
    joins = _joins(folded)
    cuts = [0, *(start for start, _ in joins), len(sentence)]
    # Around "+", and after a number ("1) … 2) …"), every piece is an ask, question word or not.
    listed = {i + 1 for i, (_, join) in enumerate(joins) if re.search(r"[+\d]", join)}
    listed |= {i for i, (_, join) in enumerate(joins) if "+" in join}
    if _NUMBERED.match(folded):
        listed.add(0)
    pieces: list[Span] = []
    lead: int | None = None  # where words before the first ask begin ("If I study properly, …")
    for i, (start, end) in enumerate(itertools.pairwise(cuts)):
        a, b = _trimmed(sentence, start, end)
        if a >= b:
            continue
        piece = sentence[a:b]
        folded_piece = normalize(piece)
        asks = i in listed or bool(
            _STARTS_ASK.match(folded_piece)
            or (i == 0 and _FRONTED_ASK.match(folded_piece))
            or _IN_SITU.search(folded_piece)
        )
        if not pieces and not asks:
            if lead is None and _SENTENCE_ADVERB.fullmatch(piece):
                continue  # "And separately, what's…": how the learner asks, not a context of the ask
            lead = a if lead is None else lead
            continue
        if lead is not None:
            a, lead = lead, None  # the lead-in is the context of the ask after it
        if pieces and not (tokenize(piece) or asks):
            pieces[-1] = (pieces[-1][0], b)
        else:
            pieces.append((a, b))
    return pieces or [_trimmed(sentence, 0, len(sentence), "")]
