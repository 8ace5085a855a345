"""The fast path gives rank-bm25's scores and the same answers as scoring every passage.

Answering reads each question term's postings instead of asking rank-bm25 to walk every
passage. These tests hold the fast path to the definition: the same per-term scores as
``BM25Plus.get_scores``, the same related word forms as a scan of the whole vocabulary,
and the same answers as an answerer whose term scores come from ``get_scores`` itself.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Plus

from bot.answerer import Answerer
from bot.index import BM25_B, BM25_DELTA, BM25_K1, PassageIndex, _close_forms
from bot.knowledge import bundled_knowledge_dir

DATA_DIR = Path(__file__).resolve().parent / "data"
QUESTION_SETS = (
    "public_questions.jsonl",
    "chat_questions.jsonl",
    "rounds/round7.jsonl",
    "nearby_questions.jsonl",
)


def _grown_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "grown"
    folder.mkdir()
    bundled = bundled_knowledge_dir()
    for path in [*bundled.glob("*.md"), bundled / "vocabulary.yaml", *(DATA_DIR / "nearby").glob("*.md")]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module", params=["bundled", "grown"])
def answerer(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    if request.param == "bundled":
        return Answerer.from_folder(bundled_knowledge_dir())
    return Answerer.from_folder(_grown_folder(tmp_path_factory.mktemp("fast")))


def _reference_bm25(index: PassageIndex) -> BM25Plus:
    corpus = [list(entry.terms) or ["\x00"] for entry in index.entries]
    return BM25Plus(corpus, k1=BM25_K1, b=BM25_B, delta=BM25_DELTA)


def _questions() -> list[str]:
    return [
        json.loads(line)["question"]
        for name in QUESTION_SETS
        for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_postings_give_rank_bm25_scores_for_every_term(answerer: Answerer) -> None:
    index = answerer.index
    bm25 = _reference_bm25(index)
    for term in index.document_frequency:
        expected = bm25.get_scores([term]) - bm25.idf.get(term, 0.0) * BM25_DELTA
        assert np.array_equal(index.term_scores(term), expected), term


def test_a_term_no_passage_holds_scores_nothing(answerer: Answerer) -> None:
    passages, weights = answerer.index.postings.of("zorblaxian")
    assert len(passages) == len(weights) == 0
    assert not answerer.index.term_scores("zorblaxian").any()


def test_related_forms_match_a_scan_of_the_whole_vocabulary(answerer: Answerer) -> None:
    index = answerer.index
    unknown = {"riski", "scrutin", "employe", "updatez", "sanctionz", "compan", "kasperskyz", "ban"}
    for term in unknown:
        expected = sorted(
            known
            for known in index.document_frequency
            if term not in index.document_frequency and len(term) >= 4
            if _close_forms(known, term)
        )
        assert sorted(index.related_stems(term)) == expected, term


def test_answers_are_the_same_as_scoring_every_passage(answerer: Answerer) -> None:
    # The reference: each term's scores from rank-bm25 walking every passage.
    reference = Answerer(answerer.articles, vocabulary=answerer.vocabulary)
    bm25 = _reference_bm25(reference.index)

    def walk_every_passage(term: str) -> tuple[np.ndarray, np.ndarray]:
        scores = bm25.get_scores([term]) - bm25.idf.get(term, 0.0) * BM25_DELTA
        held = np.flatnonzero(scores)
        return held, scores[held]

    reference.index.postings.of = walk_every_passage  # type: ignore[method-assign]
    for question in _questions():
        assert answerer.ask(question) == reference.ask(question), question
