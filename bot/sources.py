"""What each source's passage says in answer, for telling whether sources agree or differ.

``bot.agreement`` decides from two ``Statement``s (``bot.statement``); this module builds them
from ranked passages and the index: the question's ideas each passage (and its article) speaks
of, its value, what its date marks, whether the value is a plan, and whether two articles are
about the same thing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.asking import DIGIT, asks_ahead, capacity_units, ideas_said
from bot.candidates import COUNTED_KINDS, Candidate
from bot.english import appointing_words, date_markers, tentative_words
from bot.events import about_the_same, opens_with_a_description, value_stems
from bot.extract import short_answer, spans_of
from bot.index import PassageIndex
from bot.marks import BOUND_MARKERS, date_marker, question_markers
from bot.models import AnswerType, Source
from bot.periods import period_asked
from bot.query import QueryAnalysis
from bot.spans import WEEKDAY_NAMES
from bot.statement import Statement
from bot.text import stem, without_possessive, words
from bot.values import day_of, tells_what_will_happen
from bot.who import only_reports
from bot.wording import name_heads, names_another_of_its_kind, surnames

# How many words before a value may make it tentative ("has asked the regulator to let it
# raise household bills by 8.5 percent"), and after it, the noun it qualifies ("a $410
# million takeover proposal").
_TENTATIVE_REACH = 12
_TENTATIVE_NOUN_REACH = 2
# How far after a value a decision may make a plan settled ("... have been approved").
_DECIDED_REACH = 16


class SourceComparer:
    """Builds statements of passages of one index, for one answer's comparing of sources."""

    def __init__(self, index: PassageIndex, short_answer_distance: int) -> None:
        self.index = index
        self.short_answer_distance = short_answer_distance
        # Each article's values of the asked kind, read once per answer however many of its
        # passages are compared.
        self._values_told: dict[tuple[str, AnswerType], frozenset[tuple[str, str]]] = {}

    def statement(
        self,
        candidate: Candidate,
        analysis: QueryAnalysis,
        asked: frozenset[str],
        names: frozenset[str],
        counted_units: tuple[str, frozenset[str]],
        bodies: bool = False,
    ) -> Statement:
        """What one passage says in answer, for comparing sources.

        ``asked`` (the question's distinctive ideas), ``names`` (its names),
        ``counted_units`` (the place of business a "how many" question counts, and the
        units it is counted in, if any) and ``bodies`` (it asks "which company") are the
        question's, worked out once per answer.
        """
        index = self.index
        article = candidate.passage.source.id
        # The article's subject counts as said by each of its sentences, named or not there;
        # so does a name of the question the article uses anywhere. An idea of the question
        # (a distinctive word) is said by the word or any of its equivalents ("job cuts").
        # A headline speaks for the whole article ("... storage outage").
        # "Semi-finals" speaks of another round than the final, "vice-chair" of another post.
        # Nor does its article's subject say it for the sentence.
        another = _said_only_as_another(candidate.passage.text) - _said_only_as_another(analysis.question)
        own_stems = candidate.stems - another
        said = own_stems | (index.article_topics[article] - another) | index.title_stems(article)
        if names_another_of_its_kind(candidate.passage.text, name_heads(analysis.question)):
            # "the Porthkerry Children's Book Fair opens on 17 October" tells of that fair, not
            # of the festival its article is about.
            said = own_stems
        spoken = index.article_stems(article) | index.article_topics[article]
        named_next = _named_next(index, candidate, names)
        concepts = ideas_said(analysis, asked, said) | named_next
        counted, units = counted_units
        if units & candidate.stems:
            concepts |= {counted}
        kind = analysis.answer_type
        if kind is AnswerType.NUMBER and _asks_a_change(analysis) and _a_change(candidate):
            # "will receive six per cent more" tells the pay rise asked about.
            concepts |= asked & _change_stems(analysis)
        unasked_marker, opposed_marker = _date_marks(candidate, analysis)
        return Statement(
            text=candidate.passage.text,
            stems=candidate.stems,
            concepts=concepts,
            unspoken=asked - ideas_said(analysis, asked, spoken),
            asked=asked,
            names=_names_said(analysis, names, said | index.article_stems(article)),
            names_said=_names_said(analysis, names, said),
            answer=_value(candidate, kind, analysis),
            near=candidate.near(self.short_answer_distance) or candidate.sole,
            published=candidate.passage.source.published,
            background=bool(index.background[candidate.position]),
            subject=index.principal_subject(article),
            article_words=index.article_stems(article),
            topics=_written_topics(index, article),
            unasked_marker=unasked_marker,
            tentative=_tentative(candidate),
            own=ideas_said(analysis, asked, own_stems) | named_next,
            appointing=_appointing(candidate.passage.text),
            forecast_of_the_past=_asks_what_happened(analysis) and _forecast(candidate),
            load=kind is AnswerType.NUMBER and _load(candidate, analysis),
            level=kind is AnswerType.NUMBER and _asks_a_change(analysis) and not _a_change(candidate),
            opposed_marker=opposed_marker,
            # The weekday test first: it rules out most passages before the question is read again.
            behind_the_news=kind is AnswerType.DATE and _behind_the_news(candidate) and asks_ahead(analysis),
            article_answers=self._article_answers(candidate.passage.source, kind)
            if kind in COUNTED_KINDS
            else frozenset(),
            period_asked=period_asked(analysis.question),
            name_words=_name_words(analysis.question),
            body_asked=bodies,
        )

    def _article_answers(self, source: Source, kind: AnswerType) -> frozenset[tuple[str, str]]:
        """The values of a kind an article's sentences give, each with its sentence."""
        found = self._values_told.get((source.id, kind))
        if found is None:
            found = frozenset(
                (answer, text)
                for text in self.index.article_texts(source.id)
                for span in spans_of(kind, text, self.index.name_hints)
                if (answer := short_answer(kind, span, source.published)) is not None
            )
            self._values_told[source.id, kind] = found
        return found

    def same_subject(self, first: Candidate, second: Candidate, kind: AnswerType) -> bool:
        """Whether each passage's article speaks of what the other's is about (see bot.agreement).

        Checked before a statement is built, so that a folder of many articles about other
        things costs no more than their subjects.
        """
        left, right = first.passage.source.id, second.passage.source.id
        index = self.index
        return about_the_same(
            index.principal_subject(left),
            index.article_stems(left),
            index.principal_subject(right),
            index.article_stems(right),
            value_stems(first.value(kind), second.value(kind)),
            (_written_topics(index, left), _written_topics(index, right)),
        )


