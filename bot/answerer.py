"""Answering: rank passages for a question, pick the quotes, extract a short answer, or abstain."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from bot.agreement import SIMILAR, Relation, relation, similarity
from bot.asking import (
    AHEAD,
    BEHIND,
    BEHIND_SPAN,
    DIGIT,
    HOW_MANY_MONEY,
    HOW_MUCH,
    MONEY,
    MONEY_ASKED,
    PAST,
    WHAT,
    asks_for_several,
    counted_noun,
    counted_stems,
    names_asked,
    premises_units,
    spoken_terms,
    type_words,
)
from bot.cache import cache_dir, cache_key, load_state, save_state
from bot.candidates import COUNTED_KINDS, Candidate
from bot.english import general_words
from bot.extract import counts, nearest_answer, short_answer, spans_of
from bot.index import IndexState, PassageIndex, build_state
from bot.knowledge import VOCABULARY_FILE, load_knowledge, load_vocabulary, resolve_knowledge_dir
from bot.marks import ACT_MARKERS, date_marker, question_markers
from bot.meaning import SentenceEncoder, bundled_encoder
from bot.models import Answer, AnswerType, Article, Claim, Quote, Source
from bot.names import NameHints, written_as_place
from bot.query import QueryAnalysis, QueryAnalyzer
from bot.sources import SourceComparer
from bot.spans import Span
from bot.support import Evidence, SupportModel, bundled_support_model, support_features
from bot.text import YEAR, fold, words, zipf

MAX_QUESTION_CHARS = 1000
_ANAPHORIC_START = re.compile(r"^(?:This|These|That|Those|It|Its|He|She|They|Their|Such)\b")
_DECISIVE_KINDS = (AnswerType.DATE, AnswerType.NUMBER, AnswerType.PERSON, AnswerType.DURATION)
_SPAN_KINDS = (*_DECISIVE_KINDS, AnswerType.REASON, AnswerType.ADVICE, AnswerType.PLACE)
_FINDER_KINDS = frozenset(_SPAN_KINDS)
# A question's name rarer than this in everyday English (Zipf) is a distinctive one.
_DISTINCTIVE_NAME_ZIPF = 4.0


@dataclass(frozen=True)
class Tuning:
    """The knobs of ranking, choosing quotes and agreement (declining is bot/support.py's model)."""

    context_weight: float = 0.2
    answer_type_bonus: float = 2.5
    answer_distance_scale: float = 8.0
    missing_answer_factor: float = 0.8
    background_factor: float = 0.9
    topic_credit: float = 0.6
    main_subject_weight: float = 0.3
    off_subject_factor: float = 0.7
    distinctive_name_share: float = 0.5
    support_candidates: int = 5
    # Passages searched for answer spans: this many first, more while they could matter.
    first_span_pass: int = 48
    span_candidates: int = 256
    support_ratio: float = 0.5
    second_quote_ratio: float = 0.55
    agreement_ratio: float = 0.3
    agreement_similarity: float = SIMILAR
    short_answer_distance: int = 8
    max_quotes: int = 3
    suggestions: int = 3


@dataclass(frozen=True)
class _Asked:
    """What a question asks for, as the search for answer spans needs it."""

    anchor_stems: tuple[frozenset[str], frozenset[str]]
    question_words: frozenset[str]
    hints: NameHints
    counted: frozenset[str]  # "how many X": the stems that stand for X
    amount: re.Pattern[str] | None  # "how much": what the span must hold (digits, or money)
    ahead: bool  # "when will/does ...": not a date of a year before the article's
    acts_asked: frozenset[str]  # "when was it announced": the date of a telling answers it


@dataclass(frozen=True)
class Assessment:
    """The ranking of one question and the support for its best passage, before composing."""

    analysis: QueryAnalysis
    focus: frozenset[str]
    candidates: tuple[Candidate, ...]
    features: dict[str, float]
    probability: float


class Answerer:
    """Answers questions from one set of articles. Immutable once built; safe to share."""

    def __init__(
        self,
        articles: Sequence[Article],
        tuning: Tuning | None = None,
        support: SupportModel | None = None,
        vocabulary: tuple[tuple[str, ...], ...] = (),
        index_state: IndexState | None = None,
        meaning: bool = False,
        encoder: SentenceEncoder | None = None,
    ) -> None:
        """``meaning`` (or an ``encoder``) weighs closeness in meaning in support (``--meaning``)."""
        self.tuning = tuning or Tuning()
        meaning = meaning or encoder is not None or (support is not None and support.needs_meaning)
        self.support = support or bundled_support_model(meaning)
        self.encoder = (encoder or bundled_encoder()) if meaning else None
        self.articles = tuple(articles)
        self.index = PassageIndex(self.articles, index_state, self.encoder)
        self.vocabulary = vocabulary
        self._analyzer = QueryAnalyzer(self.index, vocabulary)
        self.topics = tuple(article.source.title for article in self.articles)
        examples = [example for article in self.articles for example in article.examples]
        self.suggestions = tuple(examples[: self.tuning.suggestions])

    @classmethod
    def from_folder(cls, directory: str | os.PathLike[str] | None = None, meaning: bool = False) -> Answerer:
        """Load a knowledge folder (the bundled one by default), its vocabulary, and index it.

        The analyzed index comes from the disk cache when the folder has not changed
        (see :mod:`bot.cache`), and is written there when it is built. With ``meaning``,
        the passages' sentence vectors are worked out (or read) too.
        """
        folder = resolve_knowledge_dir(directory)
        articles = load_knowledge(folder)
        vocabulary = load_vocabulary(folder)
        where = cache_dir()
        key = cache_key([*folder.glob("*.md"), *folder.glob(VOCABULARY_FILE)], meaning)
        state = load_state(where, key, articles)
        if state is None:
            words_of_vocabulary = {word for group in vocabulary for member in group for word in words(member)}
            encoder = bundled_encoder() if meaning else None
            state = build_state(articles, general_words() | words_of_vocabulary, encoder)
            save_state(where, key, state, articles)
        return cls(articles, vocabulary=vocabulary, index_state=state, meaning=meaning)

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(article.source for article in self.articles)

    def warm_up(self) -> None:
        """Load what the first answer would otherwise wait for: the sentence encoder's model.

        Raises ``MeaningError`` when the model cannot load, so a service fails at start-up.
        """
        if self.encoder is not None:
            self.encoder.encode(["When?"])

    def analyze(self, question: str) -> QueryAnalysis:
        return self._analyzer.analyze(question)

    def ask(self, question: str) -> Answer:
        """Answer one question with verbatim quotes, or abstain."""
        problem = question_problem(question)
        if problem:
            return self._abstain(question, error=problem)
        assessment = self.assess(question)
        if assessment is None or assessment.probability < self.support.threshold:
            return self._abstain(question)
        return self._compose(assessment.analysis, list(assessment.candidates))

    def assess(self, question: str) -> Assessment | None:
        """Rank the passages, then pick the best-supported of the leading ones.

        The few passages ranked near the top are each checked for support (does the
        passage, with its paragraph neighbours, say what the question asks about?); the
        one with the best blend of rank and support is put first. None when no passage
        shares a word with the question.
        """
        analysis = self._analyzer.analyze(question)
        if not analysis.key_words:
            return None
        focus = self._anchor_stems(analysis)
        candidates = self._rank(analysis, focus)
        if not candidates or candidates[0].score <= 0:
            return None
        considered = self.considered(analysis, candidates)
        chosen, features, probability = max(
            considered, key=lambda item: item[2] * item[0].score / candidates[0].score
        )
        ordered = (chosen, *(candidate for candidate in candidates if candidate is not chosen))
        return Assessment(analysis, focus, ordered, features, probability)

    def considered(
        self, analysis: QueryAnalysis, candidates: Sequence[Candidate]
    ) -> list[tuple[Candidate, dict[str, float], float]]:
        """The leading candidates with their support features and probability."""
        top = candidates[0].score
        best_possible = self._best_possible(analysis)
        closeness = (
            None
            if self.encoder is None
            else self.index.meanings @ self.encoder.encode([analysis.question])[0]
        )
        closest = 0.0 if closeness is None else float(closeness.max(initial=0.0))
        found = []
        for candidate in candidates[: self.tuning.support_candidates]:
            if candidate.score < self.tuning.support_ratio * top:
                break
            stems = set(candidate.stems) | self.index.article_topics[candidate.passage.source.id]
            paragraph = self.index.neighbours(candidate.position)
            for neighbour in paragraph:
                stems.update(self.index.entries[neighbour].terms)
            has_span = self._spans_an_answer(analysis, candidate)
            evidence = Evidence(
                stems=frozenset(stems),
                score=candidate.base_score,
                best_possible=best_possible,
                rank_ratio=candidate.score / top,
                has_span=has_span,
                near_span=has_span and candidate.near(self.tuning.short_answer_distance),
            )
            if closeness is not None:
                evidence = replace(
                    evidence,
                    meaning_closeness=float(closeness[candidate.position]),
                    meaning_gap=closest - float(closeness[[candidate.position, *paragraph]].max()),
                )
            features = support_features(analysis, evidence)
            probability = self.support.probability(features)
            if analysis.answer_type in COUNTED_KINDS and not candidate.has_span:
                # "How many", "when" and "how long" are not answered by a sentence with no
                # count, date or duration in it, however many of the words it shares.
                probability = 0.0
            found.append((candidate, features, probability))
        return found

    @staticmethod
    def _spans_an_answer(analysis: QueryAnalysis, candidate: Candidate) -> bool:
        """Whether the passage holds a span of the asked kind, as support judges it.

        Any name may be a place to rank by, but only one written as a place ("in Corvey")
        shows that a passage says where: "Eugene Kaspersky, the CEO, was not sanctioned"
        says nothing of where anyone studied.
        """
        if candidate.span is None:
            return False
        if analysis.answer_type is AnswerType.PLACE:
            return written_as_place(candidate.passage.text, candidate.span)
        return True

    def _best_possible(self, analysis: QueryAnalysis) -> float:
        """The score a passage would earn holding every concept of the question at its best."""
        best: dict[str, float] = {}
        for term in analysis.terms:
            top = float(term.weight * self.index.postings.of(term.stem)[1].max(initial=0.0))
            best[term.origin] = max(best.get(term.origin, 0.0), top)
        return sum(best.values())

    def _rank(self, analysis: QueryAnalysis, focus: frozenset[str]) -> list[Candidate]:
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
        what_amount = analysis.answer_type is AnswerType.NUMBER and bool(WHAT.search(asked))
        amount = (
            (MONEY if MONEY_ASKED.search(asked) else DIGIT)
            if (how_many_money or HOW_MUCH.search(asked) or what_amount) and not counted
            else None
        )
        # Without a year of its own, a question asks about the news, not the history it recalls.
        about_the_past = bool(PAST.search(analysis.question))
        ahead = (
            analysis.answer_type is AnswerType.DATE
            and not about_the_past
            and bool(AHEAD.search(asked))
            and not BEHIND.search(asked)
        )
        acts_asked = question_markers(analysis.question) & ACT_MARKERS
        asked_for = _Asked(anchor_stems, question_words, hints, counted, amount, ahead, acts_asked)
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
        year = self.index.article_year(entry.passage.source.id) if asked.ahead else None

        def answers(span: Span) -> bool:
            # "How many customers" is not answered by "seven weeks", nor "how much" by
            # "several", nor "how much did it cost" by "18 percent", nor "when will it
            # shut down?" by "launched in 2016" in an article of 2025.
            return (
                (not asked.counted or counts(text, span, asked.counted))
                and (asked.amount is None or bool(asked.amount.search(span.text)))
                and not (year is not None and any(int(named) < year for named in YEAR.findall(span.text)))
                and not (asked.ahead and BEHIND_SPAN.search(span.text))
            )

        def told(span: Span) -> bool:
            # The day a happening was told or decided, when the question asks about neither.
            return (
                analysis.answer_type is AnswerType.DATE
                and date_marker(text, span) in ACT_MARKERS - asked.acts_asked
            )

        found = nearest_answer(
            analysis.answer_type, text, asked.anchor_stems, asked.question_words, asked.hints, answers
        )
        if found is not None and told(found[0]):
            # "will go to the polls on June 3, the council confirmed on Monday": the day it
            # was told (or decided) is the answer only when the sentence gives no other.
            found = (
                nearest_answer(
                    analysis.answer_type,
                    text,
                    asked.anchor_stems,
                    asked.question_words,
                    asked.hints,
                    lambda span: answers(span) and not told(span),
                )
                or found
            )
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

    def _anchor_stems(self, analysis: QueryAnalysis) -> frozenset[str]:
        """The question's distinctive terms, near which an answer span should stand.

        Terms found in a quarter of the sentences or more ("Kaspersky", "US") stand near
        everything, so they are left out unless nothing else remains.
        """
        strong = list(spoken_terms(analysis))
        limit = max(2, len(self.index) // 4)
        distinctive = [stem for stem in strong if self.index.document_frequency.get(stem, 0) <= limit]
        return frozenset(distinctive or strong)

    def _compose(self, analysis: QueryAnalysis, candidates: list[Candidate]) -> Answer:
        best = candidates[0]
        sources = SourceComparer(self.index, self.tuning.short_answer_distance)
        chosen = [best]
        differing: Candidate | None = None
        covered = best.stems & analysis.stems
        asked = frozenset(term.origin for term in analysis.terms if term.weight >= 0.5) - type_words(analysis)
        names = names_asked(analysis)
        counted, _ = counted_noun(analysis, names)
        # "31 clubs" says how many gyms: places of business are counted in their units.
        counted_units = (counted, premises_units(counted) if counted in asked else frozenset())
        first = sources.statement(best, analysis, asked, names, counted_units)
        related: list[tuple[Candidate, Relation]] = []
        # Of the sentences that differ, the one saying most of the question itself is set
        # against the first ("letting go of 180 employees", not "had around 1,900 staff").
        said_of_question: dict[int, int] = {}
        for candidate in candidates[1:]:
            source = candidate.passage.source
            if candidate.score < self.tuning.agreement_ratio * best.score and (
                # Another article's sentence may tell the fact in other words, far from the
                # question's: what it shares with the question is what counts for comparing.
                source.id == best.passage.source.id
                or candidate.base_score < self.tuning.agreement_ratio * best.base_score
            ):
                continue
            bearing = Relation.UNRELATED
            if source.id != best.passage.source.id and sources.same_subject(
                best, candidate, analysis.answer_type
            ):
                other = sources.statement(candidate, analysis, asked, names, counted_units)
                bearing = relation(analysis.answer_type, first, other, self.tuning.agreement_similarity)
                if bearing is Relation.DIFFER and asks_for_several(analysis):
                    # "Which administrations ...?": each source may name some of them.
                    bearing = Relation.UNRELATED
                said_of_question[candidate.position] = len(other.own)
            related.append((candidate, bearing))
        # A source that states the same value somewhere does not differ: its other value
        # answers another question ("13 March" it launched, "early May" it sends data).
        agreeing = list(
            dict.fromkeys(
                candidate.passage.source for candidate, bearing in related if bearing is Relation.AGREE
            )
        )
        differing_ones = [
            candidate
            for candidate, bearing in related
            if bearing is Relation.DIFFER and candidate.passage.source not in agreeing
        ]
        if differing_ones and len(chosen) < self.tuning.max_quotes:
            # max keeps the first (best-ranked) of equals.
            differing = max(differing_ones, key=lambda candidate: said_of_question[candidate.position])
            chosen.append(differing)
        for candidate, bearing in related:
            if bearing is Relation.DIFFER and candidate.passage.source not in agreeing:
                continue
            if bearing is not Relation.UNRELATED:
                continue
            similar = similarity(best.stems, candidate.stems) >= self.tuning.agreement_similarity
            strong = candidate.score >= self.tuning.second_quote_ratio * best.score
            if similar or not strong or len(chosen) >= self.tuning.max_quotes:
                continue
            if (candidate.stems & analysis.stems) - covered:
                chosen.append(candidate)
            covered |= candidate.stems & analysis.stems
        # A span far from the question's words is too weak a short answer to show, though
        # it still tells whether two sources agree.
        answer = best.answer if best.near(self.tuning.short_answer_distance) else None
        # "July 20" gets the year of a dated source that agrees; "Thursday" has no year to get.
        if answer and analysis.answer_type is AnswerType.DATE and re.fullmatch(r"\D*\d{1,2}\D*", answer):
            answer = self._year_from_agreeing(best, agreeing) or answer
        note = None
        claims: tuple[Claim, ...] = ()
        if differing is not None:
            claims = tuple(
                Claim(
                    candidate.passage.source,
                    candidate.value(analysis.answer_type) or "",
                    self.quoted_text(candidate),
                )
                for candidate in (best, differing)
            )
            note = (
                "The sources differ: "
                + "; ".join(
                    f"{claim.source.citation()} says “{claim.value}” (“{claim.quote}”)" for claim in claims
                )
                + "."
            )
        quotes = tuple(
            Quote(
                text=self.quoted_text(candidate),
                score=round(candidate.score, 4),
                source=candidate.passage.source,
                agreeing=tuple(agreeing) if candidate is best else (),
            )
            for candidate in chosen
        )
        return Answer(
            question=analysis.question,
            answered=True,
            answer=answer,
            quotes=quotes,
            note=note,
            differing=claims,
        )

    def _year_from_agreeing(self, best: Candidate, agreeing: list[Source]) -> str | None:
        for source in agreeing:
            if source.published and best.answer:
                return f"{best.answer}, {source.published.year}"
        return None

    def quoted_text(self, candidate: Candidate) -> str:
        """The sentence, with the one before it when it opens by pointing back ("This ...")."""
        text = candidate.passage.text
        if _ANAPHORIC_START.match(text):
            for neighbour in self.index.neighbours(candidate.position):
                previous = self.index.entries[neighbour].passage
                if previous.position == candidate.passage.position - 1:
                    return f"{previous.text} {text}"
        return text

    def _abstain(self, question: str, error: str | None = None) -> Answer:
        return Answer(
            question=question,
            answered=False,
            topics=self.topics,
            suggestions=self.suggestions,
            error=error,
        )


def question_problem(question: object) -> str | None:
    """Why a question cannot be searched at all (empty, too long, no words), or None."""
    if not isinstance(question, str):
        return "The question must be text."
    text = "".join(char for char in question if unicodedata.category(char)[0] != "C" or char in "\t\n")
    if not fold(text):
        return "The question is empty."
    if len(question) > MAX_QUESTION_CHARS:
        return f"The question is too long ({len(question)} characters; the limit is {MAX_QUESTION_CHARS})."
    if not words(text):
        return "The question has no words to search for."
    return None


__all__ = ["Answerer", "Assessment", "Tuning", "question_problem"]
