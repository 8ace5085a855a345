"""When sources agree, differ, or speak of different things: values compared, events told apart."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from conftest import write_knowledge

from bot.agreement import Relation, _about_its_own_answer, _names_the_person, relation
from bot.answerer import Answerer
from bot.background import years_named
from bot.candidates import Candidate
from bot.events import (
    _opens_with_another_place,
    _someone_else,
    _told_of_elsewhere,
    about_the_same,
    same_event,
    value_stems,
)
from bot.knowledge import bundled_knowledge_dir
from bot.marks import date_marker
from bot.models import AnswerType, Passage, Source
from bot.news_time import told_apart_in_time
from bot.sources import _a_change, _appointing, _asks_what_happened, _behind_the_news, _date_marks, _tentative
from bot.spans import WEEKDAY_NAMES, Span
from bot.statement import Statement
from bot.text import analyze
from bot.values import Told, _names_compatible, compatible
from bot.wording import surnames

DATA = Path(__file__).resolve().parent / "data"


def _cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return cases


CASES = _cases("agreement_cases.yaml")
# Rounds 2 on were written without running banbot, and scored before any tuning on them
# (see the README).
ROUNDS = {number: _cases(f"agreement_cases_round{number}.yaml") for number in range(2, 42)}
ALL_CASES = CASES + [case for cases in ROUNDS.values() for case in cases]


def _statement(
    text: str, answer: str, published: date | None = date(2024, 7, 18), **changes: Any
) -> Statement:
    return replace(
        Statement(
            text=text,
            stems=frozenset(),
            concepts=frozenset({"lay", "worker"}),
            asked=frozenset({"lay", "worker"}),
            names=frozenset(),
            answer=answer,
            near=True,
            published=published,
            background=False,
            own=frozenset({"lay", "worker"}),
        ),
        **changes,
    )


def _candidate(text: str, value: str) -> Candidate:
    """A passage of its own with the value as its answer span."""
    start = text.index(value)
    passage = Passage(text=text, source=Source(id="s", title="T"), paragraph=0, position=0)
    return Candidate(0, 1.0, passage, frozenset(), value, 0, span=Span(value, start, start + len(value)))


@pytest.mark.parametrize(
    ("kind", "first", "second", "expected"),
    [
        (AnswerType.NUMBER, "212 workers", "180 workers", Relation.DIFFER),
        (AnswerType.NUMBER, "212 jobs", "about 200 jobs", Relation.AGREE),
        (AnswerType.NUMBER, "fewer than 50 employees", "dozens of employees", Relation.AGREE),
        # A bound and a figure far beyond it may both be true, but state no one figure.
        (AnswerType.NUMBER, "At least 320 workers", "Some five hundred workers", Relation.UNRELATED),
        (AnswerType.NUMBER, "at least 320 workers", "about 350 workers", Relation.AGREE),
        (AnswerType.NUMBER, "$4 million", "$2.5 million", Relation.DIFFER),
        (AnswerType.NUMBER, "18 percent", "212 employees", Relation.UNRELATED),
        (AnswerType.DATE, "Sept. 29, 2024", "September 29", Relation.AGREE),
        (AnswerType.DATE, "October 25", "November 8", Relation.DIFFER),
        (AnswerType.DATE, "in June", "June 21", Relation.AGREE),
        (AnswerType.DATE, "next month", "August 5", Relation.AGREE),
        (AnswerType.DATE, "Tuesday", "July 16", Relation.AGREE),
        (AnswerType.PERSON, "U.S. Commerce Department", "Commerce Department", Relation.AGREE),
        # Two bodies sharing only where and what kind they are are two bodies, not one.
        (AnswerType.PERSON, "U.S. Treasury", "US Commerce Department", Relation.UNRELATED),
        (AnswerType.PERSON, "Alicia Dunmore", "Mark Ellis", Relation.DIFFER),
        (AnswerType.DURATION, "two years", "24 months", Relation.AGREE),
        (AnswerType.DURATION, "two years", "18 months", Relation.DIFFER),
        # Numbers written in words are numbers.
        (AnswerType.NUMBER, "4.5 percent", "four and a half percent", Relation.AGREE),
        (AnswerType.NUMBER, "112 millimetres", "a hundred and twelve millimetres", Relation.AGREE),
        (AnswerType.NUMBER, "17 species", "Seventeen new species", Relation.AGREE),
        (AnswerType.DURATION, "two years", "twenty-four months", Relation.AGREE),
        (AnswerType.NUMBER, "$1.8 million", "$1.3 million", Relation.DIFFER),
        # "$86 million" is rounded: $86.3 million is "over 86 million" and "$86 million" both.
        (AnswerType.NUMBER, "$86 million", "over 86 million dollars", Relation.AGREE),
        (AnswerType.NUMBER, "$1.8 billion", "$2.1 billion", Relation.DIFFER),
        # Hours and minutes are spans of time too.
        (AnswerType.DURATION, "five hours and 40 minutes", "three and a half hours", Relation.DIFFER),
        (AnswerType.DURATION, "120 minutes", "two hours", Relation.AGREE),
        # A fortnight is two weeks.
        (AnswerType.DURATION, "two weeks", "a fortnight", Relation.AGREE),
        (AnswerType.DURATION, "3 fortnights", "six weeks", Relation.AGREE),
        (AnswerType.DURATION, "a fortnight", "three weeks", Relation.DIFFER),
        (AnswerType.DURATION, "90 minutes", "two hours", Relation.DIFFER),
        (AnswerType.DURATION, "a year and a half", "18 months", Relation.AGREE),
        (AnswerType.DURATION, "half a year", "two years", Relation.DIFFER),
        # "About" allows a tenth either way: 34,500 is no "about 40,000".
        (AnswerType.NUMBER, "about 40,000 visitors", "34,500 visitors", Relation.DIFFER),
        # Three months are twelve weeks, near enough: a tenth either way across units.
        (AnswerType.DURATION, "12 weeks", "three months", Relation.AGREE),
        (AnswerType.DURATION, "14 months", "two years", Relation.DIFFER),
        (AnswerType.NUMBER, "about 40,000 visitors", "38,200 visitors", Relation.AGREE),
        # "Four dozen" is 48; money is no count, and pounds are no dollars.
        (AnswerType.NUMBER, "48 turbines", "Four dozen giant", Relation.AGREE),
        (AnswerType.NUMBER, "roughly twelve thousand fans", "£210 million", Relation.UNRELATED),
        (AnswerType.NUMBER, "£2.4 million", "2.4 million pounds", Relation.AGREE),
        (AnswerType.NUMBER, "£3.2 million", "£4.5 million", Relation.DIFFER),
        (AnswerType.NUMBER, "$5 million", "€5 million", Relation.UNRELATED),
        # Half a million is 500,000, and three and a half million 3,500,000.
        (AnswerType.NUMBER, "£500,000", "half a million pounds", Relation.AGREE),
        (AnswerType.NUMBER, "three and a half million", "3.5 million", Relation.AGREE),
        (AnswerType.NUMBER, "three and a half million", "2 million", Relation.DIFFER),
        # A measure is its own unit, however it is written.
        (AnswerType.NUMBER, "38.4C", "38.4 degrees Celsius", Relation.AGREE),
        (AnswerType.NUMBER, "38.4°C", "37.9C", Relation.DIFFER),
        # A temperature is one in either scale, each rounded to its last digit; "degrees" alone
        # names no scale, so it may be either.
        (AnswerType.NUMBER, "34.7 degrees Celsius", "94.5F", Relation.AGREE),
        (AnswerType.NUMBER, "95°F", "34.7C", Relation.AGREE),
        (AnswerType.NUMBER, "30C", "90F", Relation.DIFFER),
        (AnswerType.NUMBER, "72 degrees", "22C", Relation.AGREE),
        (AnswerType.NUMBER, "72 degrees", "30C", Relation.DIFFER),
        (AnswerType.NUMBER, "12 meters", "12 metres", Relation.AGREE),
        (AnswerType.NUMBER, "4.6 metres", "several roads", Relation.UNRELATED),
        (AnswerType.NUMBER, "4.6 metres", "4.6 miles", Relation.UNRELATED),
        # A span of two units is one span; a quarter of a million is 250,000.
        (AnswerType.DURATION, "four years and six months", "four-and-a-half years", Relation.AGREE),
        (AnswerType.DURATION, "four years and six months", "four years", Relation.DIFFER),
        # A race time is hours, minutes and seconds, however it is written.
        (AnswerType.DURATION, "2:11:48", "two hours, 11 minutes and 48 seconds", Relation.AGREE),
        (AnswerType.DURATION, "2:11:48", "2:12:30", Relation.DIFFER),
        (AnswerType.NUMBER, "A quarter of a million flu", "250,000 flu", Relation.AGREE),
        # "Per cent" and "pc" are "%".
        (AnswerType.NUMBER, "8 per cent jump", "8%", Relation.AGREE),
        (AnswerType.NUMBER, "8pc", "6.5%", Relation.DIFFER),
        # A bound states a figure only near it: "more than 200" may be true of 5,260, but
        # says nothing of it; "more than 5,000" says it; "more than 60" is no 60.
        (AnswerType.NUMBER, "5,260 runners", "more than 200 runners", Relation.UNRELATED),
        (AnswerType.NUMBER, "5,260 runners", "more than 5,000 runners", Relation.AGREE),
        (AnswerType.NUMBER, "fewer than 50 employees", "3 employees", Relation.UNRELATED),
        (AnswerType.NUMBER, "more than 60 trees", "60 trees", Relation.DIFFER),
        # "and a quarter" and "and three quarters"; metric lengths in any unit.
        (AnswerType.NUMBER, "£2.25m", "Two and a quarter million pounds", Relation.AGREE),
        (AnswerType.NUMBER, "four and three quarters million dollars", "$4.75 million", Relation.AGREE),
        (AnswerType.NUMBER, "41mm of rain", "4.1cm of rain", Relation.AGREE),
        (AnswerType.NUMBER, "41mm of rain", "63mm of rain", Relation.DIFFER),
        (AnswerType.NUMBER, "5 km", "5,000 metres", Relation.AGREE),
        (AnswerType.NUMBER, "50ml", "50 people", Relation.UNRELATED),
        # A share written as a fraction is a percentage; "six euros fifty" is €6.50.
        (AnswerType.NUMBER, "A quarter", "25% of consultations", Relation.AGREE),
        (AnswerType.NUMBER, "a third", "40%", Relation.DIFFER),
        (AnswerType.NUMBER, "Two thirds", "67%", Relation.AGREE),
        (AnswerType.NUMBER, "six euros fifty", "€6.50", Relation.AGREE),
        (AnswerType.NUMBER, "six euros fifty", "€6", Relation.DIFFER),
        (AnswerType.NUMBER, "27.6%", "Four candidates", Relation.UNRELATED),
    ],
)
def test_values_are_compared_as_values(kind: AnswerType, first: str, second: str, expected: Relation) -> None:
    assert relation(kind, _statement("", first), _statement("", second)) is expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("Dayton, Ohio", "Toledo, Ohio", Relation.DIFFER),
        ("Dayton, Ohio", "Ohio", Relation.AGREE),
        ("Moscow", "Russia", Relation.UNRELATED),  # one may be in the other: not compared
    ],
)
def test_places_differ_only_as_two_towns_of_one_region(first: str, second: str, expected: Relation) -> None:
    assert relation(AnswerType.PLACE, _statement("", first), _statement("", second)) is expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # Two towns, each named as a place and never spoken of in the other article.
        (("Port Calder", "relocating to Port Calder"), ("Westerby", "set up in Westerby"), Relation.DIFFER),
        # A part of the world may hold the other town, and a building lies in some town.
        (("Port Calder", "moving to Port Calder"), ("Europe", "moving to Europe"), Relation.UNRELATED),
        (
            ("Port Calder", "moving to Port Calder"),
            ("Ashbury Arena", "moving to Ashbury Arena"),
            Relation.UNRELATED,
        ),
        # "Trump" is no place: it is not written as one ("in", "to", "at" ...).
        (("Port Calder", "moving to Port Calder"), ("Trump", "Trump said"), Relation.UNRELATED),
        (
            ("Port Calder", "moving to Port Calder"),
            ("Westerby", "choosing Westerby as the location"),
            Relation.DIFFER,
        ),
    ],
)
def test_two_towns_differ_when_neither_article_speaks_of_the_other(
    first: tuple[str, str], second: tuple[str, str], expected: Relation
) -> None:
    left = _statement(first[1], first[0], article_words=frozenset({"move", "relocat", "port", "calder"}))
    right = _statement(second[1], second[0], article_words=frozenset({"move", "set", "europ", "westerbi"}))
    assert relation(AnswerType.PLACE, left, right) is expected
    # An article that names the other's town too may be telling of a part of it.
    aware = replace(right, article_words=right.article_words | {"calder"})
    assert relation(AnswerType.PLACE, left, aware) is Relation.UNRELATED


def test_a_place_described_as_one_is_a_town_of_its_own() -> None:
    # "has picked Thurlby Moor, a former airfield on the edge of the Wyndle estuary"
    colliery = _statement(
        "will build its factory at Ashcombe Vale", "Ashcombe Vale", article_words=frozenset({"ashcomb"})
    )
    airfield = _statement(
        "has picked Thurlby Moor, a former airfield on the edge of the estuary, for its factory",
        "Thurlby Moor",
        article_words=frozenset({"thurlbi"}),
    )
    assert relation(AnswerType.PLACE, colliery, airfield) is Relation.DIFFER
    firm = replace(
        airfield, text="has picked Thurlby Moor, a former supplier of the carmaker, for its factory"
    )
    assert relation(AnswerType.PLACE, colliery, firm) is Relation.UNRELATED


def test_two_venues_are_two_places_as_two_towns_are() -> None:
    arena = _statement(
        "a concert at Greystone Arena", "Greystone Arena", article_words=frozenset({"greyston"})
    )
    park = _statement("an open-air show at Linden Park", "Linden Park", article_words=frozenset({"linden"}))
    assert relation(AnswerType.PLACE, arena, park) is Relation.DIFFER
    town = _statement("a show in Westerby", "Westerby", article_words=frozenset({"westerbi"}))
    assert relation(AnswerType.PLACE, arena, town) is Relation.UNRELATED  # the arena may be in it


def test_a_town_is_no_other_place_for_sharing_a_common_word_of_its_name() -> None:
    # "Port Ellery" is not spoken of in an article on "port inspections" in Glenarrow.
    ellery = _statement(
        "will meet in Port Ellery", "Port Ellery", article_words=frozenset({"port", "elleri"})
    )
    glenarrow = _statement(
        "will gather in Glenarrow", "Glenarrow", article_words=frozenset({"port", "inspect", "glenarrow"})
    )
    assert relation(AnswerType.PLACE, ellery, glenarrow) is Relation.DIFFER


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Two roads are two places, as two venues are.
        (
            ("have found the getaway van burned out on Kestrel Road", "Kestrel Road", {"kestrel"}),
            ("was discovered abandoned on the Marsh Lane industrial estate", "Marsh Lane", {"marsh"}),
        ),
        # So are two airports, one by its short name.
        (
            (
                "made an emergency landing at Pendle Ford Airport on Thursday",
                "Pendle Ford Airport",
                {"pendl", "ford"},
            ),
            (
                "landed safely at Marchbank International on Thursday",
                "Marchbank International",
                {"marchbank"},
            ),
        ),
    ],
)
def test_two_sites_are_two_places_as_two_venues_are(
    first: tuple[str, str, set[str]], second: tuple[str, str, set[str]]
) -> None:
    left, right = (
        _statement(text, answer, article_words=frozenset(stems)) for text, answer, stems in (first, second)
    )
    assert relation(AnswerType.PLACE, left, right) is Relation.DIFFER


def test_counts_of_happenings_on_days_apart_tell_of_two_happenings() -> None:
    # Two bursts, three weeks apart, each with its own count of homes cut off.
    tuesday = _statement(
        "About 2,300 homes were left without water on Tuesday after a main burst.",
        "About 2,300 homes",
        published=date(2025, 7, 9),
    )
    monday = _statement(
        "Around 900 homes lost their water supply for most of Monday after a main burst.",
        "Around 900 homes",
        published=date(2025, 6, 17),
    )
    assert relation(AnswerType.NUMBER, tuesday, monday) is Relation.UNRELATED
    # The same Monday, told a day later, is the same burst.
    assert relation(AnswerType.NUMBER, replace(tuesday, published=date(2025, 6, 18)), monday) is (
        Relation.DIFFER
    )
    # The day it was told dates no happening: "the council said on Sunday".
    told = _statement(
        "About 2,300 homes were left without water, the council said on Sunday.",
        "About 2,300 homes",
        published=date(2025, 7, 9),
    )
    assert relation(AnswerType.NUMBER, told, monday) is Relation.DIFFER


def test_a_name_as_common_as_nhs_may_go_unsaid() -> None:
    trust = _statement(
        "Dr Helena Ocampo will become chief executive of Kestrel Vale Hospitals NHS Trust.",
        "Dr Helena Ocampo",
        names=frozenset({"kestrel", "vale", "nhs"}),
    )
    hospitals = _statement(
        "Helena Ocampo has been chosen to lead Kestrel Vale's hospitals.",
        "Helena Ocampo",
        names=frozenset({"kestrel", "vale"}),
    )
    assert relation(AnswerType.PERSON, trust, hospitals) is Relation.AGREE
    # A rare name the other article never uses tells of another body.
    other = replace(hospitals, names=frozenset({"vale", "nhs"}))
    assert relation(AnswerType.PERSON, trust, other) is Relation.UNRELATED


def test_a_report_may_leave_out_a_name_when_both_articles_are_about_one_thing() -> None:
    # "Storm Orla caused an estimated $14 million of damage in Kellsbridge" against "Damage
    # from last week's storm in Kellsbridge is put at $23 million": the second article never
    # names the storm, but each article's subject is what the other tells of.
    asked = frozenset({"caus", "damag", "kellsbridg", "orla", "storm"})
    named = _statement(
        "Storm Orla caused an estimated $14 million of damage in Kellsbridge.",
        "$14 million",
        concepts=asked,
        asked=asked,
        own=asked,
        names=frozenset({"kellsbridg", "orla"}),
        names_said=frozenset({"kellsbridg", "orla"}),
        subject=frozenset({"kellsbridg", "orla"}),
        article_words=asked | {"council"},
    )
    unnamed = _statement(
        "Damage from last week's storm in Kellsbridge is put at $23 million.",
        "$23 million",
        concepts=asked - {"caus", "orla"},
        asked=asked,
        own=asked - {"caus", "orla"},
        names=frozenset({"kellsbridg"}),
        names_said=frozenset({"kellsbridg"}),
        unspoken=frozenset({"caus", "orla"}),
        subject=frozenset({"kellsbridg"}),
        article_words=asked - {"caus", "orla"},
    )
    assert relation(AnswerType.NUMBER, named, unnamed) is Relation.DIFFER
    # An article about something the first never speaks of ("Brightcart") tells of another.
    other = replace(unnamed, subject=frozenset({"brightcart"}))
    assert relation(AnswerType.NUMBER, named, other) is Relation.UNRELATED


def test_articles_each_about_its_own_answer_tell_of_two_events() -> None:
    # Asked whom the U.S. Treasury sanctioned: the Kaspersky article's answer is its subject,
    # and the Volnatek article's is part of its subject ("Treasury", "Volnatek").
    asked = frozenset({"sanction", "treasuri"})
    kaspersky = _statement(
        "The U.S. Treasury sanctioned several senior Kaspersky executives.",
        "Kaspersky",
        concepts=asked,
        asked=asked,
        own=asked,
        subject=frozenset({"kasperski"}),
    )
    volnatek = replace(
        kaspersky,
        text="The Treasury imposed sanctions on seven Volnatek executives.",
        answer="Volnatek",
        subject=frozenset({"treasuri", "volnatek"}),
    )
    assert relation(AnswerType.PERSON, kaspersky, volnatek) is Relation.UNRELATED
    # Two headlines naming their picks for one club ("Harriers turn to Moyes", "Tanner lands top
    # job at Corrigan") say more than the pick: they may differ.
    moyes = replace(kaspersky, answer="Declan Moyes", subject=frozenset({"harrier", "moy"}))
    tanner = replace(kaspersky, answer="Rhys Tanner", subject=frozenset({"corrigan", "tanner"}))
    assert not _about_its_own_answer(moyes, tanner)


def test_a_club_named_need_not_be_called_a_club() -> None:
    # "The Corrigan Harriers have appointed ... Declan Moyes as head coach" against "Rhys
    # Tanner has been named the new head coach of the Corrigan Harriers": the club is named,
    # and its article says "club" elsewhere; "company representative" of no company named
    # is a role of its own.
    asked = frozenset({"appoint", "club", "coach", "corrigan", "harrier", "head"})
    names = frozenset({"corrigan", "harrier"})
    appointed = _statement(
        "",
        "Declan Moyes",
        concepts=asked,
        asked=asked,
        own=asked,
        names=names,
        names_said=names,
        appointing=True,
    )
    named = replace(appointed, answer="Rhys Tanner", concepts=asked - {"club"}, own=asked - {"club"})
    assert relation(AnswerType.PERSON, appointed, named) is Relation.DIFFER
    unnamed = replace(named, names_said=frozenset())
    assert (
        relation(AnswerType.PERSON, replace(appointed, names_said=frozenset()), unnamed) is Relation.UNRELATED
    )


def test_sentences_about_other_people_tell_of_other_facts() -> None:
    asked = frozenset({"strike", "last"})
    teachers = _statement(
        "Teachers in the Ellory school district will walk out for five days.",
        "five days",
        stems=frozenset({"teacher", "ellori", "school", "district", "walk", "five", "day"}),
        concepts=asked,
        asked=asked,
    )
    support_staff = _statement(
        "Cafeteria workers and bus drivers employed by the Ellory district will hold a two-day strike.",
        "two days",
        stems=frozenset(
            {"cafeteria", "worker", "bus", "driver", "ellori", "school", "district", "strike", "two"}
        ),
        concepts=asked,
        asked=asked,
    )
    assert relation(AnswerType.DURATION, teachers, support_staff) is Relation.UNRELATED
    # The same people in other words ("340 jobs", "430 workers") are the same people.
    jobs = replace(
        teachers, text="Tarrow Foods will cut 340 jobs.", answer="340 jobs", stems=frozenset({"job"})
    )
    workers = replace(
        teachers, text="Some 430 workers are set to lose their positions.", answer="430 workers"
    )
    workers = replace(workers, stems=frozenset({"worker", "lose", "posit"}))
    assert relation(AnswerType.NUMBER, jobs, workers) is Relation.DIFFER


def test_undated_reports_far_apart_in_time_tell_of_different_moments() -> None:
    planned = _statement(
        "Planners expect the bypass to take 18 months.", "18 months", published=date(2024, 2, 6)
    )
    opened = _statement(
        "The bypass opened 23 months after work began.", "23 months", published=date(2026, 1, 20)
    )
    assert relation(AnswerType.DURATION, planned, opened) is Relation.UNRELATED
    # Reports of the same days differ.
    assert (
        relation(AnswerType.DURATION, planned, replace(opened, published=date(2024, 2, 9))) is Relation.DIFFER
    )


def test_a_sentence_must_itself_speak_of_what_is_asked() -> None:
    asked = frozenset({"elect"})
    held = _statement(
        "The by-election will be held on March 14.", "March 14", concepts=asked, asked=asked, own=asked
    )
    # Its headline names the by-election; the sentence tells of a resignation.
    vacant = _statement("The seat became vacant after she resigned in December.", "December", concepts=asked)
    vacant = replace(vacant, asked=asked, own=frozenset())
    assert relation(AnswerType.DATE, held, vacant) is Relation.UNRELATED
    assert relation(AnswerType.DATE, held, replace(vacant, own=asked)) is Relation.DIFFER


def test_naming_its_own_article_subject_is_not_speaking_of_what_is_asked() -> None:
    # Asked from what date new installs are blocked: "As of Tuesday, Kaspersky's products were no
    # longer available for purchase" says only "Kaspersky" of the question, which every sentence
    # of its article is about.
    asked = frozenset({"block", "instal", "kasperski", "new"})
    blocked = _statement(
        "The ban prohibits new installations of Kaspersky's software starting July 20.",
        "July 20",
        concepts=asked,
        asked=asked,
        own=asked,
        names=frozenset({"kasperski"}),
        subject=frozenset({"kasperski"}),
        article_words=frozenset({"kasperski", "ban", "block"}),
    )
    bought = _statement(
        "As of Tuesday, Kaspersky's products were no longer available for purchase on its website.",
        "Tuesday",
        concepts=frozenset({"block", "kasperski"}),
        asked=asked,
        own=frozenset({"kasperski"}),
        unspoken=frozenset({"instal"}),
        names=frozenset({"kasperski"}),
        subject=frozenset({"kasperski"}),
        article_words=frozenset({"kasperski", "ban", "block"}),
    )
    assert relation(AnswerType.DATE, blocked, bought) is Relation.UNRELATED
    # A sentence that itself says more of the question may differ.
    blocked_too = replace(bought, own=frozenset({"block", "kasperski"}))
    assert relation(AnswerType.DATE, blocked, blocked_too) is Relation.DIFFER


def test_a_headline_naming_the_value_is_no_other_subject() -> None:
    # "Orvane picks Rudmere for van plant" against "... Kellsborough ...": both are about Orvane.
    first = _statement("build in Kellsborough", "Kellsborough", subject=frozenset({"kellsborough", "motor"}))
    second = _statement("settled on Rudmere", "Rudmere", subject=frozenset({"orvan", "rudmer"}))
    first = replace(first, article_words=frozenset({"kellsborough", "motor", "orvan"}))
    second = replace(second, article_words=frozenset({"rudmer", "motor", "orvan"}))
    assert about_the_same(first.subject, first.article_words, second.subject, second.article_words) is False
    values = value_stems(first.answer, second.answer)
    assert about_the_same(first.subject, first.article_words, second.subject, second.article_words, values)


def test_an_idea_told_in_other_words_is_no_other_fact() -> None:
    # "will pay $2.1 billion for Medivista" against "agreed to buy Medivista in a deal worth
    # $1.8 billion": the second article never speaks of paying, so it says it otherwise.
    asked = frozenset({"pay", "buy"})
    first = _statement("", "$2.1 billion", concepts=asked, asked=asked)
    told_otherwise = _statement("", "$1.8 billion", concepts=frozenset({"buy"}), asked=asked)
    assert relation(AnswerType.NUMBER, first, told_otherwise) is Relation.UNRELATED
    never_spoken = replace(told_otherwise, unspoken=frozenset({"pay"}))
    assert relation(AnswerType.NUMBER, first, never_spoken) is Relation.DIFFER
    # A first sentence may leave out one idea its own article speaks of elsewhere ("the
    # cyclist who sued" is said in the article, not beside the award); one that leaves out
    # more is too weak to stand against another telling.
    one_left_out = replace(first, asked=asked | {"cash"})  # its article speaks of cash elsewhere
    assert relation(AnswerType.NUMBER, one_left_out, never_spoken) is Relation.DIFFER
    partial = replace(first, asked=asked | {"cash", "loan"})
    assert relation(AnswerType.NUMBER, partial, never_spoken) is Relation.UNRELATED


def test_the_day_something_was_told_is_not_the_day_it_happens() -> None:
    announced = _statement("The ban was announced in June.", "June 2024", unasked_marker="telling")
    starts = _statement("The ban starts July 20.", "July 20, 2024")
    assert relation(AnswerType.DATE, announced, starts) is Relation.UNRELATED


def test_a_plan_that_was_approved_is_no_proposal() -> None:
    # "Plans for a $64 million maternity unit ... have been approved" against "has signed off
    # on a $71 million maternity building": two decided costs.

    approved = "Plans for a $64 million maternity unit at the hospital have been approved by the board."
    assert not _tentative(_candidate(approved, "$64 million"))
    assert _tentative(
        _candidate("Plans for a $64 million maternity unit are out for consultation.", "$64 million")
    )


def test_a_plan_approved_further_on_in_its_sentence_is_decided() -> None:
    text = (
        "Plans for a £6.1m multi-storey car park at Hatherwell General Hospital were approved by"
        " the planning committee on Thursday."
    )
    assert not _tentative(_candidate(text, "£6.1m"))


def test_a_plan_approved_before_its_value_is_decided() -> None:
    text = "Councillors have approved plans for 240 homes on the former gasworks site."
    assert not _tentative(_candidate(text, "240 homes"))


def test_articles_are_about_the_same_when_one_title_names_nothing_or_one_subject_is_told_in_full() -> None:
    fair = frozenset({"thornwick", "harvest"})
    fair_words = fair | {"fair", "visitor"}
    # "Shire mare takes top honours at Thornwick Harvest Fair": all of the first's subject is told.
    assert about_the_same(fair, fair_words, frozenset({"shire"}), fair_words | {"shire", "mare"})
    # "Grant secures future of Edwardian theatre" names nothing: it speaks of the playhouse.
    playhouse = frozenset({"stenhous"})
    assert about_the_same(playhouse, playhouse | {"grant"}, frozenset(), frozenset({"stenhous", "grant"}))
    assert not about_the_same(playhouse, playhouse | {"grant"}, frozenset(), frozenset({"grant"}))
    # Another firm's article, which speaks of the US as the first does, is about that firm.
    kaspersky = frozenset({"kasperski", "usa"})
    corvane = frozenset({"corvan"})
    assert not about_the_same(
        kaspersky, kaspersky | {"ban"}, corvane, corvane | {"usa", "ban"}, frozenset({"kasperski", "andrad"})
    )


def test_test_runs_are_no_opening() -> None:
    # "test trains would begin running next month" against passenger services on September 28.
    assert _tentative(_candidate("It said that test trains would begin running next month.", "next month"))
    assert not _tentative(_candidate("Passenger services will begin on September 28.", "September 28"))


def test_a_forecast_tells_nothing_of_what_happened() -> None:
    # "expect about 40,000 visitors this year" against "drew 34,500 visitors", asked how
    # many it attracted; asked what a bridge is going to cost, two forecasts may well differ.
    expected = _statement("", "about 40,000 visitors", forecast_of_the_past=True)
    drew = _statement("", "34,500 visitors")
    assert relation(AnswerType.NUMBER, expected, drew) is Relation.UNRELATED
    assert relation(AnswerType.NUMBER, replace(expected, forecast_of_the_past=False), drew) is Relation.DIFFER


def test_a_start_is_no_answer_to_when_something_stops() -> None:
    # Asked when Kaspersky stops working in the US: "existing customers ... will stop receiving
    # updates on September 29" and "Starting July 20, the firm will begin winding down".
    asked = frozenset({"kasperski", "stop", "work"})
    stops = _statement("", "September 29", concepts=asked, asked=asked, own=asked)
    starts = replace(stops, answer="July 20", unasked_marker="start", opposed_marker=True)
    assert relation(AnswerType.DATE, stops, starts) is Relation.UNRELATED
    # A start the question does not ask about, where it asks for no end, may still be one
    # happening told with every word of the other ("will go on strike starting June 19").
    assert relation(AnswerType.DATE, stops, replace(starts, opposed_marker=False)) is Relation.DIFFER

    winding = _candidate("Starting July 20, the firm will begin winding down its U.S. operations.", "July 20")
    asking = SimpleNamespace(answer_type=AnswerType.DATE, question="When does Kaspersky stop working?")
    assert _date_marks(winding, asking)[1]  # type: ignore[arg-type]
    asking = SimpleNamespace(answer_type=AnswerType.DATE, question="When does the winding down begin?")
    assert not _date_marks(winding, asking)[1]  # type: ignore[arg-type]


def test_a_days_count_is_no_conflict_with_the_whole_events() -> None:
    # "About 12,000 people passed through the gates on the opening day" and "drew a record
    # 46,500 visitors over its three days": a day's count and the whole festival's.
    opening = _statement(
        "About 12,000 people passed through the gates on the opening day.", "About 12,000 people"
    )
    whole = _statement("The festival drew a record 46,500 visitors over its three days.", "46,500 visitors")
    assert relation(AnswerType.NUMBER, opening, whole) is Relation.UNRELATED
    weekend = replace(whole, text="The festival drew a record 46,500 visitors, organisers said.")
    assert relation(AnswerType.NUMBER, opening, weekend) is Relation.DIFFER


def test_a_question_in_the_past_tense_asks_what_happened() -> None:
    def analysis(question: str) -> Any:
        return SimpleNamespace(question=question)  # only its wording is read

    assert _asks_what_happened(analysis("How many people came to the 2025 Harrowden Balloon Fiesta?"))
    assert _asks_what_happened(analysis("How many visitors attended the fair?"))
    assert _asks_what_happened(analysis("How many passengers used Skelbrook Airport in 2025?"))
    assert not _asks_what_happened(analysis("What is the price tag on the museum's new wing?"))
    assert not _asks_what_happened(analysis("How many visitors are expected?"))


def test_a_proposal_is_no_conflict_with_a_decision() -> None:
    asked = frozenset({"subsidi"})
    approved = _statement("", "€350", concepts=asked, asked=asked)
    proposed = _statement("", "€500", concepts=asked, asked=asked, tentative=True)
    assert relation(AnswerType.NUMBER, approved, proposed) is Relation.UNRELATED
    assert relation(AnswerType.NUMBER, approved, replace(proposed, tentative=False)) is Relation.DIFFER


def test_each_article_may_say_one_idea_in_other_words() -> None:
    # "$29 million was stolen from the exchange" against "attackers made off with $41 million
    # in the hack": neither article uses the other's word.
    asked = frozenset({"steal", "hack", "exchang"})
    stolen = _statement(
        "", "$29 million", concepts=asked - {"hack"}, asked=asked, unspoken=frozenset({"hack"})
    )
    hacked = _statement(
        "", "$41 million", concepts=asked - {"steal"}, asked=asked, unspoken=frozenset({"steal"})
    )
    assert relation(AnswerType.NUMBER, stolen, hacked) is Relation.DIFFER
    assert relation(AnswerType.NUMBER, stolen, replace(hacked, unspoken=frozenset())) is Relation.UNRELATED


def test_two_appointments_to_one_post_differ_whatever_each_calls_it() -> None:
    # "confirmed Marguerite Oduya as the city's new police chief" against "Desmond Farrant ...
    # has been named to lead the Saltmere Police Department": the second article never says
    # "chief", and "named" is its word for the council's pick.
    asked = frozenset({"chief", "new", "pick", "polic", "saltmer"})
    confirmed = _statement(
        "",
        "Marguerite Oduya",
        concepts=asked - {"pick"},
        asked=asked,
        names=frozenset({"saltmer"}),
        own=asked - {"pick"},
        appointing=True,
    )
    named = _statement(
        "",
        "Desmond Farrant",
        concepts=frozenset({"pick", "polic", "saltmer"}),
        asked=asked,
        names=frozenset({"saltmer"}),
        own=frozenset({"pick", "polic", "saltmer"}),
        unspoken=frozenset({"chief", "new"}),
        appointing=True,
    )
    assert relation(AnswerType.PERSON, confirmed, named) is Relation.DIFFER
    # Someone who confirms a fact, or reports it, is put in no post: roles must then match.
    assert relation(AnswerType.PERSON, confirmed, replace(named, appointing=False)) is Relation.UNRELATED
    # "Police union president Tom Graziani said officers looked forward to working with the
    # new chief" speaks of the whole post, but puts no one in it.
    speaker = replace(
        named, answer="Tom Graziani", concepts=asked - {"pick"}, own=asked - {"pick"}, appointing=False
    )
    assert relation(AnswerType.PERSON, confirmed, speaker) is Relation.UNRELATED
    # An article that speaks of a chief elsewhere may be naming someone to another post.
    assert relation(AnswerType.PERSON, confirmed, replace(named, unspoken=frozenset())) is Relation.UNRELATED


def test_a_sentence_puts_someone_in_a_post_or_tells_of_a_tenure() -> None:
    assert _appointing("Vantrell Bank has named Priya Halvorsen as chief executive.")
    assert _appointing("Helena Vasquez will lead the merged airline, the companies said.")
    assert not _appointing("Dr. Lena Farquhar, who has led Pemberton University for years, will retire.")
    assert not _appointing("Kim Zetter reported that the layoffs will affect staff.")
    assert _appointing("Graham Ellery will become chief executive when Richard Hume retires.")


def test_a_verdict_marks_its_date() -> None:
    sentence = "A jury found former mayor Colin Strand guilty of fraud on May 6."
    start = sentence.index("May 6")
    assert date_marker(sentence, Span("May 6", start, start + len("May 6"))) == "decision"


def test_a_weekday_before_a_date_does_not_hide_what_marks_it() -> None:
    sentence = "Wexley councillors voted on Wednesday, April 9, to bring in a 20 mph speed limit."
    start = sentence.index("April 9")
    assert date_marker(sentence, Span("April 9", start, start + len("April 9"))) == "decision"


def test_one_idea_said_otherwise_is_no_other_fact_when_the_rest_is_shared() -> None:
    # "The Aurelis lunar probe will launch on March 14" against "Engineers have fixed 21 March
    # as the launch date for Aurelis, the robotic mission that will hunt for water on the
    # Moon": the second calls the probe a mission, though its article says "probe" elsewhere.
    asked = frozenset({"aur", "launch", "moon", "probe"})
    names = frozenset({"aur"})
    probe = _statement("", "March 14, 2026", concepts=asked, asked=asked, names=names, own=asked)
    mission = _statement(
        "", "March 21, 2026", concepts=asked - {"probe"}, asked=asked, names=names, own=asked - {"probe"}
    )
    assert relation(AnswerType.DATE, probe, mission) is Relation.DIFFER
    # Two ideas left out that its article speaks of elsewhere: another fact, perhaps.
    two_left = replace(mission, concepts=names | {"launch"}, own=names | {"launch"})
    assert relation(AnswerType.DATE, probe, two_left) is Relation.UNRELATED
    # One left out, with only the name besides in common: too little to be sure.
    asked_less = frozenset({"aur", "launch", "probe"})
    thin_first = replace(probe, concepts=asked_less, asked=asked_less, own=asked_less)
    thin_second = replace(mission, concepts=names | {"launch"}, asked=asked_less, own=names | {"launch"})
    assert relation(AnswerType.DATE, thin_first, thin_second) is Relation.DIFFER
    # Without a name, one idea in common is too little to be sure.
    asked_two = frozenset({"launch", "probe"})
    unnamed = replace(probe, concepts=asked_two, asked=asked_two, names=frozenset(), own=asked_two)
    probe_only = frozenset({"probe"})
    other = replace(mission, concepts=probe_only, asked=asked_two, names=frozenset(), own=probe_only)
    assert relation(AnswerType.DATE, unnamed, other) is Relation.UNRELATED


def test_a_weekday_that_will_come_is_after_the_articles_date() -> None:
    # Published Monday 10 March 2025: "will walk out on Thursday" is 13 March.
    monday = date(2025, 3, 10)
    walkout = _statement("Crews will walk off the job on Thursday.", "Thursday", published=monday)
    dated = _statement("The strike is due to start on March 13.", "March 13, 2025", published=monday)
    assert relation(AnswerType.DATE, dated, walkout) is Relation.AGREE
    past = replace(walkout, text="Crews walked off the job on Thursday.")
    assert relation(AnswerType.DATE, dated, past) is Relation.DIFFER


def test_this_weekday_is_the_one_of_the_articles_week() -> None:
    # Published Monday 16 June 2025: "gets under way this Friday" is 20 June, though present.
    monday = date(2025, 6, 16)
    festival = _statement("The festival gets under way this Friday.", "this Friday", published=monday)
    dated = _statement("The festival will begin on Friday, 20 June.", "20 June, 2025", published=monday)
    assert relation(AnswerType.DATE, dated, festival) is Relation.AGREE
    last = replace(festival, text="The festival got under way last Friday.", answer="last Friday")
    assert relation(AnswerType.DATE, dated, last) is Relation.DIFFER


def test_the_new_holder_of_a_post_will_be_someone() -> None:
    assert _appointing(
        "When Dr Helga Rosenquist retires the new medical director will be Dr Anwen Polkinghorne-Rook."
    )
    assert _appointing("Dr Anwen Polkinghorne-Rook will be its new medical director.")
    assert not _appointing("The new building will be ready in May.")
    # A post's noun said as a verb of what is ahead puts someone in it.
    assert _appointing("Vikram Halloway will captain Ashenford Cricket Club this year.")
    assert not _appointing("The captain said the side had trained hard all winter.")


def test_the_day_a_wait_ends_is_the_day_of_what_is_awaited() -> None:
    sentence = "Families will have to wait until March 23 for the trial to start."
    start = sentence.index("until March 23")
    span = Span("until March 23", start, start + len("until March 23"))
    assert date_marker(sentence, span) is None
    closed = "The road will stay closed until March 23 to allow repairs."
    start = closed.index("until March 23")
    assert date_marker(closed, Span("until March 23", start, start + len("until March 23"))) == "end"


def test_a_date_that_starts_something_else_is_not_told_otherwise() -> None:
    # "approved on May 6" against "available in pharmacies starting June 2", an article that
    # never speaks of approval: not the approval told in other words.
    asked = frozenset({"approv", "drug"})
    approved = _statement("", "May 6, 2025", concepts=asked, asked=asked)
    available = _statement(
        "", "June 2, 2025", concepts=frozenset({"drug"}), asked=asked, unspoken=frozenset({"approv"})
    )
    assert relation(AnswerType.DATE, approved, available) is Relation.DIFFER
    assert (
        relation(AnswerType.DATE, approved, replace(available, unasked_marker="start")) is Relation.UNRELATED
    )


def test_articles_about_different_firms_tell_of_different_events() -> None:
    kaspersky = _statement("", "fewer than 50 employees", subject=frozenset({"kasperski"}))
    valdris = _statement(
        "", "85 employees", subject=frozenset({"valdri"}), article_words=frozenset({"valdri"})
    )
    assert relation(AnswerType.NUMBER, kaspersky, valdris) is Relation.UNRELATED
    both = frozenset({"kasperski", "valdri"})
    assert relation(
        AnswerType.NUMBER, replace(kaspersky, article_words=both), replace(valdris, article_words=both)
    ) is (Relation.DIFFER)


def test_one_article_may_name_more_of_the_same_subject() -> None:
    # "Storm Orla left $14m trail of damage, Kellsbridge council says" and "Kellsbridge storm
    # repair bill climbs": the second never names Orla, but all it is about is the first's.
    orla = frozenset({"orla", "kellsbridg"})
    kellsbridge = frozenset({"kellsbridg"})
    assert about_the_same(orla, orla, kellsbridge, kellsbridge)
    # Two articles that each name a subject the other never does are about two things.
    valdris = frozenset({"valdri", "us"})
    assert not about_the_same(
        frozenset({"kasperski", "us"}), frozenset({"kasperski", "us"}), valdris, valdris
    )


def test_a_sentence_about_part_of_the_subject_tells_of_a_part() -> None:
    # "Discount chain Brightcart will close 48 of its 310 stores" against "Six Brightcart stores in
    # the Halvern Valley will shut": Halvern is the second article's own subject, in its sentence.
    national = _statement(
        "", "48", subject=frozenset({"brightcart"}), article_words=frozenset({"brightcart"})
    )
    local = _statement(
        "",
        "Six",
        stems=frozenset({"brightcart", "halvern", "store"}),
        subject=frozenset({"brightcart", "halvern"}),
        article_words=frozenset({"brightcart", "halvern"}),
    )
    assert relation(AnswerType.NUMBER, national, local) is Relation.UNRELATED
    elsewhere = replace(local, stems=frozenset({"brightcart", "store"}))
    assert relation(AnswerType.NUMBER, national, elsewhere) is Relation.DIFFER


def test_a_builder_who_opens_the_sentence_is_no_part_of_the_whole() -> None:
    # "Halvergate Tunnelling has handed over the Fenwardine road tunnel, which runs for 2,400
    # metres": the second article's own subject does the work on what the question names.
    tunnel = frozenset({"fenwardin", "road", "tunnel"})
    opening = _statement(
        "The Fenwardine road tunnel, a 2.4-kilometre bore, will open to traffic on Friday.",
        "2.4-kilometre",
        concepts=tunnel,
        asked=tunnel,
        own=tunnel,
        stems=frozenset({"fenwardin", "road", "tunnel"}),
        names=frozenset({"fenwardin"}),
        subject=frozenset({"fenwardin", "tunnel"}),
        article_words=frozenset({"fenwardin", "road", "tunnel", "open"}),
    )
    builder_text = (
        "Halvergate Tunnelling has handed over the Fenwardine road tunnel, which runs for 2,400 metres."
    )
    builder = _statement(
        builder_text,
        "2,400 metres",
        concepts=tunnel,
        asked=tunnel,
        own=tunnel,
        stems=frozenset({"halverg", "tunnel", "hand", "fenwardin", "road", "run"}),
        names=frozenset({"fenwardin"}),
        subject=frozenset({"halverg", "fenwardin", "tunnel"}),
        article_words=frozenset({"halverg", "tunnel", "hand", "fenwardin", "road", "run"}),
    )
    assert relation(AnswerType.NUMBER, opening, builder) is Relation.AGREE
    # Households in a town the other article never names are not a doer but a part.
    households = replace(builder, text="Households in Halvergate will pay for the Fenwardine road tunnel.")
    assert relation(AnswerType.NUMBER, opening, households) is Relation.UNRELATED


def test_a_period_in_a_clause_on_something_else_does_not_date_the_answer() -> None:
    # "... built by Dunsmere Construction, which finished a similar stand ... last year" dates that
    # other stand, not the cost asked about.
    cost = _statement("The stand will cost £12.5m, with work starting at the end of this season.", "£12.5m")
    builder = _statement(
        "The stand will cost twelve and a half million pounds and will be built by Dunsmere"
        " Construction, which finished a similar stand last year.",
        "twelve and a half million pounds",
    )
    assert relation(AnswerType.NUMBER, cost, builder) is Relation.AGREE
    # In the clause that holds the answer, the period is the answer's.
    last_year = replace(
        builder, text="The stand, which cost twelve and a half million pounds last year, opened."
    )
    assert relation(AnswerType.NUMBER, cost, last_year) is Relation.UNRELATED


def test_a_sentence_opening_with_another_firm_tells_of_that_firm() -> None:
    # Asked how many cans Coldharbour Brewing is recalling: "Millrace Ales is recalling 4,500
    # cans of its wheat beer" comes from an article that names Coldharbour only further on.
    asked = frozenset({"can", "recal", "coldharbour"})
    named = frozenset({"coldharbour"})
    coldharbour = _statement(
        "Coldharbour Brewing is recalling 12,000 cans.", "12,000 cans", names_said=named, own=asked
    )
    millrace = _statement("Millrace Ales is recalling 4,500 cans of its wheat beer.", "4,500 cans")
    coldharbour, millrace = (
        replace(statement, concepts=asked, asked=asked, names=named) for statement in (coldharbour, millrace)
    )
    millrace = replace(millrace, own=frozenset({"can", "recal"}))
    assert relation(AnswerType.NUMBER, coldharbour, millrace) is Relation.UNRELATED
    plain = replace(millrace, text="About 4,500 cans are being recalled.")
    assert relation(AnswerType.NUMBER, coldharbour, plain) is Relation.DIFFER


def test_a_name_sharing_a_word_with_the_asked_one_is_another_body() -> None:
    # Asked who is the new chief executive of Greyhollow Borough Council: "Greyhollow Homes ...
    # has appointed" tells of a housing association whose name the council's article never uses.
    asked = frozenset({"appoint", "chief", "execut", "greyhollow", "borough", "council"})
    named = frozenset({"greyhollow", "borough"})
    council = _statement(
        "Nkechi Ashworth-Lyall has been appointed chief executive of Greyhollow Borough Council.",
        "Nkechi Ashworth-Lyall",
        names_said=named,
        article_words=asked,
    )
    homes = _statement(
        "Greyhollow Homes, which owns 8,400 homes across the borough, has appointed Lucan Frithwood.",
        "Lucan Frithwood",
        names_said=named,
        article_words=asked | {"home"},
    )
    council, homes = (
        replace(statement, concepts=asked, asked=asked, names=named, own=asked, appointing=True)
        for statement in (council, homes)
    )
    assert relation(AnswerType.PERSON, council, homes) is Relation.UNRELATED
    # The council's own article calling it "Greyhollow Homes" too makes the two one body.
    same = replace(council, article_words=asked | {"home"})
    assert relation(AnswerType.PERSON, same, homes) is Relation.DIFFER


def test_a_place_the_other_article_never_names_is_another_happening() -> None:
    # Asked when the Oakhollow branch closes, an article that never names Oakhollow tells of
    # "its branches in Hindlesham and Little Marlbury".
    asked = frozenset({"cobblemead", "build", "societi", "branch", "oakhollow", "close"})
    oakhollow = _statement(
        "The Cobblemead Building Society branch on Oakhollow's Fore Street will close on 12 December.",
        "12 December",
        names_said=frozenset({"cobblemead", "oakhollow"}),
        names=frozenset({"cobblemead", "oakhollow"}),
        article_words=asked,
    )
    others = _statement(
        "Cobblemead Building Society is to close its branches in Hindlesham and Little Marlbury on"
        " 28 November.",
        "28 November",
        names_said=frozenset({"cobblemead"}),
        names=frozenset({"cobblemead"}),
        article_words=asked - {"oakhollow"} | {"hindlesham", "littl", "marlburi"},
    )
    oakhollow, others = (
        replace(statement, concepts=asked - {"oakhollow"}, asked=asked, own=asked)
        for statement in (oakhollow, others)
    )
    assert relation(AnswerType.DATE, oakhollow, others) is Relation.UNRELATED
    assert same_event(oakhollow, others) is False
    # Named by both articles, the towns may be where the asked branch is too.
    both = replace(oakhollow, article_words=asked | {"hindlesham", "littl", "marlburi"})
    assert not _told_of_elsewhere(both, others)
    assert _told_of_elsewhere(oakhollow, others)


def test_a_sentence_giving_the_first_figure_too_agrees_with_it() -> None:
    # "About 300 people queued ... for one of the 120 posts": its other figure counts the queue,
    # and it gives the store's 120 too.
    store = _statement("The new store will employ 120 people when it opens.", "120 people")
    queue = _statement("About 300 people queued for one of the 120 posts at the store.", "About 300 people")
    assert relation(AnswerType.NUMBER, store, queue) is Relation.AGREE
    assert relation(AnswerType.NUMBER, store, replace(queue, text="About 300 people queued.")) is (
        Relation.DIFFER
    )


def test_a_described_person_is_not_the_named_one() -> None:
    # Asked how long Corin Adley was jailed: "The getaway driver in the raid ... has been
    # jailed for three years" tells of another man, though its article names Adley.
    asked = frozenset({"corin", "adley", "jail", "raid"})
    named = frozenset({"corin", "adley"})
    adley = _statement(
        "Corin Adley, who smashed cabinets during the raid, was jailed for seven years.",
        "seven years",
        names_said=named,
        names=named,
    )
    driver = _statement(
        "The getaway driver in the raid has been jailed for three years.", "three years", names=named
    )
    adley, driver = (
        replace(statement, concepts=asked - named, asked=asked, own=asked - named)
        for statement in (adley, driver)
    )
    assert same_event(adley, driver) is False
    named_too = replace(driver, text="Corin Adley's driver in the raid has been jailed for three years.")
    assert _someone_else(adley, named_too) is False


def test_a_sentence_opening_with_a_town_the_other_article_never_names_is_another_event() -> None:
    # Asked what hackers demanded from Eldmoor: "The town of Wexcombe, about 20 miles from
    # Eldmoor, ... asked for $750,000" tells of another town's attack.
    eldmoor = _statement(
        "Hackers who locked the city of Eldmoor's computer systems are demanding $2 million.",
        "$2 million",
        article_words=frozenset({"eldmoor", "hacker", "demand", "citi"}),
    )
    wexcombe = _statement(
        "The town of Wexcombe, about 20 miles from Eldmoor, said a ransomware gang asked for $750,000.",
        "$750,000",
        article_words=frozenset({"eldmoor", "wexcomb", "hacker", "ransom"}),
    )
    assert _opens_with_another_place(eldmoor, wexcombe) is True
    # The first article's own town, or one it speaks of, is no other place.
    assert (
        _opens_with_another_place(replace(eldmoor, article_words=frozenset({"wexcomb"})), wexcombe) is False
    )
    assert _opens_with_another_place(wexcombe, eldmoor) is False


def test_a_firm_named_only_in_a_later_clause_is_not_what_the_sentence_tells_of() -> None:
    # Asked how many jobs Vennart's factory will create: "Holmbury Cables is to create 80 jobs
    # ..., where food group Vennart is also planning a factory" tells of Holmbury's jobs.
    asked = frozenset({"creat", "factori", "job", "vennart"})
    named = frozenset({"vennart"})
    vennart = _statement(
        "Vennart Foods is to build a factory, creating 250 jobs.", "250 jobs", names_said=named
    )
    holmbury = _statement(
        "Holmbury Cables is to create 80 jobs by building a hall on the business park, where food "
        "group Vennart is also planning a factory.",
        "80 jobs",
        stems=frozenset({"holmburi", "cabl", "creat", "job", "hall", "park", "food", "vennart", "factori"}),
        names_said=named,
    )
    vennart, holmbury = (
        replace(statement, concepts=asked, asked=asked, names=named, own=asked)
        for statement in (vennart, holmbury)
    )
    assert relation(AnswerType.NUMBER, vennart, holmbury) is Relation.UNRELATED
    assert relation(AnswerType.NUMBER, holmbury, vennart) is Relation.UNRELATED
    # "Who" says more of the sentence's own subject: "Martin Pellow, who siphoned money from
    # the club" is still about the club.
    told = "Holmbury Cables, which makes cables for Vennart, is to create 80 jobs at its factory."
    assert relation(AnswerType.NUMBER, vennart, replace(holmbury, text=told)) is Relation.DIFFER


def test_a_subject_named_only_in_a_clause_on_what_the_news_ends_is_no_other_part() -> None:
    # "Yardingham Rovers have been sold to Faramond Holdings for £4.75m, ending the Heppenstall
    # family's 31-year ownership": the sellers, whom the other article never names, are no
    # other part of the deal; "Six Heppenstall stores will shut" would be.
    asked = frozenset({"faramond", "hold", "pay", "rover", "yardingham"})
    bought = _statement(
        "Faramond Holdings has paid 4.75 million pounds for Yardingham Rovers.",
        "4.75 million pounds",
        concepts=asked,
        asked=asked,
        own=asked,
        stems=asked,
        subject=frozenset({"yardingham"}),
        article_words=asked,
    )
    sold = _statement(
        "Yardingham Rovers have been sold to Faramond Holdings for £4.75m, ending the Heppenstall"
        " family's 31-year ownership of the club.",
        "£4.75m",
        concepts=asked,
        asked=asked,
        own=asked,
        stems=asked | {"heppenstal", "famili", "ownership", "club"},
        subject=frozenset({"heppenstal", "rover"}),
        article_words=asked | {"heppenstal"},
    )
    assert same_event(bought, sold)
    shut = replace(sold, text="Six Heppenstall stores will shut, and Yardingham Rovers are sold for £4.75m.")
    assert not same_event(bought, shut)


def test_what_something_carries_is_its_size_not_a_count_of_what_happened(tmp_path: Path) -> None:
    articles = [
        {
            "id": "hospital",
            "title": "Fourteen in hospital after coach overturns near Brimsford",
            "published": date(2025, 10, 19),
            "body": "Fourteen people were taken to hospital after a coach carrying day trippers overturned"
            " near Brimsford on Saturday.",
        },
        {
            "id": "passengers",
            "title": "Day trip ends in crash near Brimsford",
            "published": date(2025, 10, 21),
            "body": "A coach carrying 38 passengers overturned near Brimsford at the weekend.",
        },
    ]
    answerer = Answerer.from_folder(write_knowledge(tmp_path, articles))
    answer = answerer.ask("How many people were taken to hospital after the coach crash near Brimsford?")
    assert answer.quotes and answer.quotes[0].source.id == "hospital"
    assert not answer.differing
    # Asked what the coach carried, the two loads are comparable.
    load = _statement("A coach carrying 38 passengers overturned.", "38 passengers", load=True)
    other = replace(load, text="A coach carrying 40 passengers overturned.", answer="40 passengers")
    assert relation(AnswerType.NUMBER, load, other) is Relation.DIFFER
    assert relation(AnswerType.NUMBER, _statement("", "14 people"), load) is Relation.UNRELATED


def test_asked_how_much_something_goes_up_a_level_is_no_rise(tmp_path: Path) -> None:
    articles = [
        {
            "id": "rise",
            "title": "District council agrees council tax rise",
            "published": date(2026, 2, 24),
            "body": "Hexley District Council will raise its share of council tax by 2.99% from April, adding"
            " £6.21 a year to a Band D bill.",
        },
        {
            "id": "bill",
            "title": "What the new council tax bills will mean in Hexley",
            "published": date(2026, 2, 27),
            "body": "Council tax bills in Hexley will rise from April. A Band D household in Hexley will pay"
            " £2,296 a year.",
        },
    ]
    answerer = Answerer.from_folder(write_knowledge(tmp_path, articles))
    answer = answerer.ask("How much will Hexley District Council's share of council tax go up this year?")
    assert answer.quotes and not answer.differing
    # A new level is a level however the sentence says it rose: "will rise to $6.50" and
    # "$7.25 a trip, up from $5" may differ.
    rise = _statement("The toll will rise to $6.50 on September 1.", "$6.50", level=True)
    higher = replace(rise, text="The toll will rise to $7.25 on September 1.", answer="$7.25")
    assert relation(AnswerType.NUMBER, rise, higher) is Relation.DIFFER
    assert relation(AnswerType.NUMBER, rise, replace(higher, level=False)) is Relation.UNRELATED


def test_with_meaning_a_report_in_other_words_is_compared_too(tmp_path: Path) -> None:
    # "went under the hammer for £840,000" shares only the mill's name with the question, but it
    # is its article's sentence closest in meaning to it, about as close as the first's.
    articles = [
        {
            "id": "sold",
            "title": "Derelict Cawdle Mill sold at auction",
            "published": date(2025, 10, 2),
            "body": "Cawdle Mill, the listed former cotton mill that has stood empty for 30 years, sold at"
            " auction for £1.15 million on Wednesday.\n\nThe buyer has not been named.",
        },
        {
            "id": "hammer",
            "title": "Flats plan for old mill after auction sale",
            "published": date(2025, 10, 3),
            "body": "Cawdle Mill went under the hammer for £840,000 this week, with a developer beating four"
            " other bidders.\n\nHeritage group Cawdle Mill Friends said it was cautiously optimistic.",
        },
    ]
    folder = write_knowledge(tmp_path, articles)
    question = "How much did Cawdle Mill sell for at auction?"
    answer = Answerer.from_folder(folder, meaning=True).ask(question)
    assert {claim.value for claim in answer.differing} == {"£1.15 million", "£840,000"}
    assert not Answerer.from_folder(folder).ask(question).differing


def test_two_posts_are_two_roles_however_close_their_words() -> None:
    # "chief" and "chair" are one idea to the thesaurus, but not one post.
    asked = frozenset({"chief", "execut", "sallowmer"})
    chief = _statement(
        "Sallowmere has appointed its finance director, Gareth Pryddy, as chief executive.", "Gareth Pryddy"
    )
    chair = _statement(
        "Sallowmere has appointed Priti Venkatesan as the new chair of its board.", "Priti Venkatesan"
    )
    chief, chair = (
        replace(statement, concepts=asked, asked=asked, own=asked, appointing=True)
        for statement in (chief, chair)
    )
    assert relation(AnswerType.PERSON, chief, chair) is Relation.UNRELATED
    ceo = replace(chair, text="Sallowmere has named Priti Venkatesan its new CEO.")
    assert relation(AnswerType.PERSON, chief, ceo) is Relation.DIFFER
    deputy = replace(chair, text="Sallowmere has appointed Priti Venkatesan as deputy chief executive.")
    assert relation(AnswerType.PERSON, chief, deputy) is Relation.UNRELATED


def test_a_deputy_is_in_another_post_however_broad_the_post() -> None:
    # "leader" names too many posts for data/posts.yaml, but "deputy leader" is still not "leader".
    asked = frozenset({"deputi", "leader", "stavenham"})

    def appointing(text: str, name: str) -> Statement:
        stems = frozenset(analyze(text))
        said = asked & stems
        return _statement(text, name, stems=stems, concepts=said, asked=asked, own=said, appointing=True)

    deputy = appointing(
        "Councillor Nasreen Hollowell has been appointed deputy leader of Stavenham Council.",
        "Nasreen Hollowell",
    )
    leader = appointing(
        "Stavenham Council has elected Councillor Lucian Arbery as its leader.", "Lucian Arbery"
    )
    assert relation(AnswerType.PERSON, deputy, leader) is Relation.UNRELATED
    other_deputy = appointing(
        "Stavenham Council has elected Lucian Arbery as its deputy leader.", "Lucian Arbery"
    )
    assert relation(AnswerType.PERSON, deputy, other_deputy) is Relation.DIFFER


def test_a_year_a_figure_is_compared_with_does_not_date_the_news() -> None:
    stalls = _statement(
        "The market will have 96 stalls this year, up from 70 in 2024.",
        "96 stalls",
        published=date(2025, 10, 29),
    )
    traders = _statement(
        "A record 96 traders will have stalls at the market.", "96 traders", published=date(2025, 11, 12)
    )
    assert relation(AnswerType.NUMBER, stalls, traders) is Relation.AGREE
    back_then = replace(traders, text="In 2024, 96 traders had stalls at the market.")
    assert relation(AnswerType.NUMBER, stalls, back_then) is Relation.UNRELATED


def test_a_year_a_plan_starts_from_does_not_date_the_news() -> None:
    appointed = _statement(
        "The orchestra has appointed Leontyne Aberdour-Kask as principal conductor from the 2026-27 season.",
        "Leontyne Aberdour-Kask",
        published=date(2025, 9, 23),
    )
    named = _statement(
        "Thaddeus Brimacombe has been named principal conductor of the orchestra.",
        "Thaddeus Brimacombe",
        published=date(2025, 9, 26),
    )
    assert same_event(appointed, named)
    # A year the news itself names still dates it.
    dated = replace(appointed, text="The orchestra appointed Leontyne Aberdour-Kask in 2024.")
    assert not same_event(dated, named)


def test_a_season_across_two_years_names_both() -> None:
    assert years_named("62.5 per cent were vaccinated in the winter of 2025-26.") == [2025, 2026]
    assert years_named("The 2024/25 season ended early.") == [2024, 2025]


def test_a_period_a_figure_is_compared_with_does_not_date_the_news() -> None:
    winter = _statement(
        "The clinic vaccinated 62.5% of residents this winter, down from 66% last year.", "62.5%"
    )
    reported = _statement(
        "The clinic vaccinated 62.5 per cent of residents, a report published this week says.",
        "62.5 per cent",
    )
    assert relation(AnswerType.NUMBER, winter, reported) is Relation.AGREE
    last_year = replace(winter, text="The clinic vaccinated 62.5% of residents last year.")
    assert relation(AnswerType.NUMBER, last_year, reported) is Relation.UNRELATED


def test_a_weekday_already_past_answers_no_question_about_what_is_ahead() -> None:
    closed = _statement(
        "The library has been closed after a water main burst on Monday night.",
        "Monday",
        published=date(2025, 10, 8),
        behind_the_news=True,
    )
    reopening = _statement(
        "The library will reopen on 2 March.", "2 March, 2026", published=date(2026, 1, 27)
    )
    assert relation(AnswerType.DATE, reopening, closed) is Relation.UNRELATED
    assert relation(AnswerType.DATE, reopening, replace(closed, behind_the_news=False)) is Relation.DIFFER
    source = Source(id="s", title="T", published=date(2025, 10, 8))
    past = Passage(text=closed.text, source=source, paragraph=0, position=0)
    start = closed.text.index("on Monday")
    candidate = Candidate(0, 1.0, past, frozenset(), "Monday", 0, span=Span("on Monday", start, start + 9))
    assert _behind_the_news(candidate)
    ahead = replace(past, text="The library will reopen on Monday.")
    assert not _behind_the_news(replace(candidate, passage=ahead))


def test_a_name_where_something_happened_is_no_one_to_compare() -> None:
    # Asked which company took over the customers, "barred from selling in the United States"
    # names where, not who.
    barred = _candidate(
        "When Kaspersky was barred from selling in the United States in 2024, updates stopped.",
        "United States",
    )
    assert barred.value(AnswerType.PERSON) is None
    assert barred.value(AnswerType.PLACE) == "United States"
    officials = _candidate("Officials in the Commerce Department said so.", "Commerce Department")
    assert officials.value(AnswerType.PERSON) == "Commerce Department"


def test_a_given_name_is_said_again_by_the_surname() -> None:
    question = "How long was former Tressilock parish clerk Lorcan Sweetapple jailed for?"
    assert surnames(question) == (("lorcan", "sweetapple"),)
    # A run ending in an English word names a body or an event, not a person.
    assert surnames("What was the winning time at the Ellerwick Marathon?") == ()
    assert surnames("Did Dr Anselm Obiora-Tate say so?") == (("anselm", "obiora-tate"),)


def test_a_year_after_since_dates_no_news() -> None:
    # "the biggest attendance since it moved to Gantry Road in 1998" is this year's news.
    assert years_named("It was the biggest attendance since it moved to Gantry Road in 1998.") == []
    assert years_named("The club moved to Gantry Road in 1998.") == [1998]
    assert years_named("Banned since 2017, after hackers stole documents in 2016.") == [2016]


def test_this_year_and_last_season_are_two_periods() -> None:
    quota = _statement("The fleet will be allowed to land 18,500 tonnes this year.", "18,500 tonnes")
    landed = _statement("The boats landed 17,900 tonnes last season.", "17,900 tonnes")
    assert relation(AnswerType.NUMBER, quota, landed) is Relation.UNRELATED
    assert relation(AnswerType.NUMBER, quota, replace(landed, text="The boats may land 17,900 tonnes.")) is (
        Relation.DIFFER
    )


def test_a_sentence_naming_the_first_person_too_does_not_differ_on_who() -> None:
    appointed = _statement("Callowmere has appointed Priya Halvorsen as chief executive.", "Priya Halvorsen")
    also = _statement(
        "Former ValuMart executive Priya Halvorsen will take the top job at Callowmere.", "ValuMart"
    )
    assert relation(AnswerType.PERSON, appointed, also) is Relation.UNRELATED


def test_a_sentence_naming_the_first_person_by_title_and_surname_does_not_differ_on_who() -> None:
    appointed = _statement(
        "Dr Perpetua Inchbald has been appointed headteacher of Pellowdene Vale Academy.",
        "Dr Perpetua Inchbald",
    )
    chosen = _statement(
        "The Oakenrigg Learning Trust has chosen Dr Inchbald as head of Pellowdene Vale.",
        "Oakenrigg Learning Trust",
    )
    assert relation(AnswerType.PERSON, appointed, chosen) is Relation.UNRELATED
    # A bare surname may be a rival's: "edged out Ferrand" names the beaten rider.
    assert not _names_the_person("Lukas Ferrand", "Dario Mensa won stage four after he edged out Ferrand.")
    # Any title written before a name will do ("Judge", "Mayor"), as bot/data/people.yaml lists them.
    assert _names_the_person("Rosalind Achterberg", "Judge Achterberg adjourned the trial until June.")
    assert not _names_the_person("Rosalind Achterberg", "The judge, Achterberg, adjourned the trial.")


def test_a_change_may_be_told_by_the_word_the_figure_counts() -> None:
    assert _a_change(_candidate("Ticket prices will see a 25% increase next season.", "25% increase"))
    assert _a_change(_candidate("Overnight stays rose 12.5 percent over the summer.", "12.5 percent"))
    assert not _a_change(_candidate("A return ticket will cost £25.", "£25"))


def test_a_relative_date_in_an_undated_article_is_not_compared() -> None:
    undated = _statement("", "next month", published=None)
    assert relation(AnswerType.DATE, _statement("", "August 5"), undated) is Relation.UNRELATED


def test_another_year_is_another_event() -> None:
    first = _statement("The ban was announced in June 2024.", "June 2024")
    second = _statement("A ban was announced in March 2017.", "March 2017")
    assert relation(AnswerType.DATE, first, second) is Relation.UNRELATED


def test_reports_years_apart_naming_only_an_old_year_tell_of_two_events() -> None:
    # "the company's first since 1995" dates no news: the reports, three years apart, tell of
    # two summers' bans.
    then = _statement(
        "Dunholm Water's sprinkler ban will begin on 12 August, the company's first since 1995.",
        "12 August",
        published=date(2022, 8, 9),
    )
    now = _statement(
        "Dunholm Water will bring in a sprinkler ban from 18 July.", "18 July", published=date(2025, 7, 15)
    )
    assert told_apart_in_time(then, now)
    assert not told_apart_in_time(replace(then, text="The ban will begin on 12 August 2022."), now)


def test_asked_how_many_were_on_board_what_it_carried_is_compared(tmp_path: Path) -> None:
    articles = [
        {
            "id": "led",
            "title": "Passengers walk to safety after train hits tree",
            "published": date(2025, 12, 2),
            "body": "A passenger train derailed near Oskwick on Monday after hitting a fallen tree, and"
            " all 186 passengers were led to safety along the track.",
        },
        {
            "id": "carrying",
            "title": "Investigators examine tree checks after derailment",
            "published": date(2025, 12, 4),
            "body": "Two carriages of a train left the rails near Oskwick on Monday after it struck a"
            " fallen tree. The train was carrying 240 passengers and three crew.",
        },
    ]
    answer = Answerer.from_folder(write_knowledge(tmp_path, articles)).ask(
        "How many passengers were on board the train that derailed near Oskwick?"
    )
    assert {claim.source.id for claim in answer.differing} == {"led", "carrying"}


def test_the_site_of_a_former_works_is_a_place_to_compare(tmp_path: Path) -> None:
    articles = [
        {
            "id": "works",
            "title": "Brickworks site chosen for new school",
            "published": date(2025, 3, 18),
            "body": "Tallowby's new secondary school will be built on the site of the former Rushmere"
            " brickworks on Kiln Lane, the council said on Monday.",
        },
        {
            "id": "farm",
            "title": "Greenfield site picked for Tallowby school",
            "published": date(2025, 3, 21),
            "body": "Councillors have chosen Oxley Farm, a greenfield site on the northern edge of"
            " Tallowby, for the town's new secondary school.",
        },
    ]
    answer = Answerer.from_folder(write_knowledge(tmp_path, articles)).ask(
        "Where will Tallowby's new secondary school be built?"
    )
    assert {claim.source.id for claim in answer.differing} == {"works", "farm"}


def test_a_person_said_by_title_and_surname_is_the_one_asked(tmp_path: Path) -> None:
    articles = [
        {
            "id": "jailed",
            "title": "Club treasurer jailed",
            "published": date(2025, 5, 7),
            "body": "Ifor Wrackley, who stole £96,000 from Dunmere Bowls Club while he was its"
            " treasurer, was jailed for 18 months on Tuesday.",
        },
        {
            "id": "judge",
            "title": "Judge condemns treasurer's betrayal",
            "published": date(2025, 5, 8),
            "body": "Judge Morwenna Tallis sent Mr Wrackley, the former treasurer of Dunmere Bowls"
            " Club, to prison for a year and a half.",
        },
    ]
    answer = Answerer.from_folder(write_knowledge(tmp_path, articles)).ask(
        "How long was the prison sentence given to Ifor Wrackley for stealing from Dunmere Bowls Club?"
    )
    assert answer.quotes and [source.id for source in answer.quotes[0].agreeing] == ["judge"]


def test_a_body_and_a_person_may_both_be_who_did_it() -> None:
    # "a recent ban by the US Commerce Department" and "actions ... by the Biden administration".
    assert _names_compatible("US Commerce Department", "Biden") is None
    assert _names_compatible("Jane Roe", "Ines Carvalho") is False


def _ask(tmp_path: Path, case: dict[str, Any]) -> str:
    answer = Answerer.from_folder(write_knowledge(tmp_path, case["articles"])).ask(case["question"])
    if answer.differing:
        return "differ"
    return "agree" if answer.quotes and answer.quotes[0].agreeing else "neither"


@pytest.mark.parametrize("case", ALL_CASES, ids=[case["id"] for case in ALL_CASES])
def test_no_source_is_said_to_agree_or_differ_wrongly(tmp_path: Path, case: dict[str, Any]) -> None:
    found = _ask(tmp_path, case)
    # Every note the bot gives must be right; a missed one (neither) is counted below.
    assert found in (case["expect"], "neither"), f"{case['id']}: expected {case['expect']}, got {found}"


def _found(tmp_path: Path, cases: list[dict[str, Any]], expect: str) -> dict[str, str]:
    return {case["id"]: _ask(tmp_path / case["id"], case) for case in cases if case["expect"] == expect}


def test_how_many_agreements_and_differences_are_found(tmp_path: Path) -> None:
    # Measured: 9 of 9 planted differences and 8 of 9 agreements (before the work: 2/9 and 1/9).
    differ = _found(tmp_path, CASES, "differ")
    agree = _found(tmp_path, CASES, "agree")
    assert list(differ.values()).count("differ") == 9, differ
    assert list(agree.values()).count("agree") == 9, agree


@pytest.mark.parametrize(
    ("cases", "differences", "agreements"),
    [
        # First seen: 1 of 5 differences, 0 of 5 agreements, two wrong notes.
        pytest.param(ROUNDS[2], 5, 3, id="round2"),
        # First seen: 1 of 6, 1 of 6, one wrong note (a proposed rise against the one voted).
        pytest.param(ROUNDS[3], 4, 3, id="round3"),
        # First seen: 1 of 6, 1 of 6, one wrong note (a proposed subsidy against the one approved).
        pytest.param(ROUNDS[4], 5, 4, id="round4"),
        # First seen: 1 of 6, 4 of 6, and no wrong note. "23 locations" and "31 clubs" are
        # counts of the gyms asked about (bot/data/premises.yaml). The festival jury (6 of 6
        # before) was found against "Ferrand, 58, starred in last year's opening-night film",
        # which since round 38's rules tells of last year, not the one asked; "named to chair
        # the competition jury" is another post than "jury president".
        pytest.param(ROUNDS[5], 5, 4, id="round5"),
        # First seen: 1 of 6, 2 of 6, one wrong note (an "agree" between this year's
        # marathon and last year's, which a sentence naming no year now tells apart);
        # "four and a half percent" read as 4.5 then agreed, and "the most rain since 1987"
        # stopped counting as background. "What date is the festival this year?" is no longer
        # answered by "last year's event", so the two dates of this year's festival differ.
        pytest.param(ROUNDS[6], 6, 5, id="round6"),
        # First seen: 3 of 6, 2 of 6, one wrong note ("hand over 86 million dollars" read as
        # "over 86 million"); after: the particle, rounding, and places as towns.
        pytest.param(ROUNDS[7], 5, 3, id="round7"),
        # First seen, after this session's work: 0 of 6, 3 of 6, three wrong notes (an earlier
        # rejected offer, a meeting's date, a hiring plan against hires so far).
        pytest.param(ROUNDS[8], 5, 6, id="round8"),
        # First seen, by the code with the first part of this work: 1 of 6, 3 of 6, one wrong
        # note (teachers' five-day strike against support staff's two-day one).
        pytest.param(ROUNDS[9], 6, 5, id="round9"),
        # First seen, by the code with this work up to "a year and a half": 3 of 6 (one of them
        # with the wrong value, a resignation's month for the by-election's date), 3 of 6, one
        # wrong note (a rise a water firm asked for against the one allowed).
        pytest.param(ROUNDS[10], 5, 3, id="round10"),
        # First seen, by the code with all of this work: 2 of 6, 2 of 6, no wrong note (the
        # code before it: 1 of 6, 2 of 6, one wrong note); one of the two set "212 jobs"
        # against the company's "around 1,900 staff" before the sentence saying most of the
        # question was preferred among those that differ.
        pytest.param(ROUNDS[11], 5, 2, id="round11"),
        # First seen, after the appointing, told-date and one-idea rules: 5 of 6, 5 of 6, one
        # wrong note (the day councillors voted, "on Wednesday, April 9", against the day the
        # limit takes effect); the code before them: 3 of 6, 5 of 6, the same wrong note.
        pytest.param(ROUNDS[12], 6, 6, id="round12"),
        # First seen, after round 12's rules: 4 of 6, 4 of 6, one wrong note (an "agree"
        # between a festival's expected 40,000 visitors and the 34,500 it drew); the
        # session-start code: 1 of 6, 4 of 6, the same note.
        pytest.param(ROUNDS[13], 5, 3, id="round13"),
        # First seen, after round 13's rules: 3 of 6, 3 of 6, two wrong notes ("Former ValuMart"
        # read as the new chief's name; this year's herring quota against last season's catch);
        # the session-start code: 3 of 6, 3 of 6, the second wrong note.
        # With the choice model refitted in the session of agreement round 38 the festival venue
        # is quoted from another sentence, and its agreement (6 of 6 before) is missed lexically.
        pytest.param(ROUNDS[14], 6, 5, id="round14"),
        # First seen, after round 14's rules: 5 of 6, 5 of 6, no wrong note (the session-start
        # code: 4 of 6, 5 of 6, none); then "stop work" as a strike and dockers as dockworkers.
        pytest.param(ROUNDS[15], 6, 6, id="round15"),
        # First seen, after round 15's rules: 2 of 6, 2 of 6, no wrong note (the session-start
        # code the same); then two venues as two places, a plan that was approved, and "new".
        pytest.param(ROUNDS[16], 6, 5, id="round16"),
        # First seen, after round 16's rules: 3 of 6, 4 of 6, four wrong notes (12 weeks against
        # three months; a compensation demanded against one paid; a verdict's date against the
        # sentencing's; another brewery's recall); the session-start code: 3 of 6, 4 of 6, three.
        pytest.param(ROUNDS[17], 6, 5, id="round17"),
        # First seen, after round 17's rules: 4 of 6, 1 of 6, no wrong note (the same with the
        # session-start code); then the head of "how many wind turbines", "is to be" as news, an
        # organisation as no place, "Port Ellery" as one name, and a month as no title's subject.
        pytest.param(ROUNDS[18], 6, 3, id="round18"),
        # First seen, after round 18's rules: 2 of 6, 1 of 6 and two wrong notes (48 turbines
        # against "four dozen"; a crowd of twelve thousand against the arena's £210 million),
        # the session-start code the same; then dozens, currencies, elections, "will become"
        # "to host", "disqualified" as barred, and the teller as no doer; later, a depot that
        # "will offer 54 beds" as the shelter's beds, not a bid.
        pytest.param(ROUNDS[19], 5, 4, id="round19"),
        # First seen, after round 19's rules: 5 of 6 (their values the planted ones), 2 of 6,
        # one wrong note (two bursts three weeks apart, 2,300 homes and 900); then the day a
        # count happened, a name as common as "NHS", "half a million", measures as units,
        # "closes" as an end, and "Victorian" as no title's subject.
        pytest.param(ROUNDS[20], 6, 6, id="round20"),
        # First seen, after round 20's rules: 4 of 6 (their values the planted ones), 2 of 6, one
        # wrong note (four years and six months read as four years); the session-start code the
        # same; then spans of two units, "a quarter of a million", "£18.5m", plans that were
        # approved, a title naming nothing, a subject the other tells of in full, the present
        # perfect as news.
        pytest.param(ROUNDS[21], 6, 5, id="round21"),
        # First seen, after that session's rules up to round 21's: 4 of 6 (their values the
        # planted ones), 3 of 6, one wrong note (another town's lifeboat station, whose name
        # only opens sentences); the session-start code the same; then names that open
        # sentences, people counted as spectators or visitors, the past tense as asking what
        # happened, a day's count against the whole event's, and the subject as a title's name.
        pytest.param(ROUNDS[22], 4, 5, id="round22"),
        # First seen, by the code of round 22's session: 6 of 6 (their values the planted ones),
        # 4 of 6, four wrong notes (a fortnight read as none, so "two weeks" against "30 years";
        # a chair against a chief executive; another firm's jobs, named first in a sentence that
        # names the asked firm only in a later clause; a coach's 38 passengers against 14 taken
        # to hospital); then a fortnight as two weeks, posts as roles, main clauses, loads, and
        # a year a figure is compared with ("up from 70 in 2024") as no year of the news.
        pytest.param(ROUNDS[23], 6, 6, id="round23"),
        # First seen, after round 23's rules: 4 of 6 (their values the planted ones), 5 of 6, two
        # wrong notes (a forecast against the outcome, asked with "used", a past tense the rule
        # did not know; a Band D bill against the rise asked about); then "used" and "led" as
        # past tenses, a level as no answer to how much something goes up, and "GPs" as "GP".
        pytest.param(ROUNDS[24], 5, 5, id="round24"),
        # First seen, by the code of round 24's session: 3 of 6, 2 of 6, five wrong notes (a theft's
        # six years against an 18-month sentence; "this Friday" read as the Friday gone; "more
        # than 200 runners" treated, agreeing with 5,260 who finished; another firm's jobs, named
        # first; the council leader against the deputy asked about); then "for" marking how long,
        # "this <weekday>" as the article's week, a bound stating only a figure near it, a firm
        # named after a few words saying what it is, "deputy" before any post, "per cent", last
        # spring's rise as no answer to what will be, the day a wait ends, and a borough as no
        # other name. The storm's "households" are not yet its "homes".
        pytest.param(ROUNDS[25], 6, 5, id="round25"),
        # First seen, after round 25's rules: 3 of 6, 4 of 6, two wrong notes ("Two and a quarter
        # million pounds" read as "million pounds"; the superintendent whose retirement frees the
        # post, against the new district commander); then "and a quarter", a predecessor after
        # "the retirement of", "one of" as no count, "4.1cm" and "41mm" as one length, "a crowd
        # of" as people, a title ("Judge") opening a name as no subject, "the new medical
        # director will be" as an appointment, and a year after "since ..." as no year of the news.
        pytest.param(ROUNDS[26], 6, 6, id="round26"),
        # First seen, after round 26's rules: 4 of 6, 5 of 6, three wrong notes (another
        # branch's closing; a 27.6% turnout read as "27.6" against four candidates; Greyhollow
        # Homes' new chief executive against the borough council's); then percentages to the
        # "%", "seven and a half per cent", the day of "6 April" as no count, "how long is the
        # pipeline" and "how full" as measures, a name sharing a word with the asked one as
        # another body, a place the other article never names as another happening, and a
        # place that "will offer 54 beds" as no bid.
        pytest.param(ROUNDS[27], 6, 6, id="round27"),
        # First seen, after round 27's rules: 4 of 6, 3 of 6, one wrong note ("six euros fifty"
        # read as six euros, against €6.50); then the cents after "euros", "a quarter of" as
        # 25%, "the strongest gust" as a measure, football clubs ("Stoneacre United") as bodies,
        # and a noun after a name ("Kieran Holroyd's goal") as no plan. Still missed: "Kieran
        # Holroyd's goal ... won" against "came off the bench to score the winner", which speak
        # of the goal in other words; and a sentence whose article never names the charity's
        # town (Westerholt), though both name the treasurer.
        pytest.param(ROUNDS[28], 5, 5, id="round28"),
        # First seen, after round 28's rules: 4 of 6, 3 of 6, two wrong notes (the 300 queuing
        # for a store's 120 posts against the 120 it will employ; the getaway driver's sentence
        # against the raider's); then a sentence that gives the first's figure too, and one
        # opening with someone described where the other opens with the asked person's name, and
        # "how long a stretch" as a length. Then "will captain" as taking up a post and a
        # season as a time: the captain named against the one who will captain differ.
        pytest.param(ROUNDS[29], 6, 4, id="round29"),
        # First seen, after round 29's rules: 4 of 6, 4 of 6, no wrong note; then "3.2m
        # pounds" as a sum, "what pay rise" as a figure that may be a share, "six per cent
        # more" as the rise asked about, "a one-year offer" as no amount, a possessive name
        # ("Padraig Mallaby's appointment") as the name, and a Roman numeral in a title ("Second
        # XV") as no subject. Still missed: the relief road's "1.5-mile", ranked too low beside
        # "a mile and a half of new single carriageway" to be compared.
        pytest.param(ROUNDS[30], 6, 5, id="round30"),
        # First seen: 2 of 6, 2 of 6, two wrong notes (a new head teacher against the trust that
        # chose "Dr Inchbald"; "at least 320 homes" agreeing with "some five hundred"); then a
        # title and surname as the person named again, a bound far below a figure's middle as no
        # agreement, "How long is the ... cycle path?" as a length, "a £6.1m multi-storey car park
        # ... were approved" as decided, "rise by a quarter" and "a 25% increase" as changes, and
        # a seller named in a clause on what the sale ends as no other part of the deal. Still
        # missed: "won the men's race" against "took the men's title"; a festival's crowd told
        # beside the year the festival began; the 320 and five hundred homes.
        pytest.param(ROUNDS[31], 3, 4, id="round31"),
        # First seen, after round 31's rules: 4 of 6, 6 of 6, two wrong notes (the "2" of a 2-1
        # win as the attendance; a semi-final's winning goal agreeing with the final's, both
        # answered by the team "Wyckhampton Women"); then a score or a span of years ("2-1",
        # "2026-27") as no count, a name holding the question's own words as not who, and a year
        # a plan starts from ("from the 2026-27 season") as no date of the news.
        pytest.param(ROUNDS[32], 6, 6, id="round32"),
        # First seen, after round 32's rules: 4 of 6, 4 of 6, no wrong note; then a bare count of
        # what the question names ("its 4,300 council homes", asked by how much rents rise) as no
        # amount, a place described as one (", a former airfield"), a builder who opens the
        # sentence ("Halvergate Tunnelling has handed over the ... tunnel") as no part of the
        # whole, and a "which" clause's "last year" as the time of what it describes.
        pytest.param(ROUNDS[33], 6, 6, id="round33"),
        # First seen, after round 33's rules: 4 of 6, 1 of 6, one wrong note (a library's reopening
        # date against "has been closed after a water main burst ... on Monday night"); then a
        # weekday already past as no answer to what is ahead, a temperature in either scale, a
        # given name said again by the surname ("Mr Sweetapple"), "the winter of 2025-26" as
        # 2026 too, a period a figure is compared with ("down from 66% last year") as no period
        # of the news, "Pennygarth Tramways' extension" as the asked extension's owner, and a
        # race's winning time as a span ("2:11:48", "two hours, 11 minutes and 48 seconds").
        pytest.param(ROUNDS[34], 4, 6, id="round34"),
        # First seen, by the code round 34's session ended with: 4 of 6, 3 of 6, one wrong note
        # with meaning (a hosepipe ban's date of 2022 against 2025's, the older report naming
        # only "the company's first since 1995"); then a year after "first since" as no year of
        # the news, "on board" as asking what a train carried, "the site of the former Hobcroft
        # brickworks" as a place, a given name said by the surname before the answer, and "what
        # stake" as a share. A final's score ("3-1", "by three goals to one") is found since
        # round 36's session, which read scores.
        pytest.param(ROUNDS[35], 6, 6, id="round35"),
        # First seen, by the code round 35's session ended with: 3 of 6, 4 of 6, two wrong notes
        # ("Thousands of people" read as 1,000 against "Nearly 3,000"; a path's "11 miles of new
        # rights of way" against "nearly 40 miles", its article also saying "a 38-mile route");
        # then vague counts read before number words become digits, no difference from an
        # article that also states the other's value, years of past centuries ("built in 1887")
        # and times of day ("just after 6am", "20:45") as dates, and "what time" answered only by
        # a time of day. The march's compatible counts, written as "neither", were relabelled
        # "agree" as the cases have always counted them; then a match's score as its own kind of
        # answer ("4-2", "four goals to two"), and a header as a goal, so "a header from Ruaridh
        # Penhallow" differs from "scored the winning goal".
        pytest.param(ROUNDS[36], 6, 7, id="round36"),
        # First seen, by the code round 36's session ended with: 2 of 6, 2 of 6, one wrong note
        # (a town's "Nearly 300" waiting for allotments against the country's "more than 150,000";
        # with meaning a second, this year's festival takings against a total "first held in 2008"
        # from last year's report); then "three in four" as a share, an aside after a name
        # (", currently an area coroner in Cardenbury,") as no other subject, the date after
        # "until" for "until when", not the day a rink stays open until for when it opens, a name
        # saying which thing ("The Burrell traction engine") as no place, a month or year asked
        # as no part of a role, who spoke of a match as no one in the asked role, a figure for
        # the whole country as no town's, and a report of another year than the one asked.
        pytest.param(ROUNDS[37], 5, 5, id="round37"),
        # First seen, by the code round 37's session ended with: 2 of 6, 2 of 6, one wrong note
        # (a quarter-final's score against the final's: "semi-finals" and "quarter-finals" said
        # "final"). Then the round before the final as another round, an ordinal day before its
        # month ("Friday 3rd October"), "nearly" before a pound sign, hectares against acres,
        # the figure after "by" for "by how much" and after "for" for what a house sold for, and
        # a yearless rise "from 1 January" in a December report as next year's news.
        pytest.param(ROUNDS[38], 3, 5, id="round38"),
        # First seen, by the code round 38's session ended with: 4 of 6, 3 of 6, one wrong note
        # (a crystal maker's "95 of its 260 staff" against Pellingham Glass's 210 jobs). Then a
        # name's own word that a sentence leaves unsaid ("Glass" of "Pellingham Glass"), "Plans
        # for 350 homes ... were approved" as decided, a shortlist that names the other report's
        # winner as no agreement, another festival in an article about this one, a timetable's
        # present ("begins on Friday") as what is ahead, two articles speaking most of one rare
        # name, a venue that hosts, and "this year's" final as the year of the news. The storm's
        # "twelve thousand households" still misses the "12,000 homes" (households are no homes in
        # the thesaurus, or the households on a waiting list would differ from the homes built).
        pytest.param(ROUNDS[39], 6, 5, id="round39"),
        # First seen, by the code round 39's session ended with: 2 of 6, 1 of 6, three wrong notes
        # (a comet's day of discovery, in an aside on its name, against its closest approach; a
        # district's homes against one town's; another crossing's toll). Then pence, money and
        # shares asked in the asker's context, a figure in an aside, a year the clause dates a
        # figure in, "the number of patients ... rose to", and other things counted.
        pytest.param(ROUNDS[40], 5, 5, id="round40"),
        # First seen, by the code round 40's session ended with: 4 of 6, 3 of 6, two wrong notes
        # (4.99% against "just under 5 per cent"; January's hospital waits against December's).
        # Then a figure just under or over another, a clause after ", as" as no part of the news,
        # a day of the month as when and not what, a person described and named in the next
        # sentence, and another month than the one asked. The cricket captain who "will lead"
        # the side, and a grant of "£4.2 million" against "£2.9m" (the span read is "a
        # five-year" study), are still missed.
        pytest.param(ROUNDS[41], 5, 5, id="round41"),
    ],
)
def test_how_many_of_the_later_rounds_are_found(
    tmp_path: Path, cases: list[dict[str, Any]], differences: int, agreements: int
) -> None:
    # Each round was written without running banbot and scored before it was tuned on; the
    # floors are what was found after (every note given right, the test above).
    differ = _found(tmp_path, cases, "differ")
    agree = _found(tmp_path, cases, "agree")
    assert list(differ.values()).count("differ") >= differences, differ
    assert list(agree.values()).count("agree") >= agreements, agree


def _value_words(text: str) -> str:
    """A value's words, for comparing what a note says with what a case plants ("three-year")."""
    return " ".join(
        re.sub(r"s$", "", word) for word in re.findall(r"[a-z0-9.,$€£]+", text.lower().replace("-", " "))
    )


