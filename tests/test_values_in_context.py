"""What a value's sentence says of it: the bound a date marks, a share told as "three in four",
pay told as a time, a name that says which thing rather than where, and the year of the news."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.answerer import Answerer
from bot.asking import asks_for_several, counted_noun, in_money, names_asked
from bot.background import years_named
from bot.extract import find_numbers
from bot.marks import marks_led_by_the_question
from bot.models import AnswerType
from bot.names import NameHints, best_place, find_names
from bot.spans import Span
from bot.values import Told, compatible

MakeAnswerer = Callable[[Path, Iterable[Mapping[str, Any]]], Answerer]


def _article(article_id: str, title: str, body: str, published: date = date(2025, 10, 7)) -> dict[str, Any]:
    return {
        "id": article_id,
        "title": title,
        "publisher": "Test Gazette",
        "published": published,
        "body": body,
    }


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        ("Almost three in four eleven-year-olds in Caddenshire met the standard.", "Almost three in four"),
        ("One out of every five adults said they had switched.", "One out of every five"),
    ],
)
def test_a_share_told_as_so_many_in_so_many_is_one_span(sentence: str, span: str) -> None:
    assert [found.text for found in find_numbers(sentence)] == [span]


def test_a_count_within_a_time_is_no_share() -> None:
    assert [found.text for found in find_numbers("He scored 3 in 10 minutes.")] == ["3", "10 minutes"]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("Seventy-four per cent", "Almost three in four", True),
        ("20%", "one in five", True),
        ("40%", "one in five", False),
        ("a third", "one in three", True),
    ],
)
def test_a_share_in_so_many_is_compared_as_a_percentage(first: str, second: str, expected: bool) -> None:
    published = date(2025, 7, 10)
    told = [Told(value, value, published, frozenset()) for value in (first, second)]
    assert compatible(AnswerType.NUMBER, *told) is expected


def test_pay_for_a_length_of_time_is_a_sum_of_money() -> None:
    spans = find_numbers("Staff who have been with Sablemoor less than a year will receive two months' pay.")
    assert [span.text for span in spans] == ["two months' pay"]
    assert in_money(spans[0].text)
    assert not in_money("two months")


def test_how_much_a_group_raised_counts_no_one(bundled_answerer: Answerer) -> None:
    raised = bundled_answerer.analyze("How much did residents of Great Oxley raise to buy the pub?")
    assert counted_noun(raised, names_asked(raised))[0] == ""
    # As non-native speakers write "how many people".
    people = bundled_answerer.analyze("How much people lost their jobs?")
    assert counted_noun(people, names_asked(people))[0] == "peopl"


def test_two_counts_asked_at_once_are_several_answers(bundled_answerer: Answerer) -> None:
    assert asks_for_several(bundled_answerer.analyze("how many households and businesses in Morwenth use it"))
    assert not asks_for_several(bundled_answerer.analyze("how many households in Morwenth use it"))


@pytest.mark.parametrize(
    ("question", "led"),
    [
        ("Until when can businesses keep getting updates?", {"end"}),
        ("From what date are new sales banned?", {"start"}),
        ("When will the rink open?", set()),
        ("When was it banned by the US?", set()),
    ],
)
def test_a_question_may_ask_a_bound_in_a_dates_own_words(question: str, led: set[str]) -> None:
    assert marks_led_by_the_question(question) == led


def test_asked_when_something_opens_the_day_it_stays_open_until_is_no_answer(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    answerer = make_answerer(
        tmp_path,
        [
            _article(
                "rink",
                "Ice rink back in Abbey Gardens",
                "The outdoor ice rink in Hexworth's Abbey Gardens will open on 21 November and stay open "
                "until 4 January, Hexworth City Council said, the longest season since the rink was first "
                "put up in 2018. Tickets will cost £9.50 for adults.",
            )
        ],
    )
    answer = answerer.ask("When will the outdoor ice rink in Hexworth's Abbey Gardens open this winter?")
    assert answer.answer == "21 November, 2025"


def test_asked_until_when_the_date_after_until_answers(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    answerer = make_answerer(
        tmp_path,
        [
            _article(
                "closure",
                "Ravelspire to close its Lanthorpe centre",
                "The company said it would keep giving its business customers updates from Durnskell until "
                "1 March 2027, the last date for business updates set by the court in May. "
                "About 380 jobs will go.",
            )
        ],
    )
    answer = answerer.ask("Until when can businesses keep getting updates after the court ruling?")
    assert answer.answer == "1 March 2027"


def test_a_name_saying_which_of_the_asked_things_it_is_is_no_place() -> None:
    sentence = (
        "The Burrell traction engine stolen from the rally was recovered from an industrial estate"
        " in Castlewick."
    )
    names = [span for span in find_names(sentence, NameHints()) if span.text in ("Burrell", "Castlewick")]
    near: list[tuple[Span, int]] = [(span, 1 if span.text == "Burrell" else 12) for span in names]
    asked = frozenset({"Where", "was", "the", "traction", "engine", "found"})
    chosen = best_place(sentence, near, asked)
    assert chosen is not None and chosen[0].text == "Castlewick"
    # Without the question's words, the nearer name stays the answer.
    unasked = best_place(sentence, near)
    assert unasked is not None and unasked[0].text == "Burrell"


def test_a_year_a_figure_is_compared_with_does_not_date_the_news() -> None:
    compared = "74% of pupils reached the standard this summer, up from 71% in 2024, figures show."
    assert years_named(compared) == []
    assert years_named("The flood walls were completed in 2009.") == [2009]
