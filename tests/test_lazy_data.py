"""Heavy data loads only when a question needs it: the command line starts light."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import contextlib, io, json, sys
from adapters.cli import main
from bot.english import english_dictionary
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps({
    "simplemma": "simplemma" in sys.modules,
    "wordfreq": "wordfreq" in sys.modules,
    "spelling": english_dictionary.cache_info().currsize > 0,
    "chat": any(name in sys.modules for name in ("discord", "telegram")),
}))
"""


def _loaded(tmp_path: Path, *args: str) -> dict[str, bool]:
    environment = {**os.environ, "BANBOT_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=True,
    )
    loaded: dict[str, bool] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize("args", [("--help",), ("sources",), ("ask", "--help")])
def test_help_and_sources_load_no_dictionary(tmp_path: Path, args: tuple[str, ...]) -> None:
    assert _loaded(tmp_path, *args) == {
        "simplemma": False,
        "wordfreq": False,
        "spelling": False,
        "chat": False,
    }


def test_a_warm_start_answers_a_question_in_the_articles_words_without_dictionaries(tmp_path: Path) -> None:
    cold = _loaded(tmp_path, "ask", "when do updates stop?")
    assert cold["simplemma"]  # the first start analyzes the articles
    warm = _loaded(tmp_path, "ask", "when do updates stop?")
    assert warm == {"simplemma": False, "wordfreq": False, "spelling": False, "chat": False}


def test_a_word_the_articles_lack_loads_the_dictionaries_it_needs(tmp_path: Path) -> None:
    _loaded(tmp_path, "ask", "when do updates stop?")
    warm = _loaded(tmp_path, "ask", "when does my grandmother's antivirus stop?")
    assert warm["simplemma"]
    assert not warm["chat"]
