"""General English that holds for any news article: banbot's thesaurus, light words and dictionaries.

The thesaurus (``data/thesaurus.yaml``) and light words (``data/lightwords.txt``) are banbot's
own data; the dictionaries are pyspellchecker's. Each is loaded once, when first needed.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

import yaml
from spellchecker import SpellChecker

from bot.text import analyze, words, zipf

# Shorter words are too often another word one letter away to be repaired.
MIN_CORRECTABLE_LENGTH = 4

Groups = tuple[tuple[tuple[str, ...], ...], ...]


@cache
def thesaurus() -> Groups:
    """Groups of analyzed phrases from ``data/thesaurus.yaml``: general English."""
    text = resources.files("bot").joinpath("data", "thesaurus.yaml").read_text(encoding="utf-8")
    return analyzed_groups(tuple(tuple(str(member) for member in group) for group in yaml.safe_load(text)))


@cache
def general_words() -> frozenset[str]:
    """The words of banbot's own English data: the thesaurus and the tone words."""
    text = resources.files("bot").joinpath("data", "thesaurus.yaml").read_text(encoding="utf-8")
    found = {word for group in yaml.safe_load(text) for member in group for word in words(str(member))}
    return frozenset(found | light_words())


def analyzed_groups(groups: tuple[tuple[str, ...], ...]) -> Groups:
    """Synonym groups as analyzed phrases (tuples of stems), repeats and empties dropped."""
    analyzed = []
    for group in groups:
        members = tuple(dict.fromkeys(tuple(analyze(member)) for member in group))
        analyzed.append(tuple(member for member in members if member))
    return tuple(analyzed)


@cache
def light_words() -> frozenset[str]:
    text = resources.files("bot").joinpath("data", "lightwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def english_dictionary() -> SpellChecker:
    return SpellChecker(language="en")


@lru_cache(maxsize=65536)
def is_english_word(word: str) -> bool:
    return bool(english_dictionary().known([word]))


@cache
def near_dictionary() -> SpellChecker:
    return SpellChecker(language="en", distance=1)


# A word this rare as written (Zipf frequency) is more likely a typo than a name.
_TYPO_ZIPF = 3.0


@lru_cache(maxsize=65536)
def english_typo_fix(word: str) -> str | None:
    """The English word one edit away from a misspelt one, or None (names stay as they are)."""
    if len(word) < MIN_CORRECTABLE_LENGTH or word.isdigit():
        return None
    if zipf(word) >= _TYPO_ZIPF:
        return None
    corrected = near_dictionary().correction(word)
    return corrected if corrected and corrected != word else None
