"""What kind of fact a question wants, and whether a passage has that kind of fact at all.

Learners ask for prices, dates, names, places and languages that the curriculum never states.
A passage about the exam is close in meaning to "How much does the exam cost?", yet it holds no
price; when the question's answer type has no evidence in the passage, the answer is unsupported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.keywords import normalize

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_LANGUAGES = (
    "english|hindi|spanish|french|german|tamil|telugu|kannada|marathi|bengali|chinese|japanese|arabic"
    "|portuguese"
)


@dataclass(frozen=True)
class AnswerType:
    name: str
    asks: re.Pattern[str]  # the question wants this kind of fact
    evidence: re.Pattern[str]  # a passage that could answer it contains this


ANSWER_TYPES = (
    AnswerType(
        "price",
        re.compile(
            # "cost" alone is FinOps vocabulary ("cost management"); only a cost *of something bought* asks a price.
            r"\b(price[sd]?|pricing|fees?|discount|coupon|refund\w*|instal+ments?|voucher|usd|inr|rupees|dollars|euros"
            r"|how much (?:does|do|is|will|would) .{0,40}\bcosts?"
            r"|costs? (?:of|for) (?:the |an? |this |my )?"
            r"(?:exam|cert\w*|course|training|voucher|renewal|level|track|program)"
            r"|(?:exam|cert\w*|course|training|voucher|renewal|program)s? costs?)\b|[$₹€]"
        ),
        # An amount, or a word that states a price; "every dollar spent" is not a price.
        re.compile(
            r"[$₹€] ?\d|\d[\d,.]* ?(?:k|lakhs?|usd|inr|eur|dollars?|rupees?|euros?)\b"
            r"|\b(prices?|priced|fees?|free|discount\w*|refund\w*)\b"
        ),
    ),
    AnswerType(
        "count",
        re.compile(
            # "How many times a year?" asks how often, which "every six months" answers: not a count.
            r"\bhow many (?:questions|people|students|candidates|attempts|seats|hours|minutes|learners"
            r"|graduates|times(?! (?:a|per|in (?:a|one|each|every)|each|every) (?:year|month|week|day)))\b"
            r"|\bnumber of (?:questions|attempts|candidates|students)\b|\bpass(?:ing)? rate\b"
            r"|\bin (?:minutes|hours)\b"
            r"|\bwhat share\b"
        ),
        re.compile(
            r"\b\d+ (?:questions|people|students|candidates|attempts|times|seats|hours|minutes)\b|\bpass rate\b"
        ),
    ),
    AnswerType(
        "date",
        re.compile(
            r"\b(when (?:is|are|does|do|will) the next|next (?:exam|batch|session|intake|cohort|slot)s?"
            r"|exam dates?|what date|which date|time ?zones?|deadline|book (?:a|my) slot|what time)\b"
        ),
        re.compile(rf"\b({_MONTHS}|{_DAYS}|\d{{1,2}}/\d{{1,2}}|20\d\d|deadline|time ?zone|slots?)\b"),
    ),
    AnswerType(
        "person",
        re.compile(
            # People by name: "the name of the path" asks for a path's name, which the curriculum states.
            # "Who teaches the course?" asks for people; "who teaches ML safety?" asks which school does.
            r"\b(who teaches (?:(?:the|these|those|our|my|your|this|that) (?:[\w-]+ ){0,3}(?:courses?|class(?:es)?"
            r"|program(?:me)?s?|training|sessions?|lessons?|workshops?|bootcamps?)\b|it\b|them\b|there\b|at\b)"
            r"|who (?:are|is) the (?:instructors?|trainers?|teachers?|coordinators?)"
            r"|names? of (?:the |its |their |your )?(?:[\w-]+ )?(?:instructors?|trainers?|teachers?|tutors?|faculty"
            r"|staff|coordinators?|mentors?|founders?|owners?|authors?|people|experts?)"
            r"|instructor names?|trainer names?|e-?mail|phone|contact (?:number|details|email)|whatsapp)\b"
        ),
        re.compile(r"\b(mr|ms|mrs|dr)\.? [a-z]|[\w.]+@\w+\.\w+|\+?\d[\d -]{7,}\d|\b(email|phone|contact)\b"),
    ),
    AnswerType(
        "place",
        re.compile(
            r"\b(exam (?:centres?|centers?|venues?|locations?)|test (?:centres?|centers?|venues?)|which city"
            r"|in which city|where (?:is|are|do|can) (?:the |i )?(?:exam|test|sit|take the exam)|venues?"
            r"|physical location)\b"
        ),
        re.compile(r"\b(centres?|centers?|venues?|cit(?:y|ies)|address|located|locations?|campus)\b"),
    ),
    AnswerType(
        "language",
        re.compile(
            rf"\b(which languages?|what languages?|languages? (?:is|are|offered|available)|in ({_LANGUAGES})\b)"
        ),
        re.compile(rf"\b(languages?|{_LANGUAGES})\b"),
    ),
    AnswerType(
        "logistics",  # exam-day rules and administration: the curriculum describes content, not these
        re.compile(
            r"\b(open book|notes? allowed|can i (?:use|bring) (?:my )?(?:notes|books?|calculator)|calculator"
            r"|reschedul\w*|cancel\w*|retake|re-?sit|resit|waiting period|webcam|id documents?|identity proof"
            r"|exam results?|get (?:my|the) results?|results? (?:come|arrive|out))\b"
        ),
        re.compile(
            r"\b(open book|notes|calculator|reschedul\w*|cancel\w*|retake|resit|webcam|identity|results?)\b"
        ),
    ),
    AnswerType(
        "statistic",  # how many people pass: the curriculum gives the pass mark, never a pass rate
        re.compile(
            r"\b((?:pass(?:ing)?|success|failure|fail) rates?|(?:percentage|percent|proportion|share|fraction|%)"
            r" of (?:the )?(?:people|candidates|students|learners|test-?takers|applicants|takers)"
            r"|how many (?:people|candidates|students|learners) (?:pass|fail|passed|failed|have passed))\b"
        ),
        re.compile(
            r"\b((?:pass|success|failure) rates?|\d+ ?% of (?:people|candidates|students|learners))\b"
        ),
    ),
    AnswerType(
        "age",
        re.compile(r"\b(minimum age|maximum age|age limit|age requirement|how old|too old|too young)\b"),
        re.compile(r"\b(age|aged|years old)\b"),
    ),
    AnswerType(
        "guarantee",
        re.compile(r"\b(guarantee[sd]?|money back|placement assistance|job placement)\b"),
        re.compile(r"\b(guarantee\w*|placement)\b"),
    ),
    AnswerType(
        "document",
        re.compile(r"\b(pdf|download\w*|brochure|link to|url|website address|send me|e-?book)\b"),
        re.compile(r"https?://|www\.|\b\w+\.(?:com|org|io|xyz)\b|\b(pdf|download\w*|brochure)\b"),
    ),
)
# Kinds of fact the curriculum does state: a passage that has one is a better answer to a
# question that asks for it ("how long…" wants "4-6 weeks", "pass mark?" wants "70%").
STEERING_TYPES = (
    AnswerType(
        "duration",
        re.compile(
            r"\b(how long|duration|how many (?:weeks|months|days|years)|time to (?:finish|complete|prepare|get)"
            r"|how much time|how quickly|how soon|how fast)\b"
        ),
        re.compile(
            r"\b(\d+(?:\s*-\s*\d+)?|one|two|three|four|five|six|twelve) (?:weeks?|months?|days?|years?)\b"
        ),
    ),
    AnswerType(
        "score",
        re.compile(r"\b(percentage|percent|passing score|pass mark|score|marks?|grade)\b"),
        re.compile(r"\d+ ?%"),
    ),
)
# A country the question names must be in the passage: "salary in Germany" is not answered by a
# passage about India. (Only questions naming a place are checked.)
_COUNTRY = re.compile(
    r"\b(india|usa|united states|america|uk|united kingdom|britain|england|germany|france|spain|italy|"
    r"netherlands|europe|canada|australia|singapore|uae|dubai|japan|china|brazil|mexico|nigeria|kenya|"
    r"south africa|pakistan|bangladesh|sri lanka|nepal|philippines|indonesia|malaysia|vietnam|korea)\b"
)


# Someone paying a cost is asked about, not its amount: "can my employer cover the cost of the
# exam?", "will my company pay the fees?" ask who pays, which the curriculum may say.
_WHO_PAYS = re.compile(
    r"\b(?:cover|covers|covered|covering|pay|pays|paid|paying|reimburs\w*|fund|funds|funded|funding"
    r"|sponsor\w*|subsidi[sz]\w*|foot|bear)\s+(?:for\s+)?(?:the |my |our |its |their |this |that )?"
    r"(?:(?!an?\b)[\w-]+ )?"
    r"(?:costs?|fees?|prices?|bills?)(?:\s+(?:of|for)\s+(?:the |an? |this |my )?\w+)?"
)


def wanted_types(question: str, types: tuple[AnswerType, ...] = ANSWER_TYPES) -> list[AnswerType]:
    """The kinds of fact a question asks for (often none)."""
    text = _WHO_PAYS.sub(" ", normalize(question))
    return [t for t in types if t.asks.search(text)]


def has_evidence(kind: AnswerType, passage: str) -> bool:
    """Whether the passage contains the kind of fact."""
    return kind.evidence.search(normalize(passage)) is not None


def countries(text: str) -> frozenset[str]:
    """The countries a text names."""
    return frozenset(_COUNTRY.findall(normalize(text)))


def unsupported(wanted: Sequence[AnswerType], places: frozenset[str], passage: str) -> bool:
    """True when the question wants a kind of fact, or names a country, that the passage lacks."""
    text = normalize(passage)
    if any(not t.evidence.search(text) for t in wanted):
        return True
    return bool(places) and not places & set(_COUNTRY.findall(text))
