"""What banbot records for its operator: each question asked, and the 👍/👎 pressed on each answer.

Recorded per question: time, platform, kind of chat, whether it answered, the quoted
sources' ids, latency, and the question's text as ``BANBOT_RECORD_QUESTIONS`` says
(``declined``: only the questions it could not answer; ``all``; ``none``). Never a user's
id or name, a chat's id or title, or a message id: a vote is kept under a keyed hash
(HMAC-SHA256) of platform and user id, the key made once at random and kept in the store,
so a second press on the same answer replaces the first without naming anyone.

Recording never holds up a reply: ``record`` and ``vote`` only put the row on a bounded
queue (dropping it, and counting, when the queue is full), and one daemon thread writes
batches. A store that fails (down, locked, read-only, full, its file deleted) costs the
rows of that moment and one log line a minute at most; the thread opens it again a few
seconds later. Rows older than ``BANBOT_RETENTION_DAYS`` are deleted at start and hourly.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import queue
import re
import secrets
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir

from adapters.common import ConfigError, LogThrottle, number_from_env
from adapters.store_backends import DATABASE_ENV as DATABASE_ENV
from adapters.store_backends import (
    QuestionRow,
    Store,
    StoreError,
    VoteRow,
    open_store,
    redact,
)
from adapters.store_backends import check_database as check_database
from bot.models import Answer

logger = logging.getLogger(__name__)

RECORD_ENV = "BANBOT_RECORD_QUESTIONS"
RETENTION_ENV = "BANBOT_RETENTION_DAYS"
RecordMode = Literal["declined", "all", "none"]
RECORD_MODES: tuple[RecordMode, ...] = ("declined", "all", "none")
DEFAULT_RETENTION_DAYS = 90
DATABASE_FILE = "banbot.db"
# BANBOT_DATABASE=off: keep no store at all (no recording, no buttons).
STORE_OFF = "off"

QUEUE_SIZE = 10_000
BATCH_SIZE = 500
PURGE_EVERY = 3600.0
REOPEN_AFTER = 5.0
# How long the writer waits for a locked SQLite file or a PostgreSQL statement.
WRITE_TIMEOUT = 2.0
LOG_EVERY = 60.0
# The widest a question, platform or chat kind is kept; longer text is cut.
_MAX_QUESTION = 1000
_MAX_NAME = 32
_RECORD_ID = re.compile(r"^[A-Za-z0-9_-]{1,22}$")
_DAY = 86400.0


@dataclass(frozen=True)
class StoreSettings:
    database: str
    record_questions: RecordMode = "declined"
    retention_days: int = DEFAULT_RETENTION_DAYS


@dataclass(frozen=True)
class AskedQuestion:
    """One question as the store keeps it; ``question`` is dropped or kept per the record mode."""

    record_id: str
    asked_at: datetime
    platform: str
    chat_kind: str
    answered: bool
    source_ids: tuple[str, ...]
    latency_seconds: float
    question: str

    @classmethod
    def from_answer(
        cls,
        record_id: str,
        answer: Answer,
        *,
        platform: str,
        chat_kind: str,
        latency_seconds: float,
        asked_at: datetime | None = None,
    ) -> AskedQuestion:
        """The record of one answer: its question, whether it answered, its quotes' source ids."""
        return cls(
            record_id=record_id,
            asked_at=asked_at or datetime.now(UTC),
            platform=platform,
            chat_kind=chat_kind,
            answered=answer.answered,
            source_ids=tuple(quote.source.id for quote in answer.quotes),
            latency_seconds=latency_seconds,
            question=answer.question,
        )


@dataclass(frozen=True)
class RecorderStats:
    """Counts since the recorder opened: rows written, dropped at a full queue, lost to a failing store."""

    written: int = 0
    dropped: int = 0
    failed: int = 0
    queued: int = 0


def default_database() -> str:
    return str(Path(user_data_dir("banbot", appauthor=False)) / DATABASE_FILE)


def database_from_env(environ: Mapping[str, str] | None = None) -> str:
    """``BANBOT_DATABASE``, checked, or the default file in the user's data folder; ``off`` for none."""
    env = os.environ if environ is None else environ
    value = env.get(DATABASE_ENV, "").strip()
    if value.lower() == STORE_OFF:
        return STORE_OFF
    return check_database(value or default_database())


def store_settings_from_env(environ: Mapping[str, str] | None = None) -> StoreSettings:
    """The store's settings from the environment; a wrong one raises ConfigError naming it."""
    env = os.environ if environ is None else environ
    database = database_from_env(env)
    mode = env.get(RECORD_ENV, "").strip().lower() or "declined"
    if mode not in RECORD_MODES:
        raise ConfigError(f"{RECORD_ENV}: expected one of {', '.join(RECORD_MODES)}, not {mode!r}")
    days = number_from_env(RETENTION_ENV, env, DEFAULT_RETENTION_DAYS, 1, 36500, unit="days", whole=True)
    return StoreSettings(database=database, record_questions=mode, retention_days=int(days))


