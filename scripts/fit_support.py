"""Fit the support model (bot/data/support_model.json) on labelled question sets.

Each training row is one of the passages ranked near the top for a question, described
by the features of ``bot.support``: label 1 when it holds an expected phrase of an
answerable question, 0 when it does not or the question is out of scope. The model thus
learns whether a passage answers a question, which serves both to pick the passage to
quote among the leading ones and to decline when none answers.

    python scripts/fit_support.py                    # fit on the default sets, write the model
    python scripts/fit_support.py --meaning          # the same for the model of --meaning
    python scripts/fit_support.py --check            # only report how the shipped model does

A set is ``QUESTIONS.jsonl`` (on the bundled knowledge) or ``QUESTIONS.jsonl@FOLDER+FOLDER``
(on the articles of those knowledge folders together, for test articles).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot.answerer import Answerer
from bot.evaluation import Outcome, best_threshold, grade, holds_expected, load_questions
from bot.knowledge import load_knowledge, load_vocabulary
from bot.support import LEXICAL_FEATURES, MEANING_FEATURES, MODEL_FILES, SupportModel, bundled_support_model

ROOT = Path(__file__).resolve().parents[1]
# The lexical model's sets. The model of --meaning is fitted on more (MEANING_SETS), for
# its two more features; rounds 14 on, nearby 3 on and chat-dev are left out of both to
# measure them.
DEFAULT_SETS = (
    "tests/data/public_questions.jsonl",
    "tests/data/chat_questions.jsonl",
    "tests/data/rounds/round7.jsonl",
    "tests/data/rounds/round8.jsonl",
    "tests/data/nearby_questions.jsonl@tests/data/nearby+knowledge",
)
MEANING_SETS = (
    "tests/data/public_questions.jsonl",
    "tests/data/chat_questions.jsonl",
    *(f"tests/data/rounds/round{number}.jsonl" for number in range(7, 14)),
    "tests/data/nearby_questions.jsonl@tests/data/nearby+knowledge",
    "tests/data/nearby2_questions.jsonl@tests/data/nearby2+knowledge",
)


def build_answerer(folders: str, model: SupportModel) -> Answerer:
    """An answerer over ``FOLDER+FOLDER...`` (relative to the checkout), or the bundled knowledge."""
    paths = [ROOT / folder for folder in folders.split("+")] if folders else [None]
    articles = [article for path in paths for article in load_knowledge(path)]
    vocabulary = tuple(group for path in paths for group in load_vocabulary(path))
    return Answerer(articles, support=model, vocabulary=vocabulary, meaning=model.needs_meaning)


def rows(spec: str, model: SupportModel) -> tuple[list[list[float]], list[int]]:
    """Features and labels of one question set (see the module docstring for ``spec``).

    Every leading candidate of a question is a row: 1 when it holds an expected phrase,
    0 when it does not or the question is out of scope.
    """
    path, _, folder = spec.partition("@")
    asker = build_answerer(folder, model)
    features: list[list[float]] = []
    labels: list[int] = []
    for question in load_questions(ROOT / path):
        assessment = asker.assess(question.question)
        if assessment is None:
            continue
        ranked = sorted(assessment.candidates, key=lambda candidate: -candidate.score)
        for candidate, values, _ in asker.considered(assessment.analysis, ranked):
            quote = asker.quoted_text(candidate, assessment.analysis.answer_type)
            right = question.answerable and holds_expected(quote, question.expect)
            features.append([values[name] for name in model.features])
            labels.append(int(right))
    return features, labels


Rows = dict[str, tuple[list[list[float]], list[int]]]


def fit(data: Rows, names: tuple[str, ...]) -> SupportModel:
    """Fit on every set's rows, each set weighing as much as any other.

    Without that, the largest set (and the style it was written in) would decide the
    model alone; within the weights, answering and not-answering rows balance.
    """
    x = np.array([row for features, _ in data.values() for row in features])
    y = np.array([label for _, labels in data.values() for label in labels])
    weights = np.concatenate([np.full(len(labels), 1.0 / max(1, len(labels))) for _, labels in data.values()])
    positive = weights[y == 1].sum()
    negative = weights[y == 0].sum()
    weights = np.where(y == 1, weights * negative / positive, weights)
    regression = LogisticRegression(C=1.0, max_iter=1000)
    regression.fit(x, y, sample_weight=weights / weights.mean())
    model = SupportModel(
        coefficients=tuple(float(value) for value in regression.coef_[0]),
        intercept=float(regression.intercept_[0]),
        threshold=0.5,
        features=names,
    )
    return replace(model, threshold=float(choose_threshold(model, list(data))))


def choose_threshold(model: SupportModel, specs: list[str]) -> float:
    """The decline threshold that does best on these sets (``bot.evaluation.best_threshold``)."""
    per_set: list[list[Outcome]] = []
    for spec in specs:
        outcomes: list[Outcome] = []
        per_set.append(outcomes)
        path, _, folder = spec.partition("@")
        asker = build_answerer(folder, model)
        for question in load_questions(ROOT / path):
            assessment = asker.assess(question.question)
            if assessment is None:
                outcomes.append((question.answerable, False, 0.0))
                continue
            best = assessment.candidates[0]
            quote = asker.quoted_text(best, assessment.analysis.answer_type)
            right = question.answerable and holds_expected(quote, question.expect)
            outcomes.append((question.answerable, right, assessment.probability))
    return best_threshold(per_set)


def report(name: str, model: SupportModel, spec: str) -> None:
    """How an answerer with this model does on one question set: right first quotes, declines."""
    path, _, folder = spec.partition("@")
    asker = build_answerer(folder, model)
    graded = grade(asker, load_questions(ROOT / path))
    print(
        f"{name}: right first quote {graded.hits_at_1}/{graded.answerable}, "
        f"declined {graded.abstained_correctly}/{graded.out_of_scope}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="question sets to fit on (default: the mode's sets)")
    parser.add_argument("--meaning", action="store_true", help="fit the model of --meaning")
    parser.add_argument("--check", action="store_true", help="report the shipped model; write nothing")
    args = parser.parse_args()
    sets = args.sets or list(MEANING_SETS if args.meaning else DEFAULT_SETS)
    names = LEXICAL_FEATURES + (MEANING_FEATURES if args.meaning else ())
    path = ROOT / "bot" / "data" / MODEL_FILES[args.meaning]
    # The features do not depend on the model, so a stale or missing shipped model is no
    # obstacle to refitting it.
    neutral = SupportModel(coefficients=(0.0,) * len(names), intercept=0.0, threshold=0.5, features=names)
    data = {spec: rows(spec, neutral) for spec in sets}
    if args.check:
        for spec in sets:
            report(spec, bundled_support_model(args.meaning), spec)
        return 0
    # Leave one set out: how the fit does on questions it was not fitted on.
    if len(data) > 1:
        for spec in data:
            rest = {other: rows for other, rows in data.items() if other != spec}
            report(f"held out {spec}", fit(rest, names), spec)
    model = fit(data, names)
    for spec in data:
        report(f"fitted on {spec}", model, spec)
    for name, value in zip(names, model.coefficients, strict=True):
        print(f"  {name:18s} {value:+.3f}")
    print(f"  {'intercept':18s} {model.intercept:+.3f}")
    print(f"  {'threshold':18s} {model.threshold:.2f}")
    path.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
