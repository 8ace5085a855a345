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


# ", discovered on 29 September by two amateurs,", ", which employs 340 people,", ", who was
# jailed in 2019,": a clause set off after a name that describes the name.
_DESCRIBING = re.compile(r"\s*(?:who|whom|whose|which|where|born|founded|known|[a-z]+ed)\b")
_LONGEST_ASIDE = 200


def aside_holding(sentence: str, span: Span) -> tuple[int, int] | None:
    """The clause set off by commas after a name that holds the span, as an offset range, if any.

    "Comet Hallworth-Ives, discovered on 29 September by ..., will make its closest approach":
    the day it was discovered tells of the comet, not of what the sentence goes on to say.
    """
    opening = sentence.rfind(",", 0, span.start)
    closing = sentence.find(",", span.end)
    if opening < 0 or closing < 0 or closing - opening > _LONGEST_ASIDE:
        return None
    if "," in sentence[:opening]:
        # "Wilhelmina Brannagh, who owns ..., moved her company ... after ...": the comma before
        # the span closes an earlier aside; what follows it is the sentence itself.
        return None
    before = sentence[:opening].split()
    after = sentence[closing + 1 :].lstrip()
    if not (before and before[-1][:1].isupper() and after[:1].islower()):
        return None
    if not _DESCRIBING.match(sentence, opening + 1):
        return None
    return opening, closing