@pytest.mark.parametrize(
    "case", [case for case in ALL_CASES if case["expect"] == "differ"], ids=lambda case: case["id"]
)
def test_a_difference_sets_the_planted_values_against_each_other(
    tmp_path: Path, case: dict[str, Any]
) -> None:
    answer = Answerer.from_folder(write_knowledge(tmp_path, case["articles"])).ask(case["question"])
    if not answer.differing:
        pytest.skip("the difference is not found: a miss, counted by the tests above")
    given = [_value_words(claim.value) for claim in answer.differing]
    for planted in case["values"]:
        words_planted = _value_words(planted)
        # A date's weekday may go, and its year come, as the note writes it: "Saturday 7 March"
        # is "7 march, 2026".
        undated = set(words_planted.split()) - set(WEEKDAY_NAMES)
        assert any(
            words_planted in value
            or value in words_planted
            or (bool(undated) and undated <= set(value.replace(",", "").split()))
            for value in given
        ), given


def test_a_difference_names_each_source_value_and_sentence(tmp_path: Path) -> None:
    case = next(case for case in CASES if case["id"] == "differ-spokesperson")
    answer = Answerer.from_folder(write_knowledge(tmp_path, case["articles"])).ask(case["question"])
    assert {claim.value for claim in answer.differing} == set(case["values"])
    assert answer.note is not None
    for claim in answer.differing:
        assert claim.source.citation() in answer.note
        assert claim.quote in answer.note
        assert claim.value in claim.quote
        assert claim.source not in answer.quotes[0].agreeing
    record = json.loads(json.dumps(answer.to_dict()))
    assert [item["value"] for item in record["differing"]] == [claim.value for claim in answer.differing]


