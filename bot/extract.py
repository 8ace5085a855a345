"""Short answers: the span of a quoted sentence that answers a when, who or how-many question."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import date
from functools import cache, lru_cache

from bot.english import infinitive_takers, people_stems
from bot.models import AnswerType
from bot.names import NameHints, find_names
from bot.spans import CLOCK_TIME, GLUED_UNITS, MONTHS, WEEKDAYS, Span, word_before
from bot.text import STOP_WORDS, YEAR, fold, stem, words

# "3 October", "3rd October", "the 3rd of October"
_DAY_BEFORE_MONTH = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})"
_DATE = re.compile(
    # "9 March next year": a day of the year after the article's.
    rf"\b(?:(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}}|\s+(?i:next|last)\s+year)?"
    rf"|{_DAY_BEFORE_MONTH}(?:\s+\d{{4}}|\s+(?i:next|last)\s+year)?"
    rf"|(?i:in|since|by|until|from)\s+(?i:early\s+|late\s+|mid-?)?(?:{MONTHS})(?!\.?\s+\d{{1,2}}\b)(?:\s+\d{{4}})?"
    # "built in 1887": after a preposition, a year of past centuries too.
    r"|(?i:in|since|by|until|from)\s+(?:1[5-9]|20)\d\d"
    # "will close by the end of July", "at the start of next year"
    rf"|(?i:(?:at|by|until|before|from|after)\s+)?(?i:the\s+)?(?i:end|start|beginning|middle)\s+of\s+"
    rf"(?:(?:{MONTHS})(?:\s+\d{{4}})?|(?:19|20)\d\d|(?i:(?:the|this|next|last)\s+(?:week|month|year)))"
    r"|(?i:(?:next|last|this)\s+(?:week|month|year))"
    rf"|(?i:on|as of|last|next|this)\s+(?:{WEEKDAYS})s?"
    # "would restart service within 10 days": a time counted from the news.
    r"|(?i:within)\s+(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few)"
    r"\s+(?i:days|weeks|months|years|day|week|month|year)"
    r"|(?:19|20)\d\d)\b"
    # "lost power at 4.10am": what time is a date's part too.
    rf"|(?i:\b{CLOCK_TIME})(?!\w)"
)
_WEEKDAY_ONLY = re.compile(rf"(?:{WEEKDAYS})s?$")
_DATE_FOLLOWS = re.compile(rf",?\s+(?:(?:{MONTHS})\s+\d{{1,2}}\b|{_DAY_BEFORE_MONTH})")
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
    # "a quarter of a million", "three quarters of a billion"
    r"(?:(?:a|one|three)\s+quarters?\s+of\s+)?"
    rf"(?:(?:a|an)\s+(?=(?:{_NUMBER_WORDS})\b))?(?:{_NUMBER_WORDS})"
    # "two and a quarter million", "four and three quarters"
    rf"(?:(?:[\s-]+and)?(?:[\s-]+a)?[\s-]+(?:{_NUMBER_WORDS}|(?<=a )quarter|(?<=three )quarters)\b)*"
)
# The words that bound a figure ("nearly 300", "more than £2m"), read before it.
_BOUND_WORDS = (
    r"(?:fewer|more|less)\s+than|nearly|almost|about|around|roughly|approximately|over|under|"
    r"up\s+to|at\s+least|at\s+most|some"
)
_NUMBER = re.compile(
    rf"\b(?:{_BOUND_WORDS})?\s*"
    # "38.4C", "38.4°C", "100°F": a temperature's unit may be glued to its figure.
    # "8 per cent" and "8pc" are "8%"; "41mm" and "4.1cm" are measures; "142p" is in pence.
    rf"(?:\d(?:[\d,.]*\d)?(?:%|\s+per\s?cent\b|\s?pc\b|\s?°\s?[CF]?|[CF]\b|(?:{GLUED_UNITS}|p)\b|(?:bn|m|k)\b)?|{_NUMBER_WORD_RUN}(?:\s+per\s?cent\b)?)(?:\s+(?:thousand|million|billion|trillion))?(?:\s+of)?(?:[\s-]+[a-z]+)?(?:\b|(?<=%))",
    re.IGNORECASE,
)
_CURRENCIES = "$€£¥"
_GLUED_SCALE = re.compile(r"[\d,.]+(?:bn|m|k)$", re.IGNORECASE)
_NOT_COUNTED = frozenset({"last", "next", "this", "per", "each", "every"})
_DURATION = re.compile(
    r"\b(?:nearly|almost|about|around|over|more than|some)?\s*"
    rf"(?:\d+|{_NUMBER_WORD_RUN})"
    # "within 14 business days"
    r"[\s-](?:(?:business|working|calendar|school)\s)?(?:year|month|week|day|decade|hour|minute)s?\b"
    # "five hours and 40 minutes", "four years and six months", "two hours, 11 minutes and 48 seconds"
    rf"(?:,\s+(?:\d+|{_NUMBER_WORD_RUN})[\s-](?:month|week|day|hour|minute)s?\b)?"
    rf"(?:,?\s+and\s+(?:\d+|{_NUMBER_WORD_RUN})[\s-](?:month|week|day|hour|minute|second)s?\b)?"
    # A race time: "in 2:11:48", "1:15:02".
    r"|\b\d{1,2}:\d{2}:\d{2}\b"
    # "a year and a half", "half a year"
    r"|\b(?:(?:a|an|one)\s+(?:year|month|week|day|hour|decade)\s+and\s+a\s+half"
    r"|half\s+an?\s+(?:year|month|week|day|hour|decade))\b"
    # "out of action for a fortnight": two weeks
    r"|\b(?:(?:a|one|\d+|two|three|four|six)\s+)?fortnights?\b"
    r"|\b(?:decades?|years?)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:citing|due to|owing to|because(?: of)?|since|over|amid|after|concluded that|given(?: that)?|"
    r"as a result of|in response to|in light of|by (?:nature|design),?|"
    # "in the wake of a ban", "prompted by complaints", "arguing that its activities did not
    # threaten ...", "concerns remain that the company could be compelled to ...".
    r"in the wake of|on the back of|thanks to|(?:prompted|triggered|driven|fuell?ed|spurred) by|"
    r"(?:stemming|resulting) from|argu(?:ing|ed) that|"
    r"(?:concerns?|fears?|worries) (?:remain |grew |persist )?that|"
    # A purpose is a reason too: "... in a bid to win back customers".
    r"in order to|so as to|so that|in an effort to|in a bid to|with the aim of|"
    # A court's or an inquiry's grounds: "overturned the ban, ruling that the council had ...".
    r"ruling that|finding that|on the grounds that)\s+"
    r"(?P<reason>.+?)\s*(?:[,;:]\s|[.!?]?$)"
    r"|\bfor (?P<reasons>(?:[\w-]+ ){0,3}reasons?)\b",
    re.IGNORECASE,
)


def find_dates(sentence: str) -> list[Span]:
    return [
        Span.of(match)
        for match in _DATE.finditer(sentence)
        # "on Sunday, September 21": the date that follows is the fuller answer.
        if not (_WEEKDAY_ONLY.search(match.group(0)) and _DATE_FOLLOWS.match(sentence, match.end()))
    ]


def find_numbers(sentence: str) -> list[Span]:
    """Counts and amounts with their modifier and the word they count ("fewer than 50 employees").

    A bare year, or the day after a month's name, is a date, not a count.
    """
    spans = _untaken(_UNIT_AND_A_HALF, sentence, [])
    spans += _untaken(_RATIO, sentence, spans)
    for match in _NUMBER.finditer(sentence):
        if _overlaps(match, spans):
            continue  # already in a span: the cents of "six euros fifty", "a mile and a half"
        tokens = match.group(0).split()
        if len(tokens) > 1 and (
            tokens[-1].lower() in STOP_WORDS or tokens[-1].lower() in _NOT_COUNTED or tokens[-1][0].isupper()
        ):
            # "2.3 million Pellham & Rowe customers": the name is not counted; nor is the time
            # of "36% last year" or the rate of "€350 per buyer".
            tokens = tokens[:-1]
        elif len(tokens) > 1 and sentence.startswith("-", match.end()):
            tokens = tokens[:-1]  # "£6.1m multi-storey car park": "multi" is half a word, not the thing
        if not tokens or YEAR.fullmatch(tokens[0].rstrip(",.")):
            continue
        if tokens[0].lower() == "one" and (len(tokens) == 1 or tokens[1] == "of"):
            continue  # "one of the highest totals" counts nothing
        at = match.start() + match.group(0).index(tokens[0])
        if _SCORE.match(sentence, at + len(tokens[0])) or _SCORE_BEFORE.search(sentence[:at]):
            continue  # a score or a span of years ("won 2-1", "the 2026-27 season"), not a count
        if _MONTH_BEFORE.search(sentence[:at]) or (
            tokens[0].isdigit() and _MONTH_FOLLOWS.match(sentence, at + len(tokens[0]))
        ):
            continue  # the day of a date ("September 29", "6 April"), not a count
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
            # "nearly £190,000" is no exact sum: the word before the sign bounds it as before a figure.
            bound = _BOUND_BEFORE_A_SIGN.search(sentence, 0, start)
            if bound and not (
                bound.group(0).startswith("over") and _after_a_particle_verb(sentence, bound.start())
            ):
                start, text = bound.start(), sentence[bound.start() : start] + text
        elif _GLUED_SCALE.match(tokens[0]) and not _MONEY_WORD.search(text):
            continue  # "a 40m section" is no sum: only "£18.5m" or "3.2m pounds" is 3.2 million
        elif _BARE_FIGURE.search(text) and (named := _NAMED_CURRENCY.match(sentence, start + len(text))):
            text += named.group(0)
        cents = _CENTS.match(sentence, start + len(text)) if _MONEY_WORD.search(text) else None
        if cents:
            text += cents.group(0)  # "six euros fifty" is €6.50
        spans.append(Span(text, start, start + len(text)))
    # "A quarter of appointments", "a third of staff": a share, as "25%" is.
    spans += _untaken(_FRACTION, sentence, spans)
    return sorted((_with_pay_for_the_time(sentence, span) for span in spans), key=lambda span: span.start)


def _with_pay_for_the_time(sentence: str, span: Span) -> Span:
    """A length of time with the pay it stands for: "two months' pay" is a sum, not a time."""
    pay = _PAY_FOR_THE_TIME.match(sentence, span.end) if _TIME_UNIT_END.search(span.text) else None
    return Span(span.text + pay.group(0), span.start, pay.end()) if pay else span


_TIME_UNIT_END = re.compile(r"\b(?:days?|weeks?|months?|years?)$", re.IGNORECASE)
# "two months' pay", "a year's salary": a sum told as the pay for a time.
PAY_FOR_A_TIME = r"['’]s?\s+(?:basic\s+)?(?:pay|wages?|salary|earnings)\b"
_PAY_FOR_THE_TIME = re.compile(PAY_FOR_A_TIME, re.IGNORECASE)


def _untaken(pattern: re.Pattern[str], sentence: str, taken: list[Span]) -> list[Span]:
    """The pattern's matches in the sentence, as spans, that overlap none of those ``taken``."""
    return [Span.of(match) for match in pattern.finditer(sentence) if not _overlaps(match, taken)]


