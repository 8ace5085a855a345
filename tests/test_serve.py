"""End-to-end tests of ``banbot serve``: both adapters in one process against the fake servers."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import sys
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_discord import FakeDiscord
from fake_telegram import FakeTelegram
from process_support import reaped, signalled

from bot.knowledge import bundled_knowledge_dir

ROOT = Path(__file__).resolve().parents[1]
TELEGRAM_TOKEN = "654321:SERVE-token_for_TESTS-1234567890abc"
QUESTION = "When do updates stop?"


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakeTelegram, FakeDiscord]]:
    async with FakeTelegram(TELEGRAM_TOKEN) as telegram, FakeDiscord() as discord:
        yield telegram, discord


class Service:
    """A ``banbot serve`` subprocess with its JSON log written to a file."""

    def __init__(self, process: asyncio.subprocess.Process, log: Path) -> None:
        self.process = process
        self.log = log

    def lines(self) -> list[dict[str, object]]:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [json.loads(line) for line in text.splitlines() if line.startswith("{")]

    async def wait_log(self, needle: str, count: int = 1, timeout: float = 30.0) -> None:
        async with asyncio.timeout(timeout):
            while sum(needle in str(line.get("message")) for line in self.lines()) < count:
                assert self.process.returncode is None, self.log.read_text(errors="replace")
                await asyncio.sleep(0.05)


async def start_service(
    telegram: FakeTelegram,
    discord: FakeDiscord,
    knowledge: Path,
    tmp_path: Path,
    *serve_args: str,
    **extra_env: str,
) -> Service:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "DISCORD_", "BANBOT_")) and "proxy" not in key.lower()
    }
    env.update(
        TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN,
        BANBOT_TELEGRAM_API_URL=telegram.api_url,
        DISCORD_BOT_TOKEN=discord.token,
        BANBOT_DISCORD_API_URL=discord.api_url,
        BANBOT_DISCORD_GATEWAY_URL=discord.gateway_url,
        BANBOT_HEALTH_FILE=str(tmp_path / "health.json"),
        BANBOT_LOG_FORMAT="json",
        NO_PROXY="127.0.0.1,localhost",
        **extra_env,
    )
    log = tmp_path / "serve.log"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters",
        "--knowledge",
        str(knowledge),
        "serve",
        *serve_args,
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    service = Service(process, log)
    await telegram.wait_polling(timeout=45)
    await discord.wait_until(lambda: discord.identifies >= 1, 45, "IDENTIFY")
    return service


async def ask_both(telegram: FakeTelegram, discord: FakeDiscord, chat_id: int) -> tuple[str, str]:
    telegram.push_message(QUESTION, chat_id=chat_id)
    message_id = await discord.send_message(f"{discord.mention} {QUESTION}")
    (sent,) = await telegram.wait_sent(1, chat_id=chat_id, timeout=20)
    reply = await discord.wait_reply(message_id, 20)
    body = reply.body
    discord_text = "\n".join(
        [body.get("content") or ""] + [embed.get("description") or "" for embed in body.get("embeds") or []]
    )
    return sent.text, discord_text


async def health(tmp_path: Path) -> int:
    env = dict(os.environ, BANBOT_HEALTH_FILE=str(tmp_path / "health.json"))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters", "health", env=env, cwd=tmp_path, stdout=asyncio.subprocess.DEVNULL
    )
    return await asyncio.wait_for(process.wait(), 30)


def copy_bundled_knowledge(tmp_path: Path) -> Path:
    """A writable copy of the bundled articles, for tests that change them under the service."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge_dir(), knowledge, ignore=shutil.ignore_patterns("__*"))
    return knowledge


def rewrite(knowledge: Path, old: str, new: str) -> None:
    for path in knowledge.glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