# The sets asked of the bundled articles, in groups small enough to answer well within a
# test's time limit with closeness in meaning on a slow machine.
_NEVER_DIFFER_SETS = {
    "public-and-chat": ("public_questions.jsonl", "chat_questions.jsonl"),
    "rounds-10-18": tuple(f"rounds/round{n}.jsonl" for n in range(10, 19)),
    "rounds-19-27": tuple(f"rounds/round{n}.jsonl" for n in range(19, 28)),
    "rounds-28-35": tuple(f"rounds/round{n}.jsonl" for n in range(28, 36)),
    "rounds-36-42": tuple(f"rounds/round{n}.jsonl" for n in range(36, 43)),
    "rounds-43-49": tuple(f"rounds/round{n}.jsonl" for n in range(43, 50)),
}


@pytest.mark.parametrize("group", list(_NEVER_DIFFER_SETS))
@pytest.mark.parametrize("meaning", [False, True], ids=["lexical", "with-meaning"])
def test_the_bundled_articles_never_differ(
    bundled_answerer: Answerer, question_set_dir: Path, meaning: bool, group: str
) -> None:
    answerer = Answerer.from_folder(meaning=True) if meaning else bundled_answerer
    for name in _NEVER_DIFFER_SETS[group]:
        for line in (question_set_dir / name).read_text(encoding="utf-8").splitlines():
            question = json.loads(line)["question"]
            answer = answerer.ask(question)
            assert answer.note is None and not answer.differing, question


