"""When a sentence tells its news: the years, months and days it names for it, and words for a time.

Two reports tell of one event only in the same year, month and stretch of time: "the 2024
marathon" is not the one of a 2025 article, January's waits are not December's, undated
sentences of articles published far apart tell of different moments, and counts of days apart
("on Tuesday", "for most of Monday" three weeks before) tell of two happenings.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from bot.background import COMPARED_YEAR
from bot.english import time_words
from bot.extract import spans_of
from bot.marks import ACT_MARKERS, BOUND_MARKERS, date_marker
from bot.models import AnswerType
from bot.names import NameHints
from bot.spans import MONTHS, WEEKDAY_NAMES, WEEKDAYS, Span, is_clock_time
from bot.statement import Statement
from bot.text import WILL_HAPPEN, YEAR, stem, years_in
from bot.values import day_of, tells_what_will_happen


@cache
def time_stems() -> frozenset[str]:
    """Words for a time: "next year's budget" asks about the budget, and years are compared apart."""
    return frozenset(stem(word) for word in time_words())


def calendar_stems(stems: frozenset[str]) -> frozenset[str]:
    """Of these stems, the years, the names of months and weekdays, and with a month its days.

    "2025", "novemb", and "3" of "3 September".
    """
    years = frozenset(word for word in stems if _YEAR_STEM.fullmatch(word))
    named = stems & (_month_stems() | _weekday_stems())
    days = (
        frozenset(word for word in stems if word.isdigit() and 1 <= int(word) <= 31) if named else frozenset()
    )
    return years | named | days


_YEAR_STEM = re.compile(r"(?:1[5-9]|20)\d\d")
# The months written out ("September", not "Sept."), as ``bot.spans.MONTHS`` lists them.
_MONTH_NAMES = tuple(name for name in MONTHS.split("|") if name.isalpha())


@cache
def _month_stems() -> frozenset[str]:
    return frozenset(stem(name.lower()) for name in _MONTH_NAMES)


@cache
def _weekday_stems() -> frozenset[str]:
    return frozenset(stem(name.lower()) for name in WEEKDAY_NAMES)


# A month named in a sentence: "May" only as a date ("in May", "May 2025", "12 May").
# A month with its year ("a record set in August 2019") is compared as a year (see same_event).
_MONTH_NAMED = re.compile(
    rf"(?:\b(?:{'|'.join(name for name in _MONTH_NAMES if name != 'May')})\b"
    r"|(?<=\bin )May\b|(?<=\d )May\b|\bMay(?= \d))(?!,? \d{4}\b)"
)


def of_another_month(statement: Statement) -> bool:
    """Whether the sentence tells of another month than the one the question asks about.

    Asked how many waited in January 2025, "Waits ... reached a record in December" tells of
    December. The answer's own month is its value, not when its news happened.
    """
    months_asked = statement.asked & _month_stems()
    if not months_asked:
        return False
    text = statement.text.replace(statement.answer, " ") if statement.answer else statement.text
    named = {stem(match.group().lower()) for match in _MONTH_NAMED.finditer(text)}
    return bool(named) and not named & months_asked


def years_of_its_news(statement: Statement) -> set[str]:
    """The years a sentence naming none tells of: its article's, or the next one's too.

    The next when it tells what will happen ("will go up by 12% from 1 January", in December).
    """
    if statement.published is None:
        return set()
    year = statement.published.year
    return {str(year), str(year + 1)} if WILL_HAPPEN.search(statement.text) else {str(year)}


# A year a plan starts or ends by ("from the 2026-27 season", "until 2028") dates what is
# planned, not the news of the plan.
_PLANNED_YEAR = re.compile(
    r"\b(?:from|starting(?: in| from)?|beginning(?: in)?|until|till)\s+(?:the\s+)?"
    r"(?:19|20)\d\d(?:[-–/]\d\d)?\b",
    re.IGNORECASE,
)


def answers_with_a_year(statement: Statement) -> bool:
    """Whether the sentence's answer is a year long before its news ("in 1987"), and no more.

    A year of the news itself ("banned in 2024", told in 2024) may be another event's.
    """
    answer = (statement.answer or "").strip().lower()
    year = re.fullmatch(r"(?:in\s+)?(\d{4})", answer)
    if year is None or statement.published is None:
        return False
    return not recent({year.group(1)}, statement.published)


def of_another_year(statement: Statement, years: set[str]) -> bool:
    """Whether a sentence naming no year of its own news tells of a year other than the one asked.

    Asked about "the 2025 beer festival", an article of October 2024 tells of 2024's, even
    where it recalls that the festival was "first held in 2008". A report early in 2026 may
    still tell of 2025.
    """
    asked = {int(word) for word in statement.asked if YEAR.fullmatch(word)}
    if not asked or statement.published is None or any(int(year) in asked for year in years):
        return False
    if years and recent(years, statement.published):
        return False
    return not asked & {statement.published.year, statement.published.year - 1}


def years_of_the_news(text: str) -> set[str]:
    """The years a sentence names for its own news, not those it compares a figure with or plans by."""
    return {str(year) for year in years_in(_PLANNED_YEAR.sub(" ", COMPARED_YEAR.sub(" ", text)))}


# Reports of one fact are near in time; further apart than this, undated sentences are not set
# against each other.
_REPORTING_SPAN_DAYS = 180


def told_apart_in_time(first: Statement, second: Statement) -> bool:
    """Whether two sentences naming no year come from articles published far apart."""
    if first.published is None or second.published is None:
        return False
    if years_of_the_news(first.text) or years_of_the_news(second.text):
        return False  # a year named is compared as a year (see same_event)
    return abs((first.published - second.published).days) > _REPORTING_SPAN_DAYS


def recent(years: set[str], published: date | None) -> bool:
    """Whether every year named is within a year of an article's publication (news, not history)."""
    return published is not None and all(abs(int(year) - published.year) <= 1 for year in years)


