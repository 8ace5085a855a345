"""The question store: settings, records, votes, retention, migrations, failures; on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import adapters.store as store_module
import adapters.store_backends as backends
from adapters.cli import main
from adapters.common import ConfigError
from adapters.gaps import gaps_report
from adapters.store import (
    AskedQuestion,
    NullRecorder,
    StoreRecorder,
    StoreSettings,
    open_recorder,
    store_settings_from_env,
)
from adapters.store_backends import QuestionRow, Store, VoteRow, open_store
from bot.knowledge import KNOWLEDGE_ENV

pytest_plugins = ["store_support"]

USER_ID = 987654321
USER_NAME = "alice_example_name"
CHAT_ID = -100777888999


def asked(
    record_id: str,
    question: str = "when was kaspersky founded",
    *,
    answered: bool = False,
    platform: str = "telegram",
    chat_kind: str = "private",
    at: datetime | None = None,
    sources: tuple[str, ...] = (),
) -> AskedQuestion:
    return AskedQuestion(
        record_id=record_id,
        asked_at=at or datetime.now(UTC),
        platform=platform,
        chat_kind=chat_kind,
        answered=answered,
        source_ids=sources,
        latency_seconds=0.012,
        question=question,
    )


def rows(database: str, sql: str) -> list[tuple[Any, ...]]:
    """Rows of a query on the store, read outside any recorder."""
    store = open_store(database, create=False)
    try:
        return store.query(sql)
    finally:
        store.close()


def recorder_for(database: str, **settings: Any) -> StoreRecorder:
    return open_recorder(StoreSettings(database=database, **settings))


# Settings


def test_settings_defaults_and_values(tmp_path: Path) -> None:
    settings = store_settings_from_env({})
    assert settings.database.endswith(os.path.join("banbot", "banbot.db"))
    assert settings.record_questions == "declined"
    assert settings.retention_days == 90
    given = store_settings_from_env(
        {
            "BANBOT_DATABASE": "postgres://bot:pw@db.example:5432/banbot",
            "BANBOT_RECORD_QUESTIONS": "all",
            "BANBOT_RETENTION_DAYS": "30",
        }
    )
    assert given == StoreSettings("postgres://bot:pw@db.example:5432/banbot", "all", 30)
    assert store_settings_from_env({"BANBOT_DATABASE": str(tmp_path / "x.db")}).database == str(
        tmp_path / "x.db"
    )


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"BANBOT_DATABASE": "mysql://bot:hunter2@db/banbot"}, "BANBOT_DATABASE"),
        ({"BANBOT_DATABASE": "postgresql://"}, "BANBOT_DATABASE"),
        ({"BANBOT_DATABASE": "postgres://bot:hunter2@/banbot"}, "BANBOT_DATABASE"),
        ({"BANBOT_DATABASE": "postgresql://bot:hunter2@db:port/banbot"}, "BANBOT_DATABASE"),
        ({"BANBOT_RECORD_QUESTIONS": "some"}, "BANBOT_RECORD_QUESTIONS"),
        ({"BANBOT_RETENTION_DAYS": "0"}, "BANBOT_RETENTION_DAYS"),
        ({"BANBOT_RETENTION_DAYS": "ninety"}, "BANBOT_RETENTION_DAYS"),
    ],
)
def test_broken_settings_are_one_line_config_errors_without_the_password(
    environ: dict[str, str], named: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        store_settings_from_env(environ)
    message = str(caught.value)
    assert message.startswith(named)
    assert "\n" not in message
    assert "hunter2" not in message


def test_a_path_whose_folder_cannot_be_made_is_a_config_error_at_start(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError) as caught:
        recorder_for(str(blocker / "sub" / "banbot.db"))
    assert str(caught.value).startswith("BANBOT_DATABASE")
    assert "\n" not in str(caught.value)


def test_a_store_that_cannot_be_opened_at_start_is_a_config_error(tmp_path: Path) -> None:
    folder = tmp_path / "banbot.db"
    folder.mkdir()  # a folder where the file should be
    with pytest.raises(ConfigError, match="BANBOT_DATABASE"):
        recorder_for(str(folder))


def test_a_read_only_store_is_a_config_error_at_start(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes to read-only files; the read-only variant needs another user")
    path = tmp_path / "banbot.db"
    recorder_for(str(path)).close()
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(ConfigError, match="BANBOT_DATABASE"):
            recorder_for(str(path))
    finally:
        tmp_path.chmod(0o755)


def test_postgres_without_psycopg_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    settings = store_settings_from_env({"BANBOT_DATABASE": "postgresql://bot:hunter2@127.0.0.1:1/banbot"})
    with pytest.raises(ConfigError) as caught:
        open_recorder(settings)
    assert "psycopg" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_an_unreachable_postgres_is_one_line_without_the_password() -> None:
    pytest.importorskip("psycopg")
    settings = store_settings_from_env({"BANBOT_DATABASE": "postgresql://bot:hunter2@127.0.0.1:1/banbot"})
    with pytest.raises(ConfigError) as caught:
        open_recorder(settings)
    assert "\n" not in str(caught.value)
    assert "hunter2" not in str(caught.value)
    assert "bot:***@127.0.0.1:1" in str(caught.value)


def test_the_core_and_the_command_line_run_without_psycopg(tmp_path: Path) -> None:
    script = (
        "import sys; sys.modules['psycopg'] = None\n"
        "import adapters.cli, adapters.store, adapters.gaps, adapters.gaps_command\n"
        "from adapters.store import StoreSettings, open_recorder, AskedQuestion\n"
        "from datetime import datetime, UTC\n"
        f"recorder = open_recorder(StoreSettings({str(tmp_path / 'x.db')!r}))\n"
        "recorder.record(AskedQuestion('abc', datetime.now(UTC), 'cli', 'cli', False, (), 0.1, 'why?'))\n"
        "recorder.close()\n"
        f"sys.exit(adapters.cli.main(['gaps', '--database', {str(tmp_path / 'x.db')!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "why?" in done.stdout


# Recording


def test_record_ids_fit_a_telegram_button() -> None:
    recorder = NullRecorder()
    ids = {recorder.new_record_id() for _ in range(1000)}
    assert len(ids) == 1000
    for record_id in ids:
        assert len(record_id) <= 22
        assert len(f"fb:+:{record_id}".encode()) <= 64
        assert record_id.replace("-", "").replace("_", "").isalnum()


def test_record_vote_close_round_trip(database: str) -> None:
    recorder = recorder_for(database, record_questions="all")
    first, second = recorder.new_record_id(), recorder.new_record_id()
    recorder.record(asked(first, "when do updates stop?", answered=True, sources=("dmr", "other")))
    recorder.record(asked(second, "what is the capital of France", platform="discord", chat_kind="group"))
    recorder.vote(first, "telegram", USER_ID, -1)
    recorder.vote(second, "discord", 42, 1)
    recorder.close()
    assert recorder.stats.written == 4
    found = rows(
        database,
        "SELECT record_id, platform, chat_kind, answered, source_ids, latency_seconds, question "
        "FROM questions ORDER BY platform",
    )
    assert [(row[0], row[1], row[2], bool(row[3])) for row in found] == [
        (second, "discord", "group", False),
        (first, "telegram", "private", True),
    ]
    assert json.loads(found[1][4]) == ["dmr", "other"]
    assert found[1][5] == pytest.approx(0.012)
    assert found[1][6] == "when do updates stop?"
    votes = rows(database, "SELECT record_id, vote FROM votes ORDER BY vote")
    assert votes == [(first, -1), (second, 1)]


def test_a_vote_pressed_twice_counts_once_and_the_latest_wins(database: str) -> None:
    recorder = recorder_for(database)
    record_id = recorder.new_record_id()
    recorder.record(asked(record_id, answered=True))
    recorder.vote(record_id, "telegram", USER_ID, 1)
    recorder.vote(record_id, "telegram", USER_ID, 1)
    assert recorder.flush()
    recorder.vote(record_id, "telegram", USER_ID, -1)  # then the other button
    recorder.vote(record_id, "discord", USER_ID, 1)  # the same number on Discord is someone else
    recorder.close()
    assert rows(database, "SELECT platform, vote FROM votes ORDER BY platform") == [
        ("discord", 1),
        ("telegram", -1),
    ]
    report = gaps_report(database, timedelta(days=1))
    assert (report.totals.up, report.totals.down) == (1, 1)
    assert [(answer.record_id, answer.down, answer.up) for answer in report.downvoted] == [(record_id, 1, 1)]


def test_one_vote_per_person_survives_a_restart(database: str) -> None:
    recorder = recorder_for(database)
    record_id = recorder.new_record_id()
    recorder.vote(record_id, "telegram", USER_ID, 1)
    recorder.close()
    again = recorder_for(database)
    again.vote(record_id, "telegram", USER_ID, -1)
    again.close()
    assert rows(database, "SELECT vote FROM votes") == [(-1,)]


def test_a_vote_before_its_question_still_counts(database: str) -> None:
    recorder = recorder_for(database)
    record_id = recorder.new_record_id()
    recorder.vote(record_id, "discord", USER_ID, -1)
    assert recorder.flush()
    assert rows(database, "SELECT COUNT(*) FROM questions") == [(0,)]
    recorder.record(asked(record_id, "who founded kaspersky", platform="discord", answered=False))
    recorder.close()
    (answer,) = gaps_report(database, timedelta(days=1)).downvoted
    assert (answer.record_id, answer.down, answer.platform) == (record_id, 1, "discord")
    assert answer.question == "who founded kaspersky"


def test_malformed_votes_and_records_are_ignored_without_raising(database: str) -> None:
    recorder = recorder_for(database)
    recorder.vote("not a record id!", "telegram", USER_ID, 1)
    recorder.vote("x" * 40, "telegram", USER_ID, 1)
    recorder.vote("abc", "telegram", USER_ID, 2)
    recorder.record(AskedQuestion("abc", None, "cli", "cli", False, (), 0.0, "q"))  # type: ignore[arg-type]
    recorder.record(asked("naive", at=datetime(2030, 1, 1)))  # no zone: taken as UTC
    recorder.close()
    assert rows(database, "SELECT COUNT(*) FROM votes") == [(0,)]
    assert rows(database, "SELECT record_id, asked_at FROM questions") == [
        ("naive", datetime(2030, 1, 1, tzinfo=UTC).timestamp())
    ]


@pytest.mark.parametrize(
    ("mode", "kept"),
    [("declined", {"declined one"}), ("all", {"declined one", "answered one"}), ("none", set())],
)
def test_record_questions_modes(database: str, mode: str, kept: set[str]) -> None:
    recorder = recorder_for(database, record_questions=mode)
    recorder.record(asked("a1", "answered one", answered=True))
    recorder.record(asked("d1", "declined one", answered=False))
    recorder.close()
    found = rows(database, "SELECT record_id, question FROM questions")
    assert {row[0] for row in found} == {"a1", "d1"}  # every question counts, with or without text
    assert {row[1] for row in found if row[1] is not None} == kept


def test_rows_past_the_retention_go_at_open(database: str) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=100)
    recorder = recorder_for(database, record_questions="all")
    recorder.record(asked("old", "old question", at=long_ago))
    recorder.record(asked("new", "new question"))
    recorder.close()
    assert len(rows(database, "SELECT record_id FROM questions")) == 2
    recorder_for(database, retention_days=90).close()
    assert rows(database, "SELECT record_id FROM questions") == [("new",)]


def test_the_writer_deletes_expired_rows_as_it_goes(database: str) -> None:
    recorder = open_recorder(StoreSettings(database, retention_days=7), purge_every=0.0)
    recorder.record(asked("old", at=datetime.now(UTC) - timedelta(days=8)))
    recorder.record(asked("new"))
    assert recorder.flush()
    recorder.record(asked("newer"))  # the next batch's purge comes after the first batch is in
    recorder.close()
    assert sorted(rows(database, "SELECT record_id FROM questions")) == [("new",), ("newer",)]


def test_old_votes_expire_too(database: str) -> None:
    clock = [time.time() - 10 * 86400]
    recorder = open_recorder(StoreSettings(database, retention_days=7), clock=lambda: clock[0])
    recorder.vote("oldvote", "telegram", 1, 1)
    recorder.close()
    recorder_for(database, retention_days=7).close()
    assert rows(database, "SELECT COUNT(*) FROM votes") == [(0,)]


def test_no_user_id_name_or_chat_id_is_stored(database: str) -> None:
    recorder = recorder_for(database, record_questions="all")
    record_id = recorder.new_record_id()
    recorder.record(asked(record_id, "when do updates stop?", answered=True))
    recorder.record(asked(recorder.new_record_id(), "who runs it?", platform="discord", chat_kind="group"))
    for user in (USER_ID, str(USER_ID), USER_NAME, CHAT_ID):
        recorder.vote(record_id, "telegram", user, -1)
        recorder.vote(record_id, "discord", user, 1)
    recorder.close()
    assert rows(database, "SELECT COUNT(*) FROM votes") == [(6,)]  # USER_ID and str(USER_ID) are one person
    if database.startswith("postgresql"):
        dump = "".join(
            str(row)
            for table in ("questions", "votes", "meta", "schema_version")
            for row in rows(database, f"SELECT t::text FROM {table} t")
        ).encode()
    else:
        dump = b"".join(path.read_bytes() for path in Path(database).parent.iterdir())
    assert b"when do updates stop?" in dump  # the check does see stored text
    for secret in (str(USER_ID), USER_NAME, str(CHAT_ID), str(abs(CHAT_ID))):
        assert secret.encode() not in dump


# Migrations and concurrency


def test_migrations_run_once_when_two_start_together(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    applied: list[int] = []
    original = backends._run_migrations

    def slow(execute: Callable[[str], object], version: int, migrations: Sequence[Sequence[str]]) -> None:
        applied.append(version)
        time.sleep(0.3)  # holds the lock long enough for the other to arrive and wait
        original(execute, version, migrations)

    monkeypatch.setattr(backends, "_run_migrations", slow)
    start = threading.Barrier(2)
    opened: list[StoreRecorder] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        start.wait()
        try:
            opened.append(recorder_for(database))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=open_one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert applied == [0]
    first, second = opened
    assert first.voter("telegram", USER_ID) == second.voter("telegram", USER_ID)
    for recorder in opened:
        recorder.close()
    if database.startswith("postgresql"):
        assert rows(database, "SELECT version FROM schema_version") == [(backends.SCHEMA_VERSION,)]
    else:
        assert rows(database, "PRAGMA user_version") == [(backends.SCHEMA_VERSION,)]


def test_two_recorders_writing_at_once_lose_nothing(database: str) -> None:
    recorders = [recorder_for(database), recorder_for(database)]

    def write(recorder: StoreRecorder, name: str) -> None:
        for number in range(300):
            record_id = f"{name}{number}"
            recorder.record(asked(record_id, f"question {number}"))
            recorder.vote(record_id, "telegram", number, 1)

    threads = [
        threading.Thread(target=write, args=(recorder, name))
        for recorder, name in zip(recorders, "ab", strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for recorder in recorders:
        recorder.close(timeout=30)
    assert rows(database, "SELECT COUNT(*) FROM questions") == [(600,)]
    assert rows(database, "SELECT COUNT(*) FROM votes") == [(600,)]
    assert sum(recorder.stats.written for recorder in recorders) == 1200


def test_recording_from_the_event_loop_only_enqueues(database: str) -> None:
    import asyncio

    recorder = recorder_for(database)

    async def bot() -> None:
        for number in range(50):
            recorder.record(asked(f"loop{number}"))
            recorder.vote(f"loop{number}", "telegram", number, -1)
            await asyncio.sleep(0)

    asyncio.run(bot())
    recorder.close()
    assert rows(database, "SELECT COUNT(*) FROM questions") == [(50,)]


# Failures


class BlockedStore(Store):
    """A store whose first write waits until released: a writer stuck on a slow database."""

    description = "blocked"

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.written: list[QuestionRow | VoteRow] = []

    def migrate(self, preferred_key: str) -> str:
        return preferred_key

    def write(self, questions: Sequence[QuestionRow], votes: Sequence[VoteRow]) -> None:
        self.entered.set()
        self.release.wait(30)
        self.written += [*questions, *votes]

    def purge(self, before: float) -> int:
        return 0

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return []

    def day(self, column: str) -> str:
        return column

    def schema_version(self) -> int:
        return 1

    def close(self) -> None:
        pass


def test_a_stuck_writer_keeps_the_queue_bounded_and_close_returns() -> None:
    store = BlockedStore()
    recorder = StoreRecorder(StoreSettings("blocked"), store, "key", queue_size=10)
    recorder.record(asked("first"))
    assert store.entered.wait(10)
    for number in range(100):
        recorder.record(asked(f"r{number}"))  # returns at once, whatever the writer is doing
    stats = recorder.stats
    assert (stats.queued, stats.dropped) == (10, 90)
    recorder.close(timeout=0.05)  # the writer is still stuck: close gives up rather than wait
    recorder.record(asked("afterclose"))
    assert recorder.stats.dropped == 91
    store.release.set()
    recorder._thread.join(10)  # let it finish before the test's log capture goes
    assert recorder.stats.dropped == 101  # what was queued behind the stuck write is counted as lost


def _sqlite_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def test_a_store_file_deleted_mid_run_is_made_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "banbot.db"
    recorder = recorder_for(str(path))
    recorder.record(asked("before"))
    assert recorder.flush()
    for file in _sqlite_files(path):
        file.unlink(missing_ok=True)
    with caplog.at_level(logging.WARNING, logger="adapters.store"):
        recorder.record(asked("after"))
        assert recorder.flush()
    recorder.close()
    assert rows(str(path), "SELECT record_id FROM questions") == [("after",)]
    assert len([record for record in caplog.records if "removed or replaced" in record.message]) == 1


def test_a_store_broken_mid_run_never_raises_and_logs_once_a_minute(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "REOPEN_AFTER", 0.0)  # try to open it again at every batch
    path = tmp_path / "banbot.db"
    recorder = open_recorder(StoreSettings(str(path)), queue_size=50)
    recorder.record(asked("before"))
    assert recorder.flush()
    for file in _sqlite_files(path):
        file.unlink(missing_ok=True)
    path.mkdir()  # the file is now a folder: it cannot be opened again
    with caplog.at_level(logging.WARNING, logger="adapters.store"):
        for batch in range(5):
            for number in range(20):
                recorder.record(asked(f"r{batch}-{number}"))
                recorder.vote(f"r{batch}-{number}", "telegram", number, 1)
            assert recorder.flush()
    stats = recorder.stats
    assert stats.written == 1
    assert stats.failed + stats.dropped == 200
    assert stats.queued == 0
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1  # the rest are held back for a minute
    recorder.close()


def test_a_locked_store_costs_the_batch_not_the_bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    monkeypatch.setattr(store_module, "REOPEN_AFTER", 0.0)
    path = tmp_path / "banbot.db"
    recorder = recorder_for(str(path))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    recorder.record(asked("whilelocked"))
    assert recorder.flush(timeout=30)
    holder.execute("ROLLBACK")
    holder.close()
    recorder.record(asked("after"))
    recorder.close(timeout=30)
    assert recorder.stats.failed == 1
    assert rows(str(path), "SELECT record_id FROM questions") == [("after",)]


def test_a_postgres_connection_that_drops_is_opened_again(
    postgres_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "REOPEN_AFTER", 0.0)
    recorder = recorder_for(postgres_database)
    recorder.record(asked("before"))
    assert recorder.flush()
    import psycopg

    with psycopg.connect(postgres_database, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'banbot' AND datname = current_database()"
        )
    recorder.record(asked("lost"))  # written on a dead connection: lost, logged
    assert recorder.flush()
    recorder.record(asked("after"))
    recorder.close(timeout=30)
    assert sorted(rows(postgres_database, "SELECT record_id FROM questions")) == [("after",), ("before",)]
    assert recorder.stats.failed == 1


# The command line


@pytest.fixture
def cli_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(KNOWLEDGE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "data" / "banbot.db"
    monkeypatch.setenv("BANBOT_DATABASE", str(path))
    monkeypatch.setenv("BANBOT_RECORD_QUESTIONS", "all")
    return path


def test_ask_records_only_with_record(cli_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "when do updates stop?"]) == 0
    assert not cli_store.exists()
    assert main(["ask", "--record", "--json", "when do updates stop?"]) == 0
    printed = json.loads(capsys.readouterr().out.splitlines()[-1])
    (row,) = rows(str(cli_store), "SELECT platform, chat_kind, answered, source_ids, question FROM questions")
    assert row[:3] == ("cli", "cli", 1)
    assert json.loads(row[3]) == [quote["source"]["id"] for quote in printed["quotes"]]
    assert row[4] == "when do updates stop?"


def test_ask_record_from_standard_input_records_each_line(
    cli_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("when do updates stop?\nwhen was kaspersky founded\n"))
    assert main(["ask", "--record", "--json", "-"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert sorted(row[0] for row in rows(str(cli_store), "SELECT question FROM questions")) == [
        "when do updates stop?",
        "when was kaspersky founded",
    ]


def test_ask_record_with_a_broken_database_is_exit_2(
    cli_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BANBOT_DATABASE", "mysql://bot:hunter2@db/banbot")
    assert main(["ask", "--record", "when do updates stop?"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "BANBOT_DATABASE" in error
    assert "hunter2" not in error
