"""The ``banbot`` command line, in process (``adapters.cli.main``) and as ``python -m adapters``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from adapters.cli import main
from bot.knowledge import KNOWLEDGE_ENV

MakeKnowledge = Callable[[Path, Iterable[Mapping[str, Any]]], Path]

REPORTED = "Journalist Kim Zetter first reported that US employees were informed about the layoffs this week."
SHUTS_DOWN_SOURCE = (
    "Kaspersky shuts down US operations following a year-long battle with the US government "
    "(publisher and date unknown)"
)
DMR_SOURCE = (
    "Kaspersky to Shut Down U.S. Operations and Lay Off Staff After Ban (DMR News, Hilary Ong, 2024-07-18)"
)
CONTRACT_SOURCE_KEYS = {"id", "title", "publisher", "author", "published", "url"}


@pytest.fixture(autouse=True)
def _isolated_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No knowledge folder from the environment, and no ``.env`` file picked up from the working folder."""
    monkeypatch.delenv(KNOWLEDGE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)


def _run(*args: str, stdin: str | None = None, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != KNOWLEDGE_ENV}
    environment.update(env)
    environment["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "adapters", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=environment,
        timeout=60,
        check=False,
    )


def _assert_contract(data: dict[str, Any]) -> None:
    assert {"question", "answered", "answer", "quotes"} <= set(data)
    assert isinstance(data["answered"], bool)
    for quote in data["quotes"]:
        assert {"text", "score", "source"} <= set(quote)
        assert set(quote["source"]) >= CONTRACT_SOURCE_KEYS


def _broken_knowledge(directory: Path) -> Path:
    folder = directory / "broken-knowledge"
    folder.mkdir()
    (folder / "bad.md").write_text("No front matter here.\n", encoding="utf-8")
    return folder


# --- ask -----------------------------------------------------------------------------------


def test_ask_prints_the_quote_in_quotation_marks_and_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "Who first reported the layoffs?"]) == 0
    out = capsys.readouterr().out
    assert "Answer: Kim Zetter" in out
    assert f"“{REPORTED}”" in out
    assert SHUTS_DOWN_SOURCE in out
    # The other article reports the same name, so it is listed as agreeing.
    assert DMR_SOURCE in out


def test_ask_abstaining_exits_0_and_lists_topics(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "What is the capital of France?"]) == 0
    out = capsys.readouterr().out
    assert "don't cover" in out
    assert "- Kaspersky to Shut Down U.S. Operations and Lay Off Staff After Ban" in out
    assert "“" not in out


def test_ask_empty_question_exits_0_with_the_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", ""]) == 0
    assert "The question is empty." in capsys.readouterr().out


def test_ask_json_prints_one_object_with_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "When do updates stop?"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    data = json.loads(out)
    _assert_contract(data)
    assert data["question"] == "When do updates stop?"
    assert data["answered"] is True
    assert "September 29" in data["answer"]
    assert "September 29" in data["quotes"][0]["text"]


def test_ask_json_keeps_unicode_unescaped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "When does the ban on new sales start?"]) == 0
    out = capsys.readouterr().out
    assert "’" in out
    assert "\\u2019" not in out


