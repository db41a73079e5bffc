"""Comparisons in a question: the subjects compared and what is asked of each.

"How does the Professional level differ from the Managerial level?", "SRE path vs DevOps path",
"compare the skills at the foundation level with those at the professional level": the subjects
are the noun phrases around the comparison's connective; the rest is what it asks of each.
"""

from __future__ import annotations

import re

from bot.answer.asks import ASK
from bot.answer.entities import SUBJECTS, detect
from index.keywords import normalize, tokenize

# Comparisons: the subjects are the noun phrases around the connective.
_COMPARE = (
    # "between" compares after a word of difference or choice, or opening a clause; not "people
    # sitting between data scientists and devs", "splitting costs between departments"
    re.compile(
        r"(?:^|[,;:]\s*|\b(?:differ\w*|diff|distinction|decid\w*|choos\w*|pick\w*|torn|compar\w*"
        r"|shift\w*|chang\w*|contrast\w*)\b[^.?!]*?\s)between (?P<a>.+?) (?:and|or) (?P<b>.+)"
    ),
    re.compile(r"\bcompare (?P<a>.+?) (?:and|with|to|vs\.?|versus|against) (?P<b>.+)"),
    re.compile(
        r"\b(?:how|in what way) (?:does|do|is|are) (?P<a>.+?) (?:differ|different|compare|stack up)\w* "
        r"(?:from|to|with|against) (?P<b>.+)"
    ),
    re.compile(r"\b(?:how|in what way) (?:do|does) (?P<a>.+?) and (?P<b>.+?) (?:differ|compare)"),
    # "are the mistakes at professional level similar to the ones at managerial level?"
    re.compile(
        r"\b(?:is|are) (?P<a>.+?) (?:similar to|the same(?: thing)? as|different (?:from|to|than)) (?P<b>.+)"
    ),
    # "which providers focus on security versus cost": the subject is what follows the last
    # preposition before the connective.
    re.compile(
        # (within its own sentence: "…on Friday. What makes it valuable compared to…" compares no Friday)
        r"(?:.*\b(?:on|about|in|with|for|of|between)\s+|^)(?P<a>(?:(?![.?!]\s)[^,])+?),?"
        r" (?:vs\.?|versus|compared (?:to|with)|as opposed to) (?P<b>.+)"
    ),
    re.compile(r"(?P<a>.+?) or (?P<b>[^,?]+)[,?]?\s*which\b(?P<rest>.*)"),
    # "DevSecOps path or FinOps path, what does each one cover?", "the AIOps path and the MLOps path…
    # how are they different?": an ask of each of two named things, or of how they differ.
    re.compile(
        r"(?P<a>.+?) (?:or|and) (?P<b>[^,?]+?)\s*(?:[,?;:!]|\.+(?=\s)|\s-)\s*"
        r"(?P<rest>.*\b(?:each|both|they|them|their|differ\w*|different|difference|compare\w*)\b.*)"
    ),
    # "the mistakes at foundation level and at the professional level": one ask of two things, each
    # after the same preposition.
    re.compile(r"\b(?P<p>at|for|in|on|after|about) (?P<a>[^,?]+?),? and (?:also )?(?P=p) (?P<b>[^,?]+)"),
    re.compile(r"\bwhich (?:is|one is|would be) (?P<rest>.+?),? (?P<a>[^,]+?) or (?P<b>[^,?]+)"),
    # "what do the SRE path and the DevOps path each cover?": a question's own verb is not a subject.
    re.compile(
        rf"(?P<a>\b(?:the )?(?!{ASK}\b)[\w.-]+(?: [\w.-]+)?) and (?P<b>(?:the )?[\w.-]+(?: [\w.-]+)?)"
        r" (?:each|both|respectively)\b"
    ),
    # "scmgalaxy or cotocus if money is tight?", "foundation or professional for me?": a choice
    # between two things of one kind (checked in `compared`), asked of nothing but the choice.
    _CHOICE := re.compile(
        r"(?:.*\b(?:on|about|in|with|for|of|at|is|are|between)\s+|^)(?P<a>[^,]+?),? or (?P<b>[^,?]+)"
    ),
)
# A subject phrase ends where the question goes on to what it asks of it, or to the learner's
# condition ("… if money is tight").
_SUBJECT_END = re.compile(
    rf"\s*(?:[,?;!:]|\.\s|\s-\s|\bin terms of\b|\bwhen it comes to\b|\bregarding\b|\bfor (?:someone|a|an|me)\b"
    r"|\b(?:if|since|because|given)\b"
    rf"|\b(?:that|which|who)\b|\b{ASK}\b"
    # a linking verb: "the AIOps path and the MLOps path sound the same to me"
    r"|\b(?:seem|sound|look|feel|appear)s?\b).*"
)
_OF_SUBJECT = "at|for|of|in|on|after|about"  # "the skills at the foundation level": the subject follows
_SUBJECT_WORDS = 5  # a compared subject is a name or a short noun phrase
_ARTICLES = "the|a|an"
_DETERMINERS = f"{_ARTICLES}|one|my|our"
_LEADING = re.compile(rf"^(?:{_DETERMINERS}|between|both|either|whether|your)\s+")
_DETERMINED = re.compile(rf"(?:{_DETERMINERS})\s")  # a phrase that opens with a determiner


