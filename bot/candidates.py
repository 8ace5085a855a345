"""A passage ranked for a question, with the answer span found in it, and what that span gives."""

from __future__ import annotations

from dataclasses import dataclass

from bot.models import AnswerType, Passage
from bot.names import describes_a_noun, in_a_place, names_an_organisation, place_with_region
from bot.spans import Span

# The kinds of answer a passage must hold a span of to give: a date, a count, a duration, a score.
COUNTED_KINDS = frozenset({AnswerType.DATE, AnswerType.NUMBER, AnswerType.DURATION, AnswerType.SCORE})


@dataclass(frozen=True)
class Candidate:
    """One passage as a possible answer: its score, and the span of the asked kind it holds."""

    position: int
    score: float
    passage: Passage
    stems: frozenset[str]
    answer: str | None
    answer_distance: int | None
    base_score: float = 0.0
    span: Span | None = None  # the span of the asked kind that ``answer`` comes from
    # ``span`` is a date, count or duration far from the question's words, and the only span of
    # the asked kind the sentence holds (it still answers: see bot.sources).
    sole: bool = False

    @property
    def has_span(self) -> bool:
        return self.span is not None

    def near(self, distance: int) -> bool:
        """Whether the answer span stands within ``distance`` words of the question's words."""
        return self.answer_distance is not None and self.answer_distance <= distance

    def value(self, kind: AnswerType) -> str | None:
        """The value the passage gives, to compare: its short answer, or the place it names."""
        if kind is AnswerType.PLACE and self.span is not None:
            return place_with_region(self.passage.text, self.span)
        if kind is AnswerType.PERSON and self.span is not None:
            text = self.passage.text
            if describes_a_noun(text, self.span):
                return None  # "Russian hackers" may answer who, but "Russian" names no one to compare
            if in_a_place(text, self.span) and not names_an_organisation(self.span.text):
                return None  # "barred from selling in the United States": a place, not who
        return self.answer
