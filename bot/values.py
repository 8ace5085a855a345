"""Values two sources give, compared as values: dates as days, counts as ranges, names and places.

"Sept. 29" is "September 29", "next month" is resolved against the article's date (or left
uncompared when it has none), "fewer than 50" and "dozens" can both be true while 212 and 180
cannot, "U.S. Commerce Department" is the "Commerce Department", and "Dayton, Ohio" is not
"Toledo, Ohio".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from text_to_num import alpha2digit

from bot.amounts import amounts_compatible, same_figure
from bot.models import AnswerType
from bot.names import AS_A_PLACE, PLACE_PREFIXES, names_a_body, organisation_stems
from bot.spans import CLOCK, WEEKDAY_NAMES
from bot.text import FUTURE, STOP_WORDS, YEAR, stem, words


@dataclass(frozen=True)
class Told:
    """A value as one source gives it: the short answer, its sentence, its article's date and stems."""

    answer: str
    text: str
    published: date | None
    article_words: frozenset[str]


def compatible(kind: AnswerType, first: Told, second: Told, bodies: bool = False) -> bool | None:
    """Whether two values can both be true (None when they cannot be compared).

    ``bodies``: the question asks for a body ("which company"), so two names are two bodies.
    """
    if kind is AnswerType.DATE:
        return _dates_compatible(first, second)
    if kind in (AnswerType.NUMBER, AnswerType.DURATION):
        return amounts_compatible(first.answer, second.answer)
    if kind is AnswerType.SCORE:
        return _scores_compatible(first.answer, second.answer)
    if kind is AnswerType.PLACE:
        return _places_compatible(first, second)
    return _names_compatible(first.answer, second.answer, bodies)


