"""banbot's own general-English data (bot/data): each file loads, in the shape its readers expect."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.english import (
    date_markers,
    english_typo_fix,
    equivalent_stems,
    kind_nouns,
    light_words,
    people_nouns,
    post_patterns,
    posts_named,
    tentative_words,
    thesaurus,
    time_words,
)

_LOWER_WORDS = re.compile(r"[a-z][a-z' -]*")
POSTS = Path(__file__).resolve().parent.parent / "bot" / "data" / "posts.yaml"


def test_every_thesaurus_group_joins_two_phrases_or_more() -> None:
    groups = thesaurus()
    assert groups
    assert all(len(group) >= 2 and all(group) for group in groups)


def test_words_for_people_are_roles_groups_happenings_and_posts_in_lower_case() -> None:
    nouns = people_nouns()
    assert set(nouns) == {"roles", "groups", "happenings", "appointing", "holding", "titles"}
    assert all(nouns[kind] and all(_LOWER_WORDS.fullmatch(noun) for noun in nouns[kind]) for kind in nouns)
    assert "judge" in nouns["roles"] and "patients" in nouns["groups"] and "layoffs" in nouns["happenings"]
    assert "appointed" in nouns["appointing"] and "lead" in nouns["holding"]
    assert "inspector" in nouns["titles"] and "judge" in nouns["titles"]


def test_each_post_is_written_in_lower_case_and_in_one_list_only() -> None:
    _, spellings = post_patterns()
    written = [spelling for post in yaml.safe_load(POSTS.read_text(encoding="utf-8")) for spelling in post]
    assert len(written) == len(spellings) == len(set(written))
    assert all(_LOWER_WORDS.fullmatch(spelling) for spelling in spellings)
    assert spellings["ceo"] == spellings["chief executive"] != spellings["chair"]
    assert posts_named("She was named CEO.") == posts_named("the new chief executive")
    assert posts_named("the deputy chief executive") != posts_named("the chief executive")
    assert not posts_named("the company's finance team")


def test_nouns_naming_the_kind_of_answer_are_lower_case_and_by_kind() -> None:
    kinds = kind_nouns()
    assert set(kinds) == {"reason", "place", "number", "duration", "person"}
    assert all(nouns and all(_LOWER_WORDS.fullmatch(noun) for noun in nouns) for nouns in kinds.values())
    assert "town" in kinds["place"] and "reasoning" in kinds["reason"]


def test_date_markers_say_what_precedes_a_date_and_what_a_question_asks() -> None:
    markers = date_markers()
    assert set(markers) == {"telling", "decision", "start", "end"}
    for before, asked in markers.values():
        assert before and asked
        assert all(_LOWER_WORDS.fullmatch(word) for word in before | asked)
    assert "announced" in markers["telling"][0] and "until" in markers["end"][0]
    assert "approved" in markers["decision"][0] and "approval" in markers["decision"][1]
    assert {"year", "next"} <= time_words()


def test_word_lists_are_lower_case_words() -> None:
    for found in (light_words(), tentative_words()):
        assert found
        assert all(_LOWER_WORDS.fullmatch(word) for word in found)
    assert "proposed" in tentative_words() and "idk" in light_words()


def test_a_typo_is_read_as_the_likeliest_slip_of_one_letter() -> None:
    # A letter English doubles, left single, before any other word one letter away.
    assert english_typo_fix("shuting") == "shutting"  # not "shouting"
    assert english_typo_fix("writen") == "written"  # not "write"
    # A letter dropped before a letter added: "markt" is "market", not "mark".
    assert english_typo_fix("markt") == "market"
    assert english_typo_fix("goverment") == "government"
    assert english_typo_fix("market") is None  # an English word is no typo


def test_an_ordinal_is_its_number() -> None:
    # "stage four" and "the fourth stage" name one stage of a race.
    assert "four" in equivalent_stems()["fourth"]
    assert "ten" in equivalent_stems()["tenth"]
