"""Support judged per passage: the asker's context, the question's core, and the fitted model."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from bot.answerer import Answerer
from bot.choice import PLACE_FEATURES
from bot.support import (
    FEATURES,
    LEXICAL_FEATURES,
    MEANING_FEATURES,
    SupportModel,
    SupportModelError,
    bundled_support_model,
    rarity,
)
from bot.text import stem
from bot.wording import question_segments

MakeAnswerer = Callable[[Path, Iterable[Mapping[str, Any]]], Answerer]

ACME = {
    "id": "acme",
    "title": "Acme ends support for Anvil Pro",
    "body": """
Acme will stop sending software updates for Anvil Pro to its customers on May 5.

Customers can no longer purchase Anvil Pro licences online.
Acme spokesperson Wile Coyote confirmed the change.

Acme products remain popular in Europe, where the company keeps its offices.
""",
}
GLOBEX = {
    "id": "globex",
    "title": "Globex opens a garden shop",
    "body": """
Globex sells garden hoses and lawn sprinklers in Springfield.

The Globex shop opens on Saturdays only, its manager said.
""",
}


@pytest.fixture(scope="module")
def two_firms(tmp_path_factory: pytest.TempPathFactory, make_answerer: MakeAnswerer) -> Answerer:
    return make_answerer(tmp_path_factory.mktemp("firms"), [ACME, GLOBEX])


def test_context_sentences_are_marked() -> None:
    segments = question_segments("My dad runs a small firm in Texas. When will they stop getting patches?")
    assert segments == [
        ("My dad runs a small firm in Texas.", True),
        ("When will they stop getting patches?", False),
    ]


def test_a_clause_before_a_dash_is_context() -> None:
    segments = question_segments("My daughter mentioned some ban - will it still protect me?")
    assert [context for _, context in segments] == [True, False]


@pytest.mark.parametrize(
    ("question", "opener"),
    [
        ("lol wait why is antivirus such a big deal for spying", "lol wait "),
        ("ok real talk, what am i supposed to do now", "ok real talk, "),
        ("yo so is kaspersky just bailing on the US", "yo so "),
        ("My dad asked. ngl kinda curious, did the CEO get sanctioned", "ngl kinda curious, "),
    ],
)
def test_a_chat_opener_is_how_the_asker_talks_not_what_they_ask(question: str, opener: str) -> None:
    segments = question_segments(question)
    assert (opener, True) in segments
    assert segments[-1] == (question[question.index(opener) + len(opener) :], False)


def test_a_question_without_context_is_all_question() -> None:
    assert question_segments("when do updates stop") == [("when do updates stop", False)]
    assert question_segments("Who? When?") == [("Who?", False), ("When?", False)]


def test_context_words_weigh_less_than_question_words(two_firms: Answerer) -> None:
    analysis = two_firms.analyze("I live in Springfield. When will Acme stop updates?")
    weights = {term.stem: term.weight for term in analysis.terms}
    assert weights[stem("springfield")] < weights[stem("acme")]
    assert {word.word for word in analysis.core if word.context} == {"live", "springfield"}


def test_a_long_question_with_context_is_answered(two_firms: Answerer) -> None:
    answer = two_firms.ask(
        "My dad runs a small accounting firm in Texas and his office has used Anvil Pro for years. "
        "On what exact day will Acme stop sending updates?"
    )
    assert answer.answered
    assert "May 5" in answer.quotes[0].text


def test_a_name_from_another_article_does_not_make_a_passage_answer(two_firms: Answerer) -> None:
    # "Globex" is in the folder, so the folder "covers" every word; but the passage about
    # stopping updates is Acme's, and says nothing of Globex.
    assert two_firms.ask("When will Globex stop sending software updates?").answered is False
    assert two_firms.ask("When will Acme stop sending software updates?").answered is True


def test_each_firm_question_gets_its_own_article(two_firms: Answerer) -> None:
    answer = two_firms.ask("When does the Globex shop open?")
    assert answer.answered
    assert answer.quotes[0].source.id == "globex"


def test_rare_words_say_more_than_common_ones() -> None:
    assert rarity("severance") > rarity("company") > rarity("get")
    assert rarity("zorblaxian") == max(rarity(word) for word in ("zorblaxian", "severance", "the"))


def test_support_features_are_all_present(two_firms: Answerer) -> None:
    assessment = two_firms.assess("When will Acme stop updates?")
    assert assessment is not None
    # The support features, and the passage's place among the leading ones (bot.choice).
    assert set(assessment.features) == set(FEATURES) - set(MEANING_FEATURES) | set(PLACE_FEATURES) | set(
        MEANING_FEATURES
    )
    assert 0.0 <= assessment.probability <= 1.0


@pytest.mark.parametrize("meaning", [False, True])
def test_the_bundled_models_load(meaning: bool) -> None:
    model = bundled_support_model(meaning)
    assert len(model.coefficients) == len(model.features) == len(LEXICAL_FEATURES) + 2 * meaning
    assert 0 < model.threshold < 1


@pytest.mark.parametrize(
    "data",
    [
        {"features": ["nope"], "coefficients": [1.0], "intercept": 0.0},
        {"features": ["has_span", "has_span"], "coefficients": [1.0, 1.0], "intercept": 0.0},
        {"features": list(FEATURES), "coefficients": [1.0], "intercept": 0.0},
        {"features": list(FEATURES), "coefficients": [0.0] * len(FEATURES), "intercept": "x"},
    ],
)
def test_a_malformed_model_is_a_clear_error(data: dict[str, object]) -> None:
    with pytest.raises(SupportModelError):
        SupportModel.from_dict(data)


def test_the_model_round_trips_and_is_monotone_in_its_features() -> None:
    coefficients = tuple(1.0 if name == "core_coverage" else 0.0 for name in FEATURES)
    model = SupportModel(coefficients, intercept=-0.5, threshold=0.5, features=FEATURES)
    assert SupportModel.from_dict(model.to_dict()) == model
    low = dict.fromkeys(FEATURES, 0.0)
    high = {**low, "core_coverage": 1.0}
    assert model.probability(high) > 0.5 > model.probability(low)
    assert model.supports(high) and not model.supports(low)


def test_a_place_named_near_the_question_words_is_a_span_near_them(two_firms: Answerer) -> None:
    # Places have no short answer (the quote says which), but one beside the question's
    # words is as near as a date would be.
    assessment = two_firms.assess("Where does Globex sell garden hoses?")
    assert assessment is not None
    assert assessment.features["has_span"] == 1.0
    assert assessment.features["near_span"] == 1.0


def test_the_kind_of_place_asked_for_is_said_by_the_place_named(two_firms: Answerer) -> None:
    # "In which town ...?" is answered by "in Springfield", with or without "town".
    by_town = two_firms.assess("In which town does Globex sell garden hoses?")
    plain = two_firms.assess("Where does Globex sell garden hoses?")
    assert by_town is not None and plain is not None
    assert by_town.features["core_coverage"] == pytest.approx(plain.features["core_coverage"])
    assert by_town.features["asked_for_unsaid"] == 0.0


def test_a_name_not_written_as_a_place_says_nowhere(two_firms: Answerer) -> None:
    # "Acme spokesperson Wile Coyote confirmed the change" names people, not where they studied.
    assessment = two_firms.assess("Where did the Acme spokesperson go to school?")
    assert assessment is not None
    assert assessment.features["has_span"] == 0.0
    assert two_firms.assess("Where does Globex sell garden hoses?").features["has_span"] == 1.0


@pytest.mark.parametrize(
    "question",
    ["What reasoning did Acme give for ending support?", "What share of customers did Acme keep?"],
)
def test_a_noun_naming_the_kind_of_answer_is_not_what_is_asked_for(
    two_firms: Answerer, question: str
) -> None:
    assert not any(word.asked_for for word in two_firms.analyze(question).core)
