"""The question store's SQL on SQLite and PostgreSQL: connections, schema, migration, writes and reads.

It owns the versioned schema and its migration, batched writes, retention, and the plain
reads that ``banbot gaps`` builds on.

Times are seconds since the epoch (UTC) on both, so that one set of queries serves both;
``Store.day`` turns one into a calendar day. Placeholders are written ``?`` and turned
into psycopg's ``%s`` for PostgreSQL. psycopg is imported only when a PostgreSQL URL is
opened, so the rest of banbot runs without it.

A migration runs once however many processes start together: on SQLite under
``BEGIN IMMEDIATE`` (one writer at a time) with the version in ``PRAGMA user_version``; on
PostgreSQL under ``pg_advisory_xact_lock`` with the version in ``schema_version``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from adapters.common import ConfigError

if TYPE_CHECKING:
    import psycopg

DATABASE_ENV = "BANBOT_DATABASE"
SCHEMA_VERSION = 1
VOTER_KEY = "voter_key"
POSTGRES_SCHEMES = ("postgresql", "postgres")
# Any fixed number: the advisory lock that serialises banbot's migrations in one database.
_MIGRATION_LOCK = 7_261_024_001

_SQLITE_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE questions (
            record_id TEXT PRIMARY KEY,
            asked_at REAL NOT NULL,
            platform TEXT NOT NULL,
            chat_kind TEXT NOT NULL,
            answered INTEGER NOT NULL,
            source_ids TEXT NOT NULL,
            latency_seconds REAL NOT NULL,
            question TEXT
        )""",
        "CREATE INDEX questions_asked_at ON questions (asked_at)",
        """CREATE TABLE votes (
            record_id TEXT NOT NULL,
            voter TEXT NOT NULL,
            platform TEXT NOT NULL,
            vote INTEGER NOT NULL,
            voted_at REAL NOT NULL,
            PRIMARY KEY (record_id, voter)
        )""",
        "CREATE INDEX votes_voted_at ON votes (voted_at)",
    ),
)

_POSTGRES_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE questions (
            record_id TEXT PRIMARY KEY,
            asked_at DOUBLE PRECISION NOT NULL,
            platform TEXT NOT NULL,
            chat_kind TEXT NOT NULL,
            answered BOOLEAN NOT NULL,
            source_ids TEXT NOT NULL,
            latency_seconds DOUBLE PRECISION NOT NULL,
            question TEXT
        )""",
        "CREATE INDEX questions_asked_at ON questions (asked_at)",
        """CREATE TABLE votes (
            record_id TEXT NOT NULL,
            voter TEXT NOT NULL,
            platform TEXT NOT NULL,
            vote SMALLINT NOT NULL CHECK (vote IN (-1, 1)),
            voted_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (record_id, voter)
        )""",
        "CREATE INDEX votes_voted_at ON votes (voted_at)",
    ),
)

_INSERT_QUESTION = (
    "INSERT INTO questions (record_id, asked_at, platform, chat_kind, answered, source_ids, "
    "latency_seconds, question) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record_id) DO NOTHING"
)
# One vote per (answer, voter); a later press replaces an earlier one, even when two
# processes write them out of order.
_UPSERT_VOTE = (
    "INSERT INTO votes (record_id, voter, platform, vote, voted_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (record_id, voter) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at "
    "WHERE excluded.voted_at >= votes.voted_at"
)


class StoreError(Exception):
    """The store cannot be opened, migrated, written or read; one line, with no password in it."""


class StoreMissingError(StoreError):
    """There is no store at the address (no file, or no banbot tables), so nothing was recorded."""


@dataclass(frozen=True)
class QuestionRow:
    record_id: str
    asked_at: float
    platform: str
    chat_kind: str
    answered: bool
    source_ids: str
    latency_seconds: float
    question: str | None


@dataclass(frozen=True)
class VoteRow:
    record_id: str
    voter: str
    platform: str
    vote: int
    voted_at: float


def is_postgres(database: str) -> bool:
    return database.split("://", 1)[0].lower() in POSTGRES_SCHEMES and "://" in database


def redact(database: str) -> str:
    """The database address as it may be shown: a URL's password replaced by ``***``."""
    if "://" not in database:
        return database
    parts = urlsplit(database)
    netloc = parts.netloc
    if parts.password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}:***@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(key, "***" if key == "password" else value) for key, value in pairs])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _password(database: str) -> str | None:
    if "://" not in database:
        return None
    parts = urlsplit(database)
    for key, value in parse_qsl(parts.query):
        if key == "password" and value:
            return value
    return parts.password or None


def _one_line(error: BaseException, database: str) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    password = _password(database)
    return text.replace(password, "***") if password else text


def _run_migrations(
    execute: Callable[[str], object], version: int, migrations: Sequence[Sequence[str]]
) -> None:
    """Apply the migrations after ``version``, inside the caller's locked transaction."""
    for statements in migrations[version:]:
        for statement in statements:
            execute(statement)


