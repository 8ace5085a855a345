"""Choosing the passage to quote, and whether to answer: boosted trees over the leading passages.

The ranker orders passages by the question's words, and the support model (``bot.support``)
judges one passage at a time. The choice model sees each of the leading passages among the
others: its support features and probability, its rank, whether it recalls background, how far
its answer span stands from the question's words and, with closeness in meaning, how its
closeness ranks among theirs. Gradient-boosted trees, fitted with scikit-learn on labelled
question sets (``scripts/fit_choice.py``), give each passage the probability that it answers.
The most probable one is quoted when that probability reaches the model's threshold.

The trees are data (``data/choice_model.json``, and ``data/choice_model_meaning.json`` for
closeness in meaning), walked here with numpy, so that answering never imports scikit-learn.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from bot.support import FEATURES as SUPPORT_FEATURES
from bot.support import MEANING_FEATURES
from bot.word_meaning import WORD_MEANING_FEATURES

# What a passage's place among the leading ones says, beside its own support features.
PLACE_FEATURES = ("support", "rank", "background", "answer_distance", "sole")
MEANING_PLACE_FEATURES = ("meaning_rank", "meaning_behind")
FEATURES = SUPPORT_FEATURES + PLACE_FEATURES + MEANING_PLACE_FEATURES + WORD_MEANING_FEATURES
# An answer span this far or farther from the question's words (or none) tells nothing more.
FAR = 30
NO_SPAN = 40
MODEL_FILES = {False: "choice_model.json", True: "choice_model_meaning.json"}


class ChoiceModelError(Exception):
    """The choice model's data file is missing or malformed."""


def place_features(
    support: float,
    rank: int,
    background: bool,
    answer_distance: int | None,
    sole: bool,
) -> dict[str, float]:
    """The features of a passage's place among the leading ones (see :data:`PLACE_FEATURES`)."""
    return {
        "support": support,
        "rank": float(rank),
        "background": float(background),
        "answer_distance": float(NO_SPAN if answer_distance is None else min(answer_distance, FAR)),
        "sole": float(sole),
    }


def meaning_place_features(closeness: Sequence[float]) -> list[dict[str, float]]:
    """Each passage's closeness in meaning to the question, against the other leading passages'."""
    values = np.asarray(closeness, dtype=float)
    if not len(values):
        return []
    ranks = (-values).argsort(kind="stable").argsort()
    best = float(values.max())
    return [
        {"meaning_rank": float(rank), "meaning_behind": float(value) - best}
        for rank, value in zip(ranks, values, strict=True)
    ]


