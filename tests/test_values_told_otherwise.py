"""Values told in other ways (an ordinal date, "nearly £190,000", hectares for acres), the value a
question's own word leads, and figures that belong to other things: another round, another
year's news, a figure the other article gives too."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import found_note

from bot.amounts import amounts_compatible
from bot.answerer import Answerer
from bot.asking import counted_noun, in_money
from bot.extract import find_dates, find_numbers, short_answer
from bot.models import AnswerType
from bot.periods import period_asked
from bot.ranking import _led_by
from bot.sources import SourceComparer, _said_only_as_another
from bot.text import words

MakeAnswerer = Callable[[Path, Iterable[Mapping[str, Any]]], Answerer]


def _article(article_id: str, title: str, body: str, published: date) -> dict[str, Any]:
    return {
        "id": article_id,
        "title": title,
        "publisher": f"{article_id} News",
        "published": published,
        "body": body,
    }


@pytest.mark.parametrize(
    ("sentence", "span", "answer"),
    [
        ("It opens its doors at noon on Friday 3rd October.", "3rd October", "3rd October, 2025"),
        ("The hall opens on the 3rd of October 2025.", "3rd of October 2025", "3rd of October 2025"),
        ("The hall opens on Friday 3 October.", "3 October", "3 October, 2025"),
    ],
)
def test_a_day_before_its_month_may_be_an_ordinal(sentence: str, span: str, answer: str) -> None:
    dates = [found for found in find_dates(sentence) if found.text != "at noon"]
    assert [found.text for found in dates] == [span]
    assert short_answer(AnswerType.DATE, dates[0], date(2025, 9, 1)) == answer
    assert find_numbers(sentence) == []  # "3rd" of "3rd October" is no count


def test_a_bound_before_a_currency_sign_belongs_to_the_sum() -> None:
    assert [span.text for span in find_numbers("They need to find nearly £190,000 to recast the bells.")] == [
        "nearly £190,000"
    ]
    assert [span.text for span in find_numbers("It raised more than $2.1 billion.")] == [
        "more than $2.1 billion"
    ]
    # "hand over" takes "over" as its particle: the sum handed over is no bound.
    assert [span.text for span in find_numbers("They handed over £86m to the club.")] == ["£86m"]
    assert amounts_compatible("£186,000", "nearly £190,000") is True


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("Twelve hectares", "about 30 acres", True),
        ("12 hectares", "30 acres", True),  # 29.7 acres, rounded
        ("12 hectares", "40 acres", False),
        ("41mm", "4.1cm", True),
        ("5 miles", "8km", None),  # a route's length against a depth, as often as not
    ],
)
def test_an_area_in_hectares_may_be_told_in_acres(first: str, second: str, expected: bool | None) -> None:
    assert amounts_compatible(first, second) is expected


@pytest.mark.parametrize(
    ("question", "led_by"),
    [
        ("By how much are mooring fees at Brackenhythe harbour going up in 2026?", "by"),
        ("What price did Coldharbour Hall sell for at auction?", "for"),
        ("What did the house sell for?", "for"),
        ("How much was the fare raised to?", "to"),
        ("How much did it cost?", None),
    ],
)
def test_the_word_a_question_leads_its_value_with(question: str, led_by: str | None) -> None:
    assert _led_by(" ".join(words(question))) == led_by


def test_by_how_much_is_answered_by_the_figure_after_by(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    # Nearer "mooring" stands £1,150, the charge before the rise; "by 12%" is the rise, a share
    # though the question asks about fees.
    body = (
        "Mooring fees at Brackenhythe harbour will go up by 12% from 1 January, the harbour"
        " commissioners have confirmed, taking the annual charge for a yacht on a swinging mooring"
        " from £1,150 to £1,288."
    )
    answerer = make_answerer(tmp_path, [_article("fees", "Mooring fees to rise", body, date(2025, 12, 2))])
    answer = answerer.ask("By how much are mooring fees at Brackenhythe harbour going up?")
    assert answer.answer == "12%"


def test_a_semi_final_is_not_the_final() -> None:
    sentence = (
        "Holders Kellyvean reached the semi-finals on Saturday, beating Polgarrow 26-7 in the quarter-finals."
    )
    assert _said_only_as_another(sentence) == {"final"}
    assert (
        _said_only_as_another("Trethowan won the final after losing in the semi-finals last year.") == set()
    )
    assert _said_only_as_another("The vice-chair, Ann Roe, said the chair would stand down.") == set()


def test_a_quarter_final_score_does_not_differ_from_the_final_score(
    tmp_path: Path, make_answerer: MakeAnswerer, question_set_dir: Path
) -> None:
    # "Holders Kellyvean reached the semi-finals ..., beating Polgarrow 26-7 in the
    # quarter-finals" spoke of "the final" to the comparing of sources, and differed from the
    # final's 29-14.
    cases = yaml.safe_load((question_set_dir / "agreement_cases_round38.yaml").read_text(encoding="utf-8"))
    case = next(case for case in cases if case["id"] == "r38-neither-rugby-sevens-final-score")
    assert found_note(make_answerer(tmp_path, case["articles"]), case["question"]) == "neither"


def test_a_rise_from_january_told_in_december_is_next_years(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    # A sentence naming no year tells its article's news, or, when it tells what will happen,
    # the next year's: "from 1 January", in December, is 2026.
    articles = [
        _article(
            "harbour",
            "Harbour confirms mooring rise",
            "Mooring fees at Brackenhythe harbour will go up by 12% from 1 January, the harbour"
            " commissioners have confirmed.",
            date(2025, 12, 2),
        ),
        _article(
            "owners",
            "Yacht owners angry at steep rise",
            "Yacht owners at Brackenhythe are up in arms after the harbour commissioners announced that"
            " mooring fees will rise by eighteen per cent in 2026.",
            date(2025, 12, 9),
        ),
    ]
    answerer = make_answerer(tmp_path, articles)
    assert (
        found_note(answerer, "By how much are mooring fees at Brackenhythe harbour going up in 2026?")
        == "differ"
    )


@pytest.mark.parametrize(
    "question",
    [
        # "lay off 340 employees" against the sale's "All 210 employees will be offered jobs at
        # Tamberlyn": the layoff report gives the 210 too ("do not include the 210 staff").
        "How many employees is Sorrelwick laying off in Ondravia?",
        # Asked when "it" (the research centre of the asker's own words) closes, the ban's date
        # for the end of updates is no other date for the closure: the closures' report gives it
        # too, for refunds.
        "I'm a malware analyst and was thinking about applying to Sorrelwick's research centre in"
        " Fallowby because I admire their work. A friend told me it might be shutting down soon."
        " When is it closing?",
    ],
)
def test_a_value_the_other_article_gives_too_tells_of_something_else(
    question_set_dir: Path, question: str
) -> None:
    answer = Answerer.from_folder(question_set_dir / "nearby35").ask(question)
    assert answer.answered and not answer.differing, answer.note


def test_a_misspelt_counted_noun_is_counted_as_repaired(bundled_answerer: Answerer) -> None:
    # "How many contries": the search repairs it to "countries", and so does what is counted,
    # so "several senior Kaspersky executives" is no count of countries.
    analysis = bundled_answerer.analyze("How many contries does Kaspersky sell its prodcuts in?")
    assert counted_noun(analysis, frozenset({"kasperski"}))[0] == "countri"


def test_a_count_on_board_is_what_the_vehicle_carried(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    # "with 41 people on board" is how many the coach carried, not how many were hurt.
    body = (
        "Seventeen people were injured when a coach overturned at Gallion's Bend on Saturday.\n\n"
        "The coach, with 41 people on board, left the road on the sharp bend."
    )
    answerer = make_answerer(tmp_path, [_article("crash", "Coach overturns", body, date(2025, 8, 25))])
    analysis = answerer.analyze("How many people were injured when a coach overturned at Gallion's Bend?")
    candidates = answerer._ranker.rank(analysis, answerer._ranker.anchor_stems(analysis))
    comparer = SourceComparer(answerer.index, answerer.tuning.short_answer_distance)
    loads = {
        candidate.answer: comparer.statement(
            candidate, analysis, frozenset(), frozenset(), ("", frozenset())
        ).load
        for candidate in candidates
        if candidate.answer
    }
    assert loads == {"Seventeen people": False, "41 people": True}


def test_a_period_the_question_names_rules_out_another(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    # Asked "for next year", last year's rise is no other figure for it.
    articles = [
        _article(
            "vote",
            "Westbridge raises tuition",
            "Westbridge University's board of trustees voted on Thursday to raise tuition by 3.8 percent"
            " for the 2025-26 academic year.",
            date(2025, 4, 25),
        ),
        _article(
            "plan",
            "Westbridge proposes tuition rise",
            "Student leaders said a rise would push many students out. Westbridge University raised tuition"
            " by 2.5 percent last year.",
            date(2025, 3, 14),
        ),
    ]
    answerer = make_answerer(tmp_path, articles)
    question = "By how much did the Westbridge University board raise tuition for next year?"
    assert found_note(answerer, question) != "differ"
    assert period_asked(question) == "next year"
    assert period_asked("How much did it raise?") is None


def test_a_british_spelling_is_no_currency() -> None:
    # A word English does not know names a currency of its own ("7.4 million lenvors"); the
    # dictionary lacks "organisations", which is English all the same.
    assert not in_money("14 organisations")
    assert in_money("7.4 million lenvors")
