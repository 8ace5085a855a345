"""Whether two sources agree on an answer, differ on it, or speak of different things.

Two sentences from different articles relate only when they answer the same question
about the same event: they share the question's distinctive words, name no different
years, neither is background the other is not, and both tell of the same people. Then
their short answers are compared as values, not as text (``bot.values``). Values that can
both be true agree; values that cannot differ; anything uncomparable is neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache

from bot.english import (
    appointing_stems,
    choosing_stems,
    equivalent_stems,
    people_stems,
    posts_named,
    time_words,
)
from bot.extract import spans_of
from bot.marks import ACT_MARKERS, date_marker
from bot.models import AnswerType
from bot.names import NameHints, find_names, organisation_stems
from bot.spans import WEEKDAYS, Span
from bot.text import YEAR, analyze, stem, words, zipf
from bot.values import Told, compatible, day_of, tells_what_will_happen
from bot.wording import AUXILIARIES


class Relation(Enum):
    AGREE = "agree"
    DIFFER = "differ"
    UNRELATED = "unrelated"


@dataclass(frozen=True)
class Statement:
    """What one passage says in answer to the question."""

    text: str
    stems: frozenset[str]
    concepts: frozenset[str]
    asked: frozenset[str]
    names: frozenset[str]  # the question's names that the passage's article uses
    answer: str | None
    near: bool
    published: date | None
    background: bool
    # The question's ideas that the passage's whole article never speaks of.
    unspoken: frozenset[str] = frozenset()
    # What the passage's article is about ("Kaspersky"), and every stem it uses.
    subject: frozenset[str] = frozenset()
    article_words: frozenset[str] = frozenset()
    # What the answer's date marks that the question does not ask about: its "telling"
    # ("announced in June"), the "start" or "end" of a state ("available starting June 2").
    unasked_marker: str | None = None
    # The sentence gives its value as a plan, proposal or guess ("has proposed €500").
    tentative: bool = False
    # The question's ideas the sentence itself says (not its article's subject or headline).
    own: frozenset[str] = frozenset()
    # The sentence puts someone in a post ("named ... as chief executive", "hired to coach").
    appointing: bool = False
    # The question's names the sentence itself, its article's subject or its title says.
    names_said: frozenset[str] = frozenset()
    # The sentence gives its value as a forecast ("expect about 40,000 visitors"), and the
    # question asks what happened, which a forecast does not tell.
    forecast_of_the_past: bool = False
    # The answer's date marks a start where the question asks for an end, or an end where it
    # asks for a start.
    opposed_marker: bool = False
    # The value is what something carries or holds ("a coach carrying 38 passengers"), which
    # the question does not ask: the size of a thing, not a count of what happened.
    load: bool = False


_NEW = frozenset({"new"})
# Sentences sharing this share of their stems say the same thing (Jaccard similarity).
SIMILAR = 0.5
# Ideas of the question a differing sentence may leave out, when its article never speaks of them.
_UNSPOKEN_IDEAS = 3


@cache
def _time_stems() -> frozenset[str]:
    """Words for a time: "next year's budget" asks about the budget, and years are compared apart."""
    return frozenset(stem(word) for word in time_words())


_VALUE_KINDS = (
    AnswerType.DATE,
    AnswerType.NUMBER,
    AnswerType.PERSON,
    AnswerType.DURATION,
    AnswerType.PLACE,
)


def relation(kind: AnswerType, first: Statement, second: Statement, similar_at: float = SIMILAR) -> Relation:
    """How the second statement bears on the first's answer.

    ``concepts`` are the question's distinctive ideas each sentence speaks of (a word or
    any of its equivalents: "laid off" and "cut jobs" are one). To agree, the second
    sentence must speak of half of the first's, and so must it to differ on a date or a
    count. Who did something is a matter of the act: two names differ only when both
    sentences speak of every idea the question asks about (``asked``), for "Alicia
    Dunmore confirmed" and "Kim Zetter reported" name people in different roles.
    """
    if not _same_event(first, second):
        return Relation.UNRELATED
    if kind not in _VALUE_KINDS:
        similar = similarity(first.stems, second.stems) >= similar_at
        return Relation.AGREE if similar else Relation.UNRELATED
    if not (first.answer and second.answer) or ACT_MARKERS & {first.unasked_marker, second.unasked_marker}:
        return Relation.UNRELATED
    if first.forecast_of_the_past != second.forecast_of_the_past:
        # "expect about 40,000 visitors" and "drew 34,500 visitors": a forecast and the outcome.
        return Relation.UNRELATED
    if first.load != second.load:
        # "Fourteen people were taken to hospital" and "a coach carrying 38 passengers".
        return Relation.UNRELATED
    compatible = _compatible(kind, first, second)
    if compatible is None:
        return Relation.UNRELATED
    if compatible:
        return Relation.AGREE
    if _about_its_own_answer(first, second):
        # Asked whom the Treasury sanctioned, an article about Kaspersky answers "Kaspersky" and
        # one about Volnatek "Volnatek": each tells of its own subject, not of one event.
        return Relation.UNRELATED
    if kind is AnswerType.PERSON and first.answer in second.text:
        # "Former ValuMart executive Priya Halvorsen will take the top job": whatever other
        # name the sentence holds, it names the first's person too.
        return Relation.UNRELATED
    if kind is AnswerType.PERSON and _other_posts(first, second):
        # "appointed ... as chief executive" and "appointed ... as the new chair of its board":
        # two posts, however close "chief" and "chair" are in meaning.
        return Relation.UNRELATED
    if not (first.near and second.near):
        return Relation.UNRELATED  # a value far from the question's words may answer another
    if first.tentative != second.tentative:
        return Relation.UNRELATED  # "proposed €500" and "approved €350": a plan, then a decision
    if _told_apart_in_time(first, second):
        # "expect to take 18 months" when ground was broken, "opened 23 months after" when it
        # was done: reports far apart in time, naming no year, tell of different moments.
        return Relation.UNRELATED
    if kind is not AnswerType.DATE:
        days = (_happening_day(first), _happening_day(second))
        if kind is AnswerType.NUMBER and _one_day_against_several(first, second, days):
            # "12,000 people ... on the opening day" and "46,500 visitors over its three days": a
            # day's count and the whole event's.
            return Relation.UNRELATED
        if _on_days_apart(days):
            # "2,300 homes ... on Tuesday" and "900 homes ... for most of Monday" three weeks
            # before: two bursts, each with its own count.
            return Relation.UNRELATED
    if not all(statement.own - _time_stems() for statement in (first, second)):
        # "The seat became vacant after ... resigned in December" says nothing of the
        # by-election its headline names: the sentence itself must speak of something asked
        # (a name will do) to tell of another value for it.
        return Relation.UNRELATED
    # People differ only in the very same role: "confirmed" by a spokesperson is no conflict
    # with "criticized" by a union leader.
    role = first.asked - _time_stems()  # "this year's jury": the year is no part of the role
    appointed = kind is AnswerType.PERSON and _appointed_alike(first, second, role)
    # A name of the question an article never uses ("Tour of Dunmarsh") is no part of the role
    # there: the event is already found the same.
    same_role = all(
        role - statement.concepts <= statement.unspoken & first.names for statement in (first, second)
    )
    if kind is AnswerType.PERSON and not (appointed or same_role):
        return Relation.UNRELATED
    # "Who has been named police chief?": the union leader who spoke of the new chief holds
    # no post; only two sentences that put someone in it can differ on who.
    if kind is AnswerType.PERSON and first.asked & choosing_stems() and not appointed:
        return Relation.UNRELATED
    # To differ, each sentence must speak of every one of the other's ideas: "stopped selling
    # on its website on Tuesday" and "a ban on new sales from July 20" are two facts, not one,
    # when the second article speaks of the website elsewhere; "proposed 6 percent" is no
    # answer to what the board raised tuition by. An idea one article never speaks of is only
    # told there in other words ("pay $2.1 billion", "a deal worth $1.8 billion"), as long as
    # the first speaks of all the rest of the question its article speaks of.
    # Two appointments to one post may use other verbs for it ("named", "picked").
    ignored = first.names | _time_stems() | (appointing_stems() if appointed else frozenset())
    missing = (first.concepts - ignored) - second.concepts
    extra = (second.concepts - second.names - ignored) - first.concepts
    # "stop receiving updates ... September 29" and "Starting July 20, ... will begin winding
    # down", asked when it stops: a start is no answer to when something ends, however many
    # words the two share.
    if not missing and not extra and not (first.opposed_marker or second.opposed_marker):
        return Relation.DIFFER
    unexplained = ((missing - second.unspoken) | (extra - first.unspoken)) - _NEW
    shared = first.concepts & second.concepts - first.names - ignored
    told_otherwise = (
        len(missing) <= _UNSPOKEN_IDEAS
        and len(extra) <= _UNSPOKEN_IDEAS
        and (not unexplained or (len(unexplained) <= 1 and len(shared) + bool(first.names) >= 2))
    )
    first_answers_all = len(first.asked - first.concepts - extra - first.unspoken) <= 1
    # "Approved on May 6" and "available starting June 2": a date that starts something
    # the question does not ask about is not the same happening told otherwise.
    marked = first.unasked_marker or second.unasked_marker
    if told_otherwise and first_answers_all and not marked:
        return Relation.DIFFER
    return Relation.UNRELATED


def _about_its_own_answer(first: Statement, second: Statement) -> bool:
    """Whether each article's subject names its own answer, and one's subject is nothing more."""
    answers = [value_stems(statement.answer) for statement in (first, second)]
    subjects = [statement.subject for statement in (first, second)]
    return all(subject & answer for subject, answer in zip(subjects, answers, strict=True)) and any(
        not subject - answer for subject, answer in zip(subjects, answers, strict=True)
    )


def _other_posts(first: Statement, second: Statement) -> bool:
    """Each sentence names a post and none of one's is the other's (see ``data/posts.yaml``)."""
    first_posts, second_posts = posts_named(first.text), posts_named(second.text)
    return bool(first_posts and second_posts and not first_posts & second_posts)


def _on_days_apart(days: tuple[date | None, date | None]) -> bool:
    """Whether two sentences' happening days (``_happening_day``) are too far apart to be one happening."""
    return days[0] is not None and days[1] is not None and abs((days[0] - days[1]).days) > _ONE_HAPPENING_DAYS