def new_record_id() -> str:
    """A short, unguessable, URL-safe id for one answer (12 characters: fits a button's data)."""
    return secrets.token_urlsafe(9)


class Recorder(ABC):
    """Where the adapters send each question and each vote; every method returns at once."""

    def new_record_id(self) -> str:
        return new_record_id()

    @abstractmethod
    def record(self, asked: AskedQuestion) -> None:
        """Queue the record of one question; never raises."""

    @abstractmethod
    def vote(self, record_id: str, platform: str, user_id: int | str, vote: int) -> None:
        """Queue a 👍 (+1) or 👎 (-1) on an answer; the user id is hashed here and never kept."""

    @abstractmethod
    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued, for ``timeout`` seconds at most, and stop."""


class NullRecorder(Recorder):
    """Records nothing (the command line without ``--record``, and tests)."""

    def record(self, asked: AskedQuestion) -> None:
        pass

    def vote(self, record_id: str, platform: str, user_id: int | str, vote: int) -> None:
        pass

    def close(self, timeout: float = 5.0) -> None:
        pass


class _Flush:
    """A marker on the queue: set once everything queued before it has been handled."""

    def __init__(self) -> None:
        self.done = threading.Event()


_STOP = object()
# A QuestionRow, a VoteRow, a _Flush marker or _STOP.
_Item = object


class StoreRecorder(Recorder):
    """Writes records and votes to a store from one daemon thread, in batches."""

    def __init__(
        self,
        settings: StoreSettings,
        store: Store,
        voter_key: str,
        *,
        queue_size: int = QUEUE_SIZE,
        purge_every: float = PURGE_EVERY,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.description = redact(settings.database)
        self._store: Store | None = store
        self._voter_key = voter_key.encode()
        self._queue: queue.Queue[_Item] = queue.Queue(maxsize=queue_size)
        self._purge_every = purge_every
        self._clock = clock
        self._throttle = LogThrottle(logger, "store warnings", LOG_EVERY)
        self._lock = threading.Lock()
        self._written = self._dropped = self._failed = 0
        self._closing = threading.Event()
        self._closed = False
        self._deadline = float("inf")
        self._reopen_at = 0.0
        self._next_purge = time.monotonic() + purge_every
        self._thread = threading.Thread(target=self._run, name="banbot-store-writer", daemon=True)
        self._thread.start()

    @property
    def stats(self) -> RecorderStats:
        with self._lock:
            return RecorderStats(self._written, self._dropped, self._failed, self._queue.qsize())

    def voter(self, platform: str, user_id: int | str) -> str:
        """The keyed hash a vote is kept under: the same person and platform, the same value."""
        return hmac.new(self._voter_key, f"{platform}:{user_id}".encode(), hashlib.sha256).hexdigest()

    def record(self, asked: AskedQuestion) -> None:
        if not isinstance(asked.record_id, str) or not _RECORD_ID.match(asked.record_id):
            logger.debug("store: ignored a record with a malformed id")
            return
        try:
            keep = self.settings.record_questions == "all" or (
                self.settings.record_questions == "declined" and not asked.answered
            )
            when = asked.asked_at if asked.asked_at.tzinfo else asked.asked_at.replace(tzinfo=UTC)
            row = QuestionRow(
                record_id=asked.record_id,
                asked_at=when.timestamp(),
                platform=asked.platform[:_MAX_NAME],
                chat_kind=asked.chat_kind[:_MAX_NAME],
                answered=bool(asked.answered),
                source_ids=json.dumps(list(asked.source_ids), ensure_ascii=False),
                latency_seconds=float(asked.latency_seconds),
                question=asked.question[:_MAX_QUESTION] if keep else None,
            )
        except Exception:  # a malformed record must not reach the caller's reply
            logger.debug("store: a malformed record was not queued", exc_info=True)
            return
        self._put(row)

    def vote(self, record_id: str, platform: str, user_id: int | str, vote: int) -> None:
        # Button data can be forged by a client: only a well-formed id and ±1 are queued.
        if vote not in (1, -1) or not isinstance(record_id, str) or not _RECORD_ID.match(record_id):
            logger.debug("store: ignored a malformed vote")
            return
        try:
            row = VoteRow(record_id, self.voter(platform, user_id), platform[:_MAX_NAME], vote, self._clock())
        except Exception:
            logger.debug("store: a malformed vote was not queued", exc_info=True)
            return
        self._put(row)

    def _put(self, item: _Item) -> None:
        if self._closed:
            self._count(dropped=1)
            return
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            self._count(dropped=1)
            self._throttle.warning("store: the write queue is full; dropping records until it drains")

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until what was queued before this call has been written (or lost); True if it was."""
        marker = _Flush()
        try:
            self._queue.put(marker, timeout=timeout)
        except queue.Full:
            return False
        return marker.done.wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        if self._closed:
            return
        started = time.monotonic()
        self._deadline = started + max(0.0, timeout)
        self._closed = True
        self._closing.set()
        # With the queue full, the writer is busy anyway and sees ``_closing`` between batches.
        with suppress(queue.Full):
            self._queue.put_nowait(_STOP)
        self._thread.join(max(0.0, self._deadline - time.monotonic()))
        if self._thread.is_alive():
            logger.warning(
                "store: stopped before everything was written (%d still queued)", self._queue.qsize()
            )

    def _count(self, written: int = 0, dropped: int = 0, failed: int = 0) -> None:
        with self._lock:
            self._written += written
            self._dropped += dropped
            self._failed += failed

    # The writer thread from here on.

    def _run(self) -> None:
        while True:
            batch = self._next_batch()
            if batch is None:
                break
            try:
                self._write(batch)
                self._purge_when_due()
            except Exception as error:  # the writer must outlive any one bad batch
                self._throttle.warning("store %s: unexpected error: %s", self.description, error)
            for item in batch:
                if isinstance(item, _Flush):
                    item.done.set()
        left = self._drain()
        if left:
            self._count(dropped=left)
            logger.warning("store: %d records and votes not written: the stop came first", left)
        if self._store is not None:
            self._store.close()
            self._store = None

    def _next_batch(self) -> list[_Item] | None:
        if self._closing.is_set():
            if time.monotonic() >= self._deadline:
                return None
            try:
                first = self._queue.get_nowait()
            except queue.Empty:
                return None
        else:
            wait = max(0.01, self._next_purge - time.monotonic())
            try:
                first = self._queue.get(timeout=wait)
            except queue.Empty:
                return []
        batch = [first]
        while len(batch) < BATCH_SIZE:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _drain(self) -> int:
        left = 0
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return left
            if isinstance(item, _Flush):
                item.done.set()
            elif item is not _STOP:
                left += 1

    def _write(self, batch: Sequence[_Item]) -> None:
        questions = [item for item in batch if isinstance(item, QuestionRow)]
        votes = [item for item in batch if isinstance(item, VoteRow)]
        if not questions and not votes:
            return
        store = self._usable_store()
        if store is None:
            self._count(failed=len(questions) + len(votes))
            return
        try:
            store.write(questions, votes)
        except StoreError as error:
            self._count(failed=len(questions) + len(votes))
            self._throttle.warning(
                "store: %d records and votes not written: %s", len(questions) + len(votes), error
            )
            self._forget_store()
            return
        self._count(written=len(questions) + len(votes))

    def _usable_store(self) -> Store | None:
        if self._store is not None and self._store.replaced():
            self._throttle.warning(
                "store %s: the file was removed or replaced; opening it again", self.description
            )
            self._forget_store(reopen_now=True)
        if self._store is not None:
            return self._store
        if time.monotonic() < self._reopen_at:
            return None
        try:
            store = open_store(self.settings.database, timeout=WRITE_TIMEOUT)
        except StoreError as error:
            self._throttle.warning("store: cannot open it again: %s", error)
            self._reopen_at = time.monotonic() + REOPEN_AFTER
            return None
        try:
            key = store.migrate(self._voter_key.decode())
        except StoreError as error:
            store.close()
            self._throttle.warning("store: cannot open it again: %s", error)
            self._reopen_at = time.monotonic() + REOPEN_AFTER
            return None
        self._voter_key = key.encode()
        self._store = store
        return store

    def _forget_store(self, *, reopen_now: bool = False) -> None:
        if self._store is not None:
            self._store.close()
        self._store = None
        self._reopen_at = 0.0 if reopen_now else time.monotonic() + REOPEN_AFTER

    def _purge_when_due(self) -> None:
        if time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + self._purge_every
        store = self._usable_store()
        if store is None:
            return
        try:
            purge(store, self.settings.retention_days, self._clock())
        except StoreError as error:
            self._throttle.warning("store: old rows not deleted: %s", error)
            self._forget_store()


