"""What a question asks for, as ranking and comparing sources need it.

The thing a "how many" counts and the words that stand for it, whether "how much" wants money,
whether a "when" looks ahead or back, the words that only ask for the kind of answer ("long"
of "how long"), the question's names, and which of its ideas a passage says.
"""

from __future__ import annotations

import itertools
import re
from functools import cache, lru_cache

from bot.english import (
    english_typo_fix,
    equivalent_stems,
    is_english_word,
    kind_nouns,
    people_nouns,
    people_stems,
    premises_nouns,
)
from bot.extract import CARDINAL_WORDS, CURRENCY_WORDS, PAY_FOR_A_TIME
from bot.models import AnswerType
from bot.query import QueryAnalysis
from bot.text import STOP_WORDS, stem, words, zipf
from bot.wording import AUXILIARIES, FIGURE_BOUND, QUESTION_WORDS, question_segments

_GROUP_NOUNS = "|".join(noun for noun in people_nouns()["groups"] if " " not in noun)
# "How much people" (as non-native speakers write it) counts people like "how many"; "how
# much did residents raise" asks no count of residents.
_HOW_MANY = re.compile(
    rf"\bhow many ((?:\w+ ){{0,2}}\w+)"
    rf"|\bhow much ((?:(?!(?:{AUXILIARIES})\b)\w+ ){{0,2}}?(?:{_GROUP_NOUNS}))\b"
    # "Were more than 100 US employees laid off?" asks how many were, as a yes or no.
    rf"|\b{FIGURE_BOUND} ((?:\w+ ){{0,2}}\w+)"
)
# "When will it shut down?", "by when do they have to finish?": a date still ahead.
AHEAD = re.compile(r"\b(?:will|wont|going to|gonna|does|do|is|are|has to|have to|must|shall|until|till)\b")
FUTURE_ASKED = re.compile(r"\b(?:will|wont|going to|gonna|shall)\b")
BEHIND = re.compile(r"\b(?:did|was|were|had|has been|have been|happened|ago)\b")
# A date that is behind the news, which answers no question about what is ahead: "last year".
BEHIND_SPAN = re.compile(
    r"\b(?:last|previous|past) (?:year|month|week|weekend|season|spring|summer|autumn|fall|winter)\b"
    r"|\byesterday\b|\bago\b",
    re.IGNORECASE,
)
HOW_MANY_MONEY = re.compile(r"\bhow many (?:money|cash|dollars|euros)\b")
HOW_MUCH = re.compile(r"\bhow much\b")
WHAT = re.compile(r"\bwhat\b")
QUESTION_WORD = re.compile(rf"\b(?:{'|'.join(QUESTION_WORDS)})\b")
HOW_LONG = re.compile(r"\bhow long\b", re.IGNORECASE)
# A length in space: "how long is the greenway?" is answered by "the 11-mile greenway".
LENGTH = re.compile(
    r"(?:\b|(?<=\d))(?:miles?|kilomet(?:re|er)s?|km|metres?|meters?|feet|foot|ft|yards?|inch(?:es)?|cm|mm)\b",
    re.IGNORECASE,
)
MONEY_ASKED = re.compile(
    # A "pay rise" is often a share ("a 4.5% pay rise"), not a sum.
    r"\b(?:costs?|costing|pay(?! (?:rise|raise|increase|hike|cut|award|deal|offer|freeze|claim)s?\b)"
    r"|paid|pays|paying|spend|spent|spending|price|priced|worth|charged?|fined?|fees?"
    r"|money|dollars?|euros?|budget|owed?|ransoms?|set (?:\w+ ){0,4}back"
    # "How much did the mill sell for?", "fetch at auction", "their salary"
    r"|(?:sell|sells|sold|selling|go|goes|went|gone) for|fetch(?:ed|es)?|auction|salary|salaries|revenue"
    r"|severance|redundancy pay|compensation)\b"
)
# "By what percentage ...?", "what share of ...": a proportion, whatever sum the question names.
SHARE_ASKED = re.compile(r"\b(?:percentage|percent|per cent|proportion|fraction)\b")


@lru_cache(maxsize=1024)
def asking_words(question: str) -> str:
    """The lower-cased words of the part of a question that asks, without the asker's context.

    "I'm trying to budget for next year. By what percentage is the council raising its share?"
    asks for a share: the money is the asker's.
    """
    return " ".join(
        word for part, context in question_segments(question) if not context for word in words(part)
    )


# A span ending in the pay for a time ("two months' pay") is a sum.
_ENDS_IN_PAY_FOR_A_TIME = re.compile(rf"{PAY_FOR_A_TIME}$", re.IGNORECASE)
MONEY = re.compile(rf"[$€£¥₹₩₽]|\b(?:{CURRENCY_WORDS})\b|(?<=\d)p\b", re.IGNORECASE)


def asks_ahead(analysis: QueryAnalysis) -> bool:
    """Whether a "when" question asks about what is still ahead ("when will it reopen?").

    A question naming a year or the past ("when was it first banned?") does not.
    """
    asked = " ".join(words(analysis.question))
    return (
        analysis.answer_type is AnswerType.DATE
        and not PAST.search(analysis.question)
        and bool(AHEAD.search(asked))
        and not BEHIND.search(asked)
    )