def _happening_day(statement: Statement) -> date | None:
    """The day a sentence dates what happened ("lost their water supply for most of Monday").

    Its first date that is not the day it was told or decided ("the council said on Sunday").
    """
    if statement.published is None:
        return None
    text = statement.text
    spans = [*spans_of(AnswerType.DATE, text, NameHints())]
    spans += [Span(match.group(0), match.start(), match.end()) for match in _WEEKDAY.finditer(text)]
    for span in sorted(spans, key=lambda span: span.start):
        if date_marker(text, span) in ACT_MARKERS:
            continue
        return day_of(span.text, statement.published, tells_what_will_happen(text))
    return None


def _one_day_against_several(
    first: Statement, second: Statement, days: tuple[date | None, date | None]
) -> bool:
    """Whether one sentence counts what happened on one day and the other over several.

    ``days`` are the sentences' happening days (``_happening_day``).
    """
    one_day = [
        bool(_ONE_DAY.search(statement.text)) or day is not None
        for statement, day in zip((first, second), days, strict=True)
    ]
    several = [bool(_SEVERAL_DAYS.search(statement.text)) for statement in (first, second)]
    return (one_day[0] and not several[0] and several[1]) or (one_day[1] and not several[1] and several[0])


_ONE_DAY = re.compile(r"\b(?:opening|first|final|last|closing|busiest) day\b", re.IGNORECASE)
_SEVERAL_DAYS = re.compile(
    r"\b(?:over|across|during|throughout)\s+(?:(?:its|the|their|all|those)\s+)?(?:\w+\s+)?(?:days|weekend|week|fortnight)\b",
    re.IGNORECASE,
)
# Reports of one happening may date it a day or two apart ("late on Saturday night", "on Sunday").
_ONE_HAPPENING_DAYS = 2
_WEEKDAY = re.compile(rf"\b(?:{WEEKDAYS})\b")


