"""A flood costs nothing lasting: resident memory before and after 10,000 messages from 1,000 users.

Runs the Telegram adapter against the fake Bot API on loopback, with Telegram's delivery
limits off (they would only slow the run), and pushes the flood: 1,000 users in private
chats, 10 questions each, all at once. Per-user flood control lets 5 of each user's
questions through (the default 5/30s) and sends one notice for the rest. It prints the
resident memory of this process after a warm-up, at the flood's peak, and after it (with
a garbage collection), and how many replies went out.

Usage: python benchmarks/bench_flood.py [--users N] [--per-user N]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from fake_telegram import FakeTelegram  # noqa: E402

from adapters.telegram_bot import TelegramSettings, serve  # noqa: E402
from bot import Answerer  # noqa: E402

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
QUESTIONS = ("When do updates stop?", "Who confirmed the layoffs?", "How do I bake bread?")


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run(users: int, per_user: int) -> None:
    answerer = Answerer.from_folder()
    async with FakeTelegram(TOKEN) as fake:
        settings = TelegramSettings(
            token=TOKEN,
            api_url=fake.api_url,
            poll_timeout=1.0,
            messages_per_second=0,
            group_messages_per_minute=0,
        )
        stop = asyncio.Event()
        task = asyncio.create_task(serve(answerer, settings, stop))
        try:
            await fake.wait_polling(timeout=30)
            for index in range(20):  # warm-up: every code path once
                fake.push_message(QUESTIONS[index % len(QUESTIONS)], chat_id=10 + index)
            await fake.wait_for(lambda: len(fake.sent) >= 20, timeout=60)
            gc.collect()
            before = resident_mb()
            fake.sent.clear()
            fake.calls.clear()
            fake.pushed_at.clear()
            started = time.perf_counter()
            for round_number in range(per_user):
                for user in range(users):
                    fake.push_message(QUESTIONS[round_number % len(QUESTIONS)], chat_id=100_000 + user)
            allowed = min(per_user, settings.user_rate.questions)
            expected = users * (allowed + (1 if per_user > allowed else 0))
            peak = before
            deadline = time.perf_counter() + 600
            while len(fake.sent) < expected and time.perf_counter() < deadline:
                await asyncio.sleep(0.5)
                peak = max(peak, resident_mb())
            took = time.perf_counter() - started
            replies = len(fake.sent)
            # The fake server's own records of the flood are not the bot's memory.
            fake.sent.clear()
            fake.calls.clear()
            fake.pushed_at.clear()
            gc.collect()
            await asyncio.sleep(1.0)
            gc.collect()
            after = resident_mb()
        finally:
            stop.set()
            await asyncio.wait_for(task, 60)
    print(f"flood: {users:,} users x {per_user} questions = {users * per_user:,} messages in {took:.1f} s")
    print(f"replies: {replies:,} (expected {expected:,}: {allowed} answers and one notice per user)")
    print(
        f"resident memory: {before:.0f} MB before, {peak:.0f} MB at the peak, {after:.0f} MB after "
        f"({(after - before) / before * 100:+.1f}%)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--per-user", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(run(args.users, args.per_user))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