def _written_topics(index: PassageIndex, article: str) -> frozenset[str]:
    """An article's topics whose stem is a word as written ("kilbarrow", not "festiv" of "festival").

    How rare a word is can be read only of a word, not of a stem.
    """
    return index.article_topics[article] & index.surface_words


# A prefix that makes its word another thing of the same kind: the round before the final, the
# deputy to the chair, who held the post before.
_ANOTHER_OF_ITS_KIND = re.compile(r"\b(?:semi|quarter|vice|ex)-([a-z]+)", re.IGNORECASE)


def _said_only_as_another(text: str) -> frozenset[str]:
    """Stems a sentence says only after such a prefix ("semi-finals" without "final")."""
    prefixed = {stem(match.group(1).lower()) for match in _ANOTHER_OF_ITS_KIND.finditer(text)}
    if not prefixed:
        return frozenset()
    rest = _ANOTHER_OF_ITS_KIND.sub(" ", text)
    return frozenset(prefixed - {stem(word) for word in words(rest)})


@lru_cache(maxsize=256)
def _name_words(question: str) -> tuple[tuple[str, str], ...]:
    """The stems of the common words of the question's names, each with its name's rarest word's."""
    return tuple(
        (stem(common), stem(without_possessive(head))) for common, head in name_heads(question).items()
    )


def _names_said(analysis: QueryAnalysis, names: frozenset[str], said: frozenset[str]) -> frozenset[str]:
    """The question's names these stems say; a given name is said by its surname ("Mr Sweetapple")."""
    by_surname = {
        stem(given)
        for given, surname in surnames(analysis.question)
        if {stem(word) for word in words(surname)} <= said
    }
    return names & (said | by_surname)


def _named_next(index: PassageIndex, candidate: Candidate, names: frozenset[str]) -> frozenset[str]:
    """The question's names that open the next sentence, when this one describes whom it tells of.

    "A man who set fire to the Gorsedown community centre ... has been jailed for eight years.
    Lorcan Pettifer, 37, of Sandpit Close, ...": the man is Lorcan Pettifer.
    """
    after = int(index.after[candidate.position])
    if after < 0 or not opens_with_a_description(candidate.passage.text):
        return frozenset()
    opening = _OPENING_NAME.match(index.entries[after].passage.text)
    return frozenset(stem(word) for word in words(opening.group())) & names if opening else frozenset()


_OPENING_NAME = re.compile(r"(?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*)+(?=,)")


def _value(candidate: Candidate, kind: AnswerType, analysis: QueryAnalysis) -> str | None:
    """The value the passage gives; asked who did something, who reported it gives none."""
    if (
        kind is AnswerType.PERSON
        and candidate.span is not None
        and only_reports(candidate.passage.text, candidate.span, frozenset(words(analysis.question)))
    ):
        return None
    return candidate.value(kind)


