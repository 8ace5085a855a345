"""General English that holds for any news article: banbot's thesaurus, light words and dictionaries.

The thesaurus (``data/thesaurus.yaml``), light words (``data/lightwords.txt``), nouns for
people (``data/people.yaml``), words beside dates (``data/dates.yaml``), tentative words
(``data/tentative.txt``) and opposed acts (``data/opposites.yaml``) are banbot's own data;
the dictionaries are pyspellchecker's. Each is loaded once, when first needed.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

import yaml
from spellchecker import SpellChecker

from bot.spans import MONTHS, WEEKDAY_NAMES
from bot.text import analyze, stem, words, zipf

# Shorter words are too often another word one letter away to be repaired.
MIN_CORRECTABLE_LENGTH = 4

Groups = tuple[tuple[tuple[str, ...], ...], ...]


@cache
def thesaurus() -> Groups:
    """Groups of analyzed phrases from ``data/thesaurus.yaml``: general English."""
    text = resources.files("bot").joinpath("data", "thesaurus.yaml").read_text(encoding="utf-8")
    return analyzed_groups(tuple(tuple(str(member) for member in group) for group in yaml.safe_load(text)))


@cache
def equivalent_stems() -> dict[str, frozenset[str]]:
    """For each one-word thesaurus member, every one-word member of its groups ("jobs": "workers")."""
    found: dict[str, set[str]] = {}
    for group in thesaurus():
        single = {member[0] for member in group if len(member) == 1}
        for member in single:
            found.setdefault(member, set()).update(single)
    return {member: frozenset(equivalents) for member, equivalents in found.items()}


@cache
def opposed_acts() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Pairs of acts, as stems, each the other's opposite ("hire", "lose jobs"): ``data/opposites.yaml``."""
    return tuple((_stems_of(first), _stems_of(second)) for first, second in _opposite_words())


@cache
def _opposite_words() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """The pairs of ``data/opposites.yaml`` as written."""
    text = resources.files("bot").joinpath("data", "opposites.yaml").read_text(encoding="utf-8")
    return tuple(
        (tuple(str(word) for word in first), tuple(str(word) for word in second))
        for first, second in yaml.safe_load(text)
    )


def _stems_of(group: tuple[str, ...]) -> frozenset[str]:
    return frozenset(found for word in group for found in analyze(word))


@cache
def general_words() -> frozenset[str]:
    """The words of banbot's own English data, whose stems a cached index keeps."""
    text = resources.files("bot").joinpath("data", "thesaurus.yaml").read_text(encoding="utf-8")
    found = {word for group in yaml.safe_load(text) for member in group for word in words(str(member))}
    found.update(word for nouns in people_nouns().values() for noun in nouns for word in words(noun))
    found.update(word for nouns in premises_nouns().values() for noun in nouns for word in words(noun))
    found.update(word for pair in _opposite_words() for group in pair for word in group)
    for before, asked in date_markers().values():
        found.update(word for phrase in before | asked for word in words(phrase))
    # Month and weekday names: every comparing of sources reads them (bot.news_time).
    found.update(name.lower() for name in [*MONTHS.split("|"), *WEEKDAY_NAMES] if name.isalpha())
    return frozenset(found | light_words() | time_words())


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
def date_words() -> dict[str, object]:
    """``data/dates.yaml``: what the words beside a date say it marks, and words for a time."""
    text = resources.files("bot").joinpath("data", "dates.yaml").read_text(encoding="utf-8")
    loaded: dict[str, object] = yaml.safe_load(text)
    return loaded


@cache
def date_markers() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Each mark a date can give ("telling", "start", "end"): the words before it, and in a question."""
    markers = date_words()["markers"]
    assert isinstance(markers, dict)
    return {
        str(name): (frozenset(map(str, words_["before"])), frozenset(map(str, words_["asked"])))
        for name, words_ in markers.items()
    }


@cache
def time_words() -> frozenset[str]:
    found = date_words()["time_words"]
    assert isinstance(found, list)
    return frozenset(map(str, found))


@cache
def people_nouns() -> dict[str, tuple[str, ...]]:
    """Nouns for people from ``data/people.yaml``: ``roles`` (who acts) and ``groups`` (who is counted)."""
    text = resources.files("bot").joinpath("data", "people.yaml").read_text(encoding="utf-8")
    return {kind: tuple(str(noun) for noun in nouns) for kind, nouns in yaml.safe_load(text).items()}


@cache
def people_stems() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Stems of nouns for people: in general ("people"), groups ("patients"), happenings ("layoffs")."""
    general = frozenset(stem(noun) for noun in ("people", "person", "persons", "individuals"))
    nouns = people_nouns()
    happenings = frozenset(stem(noun) for noun in nouns["happenings"] if " " not in noun)
    return general, frozenset(stem(noun) for noun in nouns["groups"]), happenings


