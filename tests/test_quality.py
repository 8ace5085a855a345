"""Answer quality floors on the graded question sets, and the grading itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.answerer import Answerer
from bot.evaluation import (
    EvalQuestion,
    QuestionSetError,
    Report,
    best_threshold,
    grade,
    holds_expected,
    load_questions,
    thresholds_by_merit,
)
from bot.models import Answer, Quote, Source


def _report_text(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)


@pytest.mark.parametrize("meaning", [False, True], ids=["lexical", "with-meaning"])
def test_public_question_set(bundled_answerer: Answerer, question_set_dir: Path, meaning: bool) -> None:
    # With closeness in meaning, the default of the command line and the chat adapters, too.
    answerer = Answerer.from_folder(meaning=True) if meaning else bundled_answerer
    report = grade(answerer, load_questions(question_set_dir / "public_questions.jsonl"))
    assert report.answerable == 20
    assert report.out_of_scope == 5
    assert report.hits_at_1 == report.answerable, _report_text(report)
    assert report.hits_at_3 == report.answerable, _report_text(report)
    assert report.abstained_correctly == 5, _report_text(report)
    assert report.abstention_precision == 1.0, _report_text(report)


def test_chat_question_set(bundled_answerer: Answerer, question_set_dir: Path) -> None:
    # Measured 203/236, 0.894 and 77/79 (abstention precision 0.778) with the choice model
    # (bot/choice.py) as refitted on rounds 7-28 (210/236, 0.928, 77/79 and 0.846 as first
    # fitted); 219/236, 0.970 and 68/79 before it, with the support model alone. The floors
    # sit a question or two below, so that a regression shows and noise does not.
    report = grade(bundled_answerer, load_questions(question_set_dir / "chat_questions.jsonl"))
    assert report.answerable >= 200
    assert report.out_of_scope >= 60
    assert report.hit_at_1 >= 0.85, _report_text(report)
    assert report.hit_at_3 >= 0.88, _report_text(report)
    assert report.abstention_recall >= 0.96, _report_text(report)
    assert report.abstention_precision >= 0.76, _report_text(report)


@pytest.mark.parametrize(
    ("round_number", "right", "declined"),
    [
        # Each round was written blind and scored once before it was tuned on (README,
        # "First-seen rounds"); the floors are today's figures less a question, so that a
        # regression shows. First seen: round 17 42/66 and 16/26, round 18 37 and 23, round 19
        # 42 and 25, round 20 43 and 19, round 21 39 and 18, round 22 37 and 19, round 23 40
        # and 23, round 24 41 and 20, round 25 43 and 20, round 26 44 and 21, round 27 26 and
        # 18, round 28 32 and 17 (both by the code before the choice model: 28 and 23, 31 and
        # 23 with it), round 29 38 and 20 (34 and 23 with the choice model refitted after it),
        # round 30 32 and 23, round 31 39 and 22, round 32 32 and 20, round 33 43 and 22, round
        # 34 33 and 22, round 35 35 and 24, round 36 38 and 24, round 37 29 and 26, round 38 40
        # and 23, round 39 38 and 22, round 40 39 and 23 (40 once a misspelt noun was repaired
        # before the kind of answer was read), round 41 39 and 22, round 42 38 and 22, round 43
        # 40 and 22, round 44 43 and 24, round 45 41 and 24, round 46 44 and 24, round 47 44 and
        # 21, round 48 45 and 18, round 49 43 and 22. The choice model refitted in the session
        # of agreement round 38 (never on rounds 45-46) took round 45 to 45 and 22, round 46 to
        # 47 and 23; round 39's rules took round 47 to 44 and 22.
        (17, 42, 20),
        (18, 37, 23),
        (19, 43, 24),
        (20, 37, 24),
        (21, 39, 19),
        (22, 37, 22),
        (23, 36, 24),
        (24, 35, 23),
        (25, 42, 21),
        (26, 39, 21),
        (27, 26, 21),  # 22 declined with the refitted trees of agreement round 38's session
        (28, 30, 24),
        (29, 33, 20),  # 21 declined with the choice model refitted in agreement round 38's session
        (30, 31, 22),
        (31, 38, 21),
        (32, 31, 19),
        (33, 42, 21),
        (34, 34, 21),
        (35, 34, 23),
        (36, 37, 23),
        (37, 28, 25),
        (38, 39, 22),
        (39, 37, 21),
        (40, 39, 22),
        (41, 38, 21),
        (42, 37, 21),
        (43, 39, 21),
        (44, 43, 23),
        (45, 44, 21),
        (46, 46, 22),
        (47, 43, 21),
        (48, 46, 17),  # 47 and 18 once a sentence pointing back was weighed with the one before
        (49, 42, 21),
    ],
)
def test_first_seen_rounds_keep_their_figures(
    bundled_answerer: Answerer, question_set_dir: Path, round_number: int, right: int, declined: int
) -> None:
    report = grade(
        bundled_answerer, load_questions(question_set_dir / "rounds" / f"round{round_number}.jsonl")
    )
    assert report.answerable == 66
    assert report.hits_at_1 >= right, _report_text(report)
    assert report.abstained_correctly >= declined, _report_text(report)


# --- the grader ---------------------------------------------------------------------------

SOURCE = Source(id="s", title="T")


class _Canned:
    """Answers from a fixed table: a stand-in for the answerer, to test the grader alone."""

    def __init__(self, quotes: dict[str, list[str]]) -> None:
        self.quotes = quotes

    def ask(self, question: str) -> Answer:
        texts = self.quotes.get(question, [])
        quotes = tuple(Quote(text=text, score=1.0, source=SOURCE) for text in texts)
        return Answer(question=question, answered=bool(quotes), quotes=quotes)


def test_grade_counts_ranks_and_abstentions() -> None:
    questions = [
        EvalQuestion("first", "q1", ("alpha",)),
        EvalQuestion("second", "q2", ("beta",)),
        EvalQuestion("missed", "q3", ("gamma",)),
        EvalQuestion("abstained", "q4", ("delta",)),
        EvalQuestion("out-ok", "q5", ()),
        EvalQuestion("out-answered", "q6", ()),
    ]
    canned = _Canned(
        {
            "q1": ["Alpha here.", "beta"],
            "q2": ["nothing", "BETA there"],
            "q3": ["nothing", "still nothing"],
            "q6": ["an answer anyway"],
        }
    )
    report = grade(canned, questions)
    assert (report.answerable, report.out_of_scope) == (4, 2)
    assert (report.hits_at_1, report.hits_at_3) == (1, 2)
    assert report.mrr == pytest.approx((1 + 0.5) / 4)
    assert (report.abstained, report.abstained_correctly) == (2, 1)
    assert report.abstention_precision == pytest.approx(0.5)
    assert report.abstention_recall == pytest.approx(0.5)
    assert {miss.question.id for miss in report.misses} == {"second", "missed", "abstained", "out-answered"}


def test_the_best_threshold_weighs_each_set_and_each_side_alike() -> None:
    # Right answers at 0.7 and 0.8, out-of-scope questions at 0.3 and 0.45: a threshold
    # between answers both and declines both.
    separable = [(True, True, 0.7), (True, True, 0.8), (False, False, 0.3), (False, False, 0.45)]
    assert 0.45 < best_threshold([separable]) <= 0.7
    # Each side counts as a share, not a count: answering the one answerable question (1/1)
    # and declining one out-of-scope question of ten (1/10) beats declining all ten (10/10)
    # and answering nothing.
    shares = [(True, True, 0.6), (False, False, 0.2), *[(False, False, 0.9)] * 9]
    assert 0.2 < best_threshold([shares]) <= 0.6
    # A wrong first quote is no right answer, however sure: the lowest threshold that declines.
    assert 0.2 < best_threshold([[(True, False, 0.9), (False, False, 0.2)]]) < 0.22


def test_thresholds_come_best_first_the_best_being_best_threshold() -> None:
    separable = [(True, True, 0.7), (True, True, 0.8), (False, False, 0.3), (False, False, 0.45)]
    ordered = thresholds_by_merit([separable])
    assert ordered[0] == best_threshold([separable])
    assert len(ordered) == len(set(ordered)) == 91
    # A threshold that declines a right answer (above 0.7) comes after every one that does not.
    assert all(threshold <= 0.7 for threshold in ordered[: ordered.index(0.71)])


def test_holds_expected_folds_quotes_case_and_spaces() -> None:
    assert holds_expected("a “first of its kind”  ban", ['First of its kind" ban'])
    assert holds_expected("Kaspersky’s products", ["kaspersky's"])
    assert not holds_expected("September 29", ["July 20"])


def test_load_questions_reads_records(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(
        '{"id": "a", "question": "When?", "expect": ["x"]}\n\n{"question": "Off topic?"}\n'
        '{"question": "Also off topic?", "expect": null}\n',
        encoding="utf-8",
    )
    first, second, third = load_questions(path)
    assert (first.id, first.question, first.expect, first.answerable) == ("a", "When?", ("x",), True)
    assert (second.id, second.expect, second.answerable) == ("3", (), False)
    # No phrase expected, written null, is a question to decline too.
    assert (third.expect, third.answerable) == ((), False)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"id": "a", "question": "When?"\n', ":1: not a question record"),
        ('{"id": "a"}\n', ":1: not a question record"),
        ('\n["a list"]\n', ":2: not a question record"),
        ('{"question": 5}\n', "'question' must be text"),
        ('{"question": "When?", "expect": [1]}\n', "'expect' must be a list of phrases"),
        ("\n\n", "no questions"),
    ],
)
def test_broken_question_set_names_file_and_line(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(QuestionSetError) as caught:
        load_questions(path)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_missing_question_set_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(QuestionSetError, match="cannot be read"):
        load_questions(tmp_path / "nope.jsonl")


def test_expect_given_as_a_string_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text('{"question": "When?", "expect": "September 29"}\n', encoding="utf-8")
    with pytest.raises(QuestionSetError):
        load_questions(path)
