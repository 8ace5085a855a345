"""Whether two sources agree on an answer, differ on it, or speak of different things.

Two sentences from different articles relate only when they answer the same question
about the same event: they share the question's distinctive words, name no different
years, and neither is background the other is not. Then their short answers are compared
as values, not as text: counts as ranges ("fewer than 50" and "dozens" can both be true,
212 and 180 cannot), dates as days (a relative "next month" resolved against the
article's date, or left uncompared when it has none), names as sets of words ("U.S.
Commerce Department" is the "Commerce Department"). Values that can both be true agree;
values that cannot differ; anything uncomparable is neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import cache

from text_to_num import alpha2digit

from bot.english import people_nouns, thesaurus, time_words
from bot.extract import ACT_MARKERS, names_a_body
from bot.models import AnswerType
from bot.text import FUTURE, STOP_WORDS, YEAR, analyze, stem, words


class Relation(Enum):
    AGREE = "agree"
    DIFFER = "differ"
    UNRELATED = "unrelated"


@dataclass(frozen=True)
class Statement:
    """What one passage says in answer to the question."""

    text: str
    stems: frozenset[str]
    concepts: frozenset[str]
    asked: frozenset[str]
    names: frozenset[str]  # the question's names that the passage's article uses
    answer: str | None
    near: bool
    published: date | None
    background: bool
    # The question's ideas that the passage's whole article never speaks of.
    unspoken: frozenset[str] = frozenset()
    # What the passage's article is about ("Kaspersky"), and every stem it uses.
    subject: frozenset[str] = frozenset()
    article_words: frozenset[str] = frozenset()
    # What the answer's date marks that the question does not ask about: its "telling"
    # ("announced in June"), the "start" or "end" of a state ("available starting June 2").
    unasked_marker: str | None = None
    # The sentence gives its value as a plan, proposal or guess ("has proposed €500").
    tentative: bool = False


# Sentences sharing this share of their stems say the same thing (Jaccard similarity).
SIMILAR = 0.5
# Ideas of the question a differing sentence may leave out, when its article never speaks of them.
_UNSPOKEN_IDEAS = 2


@cache
def _time_stems() -> frozenset[str]:
    """Words for a time: "next year's budget" asks about the budget, and years are compared apart."""
    return frozenset(stem(word) for word in time_words())


_VALUE_KINDS = (
    AnswerType.DATE,
    AnswerType.NUMBER,
    AnswerType.PERSON,
    AnswerType.DURATION,
    AnswerType.PLACE,
)


def relation(kind: AnswerType, first: Statement, second: Statement, similar_at: float = SIMILAR) -> Relation:
    """How the second statement bears on the first's answer.

    ``concepts`` are the question's distinctive ideas each sentence speaks of (a word or
    any of its equivalents: "laid off" and "cut jobs" are one). To agree, the second
    sentence must speak of half of the first's, and so must it to differ on a date or a
    count. Who did something is a matter of the act: two names differ only when both
    sentences speak of every idea the question asks about (``asked``), for "Alicia
    Dunmore confirmed" and "Kim Zetter reported" name people in different roles.
    """
    if not _same_event(first, second):
        return Relation.UNRELATED
    if kind not in _VALUE_KINDS:
        similar = similarity(first.stems, second.stems) >= similar_at
        return Relation.AGREE if similar else Relation.UNRELATED
    if not (first.answer and second.answer) or ACT_MARKERS & {first.unasked_marker, second.unasked_marker}:
        return Relation.UNRELATED
    compatible = _compatible(kind, first, second)
    if compatible is None:
        return Relation.UNRELATED
    if compatible:
        return Relation.AGREE
    if not (first.near and second.near):
        return Relation.UNRELATED  # a value far from the question's words may answer another
    if first.tentative != second.tentative:
        return Relation.UNRELATED  # "proposed €500" and "approved €350": a plan, then a decision
    # People differ only in the very same role: "confirmed" by a spokesperson is no conflict
    # with "criticized" by a union leader.
    role = first.asked - _time_stems()  # "this year's jury": the year is no part of the role
    if kind is AnswerType.PERSON and not (role <= first.concepts and role <= second.concepts):
        return Relation.UNRELATED
    # To differ, each sentence must speak of every one of the other's ideas: "stopped selling
    # on its website on Tuesday" and "a ban on new sales from July 20" are two facts, not one,
    # when the second article speaks of the website elsewhere; "proposed 6 percent" is no
    # answer to what the board raised tuition by. An idea one article never speaks of is only
    # told there in other words ("pay $2.1 billion", "a deal worth $1.8 billion"), as long as
    # the first speaks of all the rest of the question its article speaks of.
    missing = (first.concepts - first.names - _time_stems()) - second.concepts
    extra = (second.concepts - second.names - _time_stems()) - first.concepts
    if not missing and not extra:
        return Relation.DIFFER
    told_otherwise = (
        len(missing) <= _UNSPOKEN_IDEAS
        and len(extra) <= _UNSPOKEN_IDEAS
        and missing <= second.unspoken
        and extra <= first.unspoken
    )
    first_answers_all = len(first.asked - first.concepts - extra - first.unspoken) <= 1
    # "Approved on May 6" and "available starting June 2": a date that starts something
    # the question does not ask about is not the same happening told otherwise.
    marked = first.unasked_marker or second.unasked_marker
    if told_otherwise and first_answers_all and not marked:
        return Relation.DIFFER
    return Relation.UNRELATED


def about_the_same(
    first_subject: frozenset[str],
    first_words: frozenset[str],
    second_subject: frozenset[str],
    second_words: frozenset[str],
    values: frozenset[str] = frozenset(),
) -> bool:
    """Whether two articles are about the same thing: each speaks of what the other is about.

    An article about Valdris's layoffs tells of another event than one about Kaspersky's,
    whatever the question names. A headline may name the value its article gives ("Orvane
    picks Rudmere for van plant"): the stems of the ``values`` compared are no part of it.
    """
    return first_subject - values <= second_words and second_subject - values <= first_words


def value_stems(*values: str | None) -> frozenset[str]:
    """The stems of the values two sources give, which their subjects may name."""
    return frozenset(stem(word) for value in values for word in words(value or ""))


def _same_event(first: Statement, second: Statement) -> bool:
    """Both sentences speak of what the question asks, in the same event.

    Articles about the same subject, the same years (or none), both news or both background,
    every name of the question
    the first speaks of (a company, a product) spoken of by the second too, and half of
    the first's other ideas.
    """
    if first.background != second.background or _other_people(first, second):
        return False
    values = value_stems(first.answer, second.answer)
    if not about_the_same(first.subject, first.article_words, second.subject, second.article_words, values):
        return False
    if not first.names <= second.names:
        return False
    first_years = set(YEAR.findall(first.text))
    second_years = set(YEAR.findall(second.text))
    # A sentence naming no year tells its article's news: "Sunday's marathon" in a 2025
    # article is not "the 2024 marathon" another sentence names. A year long past ("the
    # 1962 building") dates something else, not the news.
    if second_years and not first_years and _recent(second_years, first.published):
        first_years = {str(first.published.year)} if first.published else set()
    if first_years and not second_years and _recent(first_years, second.published):
        second_years = {str(second.published.year)} if second.published else set()
    if first_years and second_years and not first_years & second_years:
        return False
    wanted = first.concepts - _time_stems()
    return bool(wanted) and len(second.concepts & wanted) * 2 >= len(wanted)


# Nouns for everyone: "some 12,500 people" may be the "8,000 residents" of another report.
_ANYONE = frozenset({"people", "person", "persons", "individuals", "folks", "ppl"})


@cache
def _people_group_stems() -> frozenset[str]:
    """Stems of the nouns for people counted together ("teachers", "drivers"), but for anyone."""
    nouns = (noun for noun in people_nouns()["groups"] if noun not in _ANYONE)
    return frozenset(stem for noun in nouns for stem in analyze(noun))


@cache
def _equivalent_stems() -> dict[str, frozenset[str]]:
    """For each one-word thesaurus member, every one-word member of its groups ("jobs": "workers")."""
    found: dict[str, set[str]] = {}
    for group in thesaurus():
        single = {member[0] for member in group if len(member) == 1}
        for member in single:
            found.setdefault(member, set()).update(single)
    return {member: frozenset(equivalents) for member, equivalents in found.items()}


# The words before a sentence's first auxiliary verb, up to this many, are who it is about.
_SUBJECT_REACH = 14
_AUXILIARY = re.compile(
    r"\b(?:will|would|is|are|was|were|has|have|had|can|could|may|might|must|shall|should|do|does|did)\b",
    re.IGNORECASE,
)


def _subject_stems(text: str) -> frozenset[str]:
    """The stems of the words a sentence opens with before its verb ("Teachers in the district will ...")."""
    match = _AUXILIARY.search(text)
    if match is None or len(words(text[: match.start()])) > _SUBJECT_REACH:
        return frozenset()
    return frozenset(analyze(text[: match.start()]))


def _other_people(first: Statement, second: Statement) -> bool:
    """Whether the sentences tell of different people: "teachers" against "bus drivers and caretakers".

    Each sentence is about a group of people (its subject, before its verb), and neither says
    any of the other's groups, in its words or an equivalent ("340 jobs" and "430 workers" are
    one group; "nursing staff" says "nurses").
    """
    groups = _people_group_stems()
    equivalents = _equivalent_stems()

    def says(stems: frozenset[str], group: str) -> bool:
        return group in stems or bool(equivalents.get(group, frozenset()) & stems)

    first_groups = _subject_stems(first.text) & groups
    second_groups = _subject_stems(second.text) & groups
    if not first_groups or not second_groups:
        return False
    return not any(says(second.stems, group) for group in first_groups) and not any(
        says(first.stems, group) for group in second_groups
    )


def _recent(years: set[str], published: date | None) -> bool:
    """Whether every year named is within a year of an article's publication (news, not history)."""
    return published is not None and all(abs(int(year) - published.year) <= 1 for year in years)