def test_ask_json_from_stdin_answers_each_line_in_order(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = [
        "When do updates stop?",
        "",
        "What is the capital of France?",
        "Who first reported the layoffs?",
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(questions) + "\n"))
    assert main(["ask", "--json", "-"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [record["question"] for record in records] == questions
    for record in records:
        _assert_contract(record)
    assert [record["answered"] for record in records] == [True, False, False, True]
    assert records[1]["error"]
    assert records[1]["quotes"] == []
    assert records[2]["error"] is None


def test_python_m_bot_ask_json_stdin_in_a_subprocess(tmp_path: Path) -> None:
    result = _run(
        "ask", "--json", "-", stdin="When do updates stop?\r\n\nWho first reported the layoffs?", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["question"] for record in records] == [
        "When do updates stop?",
        "",
        "Who first reported the layoffs?",
    ]
    assert [record["answered"] for record in records] == [True, False, True]
    assert records[1]["error"]
    assert "Kim Zetter" in records[2]["quotes"][0]["text"]


def test_ask_uses_the_knowledge_option(
    tmp_path: Path, make_knowledge: MakeKnowledge, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_knowledge(
        tmp_path,
        [{"id": "acme", "title": "Acme news", "body": "Acme will close its anvil factory on June 14."}],
    )
    assert main(["--knowledge", str(folder), "ask", "--json", "When will the anvil factory close?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answered"] is True
    assert data["quotes"][0]["source"]["id"] == "acme"


def test_ask_uses_the_knowledge_env_var(
    tmp_path: Path,
    make_knowledge: MakeKnowledge,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = make_knowledge(
        tmp_path, [{"id": "acme", "body": "Acme will close its anvil factory on June 14."}]
    )
    monkeypatch.setenv(KNOWLEDGE_ENV, str(folder))
    assert main(["ask", "--json", "When will the anvil factory close?"]) == 0
    assert json.loads(capsys.readouterr().out)["quotes"][0]["source"]["id"] == "acme"


# --- sources -------------------------------------------------------------------------------


def test_sources_lists_each_article(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    assert DMR_SOURCE in out
    assert SHUTS_DOWN_SOURCE in out
    assert "id: dmr-news-kaspersky-to-shut-down-us-operations" in out
    assert "id: kaspersky-shuts-down-us-operations" in out


def test_sources_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "--json"]) == 0
    sources = json.loads(capsys.readouterr().out)
    assert isinstance(sources, list)
    assert len(sources) == 2
    assert all(set(source) >= CONTRACT_SOURCE_KEYS for source in sources)
    dmr = next(source for source in sources if source["publisher"] == "DMR News")
    assert (dmr["author"], dmr["published"]) == ("Hilary Ong", "2024-07-18")


# --- eval ----------------------------------------------------------------------------------


def _question_file(directory: Path) -> Path:
    path = directory / "questions.jsonl"
    lines = [
        {"id": "updates", "question": "When do updates stop?", "expect": ["September 29"]},
        {"id": "paris", "question": "What is the capital of France?", "expect": []},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_eval_prints_the_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(_question_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "questions: 1 answerable, 1 out of scope" in out
    assert "hit@1: 1.000 (1/1)" in out
    assert "hit@3: 1.000" in out
    assert "MRR: 1.000" in out
    assert "abstention precision: 1.000" in out
    assert "recall: 1.000 (1/1)" in out
    assert "MISS" not in out


def test_eval_lists_misses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "questions.jsonl"
    path.write_text(
        '{"id": "wrong", "question": "When do updates stop?", "expect": ["July 4"]}\n', encoding="utf-8"
    )
    assert main(["eval", str(path)]) == 0
    out = capsys.readouterr().out
    assert "hit@1: 0.000 (0/1)" in out
    assert "MISS wrong: When do updates stop?" in out


def test_eval_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--json", str(_question_file(tmp_path))]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["hit_at_1"] == 1.0
    assert report["abstention_precision"] == 1.0
    assert report["abstention_recall"] == 1.0
    assert report["misses"] == []


# --- exit codes and errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [[], ["ask"], ["ask", "--bogus", "question"], ["--bogus"], ["frobnicate"], ["eval"]],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_ask_stdin_without_json_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "-"]) == 2
    captured = capsys.readouterr()
    assert "--json" in captured.err
    assert captured.out == ""


def test_python_m_bot_without_a_command_exits_2(tmp_path: Path) -> None:
    result = _run(cwd=tmp_path)
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert result.stdout == ""


def test_broken_knowledge_option_exits_1_with_one_stderr_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _broken_knowledge(tmp_path)
    assert main(["--knowledge", str(folder), "ask", "When do updates stop?"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("banbot: knowledge error: ")
    assert str(folder / "bad.md") in lines[0]


def test_broken_knowledge_env_var_exits_1_with_one_stderr_line(tmp_path: Path) -> None:
    folder = _broken_knowledge(tmp_path)
    result = _run("ask", "When do updates stop?", cwd=tmp_path, **{KNOWLEDGE_ENV: str(folder)})
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("banbot: knowledge error: ")
    assert "bad.md" in lines[0]


@pytest.mark.parametrize("command", [["sources"], ["eval", "questions.jsonl"]])
def test_missing_knowledge_folder_exits_1(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _question_file(tmp_path)
    assert main(["--knowledge", str(tmp_path / "nowhere"), *command]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert "nowhere" in lines[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.jsonl", '{"id": "a", "question": \n'),
        ("empty.jsonl", ""),
        ("missing.jsonl", None),
    ],
)
def test_broken_question_set_exits_1_with_one_stderr_line(
    tmp_path: Path, name: str, content: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["eval", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("banbot: question set error: ")
    assert name in lines[0]


def test_knowledge_without_prose_exits_1_with_one_stderr_line(
    tmp_path: Path, make_knowledge: MakeKnowledge, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_knowledge(tmp_path, [{"id": "acme", "body": "# Only a heading\n\n## And another"}])
    assert main(["--knowledge", str(folder), "ask", "When?"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert "acme" in lines[0] or str(folder) in lines[0]


def test_impossible_date_in_knowledge_exits_1_with_one_stderr_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\nid: a\ntitle: T\npublisher: P\nauthor: A\npublished: 2024-13-45\nurl: null\n---\nBody text.\n",
        encoding="utf-8",
    )
    assert main(["--knowledge", str(folder), "sources"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert "a.md" in lines[0]


# --- imports -------------------------------------------------------------------------------

_NO_PLATFORM_IMPORTS = """
import json, runpy, sys
sys.argv = ["banbot", "ask", "--json", "When do updates stop?"]
try:
    runpy.run_module("adapters", run_name="__main__", alter_sys=True)
except SystemExit as stop:
    code = stop.code
print(json.dumps({
    "code": code,
    "modules": sorted(name for name in sys.modules if name.split(".")[0] in ("discord", "telegram")),
    "adapters": sorted(
        name for name in sys.modules
        if name.startswith("adapters.")
        and name not in (
            "adapters.cli", "adapters.__main__", "adapters.knowledge_commands", "adapters.gaps_command"
        )
    ),
}))
"""


def test_python_m_adapters_ask_imports_no_chat_platform(tmp_path: Path) -> None:
    environment = {key: value for key, value in os.environ.items() if key != KNOWLEDGE_ENV}
    result = subprocess.run(
        [sys.executable, "-c", _NO_PLATFORM_IMPORTS],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=environment,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    *answer_lines, report_line = result.stdout.strip().splitlines()
    report = json.loads(report_line)
    assert report["code"] == 0
    assert report["modules"] == []
    assert report["adapters"] == []
    assert json.loads(answer_lines[-1])["answered"] is True


def test_the_core_never_imports_the_adapters() -> None:
    core = Path(__file__).resolve().parents[1] / "bot"
    for path in core.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import adapters" not in text and "from adapters" not in text, path
