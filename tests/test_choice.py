"""The choice model: its trees, as shipped data, give scikit-learn's probabilities and pick the quote."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_support import ACME

from bot.answerer import Answerer
from bot.choice import (
    FEATURES,
    ChoiceModel,
    ChoiceModelError,
    bundled_choice_model,
    from_scikit_learn,
    from_trees,
    meaning_place_features,
    place_features,
)

MakeAnswerer = Callable[[Path, Iterable[Mapping[str, Any]]], Answerer]

# One split: "support" at most 0.5 goes to a leaf of -2 log-odds, above it to +2.
STUMP = {
    "feature": [0, -1, -1],
    "value": [0.5, 0.0, 0.0],
    "left": [1, 0, 0],
    "right": [2, 0, 0],
    "leaf": [0.0, -2.0, 2.0],
}
ONE: dict[str, object] = {"features": ["support"], "baseline": 0.0, "threshold": 0.5}


def test_a_stump_splits_on_its_feature() -> None:
    model = from_trees(("support",), 0.0, 0.5, [STUMP])
    low, high = model.probabilities([{"support": 0.2}, {"support": 0.9}])
    assert low == pytest.approx(1 / (1 + np.exp(2)))
    assert high == pytest.approx(1 / (1 + np.exp(-2)))
    assert ChoiceModel.from_dict(model.to_dict()).probabilities([{"support": 0.9}])[0] == pytest.approx(high)


def test_the_walked_trees_give_what_scikit_learn_gives() -> None:
    sklearn = pytest.importorskip("sklearn.ensemble")
    generator = np.random.default_rng(7)
    x = generator.random((400, 3))
    y = (x[:, 0] + 0.5 * x[:, 1] - 0.3 * x[:, 2] + generator.normal(0, 0.2, 400) > 0.6).astype(int)
    trees = sklearn.HistGradientBoostingClassifier(max_iter=20, max_leaf_nodes=6, early_stopping=False).fit(
        x, y
    )
    names = ("support", "rank", "core_coverage")
    model = from_scikit_learn(trees, names, 0.5)
    rows = [dict(zip(names, row, strict=True)) for row in x]
    assert np.allclose(model.probabilities(rows), trees.predict_proba(x)[:, 1], atol=1e-9)
    again = ChoiceModel.from_dict(model.to_dict())
    assert np.allclose(again.probabilities(rows), trees.predict_proba(x)[:, 1], atol=1e-5)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"features": ["no such feature"], "baseline": 0.0, "threshold": 0.5, "trees": [STUMP]},
        {"features": ["support"], "baseline": "x", "threshold": 0.5, "trees": [STUMP]},
        {**ONE, "trees": []},
        {**ONE, "trees": [{**STUMP, "left": [1, 0]}]},
        {**ONE, "trees": [{**STUMP, "left": [7, 0, 0]}]},
        {**ONE, "trees": [{**STUMP, "feature": [3, -1, -1]}]},
        # A node that leads back to the root never reaches a leaf.
        {**ONE, "trees": [{**STUMP, "left": [0, 0, 0]}]},
    ],
)
def test_a_malformed_model_is_a_clear_error(data: dict[str, object]) -> None:
    with pytest.raises(ChoiceModelError):
        ChoiceModel.from_dict(data)


@pytest.mark.parametrize("meaning", [False, True])
def test_the_shipped_models_load_and_say_whether_they_weigh_meaning(meaning: bool) -> None:
    model = bundled_choice_model(meaning)
    assert model.needs_meaning is meaning
    assert set(model.features) <= set(FEATURES)
    assert 0.0 < model.threshold < 1.0
    neutral = dict.fromkeys(model.features, 0.0)
    assert 0.0 <= model.probabilities([neutral])[0] <= 1.0


def test_place_features_cap_a_far_span_and_mark_a_missing_one() -> None:
    near = place_features(0.7, 0, False, 2, False)
    far = place_features(0.7, 3, True, 500, True)
    none = place_features(0.7, 3, True, None, False)
    assert near["answer_distance"] == 2.0 and near["rank"] == 0.0
    assert far["answer_distance"] < none["answer_distance"]
    assert far["rank"] == 3.0 and far["background"] == 1.0 and far["sole"] == 1.0


def test_meaning_places_rank_each_passage_against_the_closest() -> None:
    placed = meaning_place_features([0.2, 0.6, 0.4])
    assert [row["meaning_rank"] for row in placed] == [2.0, 0.0, 1.0]
    assert [row["meaning_behind"] for row in placed] == pytest.approx([-0.4, 0.0, -0.2])
    assert meaning_place_features([]) == []


def test_the_chosen_passage_is_the_most_probable_and_decides_the_answer(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    answerer = make_answerer(tmp_path, [ACME])
    assessment = answerer.assess("When will Acme stop updates for Anvil Pro?")
    assert assessment is not None
    assert "May 5" in assessment.candidates[0].passage.text
    ranked = sorted(assessment.candidates, key=lambda candidate: (-candidate.score, candidate.position))
    considered = answerer.considered(assessment.analysis, ranked)
    probabilities = answerer.choice.probabilities([features for _, features, _ in considered])
    assert assessment.probability == pytest.approx(float(probabilities.max()))
    assert answerer.ask("When will Acme stop updates for Anvil Pro?").answered is (
        assessment.probability >= answerer.choice.threshold
    )


def test_a_date_noun_is_said_by_a_date(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    # "After the deadline" is "after May 5": the passage need not say "deadline".
    answerer = make_answerer(tmp_path, [ACME])
    with_noun = answerer.assess("What happens to Anvil Pro updates after the deadline?")
    assert with_noun is not None
    assert with_noun.features["core_coverage"] == 1.0
    without_date = answerer.assess("What happens to Anvil Pro licences after the deadline?")
    assert without_date is not None and "May 5" not in without_date.candidates[0].passage.text
    assert without_date.features["core_coverage"] < 1.0