def in_money(amount: str) -> bool:
    """Whether an amount (a span as ``bot.extract.find_numbers`` gives it) is a sum of money.

    An amount counted in a word English does not know is in a currency of its own (an invented
    or little-known one): "fined 7.4 million lenvors", as "fined 7.4 million dollars".
    """
    if MONEY.search(amount) or _ENDS_IN_PAY_FOR_A_TIME.search(amount):
        return True
    counted = amount.rsplit(" ", 1)[-1]
    # "14 organisations": a British spelling the dictionary lacks is still an English word.
    return counted.isalpha() and counted.islower() and not is_english_word(counted) and zipf(counted) == 0


# A figure, in digits or in words ("a hundred and twelve millimetres", "a quarter").
DIGIT = re.compile(rf"\d|\b(?:{CARDINAL_WORDS}|half|thirds?|quarters?|fifths?|tenths?)\b", re.IGNORECASE)
PAST = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:before|previous(?:ly)?|earlier|prior|history|historical|past|ago|back then"
    r"|first|originally|once|used to|former(?:ly)?)\b",
    re.IGNORECASE,
)


def counted_noun(analysis: QueryAnalysis, names: frozenset[str]) -> tuple[str, list[str]]:
    """For "how many X", the stem of X and the stems of every word asked; else empty.

    X is the first word past the question's ``names`` before it ("how many SkyVane drones").
    """
    match = _HOW_MANY.search(" ".join(words(analysis.question)))
    if not match:
        return "", []
    written = next(group for group in match.groups() if group).split()
    # "How many contries": the word the question's search repaired it to ("countries").
    searched = {term.origin for term in analysis.terms}
    asked = [_as_searched(word, searched) for word in written]
    first = next((position for position, word in enumerate(asked) if word not in names), None)
    if first is None:
        return "", asked
    return asked[_head(written, first)], asked


def _as_searched(word: str, searched: set[str]) -> str:
    """A word's stem, or its English repair's when only that is among the searched stems."""
    found = stem(word)
    if found in searched:
        return found
    repaired = english_typo_fix(word)
    return stem(repaired) if repaired and stem(repaired) in searched else found


def _head(written: list[str], first: int) -> int:
    """Where the counted noun stands: "how many wind turbines" counts turbines, not wind."""
    if first + 1 < len(written) and _plural(written[first + 1]) and not _plural(written[first]):
        return first + 1
    return first


def _plural(word: str) -> bool:
    """Whether a word reads as a plural noun ("turbines"; not "does", "has" or "business")."""
    return word.endswith("s") and not word.endswith("ss") and stem(word) != word and word not in STOP_WORDS


def counted_stems(analysis: QueryAnalysis) -> frozenset[str]:
    """For "how many X", the stems that stand for X (X and its equivalents); else empty."""
    names = names_asked(analysis)
    counted, asked = counted_noun(analysis, names)
    if not asked:
        return frozenset()
    # "How many staff members": a noun before the counted one may be the one the articles use.
    position = asked.index(counted) if counted else 0
    said = {counted, *asked[max(position - 1, 0) : position]} - names
    stems = frozenset(term.stem for term in analysis.terms if {term.origin, term.stem} & said)
    # "How many workers will lose their jobs": "340 jobs" counts them, the question says so.
    alike = equivalent_stems().get(counted, frozenset())
    stems |= frozenset(term.stem for term in analysis.terms if term.stem in alike)
    # The name it is counted by counts too: "how many Yunmai cameras" is "312 Yunmai devices".
    stems |= frozenset(itertools.takewhile(lambda word: word in names, asked))
    general, groups, happenings = people_stems()
    if counted in happenings:
        # "How many layoffs?" is answered by "fewer than 50 employees".
        stems |= general | groups
    elif counted in general:
        # "How many people": residents, patients and workers are people.
        stems |= groups
    elif counted in groups:
        # "About 48,000 people" counts the patients asked about.
        stems |= general
    units = premises_units(counted)
    if units:
        # "How many gyms is it closing?" is answered by "will shut 23 locations".
        stems |= units | {counted}
    if capacity_asked(analysis, counted):
        # "How many people will the shelter be able to sleep?": "72 beds" is how many it sleeps.
        stems |= capacity_units()
    return stems


def capacity_asked(analysis: QueryAnalysis, counted: str) -> frozenset[str]:
    """The stems of the words asking how many people a place can take ("sleep", "seat"), if it asks so."""
    general, groups, _ = people_stems()
    if counted not in general | groups:
        return frozenset()
    return frozenset(stem(match.group(0).lower()) for match in _CAPACITY.finditer(analysis.question))


# Asking what a place can take: "be able to sleep", "seat", "accommodate", "hold".
_CAPACITY = re.compile(
    r"\b(?:sleep|seat|accommodate|hold|house)s?\b(?!\s+(?:in|at|on|rough)\b)|\bcapacity\b", re.IGNORECASE
)


