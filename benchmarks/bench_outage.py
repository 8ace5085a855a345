"""Recovery and stop times of both adapters through a platform outage, on loopback.

Telegram: the adapter (default settings but for the fake's address) runs against the fake
Bot API, then every ``getUpdates`` fails with 502 for ``--outage`` seconds (60 by default).
A question is sent during the outage; when the outage ends, the time until it is answered
is the recovery time. A second outage then starts, and the time from a stop request to
the adapter's return is the stop time.

Discord: the gateway drops and refuses every connection for ``--outage`` seconds; the
time from its return to a resumed (or new) session is the recovery time, and a stop
during a second outage is timed. Then every reply is answered 502 for ten seconds: the
time from the outage's end to the reply of a question asked during it is measured.

Usage: python benchmarks/bench_outage.py [--outage SECONDS]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from fake_discord import FakeDiscord  # noqa: E402
from fake_telegram import FakeTelegram  # noqa: E402

from adapters import discord_bot  # noqa: E402
from adapters.telegram_bot import TelegramSettings, serve  # noqa: E402
from bot import Answerer  # noqa: E402

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
# An adapter's serve(), bound to everything but the event that stops it.
ServeUntil = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


class Serving:
    """An adapter's ``serve`` running in a task, with the event that stops it."""

    def __init__(self, serve_until: ServeUntil) -> None:
        self.stop = asyncio.Event()
        self.task = asyncio.create_task(serve_until(self.stop))

    async def timed_stop(self) -> float:
        """Ask the adapter to stop; the seconds until it returned."""
        asked_to_stop = time.perf_counter()
        self.stop.set()
        await asyncio.wait_for(self.task, 60)
        return time.perf_counter() - asked_to_stop


@asynccontextmanager
async def serving(
    serve_until: ServeUntil,
) -> AsyncIterator[Serving]:
    """Run the adapter for the block; stop it and wait for it on the way out, whatever happened."""
    running = Serving(serve_until)
    try:
        yield running
    finally:
        running.stop.set()
        if not running.task.done():
            await asyncio.wait_for(running.task, 60)


async def run(outage: float) -> None:
    answerer = Answerer.from_folder()
    async with FakeTelegram(TOKEN) as fake:
        settings = TelegramSettings(token=TOKEN, api_url=fake.api_url)
        async with serving(lambda stop: serve(answerer, settings, stop)) as running:
            await fake.wait_polling(timeout=30)
            fake.fail("getUpdates", times=1_000_000)
            polls = fake.count("getUpdates")
            began = time.perf_counter()
            # The poll in flight when the outage began ends first; then the polls fail.
            await fake.wait_for(lambda: fake.count("getUpdates") >= polls + 2, timeout=30)
            fake.push_message("When do updates stop?", chat_id=7)
            await asyncio.sleep(max(0.0, outage - (time.perf_counter() - began)))
            if fake.sent:
                raise RuntimeError("the question was answered during the outage")
            failed = fake.count("getUpdates") - polls
            fake.heal("getUpdates")
            back = time.perf_counter()
            await fake.wait_sent(1, chat_id=7, timeout=120)
            recovery = time.perf_counter() - back
            fake.fail("getUpdates", times=1_000_000)
            await asyncio.sleep(5.0)
            stopping = await running.timed_stop()
    print(f"outage of {outage:.0f} s: {failed} failed polls ({failed / outage:.1f} a second)")
    print(f"recovery: the question sent during the outage was answered {recovery:.1f} s after it ended")
    print(f"stop during an outage: {stopping:.1f} s")


async def run_discord(outage: float) -> None:
    answerer = Answerer.from_folder()
    async with FakeDiscord() as fake:
        settings = discord_bot.DiscordSettings(
            token=fake.token, api_url=fake.api_url, gateway_url=fake.gateway_url
        )
        async with serving(lambda stop: discord_bot.serve(answerer, settings, stop)) as running:
            await fake.wait_until(lambda: fake.identifies >= 1, 30, "IDENTIFY")
            await fake.gateway_down()
            await asyncio.sleep(outage)
            refused = len(fake.refused_at)
            reconnected = await fake.gateway_back(60)

            fake.fail("POST", r"/channels/\d+/messages", status=502, times=1_000_000)
            message_id = await fake.send_message(f"{fake.mention} When do updates stop?")
            await asyncio.sleep(10.0)
            fake.heal()
            rest_back = time.perf_counter()
            lost = not fake.replies_to(message_id)
            later = await fake.send_message(f"{fake.mention} When do updates stop?")
            await fake.wait_reply(later, 30)
            answered_after = time.perf_counter() - rest_back

            await fake.gateway_down()
            await asyncio.sleep(5.0)
            stopping = await running.timed_stop()
    print(f"Discord gateway outage of {outage:.0f} s: {refused} refused reconnections")
    print(f"recovery: the session was resumed {reconnected:.1f} s after the gateway came back")
    print(
        "REST outage of 10 s: the reply in flight was "
        + ("given up after its bounded tries" if lost else "delivered")
        + f"; a question after it answered in {answered_after:.2f} s"
    )
    print(f"stop during a gateway outage: {stopping:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=60.0, help="seconds the Bot API is down (default 60)")
    args = parser.parse_args()
    asyncio.run(run(args.outage))
    asyncio.run(run_discord(args.outage))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
