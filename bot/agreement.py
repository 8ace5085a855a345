"""Whether two sources agree on an answer, differ on it, or speak of different things.

Two sentences from different articles relate only when they answer the same question
about the same event (``bot.events``). Then their short answers are compared as values, not
as text (``bot.values``), once the sentences are found to give them for one fact: the same
post, the same day's count, a plan against a plan. Values that can both be true agree; values
that cannot differ; anything uncomparable is neither.
"""

from __future__ import annotations

import re
from dataclasses import replace
from enum import Enum
from functools import cache

from bot.amounts import far_apart, unit_of
from bot.candidates import COUNTED_KINDS
from bot.english import (
    POST_QUALIFIERS,
    appointing_stems,
    choosing_stems,
    equivalent_stems,
    opposed_acts,
    posts_named,
    title_words,
)
from bot.events import same_event, value_stems
from bot.extract import short_answer, spans_of
from bot.marks import ACT_MARKERS
from bot.models import AnswerType
from bot.names import NameHints, organisation_stems
from bot.news_time import (
    calendar_stems,
    happening_day,
    on_days_apart,
    one_day_against_several,
    time_stems,
    told_apart_in_time,
)
from bot.statement import Statement
from bot.text import stem
from bot.values import Told, compatible, the_same_value


class Relation(Enum):
    AGREE = "agree"
    DIFFER = "differ"
    UNRELATED = "unrelated"


_NEW = frozenset({"new"})
# Sentences sharing this share of their stems say the same thing (Jaccard similarity).
SIMILAR = 0.5
# Ideas of the question a differing sentence may leave out, when its article never speaks of them.
_UNSPOKEN_IDEAS = 3