def _overlaps(match: re.Match[str], spans: list[Span]) -> bool:
    return any(match.start() < span.end and span.start < match.end() for span in spans)


# "a mile and a half of new carriageway": a measure, not half of what follows.
_UNIT_AND_A_HALF = re.compile(
    r"\b(?:an?|one)\s+(?:mile|kilometre|kilometer|metre|meter|foot|yard|hour|day|week|month|year|litre"
    r"|liter|tonne|ton|acre|hectare|million|billion)\s+and\s+a\s+half\b",
    re.IGNORECASE,
)
# "Almost three in four eleven-year-olds", "one out of every five adults": a share, as "74%" is.
_RATIO = re.compile(
    r"\b(?:(?:almost|nearly|about|around|roughly|some|over|under|more than|fewer than|less than)\s+)?"
    rf"(?:{_SMALL_NUMBERS}|\d{{1,3}})\s+(?:in|out\s+of)\s+(?:every\s+)?(?:{_SMALL_NUMBERS}|\d{{1,3}})\b"
    # "scored 3 in 10 minutes" is no share.
    r"(?=\s+(?:of\s+)?[a-z])(?!\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b)",
    re.IGNORECASE,
)
_MONEY_WORD = re.compile(r"\b(?:pounds?|euros?|dollars?)$", re.IGNORECASE)
# The words a sum of money is counted in.
CURRENCY_WORDS = (
    r"dollars?|euros?|pounds?|yen|yuan|renminbi|rupees?|francs?|kron[aeo]r?|cents?|r[o]?ubles?"
    r"|pesos?|rand|lira|lire|rupiah|ringgit|baht|dirhams?|dinars?|shekels?|zloty(?:s|ch)?|forints?"
    r"|korun[ay]?|naira|shillings?|hryvnias?|tenge|rials?|riyals?|taka|pence|sterling|crowns?|florins?|guilders?"
    r"|marks?|kwacha|cedis?|birr|manats?|lempiras?|quetzals?|bolivars?|reais|tugriks?|leva|denars?"
)
# "14.2 million Trevannian marks", "3 million Swiss francs", "500 Hong Kong dollars": the
# country's name stands between the amount and its currency.
_BARE_FIGURE = re.compile(r"(?:\d|\b(?:hundred|thousand|million|billion|trillion))$", re.IGNORECASE)
_NAMED_CURRENCY = re.compile(rf"(?:\s+[A-Z][a-z]+){{1,2}}\s+(?:{CURRENCY_WORDS})\b")
_CENTS = re.compile(
    r"\s+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six"
    r"|seven|eight|nine))?|ten|eleven|twelve|fifteen|\d{1,2})(?=[,.;:!?)]|\s+(?:a|an|the|and|or|for|per|each)\b|$)",
    re.IGNORECASE,
)
_FRACTION = re.compile(
    r"\b(?:(?:a|one|two|three|four)\s+(?:third|thirds|quarter|quarters|fifth|fifths|tenth|tenths)|half)"
    r"(?=\s+of\s+(?!an?\s)(?:the\s+|its\s+|their\s+|all\s+)?[a-z])"
    # "Fares will rise by a quarter", "cut by half": a change told as a share.
    r"|(?<=\bby )(?:(?:a|one|two|three)\s+(?:third|thirds|quarter|quarters|fifth|fifths|tenth|tenths)|half)\b"
    r"(?!\s+(?:an?\s+)?(?:hour|day|week|month|year|mile|point|inch)s?\b)",
    re.IGNORECASE,
)
_SCORE = re.compile(r"[-–]\d")
_SCORE_BEFORE = re.compile(r"\d[-–]$")
_BOUND_BEFORE_A_SIGN = re.compile(rf"\b(?:{_BOUND_WORDS})\s+$", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"(?:{MONTHS})\s*$")
_MONTH_FOLLOWS = re.compile(rf"(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{MONTHS})\b", re.IGNORECASE)


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
    before = word_before(sentence, offset)
    return bool(before) and stem(before) in _over_verb_stems()