def the_same_value(kind: AnswerType, first: Told, second: Told) -> bool:
    """Whether two values are one: the same day, the same figure or the same score.

    Not merely values that may both be true ("next week" and "March 9", "about 30" and "31").
    """
    if kind is AnswerType.DATE:
        day = day_of(first.answer, first.published, tells_what_will_happen(first.text))
        return day is not None and day == day_of(
            second.answer, second.published, tells_what_will_happen(second.text)
        )
    if kind in (AnswerType.NUMBER, AnswerType.DURATION):
        return same_figure(first.answer, second.answer)
    return " ".join(words(first.answer)) == " ".join(words(second.answer))


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
# What will happen, or is planned: "plans to close on Friday" is the coming Friday too, and so
# is a timetable's present ("the festival begins on Friday").
_FUTURE = re.compile(
    rf"{FUTURE}|\bplans? to\b|\b(?:begins|opens|starts|reopens|resumes|closes|ends|kicks off"
    r"|gets under way|takes place|goes on sale)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Day:
    """A date as far as the text gives it: a year, a month, a day, or a span of days."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    first: date | None = None
    last: date | None = None


# "built in 1887": in a date's text, a year of past centuries too.
_PAST_YEAR = re.compile(r"\b(1[5-9]\d\d)\b")


def _as_day(text: str, published: date | None, future: bool = False) -> _Day | None:
    """The day a date's text gives; ``future`` when its sentence tells what will happen."""
    lowered = text.lower()
    tokens = re.findall(r"[a-z]+|\d+", lowered)
    year = next((int(token) for token in tokens if YEAR.fullmatch(token)), None)
    past = _PAST_YEAR.search(lowered)
    year = year or (int(past.group(1)) if past else None)
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
    weekday = next((WEEKDAY_NAMES.index(token) for token in tokens if token in WEEKDAY_NAMES), None)
    if weekday is not None:
        if "this" in tokens and "coming" not in tokens:
            # "this Friday": the Friday of the article's own week, whether to come or just gone
            found = published + timedelta(days=weekday - published.weekday())
        elif "last" in tokens:
            found = published - timedelta(days=(published.weekday() - weekday) % 7 or 7)
        elif "next" in tokens or "coming" in tokens or future:
            # "will walk out on Thursday": the Thursday after the article's date
            ahead = (weekday - published.weekday()) % 7 or 7
            found = published + timedelta(days=ahead)
        else:  # "on Tuesday", "as of Tuesday": the latest one on or before the article's date
            found = published - timedelta(days=(published.weekday() - weekday) % 7)
        return _Day(year=found.year, month=found.month, day=found.day)
    return _Day(year=year) if year else None


def day_of(text: str, published: date | None, future: bool = False) -> date | None:
    """The one day a date's text gives ("on Tuesday" against its article's date), or None."""
    found = _as_day(text, published, future)
    if found is None or found.year is None or found.month is None or found.day is None:
        return None
    try:
        return date(found.year, found.month, found.day)
    except ValueError:
        return None


def tells_what_will_happen(sentence: str) -> bool:
    """Whether a sentence tells what will happen or is planned ("plans to close on Friday")."""
    return bool(_FUTURE.search(sentence))


def _dates_compatible(first: Told, second: Told) -> bool | None:
    times = _clock(first.answer), _clock(second.answer)
    if times[0] and times[1]:
        # "at 4.10am" and "just after 6am": times of day, each as closely as it is told.
        return times[0][0] <= times[1][1] and times[1][0] <= times[0][1]
    if times[0] or times[1]:
        return None  # "at 8pm" and "on Friday" can both be true
    left = _as_day(first.answer, first.published, tells_what_will_happen(first.text))
    right = _as_day(second.answer, second.published, tells_what_will_happen(second.text))
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


# How far "just after" or "around" a time may be from it, in minutes.
_CLOSE_TO_A_TIME = 30


def _scores_compatible(first: str, second: str) -> bool | None:
    """Whether two scores are one ("4-2", "four goals to two"), whoever is named first."""
    left, right = _score(first), _score(second)
    if left is None or right is None:
        return None
    return sorted(left) == sorted(right)


def _score(text: str) -> tuple[int, int] | None:
    figures = re.findall(r"\d+", alpha2digit(re.sub(r"\bnil\b", "0", text.lower()), "en", threshold=0))
    return (int(figures[0]), int(figures[1])) if len(figures) == 2 else None


def _clock(text: str) -> tuple[int, int] | None:
    """The minutes of the day a time allows ("just after 6am" is 360 to 390), or None for no time."""
    match = CLOCK.search(text.lower())
    if match is None:
        return None
    if match["named"]:
        minutes = 0 if match["named"] == "midnight" else 12 * 60
    elif match["hour24"]:
        minutes = int(match["hour24"]) * 60 + int(match["minute24"])
    else:
        hour = int(match["hour"]) % 12 + (12 if match["half"].startswith("p") else 0)
        minutes = hour * 60 + int(match["minute"] or 0)
    if match["side"] == "after":
        return minutes, minutes + _CLOSE_TO_A_TIME
    if match["side"] == "before":
        return minutes - _CLOSE_TO_A_TIME, minutes
    if match["about"]:
        return minutes - _CLOSE_TO_A_TIME, minutes + _CLOSE_TO_A_TIME
    return minutes, minutes


def _span_holds(left: _Day, right: _Day) -> bool | None:
    span, point = (left, right) if left.first else (right, left)
    if point.first:  # two spans: they agree when they overlap
        assert span.first and span.last and point.first and point.last
        return span.first <= point.last and point.first <= span.last
    if point.year is None or point.month is None or point.day is None:
        return None
    assert span.first and span.last
    return span.first <= date(point.year, point.month, point.day) <= span.last


# --- names ---------------------------------------------------------------------------------

_TITLES = frozenset(
    {"mr", "mrs", "ms", "dr", "ceo", "chief", "executive", "spokesperson", "spokesman", "spokeswoman", "the"}
)


def _name_words(text: str) -> frozenset[str]:
    return frozenset(word for word in words(text) if word not in _TITLES and word not in STOP_WORDS)


def _names_compatible(first: str, second: str, bodies: bool = False) -> bool | None:
    left, right = _name_words(first), _name_words(second)
    if not left or not right:
        return None
    # "U.S. Commerce Department" is the "Commerce Department"; "Ms. Roe" is "Jane Roe".
    if left <= right or right <= left:
        return True
    shared = left & right
    # "the US Commerce Department" and "Biden" (of "the Biden administration"): a body acts
    # through people, so a body and a person may both be who did it.
    if not shared and not bodies and names_a_body(first) != names_a_body(second):
        return None
    # "U.S. Treasury" and "US Commerce Department" share only where and what kind of body
    # they are: two bodies, which a question about one deed need not set against each other.
    if shared and all(word in _QUALIFIERS or stem(word) in organisation_stems() for word in shared):
        return None
    return bool(shared)


# Words that say where a body is, not which: "U.S." (read as "usa"), "UK", "federal".
_QUALIFIERS = frozenset({"usa", "us", "uk", "eu", "un", "federal", "national", "state", "royal"})


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


def _a_town(statement: Told, name_words: frozenset[str]) -> bool:
    """Whether the answer is written as a place of its own ("in Westerby", "to Port Calder")."""
    return _placed(statement) and not names_a_body(statement.answer) and not name_words & _WORLD_REGIONS


def _placed(statement: Told) -> bool:
    """Whether the answer stands where a place does ("at Greystone Arena", "chosen as the home of")."""
    answer = re.escape(statement.answer)
    # "on the site of the former Hobcroft brickworks": a site is named by what stood there.
    if re.search(
        rf"\b(?:(?:in|to|at|near|of)\s+(?:the\s+(?:former|old|disused|derelict)\s+)?|on\s+(?:the\s+)?){answer}\b",
        statement.text,
    ):
        return True
    return any(
        AS_A_PLACE.match(statement.text, found.end()) for found in re.finditer(rf"\b{answer}", statement.text)
    )


def _places_compatible(first: Told, second: Told) -> bool | None:
    """Whether two places can both be the one asked about.

    "Dayton, Ohio" is in "Ohio" and is not "Toledo, Ohio". "Moscow" and "Russia" are not
    compared, for one may be in the other: two places differ only when neither article
    speaks of the other's place at all ("Port Calder" and "Westerby"), and neither is a
    building or body ("Ashbury Arena" is in some town).
    """
    left, right = _name_words(first.answer), _name_words(second.answer)
    if not left or not right:
        return None
    if left <= right or right <= left:
        return True
    heads = _name_words(first.answer.split(",")[0]), _name_words(second.answer.split(",")[0])
    regions = left - heads[0], right - heads[1]
    if regions[0] & regions[1] and not heads[0] & heads[1]:
        return False  # two towns of one region
    # Two venues ("at Greystone Arena", "at Linden Park") are two places as two towns are;
    # a venue and a town are not compared, for one may be in the other.
    venues = all(names_a_body(told.answer) and _placed(told) for told in (first, second))
    if not (venues or (_a_town(first, left) and _a_town(second, right))):
        return None
    # "Port Ellery" is heard in an article on "port inspections" only if "Ellery" is.
    unheard = not {stem(word) for word in left - PLACE_PREFIXES} & second.article_words and not (
        {stem(word) for word in right - PLACE_PREFIXES} & first.article_words
    )
    return False if unheard else None
