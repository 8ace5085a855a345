"""Whether a passage answers the question: support features and the fitted support model.

banbot answers only from a passage that (with its neighbours in the same paragraph) says
what the question asks about. The signals, measured on that passage and not on the whole
knowledge folder, are combined by a logistic regression fitted on labelled questions
(``scripts/fit_support.py``); its weights are data in ``data/support_model.json``, so
refitting changes no code. ``data/support_model_meaning.json`` also weighs closeness in
meaning (``bot.meaning``). The features and this probability are what the choice model
(``bot.choice``) weighs to pick the quote and decide whether to answer.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import numpy as np

from bot.asking import said_by_the_answer
from bot.models import AnswerType
from bot.query import CoreWord, QueryAnalysis
from bot.text import stem, zipf

LEXICAL_FEATURES = (
    "core_coverage",
    "uncovered_rarity",
    "uncovered_names",
    "uncovered_share",
    "match_ratio",
    "needs_span",
    "has_span",
    "near_span",
    "rank_ratio",
    "core_size",
    "context_share",
    "asked_for_unsaid",
    "folder_coverage",
)
# Closeness in meaning (bot/meaning.py), worked out only when banbot runs with --meaning.
MEANING_FEATURES = ("meaning_gap", "meaning_closeness")
FEATURES = LEXICAL_FEATURES + MEANING_FEATURES
_SPAN_KINDS = frozenset(
    {
        AnswerType.DATE,
        AnswerType.NUMBER,
        AnswerType.SCORE,
        AnswerType.PERSON,
        AnswerType.DURATION,
        AnswerType.REASON,
        AnswerType.PLACE,
    }
)
# A word as common as "get" (Zipf 6) says little; one rarer than "severance" (Zipf 3) says
# the most a word can. Names weigh half as much again: another company, city or product
# that the passage never names is the surest sign it is about something else.
_COMMON_ZIPF = 6.5
_RARITY_CAP = 4.0
_NAME_FACTOR = 1.5
_CONTEXT_FACTOR = 0.15


@lru_cache(maxsize=65536)
def rarity(word: str) -> float:
    """How much a word says about a question's subject, from its frequency in general English."""
    if word.isdigit():
        return 2.0
    return min(_RARITY_CAP, max(0.3, _COMMON_ZIPF - zipf(word)))


def word_weight(word: CoreWord) -> float:
    weight = rarity(word.word) * (_NAME_FACTOR if word.is_name else 1.0)
    return weight * (_CONTEXT_FACTOR if word.context else 1.0)


@dataclass(frozen=True)
class Evidence:
    """What the ranking found for the passage that would be quoted."""

    stems: frozenset[str]
    score: float
    best_possible: float
    rank_ratio: float
    has_span: bool
    near_span: bool
    # How close in meaning to the question the passage is (a cosine, see bot.meaning), and
    # how much closer the closest passage of the folder is than the passage's paragraph;
    # both 0 when banbot runs without closeness in meaning.
    meaning_closeness: float = 0.0
    meaning_gap: float = 0.0
    # Whether the passage (or a neighbour) holds a date: it then says "the deadline".
    holds_date: bool = False


# Nouns that stand for a date in any news: "what happens after the deadline?" is answered by
# "After September 29, ...", which never says "deadline".
_DATE_NOUNS = ("deadline", "deadlines", "cutoff", "date", "dates")


@cache
def date_nouns() -> frozenset[str]:
    """The stems of :data:`_DATE_NOUNS`, worked out when first needed (stemming loads data)."""
    return frozenset(stem(word) for word in _DATE_NOUNS)


def core_to_say(analysis: QueryAnalysis, holds_date: bool) -> tuple[CoreWord, ...]:
    """The question's core words that the passage itself must say.

    "How long", "in which town": the answer's kind says those words, not the passage; and a
    passage holding a date says "the deadline".
    """
    asking = said_by_the_answer(analysis)
    return tuple(
        word
        for word in analysis.core
        if word.stem not in asking and not (holds_date and word.stem in date_nouns())
    )


