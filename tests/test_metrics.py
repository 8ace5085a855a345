"""``/metrics``, ``/healthz`` and ``/readyz`` of ``banbot serve`` in webhook mode (fake Bot API)."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_telegram import FakeTelegram, Fault
from webhook_support import Banbot, fake_bot_api, samples, serving, value

from adapters import metrics
from adapters.feedback import parse_press
from adapters.store import StoreSettings, open_recorder
from bot.answerer import Answerer

pytestmark = pytest.mark.timeout(90)

QUESTIONS = [
    "When do updates stop?",
    "Who confirmed the layoffs?",
    "When was Kaspersky founded?",
    "Is Norton also banned?",
    "When does the ban on new sales start?",
]


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeTelegram]:
    async with fake_bot_api(monkeypatch) as server:
        yield server


async def ask(fake: FakeTelegram, question: str, chat_id: int) -> None:
    assert await fake.post_update(fake.update("message", fake.message(question, chat_id=chat_id))) == 200
    await fake.wait_sent(1, chat_id=chat_id)


async def test_metrics_count_the_questions_votes_errors_and_reloads(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    answerer = Answerer.from_folder(None)
    answered = sum(answerer.ask(question).answered for question in QUESTIONS)
    assert 0 < answered < len(QUESTIONS), "the set mixes answers and declines"
    recorder = open_recorder(StoreSettings(database=str(tmp_path / "votes.db")))
    try:
        async with serving(fake, tmp_path, recorder) as bot:
            for chat_id, question in enumerate(QUESTIONS, start=500):
                await ask(fake, question, chat_id)
            inline = fake.update("inline_query", fake.inline_query(QUESTIONS[0], user_id=77))
            assert await fake.post_update(inline) == 200
            await fake.wait_for(lambda: len(fake.inline_answers) >= 1)

            # One press of each button, on the first answer.
            first = next(sent for sent in fake.sent if sent.chat_id == 500)
            presses = [b["callback_data"] for b in first.buttons if parse_press(b["callback_data"])]
            assert len(presses) == 2
            for user_id, data in enumerate(presses, start=600):
                update = fake.update("callback_query", fake.callback_query(data, first.message, user_id))
                assert await fake.post_update(update) == 200
            await fake.wait_for(lambda: len(fake.callback_answers) >= 2)

            # A 502 and a 429 on the way out are retried, and counted.
            fake.fail("sendMessage", Fault(status=502))
            fake.fail("sendMessage", Fault(status=429, description="Too Many Requests", retry_after=0))
            await ask(fake, QUESTIONS[0], 510)

            os.kill(os.getpid(), signal.SIGHUP)
            await _wait_metric(bot, "banbot_knowledge_reloads_total", 1.0, result="ok")
            status, text = await bot.get("/metrics")
    finally:
        recorder.close()
    assert status == 200
    found = samples(text)
    questions = len(QUESTIONS) + 2  # and the inline query, and the one asked through the failures
    yes = value(found, "banbot_questions_total", platform="telegram", answered="true")
    no = value(found, "banbot_questions_total", platform="telegram", answered="false")
    assert (yes, no) == (answered + 2, len(QUESTIONS) - answered)
    assert value(found, "banbot_answer_seconds_count", platform="telegram") == questions
    assert value(found, "banbot_answer_seconds_bucket", platform="telegram", le="+Inf") == questions
    assert value(found, "banbot_feedback_total", platform="telegram", vote="up") == 1
    assert value(found, "banbot_feedback_total", platform="telegram", vote="down") == 1
    assert value(found, "banbot_platform_errors_total", platform="telegram", kind="server") == 1
    assert value(found, "banbot_platform_errors_total", platform="telegram", kind="rate_limited") == 1
    assert value(found, "banbot_platform_errors_total", platform="telegram", kind="network") == 0
    assert value(found, "banbot_knowledge_articles") == len(answerer.articles)
    assert value(found, "banbot_knowledge_reloads_total", result="failed") == 0
    # Labels hold names from the code: no question, user or chat.
    labels = {label for key in found for label in key[1]}
    assert {name for name, _ in labels} <= {"platform", "answered", "kind", "vote", "result", "le"}
    for question in QUESTIONS:
        assert question not in text
    for private in ("500", "600", "Ann"):
        assert f'"{private}"' not in text


async def _wait_metric(bot: Banbot, name: str, expected: float, **labels: str) -> None:
    async with asyncio.timeout(20):
        while value(samples((await bot.get("/metrics"))[1]), name, **labels) != expected:
            await asyncio.sleep(0.05)


async def _wait_status(bot: Banbot, path: str, status: int) -> str:
    """Poll ``path`` until it answers ``status``; returns its body."""
    async with asyncio.timeout(20):
        while True:
            got, text = await bot.get(path)
            if got == status:
                return text
            await asyncio.sleep(0.05)


async def test_healthz_and_readyz_follow_contact_with_the_platform(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    # A 1-second window: the webhook check (getWebhookInfo) then runs every third of a second.
    async with serving(fake, tmp_path, BANBOT_HEALTH_MAX_AGE="1") as bot:
        assert (await _wait_status(bot, "/healthz", 200)).startswith("healthy: last contact telegram")
        ready = await _wait_status(bot, "/readyz", 200)
        assert ready.startswith(f"ready: {len(Answerer.from_folder(None).articles)} articles;")
        checks = fake.count("getWebhookInfo")
        await fake.wait_for(lambda: fake.count("getWebhookInfo") >= checks + 2)

        fake.go_down()
        unhealthy = await _wait_status(bot, "/healthz", 503)
        assert unhealthy.strip() == "unhealthy: no contact within 1 s from telegram"
        assert (await bot.get("/readyz")) == (503, "not ready: no contact within 1 s from telegram\n")

        fake.come_back()
        await _wait_status(bot, "/healthz", 200)
        await _wait_status(bot, "/readyz", 200)
        # Updates still flow after the outage.
        await ask(fake, QUESTIONS[0], 700)


def test_each_service_run_counts_from_zero() -> None:
    metrics.platform_error("discord", "network")
    before = samples(metrics.current().exposition().decode())
    assert value(before, "banbot_platform_errors_total", platform="discord", kind="network") >= 1
    fresh = metrics.fresh()
    assert (
        value(
            samples(fresh.exposition().decode()),
            "banbot_platform_errors_total",
            platform="discord",
            kind="network",
        )
        == 0
    )
    metrics.platform_error("discord", "network")
    found = samples(fresh.exposition().decode())
    assert value(found, "banbot_platform_errors_total", platform="discord", kind="network") == 1
