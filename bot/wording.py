"""A question's own wording: chat markup, the asker's context apart from what is asked, and its names.

What holds for any question in English, whatever the articles; ``bot.query`` builds the
search on it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from bot.english import is_english_word, title_words
from bot.spans import CALENDAR_NAME
from bot.text import STOP_WORDS, sentences, without_possessive, zipf

QUESTION_WORDS = ("when", "who", "whom", "whose", "why", "what", "which", "where", "how")
# The verbs that open a yes/no question ("did they ...", "is it ...").
AUXILIARIES = "is|are|was|were|do|does|did|can|could|will|would|should|has|have|had"
# A bound set on a figure: "more than 100", "fewer than fifty", "at least a dozen", "over 15".
FIGURE_BOUND = (
    r"(?:(?:more|fewer|less) than|at (?:least|most)|over|under) "
    r"(?:\d[\d,.]*|a (?:dozen|hundred|thousand|million)|(?:ten|twenty|fifty|hundred|thousand)s?)\b"
)

# Chat markup is not part of a question: HTML tags and entities, Discord's <@123> and
# <#123> mentions, and @names (the bot's own, @everyone, @here).
MARKUP = re.compile(r"<[^<>]{0,200}>|&[a-z]+;|&#\d+;|(?<!\w)@\w+")

_CLAUSE_BREAK = re.compile(r"\s+(?:-|--|\u2013|\u2014)\s+|;\s+|:\s+")
_ASKING = re.compile(
    rf"\b(?:{'|'.join(QUESTION_WORDS)})\b|^(?:{AUXILIARIES}|any|anyone)\b"
    r"|\b(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have)"
    r" (?:i|we|it|they|he|she|you|there|the|my|our|this|that)\b",
    re.IGNORECASE,
)


def question_segments(text: str) -> list[tuple[str, bool]]:
    """The question's sentences and clauses, each marked True when it is the asker's context.

    "My dad runs a small firm in Texas. When will they stop getting patches?" asks only
    its last sentence: the sentences (or clauses before a dash or colon) that neither end
    in a question mark nor ask anything set the scene. A text with no asking part at all
    is all question.
    """
    parts: list[str] = []
    # sentencex keeps "U.S." and "Sept." inside their sentence, as for the articles.
    for line in text.splitlines():
        for sentence in sentences(line):
            parts.extend(part for part in _CLAUSE_BREAK.split(sentence) if part.strip())
    asking = [part.rstrip().endswith("?") for part in parts]
    if not any(asking):
        asking = [bool(_ASKING.search(part.strip())) for part in parts]
    if not any(asking) or all(asking):
        return _without_chat_opener([(part, False) for part in parts])
    return _without_chat_opener([(part, not ask) for part, ask in zip(parts, asking, strict=True)])


# "yo so", "lol wait", "ok real talk,", "ngl kinda curious,": a chat opener, then what is asked.
_CHAT_OPENER = re.compile(
    r"^\s*((?:yo|lol|lmao|ok|okay|hey|wait|dang|damn|darn|ngl|tbh|honestly|bruh|um|uh|hmm|wow|omg|btw"
    r"|so|alright|well)\b[\s,!.]*(?:[a-z']+[\s,!.]+){0,2}?)"
    rf"(?=(?:{'|'.join(QUESTION_WORDS)}|{AUXILIARIES})\b)",
    re.IGNORECASE,
)


def _without_chat_opener(segments: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """The first asked part's chat opener as context: it says how the asker talks, not what they ask."""
    for position, (part, context) in enumerate(segments):
        if context:
            continue
        match = _CHAT_OPENER.match(part)
        if match is None or not match.group(1).strip():
            return segments
        opener, rest = part[: match.end(1)], part[match.end(1) :]
        return [*segments[:position], (opener, True), (rest, False), *segments[position + 1 :]]
    return segments


def capitalised_words(question: str) -> frozenset[str]:
    """Words written with a capital inside the question: names, even if also words ("Apple").

    A question in capitals throughout says nothing about names.
    """
    tokens = re.findall(r"[A-Za-z][A-Za-z'’-]*", MARKUP.sub(" ", question))
    if sum(token.isupper() for token in tokens) * 2 > len(tokens):
        return frozenset()
    # All-capital tokens ("PC", "UK") are acronyms of every kind, so they are not taken as names;
    # nor are months and weekdays ("updates in October"), which say when, not what.
    # "Ilvarest's regulator" names Ilvarest, as the question's words say it.
    return frozenset(
        without_possessive(token).lower()
        for token in tokens[1:]
        if token[0].isupper() and not token.isupper() and not CALENDAR_NAME.fullmatch(token)
    )


# As common as "department" or "security": a word for a kind of thing, not a name.
_GENERIC_ZIPF = 4.5
# Given names and a surname: a longer run of capitals names a body ("Tressilock Parish Council").
_LONGEST_PERSON_NAME = 3
_NAME_RUN = re.compile(r"\b[A-Z][A-Za-z'’-]*(?:\s+[A-Z][A-Za-z'’-]*)+")


@lru_cache(maxsize=1024)
def name_heads(question: str) -> Mapping[str, str]:
    """For the common words of a many-word name, the name's rarest word ("Department" -> "Treasury").

    "The Treasury Department" is said by a sentence that names "the Treasury": the
    common word in a name only says what kind of thing the rare one is. Worked out once per
    question (read-only): every passage ranked or compared for it asks.
    """
    heads: dict[str, str] = {}
    for run in _NAME_RUN.findall(MARKUP.sub(" ", question)):
        tokens = [token.lower() for token in run.split()]
        head = min(tokens, key=zipf)
        for token in tokens:
            common = zipf(token) >= _GENERIC_ZIPF
            if token != head and common and is_english_word(token) and token not in STOP_WORDS:
                heads[token] = head
    return MappingProxyType(heads)


def names_another_of_its_kind(text: str, heads: Mapping[str, str]) -> bool:
    """Whether a sentence names another thing of the kind a many-word name of the question is.

    Asked about "the Kilbarrow Book Festival", "the Branscombe Words festival" and "the
    Porthkerry Children's Book Fair" are other festivals and fairs: a run of capitals before the
    name's common word ("festival", "book") that does not hold the name's rarest word.
    """
    for common, head in heads.items():
        for match in re.finditer(rf"((?:\b[A-Z][A-Za-z'’-]*\s+)+)(?i:{re.escape(common)})\b", text):
            named = [without_possessive(word.lower()) for word in match.group(1).split()]
            named = [word for word in named if word not in STOP_WORDS and word not in heads]
            if (
                named
                and without_possessive(head) not in named
                and not (match.start() == 0 and len(named) == 1)
            ):
                return True
    return False


@lru_cache(maxsize=1024)
def surnames(question: str) -> tuple[tuple[str, str], ...]:
    """Each given name of a person the question names, with the surname (("lorcan", "sweetapple"),).

    A person named in full is named again by title and surname ("Mr Sweetapple"): a surname
    that is no English word marks the run of capitals before it as a person's names. Worked
    out once per question: every passage compared for it asks.
    """
    found: list[tuple[str, str]] = []
    for run in _NAME_RUN.findall(MARKUP.sub(" ", question)):
        tokens = [token.lower() for token in run.split() if token.lower() not in STOP_WORDS | title_words()]
        if 2 <= len(tokens) <= _LONGEST_PERSON_NAME and not is_english_word(tokens[-1]):
            found.extend((token, tokens[-1]) for token in tokens[:-1])
    return tuple(found)
