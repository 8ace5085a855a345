"""Flood control per person: the gate itself, and Telegram through the real library and the fake."""

from __future__ import annotations

import asyncio

import pytest
from fake_telegram import FakeTelegram
from test_telegram import running  # the running-adapter helper and its fixtures

from adapters.common import ConfigError
from adapters.flood import FloodGate, UserRate, parse_rate, rate_from_env
from bot.answerer import Answerer

pytest_plugins = ["test_telegram"]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rates_parse_and_bad_ones_are_named() -> None:
    assert parse_rate("5/30s") == UserRate(5, 30.0)
    assert parse_rate("20/1m") == UserRate(20, 60.0)
    assert parse_rate("100 / 1h") == UserRate(100, 3600.0)
    assert rate_from_env({}) == UserRate(5, 30.0)
    for bad in ("five", "5/0s", "5/30d", "-1/30s"):
        with pytest.raises(ConfigError, match="BANBOT_USER_RATE"):
            parse_rate(bad)


def test_past_the_limit_one_notice_then_silence_and_others_unaffected() -> None:
    clock = Clock()
    gate = FloodGate(UserRate(3, 30.0), clock=clock)
    verdicts = [gate.check("telegram", 1) for _ in range(6)]
    assert [verdict.allowed for verdict in verdicts] == [True, True, True, False, False, False]
    assert [verdict.notify for verdict in verdicts] == [False, False, False, True, False, False]
    assert verdicts[3].notice() == "Too many questions at once. Try again in 30 seconds."
    assert gate.check("telegram", 2).allowed  # another person
    assert gate.check("discord", 1).allowed  # the same id on another platform is another person
    clock.now += 30.5
    again = gate.check("telegram", 1)
    assert again.allowed
    clock.now += 0.1
    gate.check("telegram", 1)
    gate.check("telegram", 1)
    assert gate.check("telegram", 1).notify  # a new flood gets a new notice


def test_memory_is_bounded_and_entries_expire() -> None:
    clock = Clock()
    gate = FloodGate(UserRate(5, 30.0), max_users=1000, clock=clock)
    for user in range(5000):
        gate.check("telegram", user)
    assert len(gate) == 1000
    clock.now += 31
    gate.check("telegram", "one more")
    assert len(gate) == 1


def test_zero_turns_it_off() -> None:
    gate = FloodGate(UserRate(0, 30.0))
    assert all(gate.check("telegram", 1).allowed for _ in range(100))


async def test_telegram_flood_from_one_user_gets_the_limit_and_one_notice(
    fake: FakeTelegram, answerer: Answerer
) -> None:
    async with running(fake, answerer, user_rate=UserRate(3, 60.0)):
        for _ in range(10):
            fake.push_message("When do updates stop?", chat_id=501)
        fake.push_message("Who confirmed the layoffs?", chat_id=502)
        (other,) = await fake.wait_sent(1, chat_id=502)
        await fake.wait_sent(4, chat_id=501)
        await asyncio.sleep(0.5)  # nothing more may come
        flooded = [sent for sent in fake.sent if sent.chat_id == 501]
    assert "Sawyer VanHorn" in other.text
    notices = [sent for sent in flooded if "Too many questions" in sent.text]
    assert len(flooded) == 4
    assert len(notices) == 1


async def test_telegram_inline_flood_is_refused_once_with_a_notice(
    fake: FakeTelegram, answerer: Answerer
) -> None:
    async with running(fake, answerer, user_rate=UserRate(2, 60.0)):
        for _ in range(5):
            fake.push_inline_query("when do updates stop", user_id=77)
        await fake.wait_for(lambda: len(fake.inline_answers) >= 3)
        await asyncio.sleep(0.5)
    answers = list(fake.inline_answers)
    assert len(answers) == 3
    refused = [answer for answer in answers if not answer["results"]]
    assert len(refused) == 1
    assert refused[0]["button"]["text"].startswith("Too many questions at once")
