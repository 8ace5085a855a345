"""Grouping key for questions: wordings that differ only in case, punctuation or a typo share one key.

``question_key`` lowercases, folds accents and apostrophes ("café" is "cafe", "don't" is
"dont"), drops punctuation and corrects each word's spelling against pyspellchecker's
English dictionary, by one edit at most:

- a word it does not know becomes its likeliest known neighbour ("fonded" → "founded");
  a word with no known neighbour (a name such as "kaspersky") stays as written;
- a word it knows stays, unless it is rare and a neighbour is a thousand times likelier:
  "wen" (a real but rare word) is far more often a mistyped "when" than meant;
- words of one or two letters, words with digits, and unknown words of three letters
  (abbreviations such as "fbi") stay as written; a correction is never a word of one or two
  letters ("wen" is not "we").

A neighbour's likelihood is its frequency in English times that of the slip that would
turn it into what was typed: a missed or swapped letter is common, an extra letter less
so, a wrong key next to the right one less still, a key far from it rare. So "renw" is
"renew", not the more frequent "rent". Nothing here knows about any article: it holds for
any English question.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from bot.english import near_dictionary

# A known word rarer than this (occurrences in the dictionary's corpus of 1.6 billion
# words) may be a typo; a neighbour must then be this many times likelier to replace it.
_RARE = 1000
_LIKELIER = 1000
_SHORT = 2

_MISSED_OR_SWAPPED = 1.0
_EXTRA = 0.5
_NEAR_KEY = 0.5
_FAR_KEY = 0.05
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")

_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_WORD = re.compile(r"[\W_]+")


def question_key(text: str) -> str:
    """The grouping key of a question: its corrected words, in order, separated by single spaces."""
    words = _NOT_WORD.sub(" ", _normal(text.lower())).split()
    return " ".join(_corrected(word) for word in words)


def spelled_right(text: str) -> bool:
    """Whether the key keeps every word of the text as written (no spelling was corrected)."""
    return _NOT_WORD.sub(" ", _normal(text.lower())).split() == question_key(text).split()


def _normal(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=65536)
def _corrected(word: str) -> str:
    if len(word) <= _SHORT or not word.isalpha():
        return word
    dictionary = near_dictionary()
    frequency = dictionary.word_frequency.dictionary
    own = frequency.get(word, 0)
    if own >= _RARE:
        return word
    scored = []
    for candidate in dictionary.known(dictionary.edit_distance_1(word)):
        if candidate == word:
            continue
        spelled = _normal(candidate)
        if spelled == word:
            return word  # "dont" is "don't", "cafe" is "café": known words, written as keys write them
        if len(spelled) > _SHORT and spelled.isalpha():
            scored.append((frequency.get(candidate, 0) * _slip(word, spelled), spelled))
    if not scored or (own == 0 and len(word) <= _SHORT + 1):
        return word
    score, best = max(scored)
    return best if own == 0 or score >= own * _LIKELIER else word


def _slip(typed: str, meant: str) -> float:
    """How likely typing ``meant`` gives ``typed``, relative to a missed letter (one edit apart)."""
    if len(meant) == len(typed) + 1:
        return _MISSED_OR_SWAPPED
    if len(meant) == len(typed) - 1:
        return _EXTRA
    differing = [(a, b) for a, b in zip(typed, meant, strict=True) if a != b]
    if len(differing) == 2 and sorted(typed) == sorted(meant):
        return _MISSED_OR_SWAPPED
    if len(differing) == 1 and differing[0][1] in _neighbour_keys().get(differing[0][0], ""):
        return _NEAR_KEY
    return _FAR_KEY


@cache
def _neighbour_keys() -> dict[str, str]:
    """Each letter's neighbours on a QWERTY keyboard (its row, and the staggered rows above and below)."""
    place = {key: (row, column) for row, keys in enumerate(_KEYBOARD) for column, key in enumerate(keys)}
    steps = ((0, -1), (0, 1), (-1, 0), (-1, 1), (1, 0), (1, -1))
    return {
        letter: "".join(
            _KEYBOARD[row + down][column + right]
            for down, right in steps
            if 0 <= row + down < len(_KEYBOARD) and 0 <= column + right < len(_KEYBOARD[row + down])
        )
        for letter, (row, column) in place.items()
    }