@cache
def title_words() -> frozenset[str]:
    """Words written before a person's name ("Judge", "Inspector"), from ``data/people.yaml``."""
    return frozenset(people_nouns()["titles"])


@cache
def appointing_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words that put a person in a post ("named") and that say who holds it ("lead").

    From ``data/people.yaml``.
    """
    nouns = people_nouns()
    return frozenset(nouns["appointing"]), frozenset(nouns["holding"])


@cache
def appointing_stems() -> frozenset[str]:
    """Stems of the words that put a person in a post or say who holds it."""
    appointing, holding = appointing_words()
    return frozenset(stem(word) for word in appointing | holding)


@cache
def choosing_stems() -> frozenset[str]:
    """Stems of the words that put a person in a post ("named", "hired"), not of holding it."""
    return frozenset(stem(word) for word in appointing_words()[0])


# Words before a post that make it another post: "deputy leader" is not "leader".
POST_QUALIFIERS = ("deputy", "vice", "assistant", "former")


@cache
def post_patterns() -> tuple[re.Pattern[str], dict[str, int]]:
    """A pattern of every post of ``data/posts.yaml`` (longest first), and each spelling's post."""
    text = resources.files("bot").joinpath("data", "posts.yaml").read_text(encoding="utf-8")
    spellings = {
        str(spelling): number for number, post in enumerate(yaml.safe_load(text)) for spelling in post
    }
    alternatives = "|".join(re.escape(spelling) for spelling in sorted(spellings, key=len, reverse=True))
    qualifiers = "|".join(POST_QUALIFIERS)
    pattern = re.compile(rf"\b(?:({qualifiers})[\s-]+)?({alternatives})\b", re.IGNORECASE)
    return pattern, spellings


def posts_named(text: str) -> frozenset[str]:
    """The posts a sentence names ("chief executive" and "CEO" are one; "deputy" makes another)."""
    pattern, spellings = post_patterns()
    return frozenset(
        f"{(match.group(1) or '').lower()} {spellings[match.group(2).lower()]}".strip()
        for match in pattern.finditer(text)
    )


@cache
def kind_nouns() -> dict[str, frozenset[str]]:
    """Nouns that name the kind of answer asked for ("which town"), by kind, from ``data/kinds.yaml``."""
    text = resources.files("bot").joinpath("data", "kinds.yaml").read_text(encoding="utf-8")
    return {kind: frozenset(str(noun) for noun in nouns) for kind, nouns in yaml.safe_load(text).items()}


@cache
def premises_nouns() -> dict[str, tuple[str, ...]]:
    """Nouns for places of business from ``data/premises.yaml``: ``kinds`` (gyms) and ``units`` (sites)."""
    text = resources.files("bot").joinpath("data", "premises.yaml").read_text(encoding="utf-8")
    return {kind: tuple(str(noun) for noun in nouns) for kind, nouns in yaml.safe_load(text).items()}


@cache
def tentative_words() -> frozenset[str]:
    """Words that make a value a plan, a proposal or a guess (``data/tentative.txt``)."""
    return _word_list("tentative.txt")


@cache
def infinitive_takers() -> frozenset[str]:
    """Words a "to" infinitive completes rather than gives a purpose to (``data/infinitive_takers.txt``)."""
    return _word_list("infinitive_takers.txt")


def _word_list(name: str) -> frozenset[str]:
    """The words of a data file: whitespace-separated, "#" opening a comment line."""
    text = resources.files("bot").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(
        word for line in text.splitlines() if not line.lstrip().startswith("#") for word in line.split()
    )


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
    found = near_dictionary().candidates(word) or set()
    candidates = sorted(candidate for candidate in found if candidate != word)
    if not candidates:
        return None
    return max(candidates, key=lambda candidate: zipf(candidate) + _slip_bonus(word, candidate))


# How much likelier (in Zipf steps, powers of ten) a typo is to drop a letter than to add one,
# and to leave single a letter that English doubles ("shuting", "writen") than any other slip.
_DROPPED_LETTER = 0.5
_UNDOUBLED_LETTER = 1.0


def _slip_bonus(typed: str, word: str) -> float:
    """How much likelier the slip from ``word`` to ``typed`` is than other slips of one letter."""
    if len(word) != len(typed) + 1:
        return 0.0
    undoubled = any(
        word[position] == word[position + 1] and word[:position] + word[position + 1 :] == typed
        for position in range(len(word) - 1)
    )
    return _DROPPED_LETTER + (_UNDOUBLED_LETTER if undoubled else 0.0)