def test_articles_about_other_firms_never_differ_from_the_bundled_ones(
    tmp_path: Path, question_set_dir: Path
) -> None:
    # Before articles were told apart by subject, a folder grown with the test articles
    # gave 23 wrong notes on these sets ("fewer than 50 employees" at Kaspersky against
    # "85 employees" at Valdris).
    folder = tmp_path / "grown"
    folder.mkdir()
    bundled = bundled_knowledge_dir()
    for path in [
        *bundled.glob("*.md"),
        bundled / "vocabulary.yaml",
        *(question_set_dir / "nearby").glob("*.md"),
        *(question_set_dir / "nearby2").glob("*.md"),
    ]:
        shutil.copy(path, folder / path.name)
    grown = Answerer.from_folder(folder)
    sets = (
        "public_questions.jsonl",
        "chat_questions.jsonl",
        "nearby_questions.jsonl",
        "nearby2_questions.jsonl",
    )
    for name in (*sets, *(f"rounds/round{n}.jsonl" for n in (10, 11, 13, 16, 27))):
        for line in (question_set_dir / name).read_text(encoding="utf-8").splitlines():
            question = json.loads(line)["question"]
            assert not grown.ask(question).differing, question


def test_the_two_bundled_articles_agree_on_when_updates_stop(bundled_answerer: Answerer) -> None:
    answer = bundled_answerer.ask("When do updates stop?")
    assert answer.answer == "September 29, 2024"  # the year from the dated source that agrees
    assert len(answer.quotes[0].sources) == 2
    assert answer.note is None


