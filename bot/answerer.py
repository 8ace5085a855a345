"""Answering: judge the support for the ranked passages, pick the quotes and sources, or abstain."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from bot.agreement import Relation, relation, similarity, told_in_its_article
from bot.asking import (
    asks_for_several,
    body_asked,
    capacity_asked,
    capacity_units,
    counted_noun,
    names_asked,
    premises_units,
    type_words,
)
from bot.cache import cache_dir, cache_key, load_state, save_state
from bot.candidates import COUNTED_KINDS, Candidate
from bot.choice import ChoiceModel, bundled_choice_model, meaning_place_features, place_features
from bot.english import general_words
from bot.extract import spans_of
from bot.index import IndexState, PassageIndex, build_state
from bot.knowledge import VOCABULARY_FILE, load_knowledge, load_vocabulary, resolve_knowledge_dir
from bot.meaning import SentenceEncoder, bundled_encoder, wanted_by_default
from bot.models import Answer, AnswerType, Article, Claim, Passage, Quote, Source
from bot.names import written_as_place
from bot.query import QueryAnalysis, QueryAnalyzer
from bot.ranking import PassageRanker
from bot.sources import SourceComparer
from bot.statement import Statement
from bot.support import (
    Evidence,
    SupportModel,
    bundled_support_model,
    core_to_say,
    date_nouns,
    support_features,
)
from bot.text import YEAR, fold, words
from bot.tuning import Tuning
from bot.word_meaning import WORD_MEANING_FEATURES, soft_features, word_meanings_of
from bot.wording import name_heads, names_another_of_its_kind

MAX_QUESTION_CHARS = 1000
_VALUE_ASKED = frozenset({*COUNTED_KINDS, AnswerType.PERSON})
# A sentence this short that holds no value of the asked kind often only leads in to the next.
_LEAD_IN_WORDS = 10
_ANAPHORIC_START = re.compile(r"^(?:This|These|That|Those|It|Its|He|She|They|Their|Such)\b")


@dataclass(frozen=True)
class Assessment:
    """The ranking of one question and the support for its best passage, before composing."""

    analysis: QueryAnalysis
    focus: frozenset[str]
    candidates: tuple[Candidate, ...]
    features: dict[str, float]
    probability: float


# How much less close in meaning than the first another article's sentence may be, and still be
# compared with it when it shares few of the question's words.
_AS_CLOSE = 0.1


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
        choice: ChoiceModel | None = None,
    ) -> None:
        """``meaning`` (or an ``encoder``) weighs closeness in meaning (``--meaning``).

        ``support`` and ``choice`` default to the shipped models of the mode.
        """
        self.tuning = tuning or Tuning()
        meaning = (
            meaning
            or encoder is not None
            or (support is not None and support.needs_meaning)
            or (choice is not None and choice.needs_meaning)
        )
        self.support = support or bundled_support_model(meaning)
        self.choice = choice or bundled_choice_model(meaning)
        self.encoder = (encoder or bundled_encoder()) if meaning else None
        self.articles = tuple(articles)
        self.index = PassageIndex(self.articles, index_state, self.encoder)
        wants_words = any(name in WORD_MEANING_FEATURES for name in self.choice.features)
        self._word_meanings = word_meanings_of(self.encoder) if self.encoder and wants_words else None
        self.vocabulary = vocabulary
        self._analyzer = QueryAnalyzer(self.index, vocabulary)
        self._ranker = PassageRanker(self.index, self.tuning)
        self.topics = tuple(article.source.title for article in self.articles)
        examples = [example for article in self.articles for example in article.examples]
        self.suggestions = tuple(examples[: self.tuning.suggestions])

    @classmethod
    def from_folder(
        cls, directory: str | os.PathLike[str] | None = None, meaning: bool | None = False
    ) -> Answerer:
        """Load a knowledge folder (the bundled one by default), its vocabulary, and index it.

        The analyzed index comes from the disk cache when the folder has not changed
        (see :mod:`bot.cache`), and is written there when it is built. With ``meaning``,
        the passages' sentence vectors are worked out (or read) too; ``None`` weighs
        meaning when the ``meaning`` extra is installed and the folder is not large
        (``bot.meaning.wanted_by_default``).
        """
        folder = resolve_knowledge_dir(directory)
        articles = load_knowledge(folder)
        if meaning is None:
            meaning = wanted_by_default(sum(len(article.body) for article in articles))
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
        if assessment is None or assessment.probability < self.choice.threshold:
            return self._abstain(question)
        return self._compose(assessment.analysis, list(assessment.candidates), question)

    def assess(self, question: str) -> Assessment | None:
        """Rank the passages, then pick the one most likely to answer among the leading ones.

        Each leading passage is checked for support (does it, with its paragraph neighbours,
        say what the question asks about?), and the choice model (``bot.choice``) weighs
        that against its place among the others. The most probable is put first. None when
        no passage shares a word with the question.
        """
        analysis = self._analyzer.analyze(question)
        if not analysis.key_words:
            return None
        focus = self._ranker.anchor_stems(analysis)
        candidates = self._ranker.rank(analysis, focus)
        if not candidates or candidates[0].score <= 0:
            return None
        considered = self.considered(analysis, candidates)
        probabilities = self.choice.answering([features for _, features, _ in considered])
        best = int(np.argmax(probabilities))
        if analysis.sources:
            # "According to DMR News, ...": that source's passage, when one of its passages answers.
            own = [
                position
                for position, (candidate, _, _) in enumerate(considered)
                if candidate.passage.source.id in analysis.sources
            ]
            if own and max(probabilities[position] for position in own) >= self.choice.threshold:
                best = max(own, key=lambda position: probabilities[position])
        chosen, features, _ = considered[best]
        ordered = (chosen, *(candidate for candidate in candidates if candidate is not chosen))
        return Assessment(analysis, focus, ordered, features, float(probabilities[best]))

    def considered(
        self, analysis: QueryAnalysis, candidates: Sequence[Candidate]
    ) -> list[tuple[Candidate, dict[str, float], float]]:
        """The leading candidates, each with the choice model's features and its support probability."""
        top = candidates[0].score
        best_possible = self._ranker.best_possible(analysis)
        leading = candidates[: self.tuning.choice_candidates]
        closeness = self._closeness(analysis)
        closest = 0.0 if closeness is None else float(closeness.max(initial=0.0))
        heads = name_heads(analysis.question)
        found = []
        for rank, candidate in enumerate(leading):
            source_id = candidate.passage.source.id
            # "in Vintaria", said in the article's first sentence, is where all of its news is,
            # and a sentence's neighbours say what "it" is; but a sentence naming another
            # festival than the one asked about speaks of that one, whatever its article is about.
            stems = set(candidate.stems)
            paragraph = self.index.neighbours(candidate.position)
            if not names_another_of_its_kind(candidate.passage.text, heads):
                stems |= self.index.article_topics[source_id] | self.index.lede_places(source_id)
                for neighbour in paragraph:
                    stems.update(self.index.entries[neighbour].terms)
            published = candidate.passage.source.published
            if published is not None and not YEAR.search(candidate.passage.text):
                # "this year's final" in a report of 2026 is the 2026 final.
                stems.add(str(published.year))
            has_span = self._spans_an_answer(analysis, candidate)
            holds_date = any(word.stem in date_nouns() for word in analysis.core) and any(
                spans_of(AnswerType.DATE, self.index.entries[position].passage.text, self.index.name_hints)
                for position in (candidate.position, *paragraph)
            )
            evidence = Evidence(
                stems=frozenset(stems),
                score=candidate.base_score + self._said_before(analysis, candidate),
                best_possible=best_possible,
                rank_ratio=candidate.score / top,
                has_span=has_span,
                near_span=has_span and candidate.near(self.tuning.short_answer_distance),
                holds_date=holds_date,
            )
            if closeness is not None:
                evidence = replace(
                    evidence,
                    meaning_closeness=float(closeness[candidate.position]),
                    meaning_gap=closest - float(closeness[[candidate.position, *paragraph]].max()),
                )
            features = support_features(analysis, evidence)
            if self._word_meanings is not None:
                texts = [self.index.entries[p].passage.text for p in (candidate.position, *paragraph)]
                features.update(
                    soft_features(
                        core_to_say(analysis, holds_date), frozenset(stems), texts, self._word_meanings
                    )
                )
            # "How many", "when", "how long" and "who" are not answered by a sentence with no
            # count, date, duration or name in it, however many of the words it shares.
            lacks_the_asked_value = analysis.answer_type in _VALUE_ASKED and not candidate.has_span
            probability = 0.0 if lacks_the_asked_value else self.support.probability(features)
            features.update(
                place_features(
                    probability,
                    rank,
                    bool(self.index.background[candidate.position]),
                    candidate.answer_distance,
                    candidate.sole,
                )
            )
            found.append((candidate, features, probability))
        if closeness is not None:
            placed = meaning_place_features([float(closeness[candidate.position]) for candidate in leading])
            for (_, features, _), extra in zip(found, placed, strict=True):
                features.update(extra)
        return found

    def _said_before(self, analysis: QueryAnalysis, candidate: Candidate) -> float:
        """What the sentence before adds of the question's ideas, to one that opens by pointing back.

        "It includes nine paid products and two free ones." says of which list only through "The
        National Cyber Resilience Office published its list of approved products", quoted with it.
        """
        if not _ANAPHORIC_START.match(candidate.passage.text):
            return 0.0
        previous = self.index.before[candidate.position]
        if previous < 0:
            return 0.0
        kind = analysis.answer_type
        if (
            kind in (AnswerType.PERSON, AnswerType.PLACE)
            and candidate.span is not None
            and spans_of(kind, self.index.entries[previous].passage.text, self.index.name_hints)
        ):
            # "Kestle Park ... will host this year's final. It is the first time the final has been
            # played west of the River Carne": the sentence before names a place of its own. A
            # figure before ("has about 6,100 base stations. Its chief executive said the
            # replacement would cost about 310 million crowns") counts something else.
            return 0.0
        own = self._ranker.concept_scores(analysis, candidate.position)
        before = self._ranker.concept_scores(analysis, int(previous))
        return sum(score for concept, score in before.items() if concept not in own)

    def _closeness(self, analysis: QueryAnalysis) -> np.ndarray | None:
        """Each passage's closeness in meaning to the question (None without an encoder)."""
        if self.encoder is None:
            return None
        closeness: np.ndarray = self.index.meanings @ self.encoder.encode([analysis.question])[0]
        return closeness

    def _close_in_meaning(self, analysis: QueryAnalysis, best: Candidate) -> frozenset[int]:
        """Each article's passage closest to the question in meaning, if about as close as the first.

        None without closeness in meaning.
        """
        closeness = self._closeness(analysis)
        if closeness is None or not len(closeness):
            return frozenset()
        level = float(closeness[best.position]) - _AS_CLOSE
        articles = self.index.article_of
        # Each article's passages, closest first; the first of each article is its closest.
        order = np.lexsort((-closeness, articles))
        closest = order[np.r_[True, articles[order][1:] != articles[order][:-1]]]
        return frozenset(int(position) for position in closest[closeness[closest] >= level])

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

    def _compose(self, analysis: QueryAnalysis, candidates: list[Candidate], question: str) -> Answer:
        best = candidates[0]
        sources = SourceComparer(self.index, self.tuning.short_answer_distance)
        chosen = [best]
        differing: Candidate | None = None
        covered = best.stems & analysis.stems
        names = names_asked(analysis)
        counted, _ = counted_noun(analysis, names)
        # "How many people will it be able to sleep?" is answered by "72 beds", with or without "sleep".
        capacity = capacity_asked(analysis, counted)
        asked = frozenset(term.origin for term in analysis.terms if term.weight >= 0.5) - type_words(analysis)
        asked -= capacity
        # "Which company is buying the mill?": the buyer's name says "company", written or not.
        bodies = body_asked(analysis)
        asked -= bodies
        # "31 clubs" says how many gyms: places of business are counted in their units.
        units = premises_units(counted) if counted in asked else frozenset()
        counted_units = (counted, units | capacity_units() if capacity else units)
        statement_of = partial(
            sources.statement,
            analysis=analysis,
            asked=asked,
            names=names,
            counted_units=counted_units,
            bodies=bool(bodies),
        )
        first = statement_of(best)
        related: list[tuple[Candidate, Relation]] = []
        statements: dict[int, Statement] = {}
        # Worked out only when a sentence of another article shares too few of the question's words.
        close_in_meaning: frozenset[int] | None = None
        for candidate in candidates[1:]:
            source = candidate.passage.source
            if candidate.score < self.tuning.agreement_ratio * best.score:
                # Another article's sentence may tell the fact in other words, far from the
                # question's: what it shares with the question is what counts for comparing,
                # or, with closeness in meaning, that it is as close to the question as the first.
                if source.id == best.passage.source.id:
                    continue
                if candidate.base_score < self.tuning.agreement_ratio * best.base_score:
                    if close_in_meaning is None:
                        close_in_meaning = self._close_in_meaning(analysis, best)
                    if candidate.position not in close_in_meaning:
                        continue
            bearing = Relation.UNRELATED
            if source.id != best.passage.source.id and sources.same_subject(
                best, candidate, analysis.answer_type
            ):
                other = statement_of(candidate)
                bearing = relation(analysis.answer_type, first, other, self.tuning.agreement_similarity)
                if bearing is Relation.DIFFER and asks_for_several(analysis):
                    # "Which administrations ...?": each source may name some of them.
                    bearing = Relation.UNRELATED
                statements[candidate.position] = other
            related.append((candidate, bearing))
        # A source that states the same value somewhere does not differ: its other value
        # answers another question ("13 March" it launched, "early May" it sends data).
        agreeing = list(
            dict.fromkeys(
                candidate.passage.source for candidate, bearing in related if bearing is Relation.AGREE
            )
        )
        # Nor does one whose value a source agreeing with the first gives too: "About 1.9 million
        # people ... use a Halcyrix product, but Halcyrix said only 1.4 million ... paid" tells
        # of two things, which the other reports each give one of.
        agreeing_statements = [
            statements[candidate.position] for candidate, bearing in related if bearing is Relation.AGREE
        ]
        differing_ones = [
            candidate
            for candidate, bearing in related
            if bearing is Relation.DIFFER
            and candidate.passage.source not in agreeing
            and not self._first_article_also_says(analysis, candidates, sources, statement_of, candidate)
            and not any(
                told_in_its_article(analysis.answer_type, statement, statements[candidate.position])
                for statement in agreeing_statements
            )
        ]
        if differing_ones and len(chosen) < self.tuning.max_quotes:
            # Of the sentences that differ, the one saying most of the question itself is set
            # against the first ("letting go of 180 employees", not "had around 1,900 staff");
            # max keeps the first (best-ranked) of equals.
            differing = max(differing_ones, key=lambda candidate: len(statements[candidate.position].own))
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
                    self.quoted_text(candidate, analysis.answer_type),
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
                text=self.quoted_text(candidate, analysis.answer_type),
                score=round(candidate.score, 4),
                source=candidate.passage.source,
                agreeing=tuple(agreeing) if candidate is best else (),
            )
            for candidate in chosen
        )
        return Answer(
            question=question,
            answered=True,
            answer=answer,
            quotes=quotes,
            note=note,
            differing=claims,
        )

    def _first_article_also_says(
        self,
        analysis: QueryAnalysis,
        candidates: list[Candidate],
        sources: SourceComparer,
        statement_of: Callable[[Candidate], Statement],
        differing: Candidate,
    ) -> bool:
        """Whether the first quote's own article also states the value another article gives.

        Asked how long a coast path is, "11 miles of new rights of way" and "At nearly 40 miles"
        seem to differ; but the first article also calls it "a 38-mile route": its 11 miles
        measure something else.
        """
        best = candidates[0]
        other = statement_of(differing)
        for candidate in candidates[1 : self.tuning.choice_candidates]:
            if candidate.passage.source.id != best.passage.source.id or candidate.span is None:
                continue
            if not sources.same_subject(candidate, differing, analysis.answer_type):
                continue
            own = statement_of(candidate)
            if relation(analysis.answer_type, own, other, self.tuning.agreement_similarity) is Relation.AGREE:
                return True
        return False

    def _year_from_agreeing(self, best: Candidate, agreeing: list[Source]) -> str | None:
        for source in agreeing:
            if source.published and best.answer:
                return f"{best.answer}, {source.published.year}"
        return None

    def quoted_text(self, candidate: Candidate, kind: AnswerType | None = None) -> str:
        """The sentence, with the one before or after it that it needs.

        The one before when it opens by pointing back ("This ..."); the one after when it only
        leads in to it ("Ondravia has forced a foreign owner to sell once before.", "Three
        vendors are offering discounts:"), unless ``kind`` asks yes or no, which the sentence
        itself answers ("Customers can no longer purchase Acme licences online.").
        """
        text = candidate.passage.text
        if _ANAPHORIC_START.match(text) and (previous := self._beside(candidate, -1)):
            return f"{previous.text} {text}"
        leads_in = text.rstrip().endswith(":") or (
            candidate.span is None and len(text.split()) <= _LEAD_IN_WORDS
        )
        if leads_in and kind is not AnswerType.YES_NO and (following := self._beside(candidate, 1)):
            return f"{text} {following.text}"
        return text

    def _beside(self, candidate: Candidate, step: int) -> Passage | None:
        """The sentence just before (-1) or after (1) a candidate's in its paragraph, if any."""
        for neighbour in self.index.neighbours(candidate.position):
            passage = self.index.entries[neighbour].passage
            if passage.position == candidate.passage.position + step:
                return passage
        return None

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