def support_features(analysis: QueryAnalysis, evidence: Evidence) -> dict[str, float]:
    """The signals that the passage (with its neighbours) answers the question."""
    core = core_to_say(analysis, evidence.holds_date)
    total = covered = 0.0
    uncovered_rarity = 0.0
    uncovered_names = 0
    uncovered_core = 0
    asked_for_unsaid = 0.0
    for word in core:
        weight = word_weight(word)
        total += weight
        if word.said_in(evidence.stems):
            covered += weight
        else:
            uncovered_rarity = max(uncovered_rarity, weight)
            uncovered_names += word.is_name and not word.context
            uncovered_core += not word.context
            asked_for_unsaid = max(asked_for_unsaid, float(word.asked_for))
    needs_span = analysis.answer_type in _SPAN_KINDS
    asked = sum(not word.context for word in core)
    return {
        "core_coverage": covered / total if total else 0.0,
        "uncovered_rarity": uncovered_rarity,
        "uncovered_names": float(uncovered_names),
        "uncovered_share": uncovered_core / asked if asked else 0.0,
        "match_ratio": min(1.0, evidence.score / evidence.best_possible) if evidence.best_possible else 0.0,
        "needs_span": float(needs_span),
        "has_span": float(needs_span and evidence.has_span),
        "near_span": float(needs_span and evidence.near_span),
        "rank_ratio": evidence.rank_ratio,
        "core_size": math.log1p(asked),
        "context_share": sum(word.context for word in core) / len(core) if core else 0.0,
        "asked_for_unsaid": asked_for_unsaid,
        "folder_coverage": analysis.coverage,
        "meaning_gap": evidence.meaning_gap,
        "meaning_closeness": evidence.meaning_closeness,
    }


class SupportModelError(Exception):
    """The fitted support model's data file is missing or malformed."""


@dataclass(frozen=True)
class SupportModel:
    """A logistic regression over some of :data:`FEATURES`: the probability that the passage answers."""

    coefficients: tuple[float, ...]
    intercept: float
    threshold: float
    features: tuple[str, ...] = LEXICAL_FEATURES

    def probability(self, features: Mapping[str, float]) -> float:
        values = np.array([features[name] for name in self.features], dtype=float)
        logit = float(values @ np.array(self.coefficients)) + self.intercept
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, logit))))

    def supports(self, features: Mapping[str, float]) -> bool:
        return self.probability(features) >= self.threshold

    @property
    def needs_meaning(self) -> bool:
        return any(name in MEANING_FEATURES for name in self.features)

    def to_dict(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "coefficients": [round(value, 6) for value in self.coefficients],
            "intercept": round(self.intercept, 6),
            "threshold": round(self.threshold, 4),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> SupportModel:
        names = data.get("features")
        coefficients = data.get("coefficients")
        if (
            not isinstance(names, list)
            or not names
            or len(set(names)) != len(names)
            or not set(names) <= set(FEATURES)
        ):
            raise SupportModelError(
                f"support model features {names!r} are not distinct names of {list(FEATURES)!r}"
            )
        if not isinstance(coefficients, Sequence) or len(coefficients) != len(names):
            raise SupportModelError("support model needs one coefficient per feature")
        intercept = data.get("intercept")
        threshold = data.get("threshold", 0.5)
        if not isinstance(intercept, int | float) or not isinstance(threshold, int | float):
            raise SupportModelError("support model intercept and threshold must be numbers")
        return cls(
            tuple(float(value) for value in coefficients), float(intercept), float(threshold), tuple(names)
        )


MODEL_FILES = {False: "support_model.json", True: "support_model_meaning.json"}


@cache
def bundled_support_model(meaning: bool = False) -> SupportModel:
    """The model fitted by ``scripts/fit_support.py``, shipped in ``bot/data``.

    With ``meaning``, the model that also weighs closeness in meaning (``--meaning``).
    """
    path = resources.files("bot").joinpath("data", MODEL_FILES[meaning])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SupportModelError(f"{path}: cannot be read ({error})") from None
    return SupportModel.from_dict(data)
