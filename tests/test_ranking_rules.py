"""What a question asks for decides which passage answers: counts and amounts.

Each test builds a small folder of invented articles in which a passage that shares as
many words with the question does not answer it, and checks that the one that does is
ranked first. (Named subjects are tested on the nearby folder, in test_nearby.py.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from bot.answerer import Answerer
from bot.extract import counts
from bot.names import names_a_public_body, names_a_public_body_in
from bot.spans import Span
from bot.text import stem

MakeAnswerer = Callable[[Path, Iterable[Mapping[str, Any]]], Answerer]


def _first(answerer: Answerer, question: str) -> str:
    """The passage ranked first (whether banbot then answers is the support model's call)."""
    assessment = answerer.assess(question)
    assert assessment is not None, question
    return answerer.quoted_text(assessment.candidates[0])


def _one_article(tmp_path: Path, make_answerer: MakeAnswerer, *paragraphs: str) -> Answerer:
    return make_answerer(tmp_path, [{"id": "article", "body": "\n\n".join(paragraphs)}])


def _counted(*nouns: str) -> frozenset[str]:
    return frozenset(stem(noun) for noun in nouns)


def test_a_count_may_stand_apart_after_its_noun() -> None:
    sentence = "The largest share of cameras, about 870, is at the flagship campus."
    start = sentence.index("about 870")
    assert counts(sentence, Span("about 870", start, start + len("about 870")), _counted("camera"))


def test_a_count_is_not_of_a_noun_well_before_it() -> None:
    sentence = "Cameras were bought in 2019 and about 870 guards watch them."
    start = sentence.index("about 870")
    assert not counts(sentence, Span("about 870", start, start + len("about 870")), _counted("camera"))


def test_the_noun_after_another_count_is_that_counts() -> None:
    # "How many sheep were killed?": "Two dogs" counts dogs, and "27 sheep" the sheep.
    sentence = "Two dogs killed 27 sheep in an attack at Low Garth Farm."
    assert not counts(sentence, Span("Two dogs", 0, len("Two dogs")), _counted("sheep"))
    start = sentence.index("27 sheep")
    assert counts(sentence, Span("27 sheep", start, start + len("27 sheep")), _counted("sheep"))
    assert counts("Two hungry dogs", Span("Two", 0, 3), _counted("dog"))


def test_a_count_of_part_of_the_whole_a_sentence_opens_with() -> None:
    # "Of the 5,900 runners who set off, 4,812 completed the marathon": 4,812 runners.
    sentence = "Of the 5,900 runners who set off on Sunday, 4,812 completed the marathon."
    start = sentence.index("4,812")
    assert counts(sentence, Span("4,812", start, start + len("4,812")), _counted("runner"))
    other = "Despite the heat on Sunday, 4,812 completed the marathon."
    start = other.index("4,812")
    assert not counts(other, Span("4,812", start, start + len("4,812")), _counted("runner"))


def test_a_crowd_of_so_many_counts_people() -> None:
    sentence = "A crowd of 6,850 saw Ruddock Town win the final."
    start = sentence.index("6,850")
    assert counts(sentence, Span("6,850", start, start + len("6,850")), _counted("spectators", "people"))
    staff = "The company has a workforce of 2,300."
    start = staff.index("2,300")
    assert not counts(staff, Span("2,300", start, start + len("2,300")), _counted("jobs", "people"))


def test_a_count_by_the_name_asked_about() -> None:
    # "How many Yunmai cameras": the article counts "Yunmai devices".
    sentence = "An audit found that 312 Yunmai devices still ran factory passwords."
    start = sentence.index("312")
    assert counts(sentence, Span("312", start, start + 3), _counted("camera") | {"yunmai"})
    # Another name right after the count is not the one asked about.
    assert not counts(sentence, Span("312", start, start + 3), _counted("camera") | {"hikari"})


@pytest.mark.parametrize(
    ("paragraphs", "question", "expected"),
    [
        pytest.param(
            (
                "Orvane confirmed the layoffs on Monday, a spokesperson said.",
                "The layoffs will affect 212 employees at its Denver office.",
            ),
            "How many layoffs?",
            "212 employees",
            id="how_many_layoffs_is_answered_by_a_count_of_employees",
        ),
        pytest.param(
            (
                "Corvel Fitness will shut 23 locations by the end of February, the gym chain said.",
                "Corvel, founded in 2011, operates about 140 gyms nationwide.",
            ),
            "How many gyms is Corvel Fitness closing?",
            "23 locations",
            id="places_of_business_are_counted_in_their_units",
        ),
        pytest.param(
            (
                "The broker sold location data, the regulator said.",
                "It gathered location pings from about 38 million phones.",
            ),
            "From how many handsets did the broker gather location data?",
            "38 million phones",
            id="a_count_of_a_noun_the_folder_never_uses_takes_any_count",
        ),
        pytest.param(
            (
                "About 25,000 people attended last year's Wrenhaven Lantern Festival along the canal.",
                "This year the festival will be held on 14 September, organisers said.",
            ),
            "What date is the Wrenhaven Lantern Festival this year?",
            "14 September",
            id="a_date_ahead_is_not_answered_by_one_behind",
        ),
        pytest.param(
            (
                "Acme had already been banned from federal networks in 2017, a decision it contested.",
                "Existing Acme customers will stop receiving updates on September 29.",
            ),
            "I have Acme already in my computer, until which date it will receive the updates?",
            "September 29",
            id="already_in_the_askers_words_does_not_ask_about_the_past",
        ),
    ],
)
def test_the_passage_holding_what_is_asked_for_is_ranked_first(
    tmp_path: Path, make_answerer: MakeAnswerer, paragraphs: tuple[str, ...], question: str, expected: str
) -> None:
    answerer = _one_article(tmp_path, make_answerer, *paragraphs)
    assert expected in _first(answerer, question)


def test_the_day_it_was_told_is_not_the_day_it_happens(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    answerer = _one_article(
        tmp_path,
        make_answerer,
        "Voters in Pennock will go to the polls on June 3 to decide on the merger, "
        "the town council confirmed on Monday.",
    )
    assessment = answerer.assess("On what date will Pennock vote in the town merger referendum?")
    assert assessment is not None
    assert (assessment.candidates[0].answer or "").startswith("June 3")
    # Asked when it was told, the day of the telling is the answer.
    told = answerer.assess("When did the town council confirm the Pennock vote?")
    assert told is not None
    assert told.candidates[0].answer == "Monday"


def test_a_count_of_part_of_a_whole_by_a_model_number(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    answerer = _one_article(
        tmp_path,
        make_answerer,
        "Tessarine makes the Arcus-7 processor, which 40 carmakers use.",
        "Tessarine sold about 18,000 of its Arcus-7 processors to Kelmont Trading, the ministry said.",
    )
    question = "How many Arcus-7 processors did Tessarine sell to Kelmont Trading?"
    assert "about 18,000 of its" in _first(answerer, question)
    assert answerer.ask(question).answer == "about 18,000"


def test_how_much_it_costs_is_answered_in_money(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    answerer = _one_article(
        tmp_path,
        make_answerer,
        "Tearing out the cameras will cost 312 staff hours, the campus said.",
        "Removing the cameras is expected to cost about $4.2 million.",
    )
    assert "$4.2 million" in _first(answerer, "How much will tearing out the cameras cost?")
    # "By how much" a fare rises may be a share, not money.
    fares = make_answerer(
        tmp_path / "fares",
        [{"id": "fares", "body": "Greystone Transit will raise bus fares by 15% starting in January."}],
    )
    assert "15%" in _first(fares, "By how much will Greystone Transit raise bus fares?")
    # How many there are of what the question names is not the amount asked.
    rents = make_answerer(
        tmp_path / "rents",
        [
            {
                "id": "rents",
                "body": "Stanmoor District Council will raise rents for its 4,300 council homes by 7%"
                " from April.",
            }
        ],
    )
    rise = rents.ask("By how much will Stanmoor District Council raise rents for its council homes?")
    assert rise.answer == "7%"
    # What will be is not last year's figure, however near the question's words it stands.
    rise = make_answerer(
        tmp_path / "rise",
        [
            {
                "id": "rise",
                "body": "Fares on Kestrelway Buses will rise by an average of 6.5% from April 5, after a 4%"
                " increase last spring, the company said.",
            }
        ],
    )
    assert rise.ask("By how much will Kestrelway Buses raise its fares in April?").answer == "6.5%"
    # ... but an amount of what it names is: "41mm of rain", asked how much rain fell.
    rain = make_answerer(
        tmp_path / "rain",
        [{"id": "rain", "body": "Storm Corisande dumped 41mm of rain on Wymbourne in 24 hours on Sunday."}],
    )
    assert rain.ask("How much rain fell in Wymbourne during Storm Corisande?").answer == "41mm of rain"


def test_what_a_place_can_take_is_counted_in_beds_or_seats(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    answerer = _one_article(
        tmp_path,
        make_answerer,
        "Hensby counted 140 people sleeping rough on a single night last autumn, up from 96 the year before.",
        "A new night shelter for rough sleepers will open on Tanyard Road in Hensby next month with 72 beds.",
    )
    question = "How many people will the Tanyard Road night shelter be able to sleep?"
    assert "72 beds" in _first(answerer, question)
    # Asked what was, last autumn's count answers.
    assert "140 people" in _first(answerer, "How many people were sleeping rough in Hensby last autumn?")
    # What something sold for is money too, not how long it stood empty.
    mill = make_answerer(
        tmp_path / "mill",
        [
            {
                "id": "mill",
                "body": "The mill, empty for 30 years, sold at auction for £1.15 million on Wednesday.",
            }
        ],
    )
    assert mill.ask("How much did the mill sell for at auction?").answer == "£1.15 million"


def test_a_names_other_form_says_it(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    # The articles write both "Valdria's" and "Valdrian": either form says the other.
    answerer = _one_article(
        tmp_path,
        make_answerer,
        "Valdria's cyber agency ordered all government employees to uninstall Quillo within 14 days.",
        "Valdrian ministers met on Tuesday.",
    )
    assessment = answerer.assess("How long do Valdrian government employees have to remove Quillo?")
    assert assessment is not None
    (valdrian,) = [word for word in assessment.analysis.core if word.stem == stem("Valdrian")]
    assert (stem("Valdria"),) in valdrian.alternatives


def test_a_who_question_is_not_answered_by_a_sentence_naming_no_one(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    answerer = _one_article(
        tmp_path,
        make_answerer,
        "The Treasury sanctioned several senior executives of the security firm on Friday.",
        "The firm said it would appeal against the decision in the courts.",
    )
    assert answerer.ask("Who exactly were the senior executives the Treasury sanctioned?").quotes == ()
    named = _one_article(
        tmp_path / "named",
        make_answerer,
        "The Treasury sanctioned senior executive Ilsa Varnholt of the security firm on Friday.",
    )
    answer = named.ask("Who was the senior executive the Treasury sanctioned?")
    assert "Ilsa Varnholt" in answer.quotes[0].text


@pytest.mark.parametrize(
    ("name", "public"),
    [
        ("the U.S. Commerce Department", True),
        ("the Health Ministry", True),
        ("FCC", True),
        ("Washington, D.C.", False),
        ("Kaspersky", False),
        ("US", False),
    ],
)
def test_a_public_body_is_named_as_one(name: str, public: bool) -> None:
    assert names_a_public_body(name) is public


def test_a_name_ending_a_public_bodys_name_names_it() -> None:
    sentence = "The Ministry of Health has ordered residents of Lowmere to boil their tap water."
    assert names_a_public_body_in(sentence, Span("Health", 16, 22))
    assert not names_a_public_body_in(sentence, Span("Lowmere", 48, 55))


def test_which_agency_is_answered_only_by_a_public_body(bundled_answerer: Answerer) -> None:
    # Round 48's out-of-scope question was answered with a sentence naming only "Russian"
    # hackers and a "U.S." contractor: no agency the contractor worked for.
    question = (
        "I'm researching a podcast episode about the 2017 incident. I know Russian hackers stole"
        " classified documents from a contractor's computer. Which government agency did that"
        " contractor work for?"
    )
    assert not bundled_answerer.ask(question).answered
    answer = bundled_answerer.ask(
        "Which government department issued the ban on Kaspersky's antivirus software?"
    )
    assert answer.answer == "Commerce Department"
