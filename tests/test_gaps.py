"""``banbot gaps``: the grouping key, the report on both stores, its JSON form and the command itself."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.cli import main
from adapters.gaps import gaps_report
from adapters.gaps_command import parse_period
from adapters.store import AskedQuestion, StoreSettings, open_recorder
from bot.grouping import question_key, spelled_right

pytest_plugins = ["store_support"]

NOW = datetime.now(UTC).replace(microsecond=0)


def test_wordings_that_differ_in_case_punctuation_or_a_typo_share_a_key() -> None:
    keys = {
        question_key(text)
        for text in ("when was kaspersky founded", "When was Kaspersky founded?", "wen was kaspersky founded")
    }
    assert keys == {"when was kaspersky founded"}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Where is the nearest train station?", "where is the nearest trian station"),
        ("How do I renew my passport", "How do I renw my passport??"),
        ("Who wrote Hamlet?", "who wrote   hamlet"),
        ("Is the café open on Sunday?", "is the cafe open on sunday"),
        ("I don't understand the bill", "i dont understand the bill"),
    ],
)
def test_the_key_holds_for_any_english(first: str, second: str) -> None:
    assert question_key(first) == question_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("when was kaspersky founded", "who founded kaspersky"),
        ("is the ban legal", "is the band legal"),
        ("what did the FBI say", "what did the CIA say"),
        ("how many were fired", "how many were hired"),
    ],
)
def test_different_questions_keep_different_keys(first: str, second: str) -> None:
    assert question_key(first) != question_key(second)


def test_spelled_right_tells_a_corrected_wording() -> None:
    assert spelled_right("When was Kaspersky founded?")
    assert not spelled_right("wen was kaspersky founded")


def test_names_and_numbers_stay_as_written() -> None:
    assert question_key("Did Huawei pay $1,000 in 2024?") == "did huawei pay 1 000 in 2024"


def _fill(database: str) -> dict[str, str]:
    """A small store: three wordings of one declined question, another declined, answers with votes."""
    recorder = open_recorder(StoreSettings(database))
    ids: dict[str, str] = {}

    def ask(
        name: str, text: str, answered: bool, platform: str, hours_ago: float, sources: tuple[str, ...] = ()
    ) -> None:
        ids[name] = recorder.new_record_id()
        recorder.record(
            AskedQuestion(
                ids[name],
                NOW - timedelta(hours=hours_ago),
                platform,
                "private",
                answered,
                sources,
                0.01,
                text,
            )
        )

    ask("founded1", "when was kaspersky founded", False, "telegram", 30)
    ask("founded2", "When was Kaspersky founded?", False, "discord", 5)
    ask("founded3", "wen was kaspersky founded", False, "telegram", 2)
    ask("ceo", "who is the ceo of kaspersky", False, "telegram", 1)
    ask("updates", "when do updates stop?", True, "telegram", 3, ("dmr-news", "shuts-down"))
    ask("layoffs", "how many people were laid off", True, "discord", 26, ("shuts-down",))
    ask("ancient", "what happened in 2017", False, "telegram", 24 * 30)
    recorder.vote(ids["updates"], "telegram", 1, -1)
    recorder.vote(ids["updates"], "telegram", 2, -1)
    recorder.vote(ids["updates"], "telegram", 3, 1)
    recorder.vote(ids["layoffs"], "discord", 1, -1)
    recorder.vote(ids["layoffs"], "discord", 2, 1)
    recorder.vote(ids["layoffs"], "discord", 3, 1)
    recorder.close()
    return ids


def test_the_report_groups_ranks_and_totals(database: str) -> None:
    ids = _fill(database)
    report = gaps_report(database, timedelta(days=7), now=NOW)
    top, other = report.declined
    assert (top.count, top.wordings) == (3, 3)
    assert top.question in {
        "when was kaspersky founded",
        "When was Kaspersky founded?",
        "wen was kaspersky founded",
    }
    assert top.first_seen == NOW - timedelta(hours=30)
    assert top.last_seen == NOW - timedelta(hours=2)
    assert (other.question, other.count) == ("who is the ceo of kaspersky", 1)
    worst, second = report.downvoted
    assert (worst.record_id, worst.down, worst.up, worst.source_id) == (ids["updates"], 2, 1, "dmr-news")
    assert worst.question is None  # answered questions' text is not kept by default
    assert (second.record_id, second.down, second.up) == (ids["layoffs"], 1, 2)
    assert report.totals.questions == 6  # the month-old one is outside the week
    assert report.totals.answered == 2
    assert (report.totals.up, report.totals.down) == (3, 3)
    assert dict(report.platforms)["discord"].questions == 2
    assert dict(report.platforms)["telegram"].down == 2
    assert sum(totals.questions for _, totals in report.days) == 6
    assert len(gaps_report(database, timedelta(days=7), limit=1, now=NOW).declined) == 1
    assert gaps_report(database, timedelta(days=60), now=NOW).totals.questions == 7


def test_the_json_form(database: str) -> None:
    _fill(database)
    data = json.loads(json.dumps(gaps_report(database, timedelta(days=7), now=NOW).to_dict()))
    assert set(data) == {
        "version",
        "since",
        "until",
        "totals",
        "declined",
        "declined_without_text",
        "downvoted",
        "platforms",
        "days",
    }
    assert data["version"] == 1
    assert data["until"].endswith("Z")
    assert set(data["totals"]) == {"questions", "answered", "answered_share", "up", "down"}
    assert set(data["declined"][0]) == {"question", "count", "first_seen", "last_seen", "wordings"}
    assert data["declined"][0]["count"] == 3
    assert set(data["downvoted"][0]) == {
        "record_id",
        "down",
        "up",
        "question",
        "source_id",
        "platform",
        "asked_at",
    }
    assert set(data["platforms"][0]) == {"platform", "questions", "answered", "answered_share", "up", "down"}
    assert set(data["days"][0]) == {"day", "questions", "answered", "answered_share", "up", "down"}
    assert data["totals"]["answered_share"] == pytest.approx(2 / 6, abs=1e-4)


def test_periods() -> None:
    assert parse_period("30m") == timedelta(minutes=30)
    assert parse_period("12h") == timedelta(hours=12)
    assert parse_period("7d") == timedelta(days=7)
    assert parse_period("2w") == timedelta(weeks=2)


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BANBOT_DATABASE", raising=False)
    return tmp_path / "banbot.db"


def test_banbot_gaps_prints_the_report(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(str(store_path))
    assert main(["gaps", "--database", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert "Declined questions asked most" in out
    assert "(3 wordings)" in out
    assert "who is the ceo of kaspersky" in out
    assert "dmr-news" in out
    assert "what happened in 2017" not in out
    assert main(["gaps", "--database", str(store_path), "--since", "60d", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["questions"] == 7


def test_banbot_gaps_reads_banbot_database(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill(str(store_path))
    monkeypatch.setenv("BANBOT_DATABASE", str(store_path))
    assert main(["gaps", "--json", "--limit", "1"]) == 0
    assert len(json.loads(capsys.readouterr().out)["declined"]) == 1
    # --database wins over the environment.
    assert main(["gaps", "--database", str(store_path.with_name("other.db"))]) == 1


def test_banbot_gaps_on_a_missing_or_empty_store(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["gaps", "--database", str(store_path)]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert "no store at" in captured.err
    assert "Traceback" not in captured.err
    assert not store_path.exists()  # reading never creates it
    open_recorder(StoreSettings(str(store_path))).close()
    assert main(["gaps", "--database", str(store_path)]) == 0
    assert "Nothing was recorded in this period." in capsys.readouterr().out
    assert main(["gaps", "--database", str(store_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["questions"] == 0


def test_banbot_gaps_usage_errors(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for bad in (["--since", "7y"], ["--since", "0d"], ["--limit", "0"]):
        with pytest.raises(SystemExit) as exited:
            main(["gaps", *bad])
        assert exited.value.code == 2
    assert main(["gaps", "--database", "mysql://bot:hunter2@db/x"]) == 2
    error = capsys.readouterr().err
    assert "--database" in error
    assert "hunter2" not in error