def _behind_the_news(candidate: Candidate) -> bool:
    """Whether a passage dates its answer by a weekday already past ("on Monday night", "has been closed").

    A weekday names the nearest such day, ahead in a sentence that tells what will happen and
    behind in any other; a date without a year ("until February 28") may be either, and is left.
    """
    published = candidate.passage.source.published
    weekday = candidate.answer
    if published is None or weekday is None or weekday.lower() not in WEEKDAY_NAMES:
        return False
    day = day_of(weekday, published, tells_what_will_happen(candidate.passage.text))
    return day is not None and day < published


def _tentative(candidate: Candidate) -> bool:
    """Whether the words around the value make it a proposal or a guess ("proposed €500")."""
    if candidate.span is None:
        return False
    before = _words_before(candidate)
    following = _words_around(candidate)[1]
    decided = date_markers()["decision"][0]
    # "Plans for a $64 million unit ... have been approved", "Councillors have approved plans
    # for 240 homes": decided.
    if set(following[:_DECIDED_REACH]) & decided or before & decided:
        return False
    # "a $410 million takeover proposal": the noun after a figure may make it a plan ("Kieran
    # Holroyd's goal" makes no name one).
    qualified = set(following[:_TENTATIVE_NOUN_REACH]) if DIGIT.search(candidate.span.text) else set()
    tentative = (before | qualified) & tentative_words()
    if tentative and tentative <= _OFFERING:
        # "The converted depot will offer 54 beds": a place offering what it can take provides
        # it; only an offer of money or terms ("offered staff 3%") is a bid.
        return not {stem(word) for word in words(candidate.span.text)} & capacity_units()
    return bool(tentative)


_OFFERING = frozenset({"offer", "offers", "offered", "offering"})


def _words_before(candidate: Candidate) -> set[str]:
    """The words just before the value, where a plan or a forecast is told."""
    return set(_words_around(candidate)[0][-_TENTATIVE_REACH:])


def _words_around(candidate: Candidate) -> tuple[list[str], list[str]]:
    """The words of the passage before its value and after it (lower case, as ``words`` gives them)."""
    assert candidate.span is not None
    text = candidate.passage.text
    return words(text[: candidate.span.start]), words(text[candidate.span.end :])


def _date_marks(candidate: Candidate, analysis: QueryAnalysis) -> tuple[str | None, bool]:
    """What the passage's date marks that the question does not ask, and whether that opposes it.

    The mark is "telling", "decision", "start" or "end" (None when the question asks it, or the
    date marks only the happening); opposed, it marks a start where the question asks for an
    end, or the reverse.
    """
    if analysis.answer_type is not AnswerType.DATE or candidate.span is None:
        return None, False
    marker = date_marker(candidate.passage.text, candidate.span)
    if marker is None:
        return None, False
    asked = question_markers(analysis.question)
    opposed = marker in BOUND_MARKERS and bool((BOUND_MARKERS - {marker}) & asked)
    return (None if marker in asked else marker), opposed


def _appointing(sentence: str) -> bool:
    """Whether a sentence puts someone in a post ("has named ... as", "will lead the merged airline")."""
    if _NEW_HOLDER.search(sentence):
        return True
    appointing, holding = appointing_words()
    previous = ""
    for word in (word.lower() for word in words(sentence)):
        if word in appointing or (word in holding and previous not in _PERFECT):
            return True
        previous = word
    return False


# "the new medical director will be Dr Anwen Polkinghorne-Rook", "will be its next chair".
_NEW_HOLDER = re.compile(
    r"\b(?:new|next)(?:\s+[\w-]+){1,4}\s+(?:will be|is to be|is set to be)\s+[A-Z]"
    r"|\b(?:will be|is to be) (?:the|its|their) (?:new|next)\b"
    # A post's noun said as a verb of what is ahead: "Vikram Halloway will captain the club".
    r"|\b(?:will|is to|are to|is set to) (?:captain|skipper|coach|chair|manage|direct|steer|command)\b"
)
# "who has led Pemberton University for eleven years" tells of a tenure, not of a new post.
_PERFECT = frozenset({"has", "have", "had"})


def _asks_what_happened(analysis: QueryAnalysis) -> bool:
    """Whether the question asks about what happened ("did ... attract", "came to"), not what is to come."""
    question = analysis.question.lower()
    return bool(_PAST_ASKING.search(question)) and not _AHEAD_ASKING.search(question)


