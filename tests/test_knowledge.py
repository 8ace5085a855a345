"""The knowledge loader: the bundled articles, validation errors, and folder selection."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.answerer import Answerer
from bot.knowledge import (
    KNOWLEDGE_ENV,
    KnowledgeError,
    bundled_knowledge_dir,
    knowledge_file_text,
    load_article,
    load_knowledge,
    load_vocabulary,
)
from bot.text import paragraphs, sentences

SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"

GOOD_FRONT_MATTER = (
    "id: good-one\n"
    "title: A good article\n"
    "publisher: Test Wire\n"
    "author: Ann Writer\n"
    "published: 2024-07-18\n"
    "url: https://example.com/good\n"
)


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _article(front_matter: str = GOOD_FRONT_MATTER, body: str = "Acme closed its only factory.\n") -> str:
    return f"---\n{front_matter}---\n{body}"


def _fold_whitespace(text: str) -> str:
    return " ".join(text.split())


# --- the bundled knowledge ----------------------------------------------------------------


def test_bundled_folder_holds_two_articles_including_the_dmr_news_piece() -> None:
    articles = load_knowledge(bundled_knowledge_dir())
    assert len(articles) == 2
    by_publisher = {article.source.publisher: article.source for article in articles}
    dmr = by_publisher["DMR News"]
    assert dmr.author == "Hilary Ong"
    assert dmr.published == date(2024, 7, 18)
    assert dmr.id == "dmr-news-kaspersky-to-shut-down-us-operations"
    assert len({article.source.id for article in articles}) == 2


def test_bundled_articles_carry_example_questions() -> None:
    articles = load_knowledge(bundled_knowledge_dir())
    assert all(article.examples for article in articles)
    assert all(example.endswith("?") for article in articles for example in article.examples)


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason=f"original articles not found at {SEEDS_DIR}")
def test_every_bundled_sentence_is_verbatim_from_one_original_article() -> None:
    seeds = {
        path.name: _fold_whitespace(path.read_text(encoding="utf-8")) for path in SEEDS_DIR.glob("*.txt")
    }
    assert seeds, f"no *.txt in {SEEDS_DIR}"
    for article in load_knowledge(bundled_knowledge_dir()):
        # The whole article must come from one original, paragraph by paragraph and sentence by sentence.
        candidates = set(seeds)
        for paragraph in paragraphs(article.body):
            folded = _fold_whitespace(paragraph)
            holding = {name for name in candidates if folded in seeds[name]}
            assert holding, f"{article.source.id}: paragraph not verbatim in any original: {paragraph!r}"
            candidates &= holding
            for sentence in sentences(paragraph):
                assert _fold_whitespace(sentence) in seeds[next(iter(holding))]
        assert candidates, f"{article.source.id}: paragraphs come from different originals"


# --- valid variations ------------------------------------------------------------------


def test_null_published_url_publisher_and_author_are_accepted(tmp_path: Path) -> None:
    front = GOOD_FRONT_MATTER.replace("2024-07-18", "null").replace("https://example.com/good", "null")
    front = front.replace("Test Wire", "null").replace("Ann Writer", "null")
    _write(tmp_path, "a.md", _article(front))
    (article,) = load_knowledge(tmp_path)
    assert article.source.published is None
    assert article.source.url is None
    assert article.source.publisher is None
    assert article.source.author is None
    assert article.body == "Acme closed its only factory."


def test_loaded_article_keeps_metadata_and_strips_body(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "a.md",
        _article(GOOD_FRONT_MATTER + "examples:\n  - When did Acme close?\n", "\n\nBody.\n\n"),
    )
    (article,) = load_knowledge(tmp_path)
    assert article.source.id == "good-one"
    assert article.source.title == "A good article"
    assert article.source.published == date(2024, 7, 18)
    assert article.source.url == "https://example.com/good"
    assert article.examples == ("When did Acme close?",)
    assert article.body == "Body."


def test_crlf_line_endings_and_byte_order_mark_are_accepted(tmp_path: Path) -> None:
    text = "\ufeff" + _article().replace("\n", "\r\n")
    _write(tmp_path, "a.md", text.encode("utf-8"))
    (article,) = load_knowledge(tmp_path)
    assert article.source.id == "good-one"
    assert article.body == "Acme closed its only factory."


def test_articles_load_sorted_by_file_name_and_other_files_are_ignored(tmp_path: Path) -> None:
    _write(tmp_path, "b.md", _article(GOOD_FRONT_MATTER.replace("good-one", "second")))
    _write(tmp_path, "a.md", _article(GOOD_FRONT_MATTER.replace("good-one", "first")))
    _write(tmp_path, "notes.txt", "not an article")
    assert [article.source.id for article in load_knowledge(tmp_path)] == ["first", "second"]


# --- validation errors -----------------------------------------------------------------

BROKEN_FILES = {
    "no-front-matter": ("Acme closed its only factory.\n", "no YAML front matter"),
    "invalid-yaml": (_article("id: [unclosed\n"), "not valid YAML"),
    "not-a-mapping": (_article("- just\n- a list\n"), "must be a mapping"),
    "missing-field": (_article(GOOD_FRONT_MATTER.replace("author: Ann Writer\n", "")), "lacks author"),
    "published-not-a-date": (
        _article(GOOD_FRONT_MATTER.replace("2024-07-18", '"July 2024"')),
        "field 'published' must be an ISO date",
    ),
    "title-not-text": (_article(GOOD_FRONT_MATTER.replace("A good article", "5")), "field 'title' must be"),
    "title-blank": (_article(GOOD_FRONT_MATTER.replace("A good article", '"  "')), "field 'title' must be"),
    "id-not-text": (_article(GOOD_FRONT_MATTER.replace("good-one", "7")), "field 'id' must be"),
    "bad-id": (_article(GOOD_FRONT_MATTER.replace("good-one", "Bad ID!")), "id 'Bad ID!' must be lower case"),
    "empty-body": (_article(body="\n   \n\n"), "body is empty"),
    "examples-not-a-list": (_article(GOOD_FRONT_MATTER + "examples: When?\n"), "'examples' must be a list"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_FILES))
def test_broken_file_error_names_the_file_and_the_problem(tmp_path: Path, case: str) -> None:
    text, problem = BROKEN_FILES[case]
    path = _write(tmp_path, f"{case}.md", text)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    message = str(caught.value)
    assert str(path) in message
    assert problem in message


def test_non_utf8_file_error_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "latin1.md", _article(body="Caf\xe9 closed.\n").encode("latin-1"))
    with pytest.raises(KnowledgeError, match="not UTF-8") as caught:
        load_knowledge(tmp_path)
    assert str(path) in str(caught.value)


def test_duplicate_id_across_two_files_names_both(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", _article())
    second = _write(tmp_path, "b.md", _article(body="Another body.\n"))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    message = str(caught.value)
    assert str(second) in message
    assert "'good-one'" in message
    assert "a.md" in message


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path, "readme.txt", "no articles here")
    with pytest.raises(KnowledgeError, match=r"no \.md articles") as caught:
        load_knowledge(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(KnowledgeError, match="not a folder") as caught:
        load_knowledge(missing)
    assert str(missing) in str(caught.value)


def test_impossible_published_date_is_a_knowledge_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.md", _article(GOOD_FRONT_MATTER.replace("2024-07-18", "2024-13-45")))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    assert str(path) in str(caught.value)


# --- choosing the folder ---------------------------------------------------------------


def test_env_var_overrides_the_bundled_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "a.md", _article())
    monkeypatch.setenv(KNOWLEDGE_ENV, str(tmp_path))
    assert [article.source.id for article in load_knowledge()] == ["good-one"]


def test_explicit_folder_overrides_the_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_folder = tmp_path / "from-env"
    explicit = tmp_path / "explicit"
    _write(env_folder, "a.md", _article(GOOD_FRONT_MATTER.replace("good-one", "from-env")))
    _write(explicit, "a.md", _article(GOOD_FRONT_MATTER.replace("good-one", "explicit")))
    monkeypatch.setenv(KNOWLEDGE_ENV, str(env_folder))
    assert [article.source.id for article in load_knowledge(explicit)] == ["explicit"]
    assert [article.source.id for article in load_knowledge(str(explicit))] == ["explicit"]


def test_without_env_var_the_bundled_folder_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KNOWLEDGE_ENV, raising=False)
    assert [article.source for article in load_knowledge()] == [
        article.source for article in load_knowledge(bundled_knowledge_dir())
    ]


def test_env_var_pointing_at_a_missing_folder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KNOWLEDGE_ENV, str(tmp_path / "gone"))
    with pytest.raises(KnowledgeError, match="gone"):
        load_knowledge()


# --- the folder's own vocabulary ---------------------------------------------------------


def test_bundled_vocabulary_names_the_country_several_ways() -> None:
    groups = load_vocabulary(bundled_knowledge_dir())
    assert any({"usa", "united states", "america"} <= set(group) for group in groups)


def test_a_folder_without_vocabulary_has_none(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", _article())
    assert load_vocabulary(tmp_path) == ()


def test_vocabulary_groups_are_loaded_stripped(tmp_path: Path) -> None:
    _write(tmp_path, "vocabulary.yaml", "synonyms:\n  - [ ' Acme ', Acme Corp]\n  - [UK, Britain]\n")
    assert load_vocabulary(tmp_path) == (("Acme", "Acme Corp"), ("UK", "Britain"))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("synonyms: [[acme]]\n", "group 1 must be a list of two or more words"),
        ("synonyms: [[acme, 3]]\n", "group 1 must be a list of two or more words"),
        ("synonyms: acme\n", "'synonyms' must be a list of groups"),
        ("words: [[a, b]]\n", "one key, 'synonyms'"),
        ("synonyms: [[a, b]\n", "not valid YAML"),
        (b"synonyms: [[\xff, b]]\n", "not UTF-8"),
    ],
)
def test_broken_vocabulary_error_names_the_file(tmp_path: Path, text: str | bytes, problem: str) -> None:
    path = _write(tmp_path, "vocabulary.yaml", text)
    with pytest.raises(KnowledgeError) as raised:
        load_vocabulary(tmp_path)
    assert str(path) in str(raised.value)
    assert problem in str(raised.value)


def test_a_folder_vocabulary_joins_its_names(tmp_path: Path) -> None:
    _write(
        tmp_path, "a.md", _article(body="Globex Holdings closed its only factory in Springfield in March.\n")
    )
    assert Answerer.from_folder(tmp_path).ask("When did GBX close the factory?").answered is False
    _write(tmp_path, "vocabulary.yaml", "synonyms:\n  - [Globex, GBX]\n")
    with_vocabulary = Answerer.from_folder(tmp_path).ask("When did GBX close the factory?")
    assert with_vocabulary.answered
    assert "Globex" in with_vocabulary.quotes[0].text


def test_a_written_knowledge_file_loads_back_as_written(tmp_path: Path) -> None:
    meta = {
        "id": "written",
        "title": "A title: with a colon, and a long tail " + "word " * 40,
        "publisher": "Test Wire",
        "author": "Ann Writer",
        "published": date(2024, 7, 18),
        "url": None,
    }
    path = tmp_path / "written.md"
    path.write_text(knowledge_file_text(meta, "\nFirst paragraph.\n\nSecond one.\n"), encoding="utf-8")
    article = load_article(path)
    assert article.source.id == "written"
    assert article.source.title == meta["title"].strip()
    assert article.source.published == date(2024, 7, 18)
    assert article.source.url is None
    assert list(paragraphs(article.body)) == ["First paragraph.", "Second one."]
