"""Short answers: the span of a quoted sentence that answers a when, who or how-many question."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from bot.english import is_english_word, people_nouns
from bot.models import AnswerType
from bot.text import STOP_WORDS, YEAR, fold, stem, words

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DATE = re.compile(
    rf"\b(?:(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?"
    rf"|(?i:in|since|by|until|from)\s+(?i:early\s+|late\s+|mid-?)?(?:{_MONTHS})(?!\s+\d{{1,2}}\b)(?:\s+\d{{4}})?"
    r"|(?i:in|since|by|until|from)\s+(?:19|20)\d\d"
    r"|(?i:(?:next|last|this)\s+(?:week|month|year))"
    rf"|(?i:on|as of|last|next|this)\s+(?:{WEEKDAYS})s?"
    r"|(?:19|20)\d\d)\b"
)
_WEEKDAY_ONLY = re.compile(rf"(?:{WEEKDAYS})s?$")
_DATE_FOLLOWS = re.compile(rf",?\s+(?:(?:{_MONTHS})\s+\d{{1,2}}\b|\d{{1,2}}\s+(?:{_MONTHS}))")
# Numbers written in words that name one figure ("seventeen", "a hundred"); then the vague
# ones ("dozens", "several") that only a count may hold.
CARDINAL_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|thousand|million|billion"
)
_NUMBER_WORDS = f"{CARDINAL_WORDS}|dozen|dozens|hundreds|thousands|millions|several|half"
_SMALL_NUMBERS = CARDINAL_WORDS.split("|hundred")[0]
# "seventeen", "twenty-four", "a hundred and twelve", "four and a half".
_NUMBER_WORD_RUN = (
    rf"(?:(?:a|an)\s+(?=(?:{_NUMBER_WORDS})\b))?(?:{_NUMBER_WORDS})"
    rf"(?:(?:[\s-]+and)?(?:[\s-]+a)?[\s-]+(?:{_NUMBER_WORDS})\b)*"
)
_NUMBER = re.compile(
    r"\b(?:(?:fewer|more|less)\s+than|nearly|almost|about|around|roughly|approximately|over|under|"
    r"up\s+to|at\s+least|at\s+most|some)?\s*"
    rf"(?:\d(?:[\d,.]*\d)?%?|{_NUMBER_WORD_RUN})(?:\s+(?:thousand|million|billion|trillion))?(?:\s+of)?(?:[\s-]+[a-z]+)?\b",
    re.IGNORECASE,
)
_CURRENCIES = "$€£¥"
_NOT_COUNTED = frozenset({"last", "next", "this", "per", "each", "every"})
_DURATION = re.compile(
    r"\b(?:nearly|almost|about|around|over|more than|some)?\s*"
    rf"(?:\d+|{_NUMBER_WORD_RUN})"
    r"[\s-](?:year|month|week|day|decade|hour|minute)s?\b"
    # "five hours and 40 minutes"
    rf"(?:\s+and\s+(?:\d+|{_NUMBER_WORD_RUN})[\s-](?:hour|minute)s?\b)?"
    # "a year and a half", "half a year"
    r"|\b(?:(?:a|an|one)\s+(?:year|month|week|day|hour|decade)\s+and\s+a\s+half"
    r"|half\s+an?\s+(?:year|month|week|day|hour|decade))\b"
    r"|\b(?:decades?|years?)\b",
    re.IGNORECASE,
)
_CALENDAR_NAME = re.compile(rf"(?:{WEEKDAYS}|{_MONTHS})(?:s|['’]s)?", re.IGNORECASE)
_NAME_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][a-zA-Z'’-]*)"
_NAME = re.compile(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})*")
_REASON = re.compile(
    r"\b(?:citing|due to|owing to|because(?: of)?|since|over|amid|after|concluded that|given(?: that)?|"
    r"as a result of|in response to|in light of|by (?:nature|design),?|"
    # A court's or an inquiry's grounds: "overturned the ban, ruling that the council had ...".
    r"ruling that|finding that|on the grounds that)\s+"
    r"(?P<reason>.+?)\s*(?:[,;:]\s|[.!?]?$)"
    r"|\bfor (?P<reasons>(?:[\w-]+ ){0,3}reasons?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int


def find_dates(sentence: str) -> list[Span]:
    return [
        Span(match.group(0), match.start(), match.end())
        for match in _DATE.finditer(sentence)
        # "on Sunday, September 21": the date that follows is the fuller answer.
        if not (_WEEKDAY_ONLY.search(match.group(0)) and _DATE_FOLLOWS.match(sentence, match.end()))
    ]


def find_numbers(sentence: str) -> list[Span]:
    """Counts and amounts with their modifier and the word they count ("fewer than 50 employees").

    A bare year, or the day after a month's name, is a date, not a count.
    """
    spans = []
    for match in _NUMBER.finditer(sentence):
        tokens = match.group(0).split()
        if len(tokens) > 1 and (
            tokens[-1].lower() in STOP_WORDS or tokens[-1].lower() in _NOT_COUNTED or tokens[-1][0].isupper()
        ):
            # "2.3 million Pellham & Rowe customers": the name is not counted; nor is the time
            # of "36% last year" or the rate of "€350 per buyer".
            tokens = tokens[:-1]
        if not tokens or YEAR.fullmatch(tokens[0].rstrip(",.")):
            continue
        if re.search(rf"(?:{_MONTHS})\s*$", sentence[: match.start() + match.group(0).index(tokens[0])]):
            continue  # the day of a date ("September 29"), not a count
        if (
            len(tokens) > 1
            and tokens[0].lower() == "over"
            and _after_a_particle_verb(sentence, match.start())
        ):
            tokens = tokens[1:]  # "hand over 86 million dollars" pays 86 million, not more
        text = " ".join(tokens).rstrip(",.")
        start = match.start() + match.group(0).index(tokens[0])
        if start and sentence[start - 1] in _CURRENCIES:
            start, text = start - 1, sentence[start - 1] + text  # "$2.1 billion", not "2.1 billion"
        spans.append(Span(text, start, start + len(text)))
    return spans


# Verbs that take "over" as their particle ("hand over", "took over", "sign over").
_OVER_VERBS = (
    "hand handed turn turned take took taken sign signed pass passed fork forked give gave given "
    "carry carried roll rolled hold held win won make made pick picked tip tipped"
)


@cache
def _over_verb_stems() -> frozenset[str]:
    """Stemmed when first needed, for stemming loads the lemma tables (the CLI starts without them)."""
    return frozenset(stem(verb) for verb in _OVER_VERBS.split())


def _after_a_particle_verb(sentence: str, offset: int) -> bool:
    before = _word_before(sentence, offset)
    return bool(before) and stem(before) in _over_verb_stems()


def _word_before(sentence: str, offset: int) -> str:
    """The (lower-case) word just before an offset of the sentence, or "" at its start."""
    before = words(sentence[:offset])
    return before[-1] if before else ""


def find_durations(sentence: str) -> list[Span]:
    return [
        Span(match.group(0).strip(), match.start(), match.end()) for match in _DURATION.finditer(sentence)
    ]


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
            tokens[0].lower() in hints.common_words or (len(tokens) > 1 and tokens[0].lower() in _NEVER_FIRST)
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
        if _CALENDAR_NAME.fullmatch(text):
            continue  # "agreed on Monday": a day, neither who nor where
        if set(words(text)) <= _ROLES:
            continue  # "CEO" or "Chief Executive" says what someone is, not who
        if re.search(r"-(?:based|owned|made|led|backed|run|born|linked|founded)$", text):
            continue  # "US-based", "Russia-based": what something is like, not who
        spans.append(Span(text, start, start + len(text)))
    return spans


def find_reasons(sentence: str) -> list[Span]:
    spans = []
    for match in _REASON.finditer(sentence):
        group = "reason" if match.group("reason") else "reasons"
        if _DATE.match(match.group(group)):
            continue  # "After September 29, ..." is a time, not a reason
        spans.append(Span(match.group(group), match.start(group), match.end(group)))
    return spans


def nearest_answer(
    kind: AnswerType,
    sentence: str,
    anchor_stems: tuple[frozenset[str], frozenset[str]],
    question_words: frozenset[str],
    hints: NameHints,
    accept: Callable[[Span], bool] | None = None,
) -> tuple[Span, int] | None:
    """The answer span nearest the question's words, with its distance in words.

    None when the sentence holds no span of the kind asked for (and that ``accept`` takes).

    ``anchor_stems`` holds the question's distinctive stems, then all its stems: distance
    is measured to the distinctive ones where the sentence has any.

    Spans made only of the question's own words are not answers ("Who is Eugene
    Kaspersky?" is not answered by "Eugene Kaspersky").
    """
    if kind not in _FINDERS:
        return None
    candidates = [
        span
        for span, said in _spans(kind, sentence, hints)
        if not said <= question_words and (accept is None or accept(span))
    ]
    if not candidates:
        return None
    distinctive, everything = anchor_stems
    anchors = _anchor_offsets(sentence, distinctive) or _anchor_offsets(sentence, everything)
    # Of a name, the clause set off after it describes it: its distance skips that clause.
    distances = [
        (
            span,
            _word_distance(
                sentence,
                span,
                anchors,
                _aside_after(sentence, span) if kind is AnswerType.PERSON else _NO_ASIDE,
            ),
        )
        for span in candidates
    ]
    if kind is AnswerType.PERSON:
        # "the Russian antivirus provider", "a Kaspersky spokesperson": a lone name used as
        # a modifier says what someone is, not who.
        # Asked for a name, a lone word before a noun ("Russian hackers") names none.
        wants_name = bool({word.lower() for word in question_words} & {"name", "names"})
        # "Who hacked Maplecrest?" is not answered by "Maplecrest Health": the question's
        # own subject, written out in full.
        distances = [
            pair
            for pair in distances
            if not _modifies_a_noun(sentence, pair[0])
            and not (wants_name and _before_a_lowercase_word(sentence, pair[0]))
            and not _opens_with_the_subject(pair[0], question_words)
        ]
        if not distances:
            return None
        # A full name ("Sawyer VanHorn") answers "who" better than a lone word nearby, a
        # person better than a body ("Westmarch Photography Center") unless a body is asked
        # for, and the one taking up a post better than the one leaving it ("to succeed
        # Gordon Tullis") unless the question asks who is replaced.
        lowered = {word.lower() for word in question_words}
        wants_body = bool(lowered & _BODY_WORDS)
        wants_predecessor = bool(lowered & _PREDECESSOR_WORDS)
        return min(
            distances,
            key=lambda pair: (
                pair[1]
                + 3 * (" " not in pair[0].text)
                + 3 * (names_a_body(pair[0].text) and not wants_body)
                + _LEAVER_PENALTY * (not wants_predecessor and _after_a_leaving_word(sentence, pair[0])),
                pair[0].start,
            ),
        )
    if kind is AnswerType.PLACE:
        # "in Kessaba", "from Dayton": a name after a word of place is a place.
        return min(
            distances,
            key=lambda pair: (pair[1] + 3 * (not _after_a_place_word(sentence, pair[0])), pair[0].start),
        )
    if kind is AnswerType.DURATION:
        # "jailed for two and a half years", not "stole money over six years": a span after
        # "for" is how long the thing lasts.
        return min(distances, key=lambda pair: (pair[1] - 0.5 * _after_for(sentence, pair[0]), pair[0].start))
    return min(distances, key=lambda pair: (pair[1], pair[0].start))


def _after_for(sentence: str, span: Span) -> bool:
    return _word_before(sentence, span.start) == "for"


# "to succeed Gordon Tullis", "replaces longtime director Gordon Fairley": who leaves the post.
_PREDECESSOR = re.compile(
    r"\b(?:succeed(?:s|ed|ing)?|replac(?:e|es|ed|ing)|(?:take|takes|took|taking) over from|predecessor"
    r"|outgoing|retiring|departing|ousted)\s+(?:[\w.-]+\s+){0,2}$",
    re.IGNORECASE,
)
# Far enough that any other name of the sentence answers first.
_LEAVER_PENALTY = 20
_PREDECESSOR_WORDS = frozenset(
    {"replace", "replaces", "replaced", "succeed", "succeeds", "succeeded", "predecessor", "outgoing"}
)


def _after_a_leaving_word(sentence: str, span: Span) -> bool:
    return bool(_PREDECESSOR.search(sentence[: span.start]))


_BODY_WORDS = frozenset(
    {
        "agency",
        "airline",
        "airlines",
        "airways",
        "association",
        "authority",
        "bank",
        "board",
        "center",
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
        # Buildings and sites: a venue is a body's place, never a person, and lies in some town.
        "airport",
        "arena",
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
    }
)
_PLACE_WORDS = frozenset({"in", "at", "from", "to", "near", "outside", "inside", "across", "of"})


def names_a_body(text: str) -> bool:
    """Whether a name is an organisation's or a building's ("Skyreach Airways", "Ashbury Arena")."""
    return bool(set(word.lower() for word in words(text)) & _BODY_WORDS)


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


def _opens_with_the_subject(span: Span, question_words: frozenset[str]) -> bool:
    """Whether a name starts with a word of the question that is no title ("Maplecrest Health")."""
    first = words(span.text)[0]
    return first in question_words and first not in _role_words()


@cache
def _role_words() -> frozenset[str]:
    return frozenset(people_nouns()["roles"]) | _ROLES


def _before_a_lowercase_word(sentence: str, span: Span) -> bool:
    """Whether a one-word name runs on into lower case ("Russian hackers", "Trump administration")."""
    after = sentence[span.end :].split()[:1]
    return " " not in span.text and bool(after) and after[0][:1].islower()


# "Russian", "Chinese", "British", "Israeli": the endings of adjectives of origin.
_OF_ORIGIN = re.compile(r"(?:[ie]?an|ese|ish|i)$")


def describes_a_noun(sentence: str, span: Span) -> bool:
    """Whether a one-word name is an adjective of origin before a noun ("Russian hackers")."""
    return (
        _before_a_lowercase_word(sentence, span)
        and bool(_OF_ORIGIN.search(span.text))
        and sentence[span.end :].split()[0].lower() not in STOP_WORDS
    )


def _after_a_place_word(sentence: str, span: Span) -> bool:
    return _word_before(sentence, span.start) in _PLACE_WORDS


# "Stannick has been chosen as the home of", "choosing Eskerby as the location for".
_AS_A_PLACE = re.compile(
    r"\s+(?:(?:has been|was|is|had been)\s+)?(?:\w+\s+)?as\s+(?:the\s+)?(?:\w+\s+)?"
    r"(?:location|site|home|base|venue|host)\b"
)


def written_as_place(sentence: str, span: Span) -> bool:
    """Whether a name stands where a place does: after "in", "to", "at" ..., or "as the location"."""
    return _after_a_place_word(sentence, span) or bool(_AS_A_PLACE.match(sentence, span.end))


def short_answer(kind: AnswerType, span: Span, published: date | None) -> str | None:
    """The short answer a span gives: dates get the article's year where they lack one.

    Advice and places get none: the quote is the answer.
    """
    if kind in (AnswerType.ADVICE, AnswerType.PLACE):
        # Advice has no short form, and a place beside the question's words may be the one
        # left ("outside the United States"): the quote says which.
        return None
    text = fold(span.text)
    if kind is AnswerType.DATE:
        text = _with_year(
            re.sub(r"^(?:in|since|by|until|from|on|as of)\s+", "", text, flags=re.IGNORECASE), published
        )
    if kind is AnswerType.DURATION:
        text = re.sub(r"(\w+)-(year|month|week|day|decade|hour|minute)\b.*", r"\1 \2s", text)
        # "a three-year agreement" lasts "three years".
        text = re.sub(rf"^an?\s+(?=(?:{_SMALL_NUMBERS})\b)", "", text, flags=re.IGNORECASE)
    if kind is AnswerType.NUMBER:
        # "About 18,000 of its processors" answers "about 18,000"; "dozens of" is "dozens".
        text = re.sub(r"\s+of(?:\s+(?:its|their|the|his|her|our|your|these|those))?$", "", text)
    if kind is AnswerType.REASON and text:
        text = text[0].upper() + text[1:]
    return text or None


_PLACE_REGION = re.compile(rf",\s+{_NAME_WORD}(?:\s+{_NAME_WORD})*(?=\s*(?:[,.;:)]|$))")


def place_with_region(sentence: str, span: Span) -> str:
    """A place with the region written after it ("Dayton, Ohio"), which tells two places apart."""
    match = _PLACE_REGION.match(sentence, span.end)
    return span.text + match.group(0) if match else span.text


_WHOLE_DETERMINERS = frozenset({"its", "their", "the", "his", "her", "our", "your", "these", "those"})


def counts(sentence: str, span: Span, counted: frozenset[str], reach: int = 3) -> bool:
    """Whether a number span counts the thing asked about ("fewer than 50 employees").

    The span and the few words after it must hold one of the ``counted`` stems, or the
    words just before it when the count stands apart after a comma ("the largest share of
    cameras, about 870"). ``counted`` may hold the name the question counts by ("how many
    Yunmai cameras": "312 Yunmai devices").
    """
    after = sentence[span.end :].split()
    # "About 18,000 of its Arcus-7 processors": a part of a whole counts the same thing.
    if len(after) > 1 and after[0] == "of" and after[1].lower() in _WHOLE_DETERMINERS:
        after = after[2:]
    if after and after[0][0].isupper() and {stem(word) for word in words(after[0])} & counted:
        return True
    # Names between the count and its noun do not count: "2.3 million Pellham & Rowe customers".
    while after and (after[0][0].isupper() or after[0] == "&"):
        after = after[1:]
    following = [*span.text.split(), *(word for word in after[:reach] if not word[0].isupper())]
    if any(stem(word) in counted for word in words(" ".join(following))):
        return True
    before = sentence[: span.start].rstrip()
    return before.endswith(",") and any(stem(word) in counted for word in words(before)[-reach:])


def _with_year(text: str, published: date | None) -> str:
    has_month_day = re.search(rf"(?:{_MONTHS})\s+\d", text) or re.search(r"\d\s+[A-Z]", text)
    if published and has_month_day and not YEAR.search(text):
        return f"{text}, {published.year}"
    if published and re.fullmatch(rf"(?:{_MONTHS})", text):
        return f"{text} {published.year}"
    return text


# Answering looks at the same few sentences for question after question: their spans and
# word stems are worked out once each.
_CACHE_SIZE = 65536
# No clause to skip when measuring a span's distance (see _word_distance).
_NO_ASIDE = (0, 0)


def spans_of(kind: AnswerType, sentence: str, hints: NameHints) -> tuple[Span, ...]:
    """Every span of one kind the sentence holds (none for a kind with no finder)."""
    return tuple(span for span, _said in _spans(kind, sentence, hints)) if kind in _FINDERS else ()


@lru_cache(maxsize=_CACHE_SIZE)
def _spans(kind: AnswerType, sentence: str, hints: NameHints) -> tuple[tuple[Span, frozenset[str]], ...]:
    """The sentence's spans of one kind, each with the words it says."""
    return tuple((span, frozenset(words(span.text))) for span in _FINDERS[kind](sentence, hints))


@lru_cache(maxsize=_CACHE_SIZE)
def _token_stems(sentence: str) -> tuple[tuple[int, frozenset[str]], ...]:
    """Each token's offset in the sentence and the stems it stands for."""
    return tuple(
        (match.start(), frozenset(stem(word) for word in words(match.group(0))))
        for match in re.finditer(r"(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+", sentence)
    )


def _anchor_offsets(sentence: str, question_stems: frozenset[str]) -> list[int]:
    return [offset for offset, stems in _token_stems(sentence) if not stems.isdisjoint(question_stems)]


def _word_distance(sentence: str, span: Span, anchors: list[int], aside: tuple[int, int] = _NO_ASIDE) -> int:
    """Words between the span and the nearest question word (the sentence length if none).

    Words of ``aside`` (an offset range: the clause describing the span) are not counted.
    """
    if not anchors:
        return len(sentence.split())
    gaps = []
    for anchor in anchors:
        if span.start <= anchor < span.end:
            return 0
        if aside[0] <= anchor < aside[1]:
            continue
        low, high = sorted((anchor, span.start if anchor < span.start else span.end))
        skipped = sentence[max(low, aside[0]) : min(high, aside[1])]
        gaps.append(len(sentence[low:high].split()) - 1 - len(skipped.split()))
    return max(0, min(gaps, default=len(sentence.split())))


# ", who has run the centre since 2017," or ", Skyreach's chief executive,": a clause set off
# by commas after a name describes that name; the sentence goes on about the name after it.
_APPOSITIVE = re.compile(r",\s+[^,;:]{1,80}?,\s+(?=[a-z])")


def _aside_after(sentence: str, span: Span) -> tuple[int, int]:
    match = _APPOSITIVE.match(sentence, span.end)
    return (match.start(), match.end()) if match else _NO_ASIDE


_ADVICE = re.compile(
    r"\b(?:should|need to|must|urg\w+|recommend\w*|advis\w+|find(?:ing)?|seek(?:ing)?|switch\w*|"
    r"alternatives?|consider\w*|replac\w+)\b",
    re.IGNORECASE,
)


def find_advice(sentence: str) -> list[Span]:
    """Words that tell the reader what to do ("seek", "alternative", "should")."""
    return [Span(match.group(0), match.start(), match.end()) for match in _ADVICE.finditer(sentence)]


_Finder = Callable[[str, NameHints], list[Span]]
_FINDERS: dict[AnswerType, _Finder] = {
    AnswerType.DATE: lambda sentence, _hints: find_dates(sentence),
    AnswerType.NUMBER: lambda sentence, _hints: find_numbers(sentence),
    AnswerType.DURATION: lambda sentence, _hints: find_durations(sentence),
    AnswerType.PERSON: find_names,
    AnswerType.PLACE: find_names,
    AnswerType.REASON: lambda sentence, _hints: find_reasons(sentence),
    AnswerType.ADVICE: lambda sentence, _hints: find_advice(sentence),
}