def on_days_apart(days: tuple[date | None, date | None]) -> bool:
    """Whether two sentences' happening days (``happening_day``) are too far apart to be one happening."""
    return days[0] is not None and days[1] is not None and abs((days[0] - days[1]).days) > _ONE_HAPPENING_DAYS


def happening_day(statement: Statement) -> date | None:
    """The day a sentence dates what happened ("lost their water supply for most of Monday").

    Its first date that is not the day it was told or decided ("the council said on Sunday").
    """
    if statement.published is None:
        return None
    span = _happening_span(statement.text)
    if span is None:
        return None
    return day_of(span.text, statement.published, tells_what_will_happen(statement.text))


def _happening_span(text: str) -> Span | None:
    """A sentence's first date that is not the day something was told or decided."""
    spans = [*spans_of(AnswerType.DATE, text, NameHints())]
    spans += [Span.of(match) for match in _WEEKDAY.finditer(text)]
    for span in sorted(spans, key=lambda span: span.start):
        if date_marker(text, span) in ACT_MARKERS or is_clock_time(span.text):
            continue
        return span
    return None


def _dates_a_bound(text: str) -> bool:
    """Whether the day a sentence gives is when something began or ended ("which started on 30 April")."""
    span = _happening_span(text)
    return span is not None and date_marker(text, span) in BOUND_MARKERS


def one_day_against_several(
    first: Statement, second: Statement, days: tuple[date | None, date | None]
) -> bool:
    """Whether one sentence counts what happened on one day and the other over several.

    ``days`` are the sentences' happening days (``happening_day``).
    """
    # "burned ..., which started on 30 April": the day it began, not one day's count.
    one_day = [
        bool(_ONE_DAY.search(statement.text)) or (day is not None and not _dates_a_bound(statement.text))
        for statement, day in zip((first, second), days, strict=True)
    ]
    several = [bool(_SEVERAL_DAYS.search(statement.text)) for statement in (first, second)]
    return (one_day[0] and not several[0] and several[1]) or (one_day[1] and not several[1] and several[0])


_ONE_DAY = re.compile(r"\b(?:opening|first|final|last|closing|busiest) day\b", re.IGNORECASE)


_SEVERAL_DAYS = re.compile(
    r"\b(?:over|across|during|throughout)\s+(?:(?:its|the|their|all|those)\s+)?(?:\w+\s+)?(?:days|weekend|week|fortnight)\b",
    re.IGNORECASE,
)


# Reports of one happening may date it a day or two apart ("late on Saturday night", "on Sunday").
_ONE_HAPPENING_DAYS = 2


_WEEKDAY = re.compile(rf"\b(?:{WEEKDAYS})\b")