async def test_serve_answers_on_both_platforms_reloads_on_sighup_and_stops_on_sigterm(
    fakes: tuple[FakeTelegram, FakeDiscord], tmp_path: Path
) -> None:
    telegram, discord = fakes
    knowledge = copy_bundled_knowledge(tmp_path)
    service = await start_service(telegram, discord, knowledge, tmp_path)
    async with reaped(service.process):
        on_telegram, on_discord = await ask_both(telegram, discord, chat_id=1)
        assert "September 29" in on_telegram
        assert "September 29" in on_discord

        async with asyncio.timeout(30):
            while await health(tmp_path) != 0:
                await asyncio.sleep(0.5)

        # A changed folder and SIGHUP: the answers change, and questions asked while the
        # new index loads are all answered (from the old index or the new one).
        rewrite(knowledge, "September 29", "October 30")
        burst = list(range(100, 110))
        for chat_id in burst[:5]:
            telegram.push_message(QUESTION, chat_id=chat_id)
        service.process.send_signal(signal.SIGHUP)
        for chat_id in burst[5:]:
            telegram.push_message(QUESTION, chat_id=chat_id)
        await service.wait_log("knowledge reloaded")
        for chat_id in burst:
            (sent,) = await telegram.wait_sent(1, chat_id=chat_id, timeout=20)
            assert "September 29" in sent.text or "October 30" in sent.text
        on_telegram, on_discord = await ask_both(telegram, discord, chat_id=2)
        assert "October 30" in on_telegram and "September 29" not in on_telegram
        assert "October 30" in on_discord and "September 29" not in on_discord

        # A broken file and SIGHUP: the old index stays, and the log names the file.
        (knowledge / "zz-broken.md").write_text("---\nid: [unclosed\n---\nBody.\n", encoding="utf-8")
        service.process.send_signal(signal.SIGHUP)
        await service.wait_log("knowledge reload failed")
        assert any("zz-broken.md" in str(line["message"]) for line in service.lines())
        on_telegram, on_discord = await ask_both(telegram, discord, chat_id=3)
        assert "October 30" in on_telegram
        assert "October 30" in on_discord

        await signalled(service.process)
        returncode = service.process.returncode
    log = service.log.read_text(encoding="utf-8", errors="replace")
    assert returncode == 0, log
    assert TELEGRAM_TOKEN not in log and TELEGRAM_TOKEN.split(":")[1] not in log
    assert discord.token not in log
    assert "Traceback" not in log
    answered = [line for line in service.lines() if line.get("message", "").startswith("question answered")]
    assert {line["platform"] for line in answered} == {"telegram", "discord"}
    assert all(isinstance(line["latency_ms"], float) and line["answered"] is True for line in answered)
    assert not any(QUESTION in str(line.get("message")) for line in answered)
    # The service removes its heartbeat on the way out: a stopped bot is not healthy.
    assert not (tmp_path / "health.json").exists()


async def test_serve_watch_reloads_when_files_change(
    fakes: tuple[FakeTelegram, FakeDiscord], tmp_path: Path
) -> None:
    telegram, discord = fakes
    knowledge = copy_bundled_knowledge(tmp_path)
    service = await start_service(
        telegram, discord, knowledge, tmp_path, "--watch", BANBOT_WATCH_INTERVAL="0.2"
    )
    async with reaped(service.process):
        rewrite(knowledge, "September 29", "November 2")
        await service.wait_log("knowledge reloaded")
        on_telegram, _ = await ask_both(telegram, discord, chat_id=7)
        assert "November 2" in on_telegram
        await signalled(service.process)
        assert service.process.returncode == 0


async def test_a_stop_does_not_wait_for_a_slow_reload() -> None:
    from adapters.serve import in_daemon_thread

    started = asyncio.get_running_loop().time()
    slow = asyncio.ensure_future(in_daemon_thread(lambda: time.sleep(30)))
    await asyncio.sleep(0.1)
    slow.cancel()  # what a stop does to the reloading task
    with contextlib.suppress(asyncio.CancelledError):
        await slow
    assert asyncio.get_running_loop().time() - started < 5
    assert any(thread.name == "banbot-reload" and thread.daemon for thread in threading.enumerate())


async def test_a_reload_in_a_daemon_thread_returns_its_result_and_errors() -> None:
    from adapters.serve import in_daemon_thread

    assert await in_daemon_thread(lambda: 42) == 42
    with pytest.raises(ValueError, match="broken"):
        await in_daemon_thread(lambda: (_ for _ in ()).throw(ValueError("broken")))


def write_filler_articles(folder: Path, count: int, sentences: int = 40) -> None:
    """Articles of random made-up words: enough of them make a reload take many seconds."""
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choices(letters, k=rng.randint(4, 9))) for _ in range(20_000)]
    for number in range(count):
        body = " ".join(" ".join(rng.choices(words, k=14)).capitalize() + "." for _ in range(sentences))
        front = f"id: filler-{number:05d}\ntitle: Filler {number}\npublisher: null\nauthor: null\n"
        (folder / f"filler-{number:05d}.md").write_text(
            f"---\n{front}published: null\nurl: null\n---\n{body}\n", encoding="utf-8"
        )


async def test_sigterm_during_a_slow_reload_exits_0_within_the_grace(
    fakes: tuple[FakeTelegram, FakeDiscord], tmp_path: Path
) -> None:
    telegram, discord = fakes
    knowledge = copy_bundled_knowledge(tmp_path)
    service = await start_service(telegram, discord, knowledge, tmp_path, BANBOT_CACHE_DIR="")
    async with reaped(service.process):
        # About 15 s of indexing on the development machine: the stop lands in the middle of it.
        write_filler_articles(knowledge, 1500)
        service.process.send_signal(signal.SIGHUP)
        await service.wait_log("reloading knowledge")
        await asyncio.sleep(0.5)
        took = await signalled(service.process)
        returncode = service.process.returncode
    log = service.log.read_text(encoding="utf-8", errors="replace")
    assert returncode == 0, log
    assert took < 10, f"stopped after {took:.1f} s"
    assert "knowledge reloaded" not in log, "the reload finished before the stop; make it slower"
    assert "Traceback" not in log
