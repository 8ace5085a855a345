"""Whether two statements tell of the same event, or of two that share words.

Two sentences from different articles tell of one event only when their articles are about the
same thing, they name no different years or periods, neither is background the other is not,
they tell of the same people, and they share the question's distinctive ideas: the 2017 federal
ban or an earlier round of layoffs is another event, however many words it shares.
"""

from __future__ import annotations

import re
from functools import cache

from bot.english import equivalent_stems, kind_nouns, people_stems
from bot.names import NameHints, find_names
from bot.news_time import (
    answers_with_a_year,
    calendar_stems,
    of_another_month,
    of_another_year,
    recent,
    time_stems,
    years_of_its_news,
    years_of_the_news,
)
from bot.periods import another_period, one_period, periods_told
from bot.spans import MONTHS, WEEKDAYS
from bot.statement import Statement
from bot.text import PREPOSITIONS, STOP_WORDS, analyze, stem, words, years_in, zipf
from bot.wording import AUXILIARIES


def about_the_same(
    first_subject: frozenset[str],
    first_words: frozenset[str],
    second_subject: frozenset[str],
    second_words: frozenset[str],
    values: frozenset[str] = frozenset(),
    topics: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> bool:
    """Whether two articles are about the same thing: each speaks of what the other is about.

    An article about Valdris's layoffs tells of another event than one about Kaspersky's,
    whatever the question names. A headline may name the value its article gives ("Orvane
    picks Rudmere for van plant"): the stems of the ``values`` compared are no part of it.
    One article may also name more than the other: "Storm Orla ... Kellsbridge" and
    "Kellsbridge storm repair bill" are about one storm, for the second's whole subject is
    the first's; and a title that names nothing ("Grant secures future of Edwardian theatre")
    leaves its article about what the other's subject is, if it speaks of some of it, or if
    the two speak most of one rare name (``topics``, each article's most spoken stems): "Rugby
    club joins book festival line-up" and "The week ahead: festivals, fairs and first novels"
    both tell of the Kilbarrow festival.
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
            shared_names = {word for word in topics[0] & topics[1] - values if zipf(word) < _COMMON_NAME_ZIPF}
            said = not other_subject - values or bool((other_subject - values) & words_here)
            return said or bool(shared_names)
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


def same_event(first: Statement, second: Statement) -> bool:
    """Both sentences speak of what the question asks, in the same event.

    Articles about the same subject, the same years (or none), both news or both background,
    every name of the question
    the first speaks of (a company, a product) spoken of by the second too, and half of
    the first's other ideas.
    """
    # "built in 1987" and "completed in 1993", asked when it was built: the years are the values
    # compared, not the times of two pieces of news, nor do they make either sentence background.
    years_asked = answers_with_a_year(first) and answers_with_a_year(second)
    if (first.background != second.background and not years_asked) or _other_people(first, second):
        return False
    values = value_stems(first.answer, second.answer)
    if not about_the_same(
        first.subject,
        first.article_words,
        second.subject,
        second.article_words,
        values,
        (first.topics, second.topics),
    ):
        return False
    # "Six Brightcart stores in the Halvern Valley will shut": a subject the other article never
    # names, in the sentence itself and not asked about, makes its value a part of the whole.
    asked = first.asked | first.names
    for this, other in ((first, second), (second, first)):
        unknown = (this.subject - values - other.article_words) & _main_clause_stems(this) - asked
        if unknown and not _the_doer(this, unknown):
            return False
    # "Kestrel Vale Hospitals NHS Trust" and "Kestrel Vale's hospitals": a name as common in
    # the news as "NHS" or "EU" may go unsaid; a rare one ("Brightcart") tells of another firm.
    # Another report may leave the name out altogether ("last week's storm in Kellsbridge" for
    # Storm Orla) when each article's subject is what the other tells of.
    unsaid_names = first.names - second.names
    if any(
        zipf(name) < _COMMON_NAME_ZIPF and name not in _kinds_of_place() for name in unsaid_names
    ) and not _subjects_shared(first, second, values | unsaid_names):
        return False
    if _told_of_elsewhere(first, second) or _told_of_elsewhere(second, first):
        return False
    if _opens_with_another_place(first, second) or _opens_with_another_place(second, first):
        return False
    if _someone_else(first, second) or _someone_else(second, first):
        return False
    for this, other in ((first, second), (second, first)):
        if this.names_said - _names_said_before_its_answer(other) and _opens_with_another_name(
            other, this.asked, this.article_words
        ):
            # "Millrace Ales is recalling 4,500 cans ...", asked about Coldharbour Brewing's
            # recall: an article that names Coldharbour elsewhere tells here of another firm, as
            # does "Holmbury Cables is to create 80 jobs ..., where food group Vennart is also
            # planning a factory", asked about Vennart's.
            return False
        if _opens_with_a_namesake(other, this.names, this.asked | this.article_words):
            # "Greyhollow Homes ... has appointed", asked about Greyhollow Borough Council's
            # chief executive: a name sharing a word with the asked one, and adding one the
            # other article never uses, is another body.
            return False
    first_years, second_years = years_of_the_news(first.text), years_of_the_news(second.text)
    if years_asked:
        first_years -= {str(year) for year in years_in(first.answer or "")}
        second_years -= {str(year) for year in years_in(second.answer or "")}
    # A sentence naming no year tells its article's news: "Sunday's marathon" in a 2025
    # article is not "the 2024 marathon" another sentence names. A year long past ("the
    # 1962 building") dates something else, not the news.
    if second_years and not first_years and recent(second_years, first.published):
        first_years = years_of_its_news(first)
    if first_years and not second_years and recent(first_years, second.published):
        second_years = years_of_its_news(second)
    if first_years and second_years and not first_years & second_years:
        return False
    if of_another_year(first, first_years) or of_another_year(second, second_years):
        return False
    # "this year" and "last season" are two periods, whatever their numbers.
    told = [periods_told(statement) for statement in (first, second)]
    first_period, second_period = (one_period(named) for named in told)
    if first_period and second_period and first_period != second_period:
        return False
    # Asked "for next year", "raised tuition by 2.5 percent last year" tells of another year.
    period = first.period_asked
    if period and any(another_period(named, period) for named in told):
        return False
    if of_another_month(first) or of_another_month(second):
        return False
    # "on 3 September" and "on Thursday": when is compared above, not as an idea of the event.
    wanted = first.concepts - time_stems() - calendar_stems(first.concepts)
    return bool(wanted) and len(second.concepts & wanted) * 2 >= len(wanted)


# Where a sentence's main clause ends: what follows tells of something beside its news ("...,
# where food group Vennart is also planning a factory"). "Martin Pellow, who siphoned money
# from the club" still tells of the club: "who" and "which" say more of what comes before.
# So does a clause that says what the news ends or marks (", ending the Heppenstall family's
# 31-year ownership").
_CLAUSE_END = re.compile(
    r",\s+(?:where|while|whereas|although|though|ending|marking|bringing)\b|;|\s[—–]\s"
    # ", as thunderstorms formed over the Vale": a clause of why or while, not "as well as" or
    # "as part of".
    r"|,\s+as\s+(?!(?:well|part|of|much|many|long|soon|far|such|if|a|an|one)\b)",
    re.IGNORECASE,
)


def _main_clause_stems(statement: Statement) -> frozenset[str]:
    """The stems of the statement's sentence up to where its main clause ends.

    An aside describing the sentence's answer is no part of it: "Mrs Askwith-Obi, currently
    an area coroner in Cardenbury, will take up the post" tells of the post, not Cardenbury.
    """
    text = statement.text
    answer = statement.answer or ""
    if answer[:1].isupper() and (at := text.find(answer)) >= 0:
        aside = _ASIDE.match(text, at + len(answer))
        if aside is not None and not _CLAUSE_END.match(text, aside.start()):
            text = text[: aside.start()] + " " + text[aside.end() :]
    end = _CLAUSE_END.search(text)
    if end is None and text is statement.text:
        return statement.stems
    return statement.stems & frozenset(analyze(text if end is None else text[: end.start()]))


# ", currently an area coroner in Cardenbury,": a clause set off by commas right after a name.
_ASIDE = re.compile(r",[^,;]{1,80},")


def _names_said_in_main_clause(statement: Statement) -> frozenset[str]:
    """The question's names the statement says, but for those only a later clause of its sentence says."""
    later_only = statement.stems - _main_clause_stems(statement) - statement.subject
    return statement.names_said - later_only


def _names_said_before_its_answer(statement: Statement) -> frozenset[str]:
    """The question's names the main clause says before the sentence's answer.

    "Quenton Express is to open a hub ..., creating 220 jobs, on a plot next to the depot being
    built by Stagsholt Logistics": the jobs are Quenton's; Stagsholt comes after them.
    """
    said = _names_said_in_main_clause(statement)
    at = statement.text.find(statement.answer) if statement.answer else -1
    if at <= 0:
        return said
    # A given name said only by its surname ("Mr Pottinger") is said where the surname is.
    by_surname = said - statement.stems
    return said & (frozenset(analyze(statement.text[:at])) | statement.subject | by_surname)


def _the_doer(statement: Statement, unknown: frozenset[str]) -> bool:
    """Whether the words no other article says open the sentence as who acts on the thing asked.

    "Halvergate Tunnelling has handed over the Fenwardine road tunnel": the builder, not a part
    of the tunnel, as "Six Brightcart stores in the Halvern Valley" are a part of the chain's.
    """
    opening = _opening(statement.text)
    # A name alone: "Households in Halsey will pay" tells of Halsey's households, not a doer.
    if not opening or not all(word[0].isupper() for word in opening.split()):
        return False
    stems = {stem(word) for word in words(opening)}
    return unknown <= stems and not stems & statement.names and bool(statement.names & statement.stems)


def _subjects_shared(first: Statement, second: Statement, left_out: frozenset[str]) -> bool:
    """Whether each article's subject, but for ``left_out``, is said by the other, and one is something."""
    subjects = [statement.subject - left_out for statement in (first, second)]
    return any(subjects) and subjects[0] <= second.article_words and subjects[1] <= first.article_words


# The words before a sentence's first auxiliary verb, up to this many, are who it is about.
_SUBJECT_REACH = 14
_AUXILIARY = re.compile(rf"\b(?:{AUXILIARIES}|may|might|must|shall)\b", re.IGNORECASE)


def _opening(text: str) -> str:
    """What a sentence says before its first auxiliary verb ("Teachers in the district"), or ""."""
    match = _AUXILIARY.search(text)
    return text[: match.start()] if match else ""


def _subject_stems(text: str) -> frozenset[str]:
    """The stems of the words a sentence opens with before its verb ("Teachers in the district will ...")."""
    opening = _opening(text)
    if not opening or len(words(opening)) > _SUBJECT_REACH:
        return frozenset()
    return frozenset(analyze(opening))


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


# "Ebblesworth Borough Council" is "Ebblesworth's" council: the kind of place a name holds
# ("borough", "county") tells no other place or firm.
@cache
def _kinds_of_place() -> frozenset[str]:
    return frozenset(stem(noun) for noun in kind_nouns()["place"])


_DESCRIBED_BY = 3


def _opens_with_another_name(statement: Statement, asked: frozenset[str], known: frozenset[str]) -> bool:
    """Whether the sentence opens with a name the question does not ask about ("Millrace Ales ...").

    "Employers across Corrigan ..." opens with no name, and the sentence's own answer
    ("Reyne replaces ...") is no other subject, nor is a name the other article speaks of
    too ("Marlbury's combined authority", whose tram line both tell of). The name may come
    after a few words that say what it is ("Parcel carrier Quenton Express").
    """
    found = find_names(statement.text, NameHints())
    # "Parcel carrier Quenton Express is to open ...": a few words may say what the name is.
    described_by = statement.text[: found[0].start].split() if found else []
    if described_by[:1] in (["The"], ["A"], ["An"]):
        # "The existing Kessing tunnel ... charges cars £2.80": an article may open the words.
        described_by = described_by[1:]
    # ... but "A jury in Kestrel County" and "Landholders along Brackwater Creek" tell of
    # people in a place: no preposition or article comes between.
    if (
        not found
        or len(described_by) > _DESCRIBED_BY
        or any(word.lower() in STOP_WORDS or word.lower() in PREPOSITIONS for word in described_by)
    ):
        return False
    verb = _AUXILIARY.search(statement.text)
    if verb is not None and verb.start() < found[0].start:
        return False
    answer_at = statement.text.find(statement.answer) if statement.answer else -1
    if answer_at >= 0 and len(statement.text[:answer_at].split()) <= _DESCRIBED_BY:
        # "Paralympic swimming champion Lenny Pascoe-Hammond switched on ...": the sentence
        # opens with its own answer, and the words before it say who that is.
        return False
    named = {stem(word) for word in words(found[0].text)}
    if named <= known:
        return False
    return not named & (asked | value_stems(statement.answer))


# A place a sentence tells of: "its branches in Hindlesham and Little Marlbury".
_PLACE_SLOT = re.compile(r"\b(?:in|at|near|outside)\s+((?:[A-Z][\w'’-]*(?:\s+|$))+)")
_DATE_NAME = re.compile(rf"^(?:{MONTHS}|{WEEKDAYS})$", re.IGNORECASE)


def _told_of_elsewhere(this: Statement, other: Statement) -> bool:
    """Whether ``other``, whose article never names a rare name ``this`` says, tells of another place.

    Asked when the Oakhollow branch closes, "close its branches in Hindlesham and Little
    Marlbury on 28 November" is another closing, by the same society.
    """
    unsaid = {name for name in this.names_said - other.names if zipf(name) < _COMMON_NAME_ZIPF}
    if not unsaid:
        return False
    return any(
        _unknown_to(this, {stem(word) for word in words(match.group(1)) if not _DATE_NAME.match(word)})
        for match in _PLACE_SLOT.finditer(other.text)
    )


def _opens_with_another_place(this: Statement, other: Statement) -> bool:
    """Whether ``other`` opens with a town ``this`` article never speaks of ("The town of Wexcombe").

    Asked what hackers demanded from Eldmoor, "The town of Wexcombe, about 20 miles from Eldmoor,
    said a ransomware gang ... asked for $750,000" tells of another town's attack.
    """
    opening = _PLACE_OPENING.match(other.text)
    return opening is not None and _unknown_to(this, {stem(word) for word in words(opening.group(1))})


def _unknown_to(this: Statement, placed: set[str]) -> bool:
    """Whether a place's stems are ones neither ``this`` article nor the question speaks of."""
    return bool(placed) and not placed & (this.article_words | this.asked)


_PLACE_OPENING = re.compile(
    r"(?:The\s+)?(?:town|city|village|county|borough|district|parish|island|port)\s+of\s+"
    r"((?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*)*)"
)
_DESCRIBING = frozenset({"the", "his", "her", "their", "its", "a", "an"})


def opens_with_a_description(text: str) -> bool:
    """Whether a sentence opens by describing someone, not naming them ("A man who set fire ...")."""
    described = text.split()[:3]
    if len(described) < 3 or described[0].lower() not in _DESCRIBING:
        return False
    # "The Vellacourt Philharmonic": a name, not a description.
    return all(word[:1].islower() for word in described[1:])


def _someone_else(this: Statement, other: Statement) -> bool:
    """Whether ``this`` opens with a full name of the question and ``other`` with someone described instead.

    Asked how long Corin Adley was jailed, "The getaway driver in the raid ... has been jailed
    for three years" tells of another man, though its article names Adley elsewhere.
    """
    opening = this.text.split()[:2]
    named = {stem(word) for word in words(" ".join(opening))}
    if len(opening) < 2 or not all(word[:1].isupper() for word in opening) or not named <= this.names_said:
        return False
    if not opens_with_a_description(other.text):
        return False
    described = other.text.split()[:3]
    nouns = {stem(word) for word in words(" ".join(described[1:]))}
    return not nouns & this.asked and not named & other.own


_POSSESSIVE = re.compile(r"['’]s\b|(?<=s)['’]$")


def _opens_with_a_namesake(statement: Statement, names: frozenset[str], known: frozenset[str]) -> bool:
    """Whether the sentence opens with a name sharing a word with the question's, adding one not ``known``."""
    opening = words(statement.text)[:1]
    if not opening or stem(opening[0]) not in names:
        return False  # no asked name opens the sentence (and no need to look for names)
    found = find_names(statement.text, NameHints())
    # "Yarrowby's Victorian swing bridge": a place's thing, not another body.
    if not found or found[0].start > 0 or _POSSESSIVE.search(found[0].text):
        return False
    # The name opens with the asked name's word (checked above); the sentence's first word is
    # capitalized whatever it is ("Existing Guardline users"), so only the rest is its own.
    named = [stem(word) for word in words(found[0].text)]
    own = set(named[1:]) - known - _kinds_of_place() - value_stems(statement.answer)
    # "Coldharbour Brewing", asked about Coldharbour, is the asked firm named in full.
    return bool(names - set(named)) and bool(own)
