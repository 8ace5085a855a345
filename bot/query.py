"""Question analysis: repaired and expanded search terms, the core a passage must say, coverage.

The kind of answer asked for is ``bot.question_kind``'s.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.acronyms import defined_acronyms
from bot.english import (
    MIN_CORRECTABLE_LENGTH,
    analyzed_groups,
    english_typo_fix,
    is_english_word,
    kind_nouns,
    light_words,
    thesaurus,
)
from bot.index import PassageIndex
from bot.models import AnswerType
from bot.question_kind import answer_type, repair_question_word, spell_out_who_is
from bot.source_named import SourceNames
from bot.text import STOP_WORDS, stem, words, zipf
from bot.wording import MARKUP, QUESTION_WORDS, capitalised_words, name_heads, question_segments

EXPANSION_WEIGHT = 0.5
CORRECTION_WEIGHT = 0.9
_CORRECTION_CUTOFF = 0.8
RELATED_WEIGHT = 0.8
# Tone words ("still", "now") are searched, but must not decide the ranking.
LIGHT_WEIGHT = 0.2
UNMATCHED_EXPANSION_WEIGHT = 0.8
# Weights of question words the articles lack, against idf values of about 0 to 4.
UNKNOWN_WORD_WEIGHT = 4.0
UNKNOWN_NAME_WEIGHT = 8.0
# Words from the asker's context ("My dad runs a firm in Texas.") still help to rank, a
# little, but are not what the question asks about.
CONTEXT_WEIGHT = 0.3


@dataclass(frozen=True)
class Term:
    """A stem to search for, its weight, and the stem of the question word it stands for."""

    stem: str
    weight: float
    origin: str


@dataclass(frozen=True)
class CoreWord:
    """A subject word of the question, and the stem sequences that count as saying it.

    ``alternatives`` holds the word's own stem, its close forms and its thesaurus
    equivalents, each as a tuple of stems (an equivalent may be a phrase: "laid off").
    ``context`` marks a word of the asker's context rather than of the question itself.
    """

    word: str
    stem: str
    alternatives: tuple[tuple[str, ...], ...]
    is_name: bool
    context: bool
    asked_for: bool = False

    def said_in(self, stems: frozenset[str]) -> bool:
        return any(all(part in stems for part in phrase) for phrase in self.alternatives)


@dataclass(frozen=True)
class QueryAnalysis:
    """What the core understood of a question."""

    question: str
    answer_type: AnswerType
    terms: tuple[Term, ...]
    key_words: tuple[str, ...]
    unknown_words: tuple[str, ...]
    coverage: float
    core: tuple[CoreWord, ...] = ()
    # The sources the question names ("According to DMR News, ..."), by id; their words are
    # taken out of ``question``.
    sources: frozenset[str] = frozenset()

    @property
    def stems(self) -> frozenset[str]:
        return frozenset(term.stem for term in self.terms)


_TYPE_NOUNS = frozenset({"date", "day", "month", "year", "time", "week"})
# Nouns that name the kind of answer, not a thing the passage must say (data/kinds.yaml).
_KIND_NOUNS = _TYPE_NOUNS.union(*kind_nouns().values())


class QueryAnalyzer:
    """Turns a question into weighted search terms against one index's vocabulary."""

    def __init__(self, index: PassageIndex, vocabulary: tuple[tuple[str, ...], ...] = ()) -> None:
        self.index = index
        # The knowledge folder's own names for things come first (its vocabulary, and the
        # acronyms its articles spell out), then general English.
        spelt_out = tuple(defined_acronyms(article.body for article in index.articles))
        own_groups = analyzed_groups(vocabulary + spelt_out)
        self._source_names = SourceNames.of([article.source for article in index.articles])
        self.groups = own_groups + thesaurus()
        # The folder's own names ("Old Rusty" for the bridge) are its articles' names for
        # things, though its articles never write them.
        self._own_name_stems = frozenset(word for group in own_groups for member in group for word in member)
        self._groups_starting: dict[str, set[int]] = {}
        for number, group in enumerate(self.groups):
            for member in group:
                self._groups_starting.setdefault(member[0], set()).add(number)
        thesaurus_words = {word for group in self.groups for member in group for word in member}
        # The one-word members of any group: looked up for every word of every question.
        self._single_word_members = frozenset(
            member[0] for group in self.groups for member in group if len(member) == 1
        )
        self._light_stems = frozenset(stem(word) for word in light_words())
        self._name_stems = frozenset(stem(word.lower()) for word in index.name_hints.proper_words)
        # Spelling candidates by first letter and length: a match needs the same first
        # letter and, at the cutoff of 0.8, a length within two thirds to three halves.
        self._corrections: dict[tuple[str, bool], str | None] = {}
        self._correctable: dict[tuple[str, int], list[str]] = {}
        for word in sorted(index.surface_words | thesaurus_words):
            if len(word) >= MIN_CORRECTABLE_LENGTH - 1 and word not in STOP_WORDS:
                self._correctable.setdefault((word[0], len(word)), []).append(word)

    def respell_function_words(self, question: str) -> str:
        """The question with its misspelt function words written right: "thier" as "their".

        Such a word asks nothing itself, but says much of how the rest is asked ("befor this?"),
        and the articles' closest word ("third") is never what it meant. The articles' own
        words are taken as written, so a question in them loads no dictionary.
        """

        def respelt(match: re.Match[str]) -> str:
            typed = match.group(0)
            word = typed.lower()
            if word in STOP_WORDS or len(word) < MIN_CORRECTABLE_LENGTH or word in self.index.surface_words:
                return typed
            fixed = _function_word_fix(word)
            if fixed is None:
                return typed
            return fixed.capitalize() if typed[0].isupper() else fixed

        return _LETTERS.sub(respelt, question)

    def analyze(self, question: str) -> QueryAnalysis:
        question, sources = self._source_names.without_sources(question)
        question = self.respell_function_words(question)
        tagged = [
            (word, context)
            for segment, context in question_segments(spell_out_who_is(MARKUP.sub(" ", question)))
            for word in words(segment)
        ]
        tagged = [
            (
                repair_question_word(word, tagged[position - 1][0] if position else "")
                if position == 0 or len(word) <= 4 or tagged[position - 1][0] == "how"
                else word,
                context,
            )
            for position, (word, context) in enumerate(tagged)
        ]
        core_words = [word for word, context in tagged if not context]
        names = capitalised_words(question)
        # Each word as the search takes it, its typo repaired ("departmnet" is "department").
        repairs = {
            word: self._repair(word, word in names)
            for word, _ in tagged
            if word not in STOP_WORDS and word not in QUESTION_WORDS
        }
        # A misspelt name is still a name once repaired: "Kaspresky" is "Kaspersky".
        names |= {repairs[name] for name in names if name in repairs}
        # "wich goverment departmnet baned ...?" asks for a body once "departmnet" is repaired.
        kind = answer_type([repairs.get(word, word) for word in core_words or [word for word, _ in tagged]])
        # In "what year" or "which month" the noun names the kind of answer, not a subject.
        tagged = [
            (word, context)
            for position, (word, context) in enumerate(tagged)
            if not (word in _TYPE_NOUNS and position > 0 and tagged[position - 1][0] in ("what", "which"))
        ]
        # A lone letter is markup debris or a typo ("<b>" leaves "b"), not a subject.
        content = [
            (word, context)
            for word, context in tagged
            if word not in STOP_WORDS and word not in QUESTION_WORDS and (len(word) > 1 or word.isdigit())
        ]
        terms: dict[str, Term] = {}
        repaired: list[tuple[str, str]] = []
        context_stems: set[str] = set()
        core_stems: set[str] = set()
        for typed, context in content:
            # A repaired typo is then the word it stands for: "stil" weighs as little as "still".
            word = repairs[typed]
            word_stem = stem(word)
            repaired.append((word, word_stem))
            (context_stems if context else core_stems).add(word_stem)
            if word in light_words():
                weight = LIGHT_WEIGHT
            else:
                weight = 1.0 if word_stem == stem(typed) else CORRECTION_WEIGHT
            if context:
                weight *= CONTEXT_WEIGHT
            _add(terms, Term(word_stem, weight, word_stem))
            for related in self.index.related_stems(word_stem):
                _add(terms, Term(related, RELATED_WEIGHT * weight, word_stem))
        context_only = frozenset(context_stems - core_stems)
        equivalents: dict[str, set[tuple[str, ...]]] = {}
        covered_by_synonym = self._expand(repaired, terms, context_only, equivalents)
        key_words, unknown, coverage = self._coverage(repaired, covered_by_synonym, names)
        heads = name_heads(question)
        for word, head in heads.items():
            equivalents.setdefault(stem(word), set()).add((stem(head),))
        core = self._core(repaired, names - frozenset(heads), context_only, equivalents)
        asked = _asked_for(core_words or [word for word, _ in tagged])
        core = tuple(replace(word, asked_for=word.word == asked or word.stem == asked) for word in core)
        return QueryAnalysis(
            question, kind, tuple(terms.values()), key_words, unknown, coverage, core, sources
        )

    def _core(
        self,
        repaired: list[tuple[str, str]],
        names: frozenset[str],
        context_only: frozenset[str],
        equivalents: dict[str, set[tuple[str, ...]]],
    ) -> tuple[CoreWord, ...]:
        """The question's subject words, each with what counts as saying it."""
        core: dict[str, CoreWord] = {}
        for word, word_stem in repaired:
            if word in light_words() or word_stem in core:
                continue
            alternatives: set[tuple[str, ...]] = {(word_stem,), (stem(word),)}
            # A name's forms say it, indexed or not: "Valdrian" is said by "Valdria's".
            related_forms = self.index.related_stems(word_stem, indexed_too=word in names)
            alternatives.update((related,) for related in related_forms)
            alternatives.update(equivalents.get(word_stem, ()))
            surface = word
            if (
                word not in names
                and word_stem == stem(word)
                and not self.index.knows(word_stem)
                and not is_english_word(word)
            ):
                # An English word one letter away, and the question's word rare as written:
                # a typo ("befor", "allready") that the articles' vocabulary did not repair.
                # A capitalised word is a name ("Vellora"), not a misspelt word.
                surface = english_typo_fix(word) or word
                alternatives.add((stem(surface),))
            core[word_stem] = CoreWord(
                word=surface,
                stem=word_stem,
                alternatives=tuple(sorted(alternatives)),
                # Only a capital says "name": in chat, a lower-case word no dictionary knows
                # is as often slang or a typo ("rollout", "lookin").
                is_name=word in names,
                context=word_stem in context_only,
            )
        return tuple(core.values())

    def _expand(
        self,
        repaired: list[tuple[str, str]],
        terms: dict[str, Term],
        context_only: frozenset[str],
        equivalents: dict[str, set[tuple[str, ...]]],
    ) -> set[str]:
        """Add the thesaurus equivalents the articles use; return the question stems they cover.

        ``equivalents`` is filled with each matched question stem's equivalent phrases.
        """
        # Tone words ("still") must not pull in their synonyms ("continue", "remain") on
        # their own, but may be part of a phrase ("last day").
        stems = [word_stem for _, word_stem in repaired]
        light_stems = {word_stem for word, word_stem in repaired if word in light_words()}
        covered_by_synonym: set[str] = set()
        # Only the groups with a member starting with one of the question's stems can match.
        starting = self._groups_starting
        numbers = sorted({number for word_stem in stems for number in starting.get(word_stem, ())})
        for group in (self.groups[number] for number in numbers):
            matched = [
                member
                for member in group
                if _contains(stems, member) and not (len(member) == 1 and member[0] in light_stems)
            ]
            if not matched:
                continue
            origin = matched[0][0]
            # A matched phrase stands for several question words ("lost their jobs"); and
            # where the question's own words are not in the articles at all, the
            # equivalents are all there is to search for, so they weigh as much as words.
            phrase_weight = EXPANSION_WEIGHT * max(len(member) for member in matched)
            if not any(self.index.knows(word) for member in matched for word in member):
                phrase_weight = min(UNMATCHED_EXPANSION_WEIGHT, 2 * phrase_weight)
            # The question's words in this group are covered if any member is in the articles,
            # one of the question's own ("signature updates") or another ("patch" -> "update").
            if any(all(self.index.knows(word) for word in member) for member in group):
                covered_by_synonym.update(word for phrase in matched for word in phrase)
            for phrase in matched:
                for word in phrase:
                    equivalents.setdefault(word, set()).update(group)
            if all(word in context_only for phrase in matched for word in phrase):
                phrase_weight *= CONTEXT_WEIGHT
            for member in group:
                if member in matched or not all(self.index.knows(word) for word in member):
                    continue
                if len(member) == 1 and member[0] in self._light_stems:
                    continue  # "go up" reduced to "go" says nothing of raising
                for member_stem in member:
                    _add(terms, Term(member_stem, min(1.0, phrase_weight / len(member)), origin))
        return covered_by_synonym

    def _repair(self, word: str, is_name: bool = False) -> str:
        """The word to search for: the word itself, or its spelling correction."""
        word_stem = stem(word)
        if self.index.knows(word_stem) or self._in_thesaurus(word_stem):
            return word
        # A close form of an indexed stem stands ("risky" for "risk"), unless the word is no
        # English at all and one of the articles' words is its spelling ("advertsing").
        if self.index.related_stems(word_stem) and is_english_word(word):
            return word
        # A word no article uses, misspelt, is searched as English spells it ("bougt").
        return self._correct(word, is_name) or (None if is_name else english_typo_fix(word)) or word

    def _coverage(
        self, repaired: list[tuple[str, str]], covered_by_synonym: set[str], names: frozenset[str]
    ) -> tuple[tuple[str, ...], tuple[str, ...], float]:
        """How much of the question's subject the articles speak of, weighted by rarity.

        A word counts as covered when its stem (after spelling repair) is indexed, or a
        close form of it ("risky" for "risk") or a thesaurus equivalent is. Words absent
        from the articles weigh the most, and words no English dictionary knows (names:
        another company, another product) weigh the most of all: they are the surest
        sign that the articles cannot answer.
        """
        key_words: list[str] = []
        unknown: list[str] = []
        total = covered = 0.0
        for word, word_stem in repaired:
            if word in light_words():
                continue
            key_words.append(word)
            if self.index.knows(word_stem):
                weight = self.index.idf(word_stem)
                is_known = True
            else:
                is_name = word in names or not is_english_word(word)
                weight = UNKNOWN_NAME_WEIGHT if is_name else UNKNOWN_WORD_WEIGHT
                # A name the articles lack is covered only by a name they use ("America"
                # by "American"), not by a common word ("App Store" is not "store").
                is_known = (
                    word_stem in covered_by_synonym or bool(self.index.related_stems(word_stem))
                ) and (
                    word not in names
                    or self._has_name_synonym(word_stem)
                    or word_stem in self._own_name_stems
                )
            total += weight
            if is_known:
                covered += weight
            else:
                unknown.append(word)
        return tuple(key_words), tuple(unknown), (covered / total if total else 0.0)

    def _has_name_synonym(self, word_stem: str) -> bool:
        """Whether a thesaurus equivalent of the stem is a name in the articles ("American")."""
        return any(
            (word_stem,) in group
            and any(len(member) == 1 and member[0] in self._name_stems for member in group)
            for group in self.groups
        )

    def _in_thesaurus(self, word_stem: str) -> bool:
        return word_stem in self._single_word_members

    def _correct(self, word: str, is_name: bool = False) -> str | None:
        """The spelling correction of a word (see ``_closest``), worked out once per word."""
        key = (word, is_name)
        if key not in self._corrections:
            if len(self._corrections) >= 65536:
                self._corrections.clear()
            self._corrections[key] = self._closest(word, is_name)
        return self._corrections[key]

    def _closest(self, word: str, is_name: bool = False) -> str | None:
        """The closest word of the articles or thesaurus, for a misspelt word.

        A real English word is never "corrected": "founded" is not a typo of "founder",
        and a question about founding is one the articles cannot answer. A word too rare to
        be in everyday English ("costumers") may be one, though, of a word the articles use.
        """
        if len(word) < MIN_CORRECTABLE_LENGTH or word.isdigit():
            return None
        if is_english_word(word) and zipf(word) >= _EVERYDAY_ZIPF:
            return None
        size = len(word)
        candidates = [
            candidate
            for length in range(math.ceil(size * 2 / 3), size * 3 // 2 + 1)
            for candidate in self._correctable.get((word[0], length), ())
        ]
        if is_name:
            # A name ("Kasperky") is repaired to the articles' words only: the thesaurus's are
            # everyday English, and "Globex" is no misspelt "globe".
            candidates = [candidate for candidate in candidates if candidate in self.index.surface_words]
        match = difflib.get_close_matches(word, candidates, n=1, cutoff=_CORRECTION_CUTOFF)
        return match[0] if match else None


# wordfreq's small list holds the words used at least once in a million (Zipf 1).
_EVERYDAY_ZIPF = 1.0
_ASKED_AFTER = frozenset({"what", "which", "whose"})


def _asked_for(question_words: list[str]) -> str | None:
    """The word naming what the question asks for: "city" in "In which city is the office?".

    It is the first subject word after "what", "which" or "whose" (or "how many"),
    unless that is a word for a time ("what year"), which the answer type covers.
    """
    for position, word in enumerate(question_words):
        how_many = word == "how" and question_words[position + 1 : position + 2] == ["many"]
        if word in _ASKED_AFTER or how_many:
            for following in question_words[position + 1 : position + 4]:
                if following in _KIND_NOUNS or following == "many":
                    if following != "many":
                        return None
                    continue
                if following not in STOP_WORDS and following not in light_words():
                    return following
            return None
    return None


@lru_cache(maxsize=65536)
def _function_word_fix(word: str) -> str | None:
    """The function word a misspelt word stands for ("thier" for "their"), if any."""
    if is_english_word(word) or repair_question_word(word) in QUESTION_WORDS:
        return None  # "wich" is "which", however near "with"
    fixed = english_typo_fix(word)
    return fixed if fixed in STOP_WORDS else None


_LETTERS = re.compile(r"[A-Za-z]+")


def _add(terms: dict[str, Term], term: Term) -> None:
    existing = terms.get(term.stem)
    if existing is None or existing.weight < term.weight:
        terms[term.stem] = term


def _contains(stems: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(stems[start : start + size]) == phrase for start in range(len(stems) - size + 1))