def find_durations(sentence: str) -> list[Span]:
    return [
        Span(match.group(0).strip(), match.start(), match.end()) for match in _DURATION.finditer(sentence)
    ]


_SCORE_FIGURE = rf"(?:\d{{1,2}}|nil|{_SMALL_NUMBERS})"
# "4-2", "4–2", "by four goals to two", "three goals to one", "won 21 points to 17".
_MATCH_SCORE = re.compile(
    r"(?<![\d,.–-])(?:\d{1,2}|nil)\s?[-–]\s?(?:\d{1,2}|nil)(?![\d–-])"
    rf"|\b{_SCORE_FIGURE} (?:goals?|points?|runs?|tries|sets?|frames?|games?) to {_SCORE_FIGURE}\b",
    re.IGNORECASE,
)


def find_scores(sentence: str) -> list[Span]:
    """A match's score as a sentence writes it ("4-2", "by four goals to two")."""
    return [Span.of(match) for match in _MATCH_SCORE.finditer(sentence)]


def find_reasons(sentence: str) -> list[Span]:
    spans = []
    for match in _REASON.finditer(sentence):
        group = "reason" if match.group("reason") else "reasons"
        if _DATE.match(match.group(group)):
            continue  # "After September 29, ..." is a time, not a reason
        spans.append(Span.of(match, group))
    for match in _CONSEQUENCE.finditer(sentence):
        # "Running two antivirus programs at once can slow a computer down, so remove the old
        # one": what comes before ", so" is why.
        spans.append(Span.of(match, "cause"))
    for match in _PURPOSE.finditer(sentence):
        # "designed a staggered approach to the ban to give U.S. consumers time": a purpose
        # after a noun, not the complement of a verb ("plans to help", "is expected to allow").
        if word_before(sentence, match.start()) in infinitive_takers():
            continue
        spans.append(Span.of(match, "purpose"))
    return spans


