"""A span of a sentence that may answer a question, and the calendar words spans are read with."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text import words

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# The same, in lower case, Monday first as ``date.weekday()`` counts them.
WEEKDAY_NAMES = tuple(day.lower() for day in WEEKDAYS.split("|"))
# Units written glued to a figure ("41mm", "4.1cm", "50ml"): the figure is a measure.
GLUED_UNITS = "mm|cm|km|kg|ml|mph|ft"
# A time of day, with how closely it is told: "4.10am", "just after 6am", "20:45", "midnight".
# The groups are read by ``bot.values`` to compare two times.
CLOCK_TIME = (
    r"(?:(?:just|shortly|soon|not long)\s+(?P<side>after|before)\s+|(?P<about>about|around)\s+"
    r"|(?:at|by|until|from)\s+)?"
    r"(?:(?P<hour>\d{1,2})(?:[.:](?P<minute>[0-5]\d))?\s?(?P<half>am|pm|a\.m\.|p\.m\.)"
    r"|(?<![\d:.])(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)(?![\d:])"
    r"|(?P<named>midnight|midday|noon))"
)
CLOCK = re.compile(CLOCK_TIME, re.IGNORECASE)


def is_clock_time(text: str) -> bool:
    """Whether a date span is a time of day and nothing more ("at 4.10am", "until noon")."""
    return CLOCK.fullmatch(text) is not None


# A day or month as a word ("Monday's", "April"): it says when, never who, where or what.
CALENDAR_NAME = re.compile(rf"(?:{WEEKDAYS}|{MONTHS})(?:s|['’]s)?", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int

    @classmethod
    def of(cls, match: re.Match[str], group: int | str = 0) -> Span:
        """The span a regular expression's match (or one of its groups) covers."""
        return cls(match.group(group), match.start(group), match.end(group))


def word_before(sentence: str, offset: int) -> str:
    """The (lower-case) word just before an offset of the sentence, or "" at its start."""
    before = words(sentence[:offset])
    return before[-1] if before else ""
