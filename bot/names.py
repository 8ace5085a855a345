"""Names in a sentence: finding them, and telling a person, a body and a place apart.

``find_names`` finds capitalised runs that name someone or somewhere; ``best_place`` chooses,
of the names nearest a question's words, the one that answers where (a name after "in" or "at"
before any other). Who answers "who" is ``bot.who``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bot.english import is_english_word, people_nouns
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
        titled = [position for position, token in enumerate(tokens[:-2]) if token.lower() in role_words()]
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
CLUB_NAME_WORDS = frozenset({"united", "rovers", "wanderers", "athletic", "albion", "fc", "afc"})
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
BODY_WORDS = _ORGANISATION_WORDS | CLUB_NAME_WORDS | _VENUE_WORDS
_PLACE_WORDS = frozenset({"in", "at", "from", "to", "near", "outside", "inside", "across", "of"})


# The words that name a public body as one: "the U.S. Commerce Department", "the Health Ministry".
_PUBLIC_BODY_WORDS = frozenset(
    {
        "department",
        "agency",
        "ministry",
        "bureau",
        "office",
        "commission",
        "authority",
        "administration",
        "council",
        "regulator",
        "service",
        "court",
        "treasury",
        "directorate",
        "inspectorate",
        "parliament",
        "government",
        "police",
        "army",
    }
)


def names_a_public_body(text: str) -> bool:
    """Whether a name says it is a public body ("Commerce Department"), or is an acronym ("FCC")."""
    named = re.findall(r"[A-Za-z]+", text)
    return bool({word.lower() for word in named} & _PUBLIC_BODY_WORDS) or any(
        len(word) >= 2 and word.isupper() and word not in _COUNTRY_ACRONYMS for word in named
    )


def names_a_public_body_in(sentence: str, span: Span) -> bool:
    """Whether a name, in its sentence, names a public body: itself, or as the end of one.

    "The Ministry of Health": "Health" ends the ministry's name.
    """
    return names_a_public_body(span.text) or bool(_PUBLIC_BODY_OF.search(sentence[: span.start]))


_PUBLIC_BODY_OF = re.compile(
    rf"\b(?:{'|'.join(word.capitalize() for word in sorted(_PUBLIC_BODY_WORDS))}) of (?:the )?$"
)


# "US" and "UK" name countries, not bodies.
_COUNTRY_ACRONYMS = frozenset({"US", "USA", "UK", "UAE"})


def names_a_body(text: str) -> bool:
    """Whether a name is an organisation's or a building's ("Skyreach Airways", "Ashbury Arena")."""
    return bool(set(word.lower() for word in words(text)) & BODY_WORDS)


@cache
def organisation_stems() -> frozenset[str]:
    """The stems of words for an organisation ("club", "university"): who holds a post, not the post."""
    return frozenset(stem(word) for word in _ORGANISATION_WORDS | CLUB_NAME_WORDS)


@cache
def role_words() -> frozenset[str]:
    """Words for someone's post ("spokesperson", "chief"): a title before a name, not the name."""
    return frozenset(people_nouns()["roles"]) | _ROLES


def before_a_lowercase_word(sentence: str, span: Span) -> bool:
    """Whether a one-word name runs on into lower case ("Russian hackers", "Trump administration")."""
    return " " not in span.text and runs_into_lower_case(sentence, span)


def runs_into_lower_case(sentence: str, span: Span) -> bool:
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
        before_a_lowercase_word(sentence, span)
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
    return words(text)[-1].lower() in _ORGANISATION_WORDS | CLUB_NAME_WORDS or "&" in text
