"""Running ``banbot serve`` in webhook mode against the fake Bot API, in process, for the tests.

The service is configured through ``adapters.serve.settings_from_env`` (the real settings
path), with Telegram's waits shortened; its listener is on a free port of 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, ClientTimeout
from fake_telegram import FakeTelegram
from prometheus_client.parser import text_string_to_metric_families

from adapters.serve import ServeSettings, serve, settings_from_env
from adapters.store import Recorder
from bot.service import ReloadingAnswerer

TOKEN = "123456:WEBHOOK-token_for_TESTS-1234567890ab"
SECRET = "webhook_SECRET-0123456789abcdefXYZ"
PATH = "/telegram"


@asynccontextmanager
async def fake_bot_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeTelegram]:
    """The fake Bot API, reached directly: httpx would honour proxy variables."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    async with FakeTelegram(TOKEN) as server:
        yield server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_env(fake: FakeTelegram, port: int, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a webhook-mode service listening on ``port``."""
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "BANBOT_TELEGRAM_API_URL": fake.api_url,
        "BANBOT_TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}{PATH}",
        "BANBOT_TELEGRAM_WEBHOOK_SECRET": SECRET,
        "BANBOT_HTTP_LISTEN": f"127.0.0.1:{port}",
        "BANBOT_HEALTH_FILE": str(tmp_path / f"health-{port}.json"),
        "BANBOT_DATABASE": str(tmp_path / f"store-{port}.db"),
        **extra,
    }


def process_env(fake: FakeTelegram, port: int, tmp_path: Path, **extra: str) -> dict[str, str]:
    """``webhook_env`` for a child process: this one's environment without banbot's or proxy settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "DISCORD_", "BANBOT_")) and "proxy" not in key.lower()
    }
    if "BANBOT_CACHE_DIR" in os.environ:
        env["BANBOT_CACHE_DIR"] = os.environ["BANBOT_CACHE_DIR"]
    return {**env, **webhook_env(fake, port, tmp_path, **extra), "NO_PROXY": "127.0.0.1,localhost"}


def fast(settings: ServeSettings) -> ServeSettings:
    """Telegram's retries and waits shortened, as in the adapter's own tests."""
    tuning = {"retry_backoff": 0.01, "max_backoff": 0.05, "startup_retries": 1, "connect_timeout": 5.0}
    platforms = tuple(replace(p, settings=replace(p.settings, **tuning)) for p in settings.platforms)
    return replace(settings, platforms=platforms)


async def http_get(base: str, path: str) -> tuple[int, str]:
    async with (
        ClientSession(timeout=ClientTimeout(total=10)) as client,
        client.get(base + path) as response,
    ):
        return response.status, await response.text()


@dataclass
class Banbot:
    """A running service: its webhook URL, listener base URL and stop switch."""

    url: str
    base: str
    stop: asyncio.Event
    task: asyncio.Task[int]

    async def get(self, path: str) -> tuple[int, str]:
        return await http_get(self.base, path)


@asynccontextmanager
async def serving(
    fake: FakeTelegram,
    tmp_path: Path,
    recorder: Recorder | None = None,
    *,
    webhook: bool = True,
    answerer: ReloadingAnswerer | None = None,
    **env: str,
) -> AsyncIterator[Banbot]:
    """``banbot serve`` in this process until the block ends; it must then exit with 0.

    With ``webhook=False`` it long-polls, with the listener on all the same.
    """
    port = free_port()
    environ = webhook_env(fake, port, tmp_path, **env)
    if not webhook:
        del environ["BANBOT_TELEGRAM_WEBHOOK_URL"], environ["BANBOT_TELEGRAM_WEBHOOK_SECRET"]
    settings = fast(settings_from_env(environ))
    stop = asyncio.Event()
    task = asyncio.create_task(serve(answerer or ReloadingAnswerer(None), settings, stop, recorder))
    bot = Banbot(f"http://127.0.0.1:{port}{PATH}", f"http://127.0.0.1:{port}", stop, task)
    started = fake.wait_for(lambda: fake.webhook is not None, 20) if webhook else fake.wait_polling(1, 20)
    waiting = asyncio.create_task(started)
    done, _ = await asyncio.wait({task, waiting}, return_when=asyncio.FIRST_COMPLETED)
    waiting.cancel()
    if task in done:
        raise AssertionError(f"serve() returned {task.result()} before taking updates")
    try:
        yield bot
    finally:
        stop.set()
        code = await asyncio.wait_for(task, 20)
    assert code == 0


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a Prometheus text exposition, by name and labels."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: Any) -> float:
    return found.get((name, frozenset((key, str(label)) for key, label in labels.items())), 0.0)
