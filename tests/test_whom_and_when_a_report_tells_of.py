"""Whom and when a report tells of: a figure told roughly, a clause of why beside the news, a
person described before being named, another month than the one asked, figures too far apart to
be one, and opposite acts; and the agreement round 41 and nearby 38 cases they were found on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA_DIR, agreement_case, bundled_with, found_note

from bot.amounts import amounts_compatible, far_apart
from bot.answerer import Answerer
from bot.english import opposed_acts
from bot.events import opens_with_a_description
from bot.news_time import calendar_stems

MakeAnswerer = Callable[[Path, Iterable[Mapping[str, Any]]], Answerer]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # "Just under 5 per cent" is a little below five, as 4.99% is.
        ("4.99%", "just under 5 per cent", True),
        ("4.99%", "under 5 per cent", True),
        ("5%", "under 5 per cent", False),
        ("4.2 million pounds", "just over £3.5m", False),
        ("£3.6m", "just over £3.5m", True),
        # A count below 50 is 49 at most; a length more than two years may be two and a half.
        ("fewer than 50 employees", "50 employees", False),
        ("fewer than 50 employees", "49 employees", True),
        ("more than two years", "2.5 years", True),
        ("more than two years", "two years", False),
    ],
)
def test_a_figure_told_as_a_bound_allows_what_lies_within_it(first: str, second: str, expected: bool) -> None:
    assert amounts_compatible(first, second) is expected


def test_a_day_of_the_month_is_when_not_what() -> None:
    assert calendar_stems(frozenset({"3", "septemb", "rain", "2025"})) == {"3", "septemb", "2025"}
    # Without a month, a number is an idea of the question ("12 hours").
    assert calendar_stems(frozenset({"12", "hour", "wait"})) == frozenset()


@pytest.mark.parametrize(
    ("sentence", "describes"),
    [
        ("A man who set fire to the community centre has been jailed for eight years.", True),
        ("The getaway driver in the raid has been jailed for three years.", True),
        ("Lorcan Pettifer was jailed for six years.", False),
        ("The Vellacourt Philharmonic will play in June.", False),
    ],
)
def test_a_sentence_may_open_by_describing_whom_it_tells_of(sentence: str, describes: bool) -> None:
    assert opens_with_a_description(sentence) is describes


@pytest.mark.parametrize(
    ("case_id", "expected"),
    [
        # 4.99% and "just under 5 per cent" are one rise.
        ("r41-agree-council-tax-rise", "agree"),
        # "Almost 90 millimetres ... in a single day on 3 September, as thunderstorms formed over
        # the same part of the Vale": the Vale is where the storms formed, not another subject;
        # and "3 September" against "on Thursday" is when, compared as a day, not a word.
        ("r41-agree-downpour-rainfall", "agree"),
        # "A man who set fire to the Gorsedown community centre ... has been jailed for eight
        # years. Lorcan Pettifer, 37, ...": the man described is the one the next sentence names.
        ("r41-differ-arson-sentence", "differ"),
        # Asked about January 2025, "reached a record in December" tells of another month.
        ("r41-neither-hospital-long-waits", "neither"),
    ],
)
def test_what_round_41s_sources_say(
    tmp_path: Path, make_answerer: MakeAnswerer, case_id: str, expected: str
) -> None:
    case = agreement_case(41, case_id)
    assert found_note(make_answerer(tmp_path, case["articles"]), case["question"]) == expected


def test_a_month_told_with_its_year_is_compared_as_a_year(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    # Asked about the July 2025 heatwave, "breaking the station's previous record of 33.9C set in
    # August 2019" dates the old record; the sentence still tells of July's peak.
    case = agreement_case(34, "r34-agree-heatwave-peak-temperature")
    assert found_note(make_answerer(tmp_path, case["articles"]), case["question"]) == "agree"


@pytest.mark.parametrize(
    ("first", "second", "apart"),
    [
        # Two reports of one count seldom differ tenfold: these count other things.
        ("about 1.9 million people", "120 jobs", True),
        ("210,000 crowns", "up to 5,000 crowns", True),
        ("212 jobs", "180 jobs", False),
        ("£240,000", "£85,000", False),
        # Other units are compared (or not) as units; temperatures as temperatures.
        ("1.9 million people", "£120", False),
        ("3C", "35C", False),
    ],
)
def test_figures_tenfold_apart_count_other_things(first: str, second: str, apart: bool) -> None:
    assert far_apart(first, second) is apart


@pytest.fixture(scope="module")
def grown_with_nearby_38(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    return bundled_with(DATA_DIR / "nearby38", tmp_path_factory.mktemp("nearby38"))


def test_the_opposite_act_is_no_other_figure_for_it(grown_with_nearby_38: Answerer) -> None:
    # "... would open a new customer support centre in Enmoor ... and hire 120 staff" was set
    # against "All 420 of its employees in Kavrendia will lose their jobs".
    answer = grown_with_nearby_38.ask("how many people is cobbleward gonna hire after the quistral deal?")
    assert "hire 120 staff" in answer.quotes[0].text
    assert not answer.differing


def test_each_pair_of_opposed_acts_is_two_apart_groups_of_words() -> None:
    pairs = opposed_acts()
    assert len(pairs) >= 5
    for act, opposite in pairs:
        assert act and opposite
        assert not act & opposite, (act, opposite)