def _appointed_alike(first: Statement, second: Statement, role: frozenset[str]) -> bool:
    """Both sentences put someone in the asked post, whatever each calls it.

    "named to lead the Saltmere Police Department" and "confirmed ... as the city's new police
    chief" fill one post: each sentence must put a person in a post, speak of some of the
    role, and leave out only words its article never uses ("chief"), so that another post
    of the same body ("named ... as finance director") is never taken for it.
    """
    if not (first.appointing and second.appointing):
        return False
    # "new police chief" and "next police chief" name one post: "new" is said of its holder.
    role = role - appointing_stems() - first.names - _NEW
    if not role & first.concepts & second.concepts:
        return False
    # "head coach of the Corrigan Harriers rugby club": a sentence naming the club ("head
    # coach of the Corrigan Harriers") need not call it a club; "company representative" of
    # no company named is a role of its own.
    return all(
        role - statement.concepts - (organisation_stems() if statement.names_said else frozenset())
        <= statement.unspoken
        for statement in (first, second)
    )


def about_the_same(
    first_subject: frozenset[str],
    first_words: frozenset[str],
    second_subject: frozenset[str],
    second_words: frozenset[str],
    values: frozenset[str] = frozenset(),
) -> bool:
    """Whether two articles are about the same thing: each speaks of what the other is about.

    An article about Valdris's layoffs tells of another event than one about Kaspersky's,
    whatever the question names. A headline may name the value its article gives ("Orvane
    picks Rudmere for van plant"): the stems of the ``values`` compared are no part of it.
    One article may also name more than the other: "Storm Orla ... Kellsbridge" and
    "Kellsbridge storm repair bill" are about one storm, for the second's whole subject is
    the first's; and a title that names nothing ("Grant secures future of Edwardian theatre")
    leaves its article about what the other's subject is, if it speaks of some of it.
    """
    first_unsaid = first_subject - values - second_words
    second_unsaid = second_subject - values - first_words
    if not first_unsaid and not second_unsaid:
        return True
    # "Grant secures future of Edwardian theatre" names nothing: the other article's subject,
    # said in part, is what it tells of.
    for subject, words_here, other_subject in (
        (first_subject, first_words, second_subject),
        (second_subject, second_words, first_subject),
    ):
        if not subject:
            return not other_subject - values or bool((other_subject - values) & words_here)
    shared = first_subject & second_subject - values
    if not shared:
        # "Showers fail to dampen Thornwick Harvest Fair" and "Shire mare takes top honours at
        # Thornwick": the first's whole subject is what the second tells of.
        # Said in full, values too: "Kaspersky" answering who leaves "US" of its subject, which
        # any article may say.
        # A rare name the values leave ("Hallowby", where two riders are said to have won)
        # is said in full too: "US" is said by any article, "Hallowby" only by one on the race.
        return any(
            subject
            and (
                not subject - words
                or (
                    bool(subject - values)
                    and not subject - values - words
                    and all(zipf(word) < _COMMON_NAME_ZIPF for word in subject - values)
                )
            )
            for subject, words in ((first_subject, second_words), (second_subject, first_words))
        )
    return not (first_unsaid and second_unsaid)