def _told(answer: str) -> Told:
    return Told(answer, answer, date(2025, 11, 17), frozenset())


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # "Thousands" was read as the number word "thousand", 1000, against "nearly 3,000".
        ("Nearly 3,000 people", "Thousands of people", True),
        ("hundreds of thousands of people", "250,000 people", True),
        ("Thousands of people", "400 people", False),
        ("several hundred jobs", "340 jobs", True),
    ],
)
def test_a_vague_count_is_read_as_the_range_it_allows(first: str, second: str, expected: bool) -> None:
    assert compatible(AnswerType.NUMBER, _told(first), _told(second)) is expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [("4-2", "four goals to two", True), ("3-1", "1-3", True), ("three goals to one", "2-1", False)],
)
def test_scores_are_one_whoever_is_named_first(first: str, second: str, expected: bool) -> None:
    assert compatible(AnswerType.SCORE, _told(first), _told(second)) is expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("4.10am", "just after 6am", False),
        ("6.20am", "just after 6am", True),
        ("8.45pm", "20:45", True),
        ("around 10pm", "9.45pm", True),
        ("at 8pm", "on Friday", None),
        # Years of past centuries are years too.
        ("1887", "1893", False),
        ("in 1887", "1887", True),
    ],
)
def test_times_of_day_and_old_years_are_compared(first: str, second: str, expected: bool | None) -> None:
    assert compatible(AnswerType.DATE, _told(first), _told(second)) is expected


def test_two_years_long_past_asked_of_one_building_differ(tmp_path: Path) -> None:
    # The years are the values asked for: not two pieces of news, nor background to the news.
    case = next(case for case in ROUNDS[36] if case["id"] == "r36-differ-lighthouse-built-year")
    articles = [
        {**article, "body": article["body"].replace("1887", "1987").replace("1893", "1993")}
        for article in case["articles"]
    ]
    answer = Answerer.from_folder(write_knowledge(tmp_path, articles)).ask(case["question"])
    assert {claim.value for claim in answer.differing} == {"1987", "1993"}
