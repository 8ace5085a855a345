"""👍/👎 buttons and recording through the real chat libraries, on SQLite and PostgreSQL.

Each test runs an adapter against its fake platform with a real store, presses the buttons
as a user would, and reads back what ``banbot gaps`` reports, and what the store holds.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from discord_support import restore_discord_globals, settings_for  # noqa: F401 (an autouse fixture)
from fake_discord import FakeDiscord
from fake_telegram import FakeTelegram

from adapters import cli, discord_bot, telegram_bot
from adapters.feedback import THANKS, button_data, parse_press
from adapters.gaps import gaps_report
from adapters.store import (
    NullRecorder,
    Recorder,
    StoreRecorder,
    StoreSettings,
    open_configured_recorder,
    open_recorder,
    store_settings_from_env,
)
from bot import Answerer

pytest_plugins = ["store_support"]
pytestmark = pytest.mark.timeout(90)

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
USER_ID = 987654321
USER_NAME = "Quentinella"
CHAT_ID = -100777666555
ANSWERED = "When do updates stop?"
DECLINED = ("when was kaspersky founded", "When was Kaspersky founded?", "wen was kaspersky founded")


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return Answerer.from_folder(None)


@pytest.fixture
def recorder(database: str) -> Iterator[StoreRecorder]:
    opened = open_recorder(StoreSettings(database=database))
    yield opened
    opened.close(5)


def stored_text(database: str) -> str:
    """Everything the store holds, as text: the SQLite files' bytes, or every PostgreSQL row."""
    if not database.startswith("postgres"):
        chunks = []
        for suffix in ("", "-wal", "-shm", "-journal"):
            path = Path(database + suffix)
            if path.exists():
                chunks.append(path.read_bytes().decode("latin-1"))
        return "\n".join(chunks)
    import psycopg

    with psycopg.connect(database, connect_timeout=10) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
        return "\n".join(
            repr(row)
            for (table,) in tables
            for row in connection.execute(f'SELECT * FROM "{table}"').fetchall()
        )


# -- Telegram -----------------------------------------------------------------------------------


@asynccontextmanager
async def telegram(answerer: Answerer, recorder: Recorder) -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as fake:
        settings = telegram_bot.TelegramSettings(token=TOKEN, api_url=fake.api_url)
        stop = asyncio.Event()
        task = asyncio.create_task(telegram_bot.serve(answerer, settings, stop, None, recorder))
        try:
            await fake.wait_polling(timeout=30)
            yield fake
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)


def feedback_buttons(buttons: list[dict[str, Any]]) -> dict[str, str]:
    """The vote each feedback button stands for (+1/-1), by the button's data."""
    return {
        button["text"]: button["callback_data"]
        for button in buttons
        if parse_press(button.get("callback_data", "")) is not None
    }


async def test_telegram_votes_count_once_and_gaps_group_declines(
    answerer: Answerer, recorder: StoreRecorder, database: str
) -> None:
    async with telegram(answerer, recorder) as fake:
        group = fake.push_message(
            f"@banbot_test_bot {ANSWERED}",
            chat_id=CHAT_ID,
            user_id=USER_ID,
            extra={"from": fake.user(USER_ID, USER_NAME)},
        )
        (answer,) = await fake.wait_sent(1, chat_id=CHAT_ID)
        votes = feedback_buttons(answer.buttons)
        assert set(votes) == {"👍", "👎"}
        assert all(len(data.encode()) <= 64 for data in votes.values())
        assert ANSWERED not in "".join(votes.values())
        for _ in range(2):  # the same person presses 👎 twice
            fake.push_callback_query(votes["👎"], answer.message, user_id=USER_ID)
        fake.push_callback_query(votes["👍"], answer.message, user_id=USER_ID + 1)
        await fake.wait_for(lambda: len(fake.callback_answers) >= 3)
        for wording in DECLINED:
            fake.push_message(wording, chat_id=USER_ID, user_id=USER_ID)
        declines = await fake.wait_sent(3, chat_id=USER_ID)
    assert group["chat"]["id"] == CHAT_ID
    assert all(params.get("text") == THANKS for params in fake.callback_answers)
    assert all(feedback_buttons(sent.buttons) for sent in declines), "declines carry buttons too"
    assert recorder.flush(10)
    report = gaps_report(database, timedelta(days=1))
    [founded] = report.declined
    assert founded.count == 3 and founded.wordings == 3
    [downvoted] = report.downvoted
    assert (downvoted.down, downvoted.up) == (1, 1)
    assert downvoted.question is None  # answered questions keep no text by default
    assert downvoted.platform == "telegram"
    assert (report.totals.questions, report.totals.answered) == (4, 1)
    assert (report.totals.up, report.totals.down) == (1, 1)
    held = stored_text(database)
    # Message ids are small numbers that hashes and page bytes may spell by chance: not grepped.
    for identifying in (str(USER_ID), USER_NAME, str(CHAT_ID)):
        assert identifying not in held, identifying


