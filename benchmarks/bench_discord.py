"""Benchmark the Discord adapter: mentions through a fake Discord gateway, answered by real discord.py.

Sends a few hundred mentions as MESSAGE_CREATE events through the fake gateway of
tests/fake_discord.py and times each one from the moment the fake sends the event to the
moment it receives the bot's reply (POST /channels/{id}/messages). The fake runs in the same
process and event loop as the bot, so its own work is part of the figures.

    python benchmarks/bench_discord.py [--count 300] [--concurrency 10]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from fake_discord import FakeDiscord  # noqa: E402

from adapters.discord_bot import DiscordSettings, serve  # noqa: E402
from adapters.flood import UserRate  # noqa: E402
from bot import Answerer  # noqa: E402

QUESTIONS = (
    "When do updates stop?",
    "Who confirmed the layoffs?",
    "When does the ban on new sales start?",
    "Why did the Commerce Department ban Kaspersky?",
    "What did the Treasury do?",
    "Where will Kaspersky keep operating?",
    "How many employees are affected by the layoffs?",
    "What is the capital of France?",
)


async def bench(count: int, concurrency: int) -> dict[str, float]:
    answerer = Answerer.from_folder(None)
    async with FakeDiscord() as fake:
        settings = DiscordSettings(
            token=fake.token,
            api_url=fake.api_url,
            gateway_url=fake.gateway_url,
            guild_ready_timeout=0.05,
            # One fake user asks everything: flood control (measured by bench_flood.py) is off.
            user_rate=UserRate(0, 1.0),
        )
        stop = asyncio.Event()
        task = asyncio.create_task(serve(answerer, settings, stop))
        try:
            await fake.wait_until(lambda: fake.identifies >= 1 or task.done(), 30, "IDENTIFY")
            if task.done():
                task.result()
            for question in QUESTIONS:  # warm-up: first calls pay for caches and imports
                await fake.wait_reply(await fake.send_message(f"{fake.mention} {question}"), 30)

            latencies: list[float] = []
            slots = asyncio.Semaphore(concurrency)

            async def one(number: int) -> None:
                async with slots:
                    question = QUESTIONS[number % len(QUESTIONS)]
                    message_id = await fake.send_message(f"{fake.mention} {question}")
                    reply = await fake.wait_reply(message_id, 60)
                    latencies.append(reply.at - fake.sent_at[message_id])

            started = time.perf_counter()
            async with asyncio.timeout(300):
                await asyncio.gather(*(one(number) for number in range(count)))
            elapsed = time.perf_counter() - started
        finally:
            stop.set()
            await asyncio.wait_for(task, 30)
    return {
        "answers_per_second": count / elapsed,
        "median_ms": statistics.median(latencies) * 1000,
        "p99_ms": statistics.quantiles(latencies, n=100, method="inclusive")[98] * 1000,
        "seconds": elapsed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="mentions to send (default 300)")
    parser.add_argument(
        "--concurrency", type=int, default=10, help="mentions awaiting a reply at once (default 10)"
    )
    args = parser.parse_args()
    figures = asyncio.run(bench(args.count, args.concurrency))
    print(
        f"discord: {args.count} mentions, {args.concurrency} at a time, in {figures['seconds']:.2f} s: "
        f"{figures['answers_per_second']:.0f} answers/s; event to reply: "
        f"median {figures['median_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
