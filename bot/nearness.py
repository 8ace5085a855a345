"""How near an answer span stands to the question's words, and the nearest span of the asked kind.

A span beside the question's words ("announced in June") answers more surely than one elsewhere
in the sentence; a clause that describes a name, or a value in an aside on one, is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from bot.extract import spans_with_words
from bot.models import AnswerType
from bot.names import NameHints, best_place
from bot.spans import Span, aside_holding, word_before
from bot.text import stem, words
from bot.who import best_person

# Answering looks at the same few sentences for question after question: their word stems are
# worked out once each.
_CACHE_SIZE = 65536


def nearest_answer(
    kind: AnswerType,
    sentence: str,
    anchor_stems: tuple[frozenset[str], frozenset[str]],
    question_words: frozenset[str],
    hints: NameHints,
    accept: Callable[[Span], bool] | None = None,
) -> tuple[Span, int] | None:
    """The answer span nearest the question's words, with its distance in words.

    None when the sentence holds no span of the kind asked for (and that ``accept`` takes).

    ``anchor_stems`` holds the question's distinctive stems, then all its stems: distance
    is measured to the distinctive ones where the sentence has any.

    Spans made only of the question's own words are not answers ("Who is Eugene
    Kaspersky?" is not answered by "Eugene Kaspersky").
    """
    candidates = [
        span
        for span, said in spans_with_words(kind, sentence, hints)
        if not said <= question_words and (accept is None or accept(span))
    ]
    if not candidates:
        return None
    distinctive, everything = anchor_stems
    anchors = _anchor_offsets(sentence, distinctive) or _anchor_offsets(sentence, everything)
    # Of a name, the clause set off after it describes it: its distance skips that clause.
    distances = [
        (
            span,
            _word_distance(
                sentence,
                span,
                anchors,
                _aside_after(sentence, span) if kind is AnswerType.PERSON else _NO_ASIDE,
            ),
        )
        for span in candidates
    ]
    if kind in (AnswerType.DATE, AnswerType.NUMBER, AnswerType.DURATION):
        # A value in a clause describing a name answers only what that clause says of it.
        said = [offset for offset in _anchor_offsets(sentence, everything) if sentence[offset].islower()]
        distances = [(span, _outside_its_aside(sentence, span, said, gap)) for span, gap in distances]
    if kind is AnswerType.PERSON:
        return best_person(sentence, distances, question_words)
    if kind is AnswerType.PLACE:
        return best_place(sentence, distances, question_words)
    if kind is AnswerType.DURATION:
        # "jailed for two and a half years", not "stole money over six years": a span after
        # "for" is how long the thing lasts, even a word further from the question's words
        # than a span that only dates the thing ("stole £38,600 from the club over six years").
        return min(distances, key=lambda pair: (pair[1] - 1.5 * _after_for(sentence, pair[0]), pair[0].start))
    return min(distances, key=lambda pair: (pair[1], pair[0].start))


def _outside_its_aside(sentence: str, span: Span, said: list[int], distance: int) -> int:
    """A span's distance, or the sentence's length when it stands in an aside that says nothing asked.

    Asked when the comet makes its closest approach, "Comet Hallworth-Ives, discovered on 29
    September by Gwendolyn Hallworth and Matthias Ives, will make its closest approach to the
    Sun on 9 March": the day of the discovery is near the comet's name, but tells of the comet,
    not of its approach. ``said`` are the offsets of the question's common words (not its names,
    which the aside may well repeat).
    """
    aside = aside_holding(sentence, span)
    if aside is None or any(aside[0] <= offset < aside[1] for offset in said):
        return distance
    return len(sentence.split())


def _after_for(sentence: str, span: Span) -> bool:
    return word_before(sentence, span.start) == "for"


# No clause to skip when measuring a span's distance (see _word_distance).
_NO_ASIDE = (0, 0)


@lru_cache(maxsize=_CACHE_SIZE)
def _token_stems(sentence: str) -> tuple[tuple[int, frozenset[str]], ...]:
    """Each token's offset in the sentence and the stems it stands for."""
    return tuple(
        (match.start(), frozenset(stem(word) for word in words(match.group(0))))
        for match in re.finditer(r"(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+", sentence)
    )


def _anchor_offsets(sentence: str, question_stems: frozenset[str]) -> list[int]:
    return [offset for offset, stems in _token_stems(sentence) if not stems.isdisjoint(question_stems)]


def _word_distance(sentence: str, span: Span, anchors: list[int], aside: tuple[int, int] = _NO_ASIDE) -> int:
    """Words between the span and the nearest question word (the sentence length if none).

    Words of ``aside`` (an offset range: the clause describing the span) are not counted.
    """
    if not anchors:
        return len(sentence.split())
    gaps = []
    for anchor in anchors:
        if span.start <= anchor < span.end:
            return 0
        if aside[0] <= anchor < aside[1]:
            continue
        low, high = sorted((anchor, span.start if anchor < span.start else span.end))
        skipped = sentence[max(low, aside[0]) : min(high, aside[1])]
        gaps.append(len(sentence[low:high].split()) - 1 - len(skipped.split()))
    return max(0, min(gaps, default=len(sentence.split())))


# ", who has run the centre since 2017," or ", Skyreach's chief executive,": a clause set off
# by commas after a name describes that name; the sentence goes on about the name after it.
_APPOSITIVE = re.compile(r",\s+[^,;:]{1,80}?,\s+(?=[a-z])")


def _aside_after(sentence: str, span: Span) -> tuple[int, int]:
    match = _APPOSITIVE.match(sentence, span.end)
    return (match.start(), match.end()) if match else _NO_ASIDE
