"""Discord shards: their settings, processes sharing a bot's servers, per-shard resume and health.

Through the real discord.py against ``fake_discord``, which routes each server's events to
the connection of the shard that owns it, as Discord does.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from conftest import write_knowledge
from discord_support import (  # restore_discord_globals: an autouse fixture
    bot_environment,
    restore_discord_globals,  # noqa: F401
    running,
    start_banbot_discord,
    text_of,
)
from fake_discord import FakeDiscord
from process_support import reaped, signalled

from adapters.common import ConfigError
from adapters.discord_bot import settings_from_env
from adapters.discord_shards import ShardContacts
from bot import Answerer

pytestmark = pytest.mark.timeout(120)

QUESTION = "When do updates for widgets stop?"
TOKEN = "abc.def.ghi"


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return Answerer.from_folder(None)


def _knowledge(directory: Path, date: str) -> Path:
    """A folder whose one article says widget updates stop on ``date``: its answers tell it apart."""
    body = f"Updates for widgets stop on {date}, the agency said. The agency regulates widgets."
    return write_knowledge(directory, [{"id": "widgets", "body": body}])


# -- settings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "ids", "expected"),
    [
        ("", "", (None, None)),
        ("4", "", (4, None)),
        ("4", "0,2", (4, (0, 2))),
        ("4", "0-3", (4, (0, 1, 2, 3))),
        ("4", "0-1,3", (4, (0, 1, 3))),
        (" 16 ", " 7 , 2 - 3 ", (16, (2, 3, 7))),
        ("1", "0", (1, (0,))),
    ],
)
def test_shard_settings_are_read(count: str, ids: str, expected: tuple[Any, Any]) -> None:
    settings = settings_from_env(
        {"DISCORD_BOT_TOKEN": TOKEN, "BANBOT_DISCORD_SHARD_COUNT": count, "BANBOT_DISCORD_SHARD_IDS": ids}
    )
    assert (settings.shard_count, settings.shard_ids) == expected


@pytest.mark.parametrize(
    ("count", "ids", "setting", "says"),
    [
        ("0", "", "BANBOT_DISCORD_SHARD_COUNT", "at least 1"),
        ("-1", "", "BANBOT_DISCORD_SHARD_COUNT", "whole number"),
        ("two", "", "BANBOT_DISCORD_SHARD_COUNT", "whole number"),
        ("1.5", "", "BANBOT_DISCORD_SHARD_COUNT", "whole number"),
        ("", "0,1", "BANBOT_DISCORD_SHARD_IDS", "needs BANBOT_DISCORD_SHARD_COUNT"),
        ("2", "2", "BANBOT_DISCORD_SHARD_IDS", "shard 2 is outside"),
        ("2", "0-5", "BANBOT_DISCORD_SHARD_IDS", "shard 5 is outside"),
        ("4", "0,,1", "BANBOT_DISCORD_SHARD_IDS", "not a list of shard ids"),
        ("4", "0,1,", "BANBOT_DISCORD_SHARD_IDS", "not a list of shard ids"),
        ("4", "one", "BANBOT_DISCORD_SHARD_IDS", "not a list of shard ids"),
        ("4", "1-", "BANBOT_DISCORD_SHARD_IDS", "not a list of shard ids"),
        ("4", "-1", "BANBOT_DISCORD_SHARD_IDS", "not a list of shard ids"),
        ("4", "0;1", "BANBOT_DISCORD_SHARD_IDS", "not a list of shard ids"),
        ("4", "3-1", "BANBOT_DISCORD_SHARD_IDS", "runs backwards"),
        ("4", "0-2,1", "BANBOT_DISCORD_SHARD_IDS", "shard 1 is listed twice"),
    ],
)
def test_bad_shard_settings_are_one_line_errors(count: str, ids: str, setting: str, says: str) -> None:
    environ = {
        "DISCORD_BOT_TOKEN": TOKEN,
        "BANBOT_DISCORD_SHARD_COUNT": count,
        "BANBOT_DISCORD_SHARD_IDS": ids,
    }
    with pytest.raises(ConfigError) as caught:
        settings_from_env(environ)
    message = str(caught.value)
    assert message.startswith(f"{setting}: ")
    assert says in message
    assert "\n" not in message


async def test_a_bad_shard_setting_exits_2_with_one_line(tmp_path: Path) -> None:
    env = bot_environment(
        DISCORD_BOT_TOKEN=TOKEN, BANBOT_DISCORD_SHARD_COUNT="2", BANBOT_DISCORD_SHARD_IDS="0-2"
    )
    process = await start_banbot_discord(env, asyncio.subprocess.PIPE)
    _out, err = await asyncio.wait_for(process.communicate(), 60)
    lines = err.decode().splitlines()
    assert process.returncode == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith("banbot: BANBOT_DISCORD_SHARD_IDS: shard 2 is outside")


# -- processes ------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def processes(fake: FakeDiscord, tmp_path: Path, *extras: dict[str, str]) -> AsyncIterator[list[Any]]:
    """One ``banbot discord`` per mapping of extra settings; each must stop within 10 s of SIGTERM."""
    logs = [tmp_path / f"process-{number}.log" for number in range(len(extras))]
    started = []
    with contextlib.ExitStack() as files:
        for number, extra in enumerate(extras):
            stderr = files.enter_context(logs[number].open("wb"))
            env = bot_environment(
                fake, BANBOT_CACHE_DIR="", BANBOT_HEALTH_FILE=str(tmp_path / f"health-{number}.json"), **extra
            )
            started.append(await start_banbot_discord(env, stderr, "--log-level", "INFO"))
        async with reaped(*started):
            yield started
            took = await signalled(*started)
    for process, log in zip(started, logs, strict=True):
        logged = log.read_text(encoding="utf-8", errors="replace")
        assert process.returncode == 0, logged
        assert "Traceback" not in logged
        assert fake.token not in logged
    assert took < 10, f"stopped after {took:.1f} s"


async def _identified(fake: FakeDiscord, *shards: tuple[int, int], timeout: float = 60) -> None:
    await fake.wait_until(lambda: set(shards) <= set(fake.identified_shards), timeout, f"IDENTIFY {shards}")


async def test_two_processes_each_answer_their_own_servers(tmp_path: Path) -> None:
    first = _knowledge(tmp_path / "first", "September 29")
    second = _knowledge(tmp_path / "second", "October 5")
    shard = {"BANBOT_DISCORD_SHARD_COUNT": "2"}
    async with (
        FakeDiscord(shards=2) as fake,
        processes(
            fake,
            tmp_path,
            {**shard, "BANBOT_DISCORD_SHARD_IDS": "0", "BANBOT_KNOWLEDGE": str(first)},
            {**shard, "BANBOT_DISCORD_SHARD_IDS": "1", "BANBOT_KNOWLEDGE": str(second)},
        ),
    ):
        await _identified(fake, (0, 2), (1, 2))
        guild_a, guild_b = fake.guilds
        assert (guild_a.shard(2), guild_b.shard(2)) == (0, 1)
        in_a = await fake.send_message(f"{fake.mention} {QUESTION}", channel_id=guild_a.channel_id)
        in_b = await fake.send_message(f"{fake.mention} {QUESTION}", channel_id=guild_b.channel_id)
        dm = await fake.send_message(QUESTION, dm=True)
        reply_a = await fake.wait_reply(in_a, 30)
        reply_b = await fake.wait_reply(in_b, 30)
        reply_dm = await fake.wait_reply(dm, 30)
        # Each process handles its events in order, so the mentions were done with before the DM.
        assert [len(fake.replies_to(message)) for message in (in_a, in_b)] == [1, 1]
    assert sorted(fake.identified_shards) == [(0, 2), (1, 2)]
    assert "September 29" in text_of(reply_a) and "October" not in text_of(reply_a)
    assert "October 5" in text_of(reply_b) and "September" not in text_of(reply_b)
    assert "September 29" in text_of(reply_dm)  # DMs come on shard 0
    # Only the process running shard 0 looks after the slash commands.
    assert len(fake.posts(r"/applications/\d+/commands", "PUT")) == 1


async def test_one_process_runs_every_shard_of_its_count(tmp_path: Path) -> None:
    folder = _knowledge(tmp_path / "knowledge", "September 29")
    async with (
        FakeDiscord(shards=2) as fake,
        processes(fake, tmp_path, {"BANBOT_DISCORD_SHARD_COUNT": "2", "BANBOT_KNOWLEDGE": str(folder)}),
    ):
        await _identified(fake, (0, 2), (1, 2))
        asked = [
            await fake.send_message(f"{fake.mention} {QUESTION}", channel_id=guild.channel_id)
            for guild in fake.guilds
        ]
        replies = [await fake.wait_reply(message, 30) for message in asked]
        assert fake.connected_shards() == {0, 1}
    assert fake.identified_shards == [(0, 2), (1, 2)]
    assert all("September 29" in text_of(reply) for reply in replies)


# -- in this process ------------------------------------------------------------------------


@pytest.mark.parametrize("configured", [True, False], ids=["gateway-configured", "gateway-from-discord"])
async def test_without_shard_settings_the_recommended_count_runs(
    answerer: Answerer, configured: bool
) -> None:
    async with FakeDiscord(shards=3) as fake:
        if configured:
            # What Discord names is not used when a gateway is configured: nothing listens there.
            fake.bot_gateway_url = "ws://127.0.0.1:9/nowhere"
        gateway = {} if configured else {"gateway_url": None}
        async with running(fake, answerer, identifies=3, **gateway):
            asked = [
                await fake.send_message(f"{fake.mention} When do updates stop?", channel_id=guild.channel_id)
                for guild in fake.guilds
            ]
            replies = [await fake.wait_reply(message) for message in asked]
    assert fake.posts("/gateway/bot", "GET")
    assert fake.identified_shards == [(0, 3), (1, 3), (2, 3)]
    assert all("September 29" in text_of(reply) for reply in replies)


@pytest.mark.parametrize("refusals", [0, 2], ids=["gateway-up", "gateway-down-a-while"])
async def test_a_dropped_shard_resumes_on_its_own(answerer: Answerer, refusals: int) -> None:
    async with FakeDiscord(shards=2) as fake, running(fake, answerer, identifies=2, shard_count=2):
        guild_a, guild_b = fake.guilds
        kept = fake.shard_connection(0)
        fake.gateway_refusals = refusals
        await fake.drop(4000, shard=1)
        # Sent while shard 1 is away: Discord replays it after its RESUME.
        missed = await fake.send_message(
            f"{fake.mention} Who confirmed the layoffs?", channel_id=guild_b.channel_id
        )
        meanwhile = await fake.send_message(
            f"{fake.mention} When do updates stop?", channel_id=guild_a.channel_id
        )
        await fake.wait_until(lambda: fake.resumed_shards == [1], 30, "shard 1's RESUME")
        replies = [await fake.wait_reply(missed), await fake.wait_reply(meanwhile)]
        assert fake.shard_connection(0) is kept
        assert fake.connected_shards() == {0, 1}
    # Each shard identified once: shard 1 resumed its session, also after refused attempts.
    assert sorted(fake.identified_shards) == [(0, 2), (1, 2)]
    assert fake.gateway_refusals == 0
    assert "Sawyer VanHorn" in text_of(replies[0])
    assert "September 29" in text_of(replies[1])


async def test_health_waits_for_every_shard(answerer: Answerer) -> None:
    silence = 0.5
    async with (
        FakeDiscord(shards=2, heartbeat_interval_ms=50) as fake,
        running(fake, answerer, identifies=2, shard_count=2, shard_silence=silence) as bot,
    ):
        await fake.wait_until(lambda: len(bot.alive) >= 3, 15, "on_alive from both shards")
        fake.silent_shards.add(1)
        await asyncio.sleep(silence * 2)  # shard 1's last ACK is now older than the silence allowed
        count = len(bot.alive)
        beats = fake.heartbeats_by_shard[0]
        await fake.wait_until(lambda: fake.heartbeats_by_shard[0] >= beats + 10, 15, "shard 0 heartbeats")
        assert len(bot.alive) == count, "on_alive while shard 1 was silent"
        fake.silent_shards.clear()
        await fake.wait_until(lambda: len(bot.alive) > count, 15, "on_alive once shard 1 answers again")


def test_shard_contacts_count_acks_ready_and_silence() -> None:
    now = [100.0]

    def clock() -> float:
        return now[0]

    contacts = ShardContacts(silence=60.0, clock=clock)
    assert not contacts.all_recent([])  # no shards known yet
    contacts.heartbeats([(0, 0.05), (1, math.inf)])  # shard 1 not acknowledged yet
    assert contacts.all_recent([0]) and not contacts.all_recent([0, 1])
    contacts.heard(1)  # READY
    assert contacts.all_recent([0, 1])
    now[0] += 45
    contacts.heartbeats([(0, 0.05), (1, 0.07)])  # shard 0 unchanged: no new ACK there
    now[0] += 20
    assert not contacts.all_recent([0, 1])
    contacts.heartbeats([(0, 0.06), (1, 0.07)])
    assert contacts.all_recent([0, 1])