_CONSEQUENCE = re.compile(
    r"(?:^|(?<=[,;:]\s))(?P<cause>[^,;:]{12,}?),\s+so\s+(?!(?:that|far|much|many|long|too|as)\b)"
)
_PURPOSE = re.compile(
    r"(?<=[a-z0-9]\s)to (?P<purpose>(?:give|allow|let|help|ensure|protect|prevent|avoid|shield|keep|"
    r"make sure|free up|reduce|limit|curb|stop)\s.+?)\s*(?:[,;:]\s|[.!?]?$)"
)


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
            re.sub(r"^(?:in|since|by|until|from|on|as of|at)\s+", "", text, flags=re.IGNORECASE), published
        )
    if kind is AnswerType.DURATION:
        text = re.sub(r"(\w+)-(year|month|week|day|decade|hour|minute)\b.*", r"\1 \2s", text)
        # "a three-year agreement" lasts "three years".
        text = re.sub(rf"^an?\s+(?=(?:{_SMALL_NUMBERS})\b)", "", text, flags=re.IGNORECASE)
    if kind is AnswerType.NUMBER:
        # "About 18,000 of its processors" answers "about 18,000"; "dozens of" is "dozens".
        text = re.sub(r"\s+of(?:\s+(?:its|their|the|his|her|our|your|these|those))?$", "", text)
    if kind is AnswerType.PERSON:
        text = re.sub(r"['’]s$", "", text)  # "Padraig Mallaby's appointment": Padraig Mallaby
    if kind is AnswerType.REASON and text:
        text = text[0].upper() + text[1:]
    return text or None