@dataclass(frozen=True)
class ChoiceModel:
    """Gradient-boosted regression trees whose summed leaves are the log-odds that a passage answers.

    Each tree is four arrays over its nodes: the feature a node splits on (-1 at a leaf), the
    value it splits at (a passage goes left when its feature is at most that), the left and
    right children, and each leaf's value.
    """

    features: tuple[str, ...]
    baseline: float
    threshold: float
    split_feature: np.ndarray  # trees x nodes, int
    split_value: np.ndarray  # trees x nodes, float
    left: np.ndarray
    right: np.ndarray
    leaf_value: np.ndarray
    sizes: tuple[int, ...]  # each tree's count of nodes (the arrays are padded to the largest)
    depth: int

    @property
    def needs_meaning(self) -> bool:
        return any(
            name in MEANING_FEATURES or name in MEANING_PLACE_FEATURES or name in WORD_MEANING_FEATURES
            for name in self.features
        )

    def probabilities(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """The probability that each passage (a mapping of its features) answers the question."""
        if not rows:
            return np.zeros(0)
        values = np.array([[row[name] for name in self.features] for row in rows], dtype=float)
        trees = self.split_feature.shape[0]
        node = np.zeros((trees, len(rows)), dtype=np.int64)
        tree_index = np.arange(trees)[:, None]
        passage_index = np.arange(len(rows))[None, :]
        for _ in range(self.depth):
            feature = self.split_feature[tree_index, node]
            inner = feature >= 0
            goes_left = values[passage_index, np.maximum(feature, 0)] <= self.split_value[tree_index, node]
            following = np.where(goes_left, self.left[tree_index, node], self.right[tree_index, node])
            node = np.where(inner, following, node)
        logit = self.baseline + self.leaf_value[tree_index, node].sum(axis=0)
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logit, -60.0, 60.0))))

    def answering(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """The probability that each passage answers, 0 for one the support model rules out.

        Support is exactly 0 for a passage that lacks the count, date or span of time asked
        for (``Answerer.considered``): "when" is not answered by a sentence with no date.
        """
        probabilities = self.probabilities(rows)
        return np.where([row["support"] > 0 for row in rows], probabilities, 0.0) if rows else probabilities

    def to_dict(self) -> dict[str, object]:
        trees = []
        for tree, size in enumerate(self.sizes):
            trees.append(
                {
                    "feature": self.split_feature[tree, :size].tolist(),
                    # Unrounded: a passage just past a split would otherwise go the other way.
                    "value": [float(value) for value in self.split_value[tree, :size]],
                    "left": self.left[tree, :size].tolist(),
                    "right": self.right[tree, :size].tolist(),
                    "leaf": [round(float(value), 6) for value in self.leaf_value[tree, :size]],
                }
            )
        return {
            "features": list(self.features),
            "baseline": round(self.baseline, 6),
            "threshold": round(self.threshold, 4),
            "trees": trees,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ChoiceModel:
        names = data.get("features")
        if (
            not isinstance(names, list)
            or not names
            or len(set(names)) != len(names)
            or not set(names) <= set(FEATURES)
        ):
            raise ChoiceModelError(
                f"choice model features {names!r} are not distinct names of {list(FEATURES)!r}"
            )
        baseline = data.get("baseline")
        threshold = data.get("threshold")
        if not isinstance(baseline, int | float) or not isinstance(threshold, int | float):
            raise ChoiceModelError("choice model baseline and threshold must be numbers")
        trees = data.get("trees")
        if not isinstance(trees, list) or not trees:
            raise ChoiceModelError("choice model needs a list of trees")
        return from_trees(tuple(names), float(baseline), float(threshold), trees)


def from_trees(
    names: tuple[str, ...], baseline: float, threshold: float, trees: Sequence[object]
) -> ChoiceModel:
    """A model from trees given as mappings of node lists (the shape ``to_dict`` writes)."""
    keys = ("feature", "value", "left", "right", "leaf")
    parsed: list[dict[str, list[float]]] = []
    for number, tree in enumerate(trees):
        if not isinstance(tree, Mapping) or not all(isinstance(tree.get(key), list) for key in keys):
            raise ChoiceModelError(f"choice model tree {number} needs the lists {', '.join(keys)}")
        size = len(tree["feature"])
        if size == 0 or any(len(tree[key]) != size for key in keys):
            raise ChoiceModelError(f"choice model tree {number}: its node lists differ in length")
        features = tree["feature"]
        children = tree["left"] + tree["right"]
        if not all(isinstance(value, int) and -1 <= value < len(names) for value in features) or not all(
            isinstance(value, int) and 0 <= value < size for value in children
        ):
            raise ChoiceModelError(f"choice model tree {number}: a node points outside the tree")
        parsed.append({key: tree[key] for key in keys})
    width = max(len(tree["feature"]) for tree in parsed)

    def padded(key: str, dtype: type, fill: float) -> np.ndarray:
        array: np.ndarray = np.full((len(parsed), width), fill, dtype=dtype)
        for row, tree in enumerate(parsed):
            array[row, : len(tree[key])] = tree[key]
        return array

    split_feature = padded("feature", np.int64, -1)
    left = padded("left", np.int64, 0)
    right = padded("right", np.int64, 0)
    return ChoiceModel(
        features=names,
        baseline=baseline,
        threshold=threshold,
        split_feature=split_feature,
        split_value=padded("value", float, 0.0),
        left=left,
        right=right,
        leaf_value=padded("leaf", float, 0.0),
        sizes=tuple(len(tree["feature"]) for tree in parsed),
        depth=_depth(split_feature, left, right),
    )


def from_scikit_learn(trees: Any, names: tuple[str, ...], threshold: float) -> ChoiceModel:
    """A model from a fitted ``sklearn.ensemble.HistGradientBoostingClassifier`` (binary).

    Only its fitted trees are read (no scikit-learn import): each node's split feature and
    value, children, and leaf value; the learning rate is already in the leaves.
    """
    return from_trees(
        names,
        float(np.ravel(trees._baseline_prediction)[0]),
        threshold,
        [
            {
                "feature": [int(-1 if node["is_leaf"] else node["feature_idx"]) for node in nodes],
                "value": [float(node["num_threshold"]) for node in nodes],
                "left": [int(node["left"]) for node in nodes],
                "right": [int(node["right"]) for node in nodes],
                "leaf": [float(node["value"] if node["is_leaf"] else 0.0) for node in nodes],
            }
            for nodes in (predictor[0].nodes for predictor in trees._predictors)
        ],
    )


def _depth(split_feature: np.ndarray, left: np.ndarray, right: np.ndarray) -> int:
    """The most splits on any path from a root to a leaf; a cycle is a malformed model."""
    deepest = 0
    for tree in range(split_feature.shape[0]):
        frontier = [(0, 0)]
        while frontier:
            node, depth = frontier.pop()
            if depth > split_feature.shape[1]:
                raise ChoiceModelError(f"choice model tree {tree} loops")
            if split_feature[tree, node] < 0:
                deepest = max(deepest, depth)
                continue
            frontier += [(int(left[tree, node]), depth + 1), (int(right[tree, node]), depth + 1)]
    return deepest


@cache
def bundled_choice_model(meaning: bool = False) -> ChoiceModel:
    """The model fitted by ``scripts/fit_choice.py``, shipped in ``bot/data``.

    With ``meaning``, the model that also weighs closeness in meaning.
    """
    path = resources.files("bot").joinpath("data", MODEL_FILES[meaning])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ChoiceModelError(f"{path}: cannot be read ({error})") from None
    if not isinstance(data, Mapping):
        raise ChoiceModelError(f"{path}: is not a JSON object")
    return ChoiceModel.from_dict(data)