def _forecast(candidate: Candidate) -> bool:
    """Whether the words before the value make it a forecast ("expect about 40,000 visitors")."""
    return candidate.span is not None and bool(_words_before(candidate) & _FORECASTING)


def _load(candidate: Candidate, analysis: QueryAnalysis) -> bool:
    """Whether the value is what something carries or holds ("a coach carrying 38 passengers").

    "With 41 people on board" tells what it carries too. Such a count tells the size of what
    holds it, not how many a happening befell ("Fourteen people were taken to hospital"),
    unless the question asks what it holds.
    """
    if candidate.span is None:
        return False
    before, after = _words_around(candidate)
    while before and before[-1] in _ROUGHLY:
        before.pop()
    # "with 41 people on board", "38 passengers aboard": what the coach carried too.
    carried = bool(_ON_BOARD.match(" ".join(after[:2])))
    if not carried and (not before or before[-1] not in _HOLDING):
        return False
    asks_what_it_holds = {stem(word) for word in _HOLDING} & {stem(word) for word in words(analysis.question)}
    return not (asks_what_it_holds or _ON_BOARD.search(analysis.question))


def _asks_a_change(analysis: QueryAnalysis) -> bool:
    """Whether the question asks by how much something changes ("go up", "rise", "fall")."""
    return bool(_CHANGE_ASKED.search(analysis.question))


def _change_stems(analysis: QueryAnalysis) -> frozenset[str]:
    """The stems of the question's words for a change ("rise" of "what pay rise")."""
    return frozenset(term.stem for term in analysis.terms if _CHANGE_ASKED.fullmatch(term.origin))


def _a_change(candidate: Candidate) -> bool:
    """Whether the value is told as a change ("raise ... by 2.99%", "adding £6.21", "a 3.5% rise")."""
    if candidate.span is None:
        return False
    before, after = _words_around(candidate)
    before, after = before[-_CHANGE_REACH:], after[:_CHANGE_REACH]
    if before[-1:] == ["to"] or after[1:2] == ["from"]:
        return False  # "will rise to $6.50", "$7.25 a trip, up from $5": the new level
    # "a 25% increase": the span may hold the word for the change itself.
    said = words(candidate.span.text)[-1:]
    return bool(set(before) & _CHANGE_BEFORE or set(after + said) & _CHANGE_AFTER)


_CHANGE_ASKED = re.compile(
    r"\b(?:go(?:es|ing)? up|go(?:es|ing)? down|ris(?:e|es|ing)|increas\w*|grow\w*|"
    r"fall(?:s|ing)?|drop\w*|declin\w*|climb\w*|jump\w*|hike\w*)\b",
    re.IGNORECASE,
)
# How far from the value a word may tell it as a change.
_CHANGE_REACH = 2
_CHANGE_BEFORE = frozenset(
    {"by", "adding", "add", "adds", "up", "down", "extra", "more", "fewer", "rise", "increase", "hike", "cut"}
    # "Overnight stays rose 12.5 percent": a verb of change right before the figure.
    | {"rose", "rises", "risen", "fell", "falls", "fallen", "grew", "grows", "grown", "climbed", "jumped"}
    | {"dropped", "increased", "decreased", "raised", "slashed"}
)
_CHANGE_AFTER = frozenset(
    {
        "rise",
        "rises",
        "increase",
        "increases",
        "hike",
        "cut",
        "cuts",
        "more",
        "fewer",
        "higher",
        "lower",
        "up",
        "down",
        "drop",
        "fall",
        "jump",
        "reduction",
        "decrease",
        "extra",
    }
)


# Words by which something holds a count of people or things ("carrying", "with room for").
_HOLDING = frozenset(
    {"carrying", "holding", "seating", "housing", "employing", "accommodating", "containing"}
)
# "How many passengers were on board?" asks what the train carried.
_ON_BOARD = re.compile(r"\b(?:on board|aboard|onboard)\b", re.IGNORECASE)
_ROUGHLY = frozenset(
    {"about", "around", "some", "nearly", "almost", "roughly", "more", "than", "over", "up", "to"}
)


# The past tense: an auxiliary, a regular verb ("attended"), or a common irregular one ("came").
_PAST_ASKING = re.compile(
    r"\b(?:did|was|were|had|came|went|drew|saw|took|got|won|lost|paid|sold|spent|made|gave|brought|used|led"
    r"|\w{3,}ed)\b"
)
_AHEAD_ASKING = re.compile(r"\b(?:will|going to|expected|expect|forecast|projected|due)\b")
_FORECASTING = frozenset({"expect", "expects", "expected", "predict", "predicts", "predicted", "forecast"})