def value_stems(*values: str | None) -> frozenset[str]:
    """The stems of the values two sources give, which their subjects may name."""
    return frozenset(stem(word) for value in values for word in words(value or ""))


def _same_event(first: Statement, second: Statement) -> bool:
    """Both sentences speak of what the question asks, in the same event.

    Articles about the same subject, the same years (or none), both news or both background,
    every name of the question
    the first speaks of (a company, a product) spoken of by the second too, and half of
    the first's other ideas.
    """
    if first.background != second.background or _other_people(first, second):
        return False
    values = value_stems(first.answer, second.answer)
    if not about_the_same(first.subject, first.article_words, second.subject, second.article_words, values):
        return False
    # "Six Brightcart stores in the Halvern Valley will shut": a subject the other article never
    # names, in the sentence itself and not asked about, makes its value a part of the whole.
    asked = first.asked | first.names
    for this, other in ((first, second), (second, first)):
        if (this.subject - values - other.article_words) & this.stems - asked:
            return False
    # "Kestrel Vale Hospitals NHS Trust" and "Kestrel Vale's hospitals": a name as common in
    # the news as "NHS" or "EU" may go unsaid; a rare one ("Brightcart") tells of another firm.
    # Another report may leave the name out altogether ("last week's storm in Kellsbridge" for
    # Storm Orla) when each article's subject is what the other tells of.
    unsaid_names = first.names - second.names
    if any(zipf(name) < _COMMON_NAME_ZIPF for name in unsaid_names) and not _subjects_shared(
        first, second, values | unsaid_names
    ):
        return False
    for this, other in ((first, second), (second, first)):
        if this.names_said - _names_said_in_main_clause(other) and _opens_with_another_name(
            other, this.asked
        ):
            # "Millrace Ales is recalling 4,500 cans ...", asked about Coldharbour Brewing's
            # recall: an article that names Coldharbour elsewhere tells here of another firm, as
            # does "Holmbury Cables is to create 80 jobs ..., where food group Vennart is also
            # planning a factory", asked about Vennart's.
            return False
    first_years, second_years = _years_of_the_news(first.text), _years_of_the_news(second.text)
    # A sentence naming no year tells its article's news: "Sunday's marathon" in a 2025
    # article is not "the 2024 marathon" another sentence names. A year long past ("the
    # 1962 building") dates something else, not the news.
    if second_years and not first_years and _recent(second_years, first.published):
        first_years = {str(first.published.year)} if first.published else set()
    if first_years and not second_years and _recent(first_years, second.published):
        second_years = {str(second.published.year)} if second.published else set()
    if first_years and second_years and not first_years & second_years:
        return False
    # "this year" and "last season" are two periods, whatever their numbers.
    first_period, second_period = _period(first.text), _period(second.text)
    if first_period and second_period and first_period != second_period:
        return False
    wanted = first.concepts - _time_stems()
    return bool(wanted) and len(second.concepts & wanted) * 2 >= len(wanted)


