"""Values two sources give, compared as values: dates as days, counts as ranges, names and places.

"Sept. 29" is "September 29", "next month" is resolved against the article's date (or left
uncompared when it has none), "fewer than 50" and "dozens" can both be true while 212 and 180
cannot, "U.S. Commerce Department" is the "Commerce Department", and "Dayton, Ohio" is not
"Toledo, Ohio".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from text_to_num import alpha2digit

from bot.models import AnswerType
from bot.names import AS_A_PLACE, PLACE_PREFIXES, names_a_body, organisation_stems
from bot.spans import CLOCK, GLUED_UNITS, WEEKDAY_NAMES
from bot.text import FUTURE, STOP_WORDS, YEAR, stem, words


@dataclass(frozen=True)
class Told:
    """A value as one source gives it: the short answer, its sentence, its article's date and stems."""

    answer: str
    text: str
    published: date | None
    article_words: frozenset[str]


def compatible(kind: AnswerType, first: Told, second: Told) -> bool | None:
    """Whether two values can both be true (None when they cannot be compared)."""
    if kind is AnswerType.DATE:
        return _dates_compatible(first, second)
    if kind in (AnswerType.NUMBER, AnswerType.DURATION):
        return _amounts_compatible(first.answer, second.answer)
    if kind is AnswerType.SCORE:
        return _scores_compatible(first.answer, second.answer)
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


# --- counts and amounts --------------------------------------------------------------------

# text2num reads every number word but "dozen" ("a dozen", "half a dozen").
_DOZEN = 12
# Longest first: "hundreds of thousands" is no mere "hundreds".
_VAGUE = {
    "tens of thousands": (2e4, 99999.0),
    "hundreds of thousands": (2e5, 999999.0),
    "tens of millions": (2e7, 9.99e7),
    "hundreds of millions": (2e8, 9.99e8),
    "several hundred": (300.0, 999.0),
    "several thousand": (3000.0, 9999.0),
    "several million": (3e6, 9.99e6),
    "several": (3.0, 9.0),
    "dozens": (24.0, 99.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2000.0, 9999.0),
    "millions": (2e6, 9.99e8),
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "k": 1e3, "m": 1e6, "bn": 1e9}
_ROUGHLY = ("about", "around", "roughly", "approximately", "nearly", "almost", "some", "over", "under")
_UNITS = ("percent", "year", "month", "week", "day", "hour", "minute", "decade")
# Measures, each its own unit ("4.6 metres" is no count of "several roads"), as each spelling
# and abbreviation writes it.
_MEASURES = {
    spelling: unit
    for unit, spellings in (
        ("kilometre", ("kilometre", "kilometer", "km")),
        ("centimetre", ("centimetre", "centimeter", "cm")),
        ("millimetre", ("millimetre", "millimeter", "mm")),
        ("metre", ("metre", "meter")),
        ("mile", ("mile", "mph")),
        ("foot", ("feet", "foot", "ft")),
        ("inch", ("inch", "inche")),
        ("degree", ("degree",)),
        ("tonne", ("tonne", "ton")),
        ("kilogram", ("kilogram", "kg")),
        ("millilitre", ("millilitre", "milliliter", "ml")),
        ("litre", ("litre", "liter")),
        ("gallon", ("gallon",)),
        ("hectare", ("hectare",)),
        ("acre", ("acre",)),
        ("megawatt", ("megawatt", "mw")),
        ("gigawatt", ("gigawatt", "gw")),
        ("kilowatt", ("kilowatt", "kw")),
    )
    for spelling in spellings
}


# The range a figure allows and its unit: "about 40" is (36.0, 44.0, ""), "£5m" (5e6, 5e6, "£").
_Range = tuple[float, float, str]


def unit_of(text: str) -> str | None:
    """The unit an amount is told in ("£", "percent", "metre"), "" for a bare count, None for no amount."""
    found = _amount(text)
    return None if found is None else found[2]