@cache
def capacity_units() -> frozenset[str]:
    """The stems of what a place's capacity is counted in."""
    return frozenset(stem(word) for word in ("beds", "seats", "places", "berths", "bunks"))


def premises_units(counted: str) -> frozenset[str]:
    """The units a place of business is counted in ("locations", "sites"), if the stem is one."""
    kinds, units = _premises_stems()
    return units if counted in kinds | units else frozenset()


@cache
def _premises_stems() -> tuple[frozenset[str], frozenset[str]]:
    """Stems of the places a business runs: kinds ("gyms") and the units they are counted in ("sites")."""
    nouns = premises_nouns()
    return frozenset(stem(noun) for noun in nouns["kinds"]), frozenset(stem(noun) for noun in nouns["units"])


_NAME_TOKEN = re.compile(
    r"\b(?:[A-Z][A-Za-z]*[A-Z0-9][A-Za-z0-9]*|[A-Za-z]+\d[A-Za-z0-9]*|[A-Z][A-Za-z]*-\d[A-Za-z0-9]*)\b"
)


_SEVERAL = re.compile(
    rf"\b(?:which|what) (?:\w+ )?(?:{'|'.join(people_nouns()['roles'])})s\b|\bwho (?:were|are)\b"
)


def asks_for_several(analysis: QueryAnalysis) -> bool:
    """Whether a question asks for several answers, each source may give one of.

    "Which administrations ...?", "who were ...?", and "how many households and businesses
    ...?", whose two counts are no two values of one.
    """
    asked = " ".join(words(analysis.question))
    if analysis.answer_type is AnswerType.NUMBER:
        return bool(_TWO_COUNTS.search(asked))
    return analysis.answer_type is AnswerType.PERSON and bool(_SEVERAL.search(asked))


_TWO_COUNTS = re.compile(r"\bhow many (?:\w+ )?\w+s (?:and|or) (?:\w+ )?\w+s\b")


def names_asked(analysis: QueryAnalysis) -> frozenset[str]:
    """The stems of the question's names: capitalised words, acronyms, model numbers ("X2", "Arcus-7")."""
    names = {word.stem for word in analysis.core if word.is_name}
    for token in _NAME_TOKEN.findall(analysis.question):
        names.update(stem(word) for word in words(token))
    return frozenset(names)


def type_words(analysis: QueryAnalysis) -> frozenset[str]:
    """The stems of the question's words that ask for the kind of answer: "long" of "how long"."""
    # "How long a stretch of the river?" asks for a length: "long" is the kind's word there too.
    kind = analysis.answer_type
    if kind in (AnswerType.DURATION, AnswerType.NUMBER) and HOW_LONG.search(analysis.question):
        return frozenset({stem("long")})
    return frozenset()


# "Which company is buying the mill?": the kind of body asked for, which its name says.
_BODY_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+)?(companies|company|firms?|business(?:es)?|organi[sz]ations?|groups?"
    r"|clubs?|teams?|banks?|charit(?:y|ies)|retailers?|operators?|contractors?|suppliers?|developers?)\b",
    re.IGNORECASE,
)


def body_asked(analysis: QueryAnalysis) -> frozenset[str]:
    """The stem of the body a "who" question asks for by its kind ("which company"), if any.

    Any name may be that body's: "Holtmark Packaging" is a company, though its name does not
    say so.
    """
    if analysis.answer_type is not AnswerType.PERSON:
        return frozenset()
    match = _BODY_ASKED.search(analysis.question)
    return frozenset() if match is None else frozenset({stem(match.group(1).lower())})


def said_by_the_answer(analysis: QueryAnalysis) -> frozenset[str]:
    """The stems of the question's words that the answer's kind says, whether a passage does or not.

    "How long" is said by "nine hours"; "in which town ...?" by the town's name, with or
    without "town" (though "the northern city of Tulemo" is still the place to look near).
    """
    if analysis.answer_type is AnswerType.PLACE:
        named = {match.lower() for match in _WHICH_NOUN.findall(analysis.question)} & _PLACE_NOUNS
        return frozenset(word.stem for word in analysis.core if word.word in named)
    return type_words(analysis)


_WHICH_NOUN = re.compile(r"\b(?:which|what)\s+(\w+)", re.IGNORECASE)
_PLACE_NOUNS = kind_nouns()["place"]


def spoken_terms(analysis: QueryAnalysis) -> list[str]:
    """The stems of the question's strong terms, but for those of its type words and their equivalents.

    "How long" is answered by "six years", not near the word "years" it stands for.
    """
    asking = type_words(analysis)
    return [term.stem for term in analysis.terms if term.weight >= 0.5 and term.origin not in asking]


def ideas_said(
    analysis: QueryAnalysis, asked: frozenset[str], said: frozenset[str] | set[str]
) -> frozenset[str]:
    """The question's ideas (``asked``) that these stems speak of, in its words or equivalents."""
    return frozenset(term.origin for term in analysis.terms if term.origin in asked and term.stem in said) | (
        # An equivalent counts for each word it stands for: "CEO" says "chief" and "executive".
        frozenset(
            word.stem
            for word in analysis.core
            if word.stem in asked and any(set(phrase) <= said for phrase in word.alternatives)
        )
    )