def purge(store: Store, retention_days: int, now: float) -> int:
    gone = store.purge(now - retention_days * _DAY)
    if gone:
        logger.info("store: deleted %d rows older than %d days", gone, retention_days)
    return gone


def open_configured_recorder(settings: StoreSettings) -> Recorder:
    """The recorder the settings ask for: none when the store is off, else ``open_recorder``."""
    if settings.database == STORE_OFF:
        return NullRecorder()
    return open_recorder(settings)


def open_recorder(
    settings: StoreSettings,
    *,
    queue_size: int = QUEUE_SIZE,
    purge_every: float = PURGE_EVERY,
    clock: Callable[[], float] = time.time,
) -> StoreRecorder:
    """Open (and create or migrate) the store, delete expired rows, and start the writer thread.

    Raises ConfigError, in one line, for a store that cannot be opened at all.
    """
    try:
        store = open_store(settings.database, timeout=WRITE_TIMEOUT)
    except StoreError as error:
        raise ConfigError(f"{DATABASE_ENV}: {error}") from None
    try:
        key = store.migrate(secrets.token_hex(32))
        purge(store, settings.retention_days, clock())
    except StoreError as error:
        store.close()
        raise ConfigError(f"{DATABASE_ENV}: {error}") from None
    return StoreRecorder(settings, store, key, queue_size=queue_size, purge_every=purge_every, clock=clock)
