"""Text handling: folding, tokens, the analyzer, sentences and paragraphs."""

from __future__ import annotations

import pytest

from bot.text import STOP_WORDS, analyze, dedupe_key, fold, paragraphs, sentences, stem, words


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("“first of its kind”", '"first of its kind"'),
        ("Kaspersky’s ‘products’", "Kaspersky's 'products'"),
        ("2017–2024", "2017-2024"),
        ("a ban—the first", "a ban-the first"),
        ("U.S.\u00a0market", "U.S. market"),
        ("  many \n\t spaces  ", "many spaces"),
        ("soft\u00adware", "software"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("the U.S. market", ["the", "usa", "market"]),
        ("the US market", ["the", "usa", "market"]),
        ("USA and us", ["usa", "and", "usa"]),
        ("Washington, D.C.", ["washington", "dc"]),
        ("Kaspersky's software", ["kaspersky", "software"]),
        # An acronym's plural is the acronym ("GPs" and "two GP practices").
        ("GPs and CEOs", ["gp", "and", "ceo"]),
        ("DOS and US", ["dos", "and", "usa"]),
        ("Kaspersky’s software", ["kaspersky", "software"]),
        (
            "on September 29 in 2017, fewer than 50",
            ["on", "september", "29", "in", "2017", "fewer", "than", "50"],
        ),
        ("its nearly 20-year history", ["its", "nearly", "20", "year", "history"]),
        ("“first of its kind”!", ["first", "of", "its", "kind"]),
        ("", []),
    ],
)
def test_words(text: str, tokens: list[str]) -> None:
    assert words(text) == tokens


def test_analyze_drops_stop_words() -> None:
    assert {"the", "is", "what", "when"} <= STOP_WORDS
    assert analyze("What is the ban?") == ["ban"]
    assert analyze("the of and") == []


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("updates", "update"),
        ("stole", "steal"),
        ("sold", "sell"),
        ("banned", "ban"),
        ("layoffs", "layoff"),
        ("lost", "lose"),
    ],
)
def test_analyze_joins_word_forms(left: str, right: str) -> None:
    assert analyze(left) == analyze(right)
    assert analyze(left) != []


def test_analyze_keeps_numbers_and_distinguishes_words() -> None:
    assert analyze("29 September 2017") == ["29", analyze("September")[0], "2017"]
    assert analyze("window") != analyze("wind")
    assert stem("2017") == "2017"


def test_analyze_folds_the_country() -> None:
    assert analyze("U.S.") == analyze("US") == analyze("usa")


def test_sentences_keep_abbreviations_whole() -> None:
    paragraph = (
        "The U.S. Commerce Department acted on Jul. 18 in Washington, D.C. after a review. "
        "Then Kaspersky left the market. It had offices in the U.S. in 2017."
    )
    assert list(sentences(paragraph)) == [
        "The U.S. Commerce Department acted on Jul. 18 in Washington, D.C. after a review.",
        "Then Kaspersky left the market.",
        "It had offices in the U.S. in 2017.",
    ]


def test_sentences_fold_inner_whitespace_and_skip_blanks() -> None:
    assert list(sentences("One  sentence\nhere.   Another one!")) == ["One sentence here.", "Another one!"]
    assert list(sentences("   ")) == []


def test_paragraphs_skip_headings_and_rules() -> None:
    markdown = (
        "First paragraph,\nwrapped over two lines.\n\n"
        "## A heading\n\n"
        "# Another heading\n\n"
        "---\n\n"
        "* * *\n\n"
        "Second paragraph.\n\n\n\n"
        "Third paragraph."
    )
    assert list(paragraphs(markdown)) == [
        "First paragraph, wrapped over two lines.",
        "Second paragraph.",
        "Third paragraph.",
    ]


def test_dedupe_key_ignores_quotes_case_and_spacing() -> None:
    assert dedupe_key("Acme’s “plant” closes.") == dedupe_key('acme\'s "plant"   CLOSES')
    assert dedupe_key("Acme closes.") != dedupe_key("Acme opens.")
