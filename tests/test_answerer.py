"""The answerer on made-up corpora and on the bundled one: quotes, abstention, agreement."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.answerer import MAX_QUESTION_CHARS, Answerer, question_problem
from bot.models import Answer

MakeAnswerer = Callable[[Path, Iterable[Mapping[str, Any]]], Answerer]

FACTORY_BODY = """
Acme Anvils will close its Springfield factory on June 14, the company said.

The factory employs fewer than 40 workers. Union leader Maria Lopez confirmed the layoffs in a letter.

Acme blamed the closure on a sharp drop in orders. This decision ends anvil making in the town.

## Reactions

A local journalist asked the mayor about the town's future. The mayor did not reply.

Acme sells garden hoses and lawn sprinklers to hardware stores.
"""

FACTORY_ARTICLE = {
    "id": "harbor-news-factory",
    "title": "Acme to close Springfield anvil factory",
    "publisher": "Harbor News",
    "author": "Pat Reporter",
    "published": date(2024, 5, 2),
    "url": "https://example.com/acme",
    "body": FACTORY_BODY,
    "examples": ["When will the factory close?", "Who confirmed the layoffs?"],
}


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory, make_answerer: MakeAnswerer) -> Answerer:
    return make_answerer(tmp_path_factory.mktemp("factory"), [FACTORY_ARTICLE])


def _fold_whitespace(text: str) -> str:
    return " ".join(text.split())


def _assert_abstained(answer: Answer, answerer: Answerer) -> None:
    assert answer.answered is False
    assert answer.quotes == ()
    assert answer.answer is None
    assert answer.topics == tuple(article.source.title for article in answerer.articles)
    assert answer.topics
    assert answer.suggestions


# --- answering ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "sentence", "short"),
    [
        (
            "When will the Springfield factory close?",
            "Acme Anvils will close its Springfield factory on June 14, the company said.",
            "June 14, 2024",
        ),
        (
            "How many workers does the factory employ?",
            "The factory employs fewer than 40 workers.",
            "fewer than 40",
        ),
        ("Who confirmed the layoffs?", "Union leader Maria Lopez confirmed the layoffs", "Maria Lopez"),
        (
            "Does Acme sell garden hoses?",
            "Acme sells garden hoses and lawn sprinklers to hardware stores.",
            None,
        ),
        (
            "can i buy a sprinkler from acme",
            "Acme sells garden hoses and lawn sprinklers to hardware stores.",
            None,
        ),
    ],
)
def test_answers_with_the_right_sentence_first(
    factory: Answerer, question: str, sentence: str, short: str | None
) -> None:
    answer = factory.ask(question)
    assert answer.answered, answer
    assert answer.error is None
    assert answer.question == question
    assert sentence in answer.quotes[0].text
    assert answer.quotes[0].source.id == "harbor-news-factory"
    assert answer.quotes[0].score > 0
    if short is not None:
        assert answer.answer is not None
        assert short in answer.answer


def test_quotes_are_ordered_by_score(factory: Answerer) -> None:
    answer = factory.ask("Why is Acme closing the factory?")
    assert answer.answered
    scores = [quote.score for quote in answer.quotes]
    assert scores == sorted(scores, reverse=True)
    assert len(answer.quotes) <= factory.tuning.max_quotes


def test_sentence_opening_with_this_is_widened_with_the_previous_one(factory: Answerer) -> None:
    answer = factory.ask("What ends anvil making in the town?")
    assert answer.answered
    assert answer.quotes[0].text == (
        "Acme blamed the closure on a sharp drop in orders. This decision ends anvil making in the town."
    )


def test_widening_stays_within_the_paragraph(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    answerer = make_answerer(
        tmp_path,
        [
            {
                "id": "acme",
                "body": "Acme closed its anvil plant.\n\nThis surprised the townspeople of Springfield.",
            }
        ],
    )
    answer = answerer.ask("What surprised the townspeople of Springfield?")
    assert answer.answered
    assert answer.quotes[0].text == "This surprised the townspeople of Springfield."


# --- abstaining --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "Who won the football world cup?",
        "When will Globex close its factory?",
        "How many workers does TikTok employ?",
        "Does Acme sell pianos?",
    ],
)
def test_abstains_off_topic_or_on_things_the_corpus_lacks(factory: Answerer, question: str) -> None:
    answer = factory.ask(question)
    _assert_abstained(answer, factory)
    assert answer.error is None
    assert answer.suggestions == ("When will the factory close?", "Who confirmed the layoffs?")


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("\x00\x01", "empty"),
        ("\x00\x01\x02\x7f\u200b", "empty"),
        ("?!? ... ---", "no words"),
        ("x" * (MAX_QUESTION_CHARS + 1), "too long"),
        ("When will the factory close? " * 40, "too long"),
    ],
)
def test_unsearchable_questions_give_an_error_and_never_raise(
    factory: Answerer, question: str, problem: str
) -> None:
    answer = factory.ask(question)
    _assert_abstained(answer, factory)
    assert answer.error is not None
    assert problem in answer.error
    assert answer.question == question


def test_question_of_exactly_the_maximum_length_is_searched(factory: Answerer) -> None:
    question = "When will the Springfield factory close?"
    question += " " * (MAX_QUESTION_CHARS - len(question))
    assert len(question) == MAX_QUESTION_CHARS
    answer = factory.ask(question)
    assert answer.error is None
    assert answer.answered


def test_non_text_question_is_an_error_not_a_crash(factory: Answerer) -> None:
    assert question_problem(b"\x00\x01") == "The question must be text."
    answer = factory.ask(b"\x00\x01")  # type: ignore[arg-type]
    assert answer.answered is False
    assert answer.error == "The question must be text."


@pytest.mark.parametrize(
    "question",
    [
        "@everyone when will the factory close?",
        "<b>When</b> will the factory close? <script>alert(1)</script>",
        "**When** will the `factory` close? [link](http://example.com)",
        "<@123456789> ||spoiler|| > quoted",
        "\u202eWhen will the factory close?\u202c",
        "😀😀😀 when will the factory close 😀",
    ],
)
def test_markup_and_mentions_do_not_crash(factory: Answerer, question: str) -> None:
    answer = factory.ask(question)
    assert isinstance(answer, Answer)
    assert answer.question == question
    assert answer.answered == bool(answer.quotes)
    json.dumps(answer.to_dict())


def test_markdown_emphasis_in_a_question_is_ignored(factory: Answerer) -> None:
    answer = factory.ask("**When** will the _Springfield_ factory close?")
    assert answer.answered
    assert "June 14" in answer.quotes[0].text


# --- several sources ---------------------------------------------------------------------


def test_two_sources_stating_the_same_fact_give_one_quote_and_agree(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    answerer = make_answerer(
        tmp_path,
        [
            {
                "id": "wire-a",
                "publisher": "Alpha Wire",
                "body": "The Springfield bridge will reopen to traffic on March 3.\n\n"
                "Engineers replaced the rusted cables last winter.",
            },
            {
                "id": "wire-b",
                "publisher": "Beta News",
                "body": "Drivers can use the Springfield bridge again on March 3, when it reopens to traffic."
                "\n\nCrews painted the railings green.",
            },
        ],
    )
    answer = answerer.ask("When will the Springfield bridge reopen?")
    assert answer.answered
    assert answer.note is None
    assert len(answer.quotes) == 1
    (quote,) = answer.quotes
    assert "March 3" in quote.text
    assert {source.id for source in quote.sources} == {"wire-a", "wire-b"}
    assert len(quote.agreeing) == 1
    assert quote.agreeing[0].id != quote.source.id
    assert answer.answer == "March 3, 2024"
    assert [source["id"] for source in answer.to_dict()["quotes"][0]["agreeing"]] == [quote.agreeing[0].id]


def test_two_sources_giving_different_dates_are_both_quoted_with_a_note(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    answerer = make_answerer(
        tmp_path,
        [
            {
                "id": "wire-a",
                "publisher": "Alpha Wire",
                "body": "The Springfield bridge will reopen on March 3 after repairs.\n\n"
                "Engineers replaced the rusted cables last winter.\n\n"
                "The mayor praised the crews for their work.",
            },
            {
                "id": "wire-b",
                "publisher": "Beta News",
                "body": "Officials said the Springfield bridge will reopen on March 10.\n\n"
                "Traffic will be diverted through the tunnel until then.\n\n"
                "Crews painted the railings green.",
            },
        ],
    )
    answer = answerer.ask("When will the Springfield bridge reopen?")
    assert answer.answered
    assert answer.note is not None
    assert "differ" in answer.note
    assert "Alpha Wire" in answer.note
    assert "Beta News" in answer.note
    assert "March 3" in answer.note
    assert "March 10" in answer.note
    texts = [quote.text for quote in answer.quotes]
    assert any("March 3" in text for text in texts)
    assert any("March 10" in text for text in texts)
    assert {quote.source.id for quote in answer.quotes} == {"wire-a", "wire-b"}
    assert all(quote.agreeing == () for quote in answer.quotes)


def test_near_identical_sentences_with_different_dates_are_not_agreement(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    answerer = make_answerer(
        tmp_path,
        [
            {
                "id": "wire-a",
                "publisher": "Alpha Wire",
                "body": "The Springfield bridge will reopen to traffic on March 3.",
            },
            {
                "id": "wire-b",
                "publisher": "Beta News",
                "body": "The Springfield bridge will reopen to traffic on March 10.",
            },
        ],
    )
    answer = answerer.ask("When will the Springfield bridge reopen?")
    assert answer.answered
    assert all(quote.agreeing == () for quote in answer.quotes)
    assert answer.note is not None
    assert "differ" in answer.note


def test_same_sentence_in_two_sources_lists_both(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    answerer = make_answerer(
        tmp_path,
        [
            {
                "id": "wire-a",
                "publisher": "Alpha Wire",
                "body": "The Springfield bridge will reopen to traffic on March 3.\n\nEngineers left.",
            },
            {
                "id": "wire-b",
                "publisher": "Beta News",
                "body": "The Springfield bridge will reopen to traffic on March 3.\n\nCrews painted.",
            },
        ],
    )
    answer = answerer.ask("When will the Springfield bridge reopen?")
    assert answer.answered
    assert {source.id for source in answer.quotes[0].sources} == {"wire-a", "wire-b"}


# --- the bundled corpus ------------------------------------------------------------------


def test_bundled_answer_has_the_json_contract(bundled_answerer: Answerer) -> None:
    data = json.loads(json.dumps(bundled_answerer.ask("When do updates stop?").to_dict()))
    assert {"question", "answered", "answer", "quotes"} <= set(data)
    assert data["question"] == "When do updates stop?"
    assert data["answered"] is True
    assert isinstance(data["answer"], str)
    assert data["quotes"]
    for quote in data["quotes"]:
        assert {"text", "score", "source"} <= set(quote)
        assert isinstance(quote["text"], str)
        assert isinstance(quote["score"], float | int)
        assert set(quote["source"]) >= {"id", "title", "publisher", "author", "published", "url"}
    assert "September 29" in data["quotes"][0]["text"]


def test_abstention_has_the_json_contract(bundled_answerer: Answerer) -> None:
    data = bundled_answerer.ask("What is the capital of France?").to_dict()
    assert {"question", "answered", "answer", "quotes"} <= set(data)
    assert data["answered"] is False
    assert data["answer"] is None
    assert data["quotes"] == []


def test_published_date_is_iso_text_or_null_in_json(bundled_answerer: Answerer) -> None:
    sources = {source.id: source.to_dict() for source in bundled_answerer.sources}
    assert sources["dmr-news-kaspersky-to-shut-down-us-operations"]["published"] == "2024-07-18"
    assert sources["kaspersky-shuts-down-us-operations"]["published"] is None


def _question_set_questions() -> list[str]:
    questions = []
    for path in sorted((Path(__file__).parent / "data").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                questions.append(json.loads(line)["question"])
    return questions


def test_every_quote_is_verbatim_from_its_article(bundled_answerer: Answerer) -> None:
    bodies = {article.source.id: _fold_whitespace(article.body) for article in bundled_answerer.articles}
    questions = _question_set_questions()
    assert len(questions) > 50
    quoted = 0
    for question in questions:
        answer = bundled_answerer.ask(question)
        assert answer.answered == bool(answer.quotes), question
        for quote in answer.quotes:
            quoted += 1
            assert _fold_whitespace(quote.text) in bodies[quote.source.id], (question, quote.text)
            for source in quote.agreeing:
                assert source.id in bodies
                assert source.id != quote.source.id
    assert quoted > 50


def test_a_place_the_first_sentence_puts_the_news_in_is_said_by_the_whole_article(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    # "in Pellavia" opens the article; the sentence that answers never names Pellavia again.
    answerer = make_answerer(
        tmp_path,
        [
            {
                "id": "replace-nyxholt",
                "title": "How to Replace Nyxholt Antivirus Before the 15 April Deadline",
                "body": (
                    "Nyxholt antivirus will stop receiving updates in Pellavia on 15 April 2026, and from "
                    "that date the software will no longer protect against new threats. About 310,000 "
                    "computers were still running it in February.\n\n"
                    "Use the vendor's own removal tool rather than deleting the program folder. Free "
                    "products from two local firms are on the cyber office's approved list.\n\n"
                    "Businesses that hold government contracts could be fined up to 50,000 marks if they "
                    "still use Nyxholt after 15 April, but home users face no penalty."
                ),
            }
        ],
    )
    answer = answerer.ask("Will home users in Pellavia be fined if they keep Nyxholt after 15 April?")
    assert answer.answered
    assert "home users face no penalty" in answer.quotes[0].text


@pytest.mark.parametrize(
    ("body", "question", "quoted"),
    [
        # "It includes nine paid products ..." says which list only through the sentence before.
        (
            "Thessomar banned Halcyrix antivirus in January, and customers must switch by September.\n\n"
            "The National Cyber Resilience Office published its list of approved products in February. "
            "It includes nine paid products and two free ones. Experts recommend the free protection"
            " built into the operating system.\n\n"
            "Resellers have cut the price of several security suites to win Halcyrix customers.",
            "How many products are on the regulator's approved list?",
            "The National Cyber Resilience Office published its list of approved products in February."
            " It includes nine paid products and two free ones.",
        ),
        # "about 6,100 base stations" counts stations; the cost is in the sentence pointing back.
        (
            "Peldania ordered its mobile operators to remove all Greyfenn equipment by 2028.\n\n"
            "Merevay Telecom, the largest operator, has about 6,100 Greyfenn base stations. Its chief"
            " executive, Femke Ramsholt, said the full replacement would cost the company about 310"
            " million crowns and warned that rural customers could see slower service.\n\n"
            "Smaller operators have asked the government for help with the cost of new equipment.",
            "how much is it gonna cost merevay to swap out all the greyfenn kit?",
            "Merevay Telecom, the largest operator, has about 6,100 Greyfenn base stations. Its chief"
            " executive, Femke Ramsholt, said the full replacement would cost the company about 310"
            " million crowns and warned that rural customers could see slower service.",
        ),
    ],
    ids=["a-list-it-includes", "a-figure-before-counts-something-else"],
)
def test_a_sentence_pointing_back_is_judged_with_the_one_it_points_to(
    tmp_path: Path, make_answerer: MakeAnswerer, body: str, question: str, quoted: str
) -> None:
    answer = make_answerer(tmp_path, [{"id": "guide", "body": body}]).ask(question)
    assert answer.answered
    assert answer.quotes[0].text == quoted
