"""Discord shards: the shard settings, launching a process's shards, and their health.

Discord splits a bot's servers among shards, each a gateway connection of its own: a server
belongs to shard ``(server id >> 22) % shard count``, and direct messages come on shard 0.
One process runs some or all shards of a count through discord.py's ``AutoShardedClient``;
processes given different ids of the same count share the bot's servers between them.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import discord
import yarl

from adapters.common import ConfigError

logger = logging.getLogger(__name__)

SHARD_COUNT_ENV = "BANBOT_DISCORD_SHARD_COUNT"
SHARD_IDS_ENV = "BANBOT_DISCORD_SHARD_IDS"

_ID_ITEM = re.compile(r"(\d+)(?:\s*-\s*(\d+))?")


def shards_from_env(environ: Mapping[str, str] | None = None) -> tuple[int | None, tuple[int, ...] | None]:
    """The shard count and ids to run; None for what is not set (a count alone runs all its shards)."""
    env = os.environ if environ is None else environ
    count_text = env.get(SHARD_COUNT_ENV, "").strip()
    ids_text = env.get(SHARD_IDS_ENV, "").strip()
    count = None
    if count_text:
        if not count_text.isdigit() or int(count_text) < 1:
            raise ConfigError(f"{SHARD_COUNT_ENV}: must be a whole number of at least 1, not {count_text!r}")
        count = int(count_text)
    if not ids_text:
        return count, None
    if count is None:
        raise ConfigError(f"{SHARD_IDS_ENV}: needs {SHARD_COUNT_ENV}, the number of shards in all")
    return count, parse_shard_ids(ids_text, count)


def parse_shard_ids(text: str, count: int) -> tuple[int, ...]:
    """``0,2``, ``0-3`` or a mix such as ``0-1,3``, as sorted ids each below ``count``."""
    ids: set[int] = set()
    for item in text.split(","):
        match = _ID_ITEM.fullmatch(item.strip())
        if match is None:
            raise ConfigError(f"{SHARD_IDS_ENV}: {text!r} is not a list of shard ids such as 0,2 or 0-3")
        first = int(match[1])
        last = first if match[2] is None else int(match[2])
        if last < first:
            raise ConfigError(f"{SHARD_IDS_ENV}: the range {item.strip()} runs backwards")
        if last >= count:
            raise ConfigError(
                f"{SHARD_IDS_ENV}: shard {last} is outside {SHARD_COUNT_ENV}={count}, "
                f"whose ids are 0 to {count - 1}"
            )
        span = range(first, last + 1)
        if repeated := ids.intersection(span):
            raise ConfigError(f"{SHARD_IDS_ENV}: shard {min(repeated)} is listed twice")
        ids.update(span)
    return tuple(sorted(ids))


class ShardContacts:
    """When each shard was last heard from, and whether every shard of a process was heard recently."""

    def __init__(self, silence: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.silence = silence
        self.clock = clock
        self.last: dict[int, float] = {}
        self._latencies: dict[int, float] = {}

    def heard(self, shard_id: int) -> None:
        self.last[shard_id] = self.clock()

    def heartbeats(self, latencies: Iterable[tuple[int, float]]) -> None:
        """Count each shard whose latency changed as heard: discord.py measures it afresh at every ACK."""
        for shard_id, latency in latencies:
            # Infinite until a new connection's first ACK; that is no contact.
            if math.isfinite(latency) and latency != self._latencies.get(shard_id):
                self._latencies[shard_id] = latency
                self.heard(shard_id)

    def all_recent(self, shard_ids: Iterable[int]) -> bool:
        """Whether each of ``shard_ids`` (none: not yet known, so no) was heard within ``silence``."""
        now = self.clock()
        ages = [now - self.last.get(shard_id, -math.inf) for shard_id in shard_ids]
        return bool(ages) and max(ages) <= self.silence


class ShardedClient(discord.AutoShardedClient):
    """discord.py's sharded client, with a configured gateway, a prompt stop and per-shard health.

    Health: ``on_alive`` is called only while every shard this process runs was heard from
    within ``shard_silence`` seconds, so one silent shard holds back the whole client's
    heartbeat. Gateway frames carry no shard id, and discord.py's raw-receive event does not
    say which connection a frame came on; but each shard's heartbeat latency is measured
    afresh at every HEARTBEAT_ACK on that shard's own connection, which Discord sends every
    ~41 s on quiet and busy shards alike. So a shard counts as heard when its latency changed
    (checked at every frame, an ACK being one), and at its READY and RESUMED.
    """

    def __init__(
        self,
        *,
        shard_count: int | None,
        shard_ids: Sequence[int] | None,
        gateway_configured: bool,
        reidentify_delay: float,
        shard_silence: float,
        on_alive: Callable[[], None] | None,
        **options: Any,
    ) -> None:
        if shard_ids is not None:
            options["shard_ids"] = list(shard_ids)
        # Raw receive events run the health check at every frame.
        super().__init__(shard_count=shard_count, enable_debug_events=on_alive is not None, **options)
        self.gateway_configured = gateway_configured
        self.reidentify_delay = reidentify_delay
        self.on_alive = on_alive
        self.contacts = ShardContacts(shard_silence)

    def running_shards(self) -> Sequence[int]:
        """The ids of the shards this process runs; empty until the count is known."""
        if self.shard_ids is not None:
            return self.shard_ids
        return range(self.shard_count or 0)

    async def launch_shards(self) -> None:
        if self.shard_count is None and self.gateway_configured and not self.is_closed():
            # discord.py connects to the URL that /gateway/bot names when it asks for the
            # recommended count there; asked first, it uses the configured gateway instead.
            self.shard_count, _url, _limits = await self.http.get_bot_gateway()
        await super().launch_shards()

    async def launch_shard(self, gateway: yarl.URL, shard_id: int, *, initial: bool = False) -> None:
        # discord.py retries a shard that cannot connect every 5 s for ever, even once closed.
        if self.is_closed():
            return
        await super().launch_shard(gateway, shard_id, initial=initial)
        shard = self.get_shard(shard_id)
        if self.is_closed() and shard is not None:
            # It connected while close() closed the shards launched before it.
            await shard.disconnect()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # Discord allows one IDENTIFY per 5 s: each but a process's first waits its turn.
        if not initial:
            await asyncio.sleep(self.reidentify_delay)

    async def on_ready(self) -> None:
        user = self.user
        shards = self.running_shards()
        logger.info(
            "Connected to Discord as %s (id %s), shards %s of %s",
            user,
            user.id if user else "?",
            ",".join(map(str, shards)),
            self.shard_count,
        )

    async def on_shard_connect(self, shard_id: int) -> None:
        self._heard(shard_id)

    async def on_shard_resumed(self, shard_id: int) -> None:
        logger.info("Resumed the Discord gateway session of shard %d", shard_id)
        self._heard(shard_id)

    async def on_socket_raw_receive(self, _message: str) -> None:
        self.contacts.heartbeats(self.latencies)
        self._report()

    def _heard(self, shard_id: int) -> None:
        self.contacts.heard(shard_id)
        self._report()

    def _report(self) -> None:
        if self.on_alive is not None and self.contacts.all_recent(self.running_shards()):
            self.on_alive()
