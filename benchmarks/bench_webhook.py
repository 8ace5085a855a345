"""The Telegram webhook round trip: an update POSTed to banbot, to its reply at the fake Bot API.

banbot runs as ``banbot serve`` in webhook mode in a child process (the real settings path,
its listener on 127.0.0.1); this process runs the fake Bot API and POSTs updates to the
webhook at a steady rate, open loop (each on schedule, whether or not earlier ones were
answered), one private chat each. It prints the rate achieved, the median and 99th
percentile of the round trip (POST sent to sendMessage received) and of the acknowledgement
(POST sent to its 200), then the time a SIGTERM takes to stop the child. Two runs:

- 200 updates a second with the rate limiter off (Telegram's 30 messages a second would
  otherwise queue the replies): what the webhook path itself can carry;
- 25 a second with Telegram's limits on, as deployed, to compare with ``bench_telegram.py``.

Usage: python benchmarks/bench_webhook.py [--rate 200] [--seconds 15]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import resource
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from aiohttp import ClientSession, ClientTimeout, TCPConnector  # noqa: E402
from fake_telegram import FakeTelegram, Sent  # noqa: E402
from webhook_support import TOKEN, free_port, http_get, process_env  # noqa: E402

WARM_UP = 50


def load_questions() -> list[str]:
    path = ROOT / "tests" / "data" / "public_questions.jsonl"
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["question"] for line in lines if line.strip()]


def serve_child(limited: bool) -> int:
    """The child: ``banbot serve`` from the environment, the rate limiter as asked."""
    from adapters import serve
    from bot.logs import configure_logging
    from bot.service import ReloadingAnswerer

    configure_logging("WARNING")
    settings = serve.settings_from_env()
    if not limited:
        tuning = {"messages_per_second": 0.0, "group_messages_per_minute": 0.0}
        platforms = tuple(
            dataclasses.replace(p, settings=dataclasses.replace(p.settings, **tuning))
            for p in settings.platforms
        )
        settings = dataclasses.replace(settings, platforms=platforms)
    return serve.run(ReloadingAnswerer(None), settings)


def describe(seconds: list[float]) -> str:
    p99 = statistics.quantiles(seconds, n=100)[98] if len(seconds) > 1 else seconds[0]
    return f"median {statistics.median(seconds) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"


async def post_at_rate(
    fake: FakeTelegram, client: ClientSession, questions: list[str], count: int, rate: float, first_chat: int
) -> tuple[float, list[float], list[float]]:
    """POST ``count`` updates ``rate`` a second; return the rate achieved, round trips and acks."""
    posted: dict[int, float] = {}
    acked: dict[int, float] = {}
    replied: dict[int, float] = {}

    def on_send(sent: Sent) -> None:
        replied.setdefault(sent.chat_id, sent.at)

    fake.on_send = on_send
    assert fake.webhook is not None
    headers = {
        "Content-Type": "application/json",
        "X-Telegram-Bot-Api-Secret-Token": fake.webhook["secret_token"],
    }

    async def post(chat_id: int, body: bytes) -> None:
        posted[chat_id] = time.perf_counter()
        async with client.post(fake.webhook["url"], data=body, headers=headers) as response:  # type: ignore[index]
            await response.read()
            if response.status != 200:
                raise RuntimeError(f"the webhook answered {response.status}")
        acked[chat_id] = time.perf_counter()

    tasks = []
    start = time.perf_counter()
    for index in range(count):
        await asyncio.sleep(max(0.0, start + index / rate - time.perf_counter()))
        chat_id = first_chat + index
        update = fake.update("message", fake.message(questions[index % len(questions)], chat_id=chat_id))
        tasks.append(asyncio.create_task(post(chat_id, json.dumps(update).encode())))
    await asyncio.gather(*tasks)
    await fake.wait_for(lambda: all(chat in replied for chat in posted), timeout=120 + count / 10)
    wall = max(replied.values()) - start
    round_trips = [replied[chat] - posted[chat] for chat in posted]
    acks = [acked[chat] - posted[chat] for chat in posted]
    return count / wall, round_trips, acks


async def scenario(questions: list[str], rate: float, seconds: float, limited: bool) -> None:
    own_cpu = _cpu(resource.RUSAGE_SELF)
    child_cpu = _cpu(resource.RUSAGE_CHILDREN)
    async with FakeTelegram(TOKEN) as fake:
        port = free_port()
        scratch = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-webhook-{os.getpid()}"
        scratch.mkdir(exist_ok=True)
        env = process_env(fake, port, scratch)
        child = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--serve", *(["--limited"] if limited else []), env=env
        )
        try:
            async with asyncio.timeout(60):
                while fake.webhook is None or (await _status(f"http://127.0.0.1:{port}")) != 200:
                    await asyncio.sleep(0.1)
            connector = TCPConnector(limit=100)
            async with ClientSession(connector=connector, timeout=ClientTimeout(total=60)) as client:
                await post_at_rate(fake, client, questions, WARM_UP, 50.0, first_chat=1)
                count = int(rate * seconds)
                achieved, round_trips, acks = await post_at_rate(
                    fake, client, questions, count, rate, first_chat=10_000
                )
            sent = time.perf_counter()
            child.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(child.wait(), 30)
            stop = time.perf_counter() - sent
        finally:
            if child.returncode is None:
                child.kill()
                await child.wait()
    limits = "Telegram limits" if limited else "limiter off"
    round_trip, ack = describe(round_trips), describe(acks)
    print(f"{rate:g} updates/s for {seconds:g} s, {limits}: {count} updates, {achieved:.1f} answers/s")
    print(f"    round trip (POST to sendMessage) {round_trip}; acknowledgement (POST to 200) {ack}")
    print(
        f"    CPU: banbot {_cpu(resource.RUSAGE_CHILDREN) - child_cpu:.1f} s, "
        f"fake Bot API and poster {_cpu(resource.RUSAGE_SELF) - own_cpu:.1f} s; "
        f"SIGTERM: exit {code} in {stop:.2f} s"
    )


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


async def _status(base: str) -> int:
    try:
        return (await http_get(base, "/readyz"))[0]
    except OSError:
        return 0


async def main(args: argparse.Namespace) -> int:
    questions = load_questions()
    print(
        f"Telegram webhook round trip, banbot serve in a child process, fake Bot API on 127.0.0.1; "
        f"{len(questions)} distinct questions"
    )
    await scenario(questions, args.rate, args.seconds, limited=False)
    await scenario(questions, 25.0, 10.0, limited=True)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rate", type=float, default=200.0, help="updates a second (default 200)")
    parser.add_argument("--seconds", type=float, default=15.0, help="how long to post (default 15)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--limited", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve:
        raise SystemExit(serve_child(arguments.limited))
    raise SystemExit(asyncio.run(main(arguments)))
