"""The periods a sentence or a question names relatively: "this year", "last season", "next month".

"This year's festival" and "last year's" are two events however many words they share; a
question asking about next year is not answered by a sentence about another year.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.statement import Statement

_PERIOD = re.compile(
    r"\b(this|last|next|previous|coming|past)\s+(year|season|month|week|quarter|term)\b", re.IGNORECASE
)


# "past" and "previous" name the last period; "coming" the next.
_SAME_PERIOD = {"previous": "last", "past": "last", "coming": "next"}


_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who)\b[^,;]*")


# A period a figure is compared with ("down from 66% last year") dates the comparison, not the news.
_COMPARED_PERIOD = re.compile(
    r"\b(?:(?:up|down) from\b[^.;,]*?|(?:than|compared (?:with|to))\s+(?:in\s+)?)"
    r"\b(?:last|previous|past)\s+(?:year|season|month|week|quarter|term)\b",
    re.IGNORECASE,
)


def periods_told(statement: Statement) -> list[str]:
    """The periods a sentence tells its news in by name ("last year", "this season").

    Not a period its figure is compared with ("down from 66% last year"), nor one in a relative
    clause that does not hold the answer, which tells of what it follows: "will be built by
    Dunsmere Construction, which finished a similar stand ... last year" dates that stand.
    """
    text = _COMPARED_PERIOD.sub(" ", statement.text)
    for clause in _RELATIVE_CLAUSE.finditer(text):
        if not (statement.answer and statement.answer in clause.group()):
            text = text.replace(clause.group(), " ")
    return _periods_named(text)


def one_period(named: list[str]) -> str | None:
    """Which period of these a sentence tells of: "this", "last" or "next", if just one."""
    found = {period.split()[0] for period in named}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1024)
def period_asked(question: str) -> str | None:
    """The period a question names by "this", "last" or "next", as "next year", if just one.

    Worked out once per question: every passage compared for it asks.
    """
    found = set(_periods_named(question))
    return found.pop() if len(found) == 1 else None


def _periods_named(text: str) -> list[str]:
    """The periods a text names relatively ("last year", "this season"), "previous" as "last"."""
    return [
        f"{_SAME_PERIOD.get(match.group(1).lower(), match.group(1).lower())} {match.group(2).lower()}"
        for match in _PERIOD.finditer(text)
    ]


def another_period(named: list[str], asked: str) -> bool:
    """Whether these name another period of the asked kind ("last year", asked "next year")."""
    unit = asked.split()[1]
    return any(period != asked and period.endswith(f" {unit}") for period in named)
