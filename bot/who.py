"""Who a sentence names in answer to "who": of its names, the person who did what is asked.

A full name before a lone word, a person before a body unless a body is asked for, the one
taking up a post before the one leaving it, the one the news is about before the one who
reported or told of it, and never a name the sentence says "was not" what is asked.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from bot.english import date_markers, equivalent_stems, people_nouns
from bot.names import (
    BODY_WORDS,
    CLUB_NAME_WORDS,
    before_a_lowercase_word,
    names_a_body,
    role_words,
    runs_into_lower_case,
    written_as_place,
)
from bot.spans import Span
from bot.text import STOP_WORDS, stem, words

# "to succeed Gordon Tullis", "replaces longtime director Gordon Fairley", "the retirement of
# Oswin Garthwaite": who leaves the post.
_PREDECESSOR = re.compile(
    r"\b(?:succeed(?:s|ed|ing)?|replac(?:e|es|ed|ing)|(?:take|takes|took|taking) over from|predecessor"
    r"|outgoing|retiring|departing|ousted"
    # "following the retirement of Superintendent Oswin Garthwaite"
    r"|(?:retirement|resignation|departure|death|dismissal|exit) of)\s+(?:[\w.-]+\s+){0,2}$",
    re.IGNORECASE,
)
_PREDECESSOR_WORDS = frozenset(
    {
        "replace",
        "replaces",
        "replaced",
        "succeed",
        "succeeds",
        "succeeded",
        "predecessor",
        "outgoing",
        "retire",
        "retires",
        "retiring",
        "leaving",
        "departing",
        "retirement",
        "resignation",
        "departure",
    }
)


def _after_a_leaving_word(sentence: str, span: Span) -> bool:
    return bool(_PREDECESSOR.search(sentence[: span.start]))


# "Eugene Kaspersky, the CEO, was not sanctioned": asked who was, the name is who was not.
_DENIAL = re.compile(
    r"[^.;]*?\b(?:was|were|is|are|has|have|had|will|would)(?:\s+not|n['’]t)(?:\s+been|\s+be)?\s+(\w+)"
    r"|[^.;]*?\bnever\s+(\w+)",
    re.IGNORECASE,
)


# Not "not": "I need specifics, not summaries" sets the scene, and asks no one who was not.
_ASKS_WHO_DID_NOT = frozenset(
    {"escaped", "escape", "escapes", "avoided", "avoid", "avoids", "spared", "exempt", "exempted"}
)


def _denied(sentence: str, span: Span, lowered: set[str]) -> bool:
    """Whether the sentence says the named one did not do, or undergo, what the question asks.

    ``lowered`` is the question's words in lower case.
    """
    match = _DENIAL.match(sentence, span.end)
    if match is None or lowered & _ASKS_WHO_DID_NOT:
        # "Which top boss escaped the penalties?": the one who was not is who is asked.
        return False
    verb = match.group(1) or match.group(2)
    asked = {stem(word) for word in lowered}
    # "Which managers did the ministry penalize?" asks who was sanctioned, in other words.
    asked |= {same for word in asked for same in equivalent_stems().get(word, ())}
    return stem(verb.lower()) in asked


@cache
def _people() -> frozenset[str]:
    """Nouns for people who hold a post, one or many ("executive", "managers"), but no body."""
    roles = {noun for noun in people_nouns()["roles"] if " " not in noun} - BODY_WORDS - _BODY_ROLES
    return frozenset(roles | {f"{noun}s" for noun in roles})


# Roles a body may hold ("the regulator", "the buyer").
_BODY_ROLES = frozenset(
    {"agency", "administration", "regulator", "firm", "buyer", "seller", "vendor", "supplier", "sponsor"}
)


_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"})
_LED_BODIES = BODY_WORDS | {"administration", "government", "campaign", "team", "family", "cabinet"}


def _modifies_a_noun(sentence: str, span: Span) -> bool:
    """Whether a one-word name stands between a determiner and a lower-case word."""
    if " " in span.text:
        return False
    before = words(sentence[: span.start])[-1:]
    after = sentence[span.end :].split()[:1]
    # "the Trump administration" still names who: the name heads a body.
    return (
        bool(before)
        and before[0].lower() in _DETERMINERS
        and bool(after)
        and after[0][:1].islower()
        and after[0].strip(",.;:").lower() not in _LED_BODIES
    )


def _opens_with_the_subject(span: Span, question_words: frozenset[str], wants_body: bool) -> bool:
    """Whether a name starts with a word of the question that is no title ("Maplecrest Health")."""
    first = words(span.text)[0]
    # "Which US agency ...?" is answered by "the U.S. Treasury": asked for a body, a short
    # abbreviation opening a longer name ("UK Home Office") says where the body is, not which.
    qualifier = wants_body and bool(_ABBREVIATION.match(span.text)) and len(span.text.split()) > 1
    return first in question_words and first not in role_words() and not qualifier


_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,3}\s|[A-Z]{2,3}\s")


def best_person(
    sentence: str, distances: list[tuple[Span, int]], question_words: frozenset[str]
) -> tuple[Span, int] | None:
    """Of the names and their distances from the question's words, the one that answers who."""
    lowered = {word.lower() for word in question_words}
    wants_name = bool(lowered & {"name", "names"})
    wants_body = bool(lowered & (BODY_WORDS - CLUB_NAME_WORDS))
    # "What are the names of the executives sanctioned by the Treasury?": people, so "the U.S.
    # Treasury" names none of them.
    wants_people = wants_name and bool(lowered & _people())
    distances = [
        pair
        for pair in distances
        # "the Russian antivirus provider", "a Kaspersky spokesperson": a lone name used as
        # a modifier says what someone is, not who.
        if not _modifies_a_noun(sentence, pair[0])
        # Asked for a name, a lone word before a noun ("Russian hackers") names none.
        and not (wants_name and before_a_lowercase_word(sentence, pair[0]))
        # "Who hacked Maplecrest?" is not answered by "Maplecrest Health": the question's
        # own subject, written out in full.
        and not _opens_with_the_subject(pair[0], question_words, wants_body)
        and not (wants_people and names_a_body(pair[0].text))
        and not _denied(sentence, pair[0], lowered)
    ]
    # The one leaving a post ("She replaces Chief Constable Roger Ingham") is not who takes
    # it up, unless the question asks who is replaced.
    if not lowered & _PREDECESSOR_WORDS:
        distances = [pair for pair in distances if not _after_a_leaving_word(sentence, pair[0])]
    if not distances:
        return None
    # A full name ("Sawyer VanHorn") answers "who" better than a lone word nearby, a
    # person better than a body ("Westmarch Photography Center") unless a body is asked
    # for, and a name better than an owner ("Tobias Fenn's nominee, Marcus Adeyemi").
    telling = date_markers()["telling"][0]
    wants_teller = _asks_who_told(lowered)
    # Only the sentence's first name is its subject: "Patrick Hennessey, the former head of
    # training at Carradon Turbines, has been appointed" puts Hennessey in the post.
    first_name = min(pair[0].start for pair in distances)
    # "Tomas Reyna's header ... gave Kingsferry Rovers a 2-1 win over Ostry United": an owner
    # gives way only to another person, and a body near the question's words gives way to the
    # person the sentence names, however far.
    people_named = sum(
        not names_a_body(pair[0].text) and not written_as_place(sentence, pair[0]) for pair in distances
    )
    return min(
        distances,
        key=lambda pair: (
            pair[1]
            + 3 * (" " not in pair[0].text)
            + (_BODY_PENALTY if people_named else 3) * (names_a_body(pair[0].text) and not wants_body)
            # "Wyckhampton Women", asked who scored in the "Women's Cup" final: a name holding
            # the question's own words is what it asks about, not who.
            + 3 * bool({word.lower() for word in words(pair[0].text)} & lowered - STOP_WORDS)
            + 3 * (people_named > 1 and _owns_what_follows(sentence, pair[0]))
            # "..., Health Secretary Martin Oakes told Parliament": who tells of it is not
            # who does it, unless the question asks who said so.
            + 3 * (not wants_teller and _tells(sentence, pair[0], telling))
            # "Mark Hesketh-Boyd has been named the new principal ...": the one put in a post.
            - 3 * (pair[0].start == first_name and _put_in_a_post(sentence, pair[0])),
            pair[0].start,
        ),
    )