_WHOLE_DETERMINERS = frozenset({"its", "their", "the", "his", "her", "our", "your", "these", "those"})


def counts(sentence: str, span: Span, counted: frozenset[str], reach: int = 3) -> bool:
    """Whether a number span counts the thing asked about ("fewer than 50 employees").

    The span and the few words after it must hold one of the ``counted`` stems, or the
    words just before it when the count stands apart after a comma ("the largest share of
    cameras, about 870"). ``counted`` may hold the name the question counts by ("how many
    Yunmai cameras": "312 Yunmai devices").
    """
    after = sentence[span.end :].split()
    if span.text.endswith(" of"):
        after = ["of", *after]  # "around 1.3 million of the small components"
    # "About 18,000 of its Arcus-7 processors": a part of a whole counts the same thing.
    if len(after) > 1 and after[0] == "of" and after[1].lower() in _WHOLE_DETERMINERS:
        after = after[2:]
        # "banned ... modules ... to replace around 1.3 million of the small components": the
        # part of a whole the sentence has already named counts that whole in other words.
        if any(stem(word) in counted for word in words(sentence[: span.start])):
            return True
    if after and after[0][0].isupper() and {stem(word) for word in words(after[0])} & counted:
        return True
    # Names between the count and its noun do not count: "2.3 million Pellham & Rowe customers".
    while after and (after[0][0].isupper() or after[0] == "&"):
        after = after[1:]
    # "Two dogs killed 27 sheep": the noun after another count is that count's.
    ahead = list(itertools.takewhile(lambda word: not _A_COUNT.fullmatch(word.strip(",.;:")), after[:reach]))
    following = [*span.text.split(), *(word for word in ahead if not word[0].isupper())]
    if any(stem(word) in counted for word in words(" ".join(following))):
        return True
    before = sentence[: span.start].rstrip()
    if _GATHERING_OF.search(before) and counted & _people():
        return True  # "A crowd of 6,850 saw ...": 6,850 spectators
    if _LEVEL_REACHED.search(before + " ") and any(
        stem(match.group(1)) in counted for match in _NUMBER_OF.finditer(before)
    ):
        return True  # "The number of patients waiting ... rose to 18,460"
    if not before.endswith(","):
        return False
    # "Of the 5,900 runners who set off, 4,812 completed the marathon": a part of the whole
    # the sentence opens with counts the same thing.
    opening = words(before) if _OF_THE_WHOLE.match(sentence) else []
    return any(stem(word) in counted for word in (*words(before)[-reach:], *opening))


# People counted together by a noun for their gathering: "a crowd of", "an attendance of".
_GATHERING_OF = re.compile(
    r"\b(?:crowd|audience|attendance|turnout|gathering|congregation)\s+of$", re.IGNORECASE
)


