"""A minute-long outage of both platforms at once, with the adapters' default waits.

The other outage tests shorten the waits to stay quick; this one keeps the settings an
operator runs with, so it shows the real recovery: a question asked during the outage is
answered, and the Discord session resumed, within 10 s of the platform's return.
"""

from __future__ import annotations

import asyncio

import pytest
from fake_discord import FakeDiscord
from fake_telegram import FakeTelegram

from adapters import discord_bot, telegram_bot
from bot import Answerer

pytestmark = pytest.mark.timeout(150)

OUTAGE_SECONDS = 60.0
TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
QUESTION = "When do updates stop?"


async def _telegram_through_an_outage(answerer: Answerer) -> float:
    async with FakeTelegram(TOKEN) as fake:
        settings = telegram_bot.TelegramSettings(token=TOKEN, api_url=fake.api_url)
        stop = asyncio.Event()
        task = asyncio.create_task(telegram_bot.serve(answerer, settings, stop))
        try:
            await fake.wait_polling(timeout=30)
            polls = fake.count("getUpdates")
            fake.fail("getUpdates", times=1_000_000)
            began = asyncio.get_running_loop().time()
            # The poll in flight when the outage began ends first; then the polls fail.
            await fake.wait_for(lambda: fake.count("getUpdates") >= polls + 2, timeout=30)
            fake.push_message(QUESTION, chat_id=7)
            await asyncio.sleep(OUTAGE_SECONDS - (asyncio.get_running_loop().time() - began))
            assert not fake.sent, "answered during the outage"
            fake.heal("getUpdates")
            back = asyncio.get_running_loop().time()
            (sent,) = await fake.wait_sent(1, chat_id=7, timeout=30)
            recovered = asyncio.get_running_loop().time() - back
            assert "September 29" in sent.text
        finally:
            stop.set()
            await asyncio.wait_for(task, 10)
    return recovered


async def _discord_through_an_outage(answerer: Answerer) -> float:
    async with FakeDiscord() as fake:
        settings = discord_bot.DiscordSettings(
            token=fake.token, api_url=fake.api_url, gateway_url=fake.gateway_url
        )
        stop = asyncio.Event()
        task = asyncio.create_task(discord_bot.serve(answerer, settings, stop))
        try:
            await fake.wait_until(lambda: fake.identifies >= 1, 30, "IDENTIFY")
            await fake.gateway_down()
            await asyncio.sleep(OUTAGE_SECONDS)
            back = asyncio.get_running_loop().time()
            await fake.gateway_back(30)
            message_id = await fake.send_message(f"{fake.mention} {QUESTION}")
            reply = await fake.wait_reply(message_id, 30)
            recovered = asyncio.get_running_loop().time() - back
            assert "September 29" in str(reply.body)
        finally:
            stop.set()
            await asyncio.wait_for(task, 10)
    return recovered


async def test_both_platforms_are_back_within_10_seconds_of_a_minute_long_outage() -> None:
    answerer = Answerer.from_folder(None)
    telegram, discord = await asyncio.gather(
        _telegram_through_an_outage(answerer), _discord_through_an_outage(answerer)
    )
    assert telegram < 10, f"Telegram answered {telegram:.1f} s after the Bot API came back"
    assert discord < 10, f"Discord answered {discord:.1f} s after the gateway came back"
