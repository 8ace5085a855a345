"""The passage index: de-duplication, neighbours, BM25+ term scores and related stems."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.index import PassageIndex
from bot.knowledge import KnowledgeError, load_knowledge
from bot.text import stem

MakeKnowledge = Callable[[Path, Iterable[Mapping[str, Any]]], Path]


def _index(make_knowledge: MakeKnowledge, directory: Path, *articles: Mapping[str, Any]) -> PassageIndex:
    return PassageIndex(load_knowledge(make_knowledge(directory, articles)))


def _texts(index: PassageIndex) -> list[str]:
    return [passage.text for passage in index.passages]


def _position(index: PassageIndex, text: str) -> int:
    return _texts(index).index(text)


def test_passages_are_the_sentences_of_the_prose(tmp_path: Path, make_knowledge: MakeKnowledge) -> None:
    index = _index(
        make_knowledge,
        tmp_path,
        {
            "id": "acme",
            "body": "# Acme news\n\nAcme opened a plant. It makes anvils.\n\n## More\n\nSales grew.",
        },
    )
    assert _texts(index) == ["Acme opened a plant.", "It makes anvils.", "Sales grew."]
    assert len(index) == 3
    assert [passage.paragraph for passage in index.passages] == [0, 0, 1]
    assert all(passage.source.id == "acme" for passage in index.passages)


def test_repeated_lede_and_caption_are_indexed_once(tmp_path: Path, make_knowledge: MakeKnowledge) -> None:
    body = (
        "Acme will close its Springfield plant.\n\n"
        "Acme will close its Springfield plant. Workers heard the news on Monday.\n\n"
        "Image: the plant’s “north gate”.\n\n"
        "The mayor spoke to reporters.\n\n"
        'Image: the plant\'s "north gate".'
    )
    index = _index(make_knowledge, tmp_path, {"id": "acme", "body": body})
    texts = _texts(index)
    assert texts.count("Acme will close its Springfield plant.") == 1
    assert sum("north gate" in text for text in texts) == 1
    assert len(texts) == 4


def test_same_sentence_in_two_articles_is_indexed_for_each(
    tmp_path: Path, make_knowledge: MakeKnowledge
) -> None:
    index = _index(
        make_knowledge,
        tmp_path,
        {"id": "a-first", "body": "Acme will close its plant. The mayor was sad."},
        {"id": "b-second", "body": "Acme will close its plant. Workers marched."},
    )
    # Each source keeps its copy, so an answer can credit both.
    assert _texts(index).count("Acme will close its plant.") == 2
    assert {entry.passage.source.id for entry in index.entries if entry.passage.text.startswith("Acme")} == {
        "a-first",
        "b-second",
    }
    assert len(index) == 4


def test_neighbours_are_adjacent_sentences_of_the_same_paragraph(
    tmp_path: Path, make_knowledge: MakeKnowledge
) -> None:
    index = _index(
        make_knowledge,
        tmp_path,
        {"id": "a-first", "body": "Alpha one. Alpha two. Alpha three.\n\nBeta one. Beta two."},
        {"id": "b-second", "body": "Gamma one. Gamma two."},
    )
    position = {text: _position(index, text) for text in _texts(index)}
    assert sorted(index.neighbours(position["Alpha two."])) == [
        position["Alpha one."],
        position["Alpha three."],
    ]
    assert index.neighbours(position["Alpha one."]) == [position["Alpha two."]]
    # The last sentence of a paragraph does not reach into the next paragraph ...
    assert index.neighbours(position["Alpha three."]) == [position["Alpha two."]]
    assert index.neighbours(position["Beta one."]) == [position["Beta two."]]
    # ... nor into the next article, though both are paragraph 0 of their article.
    assert index.neighbours(position["Beta two."]) == [position["Beta one."]]
    assert index.neighbours(position["Gamma one."]) == [position["Gamma two."]]


def test_sentences_around_a_dropped_duplicate_are_not_neighbours(
    tmp_path: Path, make_knowledge: MakeKnowledge
) -> None:
    index = _index(
        make_knowledge,
        tmp_path,
        {
            "id": "acme",
            "body": "Acme will close its plant.\n\nWorkers marched. Acme will close its plant. Police came.",
        },
    )
    marched = _position(index, "Workers marched.")
    watched = _position(index, "Police came.")
    assert index.neighbours(marched) == []
    assert index.neighbours(watched) == []


def test_single_sentence_paragraph_has_no_neighbours(tmp_path: Path, make_knowledge: MakeKnowledge) -> None:
    index = _index(
        make_knowledge, tmp_path, {"id": "acme", "body": "Only one.\n\nAnother one.\n\nA third one."}
    )
    assert all(index.neighbours(position) == [] for position in range(len(index)))


@pytest.fixture(scope="module")
def anvil_index(tmp_path_factory: pytest.TempPathFactory, make_knowledge: MakeKnowledge) -> PassageIndex:
    body = (
        "Acme sells anvils in Springfield.\n\n"
        "Acme closed its plant after a long dispute.\n\n"
        "Acme says the risk of fire is low.\n\n"
        "The mayor opened a new window factory.\n\n"
        "Acme workers marched on Monday.\n\n"
        "Rain fell all week."
    )
    return _index(make_knowledge, tmp_path_factory.mktemp("anvils"), {"id": "acme", "body": body})


def test_term_scores_are_zero_without_the_term_and_positive_with_it(anvil_index: PassageIndex) -> None:
    term = stem("anvils")
    scores = anvil_index.term_scores(term)
    assert scores.shape == (len(anvil_index),)
    for passage, score in zip(anvil_index.passages, scores, strict=True):
        if "anvil" in passage.text:
            assert score > 0, passage.text
        else:
            assert score == 0, passage.text


def test_term_in_more_than_half_the_passages_still_scores(anvil_index: PassageIndex) -> None:
    # "Acme" is in 4 of 6 sentences: Okapi BM25's idf would be negative (or floored to ~0) here.
    term = stem("acme")
    assert anvil_index.document_frequency[term] * 2 > len(anvil_index)
    scores = anvil_index.term_scores(term)
    with_term = [
        score for passage, score in zip(anvil_index.passages, scores, strict=True) if "Acme" in passage.text
    ]
    without = [
        score
        for passage, score in zip(anvil_index.passages, scores, strict=True)
        if "Acme" not in passage.text
    ]
    assert len(with_term) == 4
    assert min(with_term) > 0.1
    assert without == [0, 0]
    assert anvil_index.idf(term) > 0


def test_rarer_term_scores_higher_than_common_one(anvil_index: PassageIndex) -> None:
    position = _position(anvil_index, "Acme sells anvils in Springfield.")
    assert anvil_index.term_scores(stem("anvils"))[position] > anvil_index.term_scores(stem("acme"))[position]


def test_unknown_term_scores_zero_everywhere(anvil_index: PassageIndex) -> None:
    assert not anvil_index.knows("tiktok")
    assert not anvil_index.term_scores("tiktok").any()
    assert anvil_index.idf("tiktok") > anvil_index.idf(stem("anvils"))


def test_related_stems_find_a_close_form_the_index_has(anvil_index: PassageIndex) -> None:
    assert stem("risky") != stem("risk")
    assert anvil_index.related_stems(stem("risky")) == (stem("risk"),)


def test_window_is_not_related_to_wind(anvil_index: PassageIndex) -> None:
    assert anvil_index.knows(stem("window"))
    assert anvil_index.related_stems(stem("wind")) == ()


def test_related_stems_only_for_unindexed_terms_of_four_letters_or_more(anvil_index: PassageIndex) -> None:
    assert anvil_index.related_stems(stem("risk")) == ()
    assert anvil_index.related_stems("ris") == ()


def test_index_of_headings_only_is_refused(tmp_path: Path, make_knowledge: MakeKnowledge) -> None:
    with pytest.raises(KnowledgeError, match=r"acme\.md: .*no prose"):
        _index(make_knowledge, tmp_path, {"id": "acme", "body": "# Just a heading"})


def test_name_hints_learn_lower_case_and_mid_sentence_capitals(anvil_index: PassageIndex) -> None:
    hints = anvil_index.name_hints
    assert "mayor" in hints.common_words
    assert "Springfield" in hints.proper_words
    assert "Rain" not in hints.proper_words


def test_a_name_that_only_opens_sentences_is_still_what_its_article_is_about(
    tmp_path: Path, make_knowledge: MakeKnowledge
) -> None:
    # "Saltwick's lifeboat station has reopened": Saltwick is no English word, so it is a name
    # even where a sentence's first word is capitalised whatever it is.
    index = _index(
        make_knowledge,
        tmp_path,
        {
            "id": "saltwick",
            "title": "Saltwick lifeboat station reopens after refit",
            "body": "Saltwick's lifeboat station has reopened after a refurbishment. "
            "Volunteers moved back in on Monday. The work included a new roof.",
        },
    )
    assert index.principal_subject("saltwick") == frozenset({"saltwick"})
    # "Volunteers" opens a sentence as any English word may: no subject of its own.
    assert "volunt" not in index.principal_subject("saltwick")


def test_a_possessive_in_the_title_names_its_subject(tmp_path: Path, make_knowledge: MakeKnowledge) -> None:
    index = _index(
        make_knowledge,
        tmp_path,
        {
            "id": "guide",
            "title": "Is Your Router Affected by Varnholt's Ban? How to Check",
            "body": "Check the label on the bottom of your router. "
            "Varnholt has banned routers made by two foreign firms. Replace yours if it is listed.",
        },
    )
    assert index.article_topics["guide"] >= {stem("varnholt")}


def test_a_title_before_a_name_is_no_subject(tmp_path: Path, make_knowledge: MakeKnowledge) -> None:
    # "Judge" only ever opens "Judge Isolde Trevannion": the title's "Judge" names no one.
    index = _index(
        make_knowledge,
        tmp_path,
        {
            "id": "yard",
            "title": "Judge condemns chaotic Rookhaven yard as firm is sentenced",
            "body": "Judge Isolde Trevannion said the Rookhaven yard had been dangerous for years. "
            "Rookhaven must also pay costs. The River Tarn runs past the yard, River Tarn walkers said.",
        },
    )
    assert stem("judge") not in index.principal_subject("yard")
    assert stem("rookhaven") in index.principal_subject("yard")


def test_the_main_subject_is_what_articles_are_about_not_a_country_in_many_titles(
    tmp_path: Path, make_knowledge: MakeKnowledge
) -> None:
    def article(key: str, title: str, body: str) -> dict[str, str]:
        return {"id": key, "title": title, "body": body}

    index = _index(
        make_knowledge,
        tmp_path,
        article(
            "a",
            "Acme leaves the U.S. market",
            "Acme will close its offices in the U.S. next month. Staff at Acme were told on Monday. "
            "The U.S. ban on Acme products starts in July. Customers of Acme get a refund.",
        ),
        article(
            "b",
            "Acme shuts US operations",
            "Acme said it would stop selling in the US. Its US staff will be laid off by Acme. "
            "Acme has sold software in the US for years. The US ban was announced in June.",
        ),
        article(
            "c",
            "Globex to cut U.S. jobs",
            "Globex will cut 80 jobs in the U.S. this year. The U.S. unit of Globex makes routers. "
            "Globex said demand fell. Its U.S. plant in Ohio stays open.",
        ),
        article(
            "d",
            "Initech expands in U.S.",
            "Initech will hire 200 people in the U.S. next year. "
            "The U.S. expansion of Initech is its largest. "
            "Initech makes printers. Its U.S. office is in Texas.",
        ),
    )
    assert index.principal_subject("a") >= {stem("acme")}
    assert index.main_subject == {stem("acme")}
    acme_sentences = [entry.passage.source.id in ("a", "b") for entry in index.entries]
    assert list(index.main_subject_mask) == acme_sentences


def test_a_playhouse_article_s_title_and_news(tmp_path: Path, make_knowledge: MakeKnowledge) -> None:
    index = _index(
        make_knowledge,
        tmp_path,
        {
            "id": "playhouse",
            "title": "Lottery grant for Edwardian and Victorian Stenhouse playhouse",
            "published": date(2025, 3, 18),
            "body": (
                "The Stenhouse Playhouse has been awarded £1.2m to restore its 1908 auditorium. "
                "The Victorian theatre was saved from demolition in 1987 by Edwardian enthusiasts. "
                "The Stenhouse theatre first closed in 2019."
            ),
        },
    )
    # An adjective of origin or era is not what the article is about; its name is.
    assert index.principal_subject("playhouse") == {stem("stenhouse")}
    # What has just been done is news, whatever earlier year it names; the rest recalls the past.
    assert list(index.background) == [False, True, True]


def test_a_sentence_naming_only_earlier_years_is_background_unless_it_tells_what_will_happen(
    tmp_path: Path, make_knowledge: MakeKnowledge
) -> None:
    index = _index(
        make_knowledge,
        tmp_path,
        {
            "id": "library",
            "title": "Pellham library to close for repairs",
            "published": date(2025, 5, 2),
            "body": (
                "The library was last renovated in 1998. "
                "The library, built in 1921, will close on June 1 for two years. "
                "Visitors can borrow books at the town hall. "
                "Loans rose to their highest level since 2011 last month. "
                "A jury awarded $1.8 million on Wednesday to a reader hurt by a falling shelf in 2021."
            ),
        },
    )
    flags = dict(zip(_texts(index), (bool(flag) for flag in index.background), strict=True))
    assert flags == {
        "The library was last renovated in 1998.": True,
        "The library, built in 1921, will close on June 1 for two years.": False,
        "Visitors can borrow books at the town hall.": False,
        # Measured against the past, but news: "since" dates the comparison.
        "Loans rose to their highest level since 2011 last month.": False,
        # Dated by a weekday of the news: the year it recalls is the cause's, not the award's.
        "A jury awarded $1.8 million on Wednesday to a reader hurt by a falling shelf in 2021.": False,
    }
