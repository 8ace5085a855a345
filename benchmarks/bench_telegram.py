"""Throughput and latency of the Telegram adapter against the fake Bot API on loopback.

Pushes questions (one private chat each) through python-telegram-bot and the adapter, and
prints answers per second and the median and 99th-percentile time from an update's arrival
at the fake server to the bot's reply. Three runs:

- burst, rate limiter off: all questions at once; what the adapter itself can do
  (the latencies are mostly queueing behind the burst);
- burst, Telegram's limits (30 messages/s), as deployed;
- paced, Telegram's limits: questions arrive at a steady rate below the limit, so the
  latency is that of one question, without queueing.

Usage: python benchmarks/bench_telegram.py [--questions N] [--rate PER_SECOND]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from fake_telegram import FakeTelegram, Sent  # noqa: E402

from adapters.telegram_bot import TelegramSettings, serve  # noqa: E402
from bot import Answerer  # noqa: E402

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
WARM_UP = 10


def load_questions() -> list[str]:
    path = ROOT / "tests" / "data" / "public_questions.jsonl"
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["question"] for line in lines if line.strip()]


async def push_questions(
    fake: FakeTelegram, questions: list[str], count: int, first_chat: int, rate: float | None = None
) -> tuple[float, list[float]]:
    """Push ``count`` questions, at once or ``rate`` a second; return wall time and latencies."""
    pushed: dict[int, float] = {}
    replied: dict[int, float] = {}

    def on_send(sent: Sent) -> None:
        replied.setdefault(sent.chat_id, sent.at)

    fake.on_send = on_send
    start = time.perf_counter()
    for index in range(count):
        if rate:
            await asyncio.sleep(max(0.0, start + index / rate - time.perf_counter()))
        chat_id = first_chat + index
        pushed[chat_id] = time.perf_counter()
        fake.push_message(questions[index % len(questions)], chat_id=chat_id)
    await fake.wait_for(lambda: all(chat in replied for chat in pushed), timeout=120 + count)
    wall = max(replied[chat] for chat in pushed) - start
    return wall, [replied[chat] - pushed[chat] for chat in pushed]


async def scenario(
    answerer: Answerer, questions: list[str], count: int, limited: bool, rate: float | None = None
) -> None:
    async with FakeTelegram(TOKEN) as fake:
        settings = TelegramSettings(
            token=TOKEN,
            api_url=fake.api_url,
            poll_timeout=1.0,
            messages_per_second=30.0 if limited else 0,
            group_messages_per_minute=20.0 if limited else 0,
        )
        stop = asyncio.Event()
        task = asyncio.create_task(serve(answerer, settings, stop))
        try:
            await fake.wait_polling(timeout=30)
            await push_questions(fake, questions, WARM_UP, first_chat=1)
            if limited:
                # Let the limiter's bucket refill, so the warm-up does not eat the run's allowance.
                await asyncio.sleep(1.5)
            wall, latencies = await push_questions(fake, questions, count, first_chat=10_000, rate=rate)
        finally:
            stop.set()
            await asyncio.wait_for(task, 60)
    mode = f"paced {rate:g}/s" if rate else "burst"
    limits = "Telegram limits" if limited else "limiter off"
    p99 = statistics.quantiles(latencies, n=100)[98] if len(latencies) > 1 else latencies[0]
    print(
        f"{mode + ', ' + limits:<32} {count:>5} questions {count / wall:7.1f} answers/s  "
        f"median {statistics.median(latencies) * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms"
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--questions", type=int, default=300, help="questions per run (default 300)")
    parser.add_argument("--rate", type=float, default=25.0, help="questions a second when paced (default 25)")
    args = parser.parse_args()
    answerer = Answerer.from_folder(None)
    questions = load_questions()
    print(
        f"Telegram adapter via python-telegram-bot and the fake Bot API; {len(questions)} distinct questions"
    )
    await scenario(answerer, questions, args.questions, limited=False)
    await scenario(answerer, questions, args.questions, limited=True)
    await scenario(answerer, questions, args.questions, limited=True, rate=args.rate)
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