@cache
def _people() -> frozenset[str]:
    general, groups, _ = people_stems()
    return general | groups


# "The number of patients waiting for treatment rose to 18,460": the figure a number reached.
_NUMBER_OF = re.compile(r"\b(?:number|total|count) of\s+(\w+)", re.IGNORECASE)
_LEVEL_REACHED = re.compile(
    r"\b(?:rose|risen|rises|rising|fell|fallen|falls|climbed|dropped|grew|grown|increased|decreased"
    r"|jumped|reached|reaches|totalled|totaled|totals|hit|stood|stands|was|is|were|are)"
    r"\s+(?:to\s+|at\s+)?(?:about\s+|around\s+|nearly\s+|almost\s+|more than\s+)?$",
    re.IGNORECASE,
)
_OF_THE_WHOLE = re.compile(r"\s*Of\s+(?:the|its|their|all)\b")


_A_COUNT = re.compile(rf"[$€£¥]?\d[\d,.]*\w*|(?:{CARDINAL_WORDS})(?:-\w+)?", re.IGNORECASE)


def _with_year(text: str, published: date | None) -> str:
    relative = _NEXT_OR_LAST_YEAR.search(text)
    if published and relative and re.search(rf"(?:{MONTHS})", text):
        # "9 March next year", in an article of 2025, is 9 March 2026.
        year = published.year + (1 if relative.group(1).lower() == "next" else -1)
        return f"{text[: relative.start()]}, {year}"
    has_month_day = re.search(rf"(?:{MONTHS})\s+\d", text) or re.search(
        r"\d(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z]", text
    )
    if published and has_month_day and not YEAR.search(text):
        return f"{text}, {published.year}"
    # "July", "the end of July": the article's year.
    if published and re.search(rf"(?:^|\s)(?:{MONTHS})$", text) and not YEAR.search(text):
        return f"{text} {published.year}"
    return text


_NEXT_OR_LAST_YEAR = re.compile(r"\s+(next|last)\s+year$", re.IGNORECASE)
# Answering looks at the same few sentences for question after question: their spans are
# worked out once each.
_CACHE_SIZE = 65536


def spans_of(kind: AnswerType, sentence: str, hints: NameHints) -> tuple[Span, ...]:
    """Every span of one kind the sentence holds (none for a kind with no finder)."""
    return tuple(span for span, _said in spans_with_words(kind, sentence, hints))


def spans_with_words(
    kind: AnswerType, sentence: str, hints: NameHints
) -> tuple[tuple[Span, frozenset[str]], ...]:
    """Every span of one kind the sentence holds, with the words it says (none for a kind with no finder)."""
    return _spans(kind, sentence, hints) if kind in _FINDERS else ()


@lru_cache(maxsize=_CACHE_SIZE)
def _spans(kind: AnswerType, sentence: str, hints: NameHints) -> tuple[tuple[Span, frozenset[str]], ...]:
    """The sentence's spans of one kind, each with the words it says."""
    return tuple((span, frozenset(words(span.text))) for span in _FINDERS[kind](sentence, hints))


_ADVICE = re.compile(
    r"\b(?:should|need to|must|urg\w+|recommend\w*|advis\w+|find(?:ing)?|seek(?:ing)?|switch\w*|"
    r"alternatives?|consider\w*|replac\w+)\b",
    re.IGNORECASE,
)


def find_advice(sentence: str) -> list[Span]:
    """Words that tell the reader what to do ("seek", "alternative", "should")."""
    return [Span.of(match) for match in _ADVICE.finditer(sentence)]


_Finder = Callable[[str, NameHints], list[Span]]
_FINDERS: dict[AnswerType, _Finder] = {
    AnswerType.DATE: lambda sentence, _hints: find_dates(sentence),
    AnswerType.NUMBER: lambda sentence, _hints: find_numbers(sentence),
    AnswerType.SCORE: lambda sentence, _hints: find_scores(sentence),
    AnswerType.DURATION: lambda sentence, _hints: find_durations(sentence),
    AnswerType.PERSON: find_names,
    AnswerType.PLACE: find_names,
    AnswerType.REASON: lambda sentence, _hints: find_reasons(sentence),
    AnswerType.ADVICE: lambda sentence, _hints: find_advice(sentence),
}