async def test_telegram_inline_answers_are_recorded_without_buttons(
    answerer: Answerer, recorder: StoreRecorder, database: str
) -> None:
    async with telegram(answerer, recorder) as fake:
        fake.push_inline_query(ANSWERED, user_id=USER_ID)
        await fake.wait_for(lambda: len(fake.inline_answers) >= 1)
    [results] = [params["results"] for params in fake.inline_answers]
    assert results and all("reply_markup" not in result for result in results)
    assert recorder.flush(10)
    report = gaps_report(database, timedelta(days=1))
    assert report.totals.questions == 1 and report.totals.answered == 1


async def test_without_a_store_answers_carry_no_buttons(answerer: Answerer) -> None:
    async with telegram(answerer, NullRecorder()) as fake:
        fake.push_message(ANSWERED, chat_id=USER_ID, user_id=USER_ID)
        (answer,) = await fake.wait_sent(1, chat_id=USER_ID)
    assert not feedback_buttons(answer.buttons)


async def test_a_store_that_fails_mid_run_does_not_stop_answers(answerer: Answerer, tmp_path: Path) -> None:
    database = tmp_path / "store" / "banbot.db"
    recorder = open_recorder(StoreSettings(database=str(database)))
    try:
        async with telegram(answerer, recorder) as fake:
            fake.push_message(ANSWERED, chat_id=USER_ID, user_id=USER_ID)
            await fake.wait_sent(1, chat_id=USER_ID)
            for _ in range(100):  # the row is queued just after the reply is sent
                if recorder.flush(1) and recorder.stats.written:
                    break
                await asyncio.sleep(0.05)
            assert recorder.stats.written == 1
            # The store's folder becomes a file: nothing can be written or created there.
            shutil.rmtree(database.parent)
            database.parent.write_text("not a folder", encoding="utf-8")
            for number in range(3):
                fake.push_message(f"{ANSWERED} ({number})", chat_id=USER_ID, user_id=USER_ID)
            answers = await fake.wait_sent(4, chat_id=USER_ID)
            fake.push_callback_query(button_data("gone1234", -1), answers[-1].message, user_id=USER_ID)
            await fake.wait_for(lambda: len(fake.callback_answers) >= 1)
        assert all("September 29" in sent.text for sent in answers)
        assert fake.callback_answers[0].get("text") == THANKS
    finally:
        recorder.close(5)
    assert recorder.stats.written == 1
    assert recorder.stats.failed >= 3


# -- Discord ------------------------------------------------------------------------------------


@asynccontextmanager
async def discord_running(answerer: Answerer, recorder: Recorder) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as fake:
        settings = settings_for(fake)
        stop = asyncio.Event()
        task = asyncio.create_task(discord_bot.serve(answerer, settings, stop, None, recorder))
        try:
            await fake.wait_until(lambda: fake.identifies >= 1 or task.done(), 15, "IDENTIFY")
            yield fake
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)


