"""Ranking: the passages that best answer a question, each with the answer span it holds.

A passage scores by the question's ideas it holds (BM25, an idea and its equivalents counted
once), with credit for what its article is about, less when it recalls background, and more
when it holds a span of the kind asked for (a date, a count, a name) near the question's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bot.amounts import unit_of
from bot.asking import (
    BEHIND,
    BEHIND_SPAN,
    DIGIT,
    FUTURE_ASKED,
    HOW_LONG,
    HOW_MANY_MONEY,
    HOW_MUCH,
    LENGTH,
    MONEY_ASKED,
    PAST,
    QUESTION_WORD,
    SHARE_ASKED,
    WHAT,
    asking_words,
    asks_ahead,
    counted_stems,
    in_money,
    spoken_terms,
)
from bot.candidates import COUNTED_KINDS, Candidate
from bot.extract import counts, short_answer, spans_of
from bot.index import PassageIndex
from bot.marks import ACT_MARKERS, BOUND_MARKERS, date_marker, marks_led_by_the_question, question_markers
from bot.models import AnswerType
from bot.names import NameHints, names_a_public_body_in
from bot.nearness import nearest_answer
from bot.query import QueryAnalysis
from bot.spans import MONTHS, WEEKDAYS, Span, is_clock_time, word_before
from bot.text import YEAR, analyze, words, zipf
from bot.tuning import Tuning

_DECISIVE_KINDS = (
    AnswerType.DATE,
    AnswerType.NUMBER,
    AnswerType.PERSON,
    AnswerType.DURATION,
    AnswerType.SCORE,
)
_SPAN_KINDS = (*_DECISIVE_KINDS, AnswerType.REASON, AnswerType.ADVICE, AnswerType.PLACE)
_FINDER_KINDS = frozenset(_SPAN_KINDS)
_DAY_OF_THE_WEEK = re.compile(r"\b(?:day of the week|weekday)\b")
# "What time did the power cut begin?" asks for a time of day; "when" and "what day" do not.
_TIME_OF_DAY_ASKED = re.compile(r"\b(?:what|which) (?:time|hour)\b", re.IGNORECASE)
# "Which government department", "what federal agency": a public body asked for by its kind.
_PUBLIC_BODY_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+)?(?:department|agency|ministry|bureau|regulator|government body)\b"
)
# "By how much will fees go up?", "what did it sell for?", "what was the fare raised to?": the
# word the question leads its value with, which the answer's value follows ("go up by 12%",
# "sold ... for £1.35m", "raised to £4.20").
_LED_BY = re.compile(
    r"^(?:.* )?(by) how (?:much|many)\b|^(?:what|how much)\b.* (for|to|by)$"
    r"|\b(?:sell|sells|sold|selling|go|went|fetch|fetched) (for)\b"
)
_WEEKDAY = re.compile(rf"\b(?:{WEEKDAYS})\b", re.IGNORECASE)
# "On what exact date ...?", "which day exactly": a year or a month does not answer it; a day
# of a month ("29 September", "Sept. 29"), a weekday or "yesterday" does.
_EXACT_DAY_ASKED = re.compile(
    r"\b(?:(?:what|which) (?:exact )?(?:day|date)|exact (?:day|date)|(?:day|date) exactly)\b"
)
_A_DAY = re.compile(
    rf"\b(?:{WEEKDAYS}|today|yesterday|tomorrow|tonight)\b|\b\d{{1,2}}(?:st|nd|rd|th)?\b", re.IGNORECASE
)
# A count of units of time and nothing else: "one-year", "three days".
_TIME_ONLY = re.compile(
    r"(?i)(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)[\s-]"
    r"(?:year|month|week|day|hour|minute|night)s?(?:[\s-]long|[\s-]old)?"
)
# A question's name rarer than this in everyday English (Zipf) is a distinctive one.
_DISTINCTIVE_NAME_ZIPF = 4.0


@dataclass(frozen=True)
class _Asked:
    """What a question asks for, as the search for answer spans needs it."""

    anchor_stems: tuple[frozenset[str], frozenset[str]]
    question_words: frozenset[str]
    hints: NameHints
    counted: frozenset[str]  # "how many X": the stems that stand for X
    amount: Callable[[str], object] | None  # "how much": whether a span holds it (digits, or money)
    ahead: bool  # "when will/does ...": not a date of a year before the article's
    looking_ahead: bool  # "will": not a value of last year ("a 4% increase last spring")
    acts_asked: frozenset[str]  # "when was it announced": the date of a telling answers it
    # "How much": the question's own words, which a count of its subject holds ("its 4,300 council
    # homes", asked by how much the council will raise rents for its council homes).
    subject_stems: frozenset[str] = frozenset()
    time_of_day: bool = False  # "what time": only a time of day answers, and answers nothing else
    bounds: frozenset[str] = frozenset()  # "when will it open": the bound of a state asked
    bounds_led: frozenset[str] = frozenset()  # "until when": the bound the question words as a date's
    led_by: str | None = None  # "by how much", "what did it sell for": the word before the value
    day: bool = False  # "on what exact date": a day of a month, or a weekday, not a month or year
    # "What was the strongest gust?" names no year: not "the 91mph recorded ... in February 2014".
    of_the_news: bool = False
    # "Which government department issued the ban?": only a name of a public body answers it.
    public_body: bool = False


def _led_by(asked: str) -> str | None:
    """The word a question leads its value with, if any (its words lower-cased and joined)."""
    match = _LED_BY.search(asked)
    return None if match is None else next(word for word in match.groups() if word)


def _counts_the_subject(text: str, span: Span, subject_stems: frozenset[str]) -> bool:
    """Whether a bare count (no money, share or measure) counts what the question names.

    Asked by how much rents rise for the council homes, "its 4,300 council homes" is how many
    there are, not the amount asked; "18% of its workforce", "£640,000" and "41mm of rain"
    are amounts.
    """
    # Counting first: it rules out most spans, and reading the amount's unit is the dearer test.
    if not subject_stems or not counts(text, span, subject_stems):
        return False
    # in_money: "96 million ambrels", a currency the amount parser does not know.
    return unit_of(span.text) == "" and not in_money(span.text)


def _clause_after(text: str, end: int) -> str:
    """The words after a span up to its clause's end, at most a dozen.

    What they date, the span is: "140 people sleeping rough on a single night last autumn".
    """
    clause = re.split(r"[,;:()]", text[end:], maxsplit=1)[0]
    return " " + " ".join(clause.split()[:_CLAUSE_WORDS])


_CLAUSE_WORDS = 12
# A figure its clause dates this many years or more before its article's is history, not news.
_YEARS_BEFORE = 2


def _dated_years_before(text: str, span: Span, year: int) -> bool:
    """Whether the clause after a span dates it years before its article ("£600,000 in 2019").

    Only a year the clause puts it in does: "the restoration of the 1908 winding engine" is no
    figure of 1908.
    """
    # "sold about 2.1 million thermostats ... since entering the market in 2016": a count since then.
    clause = _SINCE.split(_clause_after(text, span.end), maxsplit=1)[0]
    return any(int(named) <= year - _YEARS_BEFORE for named in _IN_A_YEAR.findall(clause))


_SINCE = re.compile(r"\b(?:since|from|after)\b", re.IGNORECASE)
_IN_A_YEAR = re.compile(
    rf"\b(?:in|during)\s+(?:(?:early|late|mid-?)\s*)?(?:(?:{MONTHS})\s+)?((?:19|20)\d\d)\b"
)


class PassageRanker:
    """Ranks one index's passages for analysed questions. Immutable once built; safe to share."""

    def __init__(self, index: PassageIndex, tuning: Tuning) -> None:
        self.index = index
        self.tuning = tuning

    def best_possible(self, analysis: QueryAnalysis) -> float:
        """The score a passage would earn holding every concept of the question at its best."""
        best: dict[str, float] = {}
        for term in analysis.terms:
            top = float(term.weight * self.index.postings.of(term.stem)[1].max(initial=0.0))
            best[term.origin] = max(best.get(term.origin, 0.0), top)
        return sum(best.values())

    def rank(self, analysis: QueryAnalysis, focus: frozenset[str]) -> list[Candidate]:
        ids, base = self._base_scores(analysis)
        hints = self.index.name_hints
        question_words = frozenset(words(analysis.question))
        anchor_stems = (focus, frozenset(spoken_terms(analysis)))
        counted = counted_stems(analysis)
        asked = " ".join(words(analysis.question))
        # "How many money" (as non-native speakers write it) is "how much".
        how_many_money = bool(HOW_MANY_MONEY.search(asked))
        if how_many_money or not any(self.index.knows(term) for term in counted):
            # "How many handsets" in a folder that never says "handset": any count may answer.
            counted = frozenset()
        # "How much" asks for an amount; "how much did it cost" (or "what is the price tag on
        # it?") for one in money.
        # "Pravik Books price?" asks for money too, with no question word at all.
        what_amount = analysis.answer_type is AnswerType.NUMBER and bool(
            WHAT.search(asked) or not QUESTION_WORD.search(asked)
        )
        led_by = _led_by(asked) if analysis.answer_type in (AnswerType.NUMBER, AnswerType.DATE) else None
        # "By how much are mooring fees going up?" may be answered by a share ("by 12%").
        # Money the asker's context speaks of ("I'm trying to budget") is not what is asked.
        asking = asking_words(analysis.question)
        in_money_asked = MONEY_ASKED.search(asking) and led_by != "by" and not SHARE_ASKED.search(asking)
        amount = (
            (in_money if in_money_asked else DIGIT.search)
            if (how_many_money or HOW_MUCH.search(asked) or what_amount) and not counted
            else None
        )
        if analysis.answer_type is AnswerType.NUMBER and HOW_LONG.search(asked):
            amount = LENGTH.search  # "How long is the path?" asks for a length, not a time
        if analysis.answer_type is AnswerType.DATE and _DAY_OF_THE_WEEK.search(asked):
            amount = _WEEKDAY.search  # "On which day of the week ...?": only a weekday answers it
        # Without a year of its own, a question asks about the news, not the history it recalls.
        about_the_past = bool(PAST.search(analysis.question))
        ahead = asks_ahead(analysis)
        # "By how much will fares rise?": not last spring's rise. (A question in the present,
        # "how many loaves is it recalling", may be answered by "loaves sold in the past week".)
        looking_ahead = not about_the_past and bool(FUTURE_ASKED.search(asked)) and not BEHIND.search(asked)
        marks_asked = question_markers(analysis.question)
        acts_asked = marks_asked & ACT_MARKERS
        subject_stems = frozenset(analyze(analysis.question)) if amount is not None else frozenset()
        asked_for = _Asked(
            anchor_stems,
            question_words,
            hints,
            counted,
            amount,
            ahead,
            looking_ahead,
            acts_asked,
            subject_stems,
            bool(_TIME_OF_DAY_ASKED.search(asked)),
            marks_asked & BOUND_MARKERS,
            marks_led_by_the_question(analysis.question),
            led_by,
            analysis.answer_type is AnswerType.DATE and bool(_EXACT_DAY_ASKED.search(asked)),
            analysis.answer_type is AnswerType.NUMBER and not about_the_past,
            public_body=analysis.answer_type is AnswerType.PERSON and bool(_PUBLIC_BODY_ASKED.search(asked)),
        )
        before = self._before_spans(ids, base, about_the_past)
        # Spans are looked for only in the passages ranked highest before them: as many as
        # it takes (a span multiplies a score by at most 1 + answer_type_bonus, so once the
        # best passage left out could not reach the share of the best score that composing
        # looks at, the rest cannot change the answer), and never more than span_candidates,
        # so that a question costs the same in a folder of a hundred thousand sentences.
        order = np.flatnonzero(base > 0)
        order = order[np.lexsort((ids[order], -before[order]))]
        # Only the kinds of question that look for a span can get its bonus.
        ceiling = 1 + self.tuning.answer_type_bonus if analysis.answer_type in _FINDER_KINDS else 1.0
        share = min(self.tuning.agreement_ratio, self.tuning.support_ratio)
        size = self.tuning.first_span_pass
        candidates: list[Candidate] = []
        done = 0
        while done < len(order):
            for position in order[done:size]:
                candidates.append(
                    self._candidate(
                        analysis,
                        int(ids[position]),
                        float(before[position]),
                        float(base[position]),
                        asked_for,
                    )
                )
            done = min(size, len(order))
            best = max(candidate.score for candidate in candidates)
            if done >= min(len(order), self.tuning.span_candidates):
                break
            if float(before[order[done]]) * ceiling < share * best:
                break
            size = min(size * 4, self.tuning.span_candidates)
        candidates.sort(key=lambda candidate: (-candidate.score, candidate.position))
        return candidates

    def _base_scores(self, analysis: QueryAnalysis) -> tuple[np.ndarray, np.ndarray]:
        """The passages that share a word or a subject with the question, and their scores.

        Only those passages are scored: the question terms' postings, and the passages of
        articles whose subject a term is.
        """
        found = [
            (term, *self.index.postings.of(term.stem), self.index.topic_passages(term.stem))
            for term in analysis.terms
        ]
        parts = [array for _, passages, _, topic in found for array in (passages, topic)]
        ids = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
        # A question word and its equivalents are one concept: a sentence earns the best
        # of their scores, not their sum, or "ban ... prohibits" would count the ban twice.
        concepts: dict[str, np.ndarray] = {}
        for term, passages, weights, topic in found:
            scores = np.zeros(len(ids))
            scores[np.searchsorted(ids, passages)] = term.weight * weights
            # A sentence of an article about Volnatek speaks of Volnatek, named or not.
            if len(topic):
                implied = np.zeros(len(ids), dtype=bool)
                implied[np.searchsorted(ids, topic)] = True
                implied &= scores == 0
                if implied.any():
                    scores = np.where(implied, self.tuning.topic_credit * float(scores.max()), scores)
            previous = concepts.get(term.origin)
            concepts[term.origin] = scores if previous is None else np.maximum(previous, scores)
        base = np.sum(list(concepts.values()), axis=0) if concepts else np.zeros(len(ids))
        named = any(self.index.is_subject(term.stem) for term in analysis.terms if term.weight >= 0.5)
        # "When did Corvanta notice the break-in?" is not answered from an article that never
        # names Corvanta, however well its words match ("Zetter first reported"). Only a rare
        # name that few articles use tells them apart: "US", "Texas" or "Google" are common
        # in any news, and an article may well write them another way ("United States").
        scopes = [
            naming
            for naming in (
                self.index.articles_naming([word.stem])
                for word in analysis.core
                if word.stem in self.index.principal_names and zipf(word.word) < _DISTINCTIVE_NAME_ZIPF
            )
            if naming.mean() <= self.tuning.distinctive_name_share
        ]
        if scopes and len(ids):
            naming = np.logical_or.reduce(scopes)
            base = np.where(naming[self.index.article_of[ids]], base, base * self.tuning.off_subject_factor)
        if analysis.sources and len(ids):
            # "According to DMR News, ...": that source's sentences first.
            asked_of = self.index.articles_from(analysis.sources)
            base = np.where(asked_of[self.index.article_of[ids]], base, base * self.tuning.off_subject_factor)
        if not named and self.index.main_subject and len(ids):
            # "How many employees are being laid off?" names no company: in a folder mostly
            # about Kaspersky, beside one article about another firm's layoffs, it means Kaspersky.
            bonus = self.tuning.main_subject_weight * float(base.max(initial=0.0))
            base = np.where((base > 0) & self.index.main_subject_mask[ids], base + bonus, base)
        return ids, base

    def _before_spans(self, ids: np.ndarray, base: np.ndarray, about_the_past: bool) -> np.ndarray:
        """Each passage's score before answer spans: its own, less if background, plus context."""
        before = base.copy()
        if not about_the_past:
            before = np.where(self.index.background[ids], before * self.tuning.background_factor, before)
        beside = np.zeros(len(ids))
        has_neighbour = np.zeros(len(ids), dtype=bool)
        for neighbour in (self.index.before[ids], self.index.after[ids]):
            has = neighbour >= 0
            has_neighbour |= has
            # A neighbour outside the scored passages shares nothing with the question: 0.
            at = np.minimum(np.searchsorted(ids, neighbour), max(0, len(ids) - 1))
            scored = has & (ids[at] == neighbour) if len(ids) else has
            beside = np.where(scored, np.maximum(beside, base[at] if len(ids) else 0.0), beside)
        return np.where(has_neighbour, before + self.tuning.context_weight * beside, before)

    def _candidate(
        self,
        analysis: QueryAnalysis,
        position: int,
        score: float,
        base_score: float,
        asked: _Asked,
    ) -> Candidate:
        """One passage's final score: the kind of answer asked for, found near the question's words."""
        entry = self.index.entries[position]
        text = entry.passage.text
        year = self.index.article_year(entry.passage.source.id) if asked.ahead or asked.of_the_news else None

        def answers(span: Span) -> bool:
            # "How many customers" is not answered by "seven weeks", nor "how much" by
            # "several", nor "how much did it cost" by "18 percent", nor "when will it
            # shut down?" by "launched in 2016" in an article of 2025.
            return (
                (not asked.counted or counts(text, span, asked.counted))
                and (asked.amount is None or bool(asked.amount(span.text)))
                and (not asked.day or bool(_A_DAY.search(span.text)))
                # "improved one-year offer": a length of time is no amount.
                and not (asked.amount is not None and _TIME_ONLY.fullmatch(span.text))
                and not _counts_the_subject(text, span, asked.subject_stems)
                # "from 7 a.m." is no day of a by-election, "on Tuesday" no time of a power cut.
                and (
                    analysis.answer_type is not AnswerType.DATE
                    or is_clock_time(span.text) == asked.time_of_day
                )
                and not (
                    year is not None
                    and asked.ahead
                    and any(int(named) < year for named in YEAR.findall(span.text))
                )
                # "beating the 91mph recorded during a storm in February 2014": a figure of years ago.
                and not (year is not None and asked.of_the_news and _dated_years_before(text, span, year))
                # "will rise by 6.5% ..., after a 4% increase last spring"
                and not (
                    (asked.ahead or asked.looking_ahead)
                    and BEHIND_SPAN.search(
                        span.text + (_clause_after(text, span.end) if asked.looking_ahead else "")
                    )
                )
                # "Washington, D.C." names no department, "Kaspersky" no agency.
                and not (asked.public_body and not names_a_public_body_in(text, span))
                # "closed since November" tells when a state began, not when it will end.
                and not (asked.ahead and "since" in (*words(span.text)[:1], word_before(text, span.start)))
            )

        def told(span: Span) -> bool:
            # The day a happening was told or decided, when the question asks about neither.
            return (
                analysis.answer_type is AnswerType.DATE
                and date_marker(text, span) in ACT_MARKERS - asked.acts_asked
            )

        def nearest(accept: Callable[[Span], bool]) -> tuple[Span, int] | None:
            return nearest_answer(
                analysis.answer_type, text, asked.anchor_stems, asked.question_words, asked.hints, accept
            )

        found = nearest(answers)
        if found is not None and told(found[0]):
            # "will go to the polls on June 3, the council confirmed on Monday": the day it
            # was told (or decided) is the answer only when the sentence gives no other.
            found = nearest(lambda span: answers(span) and not told(span)) or found
        if found is not None and analysis.answer_type is AnswerType.DATE:
            bound = date_marker(text, found[0])
            if asked.bounds_led and bound not in asked.bounds_led:
                # "Until when can businesses keep getting updates?": "until 1 March 2027", not
                # "set by the court in May", however near the question's words.
                led = asked.bounds_led
                found = nearest(lambda span: answers(span) and date_marker(text, span) in led) or found
            elif asked.bounds == {"start"} and bound == "end":
                # "will open on 21 November and stay open until 4 January", asked when it opens.
                # (Not the reverse: "will stop all updates ... from 1 February" is when they stop.)

                def unopposed(span: Span) -> bool:
                    return answers(span) and not told(span) and date_marker(text, span) != "end"

                found = nearest(unopposed) or found
        if found is not None and asked.led_by and word_before(text, found[0].start) != asked.led_by:
            # "will go up by 12% ..., taking the charge from £1,150": not the nearest figure to
            # "mooring", but the one the question's own word leads.
            led_by = asked.led_by
            found = nearest(lambda span: answers(span) and word_before(text, span.start) == led_by) or found
        answer = None
        distance = None
        sole = False
        if found is not None:
            span, distance = found
            if analysis.answer_type in COUNTED_KINDS and distance > self.tuning.short_answer_distance:
                # "... which is budgeted at $71 million": the one value of the asked kind a
                # sentence holds answers it, however far from the question's words. Only a far
                # date, count or duration needs this, so only theirs are counted; the day it
                # was told ("the commission confirmed on Tuesday") is no other value.
                spans = spans_of(analysis.answer_type, text, asked.hints)
                sole = sum(1 for other in spans if answers(other) and not told(other)) == 1
            if analysis.answer_type is AnswerType.ADVICE:
                # Advice ("find alternative software") rarely repeats the question's words.
                distance = 0
            # An answer right beside the question's words ("announced in June") is
            # worth more than one elsewhere in the sentence.
            score *= 1 + self.tuning.answer_type_bonus / (1 + distance / self.tuning.answer_distance_scale)
            answer = short_answer(analysis.answer_type, span, entry.passage.source.published)
        elif analysis.answer_type in _SPAN_KINDS:
            # A when/who/why/how-many question is not answered by a sentence that holds
            # no date, name, reason or number, however many of its words it shares.
            score *= self.tuning.missing_answer_factor
        return Candidate(
            position,
            score,
            entry.passage,
            frozenset(entry.terms),
            answer,
            distance,
            base_score=base_score,
            span=found[0] if found is not None else None,
            sole=sole,
        )

    def concept_scores(self, analysis: QueryAnalysis, position: int) -> dict[str, float]:
        """What each of the question's ideas scores in one passage (an idea's best equivalent)."""
        found: dict[str, float] = {}
        for term in analysis.terms:
            passages, weights = self.index.postings.of(term.stem)
            at = int(np.searchsorted(passages, position))
            if at < len(passages) and passages[at] == position:
                found[term.origin] = max(found.get(term.origin, 0.0), term.weight * float(weights[at]))
        return found

    def anchor_stems(self, analysis: QueryAnalysis) -> frozenset[str]:
        """The question's distinctive terms, near which an answer span should stand.

        Terms found in a quarter of the sentences or more ("Kaspersky", "US") stand near
        everything, so they are left out unless nothing else remains.
        """
        strong = list(spoken_terms(analysis))
        limit = max(2, len(self.index) // 4)
        distinctive = [stem for stem in strong if self.index.document_frequency.get(stem, 0) <= limit]
        return frozenset(distinctive or strong)


__all__ = ["PassageRanker"]