def _amount(text: str) -> _Range | None:
    """The range a count or amount allows, and its unit ("" for a plain count)."""
    lowered = text.lower().replace(",", "").replace("%", " percent")
    lowered = re.sub(r"\bper\s?cent\b|(?<=\d)\s?pc\b", " percent", lowered)
    lowered = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", lowered)  # "four-and-a-half years"
    lowered = re.sub(rf"(?<=\d)(?=(?:{GLUED_UNITS})\b)", " ", lowered)  # "41mm" is "41 mm"
    # "38.4C" and "38.4°C" are "38.4 degrees celsius", "94.5F" "94.5 degrees fahrenheit".
    lowered = re.sub(r"(?<=\d)\s*°?\s*c\b", " degrees celsius", lowered)
    lowered = re.sub(r"(?<=\d)\s*°?\s*f\b", " degrees fahrenheit", lowered)
    lowered = re.sub(r"(?<=\d)\s*°", " degrees", lowered)
    # "a year and a half" is 1.5 years, "half a day" 0.5 days, "half a million" 500,000.
    lowered = re.sub(r"\b(?:a|an|one|1) (\w+) and a half\b", r"1.5 \1", lowered)
    lowered = re.sub(r"\bhalf an? (\w+)", r"0.5 \1", lowered)
    lowered = re.sub(r"\b(?:a|one) quarter of an? (\w+)", r"0.25 \1", lowered)
    # A fortnight is two weeks.
    lowered = re.sub(r"\b(?:a|one) fortnight\b", "2 weeks", lowered)
    lowered = re.sub(r"\b(\d+) fortnights\b", lambda match: f"{2 * int(match.group(1))} weeks", lowered)
    lowered = re.sub(r"\bthree quarters of an? (\w+)", r"0.75 \1", lowered)
    share = _SHARES.fullmatch(re.sub(r"\s+of$", "", lowered.strip()))
    if share:
        low, high = _SHARE_PERCENT[share.group(1)]
        return low, high, "percent"
    # Before the number words become digits: "thousands" would be read as 1000.
    vague = next((bounds for word, bounds in _VAGUE.items() if re.search(rf"\b{word}\b", lowered)), None)
    if vague is not None:
        return *vague, _unit(lowered)
    if not any(char.isdigit() for char in lowered):
        # "a hundred and twelve", "seventeen", "twenty-four": digits (a figure written with
        # digits already is left alone, for "1.8 million" is no "1.8 1000000").
        lowered = alpha2digit(lowered, "en", threshold=0)
    lowered = re.sub(  # "6 euros 50" (from "six euros fifty") is 6.50 euros
        r"\b(\d+) (pounds?|euros?|dollars?) (\d{1,2})\b",
        lambda match: f"{match.group(1)}.{int(match.group(3)):02d} {match.group(2)}",
        lowered,
    )
    lowered = re.sub(r"(\d+) and a half\b", r"\1.5", lowered)
    lowered = re.sub(r"(\d+) and a quarter\b", r"\1.25", lowered)
    lowered = re.sub(r"(\d+) and (?:three|3) quarters\b", r"\1.75", lowered)
    # "three and a half million": 3.5, then the 1000000 that words gave the million.
    lowered = re.sub(
        r"\b(\d+\.\d+) (1000|1000000|1000000000)\b",
        lambda match: f"{float(match.group(1)) * int(match.group(2)):.0f}",
        lowered,
    )
    # A race time, "2:11:48": hours, minutes and seconds, in days.
    clock = _RACE_TIME.fullmatch(lowered.strip())
    if clock:
        hours, minutes, seconds = (float(part) for part in clock.groups())
        days = hours * _DAYS["hour"] + minutes * _DAYS["minute"] + seconds * _DAYS["second"]
        return days, days, "day"
    # "four years and six months", "two hours, 11 minutes and 48 seconds": one span, in days.
    parts = _SPAN_PART.findall(alpha2digit(lowered, "en", threshold=0)) if " and " in lowered else []
    if len(parts) > 1:
        days = sum(float(figure) * _DAYS[unit] for figure, unit in parts)
        return days, days, "day"
    ratio = _RATIO.search(lowered)
    if ratio and 0 < int(ratio.group(1)) < int(ratio.group(2)):
        # "three in four" is 75%; rounded to the nearest whole share, "one in three" is 33%.
        percent = 100 * int(ratio.group(1)) / int(ratio.group(2))
        if any(re.search(rf"\b{word}\b", lowered) for word in _ROUGHLY):
            return (percent - 0.5) * 0.9, (percent + 0.5) * 1.1, "percent"
        return percent - 0.5, percent + 0.5, "percent"
    unit = _unit(lowered)
    match = re.search(r"(\d+(?:\.\d+)?)\s*(thousand|million|billion|bn|k|m)?\b", lowered)
    # "$86 million" is rounded to its last digit: $86.3 million is "over 86 million" too.
    rounding = 0.0
    if match:
        scale = _SCALES.get(match.group(2) or "", 1.0)
        if re.match(r"\s*dozen\b", lowered[match.end() :]):
            scale = _DOZEN  # "four dozen" is 48
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
        return value * 0.9, value * 1.1, unit
    return value - rounding, value + rounding, unit


