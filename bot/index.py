"""The passage index: quotable sentences from the articles, ranked with rank-bm25."""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from rank_bm25 import BM25Plus

from bot import subjects
from bot.background import background_flags, folder_year, reference_year, years_named
from bot.meaning import SentenceEncoder
from bot.models import Article, Passage
from bot.names import NameHints, find_names
from bot.spans import word_before
from bot.text import (
    analyze,
    dedupe_key,
    known_word_data,
    paragraphs,
    remember,
    sentences,
    words,
)

# Why BM25Plus with these parameters:
# - The documents are single sentences, and the corpus is tiny (tens of them). Okapi's
#   idf, log((N - n + 0.5) / (n + 0.5)), is zero or negative for any term in half the
#   sentences or more, and rank-bm25 then floors it to epsilon * mean idf (its issues
#   #39, #43): "kaspersky" or "ban" would weigh next to nothing or change weight as the
#   corpus grows. BM25+ uses log((N + 1) / n), positive for every indexed term.
# - BM25+'s delta lower-bounds the credit of a term that does occur in a long sentence.
#   rank-bm25 also adds idf * delta to sentences *without* the term; that constant does
#   not change the order, and it is subtracted below so that a score of 0 means "no
#   query term here", which abstention relies on.
# - b = 0.5 rather than 0.75: sentences vary less in length than documents do, and the
#   longer ones are often the ones that hold both the subject and the answer.
BM25_K1 = 1.2
BM25_B = 0.5
BM25_DELTA = 0.5


@dataclass(frozen=True)
class IndexedPassage:
    passage: Passage
    terms: tuple[str, ...]