def _after_last(words: str) -> re.Pattern[str]:
    """What comes before the phrase after the last of `words` ("the|a|an"), to cut it away."""
    return re.compile(rf"^.*\b(?:{words})\s+(?=\S)")


_DETERMINED_LAST = _after_last(_DETERMINERS)
# A preposition left at a phrase's end belongs to the clause around it: "the foundation level with, compared to…"
_TRAILING = re.compile(r"(?:\s+(?:with|at|for|of|in|on|to|from|about|by))+$")
# A subject said inside a longer clause, beside a second subject with an article of its own, is the
# phrase after the clause's last article: "i keep mixing up the aiops path and the mlops path".
_LAST_PHRASE = _after_last("the")
# In a list, an item said inside a clause is the phrase after its article ("there's a platform engineer").
_ARTICLED = _after_last(_ARTICLES)
_NAME_WORDS = 3  # a list item of no kind is a bare name: "Cotocus", "sreschool.com"
# The words that only make a question a comparison; what is left of it is what it asks of each.
_COMPARISON_WORDS = re.compile(
    r"\b(?:compare[ds]?|comparing|comparison|differ\w*|different|difference\w*|vs\.?|versus|between"
    r"|against|stack up|in terms of|when it comes to|respectively|each|both|either|or|and|from|to|with"
    r"|similar|the same thing as|the same as|the same|alike|apart|is|are|(?:seem|sound|look|feel|appear)s?"
    r"|which one is more|which is more|which one|what is the|what's the|how does|how do|how is|how are"
    r"|the|a|an|at|for|of|in|on|after|about|those|ones|they|them|whats|diff)\b"
)
_COMPARISON_CUE = re.compile(r"\b(?:differ\w*|different|difference\w*|compare\w*|comparison|vs\.?|versus)\b")
# Question words that ask something of each subject on their own ("who they're for").
_ASKS_OF_EACH = re.compile(r"\b(?:who|when|where|why|how long|how much|how many|what)\b")


def without_compound_modifiers(phrase: str) -> str:
    """A noun phrase without its hyphenated modifiers: a hyphenated compound before another word
    describes that word ("which cross-track certification" picks certifications, not tracks)."""
    words = phrase.split()
    return " ".join(w for i, w in enumerate(words) if "-" not in w or i == len(words) - 1)


def noun_phrase(phrase: str) -> str:
    """A phrase cut where the question goes on past it, without a leading article."""
    phrase = _SUBJECT_END.sub("", phrase.strip())
    phrase = _LEADING.sub("", phrase.strip(" ,.?!"))
    return _TRAILING.sub("", phrase.strip(" ,.?!"))


def _comparednoun_phrase(phrase: str, first: bool) -> tuple[str, str]:
    """A compared subject and what is asked of it: "the skills you gain at the foundation level"
    is the foundation level, asked for the skills you gain. The first subject starts after a
    colon ("two learning paths: the DataOps path or…"); the second ends at one."""
    phrase = phrase.strip()
    if first:
        phrase = re.sub(r"^.*:\s*", "", phrase)
    # "how long is the foundation level compared to…": the question's own words are not the subject
    phrase = re.sub(
        r"^(?:(?:how (?:long|much|many \w+)|what|who|which|where|when)"
        r" (?:is|are|was|were|does|do|will|should|can|could|would|must)\s+"
        r"|(?:what|how|who|which|where|when)\s+)",
        "",
        phrase,
    )
    phrase = re.sub(rf"^(?:{_OF_SUBJECT})\s+", "", re.sub(r"'s\b", "", phrase))
    cut = _SUBJECT_END.sub("", phrase)
    if tokenize(noun_phrase(cut)):
        phrase = cut  # else it ended too soon: "the 'who should take it' for the…" holds a "who"
    for cut in (phrase,):
        m = re.match(
            rf"^(?P<asked>.+?)\s+(?:{_OF_SUBJECT})\s+(?P<subject>(?:(?!\b(?:{_OF_SUBJECT})\b).)+)$", cut
        )
        if m and tokenize(noun_phrase(m.group("subject"))):
            return noun_phrase(m.group("subject")), m.group("asked")
    return noun_phrase(phrase), ""


