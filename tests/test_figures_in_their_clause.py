"""Figures read in their clause: pence, a year the clause dates them in, an aside on a name, the
count a "number of" reaches, the thing a count counts, a whole area's figure, and the body a
"which company" question asks for; and the agreement round 40 cases they were found on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import agreement_case, found_note

from bot.agreement import _count_other_things
from bot.amounts import amounts_compatible, same_figure
from bot.answerer import Answerer
from bot.asking import asking_words, in_money
from bot.extract import counts, find_dates, find_numbers, short_answer
from bot.models import AnswerType
from bot.question_kind import answer_type
from bot.ranking import _dated_years_before
from bot.spans import Span, aside_holding
from bot.text import words

MakeAnswerer = Callable[[Path, Iterable[Mapping[str, Any]]], Answerer]


def test_a_sum_in_pence_is_a_sum_of_money() -> None:
    sentence = "Corvanthe is offering 142p a share, a premium of 31% to the closing price of 108p."
    assert [span.text for span in find_numbers(sentence)] == ["142p", "31%", "108p"]
    assert in_money("142p") and not in_money("142")
    assert same_figure("142p", "£1.42")
    assert amounts_compatible("142 pence", "£1.42") is True
    assert amounts_compatible("142p", "£1.40") is False
    # "5pm" is a time of day, not five pence.
    assert [span.text for span in find_numbers("The shop shuts at 5pm.")] == []


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What transfer fee did Dunlish Athletic receive for striker Tobiah Quarshie?", AnswerType.NUMBER),
        ("What late fee applies?", AnswerType.NUMBER),
        ("What is Corvanthe Foods offering per share for Ashenrigg Dairies?", AnswerType.NUMBER),
        ("What did the council say about the parking fine?", AnswerType.OTHER),
    ],
)
def test_an_amount_asked_by_its_kind_or_per_unit(question: str, kind: AnswerType) -> None:
    assert answer_type(words(question)) is kind


def test_money_in_the_askers_context_is_not_what_is_asked() -> None:
    question = (
        "I live in a Band D house and I'm trying to budget for next year. By what percentage is the"
        " council increasing its share of the council tax?"
    )
    assert "budget" not in asking_words(question).split()
    assert asking_words(question).startswith("by what percentage")
    assert asking_words("How much did it cost?") == "how much did it cost"


def test_a_day_next_year_is_in_the_year_after_the_articles() -> None:
    sentence = "The comet will make its closest approach to the Sun on 9 March next year, it said."
    (found,) = find_dates(sentence)
    assert found.text == "9 March next year"
    assert short_answer(AnswerType.DATE, found, date(2025, 10, 14)) == "9 March, 2026"
    (last,) = find_dates("It was spotted on March 3 last year.")
    assert short_answer(AnswerType.DATE, last, date(2025, 10, 14)) == "March 3, 2024"


@pytest.mark.parametrize(
    ("sentence", "value", "aside"),
    [
        (
            "Comet Hallworth-Ives, discovered on 29 September by Gwendolyn Hallworth, will make its"
            " closest approach on 9 March.",
            "29 September",
            True,
        ),
        ("Ashenrigg, which employs 640 people, will close on Friday.", "640 people", True),
        # The main clause after a place that opens the sentence is no aside.
        ("In Tessing, 2,300 homes lost power, the company said.", "2,300 homes", False),
        # Nor is the sentence itself, after the comma closing an earlier aside.
        (
            "Wilhelmina Brannagh, who owns three shops in Wrexford, moved her company in January, after"
            " the price doubled.",
            "in January",
            False,
        ),
        ("Comet Hallworth-Ives will make its closest approach on 9 March.", "9 March", False),
    ],
)
def test_a_clause_set_off_after_a_name_describes_the_name(sentence: str, value: str, aside: bool) -> None:
    start = sentence.index(value)
    assert (aside_holding(sentence, Span(value, start, start + len(value))) is not None) is aside


@pytest.mark.parametrize(
    ("sentence", "value", "counted"),
    [
        ("The number of patients waiting for treatment rose to 18,460 at the end of August.", "18,460", True),
        ("The number of beds stood at 620 in August.", "620", False),
        ("The total of visitors reached about 40,000 this year.", "about 40,000", False),
    ],
)
def test_the_figure_a_number_of_something_reaches_counts_it(sentence: str, value: str, counted: bool) -> None:
    start = sentence.index(value)
    span = Span(value, start, start + len(value))
    assert counts(sentence, span, frozenset({"patient"})) is counted


@pytest.mark.parametrize(
    ("first", "second", "other_things"),
    [
        ("11 estates", "eleven counts", True),
        ("210 staff", "210 employees", False),
        ("£5m", "5m", False),
        ("210", "210 staff", False),
    ],
)
def test_the_same_figure_of_other_things_is_another_count(
    first: str, second: str, other_things: bool
) -> None:
    assert _count_other_things(first, second) is other_things


@pytest.mark.parametrize(
    ("case_id", "expected"),
    [
        # "142p a share" against "£1.42 per share", asked what is offered per share.
        ("r40-agree-dairy-takeover-offer", "agree"),
        # Asked by what percentage, the asker's "budget" asks no sum; "will go up by 4.99 per
        # cent, while the county council is raising its charge by 2.99 per cent" restates 4.99%.
        ("r40-agree-council-tax-rise", "agree"),
        # The day of the discovery in an aside on the comet's name is not its closest approach,
        # and "9 March next year" in a 2025 report is 9 March 2026.
        ("r40-agree-comet-perihelion", "agree"),
        # "beating the 91mph recorded during a storm in February 2014" is no gust of this storm.
        ("r40-agree-storm-strongest-gust", "agree"),
        # "from 11 estates" in the first article does not tell the other's "eleven counts".
        ("r40-differ-solicitor-fraud-counts", "differ"),
        # Which company: "Holtmark Packaging" is a company, though its name does not say so.
        ("r40-differ-paper-mill-buyer", "differ"),
        # "which started on 30 April" dates when the fire began, not one day's burning.
        ("r40-differ-moorland-fire-area", "differ"),
        # "6,400 new homes built across the district" is the district's, not Hemsford's.
        ("r40-neither-local-plan-homes", "neither"),
        # "The existing Kessing tunnel ... charges cars £2.80" tells of another crossing.
        ("r40-neither-crossing-car-toll", "neither"),
    ],
)
def test_what_round_40s_sources_say(
    tmp_path: Path, make_answerer: MakeAnswerer, case_id: str, expected: str
) -> None:
    case = agreement_case(40, case_id)
    assert found_note(make_answerer(tmp_path, case["articles"]), case["question"]) == expected


def test_the_first_quote_of_a_waiting_list_is_the_number_of_patients(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    # "Fenwray General, which has 620 beds, is also under pressure ..., where only 61% of patients
    # were seen within four hours" was quoted: "rose to 18,460" was no count of patients.
    case = agreement_case(40, "r40-differ-hospital-waiting-list")
    answer = make_answerer(tmp_path, case["articles"]).ask(case["question"])
    assert answer.quotes[0].text.startswith("The number of patients waiting for planned treatment")
    assert answer.answer == "18,460"


@pytest.mark.parametrize(
    ("sentence", "value", "dated_before"),
    [
        ("Storm Ilsabet beat the 91mph recorded during a storm in February 2014.", "91mph", True),
        ("Pettigrove joined a Scottish club for £600,000 in 2019.", "£600,000", True),
        # A year that is no time of the figure's, or one it counts from.
        ("A grant of £1.2m will restore the 1908 winding engine.", "£1.2m", False),
        (
            "Calderix has sold about 2.1 million thermostats since entering the market in 2016.",
            "about 2.1 million",
            False,
        ),
        # The year before the report's is still news.
        ("The club lost £780,000 in 2025.", "£780,000", False),
    ],
)
def test_a_figure_its_clause_puts_years_before_its_report_is_history(
    sentence: str, value: str, dated_before: bool
) -> None:
    start = sentence.index(value)
    assert _dated_years_before(sentence, Span(value, start, start + len(value)), 2026) is dated_before