def _unit(lowered: str) -> str:
    """The unit an amount's lowered text is told in: a span, a scale, a measure, a currency or ""."""
    return (
        next((unit for unit in _UNITS if unit in lowered), "")
        or next((scale for scale in _TEMPERATURE_SCALES if re.search(rf"\b{scale}\b", lowered)), "")
        or next(
            (unit for spelling, unit in _MEASURES.items() if re.search(rf"\b{spelling}s?\b", lowered)), ""
        )
        or _currency(lowered)
    )


_CURRENCIES = (
    ("$", re.compile(r"\$|\bdollars?\b")),
    ("£", re.compile(r"£|\bpounds?\b")),
    ("€", re.compile(r"€|\beuros?\b")),
    ("¥", re.compile(r"¥|\byen\b|\byuan\b")),
)


def _currency(lowered: str) -> str:
    """The currency an amount is in ("" for a count): "£210 million" is no crowd of 12,000."""
    return next((sign for sign, pattern in _CURRENCIES if pattern.search(lowered)), "")


# A share written as a fraction, in percent ("a third" is 33% or 34%, as it is rounded).
_SHARE_PERCENT = {
    "half": (50.0, 50.0),
    "a third": (33.0, 34.0),
    "one third": (33.0, 34.0),
    "two thirds": (66.0, 67.0),
    "a quarter": (25.0, 25.0),
    "one quarter": (25.0, 25.0),
    "three quarters": (75.0, 75.0),
    "a fifth": (20.0, 20.0),
    "one fifth": (20.0, 20.0),
    "two fifths": (40.0, 40.0),
    "three fifths": (60.0, 60.0),
    "four fifths": (80.0, 80.0),
    "a tenth": (10.0, 10.0),
    "one tenth": (10.0, 10.0),
}
_SHARES = re.compile("(" + "|".join(_SHARE_PERCENT) + ")")
_SPAN_PART = re.compile(r"(\d+(?:\.\d+)?)[\s-](year|month|week|day|hour|minute|second)s?\b")
_RATIO = re.compile(r"\b(\d{1,3}) (?:in|out of) (?:every )?(\d{1,3})\b")
_RACE_TIME = re.compile(r"(\d{1,2}):(\d{2}):(\d{2})")
# Metric lengths in metres, so that "41mm" is "4.1cm" (a mile against metres is likely another
# measure: the route's length against a depth).
_METRES = {"millimetre": 0.001, "centimetre": 0.01, "metre": 1.0, "kilometre": 1000.0}
# Degrees in Celsius, from each scale; "degree" names none, so it may be either.
_TEMPERATURE_SCALES: dict[str, tuple[Callable[[float], float], ...]] = {
    "celsius": (lambda value: value,),
    "centigrade": (lambda value: value,),
    "fahrenheit": (lambda value: (value - 32) * 5 / 9,),
    "degree": (lambda value: value, lambda value: (value - 32) * 5 / 9),
}
# Spans of time in days, so that "two years" is "24 months".
_DAYS = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 365.25 / 12,
    "year": 365.25,
    "decade": 3652.5,
}


