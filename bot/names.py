"""Names in a sentence: finding them, and telling a person, a body and a place apart.

``find_names`` finds capitalised runs that name someone or somewhere; ``best_person`` and
``best_place`` choose, of the names nearest a question's words, the one that answers who or
where (a full name before a lone word, the one taking up a post before the one leaving it, a
name after "in" or "at" before any other).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from bot.english import date_markers, is_english_word, people_nouns
from bot.spans import CALENDAR_NAME, Span, word_before
from bot.text import STOP_WORDS, stem, words, zipf

_NAME_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][a-zA-Z'’-]*)"
# "Holt & Vane" is one name.
_NAME = re.compile(rf"\b{_NAME_WORD}(?:\s+(?:&\s+)?{_NAME_WORD})*")


@dataclass(frozen=True)
class NameHints:
    """What the articles say about capitalised words, to tell names from sentence starts."""

    common_words: frozenset[str] = frozenset()
    proper_words: frozenset[str] = frozenset()
    topic_words: frozenset[str] = frozenset()


_ROLES = frozenset(
    {
        "ceo",
        "cfo",
        "coo",
        "cto",
        "chief",
        "executive",
        "officer",
        "president",
        "chairman",
        "chairwoman",
        "chair",
    }
)


# Words that open a clause ("Although Kaspersky has denied ...") or give a title ("CEO
# Marta Kellner"), never the first word of a name of several.
_NEVER_FIRST = (
    STOP_WORDS
    | _ROLES
    | frozenset(
        {
            "although",
            "though",
            "however",
            "despite",
            "meanwhile",
            "additionally",
            "unlike",
            "whereas",
            "since",
            # "Former ValuMart executive Priya Halvorsen": what someone was, never a name.
            "former",
            "acting",
            "interim",
            "outgoing",
            "incoming",
        }
    )
)
# "Port Ellery", "Mount Hale": the common word that opens a place's name is part of it.
PLACE_PREFIXES = frozenset({"port", "fort", "mount", "lake", "cape", "saint", "san", "santa"})


def _opens_a_place(tokens: list[str], start: int) -> bool:
    """Whether a run of names mid-sentence opens with a word of place ("in Port Ellery")."""
    return start > 0 and len(tokens) > 1 and tokens[0].lower() in PLACE_PREFIXES


def find_names(sentence: str, hints: NameHints) -> list[Span]:
    """Capitalised runs that look like names.

    Leading words the articles also write in lower case, words that open a clause and
    titles are dropped ("Journalist Kim Zetter", "Although Kaspersky", "CEO Marta Kellner"),
    and a lone English word that opens the sentence is a name only if the articles capitalise
    it mid-sentence too ("Independent journalist ..." is not a name).
    """
    spans = []
    for match in _NAME.finditer(sentence):
        tokens = match.group(0).split()
        start = match.start()
        while tokens and (
            (tokens[0].lower() in hints.common_words and not _opens_a_place(tokens, start))
            or (len(tokens) > 1 and tokens[0].lower() in _NEVER_FIRST)
        ):
            start += len(tokens[0]) + 1
            tokens = tokens[1:]
        # "Interior Minister Hedda Lorsen", "U.S. Commerce Secretary Gina Raimondo": the
        # person's name follows the last title, whatever names the title's office.
        titled = [position for position, token in enumerate(tokens[:-2]) if token.lower() in _role_words()]
        if titled:
            for token in tokens[: titled[-1] + 1]:
                start += len(token) + 1
            tokens = tokens[titled[-1] + 1 :]
        if not tokens:
            continue
        # "Millhaven has been selected ...": a word no English dictionary holds is a name
        # wherever it stands.
        if (
            start == 0
            and len(tokens) == 1
            and tokens[0] not in hints.proper_words
            and is_english_word(tokens[0].lower())
        ):
            continue
        text = " ".join(tokens)
        # The articles' own subject ("Kaspersky", "U.S.") is in every other sentence: it
        # is what the question is about, not who or where the answer is.
        if set(words(text)) <= hints.topic_words:
            continue
        if re.fullmatch(r"U\.?S\.?|US|A|I|The|This|That|It", text):
            continue
        if CALENDAR_NAME.fullmatch(text):
            continue  # "agreed on Monday": a day, neither who nor where
        if set(words(text)) <= _ROLES:
            continue  # "CEO" or "Chief Executive" says what someone is, not who
        if re.fullmatch(r"[A-Z][a-z]+ans['’]?", text) and adjective_of_origin(text.rstrip("'’")[:-1]):
            continue  # "Americans' sensitive information": a people, neither who nor where
        if re.search(r"-(?:based|owned|made|led|backed|run|born|linked|founded)$", text):
            continue  # "US-based", "Russia-based": what something is like, not who
        spans.append(Span(text, start, start + len(text)))
    return spans


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


_ORGANISATION_WORDS = frozenset(
    {
        "agency",
        "alliance",
        "coalition",
        "federation",
        "league",
        "partnership",
        "airline",
        "airlines",
        "airways",
        "association",
        "authority",
        "bank",
        "board",
        "treasury",
        "center",
        "club",
        "centre",
        "college",
        "commission",
        "committee",
        "company",
        "corp",
        "corporation",
        "council",
        "court",
        "department",
        "foundation",
        "fund",
        "group",
        "holdings",
        "hospital",
        "inc",
        "institute",
        "ltd",
        "ministry",
        "museum",
        "office",
        "party",
        "school",
        "service",
        "services",
        "society",
        "systems",
        "union",
        "university",
    }
)
# A football club's name ("Stoneacre United", "Kingsferry Rovers"): a body, but a question that
# names the club does not ask for one.
_CLUB_NAME_WORDS = frozenset({"united", "rovers", "wanderers", "athletic", "albion", "fc", "afc"})
# Buildings and sites: a venue is a body's place, never a person, and lies in some town.
_VENUE_WORDS = frozenset(
    {
        "airport",
        "airfield",
        "aerodrome",
        "arena",
        "avenue",
        "estate",
        "lane",
        "road",
        "bridge",
        "building",
        "hall",
        "park",
        "plaza",
        "square",
        "stadium",
        "station",
        "street",
        "tower",
        # "landed safely at Marchbank International": an airport, as its name is shortened.
        "international",
    }
)
_BODY_WORDS = _ORGANISATION_WORDS | _CLUB_NAME_WORDS | _VENUE_WORDS
_PLACE_WORDS = frozenset({"in", "at", "from", "to", "near", "outside", "inside", "across", "of"})


# "Eugene Kaspersky, the CEO, was not sanctioned": asked who was, the name is who was not.
_DENIAL = re.compile(
    r"[^.;]*?\b(?:was|were|is|are|has|have|had|will|would)(?:\s+not|n['’]t)(?:\s+been|\s+be)?\s+(\w+)"
    r"|[^.;]*?\bnever\s+(\w+)",
    re.IGNORECASE,
)


def _denied(sentence: str, span: Span, question_words: frozenset[str]) -> bool:
    """Whether the sentence says the named one did not do, or undergo, what the question asks."""
    match = _DENIAL.match(sentence, span.end)
    if match is None:
        return False
    verb = match.group(1) or match.group(2)
    return stem(verb.lower()) in {stem(word.lower()) for word in question_words}


@cache
def _people() -> frozenset[str]:
    """Nouns for people who hold a post, one or many ("executive", "managers"), but no body."""
    roles = {noun for noun in people_nouns()["roles"] if " " not in noun} - _BODY_WORDS - _BODY_ROLES
    return frozenset(roles | {f"{noun}s" for noun in roles})


# Roles a body may hold ("the regulator", "the buyer").
_BODY_ROLES = frozenset(
    {"agency", "administration", "regulator", "firm", "buyer", "seller", "vendor", "supplier", "sponsor"}
)


def names_a_body(text: str) -> bool:
    """Whether a name is an organisation's or a building's ("Skyreach Airways", "Ashbury Arena")."""
    return bool(set(word.lower() for word in words(text)) & _BODY_WORDS)


@cache
def organisation_stems() -> frozenset[str]:
    """The stems of words for an organisation ("club", "university"): who holds a post, not the post."""
    return frozenset(stem(word) for word in _ORGANISATION_WORDS | _CLUB_NAME_WORDS)


_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"})
_LED_BODIES = _BODY_WORDS | {"administration", "government", "campaign", "team", "family", "cabinet"}


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
    return first in question_words and first not in _role_words() and not qualifier


_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,3}\s|[A-Z]{2,3}\s")


@cache
def _role_words() -> frozenset[str]:
    return frozenset(people_nouns()["roles"]) | _ROLES


def _before_a_lowercase_word(sentence: str, span: Span) -> bool:
    """Whether a one-word name runs on into lower case ("Russian hackers", "Trump administration")."""
    return " " not in span.text and _runs_into_lower_case(sentence, span)


def _runs_into_lower_case(sentence: str, span: Span) -> bool:
    """Whether the word after a name starts in lower case ("Tobias Fenn's nominee")."""
    after = sentence[span.end :].split()[:1]
    return bool(after) and after[0][:1].islower()


# "Russian", "Chinese", "British", "Israeli": the endings of adjectives of origin.
_OF_ORIGIN = re.compile(r"(?:[ie]?an|ese|ish|i)$")


# An adjective of origin or era as common as "Victorian" or "Kenyan" (Zipf), or in the
# dictionary ("Edwardian"), is a word of English, not a name.
_KNOWN_ADJECTIVE_ZIPF = 3.5


def adjective_of_origin(word: str) -> bool:
    """Whether a capitalised word is an English adjective of origin or era ("Victorian", "Russian")."""
    lowered = word.lower()
    return bool(_OF_ORIGIN.search(lowered)) and (
        zipf(lowered) >= _KNOWN_ADJECTIVE_ZIPF or is_english_word(lowered)
    )


def describes_a_noun(sentence: str, span: Span) -> bool:
    """Whether a one-word name is an adjective of origin before a noun ("Russian hackers")."""
    return (
        _before_a_lowercase_word(sentence, span)
        and bool(_OF_ORIGIN.search(span.text))
        and sentence[span.end :].split()[0].lower() not in STOP_WORDS
    )


def _after_a_place_word(sentence: str, span: Span) -> bool:
    before = words(sentence[: span.start])[-2:]
    # "on the Marsh Lane industrial estate"; but "outside the United States" says no town.
    return before == ["on", "the"] or (before[-1:] != [] and before[-1] in _PLACE_WORDS)


def in_a_place(sentence: str, span: Span) -> bool:
    """Whether a name follows "in" or the like, with or without "the" ("in the United States").

    Unlike a town's place word, "in the" will do: it says where something happened, not which
    town (see ``_after_a_place_word``); "at" and "from" may name a firm ("executives at Kaspersky").
    """
    before = words(sentence[: span.start])[-2:]
    if before[-1:] == ["the"]:
        before.pop()
    return bool(before) and before[-1] in _WITHIN


_WITHIN = frozenset({"in", "inside", "outside", "across", "throughout"})


# "Stannick has been chosen as the home of", "choosing Eskerby as the location for", "Wenlow
# has won the race to host", "Thurlby Moor, a former airfield".
AS_A_PLACE = re.compile(
    r"\s+(?:(?:has been|was|is|had been)\s+)?(?:\w+\s+)?as\s+(?:the\s+)?(?:\w+\s+)?"
    r"(?:location|site|home|base|venue|host)\b"
    r"|[\s,]+(?:[\w'’]+[\s,]+){0,6}?(?:to|will)\s+(?:host|stage)\b"
    r"|,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:airfield|airport|colliery|quarry|farm|estate|village|"
    r"hamlet|town|suburb|island|valley|site|dockyard|harbour|port|ground|stadium|home of)\b"
)


def written_as_place(sentence: str, span: Span) -> bool:
    """Whether a name stands where a place does: after "in", "to", "at" ..., or "as the location"."""
    return _after_a_place_word(sentence, span) or bool(AS_A_PLACE.match(sentence, span.end))


_PLACE_REGION = re.compile(rf",\s+{_NAME_WORD}(?:\s+{_NAME_WORD})*(?=\s*(?:[,.;:)]|$))")


def place_with_region(sentence: str, span: Span) -> str:
    """A place with the region written after it ("Dayton, Ohio"), which tells two places apart."""
    match = _PLACE_REGION.match(sentence, span.end)
    return span.text + match.group(0) if match else span.text


def best_person(
    sentence: str, distances: list[tuple[Span, int]], question_words: frozenset[str]
) -> tuple[Span, int] | None:
    """Of the names and their distances from the question's words, the one that answers who."""
    # "the Russian antivirus provider", "a Kaspersky spokesperson": a lone name used as
    # a modifier says what someone is, not who.
    # Asked for a name, a lone word before a noun ("Russian hackers") names none.
    wants_name = bool({word.lower() for word in question_words} & {"name", "names"})
    wants_body = bool({word.lower() for word in question_words} & (_BODY_WORDS - _CLUB_NAME_WORDS))
    # "Who hacked Maplecrest?" is not answered by "Maplecrest Health": the question's
    # own subject, written out in full.
    # "What are the names of the executives sanctioned by the Treasury?": people, so "the U.S.
    # Treasury" names none of them.
    wants_people = wants_name and bool({word.lower() for word in question_words} & _people())
    distances = [
        pair
        for pair in distances
        if not _modifies_a_noun(sentence, pair[0])
        and not (wants_name and _before_a_lowercase_word(sentence, pair[0]))
        and not _opens_with_the_subject(pair[0], question_words, wants_body)
        and not (wants_people and names_a_body(pair[0].text))
        and not _denied(sentence, pair[0], question_words)
    ]
    # The one leaving a post ("She replaces Chief Constable Roger Ingham") is not who takes
    # it up, unless the question asks who is replaced.
    lowered = {word.lower() for word in question_words}
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
    return span.text.endswith(("'s", "’s")) and _runs_into_lower_case(sentence, span)