# Where a sentence's main clause ends: what follows tells of something beside its news ("...,
# where food group Vennart is also planning a factory"). "Martin Pellow, who siphoned money
# from the club" still tells of the club: "who" and "which" say more of what comes before.
_CLAUSE_END = re.compile(r",\s+(?:where|while|whereas|although|though)\b|;|\s[—–]\s", re.IGNORECASE)


def _names_said_in_main_clause(statement: Statement) -> frozenset[str]:
    """The question's names the statement says, but for those only a later clause of its sentence says."""
    end = _CLAUSE_END.search(statement.text)
    if end is None:
        return statement.names_said
    later_only = statement.stems - frozenset(analyze(statement.text[: end.start()])) - statement.subject
    return statement.names_said - later_only


# A year a figure is compared with ("96 stalls this year, up from 70 in 2024", "more than in
# 2023") dates the comparison, not the news.
_COMPARED_YEAR = re.compile(
    r"\b(?:up|down) from\b[^.;,]*?\b(?:19|20)\d\d\b|\b(?:than|compared (?:with|to)) (?:in )?(?:19|20)\d\d\b",
    re.IGNORECASE,
)


def _years_of_the_news(text: str) -> set[str]:
    """The years a sentence names for its own news, not those it compares a figure with."""
    return set(YEAR.findall(_COMPARED_YEAR.sub(" ", text)))


def _subjects_shared(first: Statement, second: Statement, left_out: frozenset[str]) -> bool:
    """Whether each article's subject, but for ``left_out``, is said by the other, and one is something."""
    subjects = [statement.subject - left_out for statement in (first, second)]
    return any(subjects) and subjects[0] <= second.article_words and subjects[1] <= first.article_words