def compared(text: str) -> tuple[tuple[str, ...], str]:
    """The subjects a question compares, and what it asks of each ("" when nothing in particular)."""
    norm = normalize(text).strip()
    for pattern in _COMPARE:
        m = pattern.search(norm)
        if not m:
            continue
        (a, asked_a), (b, asked_b) = (
            _comparednoun_phrase(m.group("a"), True),
            _comparednoun_phrase(m.group("b"), False),
        )
        a = re.sub(r"^.*\b(?:between|compare|of)\s+", "", a)
        if not tokenize(a) and _DETERMINED.match(m.group("b").lstrip()):
            # "i have one finops person and one data guy": like the second, the first subject is
            # the phrase after its determiner, not the clause ("i have") before it
            a = noun_phrase(_DETERMINED_LAST.sub("", m.group("a")))
        if len(a.split()) > _SUBJECT_WORDS and m.group("b").lstrip().startswith("the "):
            a = _LAST_PHRASE.sub("", a)
        if not a or not b or a == b or not tokenize(a) or not tokenize(b):
            continue
        if max(len(a.split()), len(b.split())) > _SUBJECT_WORDS:
            continue  # a clause, not a name: "…make sure nobody tampers with the models or leaks…"
        if pattern is _CHOICE and not _one_kind(a, b):
            continue  # "do I need Docker or Kubernetes?", "labs or all theory": no choice between two named things
        aspect = norm
        for subject in (a, b):
            aspect = aspect.replace(subject, " ")
        if asked_a or asked_b:  # what the subjects' own phrases ask of them, once
            aspect = f"{asked_a or asked_b} " + aspect.replace(asked_a or asked_b, " ")
        aspect = " ".join(_COMPARISON_WORDS.sub(" ", re.sub(r"[^\w\s'/-]", " ", aspect)).split())
        if not tokenize(aspect) and not _ASKS_OF_EACH.search(aspect):
            aspect = ""  # nothing asked of each but the comparison itself
        # Only "X and Y <heads>" shares a head noun: "the foundation and professional levels".
        joined = norm[m.end("a") : m.start("b")].strip() == "and"
        listed = _listed(m.group("a"), a, b)
        if listed:
            aspect = " ".join(w for w in aspect.split() if w not in set(" ".join(listed).split()))
            return listed, aspect
        return (_share_head(a, b) if joined else (a, b)), aspect
    return (), ""


def _listed(raw: str, first: str, last: str) -> tuple[str, ...]:
    """Three or more subjects, when the first side is a list ("the SRE path, the DevOps path and
    the FinOps path"; "a platform engineer, a security engineer and me (engineering manager)"):
    every item a short phrase, and all of one kind (all roles, all levels…) or all bare names."""
    items = re.split(r"\s*,\s*(?:and\s+|or\s+)?", raw.strip())
    if len(items) < 2:
        return ()
    said = [_bracketed(first), *(noun_phrase(_bracketed(item)) for item in items[1:]), _bracketed(last)]
    said = [_ARTICLED.sub("", item) for item in said]  # "team there a platform engineer"
    *names, tail = said
    if all(len(name.split()) == 1 for name in names):  # "the foundation, professional and managerial levels"
        headed, tail = _share_head(names[-1], tail)
        head = headed.split()[1:]
        said = [*(" ".join([name, *head]) for name in names), tail]
    if any(not tokenize(item) or len(item.split()) > _SUBJECT_WORDS for item in said):
        return ()
    kinds = [{kind for kind in SUBJECTS if detect(item).get(kind)} for item in said]
    if set.intersection(*kinds) or (
        not any(kinds) and all(len(item.split()) <= _NAME_WORDS for item in said)
    ):
        return tuple(said)
    return ()


def _one_kind(a: str, b: str) -> bool:
    """Whether two phrases name two different things of one kind (two levels, two tracks, two roles), or
    are two bare names (providers)."""
    found = detect(a), detect(b)
    if any(found[0].get(kind) and found[1].get(kind) for kind in SUBJECTS):
        return found[0] != found[1]
    # A bare name is one word ("scmgalaxy or cotocus"): "ops folks or also bosses" is a clause.
    return not found[0] and not found[1] and all(len(p.split()) == len(tokenize(p)) == 1 for p in (a, b))


def _bracketed(phrase: str) -> str:
    """A phrase that says who it is in brackets: "me (engineering manager)" is the engineering manager."""
    m = re.match(r"^(?P<out>[^(]*)\((?P<in>[^)]+)\)\W*$", phrase.strip())
    return m.group("in").strip() if m and not tokenize(m.group("out")) else phrase


def _share_head(a: str, b: str) -> tuple[str, str]:
    """ "foundation and professional levels": a bare modifier borrows the other's head noun."""
    a_words, b_words = a.split(), b.split()
    if len(a_words) == 1 and len(b_words) >= 2 and b_words[-1].endswith("s"):
        head = b_words[-1][:-1]
        return f"{a} {head}", " ".join([*b_words[:-1], head])
    if len(b_words) == 1 and len(a_words) >= 2:
        return a, f"{b} {a_words[-1]}"
    return a, b


def is_comparison(text: str) -> bool:
    """Whether a text (a heading, an FAQ's question) is itself about how things differ."""
    return _COMPARISON_CUE.search(normalize(text)) is not None
