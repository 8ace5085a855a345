"""A knowledge folder that grows: the bundled articles beside invented articles on nearby topics.

``tests/data/nearby/`` holds eight invented test articles (another equipment ban, a
divestment law, sanctions on another firm's executives, layoffs at another security
firm, a guide to switching antivirus products, ...) that share much vocabulary with the
Kaspersky articles; ``tests/data/nearby_questions.jsonl`` asks about them. The floors
below are the figures measured when they were added (issue 9), a question or two lower.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import bundled_with

from bot.answerer import Answerer
from bot.evaluation import grade, load_questions
from bot.knowledge import load_knowledge

NEARBY_DIR = Path(__file__).resolve().parent / "data" / "nearby"


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    return bundled_with(NEARBY_DIR, tmp_path_factory.mktemp("grown"))


def test_nearby_articles_are_valid_test_knowledge() -> None:
    articles = load_knowledge(NEARBY_DIR)
    assert len(articles) == 8
    assert all(article.source.id.startswith("test-") for article in articles)


def test_questions_about_the_nearby_articles(grown: Answerer, question_set_dir: Path) -> None:
    # Measured: 28/48 right first quotes, 14/20 declined; 25/48 and 20/20 with the choice model.
    report = grade(grown, load_questions(question_set_dir / "nearby_questions.jsonl"))
    assert report.answerable == 48
    assert report.hits_at_1 >= 24, report.to_dict()
    assert report.abstained_correctly >= 19, report.to_dict()


def test_public_set_with_nearby_articles_in_the_folder(grown: Answerer, question_set_dir: Path) -> None:
    # Measured: 17/20 and 4/5 (before per-passage support: 16/20 and 3/5). The misses name
    # no company ("How many employees are being laid off?"), and another article answers.
    report = grade(grown, load_questions(question_set_dir / "public_questions.jsonl"))
    assert report.hits_at_1 >= 16, report.to_dict()
    assert report.abstained_correctly >= 4, report.to_dict()


@pytest.mark.parametrize(
    "question",
    [
        "What was Kaspersky's revenue in 2023?",
        "Give me a recipe for chocolate chip cookies",
        "In which city does Kaspersky have its headquarters?",
    ],
)
def test_questions_no_article_answers_are_declined(grown: Answerer, question: str) -> None:
    assert grown.ask(question).answered is False


@pytest.mark.parametrize(
    ("question", "article", "phrase"),
    [
        (
            "Was Eugene Kaspersky sanctioned?",
            "dmr-news-kaspersky-to-shut-down-us-operations",
            "not sanctioned",
        ),
        ("When do Kaspersky updates stop?", None, "September 29"),
        ("Who confirmed the Ridgeline layoffs?", "test-ridgeline-layoffs", "Alicia Dunmore"),
    ],
)
def test_each_question_is_answered_from_its_own_article(
    grown: Answerer, question: str, article: str | None, phrase: str
) -> None:
    answer = grown.ask(question)
    assert answer.answered, question
    first = answer.quotes[0]
    assert phrase in first.text
    if article is not None:
        assert first.source.id == article


def test_a_question_naming_another_firm_is_not_answered_from_kaspersky(grown: Answerer) -> None:
    # Kaspersky's "Eugene Kaspersky, the CEO, was not sanctioned" matches more words, but its
    # article never names Volnatek. Volnatek's own sentence ("imposed sanctions on seven senior
    # executives") is the one chosen, though it never says "CEO" and the choice model declines
    # it (0.43 against 0.56).
    question = "Was Volnatek's CEO sanctioned as well?"
    assessment = grown.assess(question)
    assert assessment is not None
    assert assessment.candidates[0].passage.source.id == "test-ofac-volnatek-executives"
    answer = grown.ask(question)
    assert not answer.answered or answer.quotes[0].source.id == "test-ofac-volnatek-executives"


@pytest.mark.parametrize(
    ("folder", "prefix", "right", "declined"),
    [
        # Each set was written blind and scored first seen (issue 9). nearby3: 16/36 right
        # first quotes, 9/16 declined; 21/36 and 10/16 after the named-subject, count and
        # question-kind work that followed. nearby4 (18/36, 12/16) and nearby5 (15/36, 9/16)
        # were written after that work; nearby6 (20/36, 10/16) after all of it; nearby7
        # (20/36, 9/16) after the agreement work of agreement rounds 7-9; nearby8 (16/36, 8/16)
        # and nearby9 (14/36, 8/16) after the work of agreement rounds 12-13; nearby10 (14/36,
        # 11/16) after that of agreement rounds 14-17; nearby11 (15/36, 9/16) after that of
        # agreement round 18; nearby12 (15/36, 4/16) after that of agreement round 19; nearby13
        # (17/36, 7/16) after that of agreement round 20; nearby14 (12/36, 8/16) before the
        # choice model (12/36 and 13/16 with it), nearby15 (11/36, 9/16) with it half built (8/36
        # and 14/16 with it); nearby16 (16/36, 15/16) by the code its session started with, as
        # it is after that session (the choice model refitted on rounds 7-28 and nearby 1-15);
        # nearby17 (11/36, 13/16), nearby18 (8/36, 16/16) and nearby19 (9/36, 15/16) after it;
        # nearby20 (10/36, 11/16) by the code the session of agreement round 23 started with;
        # nearby21 (12/36, 11/16) by the code the session of agreement round 25 started with;
        # nearby22 (17/36, 15/16) by the code the session of agreement round 27 started with;
        # nearby23 (7/36, 13/16) by the code the session of agreement round 30 started with;
        # nearby24 (8/36, 13/16) by that session's final code (9/36 and 13/16 by the code it
        # started with, and once a ransom was asked in money); nearby25 (14/36, 14/16) by the
        # code the session of agreement round 31 started with (15/36 once a figure in a word
        # English does not know was read as money); nearby26 (11/36, 13/16) by that session's
        # final code, as by the code it started with; nearby27 (18/36, 12/16) by the code the
        # session of agreement round 33 started with; nearby28 (17/36, 15/16) by that session's
        # final code (16/36 and 15/16 by the code it started with); nearby29 (21/36, 12/16, and
        # 25/36, 10/16 with meaning) by the code the session of agreement round 34 started with;
        # nearby30 (10/36, 9/16, and 16/36, 7/16 with meaning) late in that session; nearby31
        # (11/36, 13/16, and 15/36, 11/16 with meaning) by the code the session of agreement
        # round 35 started with; nearby32 (16/36, 13/16, and 17/36, 12/16) by that session's
        # code after round 35's rules; nearby33 (12/36, 12/16, and 19/36, 11/16 with meaning) by
        # the code the session of agreement round 36 started with (14/36 and 12/16 by its final code);
        # nearby34 (14/36, 10/16, and 20/36, 9/16 with meaning) by the code the session of
        # agreement round 37 started with (15/36 and 10/16 once "until when" was answered by the
        # date after "until"); nearby35 (17/36, 11/16, and 21/36, 9/16 with meaning) by the code
        # the session of agreement round 38 started with. The choice model refitted in that
        # session (never on nearby 34-35) left nearby34 at 14/36 and 10/16 lexically, and took
        # nearby35 to 18/36 and 11/16; nearby36 (14/36, 13/16, and 14/36, 12/16 with meaning) by
        # the code the session of agreement round 39 started with; nearby37 (17/36, 11/16, and
        # 17/36, 11/16 with meaning) by the code the session of agreement round 40 started with;
        # nearby38 (18/36, 13/16, and 22/36, 12/16 with meaning) by the code the session of
        # agreement round 41 started with.
        # The floors are today's figures less one.
        ("nearby3", "test3-", 15, 10),
        ("nearby4", "test4-", 15, 15),
        # With the lexical trees refitted in the session of agreement round 38, the older nearby
        # sets are declined less: nearby5 9/16 (13/16 before), nearby7 12/16, nearby9 12/16,
        # nearby12 8/16, nearby13 13/16; their right answers rose (18, 17, 14, 17 and 17).
        ("nearby5", "test5-", 12, 8),
        ("nearby6", "test6-", 13, 14),
        ("nearby7", "test7-", 13, 11),
        ("nearby8", "test8-", 14, 11),
        ("nearby9", "test9-", 9, 11),
        ("nearby10", "test10-", 12, 14),
        ("nearby11", "test11-", 11, 11),
        ("nearby12", "test12-", 12, 7),
        ("nearby13", "test13-", 13, 12),
        ("nearby14", "test14-", 13, 12),
        # 12 declined since a sentence pointing back is weighed with the one before: "How much money
        # did the data broker earn ...?" is answered with the court's order and the fine after it.
        ("nearby15", "test15-", 5, 12),
        ("nearby16", "test16-", 15, 12),  # 13 declined with the choice model refitted in round 38's session
        ("nearby17", "test17-", 10, 12),
        ("nearby18", "test18-", 7, 15),
        ("nearby19", "test19-", 8, 14),
        ("nearby20", "test20-", 9, 10),
        ("nearby21", "test21-", 11, 10),
        ("nearby22", "test22-", 16, 14),
        ("nearby23", "test23-", 7, 12),
        ("nearby24", "test24-", 8, 12),
        ("nearby25", "test25-", 14, 13),
        ("nearby26", "test26-", 10, 12),
        ("nearby27", "test27-", 17, 11),
        ("nearby28", "test28-", 16, 14),
        ("nearby29", "test29-", 20, 9),
        ("nearby30", "test30-", 9, 6),
        ("nearby31", "test31-", 11, 10),  # 11 declined since the same refit
        ("nearby32", "test32-", 15, 12),
        ("nearby33", "test33-", 13, 11),
        ("nearby34", "test34-", 14, 9),
        ("nearby35", "test35-", 17, 10),
        ("nearby36", "test36-", 13, 12),
        ("nearby37", "test37-", 17, 10),  # 18/36 by the acronym and the sentence pointing back
        ("nearby38", "test38-", 17, 12),
    ],
)
def test_questions_about_later_nearby_sets(
    tmp_path: Path, question_set_dir: Path, folder: str, prefix: str, right: int, declined: int
) -> None:
    articles = question_set_dir / folder
    assert all(article.source.id.startswith(prefix) for article in load_knowledge(articles))
    report = grade(
        bundled_with(articles, tmp_path), load_questions(question_set_dir / f"{folder}_questions.jsonl")
    )
    assert report.answerable == 36
    assert report.hits_at_1 >= right, report.to_dict()
    assert report.abstained_correctly >= declined, report.to_dict()


def test_closeness_in_meaning_declines_more_of_a_later_set(tmp_path: Path, question_set_dir: Path) -> None:
    # nearby5 with --meaning: 14/36 right and 12/16 declined, against 15/36 and 9/16 without.
    bundled_with(question_set_dir / "nearby5", tmp_path)
    report = grade(
        Answerer.from_folder(tmp_path, meaning=True),
        load_questions(question_set_dir / "nearby5_questions.jsonl"),
    )
    assert report.hits_at_1 >= 13, report.to_dict()
    assert report.abstained_correctly >= 11, report.to_dict()