def _amounts_compatible(first: str, second: str) -> bool | None:
    left, right = _amount(first), _amount(second)
    if left is None or right is None:
        return None
    if left[2] in _TEMPERATURE_SCALES and right[2] in _TEMPERATURE_SCALES:
        return _temperatures_compatible((first, second), (left, right))
    if left[2] != right[2] and left[2] in _METRES and right[2] in _METRES:
        # "41mm" is "4.1cm"
        left = (left[0] * _METRES[left[2]], left[1] * _METRES[left[2]], "metre")
        right = (right[0] * _METRES[right[2]], right[1] * _METRES[right[2]], "metre")
    if left[2] != right[2]:
        if left[2] not in _DAYS or right[2] not in _DAYS:
            return None  # "18 percent of its workforce" is no count of people
        # A month is not a whole number of weeks, nor three months twelve weeks: a twentieth
        # either way is the same span (for spans of days or more; "90 minutes" is no "two hours").
        longest = max(left[0] * _DAYS[left[2]], right[0] * _DAYS[right[2]])
        slack = max(1.0, 0.05 * longest) if _DAYS[left[2]] >= 1 and _DAYS[right[2]] >= 1 else 0.0
        left = (left[0] * _DAYS[left[2]] - slack, left[1] * _DAYS[left[2]] + slack, "day")
        right = (right[0] * _DAYS[right[2]] - slack, right[1] * _DAYS[right[2]] + slack, "day")
    # 120 minutes are two hours, to the last bit of a float.
    tolerance = 1e-9 * max(abs(left[0]), abs(right[0]), 1.0)
    if not (left[0] <= right[1] + tolerance and right[0] <= left[1] + tolerance):
        return False
    if _far_below_a_bound(left, right) or _far_below_a_bound(right, left):
        # "treated more than 200 runners" and "5,260 runners made it to the finish": both may
        # be true, but the bound states no such figure.
        return None
    return True


def _temperatures_compatible(texts: tuple[str, str], amounts: tuple[_Range, _Range]) -> bool:
    """Whether two temperatures may be one: "34.7 degrees Celsius" is "94.5F".

    Each is taken as rounded to its last digit, for a conversion seldom lands on one.
    """
    in_celsius = []
    for text, (low, high, scale) in zip(texts, amounts, strict=True):
        figure = re.search(r"\d+(?:\.(\d+))?", text)
        rounding = 0.5 / 10 ** len(figure.group(1) or "") if figure else 0.0
        in_celsius.append([(to(low - rounding), to(high + rounding)) for to in _TEMPERATURE_SCALES[scale]])
    return any(
        low <= other_high and other_low <= high
        for low, high in in_celsius[0]
        for other_low, other_high in in_celsius[1]
    )


# A bound ("more than 5,000", "fewer than 50") states a figure as far as this factor from it.
_BOUND_REACH = 1.5


def _far_below_a_bound(bound: _Range, value: _Range) -> bool:
    """Whether an open range ("more than 200") lies far from the other's figure (5,260)."""
    low, high, _ = bound
    # The figure a range states is its middle: "some five hundred homes" (450 to 550) states
    # 500, far above "at least 320".
    stated = (value[0] + value[1]) / 2 if value[1] != float("inf") else value[0]
    if high == float("inf") and low > 0:
        return stated > low * _BOUND_REACH
    if low == 0.0 and high > 0 and value[1] != float("inf") and value[0] > 0:
        return stated * _BOUND_REACH < high
    return False


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
    if left <= right or right <= left:
        return True
    shared = left & right
    # "the US Commerce Department" and "Biden" (of "the Biden administration"): a body acts
    # through people, so a body and a person may both be who did it.
    if not shared and names_a_body(first) != names_a_body(second):
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
