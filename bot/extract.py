"""Short answers: the span of a quoted sentence that answers a when, who or how-many question."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.query import AnswerType
from bot.text import fold, stem, words

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DATE = re.compile(
    rf"\b(?:(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?"
    rf"|(?:in|since|by|until|from)\s+(?:early\s+|late\s+|mid-?)?(?:{_MONTHS})(?:\s+\d{{4}})?"
    rf"|(?:in|since|by|until|from)\s+(?:19|20)\d\d"
    r"|(?:next|last|this)\s+(?:week|month|year)"
    rf"|(?:on|as of|last|next|this)\s+(?:{_WEEKDAYS})"
    r"|(?:19|20)\d\d)\b"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    "hundred|thousand|million|billion|dozen|dozens|hundreds|thousands|millions|several|half"
)
_NUMBER = re.compile(
    r"\b(?:(?:fewer|more|less)\s+than|nearly|almost|about|around|roughly|approximately|over|under|"
    r"up\s+to|at\s+least|at\s+most|some)?\s*"
    rf"(?:\d[\d,.]*%?|(?:{_NUMBER_WORDS}))(?:\s+of)?(?:[\s-]+[a-z]+)?\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"\b(?:nearly|almost|about|around|over|more than|some)?\s*\d+[\s-](?:year|month|week|day|decade)s?\b"
    r"|\b(?:decades?|years?)\b",
    re.IGNORECASE,
)
_NAME_WORD = r"(?:[A-Z][a-zA-Z'’-]*|[A-Z]\.(?:[A-Z]\.)+)"
_NAME = re.compile(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})*")
_REASON = re.compile(
    r"\b(?:citing|due to|because(?: of)?|since|over|amid|after|concluded that|arguing that)\s+"
    r"(?P<reason>[^.;]+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int


def find_dates(sentence: str) -> list[Span]:
    return [Span(match.group(0), match.start(), match.end()) for match in _DATE.finditer(sentence)]


def find_numbers(sentence: str) -> list[Span]:
    spans = []
    for match in _NUMBER.finditer(sentence):
        text = match.group(0).strip()
        if _YEAR.fullmatch(text.split()[0]) and len(text.split()) == 1:
            continue
        offset = match.group(0).index(text)
        spans.append(Span(text, match.start() + offset, match.start() + offset + len(text)))
    return spans


def find_durations(sentence: str) -> list[Span]:
    return [Span(match.group(0).strip(), match.start(), match.end()) for match in _DURATION.finditer(sentence)]


def find_names(sentence: str, common_words: frozenset[str]) -> list[Span]:
    """Capitalised runs that look like names; a sentence's first word is dropped when the
    articles also use it in lower case (a common word, not a name)."""
    spans = []
    for match in _NAME.finditer(sentence):
        tokens = match.group(0).split()
        start = match.start()
        while tokens and tokens[0].lower() in common_words:
            start += len(tokens[0]) + 1
            tokens = tokens[1:]
        if not tokens:
            continue
        text = " ".join(tokens)
        if re.fullmatch(r"U\.?S\.?|US|A|I|The|This|That|It", text):
            continue
        spans.append(Span(text, start, start + len(text)))
    return spans


def find_reasons(sentence: str) -> list[Span]:
    spans = []
    for match in _REASON.finditer(sentence):
        reason = match.group("reason").strip(" ,")
        spans.append(Span(reason, match.start("reason"), match.start("reason") + len(reason)))
    return spans


def holds_answer(kind: AnswerType, sentence: str, common_words: frozenset[str]) -> bool:
    """Whether the sentence holds a span of the kind the question asks for."""
    finder = _FINDERS.get(kind)
    if finder is None:
        return False
    return bool(finder(sentence, common_words))


def short_answer(
    kind: AnswerType,
    sentence: str,
    question_stems: frozenset[str],
    question_words: frozenset[str],
    common_words: frozenset[str],
    published: date | None,
) -> str | None:
    """The span of the sentence nearest the question's words that answers it, or None."""
    finder = _FINDERS.get(kind)
    if finder is None:
        return None
    candidates = [
        span
        for span in finder(sentence, common_words)
        if not set(words(span.text)) <= question_words
    ]
    if not candidates:
        return None
    anchors = _anchor_offsets(sentence, question_stems)
    best = min(candidates, key=lambda span: _distance(span, anchors))
    text = fold(best.text)
    if kind is AnswerType.DATE:
        text = _with_year(re.sub(r"^(?:in|since|by|until|from|on|as of)\s+", "", text), published)
    if kind is AnswerType.REASON:
        text = text[0].upper() + text[1:] if text else text
    return text or None


def answer_key(text: str) -> str:
    """A comparable form of a short answer: two sources agree when their keys are equal."""
    return " ".join(words(re.sub(r",?\s+(?:19|20)\d\d$", "", text)))


def _with_year(text: str, published: date | None) -> str:
    has_month_day = re.search(rf"(?:{_MONTHS})\s+\d", text) or re.search(r"\d\s+[A-Z]", text)
    if published and has_month_day and not _YEAR.search(text):
        return f"{text}, {published.year}"
    if published and re.fullmatch(rf"(?:{_MONTHS})", text):
        return f"{text} {published.year}"
    return text


def _anchor_offsets(sentence: str, question_stems: frozenset[str]) -> list[int]:
    return [
        match.start()
        for match in re.finditer(r"[A-Za-z0-9]+", sentence)
        if stem(match.group(0).lower()) in question_stems
    ]


def _distance(span: Span, anchors: list[int]) -> int:
    if not anchors:
        return span.start
    return min(min(abs(anchor - span.start), abs(anchor - span.end)) for anchor in anchors)


_FINDERS = {
    AnswerType.DATE: lambda sentence, _common: find_dates(sentence),
    AnswerType.NUMBER: lambda sentence, _common: find_numbers(sentence),
    AnswerType.DURATION: lambda sentence, _common: find_durations(sentence),
    AnswerType.PERSON: find_names,
    AnswerType.REASON: lambda sentence, _common: find_reasons(sentence),
}
