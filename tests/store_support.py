"""Fixtures for the question store's tests: a fresh store per test, on SQLite and on PostgreSQL.

PostgreSQL comes from ``BANBOT_TEST_POSTGRES_URL`` (``scripts/test-postgres.sh`` prints one;
the role needs CREATEDB), else from a throwaway server started here when ``initdb`` and
``pg_ctl`` are installed and we are not root. Each test gets a database of its own, dropped
after it. Without a server, or without psycopg, the PostgreSQL variants skip and say why.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

POSTGRES_ENV = "BANBOT_TEST_POSTGRES_URL"


def _server_binaries() -> tuple[Path, Path] | None:
    initdb = shutil.which("initdb")
    if initdb is None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        initdb = found[-1] if found else None
    if initdb is None:
        return None
    pg_ctl = Path(initdb).resolve().parent / "pg_ctl"
    return (Path(initdb), pg_ctl) if pg_ctl.exists() else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A URL whose role may create databases; skips the test when there is none."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("PostgreSQL variant skipped: psycopg is not installed (pip install '.[postgres]')")
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if url:
        yield url
        return
    binaries = _server_binaries()
    if binaries is None:
        pytest.skip(f"PostgreSQL variant skipped: set {POSTGRES_ENV}, or install initdb and pg_ctl")
    if os.geteuid() == 0:
        pytest.skip(
            f"PostgreSQL variant skipped: set {POSTGRES_ENV} (scripts/test-postgres.sh prints one); "
            "initdb does not run as root"
        )
    initdb, pg_ctl = binaries
    home = tmp_path_factory.mktemp("postgres")
    data, log = home / "data", home / "server.log"
    port = _free_port()
    try:
        subprocess.run(
            [initdb, "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [pg_ctl, "-D", data, "-l", log, "-o", options, "-w", "start"],
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"PostgreSQL variant skipped: a throwaway server did not start ({error})")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([pg_ctl, "-D", data, "-m", "immediate", "stop"], capture_output=True, timeout=60)


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(sql.encode())


@pytest.fixture
def postgres_database(postgres_admin_url: str) -> Iterator[str]:
    """The URL of a database made for this test alone."""
    name = f"banbot_test_{secrets.token_hex(6)}"
    _admin(postgres_admin_url, f'CREATE DATABASE "{name}"')
    parts = urlsplit(postgres_admin_url)
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
    finally:
        _drop_database(postgres_admin_url, name)


# An autovacuum worker may be on a test's database for a moment after it wrote many rows; the
# test role cannot end the server's own processes, so the drop waits for it, a few times.
_DROP_TRIES = 20
_DROP_WAIT_S = 0.25


def _drop_database(url: str, name: str) -> None:
    import psycopg

    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    for _ in range(_DROP_TRIES - 1):
        try:
            _admin(url, drop)
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            time.sleep(_DROP_WAIT_S)
    _admin(url, drop)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store address: a SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "store" / "banbot.db")
    return str(request.getfixturevalue("postgres_database"))