_VALUE_KINDS = (
    AnswerType.DATE,
    AnswerType.NUMBER,
    AnswerType.SCORE,
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
    if not same_event(first, second):
        return Relation.UNRELATED
    if kind not in _VALUE_KINDS:
        similar = similarity(first.stems, second.stems) >= similar_at
        return Relation.AGREE if similar else Relation.UNRELATED
    if not (first.answer and second.answer) or ACT_MARKERS & {first.unasked_marker, second.unasked_marker}:
        return Relation.UNRELATED
    if first.behind_the_news or second.behind_the_news:
        # Asked when the library will reopen, "has been closed after a water main burst ... on
        # Monday night" dates what happened before the news, not what is ahead.
        return Relation.UNRELATED
    if first.forecast_of_the_past != second.forecast_of_the_past:
        # "expect about 40,000 visitors" and "drew 34,500 visitors": a forecast and the outcome.
        return Relation.UNRELATED
    if first.load != second.load:
        # "Fourteen people were taken to hospital" and "a coach carrying 38 passengers".
        return Relation.UNRELATED
    if kind in COUNTED_KINDS and _nationwide(first) != _nationwide(second):
        # Asked how many are waiting for an allotment in Pennicott, "across the country ... more
        # than 150,000 people are waiting" counts the whole country, not the town.
        return Relation.UNRELATED
    if first.level != second.level:
        # Asked how much the council tax goes up: "adding £6.21 a year" is the rise, "will pay
        # £2,296 a year" the bill.
        return Relation.UNRELATED
    compatible = _compatible(kind, first, second)
    if compatible is None:
        return Relation.UNRELATED
    if compatible and kind is AnswerType.PERSON and (_names_only(first) or _names_only(second)):
        # Asked who won the poetry prize, "The other shortlisted poets ... were Ifeoluwa
        # Strand" names the winner of the other report, but says nothing of the prize itself.
        return Relation.UNRELATED
    if compatible:
        return Relation.AGREE
    if kind is AnswerType.NUMBER and far_apart(first.answer, second.answer):
        return Relation.UNRELATED
    if _opposed_acts(first, second):
        # Asked how many Cobbleward will hire, "420 of its employees ... will lose their jobs"
        # tells of the opposite act, not another figure for the hiring.
        return Relation.UNRELATED
    if _states_it_too(kind, first, second):
        # "About 300 people queued ... for one of the 120 posts": the sentence gives the
        # first's figure as well, so its other figure counts something else. Given as the very
        # same figure ("will go up by 4.99 per cent, while the county council is raising its
        # charge by 2.99 per cent"), the two agree on it.
        return Relation.AGREE if _restates(kind, first, second) else Relation.UNRELATED
    if _states_it_too(kind, second, first):
        # "About 1.1 million households had still not replaced Sorrelwick by mid-February ...,
        # down from 1.9 million when the ban was announced": the first sentence gives the
        # second's figure too, as that of another moment.
        return Relation.UNRELATED
    if kind in COUNTED_KINDS and (
        told_in_its_article(kind, first, second) or told_in_its_article(kind, second, first)
    ):
        # "lay off 340 employees" against "All 210 employees will be offered jobs at Tamberlyn",
        # whose figure the first article gives too ("do not include the 210 staff of the unit"):
        # an article that tells both figures tells of two things, not of one told two ways.
        return Relation.UNRELATED
    if _about_its_own_answer(first, second):
        # Asked whom the Treasury sanctioned, an article about Kaspersky answers "Kaspersky" and
        # one about Volnatek "Volnatek": each tells of its own subject, not of one event.
        return Relation.UNRELATED
    if kind is AnswerType.PERSON and _speaks(first) != _speaks(second):
        # Asked who scored, "Saltinghay manager Yngvild Brekke said the win would give her young
        # side belief" names who spoke of the match, not who did what was asked.
        return Relation.UNRELATED
    if kind is AnswerType.PERSON and _names_the_person(first.answer, second.text):
        # "Former ValuMart executive Priya Halvorsen will take the top job", "The trust has
        # chosen Dr Inchbald": whatever other name the sentence holds, it names the first's
        # person too.
        return Relation.UNRELATED
    if kind is AnswerType.PERSON and _other_posts(first, second):
        # "appointed ... as chief executive" and "appointed ... as the new chair of its board":
        # two posts, however close "chief" and "chair" are in meaning.
        return Relation.UNRELATED
    if not (first.near and second.near):
        return Relation.UNRELATED  # a value far from the question's words may answer another
    if first.tentative != second.tentative:
        return Relation.UNRELATED  # "proposed €500" and "approved €350": a plan, then a decision
    if told_apart_in_time(first, second):
        # "expect to take 18 months" when ground was broken, "opened 23 months after" when it
        # was done: reports far apart in time, naming no year, tell of different moments.
        return Relation.UNRELATED
    if kind is not AnswerType.DATE:
        days = (happening_day(first), happening_day(second))
        if kind is AnswerType.NUMBER and one_day_against_several(first, second, days):
            # "12,000 people ... on the opening day" and "46,500 visitors over its three days": a
            # day's count and the whole event's.
            return Relation.UNRELATED
        if on_days_apart(days):
            # "2,300 homes ... on Tuesday" and "900 homes ... for most of Monday" three weeks
            # before: two bursts, each with its own count.
            return Relation.UNRELATED
    if not all(_says_something_asked(statement) for statement in (first, second)):
        # "The seat became vacant after ... resigned in December" says nothing of the
        # by-election its headline names: the sentence itself must speak of something asked
        # (a name will do) to tell of another value for it. Its article's own subject will not:
        # "As of Tuesday, Kaspersky's products were no longer available for purchase" says only
        # "Kaspersky" of when new installs are blocked.
        return Relation.UNRELATED
    # People differ only in the very same role: "confirmed" by a spokesperson is no conflict
    # with "criticized" by a union leader.
    # "this year's jury", "in November 2025": when is no part of the role.
    role = first.asked - time_stems() - calendar_stems(first.asked)
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
    ignored = first.names | time_stems() | (appointing_stems() if appointed else frozenset())
    missing = (first.concepts - ignored) - second.concepts
    extra = (second.concepts - second.names - ignored) - first.concepts
    # "stop receiving updates ... September 29" and "Starting July 20, ... will begin winding
    # down", asked when it stops: a start is no answer to when something ends, however many
    # words the two share.
    if not missing and not extra and not (first.opposed_marker or second.opposed_marker):
        return Relation.DIFFER
    unexplained = ((missing - second.unspoken) | (extra - first.unspoken)) - _NEW
    if _name_unsaid(unexplained & missing, second) or _name_unsaid(unexplained & extra, first):
        # Asked about "Pellingham Glass", "95 of its 260 staff" of an article on a crystal
        # maker, which names Pellingham Glass only in passing: a name is not told in other
        # words, and a sentence that says neither of its words tells of something else.
        return Relation.UNRELATED
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


def _opposed_acts(first: Statement, second: Statement) -> bool:
    """Whether the second sentence tells of the opposite of the act the question asks about."""
    for one, other in opposed_acts():
        for act, opposite in ((one, other), (other, one)):
            if act & first.asked & first.stems and opposite & second.stems and not act & second.stems:
                return True
    return False


def _says_something_asked(statement: Statement) -> bool:
    """Whether the sentence itself speaks of something asked, beside when and its article's subject."""
    return bool(statement.own - time_stems() - statement.subject)


def _names_only(statement: Statement) -> bool:
    """Whether the sentence gives its name far from the question's words and says none of them."""
    return not statement.own and not statement.near


def _name_unsaid(ideas: frozenset[str], statement: Statement) -> bool:
    """Whether an idea the statement leaves unsaid is a word of the question's name it never names."""
    return any(common in ideas and head not in statement.stems for common, head in statement.name_words)


def _nationwide(statement: Statement) -> bool:
    """Whether the sentence gives a figure for a whole country or area, where the question does not ask one.

    Asked how many homes a plan gives Hemsford, "6,400 new homes built across the district" is the
    whole district's; a word of a name ("Sallowdene District Council") asks for no district.
    """
    if _NATIONWIDE.search(statement.text):
        return not statement.asked & _nationwide_stems()
    area = _ACROSS_AN_AREA.search(statement.text)
    # "close 14 branches across the state" is the bank's whole area when no place is asked; a
    # sentence that names every name asked ("4,300 homes in Carrick Bay ...") is of that place.
    if area is None or not statement.names - statement.stems:
        return False
    in_names = {common for common, _ in statement.name_words}
    return stem(area.group(1).lower()) not in statement.asked - in_names


_NATIONWIDE = re.compile(
    # Not "compared with a national average of 68%": a local figure set against the country's.
    r"\b(?:across|throughout|around|all over) the (?:country|nation)\b"
    r"|\bnation(?:wide|ally)\b|\bcountrywide\b",
    re.IGNORECASE,
)


_ACROSS_AN_AREA = re.compile(
    r"\b(?:across|throughout|all over) the (?:whole |entire )?"
    r"(district|county|region|borough|province|state|city|area|island|archipelago)\b",
    re.IGNORECASE,
)


@cache
def _nationwide_stems() -> frozenset[str]:
    """The stems of the words a question asks for a whole country's figure with ("nationwide")."""
    return frozenset(stem(word) for word in ("country", "nation", "national", "nationwide", "nationally"))


def _speaks(statement: Statement) -> bool:
    """Whether the sentence's answer is who said something ("Yngvild Brekke said", "said Ms Ode")."""
    if not statement.answer:
        return False
    person = re.escape(statement.answer)
    return bool(
        re.search(rf"{person}(?:,[^,]{{1,80}},)?\s+(?:{_SPEECH})\b", statement.text)
        or re.search(rf"\b(?:{_SPEECH}|according to)\s+{person}", statement.text)
    )


_SPEECH = "said|says|told|tells|added|adds|warned|warns|explained|argued|claimed|insisted|wrote"


def _names_the_person(person: str, text: str) -> bool:
    """Whether a sentence names the person, in full or by title and surname ("Dr Inchbald").

    A bare surname may be a rival's mention ("edged out Ferrand"): only a title makes it the
    way news names its subject again.
    """
    if person in text:
        return True
    parts = person.split()
    return len(parts) > 1 and re.search(rf"{_title()}\s+{re.escape(parts[-1])}\b", text) is not None


@cache
def _title() -> str:
    """A title written before a surname ("Dr", "Judge", "Mayor"), capitalised as in a name."""
    titles = sorted(title_words(), key=len, reverse=True)
    return r"\b(?:" + "|".join(re.escape(title.capitalize()) for title in titles) + r")\.?"


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
    if first_posts and second_posts and not first_posts & second_posts:
        return True
    # "appointed deputy leader" and "elected ... as its leader", asked who the deputy leader
    # is: a post however broad ("leader") is another post after "deputy".
    qualifiers = _post_qualifiers() & first.asked
    return bool(qualifiers) and bool(qualifiers & first.stems) != bool(qualifiers & second.stems)


@cache
def _post_qualifiers() -> frozenset[str]:
    """The stems of :data:`bot.english.POST_QUALIFIERS`."""
    return frozenset(stem(word) for word in POST_QUALIFIERS)


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


def similarity(left: frozenset[str], right: frozenset[str]) -> float:
    """The share of their stems two sentences have in common (Jaccard)."""
    return len(left & right) / len(left | right) if left and right else 0.0


def _states_it_too(kind: AnswerType, first: Statement, second: Statement) -> bool:
    """Whether another value of the second sentence is one the first's can agree with."""
    if kind not in COUNTED_KINDS:
        return False
    others = (short_answer(kind, span, second.published) for span in spans_of(kind, second.text, NameHints()))
    return any(
        other is not None
        and other != second.answer
        and _compatible(kind, first, replace(second, answer=other))
        for other in others
    )


def _restates(kind: AnswerType, first: Statement, second: Statement) -> bool:
    """Whether another value of the second sentence is the first's very value, not only one it allows."""
    assert first.answer is not None
    told = Told(first.answer, first.text, first.published, first.article_words)
    return any(
        (other := short_answer(kind, span, second.published)) is not None
        and other != second.answer
        and the_same_value(kind, told, Told(other, second.text, second.published, second.article_words))
        for span in spans_of(kind, second.text, NameHints())
    )


def told_in_its_article(kind: AnswerType, this: Statement, other: Statement) -> bool:
    """Whether another sentence of this statement's article gives the other's very value.

    The same figure of other things is no such value: "taken money from 11 estates" does not
    tell the "eleven counts of fraud" another article gives.
    """
    assert other.answer is not None
    told = Told(other.answer, other.text, other.published, other.article_words)
    return any(
        text != this.text
        and value != this.answer
        and not _count_other_things(value, other.answer)
        and the_same_value(kind, Told(value, text, this.published, this.article_words), told)
        for value, text in this.article_answers
    )


_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})


def _count_other_things(first: str, second: str) -> bool:
    """Whether two counts name what they count, in words that are not one thing ("estates", "counts").

    "210 staff" and "210 employees" count one thing.
    """
    nouns = []
    for value in (first, second):
        last = value.split()[-1].lower()
        # "about 1.4 million" names no thing it counts.
        if not (last.isalpha() and unit_of(value) == "") or last in _SCALE_WORDS:
            return False
        nouns.append(stem(last))
    left, right = nouns
    return left != right and right not in equivalent_stems().get(left, frozenset())


def _compatible(kind: AnswerType, first: Statement, second: Statement) -> bool | None:
    assert first.answer is not None and second.answer is not None
    return compatible(
        kind,
        Told(first.answer, first.text, first.published, first.article_words),
        Told(second.answer, second.text, second.published, second.article_words),
        bodies=first.body_asked,
    )
