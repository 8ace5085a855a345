"""Grading a question set: hit@1, hit@3, mean reciprocal rank and abstention precision/recall."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.models import Answer
from bot.text import fold


class Asker(Protocol):
    """Anything that answers a question: banbot's Answerer, or a baseline to compare with."""

    def ask(self, question: str) -> Answer: ...


class QuestionSetError(Exception):
    """A question-set file that cannot be graded; the message names the file and line."""


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    expect: tuple[str, ...]

    @property
    def answerable(self) -> bool:
        return bool(self.expect)


@dataclass(frozen=True)
class Miss:
    question: EvalQuestion
    first: str | None
    why: str


@dataclass
class Report:
    """The figures for one question set."""

    answerable: int = 0
    out_of_scope: int = 0
    hits_at_1: int = 0
    hits_at_3: int = 0
    reciprocal_rank_sum: float = 0.0
    abstained: int = 0
    abstained_correctly: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def hit_at_1(self) -> float:
        return self.hits_at_1 / self.answerable if self.answerable else 0.0

    @property
    def hit_at_3(self) -> float:
        return self.hits_at_3 / self.answerable if self.answerable else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal_rank_sum / self.answerable if self.answerable else 0.0

    @property
    def abstention_precision(self) -> float:
        return self.abstained_correctly / self.abstained if self.abstained else 1.0

    @property
    def abstention_recall(self) -> float:
        return self.abstained_correctly / self.out_of_scope if self.out_of_scope else 1.0

    def to_dict(self) -> dict[str, object]:
        return {
            "answerable": self.answerable,
            "out_of_scope": self.out_of_scope,
            "hits_at_1": self.hits_at_1,
            "hit_at_1": round(self.hit_at_1, 4),
            "hit_at_3": round(self.hit_at_3, 4),
            "mrr": round(self.mrr, 4),
            "abstained": self.abstained,
            "abstained_correctly": self.abstained_correctly,
            "abstention_precision": round(self.abstention_precision, 4),
            "abstention_recall": round(self.abstention_recall, 4),
            "misses": [
                {
                    "id": miss.question.id,
                    "question": miss.question.question,
                    "why": miss.why,
                    "first": miss.first,
                }
                for miss in self.misses
            ],
        }


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a JSON Lines question set: ``{"id", "question", "expect": [phrases]}`` a line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise QuestionSetError(f"{path}: cannot be read ({error})") from None
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            # No phrase expected, written [] or null: a question the articles should not answer.
            expect = record.get("expect") or []
            question = EvalQuestion(
                id=str(record.get("id", number)),
                question=record["question"],
                expect=tuple(expect),
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise QuestionSetError(f"{path}:{number}: not a question record ({error})") from None
        if not isinstance(expect, list) or not all(isinstance(phrase, str) for phrase in expect):
            raise QuestionSetError(f"{path}:{number}: 'expect' must be a list of phrases")
        if not isinstance(question.question, str):
            raise QuestionSetError(f"{path}:{number}: 'question' must be text")
        questions.append(question)
    if not questions:
        raise QuestionSetError(f"{path}: no questions")
    return questions


def holds_expected(text: str, expect: Iterable[str]) -> bool:
    folded = fold(text).lower()
    return any(fold(phrase).lower() in folded for phrase in expect)


def grade(answerer: Asker, questions: Iterable[EvalQuestion]) -> Report:
    report = Report()
    for question in questions:
        answer = answerer.ask(question.question)
        _grade_one(report, question, answer)
    return report


# How a model does on one question: answerable, first quote right, and its probability.
Outcome = tuple[bool, bool, float]


def best_threshold(per_set: Iterable[Sequence[Outcome]]) -> float:
    """The decline threshold that maximises right answers plus right declines, each as a share.

    The shares are averaged over the sets, so that each set, and within it answerable and
    out-of-scope questions, weigh alike however many of each there are.
    """
    return thresholds_by_merit(per_set)[0]


def thresholds_by_merit(per_set: Iterable[Sequence[Outcome]]) -> list[float]:
    """Every decline threshold tried (0.05 to 0.95), best first by the merit of :func:`best_threshold`."""
    sets = [list(outcomes) for outcomes in per_set]

    def merit(threshold: float) -> float:
        total = 0.0
        for outcomes in sets:
            answerable = sum(item[0] for item in outcomes) or 1
            out_of_scope = sum(not item[0] for item in outcomes) or 1
            right = sum(item[0] and item[1] and item[2] >= threshold for item in outcomes)
            declined = sum(not item[0] and item[2] < threshold for item in outcomes)
            total += right / answerable + declined / out_of_scope
        return total

    tried = [round(float(threshold), 2) for threshold in np.arange(0.05, 0.96, 0.01)]
    # sorted() keeps the lower of equal thresholds first, as max() did.
    return sorted(tried, key=merit, reverse=True)


def _grade_one(report: Report, question: EvalQuestion, answer: Answer) -> None:
    first = answer.quotes[0].text if answer.quotes else None
    if not answer.answered:
        report.abstained += 1
    if not question.answerable:
        report.out_of_scope += 1
        if not answer.answered:
            report.abstained_correctly += 1
        else:
            report.misses.append(Miss(question, first, "answered an out-of-scope question"))
        return
    report.answerable += 1
    if not answer.answered:
        report.misses.append(Miss(question, None, "abstained"))
        return
    ranks = [
        rank
        for rank, quote in enumerate(answer.quotes, start=1)
        if holds_expected(quote.text, question.expect)
    ]
    if ranks:
        report.reciprocal_rank_sum += 1 / ranks[0]
        report.hits_at_3 += ranks[0] <= 3
        report.hits_at_1 += ranks[0] == 1
    if not ranks or ranks[0] != 1:
        report.misses.append(Miss(question, first, "expected phrase not in the first quote"))
