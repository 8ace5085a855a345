"""The disk cache of the analyzed index: warm starts, and every way a cache can be bad."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import bot.answerer
import bot.cache
from bot.answerer import Answerer
from bot.knowledge import bundled_knowledge_dir


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BANBOT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for path in bundled_knowledge_dir().iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("index-*.npz"))


def _forbid_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise AssertionError("the index was built, not read from the cache")

    monkeypatch.setattr(bot.answerer, "build_state", fail)


def test_a_warm_start_reads_the_cache_and_answers_the_same(
    cache: Path, knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = Answerer.from_folder(knowledge)
    assert len(_entries(cache)) == 1
    _forbid_building(monkeypatch)
    warm = Answerer.from_folder(knowledge)
    for question in ("When do updates stop?", "Who first reported the layoffs?", "How do I bake bread?"):
        assert warm.ask(question) == cold.ask(question)
    assert [entry.passage for entry in warm.index.entries] == [entry.passage for entry in cold.index.entries]


def test_a_changed_article_is_a_new_entry(cache: Path, knowledge: Path) -> None:
    Answerer.from_folder(knowledge)
    article = knowledge / "kaspersky-shuts-down-us-operations.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nThe company also closed its Boston lab on March 3.\n",
        encoding="utf-8",
    )
    answer = Answerer.from_folder(knowledge).ask("When did Kaspersky close its Boston lab?")
    assert answer.answered
    assert "Boston lab" in answer.quotes[0].text
    assert len(_entries(cache)) == 2


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "wrong arrays"])
def test_a_damaged_cache_is_rebuilt_with_one_log_line(
    cache: Path, knowledge: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    Answerer.from_folder(knowledge)
    (entry,) = _entries(cache)
    data = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(b"\x00not a zip file" * 100)
    elif damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:
        np.savez(entry.with_suffix(""), meta=np.zeros(3, dtype=np.uint8))
    with caplog.at_level(logging.WARNING, logger="bot.cache"):
        answer = Answerer.from_folder(knowledge).ask("When do updates stop?")
    assert "September 29" in answer.quotes[0].text
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "rebuilding" in warnings[0].getMessage()
    with np.load(entry, allow_pickle=False) as rewritten:
        assert "postings_weights" in rewritten.files


def test_an_entry_from_another_version_is_not_read(
    cache: Path, knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Answerer.from_folder(knowledge)
    monkeypatch.setattr(bot.cache, "CACHE_FORMAT", bot.cache.CACHE_FORMAT + 1)
    Answerer.from_folder(knowledge)
    assert len(_entries(cache)) == 2


def test_an_entry_built_by_other_code_is_not_read(
    cache: Path, knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A banbot whose code changed (a new release with the same version number, or a
    # checkout being worked on) may split or mark passages otherwise.
    Answerer.from_folder(knowledge)
    monkeypatch.setattr(bot.cache, "_code_digest", lambda: b"other code")
    Answerer.from_folder(knowledge)
    assert len(_entries(cache)) == 2


def test_an_unwritable_cache_folder_is_skipped_with_one_log_line(
    tmp_path: Path, knowledge: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BANBOT_CACHE_DIR", str(blocker / "cache"))
    with caplog.at_level(logging.WARNING, logger="bot.cache"):
        answer = Answerer.from_folder(knowledge).ask("When do updates stop?")
    assert answer.answered
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "cannot be written" in warnings[0].getMessage()


def test_an_empty_cache_setting_turns_the_cache_off(
    tmp_path: Path, knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BANBOT_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    assert Answerer.from_folder(knowledge).ask("When do updates stop?").answered
    assert not list(tmp_path.rglob("index-*.npz"))


def test_two_processes_starting_together_leave_one_good_entry(cache: Path, knowledge: Path) -> None:
    program = (
        "import sys; from bot.answerer import Answerer; "
        "answer = Answerer.from_folder(sys.argv[1]).ask('When do updates stop?'); "
        "print(answer.quotes[0].text)"
    )
    environment = {**os.environ, "BANBOT_CACHE_DIR": str(cache)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", program, str(knowledge)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert all(process.returncode == 0 for process in processes), outputs
    assert all("September 29" in stdout for stdout, _ in outputs)
    assert all("unreadable" not in stderr for _, stderr in outputs)
    (entry,) = _entries(cache)
    assert not list(cache.glob(".index-*"))
    with np.load(entry, allow_pickle=False) as stored:
        assert "meta" in stored.files


def test_old_entries_are_pruned(cache: Path, knowledge: Path) -> None:
    article = knowledge / "kaspersky-shuts-down-us-operations.md"
    original = article.read_text(encoding="utf-8")
    for number in range(bot.cache.KEPT_ENTRIES + 3):
        article.write_text(original + f"\nNote number {number} was added.\n", encoding="utf-8")
        Answerer.from_folder(knowledge)
    assert len(_entries(cache)) == bot.cache.KEPT_ENTRIES
