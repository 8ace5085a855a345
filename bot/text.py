"""Text handling shared by index and query: folding, the analyzer, and sentence splitting."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources

import sentencex
import snowballstemmer

_FOLD_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u200b": "",
        "\u00ad": "",
    }
)
# "U.S." and "D.C." must become one token each, or "U.S." would index as the letters u and s.
_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
_WHITESPACE = re.compile(r"\s+")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
# A year of the kind news mentions: 1900-2099.
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_OWNER_ENDING = re.compile(r"['’]s$")


def without_possessive(word: str) -> str:
    """The word without an owner's "'s": "Ilvarest's" names Ilvarest."""
    return _OWNER_ENDING.sub("", word)


# "2025-26", "2025/26", "2025–26": a season's second year written by its last two digits.
_SEASON = re.compile(r"\b((?:19|20)\d\d)[-/–](\d\d)\b")
# A sentence telling what will happen ("will close", "is due to start", "is to be").
FUTURE = r"\bwill\b|\b(?:is|are) (?:due|set|scheduled|expected|going) to\b|\b(?:is|are) to be\b"
WILL_HAPPEN = re.compile(FUTURE, re.IGNORECASE)
# "mar" and "may" are left alone: they are words too.
_CANONICAL = {
    "us": "usa",
    "dept": "department",
    "govt": "government",
    "gov": "government",
    "jan": "january",
    "feb": "february",
    "apr": "april",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}

_stemmer = snowballstemmer.stemmer("english")


def years_in(text: str) -> list[int]:
    """The years a text names; a season across two names both ("the winter of 2025-26")."""
    years = [int(year) for year in YEAR.findall(text)]
    return years + [int(match.group(1)[:2] + match.group(2)) for match in _SEASON.finditer(text)]


def _data_lines(name: str) -> frozenset[str]:
    text = resources.files("bot").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


STOP_WORDS = _data_lines("stopwords.txt")
PREPOSITIONS = _data_lines("prepositions.txt")


def fold(text: str) -> str:
    """Unicode-normalise, straighten curly quotes and dashes, and fold white space."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD_TABLE)
    return _WHITESPACE.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Lower-case word and number tokens, acronyms joined and possessives dropped.

    "US", "U.S." and "USA" all become "usa": in these articles and the questions about
    them "us" is the country, and the pronoun would otherwise lemmatize to "we".
    Ordinals lose their suffix ("29th" is "29") and month abbreviations are spelt out
    ("Sept" is "september"), so dates match however they are written.
    """
    return list(_words(text))


# "GPs", "CEOs", "MPs": an acronym's plural is the acronym, as "doctors" is "doctor".
_PLURAL_ACRONYM = re.compile(r"\b([A-Z]{2,})s\b")


# The same passages are read for question after question; a few thousand of them are the
# ones questions reach most (a token tuple is about a kilobyte).
@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    text = _DOTTED_ACRONYM.sub(lambda match: match.group(0).replace(".", ""), fold(text))
    text = _PLURAL_ACRONYM.sub(r"\1", text)
    tokens = _WORD.findall(_POSSESSIVE.sub("", text).lower())
    return tuple(
        _CANONICAL.get(token) or (_ORDINAL.sub(r"\1", token) if token[0].isdigit() else token)
        for token in tokens
    )


# What stem() and zipf() found, by word. A cached index brings the values for its own
# words (see remember), so that a warm start loads no lemma or frequency dictionary
# until a question uses a word the articles do not.
_STEMS: dict[str, str] = {}
_ZIPF: dict[str, float] = {}
_REMEMBERED = 1_000_000


def stem(word: str) -> str:
    """The index term for one lower-case word: its lemma's Snowball (Porter 2) stem.

    Lemmatizing first joins irregular forms that stemming alone keeps apart
    ("stole"/"steal", "sold"/"sell", "lost"/"lose"); numbers stay as they are.
    """
    if word.isdigit():
        return word
    found = _STEMS.get(word)
    if found is None:
        import simplemma  # its dictionary loads on first use: only when a word needs it

        found = str(_stemmer.stemWord(simplemma.lemmatize(word, lang="en").lower()))
        if len(_STEMS) < _REMEMBERED:
            _STEMS[word] = found
    return found


def zipf(word: str) -> float:
    """How common a lower-case word is in English: wordfreq's Zipf scale, 0 for rarer words.

    The small list (words used at least once a million) keeps memory low; rarer words than
    that all count as rare, which is all banbot asks of it.
    """
    found = _ZIPF.get(word)
    if found is None:
        from wordfreq import zipf_frequency  # loaded on first use, not at start-up

        found = float(zipf_frequency(word, "en", wordlist="small"))
        if len(_ZIPF) < _REMEMBERED:
            _ZIPF[word] = found
    return found


def known_word_data(words_: Iterable[str]) -> tuple[dict[str, str], dict[str, float]]:
    """The stems and frequencies of these words, to keep with a cached index."""
    chosen = sorted(set(words_))
    return {word: stem(word) for word in chosen}, {word: zipf(word) for word in chosen}


def remember(stems: dict[str, str], frequencies: dict[str, float]) -> None:
    """Take stems and frequencies worked out before (by a cached index) as known."""
    _STEMS.update(stems)
    _ZIPF.update(frequencies)


def analyze(text: str) -> list[str]:
    """The index and query analyzer: fold, tokenize, drop stop words, stem."""
    return [stem(word) for word in words(text) if word not in STOP_WORDS]


def sentences(paragraph: str) -> Iterator[str]:
    """Split a paragraph into sentences, keeping abbreviations such as "U.S." whole."""
    for sentence in sentencex.segment("en", paragraph):
        cleaned = _WHITESPACE.sub(" ", sentence).strip()
        if cleaned:
            yield cleaned


def paragraphs(markdown: str) -> Iterator[str]:
    """The body's prose paragraphs: blank-line separated, headings and rules left out."""
    for block in re.split(r"\n\s*\n", markdown):
        block = block.strip()
        if not block or block.startswith("#") or set(block) <= set("-*_ "):
            continue
        yield _WHITESPACE.sub(" ", block)


def body_sentences(markdown: str) -> Iterator[str]:
    """The sentences of an article body's prose paragraphs, in order."""
    for paragraph in paragraphs(markdown):
        yield from sentences(paragraph)


def dedupe_key(text: str) -> str:
    """Two passages with the same key say the same words."""
    return " ".join(words(text))
