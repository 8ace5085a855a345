"""Whether a passage says the question's words in other words: closeness in meaning of single words.

A paraphrase asks for "the Moscow-headquartered vendor" where the passage says "the
Russia-based company": the support features (``bot.support``) count such words as unsaid.
Here each core word the passage does not say is set against the passage's own words
(with its paragraph neighbours), each encoded alone by the sentence encoder
(``bot.meaning``), and counts as said as far as its closest word is close to it. Used only
with closeness in meaning; the choice model (``bot.choice``) weighs the two features.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache

import numpy as np

from bot.meaning import DIMENSIONS, SentenceEncoder
from bot.query import CoreWord
from bot.support import word_weight
from bot.text import STOP_WORDS, words

WORD_MEANING_FEATURES = ("soft_coverage", "soft_missing")
# Two single words less close than this are unrelated ("dog" and "september" are 0.32);
# as close as this they are one idea ("moscow" and "russia" are 0.84, "workers" and
# "employees" 0.85).
_UNRELATED = 0.35
_SAME = 0.75
# Single words remembered across questions (a vector is 1.5 kB).
_REMEMBERED = 100_000


class WordMeanings:
    """Single words' vectors, each encoded once and remembered."""

    def __init__(self, encoder: SentenceEncoder) -> None:
        self.encoder = encoder
        self._lock = threading.Lock()
        self._vectors: dict[str, np.ndarray] = {}

    def vectors(self, wanted: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = [word for word in dict.fromkeys(wanted) if word not in self._vectors]
            if missing:
                encoded = self.encoder.encode(missing, remember=False)
                if len(self._vectors) + len(missing) > _REMEMBERED:
                    self._vectors.clear()
                self._vectors.update(zip(missing, encoded, strict=True))
            if not wanted:
                return np.zeros((0, DIMENSIONS), dtype=np.float32)
            return np.array([self._vectors[word] for word in wanted], dtype=np.float32)


@cache
def word_meanings_of(encoder: SentenceEncoder) -> WordMeanings:
    """The one store of word vectors of an encoder, shared by every answerer that uses it."""
    return WordMeanings(encoder)


def passage_words(texts: Sequence[str]) -> list[str]:
    """The distinct content words of a passage and its neighbours."""
    return list(
        dict.fromkeys(
            word for text in texts for word in words(text) if word not in STOP_WORDS and not word[0].isdigit()
        )
    )


def soft_features(
    core: Sequence[CoreWord], said: frozenset[str], texts: Sequence[str], meanings: WordMeanings
) -> dict[str, float]:
    """How much of the core the passage says, counting a word said in other words by closeness."""
    unsaid = [word for word in core if not word.said_in(said)]
    total = sum(word_weight(word) for word in core)
    if not total:
        return {"soft_coverage": 0.0, "soft_missing": 0.0}
    covered = total - sum(word_weight(word) for word in unsaid)
    missing = 0.0
    candidates = passage_words(texts)
    if unsaid and candidates:
        asked = meanings.vectors([word.word for word in unsaid])
        closest = (asked @ meanings.vectors(candidates).T).max(axis=1)
        share = np.clip((closest - _UNRELATED) / (_SAME - _UNRELATED), 0.0, 1.0)
        for word, said_share in zip(unsaid, share, strict=True):
            covered += word_weight(word) * float(said_share)
            if not word.context:
                missing = max(missing, word_weight(word) * (1.0 - float(said_share)))
    elif unsaid:
        missing = max((word_weight(word) for word in unsaid if not word.context), default=0.0)
    return {"soft_coverage": covered / total, "soft_missing": missing}
