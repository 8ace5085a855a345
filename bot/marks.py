"""What a date marks besides the happening itself: its telling, a decision, a start or an end.

"announced in June" dates a telling, "approved ... at its meeting on January 8" a decision,
"starting June 2" a start and "until September" an end; a question asks about a mark when
its words say so ("when was it announced"). The words are in ``data/dates.yaml``.
"""

from __future__ import annotations

import re
from functools import cache

from bot.english import date_markers
from bot.spans import WEEKDAY_NAMES, Span
from bot.text import words

# What is waited for after "until <date>": "for the trial to start", "for the road to reopen".
_AWAITED = re.compile(r"\s+for\s+[^,;.]{1,60}?\s+to\s+(?:be\s+)?\w+", re.IGNORECASE)


# What a date can mark besides the happening itself: its telling ("announced in June"),
# or the start or end of a state ("starting June 2", "until September"). Each with the
# stems that say so in a question ("when was it announced", "when does it start").
def date_marker(sentence: str, span: Span) -> str | None:
    """What a date span marks besides the happening ("telling", "decision", "start", "end"), or None.

    Told by the two words before it or its own opening ("in June" after "announced";
    "from July 20"; "until September"); the words are in ``data/dates.yaml``.
    """
    preceding = [word.lower() for word in words(sentence[: span.start])]
    # "voted on Wednesday, April 9": the weekday is the date's own, not what marks it.
    if preceding and preceding[-1] in WEEKDAY_NAMES:
        preceding = preceding[:-1]
    lead = preceding[-2:]
    opening = [word.lower() for word in words(span.text)[:2]]
    told = {*lead, *opening[:1], " ".join(opening)}
    markers = date_markers()
    for marker, (before, _asked) in markers.items():
        if told & before:
            if marker == "end" and _AWAITED.match(sentence, span.end):
                # "will have to wait until March 23 for the trial to start": the day the wait
                # ends is the day the trial starts, the happening itself.
                return None
            return marker
    # "received letters this week confirming that ...": the date of the telling right after it.
    following = re.split(r"[,;:()]", sentence[span.end :])[0]
    if {word.lower() for word in words(following)[:_TELLING_AFTER]} & markers["telling"][0]:
        return "telling"
    # "announced its new drill policy on Aug. 1", "approved higher fares at its meeting on
    # January 8": the date of a telling or a decision whose object runs up to it, with no
    # other verb or mark between ("said the ban takes effect on ...").
    clause = re.split(r"[,;:()]|\b(?:that|which|who|and|but)\b", sentence[: span.start])[-1]
    between = [word.lower() for word in words(clause)][-_TOLD_OBJECT_WORDS:]
    for word in reversed(between):
        if word in _CLAUSE_VERBS:
            return None
        marked = next((marker for marker, (before, _asked) in markers.items() if word in before), None)
        if marked is not None:
            return marked if marked in ACT_MARKERS else None
    return None


# Marks of a date that is not the happening but an act about it: its telling, its decision.
ACT_MARKERS = frozenset({"telling", "decision"})
# How many words after a date may tell of it ("this week confirming", "on Monday said").
_TELLING_AFTER = 2
# How far back a telling verb's object may reach; words that are a verb of their own clause.
_TOLD_OBJECT_WORDS = 9
_CLAUSE_VERBS = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "has",
        "have",
        "had",
        "take",
        "takes",
        "took",
        "come",
        "comes",
        "came",
        "go",
        "goes",
        "went",
        "become",
        "becomes",
        "became",
        "get",
        "gets",
        "got",
    }
)


# The marks of a state's bounds: a question asking when something opens is not answered by
# the day it stays open until.
BOUND_MARKERS = frozenset({"start", "end"})
_ASKED_DATE = r"\s+(?:when\b|(?:what|which)\s+(?:date|day|month|year|time)\b)"


def marks_led_by_the_question(question: str) -> frozenset[str]:
    """The bounds a question asks with a date's own leading word: "until when", "from what date"."""
    return frozenset(marker for marker, led in _led_by_a_bound().items() if led.search(question))


@cache
def _led_by_a_bound() -> dict[str, re.Pattern[str]]:
    """For each bound, a date's leading word of it right before "when" or "what date"."""
    patterns = {}
    for marker in BOUND_MARKERS:
        before, _asked = date_markers()[marker]
        leading = "|".join(re.escape(word) for word in sorted(before))
        patterns[marker] = re.compile(rf"\b(?:{leading})\b(?={_ASKED_DATE})", re.IGNORECASE)
    return patterns


def question_markers(question: str) -> frozenset[str]:
    """The marks a question asks about ("when was it announced" asks about a telling)."""
    asked_words = {word.lower() for word in words(question)}
    return frozenset(marker for marker, (_before, asked) in date_markers().items() if asked_words & asked)
