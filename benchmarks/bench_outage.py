"""Recovery and stop times of the Telegram adapter through a Bot API outage, on loopback.

Runs the adapter (default settings but for the fake's address) against the fake Bot API,
then makes every ``getUpdates`` fail with 502 for ``--outage`` seconds (60 by default).
A question is sent during the outage; when the outage ends, the time until it is answered
is the recovery time. A second outage then starts, and the time from a stop request to
the adapter's return is the stop time.

Usage: python benchmarks/bench_outage.py [--outage SECONDS]
"""

from __future__ import annotations

import argparse
import asyncio
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


async def run(outage: float) -> None:
    answerer = Answerer.from_folder()
    async with FakeTelegram(TOKEN) as fake:
        settings = TelegramSettings(token=TOKEN, api_url=fake.api_url)
        stop = asyncio.Event()
        task = asyncio.create_task(serve(answerer, settings, stop))
        try:
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
            fake._faults.clear()  # the Bot API is back
            back = time.perf_counter()
            await fake.wait_sent(1, chat_id=7, timeout=120)
            recovery = time.perf_counter() - back
            fake.fail("getUpdates", times=1_000_000)
            await asyncio.sleep(5.0)
            asked_to_stop = time.perf_counter()
            stop.set()
            await asyncio.wait_for(task, 60)
            stopping = time.perf_counter() - asked_to_stop
        finally:
            stop.set()
            if not task.done():
                await asyncio.wait_for(task, 60)
    print(f"outage of {outage:.0f} s: {failed} failed polls ({failed / outage:.1f} a second)")
    print(f"recovery: the question sent during the outage was answered {recovery:.1f} s after it ended")
    print(f"stop during an outage: {stopping:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=60.0, help="seconds the Bot API is down (default 60)")
    args = parser.parse_args()
    asyncio.run(run(args.outage))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
