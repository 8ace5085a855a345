"""Sentences that tell of another thing than the one asked (another festival, another company, a
shortlist, a name someone is not), and values told in ways that still answer: a timetable's
present, a venue that hosts, the year of the news, an exact day."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import agreement_case, found_note

from bot.answerer import Answerer
from bot.events import about_the_same
from bot.extract import find_dates
from bot.names import written_as_place
from bot.spans import Span
from bot.values import day_of, tells_what_will_happen
from bot.wording import name_heads, names_another_of_its_kind

MakeAnswerer = Callable[[Path, Iterable[Mapping[str, Any]]], Answerer]


@pytest.mark.parametrize(
    ("question", "sentence", "another"),
    [
        (
            "When does the 2025 Kilbarrow Book Festival open?",
            "Elsewhere, the Branscombe Words festival ended on Sunday, and the Porthkerry Children's"
            " Book Fair opens on 17 October.",
            True,
        ),
        ("When does the 2025 Kilbarrow Book Festival open?", "The Kilbarrow Book Festival will open.", False),
        ("When does the 2025 Kilbarrow Book Festival open?", "Kilbarrow's festival begins on Friday.", False),
        ("What did the U.S. Commerce Department ban?", "The U.S. Treasury Department sanctioned them.", True),
        # The name's own words, an owner's "'s" and all, are no other board.
        (
            "Does the deal need to be reviewed by Palmarra's Competition Board?",
            "The deal falls below the threshold that would require a review by Palmarra's Competition Board.",
            False,
        ),
        # A sentence's first word is capitalised whatever it is.
        ("When does the Kilbarrow Book Festival open?", "Festival tickets go on sale in May.", False),
    ],
)
def test_a_sentence_may_name_another_thing_of_the_asked_kind(
    question: str, sentence: str, another: bool
) -> None:
    assert names_another_of_its_kind(sentence, name_heads(question)) is another


def test_the_asked_festival_is_quoted_and_agrees_with_its_timetable(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    # The other festivals of "Elsewhere, the Branscombe Words festival ... and the Porthkerry
    # Children's Book Fair opens on 17 October" were quoted as the Kilbarrow festival's opening,
    # its article being about it; and "Kilbarrow's festival begins on Friday", in a report of
    # Monday 29 September, was read as the Friday before.
    case = agreement_case(39, "r39-agree-book-festival-opening")
    answer = make_answerer(tmp_path, case["articles"]).ask(case["question"])
    assert answer.quotes[0].text.startswith("The Kilbarrow Book Festival will open on 3 October")
    assert [source.id for source in answer.quotes[0].agreeing] == ["r39-agree-book-festival-opening-b"]
    assert not answer.differing


@pytest.mark.parametrize(
    ("sentence", "ahead"),
    [
        ("Kilbarrow's festival begins on Friday, when the novelist speaks.", True),
        ("The sale opens on Friday.", True),
        ("The festival began on Friday.", False),
        ("The council said on Friday that the road was shut.", False),
    ],
)
def test_a_timetables_present_tells_what_will_happen(sentence: str, ahead: bool) -> None:
    monday = date(2025, 9, 29)
    expected = date(2025, 10, 3) if ahead else date(2025, 9, 26)
    assert tells_what_will_happen(sentence) is ahead
    assert day_of("Friday", monday, tells_what_will_happen(sentence)) == expected


@pytest.mark.parametrize(
    ("case_id", "expected"),
    [
        # "95 of its 260 staff" of an article on a crystal maker, which names Pellingham Glass
        # only in passing, and "which attracts 40,000 people a year": neither says "Pellingham".
        ("r39-neither-glassworks-job-cuts", "neither"),
        # "Plans for 350 homes ... were approved by the district council's planning committee":
        # decided, though "approved" comes thirteen words after the figure.
        ("r39-differ-housing-scheme-homes", "differ"),
        # "The other shortlisted poets ... were Ifeoluwa Strand" names the other report's winner
        # far from the prize, saying none of the question's words: no agreement that hides the
        # difference.
        ("r39-differ-poetry-prize-winner", "differ"),
        # "Kestle Park, the home of Penwithy Athletic, will host this year's ... final": a venue,
        # and "this year's" in a report of 2026 is the 2026 final asked about.
        ("r39-agree-cup-final-venue", "agree"),
    ],
)
def test_what_another_sentence_tells_of(
    tmp_path: Path, make_answerer: MakeAnswerer, case_id: str, expected: str
) -> None:
    case = agreement_case(39, case_id)
    assert found_note(make_answerer(tmp_path, case["articles"]), case["question"]) == expected


def test_an_abbreviated_month_keeps_its_day() -> None:
    # "from Oct. 3, the Ministry ... said" was read as "from Oct": a month, no day.
    sentence = "The app is banned on state phones from Oct. 3, the Ministry of Digital Affairs said."
    assert [found.text for found in find_dates(sentence)] == ["Oct. 3"]
    assert [found.text for found in find_dates("Prices rose in Oct. and fell in Nov. 2024.")] == [
        "in Oct",
        "in Nov. 2024",
    ]


@pytest.mark.parametrize(
    ("sentence", "name", "place"),
    [
        ("Kestle Park, the home of Penwithy Athletic, will host the final.", "Kestle Park", True),
        ("Ashworth Stadium is to stage the final on 10 May.", "Ashworth Stadium", True),
        ("Greenfield, a village near the coast, flooded.", "Greenfield", True),
        ("Mary Holt, the home secretary, opened the hall.", "Mary Holt", False),
    ],
)
def test_a_name_that_hosts_is_a_place(sentence: str, name: str, place: bool) -> None:
    start = sentence.index(name)
    assert written_as_place(sentence, Span(name, start, start + len(name))) is place


def test_two_articles_that_speak_most_of_one_rare_name_are_about_it() -> None:
    # "Rugby club joins book festival line-up" names only "Rugby", which the other never says,
    # and "The week ahead: festivals, fairs and first novels" names nothing: both speak most of
    # the Kilbarrow festival.
    rugby = frozenset({"rugbi"})
    first_words = frozenset({"rugbi", "kilbarrow", "festiv", "book"})
    second_words = frozenset({"kilbarrow", "festiv", "novel"})
    assert not about_the_same(rugby, first_words, frozenset(), second_words)
    topics = (frozenset({"rugbi", "festiv", "kilbarrow"}), frozenset({"festiv", "kilbarrow"}))
    assert about_the_same(rugby, first_words, frozenset(), second_words, topics=topics)
    # A common word both speak of is no name of one thing.
    common = (frozenset({"rugby", "festival"}), frozenset({"festival"}))
    assert not about_the_same(rugby, first_words, frozenset(), second_words, topics=common)


@pytest.mark.parametrize(
    "question",
    [
        # A name given as one who was not sanctioned, or a body that sanctioned, names none of
        # the executives who were.
        "Name the senior Kaspersky executives who were sanctioned.",
        # ... nor when the question says "penalize" for the sentence's "sanctioned".
        "Which Kaspersky managers did the government penalize? Give their names.",
        # "In 2017" is no day.
        "On what exact date did Russian hackers steal the classified documents?",
    ],
)
def test_a_question_the_sentence_only_seems_to_answer_is_declined(
    bundled_answerer: Answerer, question: str
) -> None:
    answer = bundled_answerer.ask(question)
    assert not answer.answered, answer.quotes[0].text


@pytest.mark.parametrize(
    "question",
    [
        "Which top Kaspersky boss escaped the sanctions?",
        "Which Kaspersky boss was spared from the sanctions?",
    ],
)
def test_asked_who_escaped_the_denial_answers(bundled_answerer: Answerer, question: str) -> None:
    answer = bundled_answerer.ask(question)
    assert answer.answered
    assert answer.quotes[0].text == "Eugene Kaspersky, the CEO, was not sanctioned."
