"""Shared fixtures for the retrieval-core tests: made-up knowledge folders and the bundled answerer."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.answerer import Answerer
from bot.knowledge import bundled_knowledge_dir, knowledge_file_text, load_knowledge

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "tests" / "data"

_DEFAULTS: dict[str, Any] = {
    "publisher": "Test Wire",
    "author": "Ann Writer",
    "published": date(2024, 7, 18),
    "url": None,
}


def write_knowledge(directory: Path, articles: Iterable[Mapping[str, Any]]) -> Path:
    """Write made-up articles as knowledge files into ``directory/knowledge`` and return that folder.

    Each article is a mapping with ``id`` and ``body``; ``title``, ``publisher``, ``author``,
    ``published``, ``url`` and ``examples`` are optional (given values, None included, win
    over the defaults), and ``file`` names the file (default ``<id>.md``).
    """
    folder = directory / "knowledge"
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles:
        meta: dict[str, Any] = {
            "id": article["id"],
            "title": article.get("title", f"Title of {article['id']}"),
        }
        for name, default in _DEFAULTS.items():
            meta[name] = article.get(name, default)
        if "examples" in article:
            meta["examples"] = list(article["examples"])
        text = knowledge_file_text(meta, article["body"])
        (folder / article.get("file", f"{article['id']}.md")).write_text(text, encoding="utf-8")
    return folder


def found_note(answerer: Answerer, question: str) -> str:
    """What an answer says of its sources: "differ", "agree" (its first quote has some) or "neither"."""
    answer = answerer.ask(question)
    if answer.differing:
        return "differ"
    return "agree" if answer.quotes and answer.quotes[0].agreeing else "neither"


def agreement_case(round_number: int, case_id: str) -> dict[str, Any]:
    """One case of an agreement round's file (``tests/data/agreement_cases_round<N>.yaml``)."""
    cases = yaml.safe_load(
        (DATA_DIR / f"agreement_cases_round{round_number}.yaml").read_text(encoding="utf-8")
    )
    found: dict[str, Any] = next(case for case in cases if case["id"] == case_id)
    return found


def bundled_with(articles: Path, folder: Path) -> Answerer:
    """An answerer over the bundled knowledge and the test articles of ``articles``, copied to ``folder``."""
    bundled = bundled_knowledge_dir()
    for path in [*bundled.glob("*.md"), bundled / "vocabulary.yaml", *articles.glob("*.md")]:
        shutil.copy(path, folder / path.name)
    return Answerer.from_folder(folder)


def build_answerer(directory: Path, articles: Iterable[Mapping[str, Any]]) -> Answerer:
    """An answerer over made-up articles written into ``directory``."""
    return Answerer(load_knowledge(write_knowledge(directory, articles)))


@pytest.fixture(autouse=True, scope="session")
def _index_cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never write the index cache or the question store into the user's own folders.

    The XDG folders hold the defaults of processes the tests start with BANBOT_ settings cleared.
    """
    os.environ["BANBOT_CACHE_DIR"] = str(tmp_path_factory.mktemp("index-cache"))
    os.environ["BANBOT_DATABASE"] = str(tmp_path_factory.mktemp("store") / "banbot.db")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg-data"))
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture(scope="session")
def make_knowledge() -> Callable[[Path, Iterable[Mapping[str, Any]]], Path]:
    """``make_knowledge(tmp_path, articles)`` writes a knowledge folder and returns its path."""
    return write_knowledge


@pytest.fixture(scope="session")
def make_answerer() -> Callable[[Path, Iterable[Mapping[str, Any]]], Answerer]:
    """``make_answerer(tmp_path, articles)`` writes a knowledge folder and indexes it."""
    return build_answerer


@pytest.fixture(scope="session")
def bundled_answerer() -> Answerer:
    """The answerer over the bundled knowledge folder, built once per session."""
    return Answerer.from_folder(bundled_knowledge_dir())


@pytest.fixture(scope="session")
def question_set_dir() -> Path:
    """The folder of the graded question sets (``tests/data``)."""
    return DATA_DIR