class Store(ABC):
    """One open connection to the store. Not for two threads at once."""

    description: str

    @abstractmethod
    def migrate(self, preferred_key: str) -> str:
        """Bring the schema up to date; return the voter key (``preferred_key`` if there was none)."""

    @abstractmethod
    def write(self, questions: Sequence[QuestionRow], votes: Sequence[VoteRow]) -> None:
        """Write a batch in one transaction."""

    @abstractmethod
    def purge(self, before: float) -> int:
        """Delete questions asked and votes cast before ``before``; return how many rows went."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read-only query written with ``?`` placeholders."""

    @abstractmethod
    def day(self, column: str) -> str:
        """SQL for the UTC calendar day (``YYYY-MM-DD``) of a column of epoch seconds."""

    @abstractmethod
    def schema_version(self) -> int:
        """The schema's version, 0 where banbot's tables are not there."""

    @abstractmethod
    def close(self) -> None: ...

    def replaced(self) -> bool:
        """Whether what was opened is gone or has been replaced (a deleted file)."""
        return False


def _while_busy(step: Callable[[], object], timeout: float) -> None:
    """Run a step, again while another process holds the lock, for up to ``timeout`` seconds.

    SQLite does not wait on its busy timeout for every lock: two processes switching a new
    file to WAL at once get "database is locked" at once.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as error:
            busy = "locked" in str(error) or "busy" in str(error)
            if not busy or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


class SqliteStore(Store):
    def __init__(self, path: Path, *, create: bool, timeout: float) -> None:
        self.path = path
        self.description = str(path)
        if not create and not path.is_file():
            raise StoreMissingError(f"no store at {path}")
        try:
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
                target = str(path)
                uri = False
            else:
                target = f"{path.resolve().as_uri()}?mode=ro"
                uri = True
            self._connection = sqlite3.connect(
                target, timeout=timeout, isolation_level=None, check_same_thread=False, uri=uri
            )
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open {path}: {_one_line(error, '')}") from None
        try:
            if create:
                # WAL: readers (banbot gaps) never block the writer, and a commit is one append.
                _while_busy(lambda: self._connection.execute("PRAGMA journal_mode = WAL"), timeout)
                self._connection.execute("PRAGMA synchronous = NORMAL")
            self._identity = self._stat()
        except (OSError, sqlite3.Error) as error:
            self._connection.close()
            raise StoreError(f"cannot open {path}: {_one_line(error, '')}") from None

    def _stat(self) -> tuple[int, int]:
        status = os.stat(self.path)
        return status.st_dev, status.st_ino

    @contextmanager
    def _transaction(self, begin: str = "BEGIN IMMEDIATE") -> Iterator[sqlite3.Connection]:
        connection = self._connection
        try:
            connection.execute(begin)
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise StoreError(f"{self.description}: {_one_line(error, '')}") from None

    def migrate(self, preferred_key: str) -> str:
        with self._transaction() as connection:
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(_newer(self.description, version))
            if version < SCHEMA_VERSION:
                _run_migrations(connection.execute, version, _SQLITE_MIGRATIONS)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute(
                "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                (VOTER_KEY, preferred_key),
            )
            row = connection.execute("SELECT value FROM meta WHERE name = ?", (VOTER_KEY,)).fetchone()
        return str(row[0])

    def write(self, questions: Sequence[QuestionRow], votes: Sequence[VoteRow]) -> None:
        with self._transaction() as connection:
            connection.executemany(_INSERT_QUESTION, [_question_params(row) for row in questions])
            connection.executemany(_UPSERT_VOTE, [_vote_params(row) for row in votes])

    def purge(self, before: float) -> int:
        with self._transaction() as connection:
            gone = connection.execute("DELETE FROM questions WHERE asked_at < ?", (before,)).rowcount
            gone += connection.execute("DELETE FROM votes WHERE voted_at < ?", (before,)).rowcount
        return gone

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return list(self._connection.execute(sql, tuple(params)).fetchall())
        except sqlite3.Error as error:
            raise StoreError(f"{self.description}: {_one_line(error, '')}") from None

    def day(self, column: str) -> str:
        return f"strftime('%Y-%m-%d', {column}, 'unixepoch')"

    def schema_version(self) -> int:
        version = int(self.query("PRAGMA user_version")[0][0])
        return version if version and self.query("SELECT name FROM sqlite_master WHERE name = 'votes'") else 0

    def replaced(self) -> bool:
        try:
            return self._stat() != self._identity
        except OSError:
            return True

    def close(self) -> None:
        with suppress(sqlite3.Error):
            self._connection.close()


class PostgresStore(Store):
    def __init__(self, url: str, *, create: bool, timeout: float) -> None:
        self.url = url
        self.description = redact(url)
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                "a PostgreSQL store needs psycopg, which is not installed: pip install 'banbot[postgres]'"
            ) from None
        self._errors: type[Exception] = psycopg.Error
        try:
            self._connection: psycopg.Connection[tuple[Any, ...]] = psycopg.connect(
                url, autocommit=True, connect_timeout=max(2, round(timeout)), application_name="banbot"
            )
            # A statement that hangs (a lock held elsewhere) fails instead of holding the writer.
            self._connection.execute(f"SET statement_timeout = {max(1000, round(timeout * 1000))}")
        except psycopg.Error as error:
            raise StoreError(f"cannot open {self.description}: {_one_line(error, url)}") from None

    @contextmanager
    def _guard(self) -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
        try:
            yield self._connection
        except self._errors as error:
            raise StoreError(f"{self.description}: {_one_line(error, self.url)}") from None

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def migrate(self, preferred_key: str) -> str:
        with self._guard() as connection, connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
            version = int(row[0]) if row and row[0] is not None else 0
            if version > SCHEMA_VERSION:
                raise StoreError(_newer(self.description, version))
            if version < SCHEMA_VERSION:
                _run_migrations(connection.execute, version, _POSTGRES_MIGRATIONS)
                connection.execute("DELETE FROM schema_version")
                connection.execute("INSERT INTO schema_version (version) VALUES (%s)", (SCHEMA_VERSION,))
            connection.execute(
                "INSERT INTO meta (name, value) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING",
                (VOTER_KEY, preferred_key),
            )
            found = connection.execute("SELECT value FROM meta WHERE name = %s", (VOTER_KEY,)).fetchone()
        if found is None:
            raise StoreError(f"{self.description}: the voter key is missing")
        return str(found[0])

    def write(self, questions: Sequence[QuestionRow], votes: Sequence[VoteRow]) -> None:
        with self._guard() as connection, connection.transaction(), connection.cursor() as cursor:
            if questions:
                cursor.executemany(self._sql(_INSERT_QUESTION), [_question_params(row) for row in questions])
            if votes:
                cursor.executemany(self._sql(_UPSERT_VOTE), [_vote_params(row) for row in votes])

    def purge(self, before: float) -> int:
        with self._guard() as connection, connection.transaction():
            gone = connection.execute("DELETE FROM questions WHERE asked_at < %s", (before,)).rowcount
            gone += connection.execute("DELETE FROM votes WHERE voted_at < %s", (before,)).rowcount
        return gone

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._guard() as connection:
            return list(connection.execute(self._sql(sql), tuple(params)).fetchall())

    def day(self, column: str) -> str:
        return f"to_char(to_timestamp({column}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

    def schema_version(self) -> int:
        if self.query("SELECT to_regclass('schema_version')")[0][0] is None:
            return 0
        version = self.query("SELECT max(version) FROM schema_version")[0][0]
        return int(version or 0)

    def close(self) -> None:
        with suppress(self._errors):
            self._connection.close()


def open_store(database: str, *, create: bool = True, timeout: float = 5.0) -> Store:
    """Connect to the store at ``database`` (a path or a PostgreSQL URL); raise StoreError if it cannot be.

    ``create`` makes a missing SQLite file (and its folder); without it a missing store
    raises StoreMissingError and SQLite is opened read-only.
    """
    if is_postgres(database):
        return PostgresStore(database, create=create, timeout=timeout)
    return SqliteStore(Path(database).expanduser(), create=create, timeout=timeout)


def _newer(description: str, version: int) -> str:
    return (
        f"{description}: the store's schema is version {version}, newer than this banbot's "
        f"({SCHEMA_VERSION}); upgrade banbot"
    )


def _question_params(row: QuestionRow) -> tuple[object, ...]:
    return (
        row.record_id,
        row.asked_at,
        row.platform,
        row.chat_kind,
        row.answered,
        row.source_ids,
        row.latency_seconds,
        row.question,
    )


def _vote_params(row: VoteRow) -> tuple[object, ...]:
    return (row.record_id, row.voter, row.platform, row.vote, row.voted_at)


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def check_database(database: str, name: str = DATABASE_ENV) -> str:
    """A SQLite path or a PostgreSQL URL, checked for form only (nothing is opened); else ConfigError."""
    match = _SCHEME.match(database)
    if match is None:
        if "\0" in database:
            raise ConfigError(f"{name}: not a file path")
        return database
    shown = redact(database)
    if not is_postgres(database):
        raise ConfigError(
            f"{name}: {match.group(1)}:// is not supported; give a SQLite file path or a postgresql:// URL "
            f"({shown})"
        )
    parts = urlsplit(database)
    try:
        host = parts.hostname or dict(parse_qsl(parts.query)).get("host")
        parts.port  # noqa: B018 - reading it checks that it is a number
    except ValueError as error:
        raise ConfigError(f"{name}: not a valid PostgreSQL URL ({error}): {shown}") from None
    if not host:
        raise ConfigError(f"{name}: the PostgreSQL URL names no host: {shown}")
    return database
