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
# A day or month as a word ("Monday's", "April"): it says when, never who, where or what.
CALENDAR_NAME = re.compile(rf"(?:{WEEKDAYS}|{MONTHS})(?:s|['’]s)?", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int


def word_before(sentence: str, offset: int) -> str:
    """The (lower-case) word just before an offset of the sentence, or "" at its start."""
    before = words(sentence[:offset])
    return before[-1] if before else ""
