"""Helpers for the Discord tests: the bot served in this process or run as ``banbot discord``.

Both run the real discord.py against ``fake_discord``. ``restore_discord_globals`` is an
autouse fixture for the modules that import it: ``build_client`` changes discord.py's
process-wide settings, and each test gets Discord's own back.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord.client
import discord.shard
import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route
from fake_discord import FakeDiscord, Recorded

from adapters.discord_bot import DiscordSettings, serve

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def restore_discord_globals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Route, "BASE", Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    monkeypatch.setattr(discord.client, "ExponentialBackoff", discord.client.ExponentialBackoff)
    monkeypatch.setattr(discord.shard, "ExponentialBackoff", discord.shard.ExponentialBackoff)
    monkeypatch.setattr(discord.shard, "Shard", discord.shard.Shard)


@dataclass
class Running:
    stop: asyncio.Event
    task: asyncio.Task[None]
    alive: list[int] = field(default_factory=list)


def settings_for(fake: FakeDiscord, **overrides: Any) -> DiscordSettings:
    """Settings for the fake, with the waits meant for Discord made short."""
    values: dict[str, Any] = {
        "token": fake.token,
        "api_url": fake.api_url,
        "gateway_url": fake.gateway_url,
        "guild_ready_timeout": 0.05,
        "reidentify_delay": 0.0,
        "close_timeout": 5.0,
        "restart_delay": 0.01,
    }
    values.update(overrides)
    return DiscordSettings(**values)


@contextlib.asynccontextmanager
async def running(
    fake: FakeDiscord, answerer: Any, *, identifies: int = 1, **overrides: Any
) -> AsyncIterator[Running]:
    """Serve against the fake until the block ends (after ``identifies`` IDENTIFYs), then stop it."""
    stop = asyncio.Event()
    alive: list[int] = []
    before = fake.identifies
    settings = settings_for(fake, **overrides)
    task = asyncio.create_task(serve(answerer, settings, stop, lambda: alive.append(1)))
    try:
        await fake.wait_until(lambda: fake.identifies >= before + identifies or task.done(), 15, "IDENTIFY")
        if task.done():
            task.result()
        yield Running(stop, task, alive)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


def text_of(record: Recorded) -> str:
    """The text of a bot message: its content and its embeds' descriptions."""
    body = record.body.get("data", record.body) if "type" in record.body else record.body
    parts = [body.get("content") or ""]
    parts.extend(embed.get("description") or "" for embed in body.get("embeds") or [])
    return "\n".join(part for part in parts if part)


def bot_environment(fake: FakeDiscord | None = None, **extra: str) -> dict[str, str]:
    """This environment without Discord or banbot settings; with ``fake``, pointed at it."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "BANBOT_"))}
    if fake is not None:
        env.update(
            DISCORD_BOT_TOKEN=fake.token,
            BANBOT_DISCORD_API_URL=fake.api_url,
            BANBOT_DISCORD_GATEWAY_URL=fake.gateway_url,
        )
    env.update(extra)
    return env


async def start_banbot_discord(
    env: Mapping[str, str], stderr: Any, *options: str
) -> asyncio.subprocess.Process:
    """``python -m adapters discord`` in a process of its own, its output discarded."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters",
        "discord",
        *options,
        cwd=ROOT,
        env=dict(env),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=stderr,
    )