def similarity(left: frozenset[str], right: frozenset[str]) -> float:
    """The share of their stems two sentences have in common (Jaccard)."""
    return len(left & right) / len(left | right) if left and right else 0.0


def _compatible(kind: AnswerType, first: Statement, second: Statement) -> bool | None:
    assert first.answer is not None and second.answer is not None
    if kind is AnswerType.DATE:
        return _dates_compatible(first, second)
    if kind in (AnswerType.NUMBER, AnswerType.DURATION):
        return _amounts_compatible(first.answer, second.answer)
    if kind is AnswerType.PLACE:
        return _places_compatible(first, second)
    return _names_compatible(first.answer, second.answer)


# --- dates ---------------------------------------------------------------------------------

_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# What will happen, or is planned: "plans to close on Friday" is the coming Friday too.
_FUTURE = re.compile(rf"{FUTURE}|\bplans? to\b", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class _Day:
    """A date as far as the text gives it: a year, a month, a day, or a span of days."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    first: date | None = None
    last: date | None = None


def _as_day(text: str, published: date | None, future: bool = False) -> _Day | None:
    """The day a date's text gives; ``future`` when its sentence tells what will happen."""
    lowered = text.lower()
    tokens = re.findall(r"[a-z]+|\d+", lowered)
    year = next((int(token) for token in tokens if YEAR.fullmatch(token)), None)
    month = next((_MONTH_NUMBERS[token] for token in tokens if token in _MONTH_NUMBERS), None)
    if month is not None:
        day = next((int(token) for token in tokens if token.isdigit() and 1 <= int(token) <= 31), None)
        return _Day(year=year or (published.year if published and day else None), month=month, day=day)
    if published is None:
        return _Day(year=year) if year else None  # "next month" of an undated article: unknown
    if "week" in tokens:
        start = published - timedelta(days=published.weekday())
        if "next" in tokens:
            start += timedelta(days=7)
        elif "last" in tokens:
            start -= timedelta(days=7)
        return _Day(first=start, last=start + timedelta(days=6))
    if "month" in tokens:
        shift = 1 if "next" in tokens else -1 if "last" in tokens else 0
        number = published.year * 12 + published.month - 1 + shift
        return _Day(year=number // 12, month=number % 12 + 1)
    weekday = next((_WEEKDAYS.index(token) for token in tokens if token in _WEEKDAYS), None)
    if weekday is not None:
        if "next" in tokens or future:
            # "will walk out on Thursday": the Thursday after the article's date
            ahead = (weekday - published.weekday()) % 7 or 7
            found = published + timedelta(days=ahead)
        else:  # "on Tuesday", "as of Tuesday": the latest one on or before the article's date
            found = published - timedelta(days=(published.weekday() - weekday) % 7)
        return _Day(year=found.year, month=found.month, day=found.day)
    return _Day(year=year) if year else None


def _dates_compatible(first: Statement, second: Statement) -> bool | None:
    assert first.answer is not None and second.answer is not None
    left = _as_day(first.answer, first.published, bool(_FUTURE.search(first.text)))
    right = _as_day(second.answer, second.published, bool(_FUTURE.search(second.text)))
    if left is None or right is None:
        return None
    if left.first or right.first:
        return _span_holds(left, right)
    if left.year and right.year and left.year != right.year:
        return False
    if left.month is None or right.month is None:
        return None if left.year is None or right.year is None else True
    if left.month != right.month:
        return False
    if left.day is None or right.day is None:
        return True  # "in June" and "June 21" can both be true
    return left.day == right.day


def _span_holds(left: _Day, right: _Day) -> bool | None:
    span, point = (left, right) if left.first else (right, left)
    if point.first:  # two spans: they agree when they overlap
        assert span.first and span.last and point.first and point.last
        return span.first <= point.last and point.first <= span.last
    if point.year is None or point.month is None or point.day is None:
        return None
    assert span.first and span.last
    return span.first <= date(point.year, point.month, point.day) <= span.last


# --- counts and amounts --------------------------------------------------------------------

# text2num reads every number word but "dozen" ("a dozen", "half a dozen").
_DOZEN = 12
_VAGUE = {
    "several": (3.0, 9.0),
    "dozens": (24.0, 99.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2000.0, 9999.0),
    "millions": (2e6, 9.99e8),
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "k": 1e3, "m": 1e6, "bn": 1e9}
_ROUGHLY = ("about", "around", "roughly", "approximately", "nearly", "almost", "some", "over", "under")
_UNITS = ("percent", "year", "month", "week", "day", "hour", "decade")


def _amount(text: str) -> tuple[float, float, str] | None:
    """The range a count or amount allows, and its unit ("" for a plain count)."""
    lowered = text.lower().replace(",", "").replace("%", " percent")
    if not any(char.isdigit() for char in lowered):
        # "a hundred and twelve", "seventeen", "twenty-four": digits (a figure written with
        # digits already is left alone, for "1.8 million" is no "1.8 1000000").
        lowered = alpha2digit(lowered, "en", threshold=0)
    lowered = re.sub(r"(\d+) and a half\b", r"\1.5", lowered)
    unit = next((unit for unit in _UNITS if unit in lowered), "")
    money = "$" in lowered or "dollar" in lowered
    unit = unit or ("$" if money else "")
    for word, (low, high) in _VAGUE.items():
        if re.search(rf"\b{word}\b", lowered):
            return low, high, unit
    match = re.search(r"(\d+(?:\.\d+)?)\s*(thousand|million|billion|bn|k|m)?\b", lowered)
    # "$86 million" is rounded to its last digit: $86.3 million is "over 86 million" too.
    rounding = 0.0
    if match:
        scale = _SCALES.get(match.group(2) or "", 1.0)
        value = float(match.group(1)) * scale
        if scale > 1:
            decimals = len(match.group(1).partition(".")[2])
            rounding = 0.5 * scale / 10**decimals
    else:
        if not re.search(r"\bdozen\b", lowered):
            return None
        value = float(_DOZEN)
    if re.search(r"\b(?:fewer|less) than\b|\bunder\b|\bup to\b|\bat most\b", lowered):
        return 0.0, value - (0 if "up to" in lowered or "at most" in lowered else 1), unit
    if re.search(r"\bmore than\b|\bover\b|\bat least\b", lowered):
        return value + (0 if "at least" in lowered else 1), float("inf"), unit
    if any(re.search(rf"\b{word}\b", lowered) for word in _ROUGHLY):
        return value * 0.85, value * 1.15, unit
    return value - rounding, value + rounding, unit


# Spans of time in days, so that "two years" is "24 months".
_DAYS = {"day": 1.0, "week": 7.0, "month": 365.25 / 12, "year": 365.25, "decade": 3652.5}


def _amounts_compatible(first: str, second: str) -> bool | None:
    left, right = _amount(first), _amount(second)
    if left is None or right is None:
        return None
    if left[2] != right[2]:
        if left[2] not in _DAYS or right[2] not in _DAYS:
            return None  # "18 percent of its workforce" is no count of people
        # A month is not a whole number of weeks: a day either way is the same span.
        left = (left[0] * _DAYS[left[2]] - 1, left[1] * _DAYS[left[2]] + 1, "day")
        right = (right[0] * _DAYS[right[2]] - 1, right[1] * _DAYS[right[2]] + 1, "day")
    return left[0] <= right[1] and right[0] <= left[1]


# --- names ---------------------------------------------------------------------------------

_TITLES = frozenset(
    {"mr", "mrs", "ms", "dr", "ceo", "chief", "executive", "spokesperson", "spokesman", "spokeswoman", "the"}
)


def _name_words(text: str) -> frozenset[str]:
    return frozenset(word for word in words(text) if word not in _TITLES and word not in STOP_WORDS)


def _names_compatible(first: str, second: str) -> bool | None:
    left, right = _name_words(first), _name_words(second)
    if not left or not right:
        return None
    # "U.S. Commerce Department" is the "Commerce Department"; "Ms. Roe" is "Jane Roe".
    return left <= right or right <= left or bool(left & right)


# Parts of the world that hold many countries: "Europe" may hold the other article's town.
_WORLD_REGIONS = frozenset(
    {
        "africa",
        "america",
        "americas",
        "antarctica",
        "arctic",
        "asia",
        "australia",
        "balkans",
        "baltics",
        "caribbean",
        "eurasia",
        "europe",
        "oceania",
        "pacific",
        "scandinavia",
        "east",
        "west",
        "north",
        "south",
    }
)


def _a_town(statement: Statement, name_words: frozenset[str]) -> bool:
    """Whether the answer is written as a place of its own ("in Westerby", "to Port Calder")."""
    assert statement.answer is not None
    answer = re.escape(statement.answer)
    placed = re.search(rf"\b(?:in|to|at|near|of)\s+{answer}\b", statement.text) or re.search(
        # "choosing Eskerby as the location for", "Stannick has been chosen as the home of"
        rf"\b{answer}\s+(?:(?:has been|was|is|had been)\s+)?(?:\w+\s+)?as\s+(?:the\s+)?(?:\w+\s+)?"
        r"(?:location|site|home|base|venue|host)\b",
        statement.text,
    )
    return bool(placed) and not names_a_body(statement.answer) and not name_words & _WORLD_REGIONS


def _places_compatible(first: Statement, second: Statement) -> bool | None:
    """Whether two places can both be the one asked about.

    "Dayton, Ohio" is in "Ohio" and is not "Toledo, Ohio". "Moscow" and "Russia" are not
    compared, for one may be in the other: two places differ only when neither article
    speaks of the other's place at all ("Port Calder" and "Westerby"), and neither is a
    building or body ("Ashbury Arena" is in some town).
    """
    assert first.answer is not None and second.answer is not None
    left, right = _name_words(first.answer), _name_words(second.answer)
    if not left or not right:
        return None
    if left <= right or right <= left:
        return True
    heads = _name_words(first.answer.split(",")[0]), _name_words(second.answer.split(",")[0])
    regions = left - heads[0], right - heads[1]
    if regions[0] & regions[1] and not heads[0] & heads[1]:
        return False  # two towns of one region
    if not (_a_town(first, left) and _a_town(second, right)):
        return None
    unheard = not {stem(word) for word in left} & second.article_words and not (
        {stem(word) for word in right} & first.article_words
    )
    return False if unheard else None