# The words before a sentence's first auxiliary verb, up to this many, are who it is about.
_SUBJECT_REACH = 14
_AUXILIARY = re.compile(rf"\b(?:{AUXILIARIES}|may|might|must|shall)\b", re.IGNORECASE)


def _subject_stems(text: str) -> frozenset[str]:
    """The stems of the words a sentence opens with before its verb ("Teachers in the district will ...")."""
    match = _AUXILIARY.search(text)
    if match is None or len(words(text[: match.start()])) > _SUBJECT_REACH:
        return frozenset()
    return frozenset(analyze(text[: match.start()]))


def _other_people(first: Statement, second: Statement) -> bool:
    """Whether the sentences tell of different people: "teachers" against "bus drivers and caretakers".

    Each sentence is about a group of people (its subject, before its verb), and neither says
    any of the other's groups, in its words or an equivalent ("340 jobs" and "430 workers" are
    one group; "nursing staff" says "nurses").
    """
    # Nouns for everyone ("some 12,500 people" may be another report's "8,000 residents") are
    # no group of their own.
    general, groups, _happenings = people_stems()
    groups -= general
    equivalents = equivalent_stems()

    def says(stems: frozenset[str], group: str) -> bool:
        return group in stems or bool(equivalents.get(group, frozenset()) & stems)

    first_groups = _subject_stems(first.text) & groups
    second_groups = _subject_stems(second.text) & groups
    if not first_groups or not second_groups:
        return False
    return not any(says(second.stems, group) for group in first_groups) and not any(
        says(first.stems, group) for group in second_groups
    )


# A name this common in general English (Zipf) is common in the news too: "NHS", "EU", "FBI".
_COMMON_NAME_ZIPF = 4.0
# Reports of one fact are near in time; further apart than this, undated sentences are not set
# against each other.
_REPORTING_SPAN_DAYS = 180


def _told_apart_in_time(first: Statement, second: Statement) -> bool:
    """Whether two sentences naming no year come from articles published far apart."""
    if first.published is None or second.published is None:
        return False
    if YEAR.search(first.text) or YEAR.search(second.text):
        return False  # a year named is compared as a year (see _same_event)
    return abs((first.published - second.published).days) > _REPORTING_SPAN_DAYS


_PERIOD = re.compile(
    r"\b(this|last|next|previous|coming|past)\s+(?:year|season|month|week|quarter|term)\b", re.IGNORECASE
)
# "past" and "previous" name the last period; "coming" the next.
_SAME_PERIOD = {"previous": "last", "past": "last", "coming": "next"}


def _period(text: str) -> str | None:
    """Which period a sentence tells of by name: "this", "last" or "next" (year, season, ...)."""
    found = {_SAME_PERIOD.get(word.lower(), word.lower()) for word in _PERIOD.findall(text)}
    return found.pop() if len(found) == 1 else None


def _opens_with_another_name(statement: Statement, asked: frozenset[str]) -> bool:
    """Whether the sentence opens with a name the question does not ask about ("Millrace Ales ...").

    "Employers across Corrigan ..." opens with no name, and the sentence's own answer
    ("Reyne replaces ...") is no other subject.
    """
    found = find_names(statement.text, NameHints())
    if not found or found[0].start != 0:
        return False
    return not {stem(word) for word in words(found[0].text)} & (asked | value_stems(statement.answer))


def _recent(years: set[str], published: date | None) -> bool:
    """Whether every year named is within a year of an article's publication (news, not history)."""
    return published is not None and all(abs(int(year) - published.year) <= 1 for year in years)


def similarity(left: frozenset[str], right: frozenset[str]) -> float:
    """The share of their stems two sentences have in common (Jaccard)."""
    return len(left & right) / len(left | right) if left and right else 0.0


def _compatible(kind: AnswerType, first: Statement, second: Statement) -> bool | None:
    assert first.answer is not None and second.answer is not None
    return compatible(
        kind,
        Told(first.answer, first.text, first.published, first.article_words),
        Told(second.answer, second.text, second.published, second.article_words),
    )