def only_reports(sentence: str, span: Span, question_words: frozenset[str]) -> bool:
    """Whether the name only reports the news, and the question does not ask who told of it.

    "Journalist Kim Zetter first reported ..." tells who reported, not who acted. Only reporting
    counts: the one the news is about may say or announce something too ("Capt Penhallow-Rigg
    says his first priority ...").
    """
    asks_who_told = _asks_who_told({word.lower() for word in question_words})
    return not asks_who_told and _tells(sentence, span, _REPORTING)


_REPORTING = frozenset({"report", "reported", "reports", "reporting", "wrote", "writes"})


def _asks_who_told(lowered: set[str]) -> bool:
    """Whether the question's (lower-case) words ask who told of the news ("who announced it?")."""
    return bool(lowered & date_markers()["telling"][1])


def _tells(sentence: str, span: Span, telling: frozenset[str]) -> bool:
    """Whether a name is followed by a verb of telling ("Martin Oakes told Parliament", "has announced")."""
    verb = _verb_after(sentence, span, _BEFORE_A_VERB, reach=2)[1]
    return verb is not None and verb in telling


def _put_in_a_post(sentence: str, span: Span) -> bool:
    """Whether a name is the subject of a passive verb that puts someone in a post ("has been named")."""
    skipped, verb = _verb_after(sentence, span, _BEFORE_A_VERB | _PASSIVE, reach=3)
    # "has named" is the one who names; "has been named", "was named" the one named.
    return bool(_PASSIVE & skipped) and verb is not None and verb in people_nouns()["appointing"]


def _verb_after(
    sentence: str, span: Span, auxiliaries: frozenset[str], reach: int
) -> tuple[frozenset[str], str | None]:
    """The auxiliaries right after a name (of ``auxiliaries``, up to ``reach``), and the word after them."""
    after = words(sentence[span.end :])[: reach + 1]
    skipped = list(itertools.takewhile(lambda word: word in auxiliaries, after[:reach]))
    return frozenset(skipped), after[len(skipped)] if len(skipped) < len(after) else None


_PASSIVE = frozenset({"been", "be", "was", "were", "is"})
# How many words nearer the question's words a body may stand than a person it still gives way to.
_BODY_PENALTY = 12


# Auxiliaries and adverbs between a name and its verb ("has announced", "also said").
_BEFORE_A_VERB = frozenset(
    {"has", "have", "had", "is", "was", "were", "will", "would", "also", "then", "first", "later"}
)


def _owns_what_follows(sentence: str, span: Span) -> bool:
    """Whether a name is written as the owner of a noun ("Tobias Fenn's nominee")."""
    return span.text.endswith(("'s", "’s")) and runs_into_lower_case(sentence, span)