def best_place(
    sentence: str, distances: list[tuple[Span, int]], question_words: frozenset[str] = frozenset()
) -> tuple[Span, int] | None:
    """Of the names and their distances from the question's words, the one that answers where."""
    # "in Kessaba", "from Dayton": a name after a word of place is a place; of two as near,
    # where something happens ("landed at Pendle Ford Airport") before where it went or came
    # from ("a flight ... to Linmouth").
    asked = {word.lower() for word in question_words}
    return min(
        distances,
        key=lambda pair: (
            pair[1]
            + 3 * (not _after_a_place_word(sentence, pair[0]))
            + _FAR_PENALTY * names_an_organisation(pair[0].text)
            + _FAR_PENALTY * _names_the_asked_thing(sentence, pair[0], asked)
            + 0.5 * (word_before(sentence, pair[0].start) in _DIRECTIONS),
            pair[0].start,
        ),
    )


def _names_the_asked_thing(sentence: str, span: Span, asked: set[str]) -> bool:
    """Whether a name, not after a word of place, says which of the asked thing it is.

    Asked where the traction engine was found, "The Burrell traction engine ... was recovered
    from an industrial estate in Castlewick": Burrell is the engine's make, not where it was.
    """
    following = sentence[span.end :].split()[:1]
    return (
        not _after_a_place_word(sentence, span)
        and bool(following)
        and following[0].islower()
        and following[0].strip(",.;:") in asked
    )


_DIRECTIONS = frozenset({"to", "from"})
# Far enough that any other name of the sentence answers first.
_FAR_PENALTY = 20


def names_an_organisation(text: str) -> bool:
    """Whether a name is who, not where: "the Northern Coastal Partnership", "Holt & Vane"."""
    return words(text)[-1].lower() in _ORGANISATION_WORDS | _CLUB_NAME_WORDS or "&" in text