class Postings:
    """Each term's passages and BM25+ weights, so that a term's scores cost its postings only.

    The weights are rank-bm25's BM25Plus scores for the term alone, less the constant
    ``idf * delta`` that BM25Plus also gives passages without the term: what
    ``BM25Plus.get_scores([term]) - idf * delta`` returns, computed once from rank-bm25's
    own statistics (idf, document lengths, average length) instead of walking every
    passage for every term of every question.
    """

    def __init__(self, rows: dict[str, int], offsets: np.ndarray, passages: np.ndarray, weights: np.ndarray):
        self.rows = rows
        self.offsets = offsets
        self.passages = passages
        self.weights = weights

    @classmethod
    def from_bm25(cls, bm25: BM25Plus) -> Postings:
        doc_len = np.asarray(bm25.doc_len, dtype=float)
        norm = bm25.k1 * (1 - bm25.b + bm25.b * doc_len / bm25.avgdl)
        by_term: dict[str, tuple[list[int], list[float]]] = {}
        for number, frequencies in enumerate(bm25.doc_freqs):
            for term, frequency in frequencies.items():
                listed = by_term.setdefault(term, ([], []))
                listed[0].append(number)
                listed[1].append(frequency)
        rows = {}
        offsets = [0]
        passages: list[int] = []
        weights: list[np.ndarray] = []
        for row, (term, (numbers, frequencies)) in enumerate(by_term.items()):
            rows[term] = row
            ids = np.asarray(numbers, dtype=np.int64)
            tf = np.asarray(frequencies, dtype=float)
            idf = bm25.idf.get(term) or 0
            # The same arithmetic, in the same order, as BM25Plus.get_scores.
            full = idf * (bm25.delta + (tf * (bm25.k1 + 1)) / (norm[ids] + tf))
            weights.append(full - bm25.idf.get(term, 0.0) * bm25.delta)
            passages.extend(numbers)
            offsets.append(len(passages))
        return cls(
            rows,
            np.asarray(offsets, dtype=np.int64),
            np.asarray(passages, dtype=np.int32),
            np.concatenate(weights) if weights else np.zeros(0),
        )

    def of(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The passages holding the term, and its weight in each."""
        row = self.rows.get(term)
        if row is None:
            return np.zeros(0, dtype=np.int32), np.zeros(0)
        start, end = self.offsets[row], self.offsets[row + 1]
        return self.passages[start:end], self.weights[start:end]


@dataclass(frozen=True)
class IndexState:
    """Everything the index works out from the articles: what the disk cache keeps.

    ``article_topics`` and ``title_names`` map each article id to stems; the arrays have
    one item (``meanings``: one row, the passage's sentence vector) per passage.
    """

    entries: tuple[IndexedPassage, ...]
    postings: Postings
    surface_words: frozenset[str]
    name_hints: NameHints
    article_topics: dict[str, frozenset[str]]
    title_names: dict[str, frozenset[str]]
    background: np.ndarray
    before: np.ndarray
    after: np.ndarray
    meanings: np.ndarray
    stems: dict[str, str] = field(default_factory=dict)
    frequencies: dict[str, float] = field(default_factory=dict)


def build_state(
    articles: Sequence[Article], other_words: Iterable[str] = (), encoder: SentenceEncoder | None = None
) -> IndexState:
    """Split, analyze and index the articles: the slow part of loading, done once per folder.

    The stems and English frequencies of the articles' words and of ``other_words`` (the
    thesaurus's, say) are kept too, so that a cached index answers without loading the
    lemma and frequency dictionaries for them.
    """
    entries = tuple(_passages(articles))
    if not entries:
        raise ValueError("the articles hold no quotable sentence")
    corpus = [list(entry.terms) or ["\x00"] for entry in entries]
    postings = Postings.from_bm25(BM25Plus(corpus, k1=BM25_K1, b=BM25_B, delta=BM25_DELTA))
    before, after = _paragraph_neighbours(entries)
    # The passages' words as written (capitals kept), read once for names and subjects.
    tokens = [subjects.TOKEN.findall(entry.passage.text) for entry in entries]
    article_topics, title_names = subjects.article_topics(entries, articles, tokens)
    surface_words = frozenset(
        word for article in articles for word in words(article.body) if not word.isdigit()
    )
    title_words = {word for article in articles for word in words(article.source.title)}
    name_hints = _name_hints(entries, tokens)
    name_words = {word.lower() for word in name_hints.proper_words}
    stems, frequencies = known_word_data(surface_words | title_words | name_words | set(other_words))
    return IndexState(
        entries=entries,
        postings=postings,
        surface_words=surface_words,
        name_hints=name_hints,
        article_topics=article_topics,
        title_names=title_names,
        background=np.array(background_flags([entry.passage for entry in entries], articles), dtype=bool),
        before=before,
        after=after,
        meanings=_meanings(entries, encoder),
        stems=stems,
        frequencies=frequencies,
    )


def _meanings(entries: Sequence[IndexedPassage], encoder: SentenceEncoder | None) -> np.ndarray:
    """The passages' sentence vectors, or none (zero columns) without an encoder.

    Each passage is encoded as it stands and with its article's title before it, and the two
    averaged, so that a question calling the subject by what it is ("the photo app") comes
    closer to the article's sentences.

    Rounded as the disk cache keeps them (half precision), so a cached index answers as a
    fresh one.
    """
    if encoder is None:
        return np.zeros((len(entries), 0), dtype=np.float32)
    vectors = encoder.encode([entry.passage.text for entry in entries])
    titled = encoder.encode([f"{entry.passage.source.title}. {entry.passage.text}" for entry in entries])
    vectors = vectors + titled
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    rounded: np.ndarray = vectors.astype(np.float16).astype(np.float32)
    return rounded


class PassageIndex:
    """Sentences of all articles, de-duplicated, with BM25 statistics and vocabularies."""

    def __init__(
        self,
        articles: Sequence[Article],
        state: IndexState | None = None,
        encoder: SentenceEncoder | None = None,
    ) -> None:
        self.articles = tuple(articles)
        self.state = state or build_state(self.articles, encoder=encoder)
        if encoder is not None and not self.state.meanings.shape[1]:
            self.state = replace(self.state, meanings=_meanings(self.state.entries, encoder))
        remember(self.state.stems, self.state.frequencies)
        self.entries = self.state.entries
        self.postings = self.state.postings
        self.surface_words = self.state.surface_words
        self.name_hints = self.state.name_hints
        self.article_topics = self.state.article_topics
        self.background = self.state.background
        self.before, self.after = self.state.before, self.state.after
        self.meanings = self.state.meanings
        self.document_frequency: Counter[str] = Counter(
            {
                term: int(self.postings.offsets[row + 1] - self.postings.offsets[row])
                for term, row in self.postings.rows.items()
            }
        )
        self.document_frequency.pop("\x00", None)
        self._sorted_terms = sorted(self.document_frequency)
        self._article_number = {article.source.id: number for number, article in enumerate(self.articles)}
        self.article_of = np.array(
            [self._article_number[entry.passage.source.id] for entry in self.entries], dtype=np.int32
        )
        # An article's passages are consecutive: each article is a range of positions.
        first = np.searchsorted(self.article_of, np.arange(len(self.articles)), side="left")
        last = np.searchsorted(self.article_of, np.arange(len(self.articles)), side="right")
        self._article_span = [(int(start), int(end)) for start, end in zip(first, last, strict=True)]
        self._articles_about: dict[str, set[int]] = {}
        for number, article in enumerate(self.articles):
            for term in self.article_topics.get(article.source.id, ()):
                self._articles_about.setdefault(term, set()).add(number)
        self._article_stems: dict[str, frozenset[str]] = {}
        self._principal: dict[str, frozenset[str]] = {}
        self._title_stems: dict[str, frozenset[str]] = {}
        self._lede_places: dict[str, frozenset[str]] = {}
        # What most articles are about: their principal subjects, not every name of their
        # titles ("U.S." is in many titles and the subject of none).
        principal = {
            article.source.id: self.principal_subject(article.source.id) for article in self.articles
        }
        self.principal_names = frozenset(term for terms in principal.values() for term in terms)
        self.main_subject = subjects.main_subject(
            principal, {article.source.id: self.article_stems(article.source.id) for article in self.articles}
        )
        self.main_subject_mask = np.array(
            [bool(principal[entry.passage.source.id] & self.main_subject) for entry in self.entries],
            dtype=bool,
        )
        self._term_cache: dict[str, np.ndarray] = {}
        self._related: dict[str, tuple[str, ...]] = {}
        self._folder_year = folder_year(self.articles)
        self._years: dict[str, int | None] = {}

    @property
    def passages(self) -> tuple[Passage, ...]:
        return tuple(entry.passage for entry in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def knows(self, term: str) -> bool:
        return term in self.document_frequency

    def related_stems(self, term: str, indexed_too: bool = False) -> tuple[str, ...]:
        """Indexed stems that differ from an unindexed one only by a short ending.

        Snowball keeps some derived forms apart ("risky"/"risk", "scrutinize"/"scrutiny");
        for a term the index lacks, these are the forms it has. ``indexed_too`` looks for
        them for an indexed term as well ("Valdrian" is said by "Valdria's").
        """
        if (term in self.document_frequency and not indexed_too) or len(term) < 4:
            return ()
        found = self._related.get(term)
        if found is None:
            # Only stems that start with the term, or that the term starts with, can be
            # its forms: a look-up in the sorted vocabulary, not a walk through all of it.
            start = bisect.bisect_left(self._sorted_terms, term)
            longer = []
            for known in self._sorted_terms[start:]:
                if not known.startswith(term):
                    break
                longer.append(known)
            shorter = [term[:size] for size in range(4, len(term)) if term[:size] in self.document_frequency]
            found = tuple(sorted(known for known in (*shorter, *longer) if _close_forms(known, term)))
            if len(self._related) < 65536:
                self._related[term] = found
        return found

    def idf(self, term: str) -> float:
        """Inverse document frequency; a term the corpus lacks gets more than any it has."""
        return math.log((len(self.entries) + 1) / (self.document_frequency.get(term, 0) or 0.5))

    def term_scores(self, term: str) -> np.ndarray:
        """Each passage's BM25+ score for one term, zero where the term is absent."""
        cached = self._term_cache.get(term)
        if cached is None:
            cached = np.zeros(len(self.entries))
            passages, weights = self.postings.of(term)
            cached[passages] = weights
            cached.setflags(write=False)
            if len(self._term_cache) < 1024:
                self._term_cache[term] = cached
        return cached

    def article_stems(self, article_id: str) -> frozenset[str]:
        """Every stem one article uses; worked out when first asked for, not at start-up."""
        found = self._article_stems.get(article_id)
        if found is None:
            start, end = self._article_span[self._article_number[article_id]]
            found = frozenset(term for entry in self.entries[start:end] for term in entry.terms)
            self._article_stems[article_id] = found
        return found

    def article_texts(self, article_id: str) -> tuple[str, ...]:
        """The text of each of an article's passages, in order."""
        start, end = self._article_span[self._article_number[article_id]]
        return tuple(entry.passage.text for entry in self.entries[start:end])

    def title_stems(self, article_id: str) -> frozenset[str]:
        """The stems of an article's title."""
        found = self._title_stems.get(article_id)
        if found is None:
            found = frozenset(analyze(self.articles[self._article_number[article_id]].source.title))
            self._title_stems[article_id] = found
        return found

    def lede_places(self, article_id: str) -> frozenset[str]:
        """The stems of the places an article's first sentence puts its news in ("in Vintaria")."""
        found = self._lede_places.get(article_id)
        if found is None:
            start, end = self._article_span[self._article_number[article_id]]
            text = self.entries[start].passage.text if end > start else ""
            found = frozenset(
                stem
                for span in find_names(text, self.name_hints)
                if word_before(text, span.start) in _SCENE_WORDS
                for stem in analyze(span.text)
            )
            self._lede_places[article_id] = found
        return found

    def article_year(self, article_id: str) -> int | None:
        """The year an article is news of (see ``bot.background``); worked out when first asked for."""
        if article_id not in self._years:
            number = self._article_number[article_id]
            start, end = self._article_span[number]
            named = (year for entry in self.entries[start:end] for year in years_named(entry.passage.text))
            self._years[article_id] = reference_year(self.articles[number].source, self._folder_year, named)
        return self._years[article_id]

    def principal_subject(self, article_id: str) -> frozenset[str]:
        """The names of an article's title that most of its sentences speak of ("Kaspersky").

        Empty when its title names nothing.
        """
        found = self._principal.get(article_id)
        if found is None:
            start, end = self._article_span[self._article_number[article_id]]
            # A lone letter ("U." of "U.S.", "E." of "E. coli") names nothing by itself.
            named = frozenset(term for term in self.state.title_names.get(article_id, ()) if len(term) > 1)
            counts = Counter(term for entry in self.entries[start:end] for term in set(entry.terms) & named)
            most = max(counts.values(), default=0)
            # "Kaspersky" and "US" in an article on Kaspersky leaving the US: both, when the
            # second is named at least half as often as the first.
            found = frozenset(term for term, count in counts.items() if count * 2 >= most)
            self._principal[article_id] = found
        return found

    def articles_from(self, source_ids: Iterable[str]) -> np.ndarray:
        """Which articles (a mask, by article number) come from these sources."""
        chosen = np.zeros(len(self.articles), dtype=bool)
        chosen[[self._article_number[source_id] for source_id in source_ids]] = True
        return chosen

    def articles_naming(self, terms: Iterable[str]) -> np.ndarray:
        """Which articles (a mask, by article number) use any of these stems."""
        naming = np.zeros(len(self.articles), dtype=bool)
        for term in terms:
            naming[self.article_of[self.postings.of(term)[0]]] = True
        return naming

    def topic_passages(self, term: str) -> np.ndarray:
        """The passages of the articles whose subject the term is (see bot.subjects.TOPIC_SHARE)."""
        about = self._articles_about.get(term)
        if not about:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([np.arange(*self._article_span[number]) for number in sorted(about)])

    def is_subject(self, term: str) -> bool:
        """Whether some article is about the term (it names what the question is about)."""
        return term in self._articles_about

    def neighbours(self, position: int) -> list[int]:
        """Positions of the sentences beside this one within the same paragraph."""
        return [int(other) for other in (self.before[position], self.after[position]) if other >= 0]


# The words that put a name as the place news happens in: "will stop receiving updates in Vintaria".
_SCENE_WORDS = frozenset({"in", "across", "throughout"})


def _paragraph_neighbours(entries: Sequence[IndexedPassage]) -> tuple[np.ndarray, np.ndarray]:
    """For each passage, the passage just before and just after it in its paragraph, or -1."""
    before = np.full(len(entries), -1, dtype=np.int64)
    after = np.full(len(entries), -1, dtype=np.int64)
    for position in range(1, len(entries)):
        here, there = entries[position].passage, entries[position - 1].passage
        same_paragraph = there.source.id == here.source.id and there.paragraph == here.paragraph
        if same_paragraph and here.position - there.position == 1:
            before[position] = position - 1
            after[position - 1] = position
    return before, after


def _name_hints(entries: Sequence[IndexedPassage], tokens: Sequence[list[str]]) -> NameHints:
    common: set[str] = set()
    proper: set[str] = set()
    sentences_with: Counter[str] = Counter()
    for entry, written in zip(entries, tokens, strict=True):
        common.update(token for token in written if token.islower())
        proper.update(token for token in written[1:] if token[0].isupper())
        sentences_with.update(set(words(entry.passage.text)))
    # What the articles are about is named in their titles too ("Kaspersky"): a person named
    # in every other sentence of a small folder ("Rosamund Ekwall is to become ...") may be
    # the answer to who.
    titles = {word for title in {entry.passage.source.title for entry in entries} for word in words(title)}
    topic = {word for word, count in sentences_with.items() if count * 4 > len(entries) and word in titles}
    return NameHints(frozenset(common), frozenset(proper), frozenset(topic))


def _close_forms(left: str, right: str) -> bool:
    """Whether two stems are one word's forms: one extends the other by a short ending.

    The shorter must be long enough not to be a different word's start ("wind" is not
    "window", "found" is not "founder"): four letters for a one-letter ending, six for up
    to three letters.
    """
    shorter, longer = sorted((left, right), key=len)
    extra = len(longer) - len(shorter)
    if not longer.startswith(shorter) or extra == 0:
        return False
    return (len(shorter) >= 4 and extra == 1) or (len(shorter) >= 6 and extra <= 3)


def _passages(articles: Sequence[Article]) -> list[IndexedPassage]:
    found: list[IndexedPassage] = []
    for article in articles:
        # Repeats are dropped within an article (a lede or caption printed twice); the same
        # sentence in two articles stays twice, so that both sources can be credited.
        seen: set[str] = set()
        position = 0
        for paragraph_number, paragraph in enumerate(paragraphs(article.body)):
            for sentence in sentences(paragraph):
                key = dedupe_key(sentence)
                # Positions count every sentence, kept or not, so that two passages are
                # adjacent in the article exactly when their positions differ by one.
                position += 1
                if not key or key in seen:
                    continue
                seen.add(key)
                passage = Passage(sentence, article.source, paragraph_number, position)
                found.append(IndexedPassage(passage, tuple(analyze(sentence))))
    return found
