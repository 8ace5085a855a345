"""The cost of recording: ``record()`` on the caller's thread, and what the writer thread keeps up with.

For SQLite (a file in a temporary folder) and, when ``BANBOT_TEST_POSTGRES_URL`` is set,
PostgreSQL (a database made for the run and dropped after it), it prints:

- the time one ``record()`` call takes on the caller's thread, median and p99, over
  questions recorded in bursts of 100 while the writer thread is writing the bursts before;
- the same for ``vote()`` (which hashes the user id on the caller's thread);
- the writer's throughput: 10,000 records queued at once, written in batches, rows a second.

Usage: python benchmarks/bench_store.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.store import AskedQuestion, StoreSettings, open_recorder  # noqa: E402

BURST = 100


def asked(record_id: str, number: int) -> AskedQuestion:
    return AskedQuestion(
        record_id=record_id,
        asked_at=datetime.now(UTC),
        platform="telegram",
        chat_kind="private",
        answered=number % 4 != 0,
        source_ids=("dmr-news-kaspersky-to-shut-down-us-operations",),
        latency_seconds=0.0006,
        question=f"when do updates stop for customers number {number}?",
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def caller_cost(database: str, rounds: int) -> tuple[list[float], list[float]]:
    recorder = open_recorder(StoreSettings(database, record_questions="all"))
    records: list[float] = []
    votes: list[float] = []
    number = 0
    for _ in range(rounds):
        for _ in range(BURST):
            record_id = recorder.new_record_id()
            question = asked(record_id, number)
            started = time.perf_counter_ns()
            recorder.record(question)
            records.append((time.perf_counter_ns() - started) / 1000)
            started = time.perf_counter_ns()
            recorder.vote(record_id, "telegram", 100_000 + number, 1 if number % 3 else -1)
            votes.append((time.perf_counter_ns() - started) / 1000)
            number += 1
        time.sleep(0.002)  # the writer drains the burst while the next one is recorded
    recorder.close(timeout=60)
    if recorder.stats.dropped or recorder.stats.failed:
        raise RuntimeError(f"rows lost: {recorder.stats}")
    return records, votes


def throughput(database: str, count: int = 10_000) -> float:
    recorder = open_recorder(StoreSettings(database, record_questions="all"))
    questions = [asked(recorder.new_record_id(), number) for number in range(count)]
    started = time.perf_counter()
    for question in questions:
        recorder.record(question)
    if not recorder.flush(timeout=300):
        raise RuntimeError("the writer did not finish")
    elapsed = time.perf_counter() - started
    recorder.close()
    if recorder.stats.written != count:
        raise RuntimeError(f"written {recorder.stats.written} of {count}")
    return count / elapsed


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    import psycopg

    name = f"banbot_bench_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"'.encode())
    parts = urlsplit(admin_url)
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def report(name: str, database_for: Callable[[], AbstractContextManager[str]], rounds: int) -> None:
    with database_for() as database:
        records, votes = caller_cost(database, rounds)
    with database_for() as database:
        rate = throughput(database)
    print(
        f"{name}: record() median {statistics.median(records):.1f} µs, "
        f"p99 {percentile(records, 0.99):.1f} µs; "
        f"vote() median {statistics.median(votes):.1f} µs, p99 {percentile(votes, 0.99):.1f} µs "
        f"({len(records)} each); writer {rate:,.0f} rows/s"
    )


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield str(Path(folder) / "banbot.db")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100, help=f"bursts of {BURST} records (default 100)")
    args = parser.parse_args()
    report("SQLite", sqlite_database, args.rounds)
    admin_url = os.environ.get("BANBOT_TEST_POSTGRES_URL", "").strip()
    if admin_url:
        report("PostgreSQL", lambda: postgres_database(admin_url), args.rounds)
    else:
        print("PostgreSQL: skipped (set BANBOT_TEST_POSTGRES_URL; scripts/test-postgres.sh prints one)")


if __name__ == "__main__":
    main()
