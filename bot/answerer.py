"""Answering: rank passages for a question, pick the quotes, extract a short answer, or abstain."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.extract import answer_key, holds_answer, short_answer
from bot.index import PassageIndex
from bot.knowledge import load_knowledge
from bot.models import Answer, Article, Passage, Quote, Source
from bot.query import AnswerType, QueryAnalysis, QueryAnalyzer
from bot.text import fold, words

MAX_QUESTION_CHARS = 1000
_ANAPHORIC_START = re.compile(r"^(?:This|These|That|Those|It|Its|He|She|They|Their|Such)\b")
_DECISIVE_KINDS = (AnswerType.DATE, AnswerType.NUMBER, AnswerType.PERSON, AnswerType.DURATION)


@dataclass(frozen=True)
class Tuning:
    """The knobs of ranking and abstention; defaults measured with ``banbot eval``."""

    min_coverage: float = 0.6
    min_score: float = 0.5
    context_weight: float = 0.2
    answer_type_bonus: float = 0.35
    second_quote_ratio: float = 0.55
    agreement_similarity: float = 0.5
    max_quotes: int = 3
    suggestions: int = 3


@dataclass(frozen=True)
class _Candidate:
    position: int
    score: float
    passage: Passage
    stems: frozenset[str]
    answer: str | None


class Answerer:
    """Answers questions from one set of articles. Immutable once built; safe to share."""

    def __init__(self, articles: Sequence[Article], tuning: Tuning | None = None) -> None:
        self.tuning = tuning or Tuning()
        self.articles = tuple(articles)
        self.index = PassageIndex(self.articles)
        self._analyzer = QueryAnalyzer(self.index)
        self.topics = tuple(article.source.title for article in self.articles)
        examples = [example for article in self.articles for example in article.examples]
        self.suggestions = tuple(examples[: self.tuning.suggestions])

    @classmethod
    def from_folder(cls, directory: str | os.PathLike[str] | None = None) -> Answerer:
        """Load a knowledge folder (the bundled one by default) and index it."""
        return cls(load_knowledge(directory))

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(article.source for article in self.articles)

    def analyze(self, question: str) -> QueryAnalysis:
        return self._analyzer.analyze(question)

    def ask(self, question: str) -> Answer:
        """Answer one question with verbatim quotes, or abstain."""
        problem = question_problem(question)
        if problem:
            return self._abstain(question, error=problem)
        analysis = self._analyzer.analyze(question)
        if not analysis.key_words or analysis.coverage < self.tuning.min_coverage:
            return self._abstain(question)
        candidates = self._rank(analysis)
        if not candidates or candidates[0].score < self.tuning.min_score:
            return self._abstain(question)
        return self._compose(analysis, candidates)

    def _rank(self, analysis: QueryAnalysis) -> list[_Candidate]:
        base = np.zeros(len(self.index))
        for term in analysis.terms:
            base += term.weight * self.index.term_scores(term.stem)
        scores = base.copy()
        common = self.index.lowercase_words
        for position in np.flatnonzero(base > 0):
            neighbours = self.index.neighbours(int(position))
            if neighbours:
                scores[position] += self.tuning.context_weight * max(base[n] for n in neighbours)
            text = self.index.entries[position].passage.text
            if holds_answer(analysis.answer_type, text, common):
                scores[position] *= 1 + self.tuning.answer_type_bonus
        order = [int(position) for position in np.argsort(-scores, kind="stable") if base[position] > 0]
        question_words = frozenset(words(analysis.question))
        candidates = []
        for position in order:
            entry = self.index.entries[position]
            answer = short_answer(
                analysis.answer_type,
                entry.passage.text,
                analysis.stems,
                question_words,
                common,
                entry.passage.source.published,
            )
            candidates.append(
                _Candidate(position, float(scores[position]), entry.passage, frozenset(entry.terms), answer)
            )
        return candidates

    def _compose(self, analysis: QueryAnalysis, candidates: list[_Candidate]) -> Answer:
        best = candidates[0]
        chosen = [best]
        agreeing: list[Source] = []
        differing: list[_Candidate] = []
        covered = best.stems & analysis.stems
        for candidate in candidates[1:]:
            if candidate.score < self.tuning.second_quote_ratio * best.score:
                break
            other_source = candidate.passage.source.id != best.passage.source.id
            same_answer = bool(best.answer and candidate.answer) and answer_key(best.answer or "") == answer_key(
                candidate.answer or ""
            )
            similar = _similarity(best.stems, candidate.stems) >= self.tuning.agreement_similarity
            if other_source and (same_answer or similar):
                if candidate.passage.source not in agreeing:
                    agreeing.append(candidate.passage.source)
                continue
            if similar or len(chosen) >= self.tuning.max_quotes:
                continue
            contradicts = (
                other_source
                and analysis.answer_type in _DECISIVE_KINDS
                and best.answer is not None
                and candidate.answer is not None
                and not differing
            )
            adds_terms = bool((candidate.stems & analysis.stems) - covered)
            if contradicts or adds_terms:
                chosen.append(candidate)
                covered |= candidate.stems & analysis.stems
                if contradicts:
                    differing.append(candidate)
        answer = best.answer
        if answer and analysis.answer_type is AnswerType.DATE and not re.search(r"\d{4}", answer):
            answer = self._year_from_agreeing(best, agreeing) or answer
        note = None
        if differing:
            other = differing[0]
            note = (
                f"The sources differ: {best.passage.source.citation()} says “{best.answer}”, "
                f"{other.passage.source.citation()} says “{other.answer}”."
            )
        quotes = tuple(
            Quote(
                text=self._widened(candidate),
                score=round(candidate.score, 4),
                source=candidate.passage.source,
                agreeing=tuple(agreeing) if candidate is best else (),
            )
            for candidate in chosen
        )
        return Answer(question=analysis.question, answered=True, answer=answer, quotes=quotes, note=note)

    def _year_from_agreeing(self, best: _Candidate, agreeing: list[Source]) -> str | None:
        for source in agreeing:
            if source.published and best.answer:
                return f"{best.answer}, {source.published.year}"
        return None

    def _widened(self, candidate: _Candidate) -> str:
        """The sentence, with the one before it when it opens by pointing back ("This ...")."""
        text = candidate.passage.text
        if _ANAPHORIC_START.match(text):
            for neighbour in self.index.neighbours(candidate.position):
                previous = self.index.entries[neighbour].passage
                if previous.position == candidate.passage.position - 1:
                    return f"{previous.text} {text}"
        return text

    def _abstain(self, question: str, error: str | None = None) -> Answer:
        return Answer(
            question=question,
            answered=False,
            topics=self.topics,
            suggestions=self.suggestions,
            error=error,
        )


def question_problem(question: object) -> str | None:
    """Why a question cannot be searched at all (empty, too long, no words), or None."""
    if not isinstance(question, str):
        return "The question must be text."
    text = "".join(char for char in question if unicodedata.category(char)[0] != "C" or char in "\t\n")
    if not fold(text):
        return "The question is empty."
    if len(question) > MAX_QUESTION_CHARS:
        return f"The question is too long ({len(question)} characters; the limit is {MAX_QUESTION_CHARS})."
    if not words(text):
        return "The question has no words to search for."
    return None


def _similarity(left: frozenset[str], right: frozenset[str]) -> float:
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


__all__ = ["Answerer", "Tuning", "question_problem"]