def last_bot_message_with_buttons(fake: FakeDiscord) -> dict[str, Any]:
    return [message for message in fake.bot_messages.values() if fake.buttons(message)][-1]


async def mention_answer(fake: FakeDiscord) -> tuple[dict[str, Any], dict[str, str]]:
    """Ask by mention; the bot's answer and its feedback buttons' custom ids by emoji."""
    message_id = await fake.send_message(f"{fake.mention} {ANSWERED}")
    await fake.wait_reply(message_id)
    answer = last_bot_message_with_buttons(fake)
    return answer, {button["emoji"]["name"]: button["custom_id"] for button in fake.buttons(answer)}


async def test_discord_votes_count_once_on_mentions_and_slash_commands(
    answerer: Answerer, recorder: StoreRecorder, database: str
) -> None:
    async with discord_running(answerer, recorder) as fake:
        answer, votes = await mention_answer(fake)
        assert set(votes) == {"👍", "👎"}
        tokens = [await fake.press_button(answer, votes["👎"]) for _ in range(2)]
        for token in tokens:
            [thanks] = await fake.wait_interaction(token, 1)
            assert thanks.body["data"]["content"] == THANKS and thanks.body["data"]["flags"] & 64
        command = await fake.send_command("ask", {"question": DECLINED[0]})
        await fake.wait_interaction(command, 2)
        decline = last_bot_message_with_buttons(fake)
        assert decline["id"] != answer["id"]
        other = dict(fake.user, id="123123123123")
        pressed = await fake.press_button(decline, fake.buttons(decline)[0]["custom_id"], user=other)
        await fake.wait_interaction(pressed, 1)
    assert recorder.flush(10)
    report = gaps_report(database, timedelta(days=1))
    [downvoted] = report.downvoted
    assert (downvoted.down, downvoted.up, downvoted.platform) == (1, 0, "discord")
    assert (report.totals.questions, report.totals.answered, report.totals.up) == (2, 1, 1)
    [founded] = report.declined
    assert founded.count == 1
    held = stored_text(database)
    for identifying in (fake.user["id"], fake.user["username"], str(fake.channel_id), str(fake.guild_id)):
        assert identifying not in held, identifying


async def test_discord_buttons_still_work_after_a_restart(
    answerer: Answerer, recorder: StoreRecorder, database: str
) -> None:
    async with discord_running(answerer, recorder) as fake:
        answer, votes = await mention_answer(fake)
    # A new client, as after a restart, knows nothing of the message but its buttons' ids.
    async with discord_running(answerer, recorder) as fresh:
        token = await fresh.press_button(answer, votes["👎"])
        [thanks] = await fresh.wait_interaction(token, 1)
    assert thanks.body["data"]["content"] == THANKS
    assert recorder.flush(10)
    [downvoted] = gaps_report(database, timedelta(days=1)).downvoted
    assert downvoted.down == 1


@pytest.mark.parametrize("command", ["serve", "telegram", "discord"])
@pytest.mark.parametrize("database", ["mysql://db.example/banbot", "postgresql:///no-host"])
async def test_a_broken_database_setting_is_one_line_and_exit_2(command: str, database: str) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BANBOT_", "TELEGRAM_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        DISCORD_BOT_TOKEN="discord.bot-token.for-tests",
        BANBOT_DATABASE=database,
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters",
        command,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _out, err = await asyncio.wait_for(process.communicate(), 60)
    lines = err.decode().splitlines()
    assert process.returncode == 2, lines
    assert len(lines) == 1 and lines[0].startswith("banbot: BANBOT_DATABASE"), lines


def test_the_store_can_be_turned_off(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = store_settings_from_env({"BANBOT_DATABASE": "Off"})
    assert isinstance(open_configured_recorder(settings), NullRecorder)
    monkeypatch.setenv("BANBOT_DATABASE", "off")
    assert cli.main(["gaps"]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "BANBOT_DATABASE is off" in out[0]
