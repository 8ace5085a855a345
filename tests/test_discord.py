"""The Discord adapter, through the real discord.py talking to a fake Discord on 127.0.0.1."""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import logging
import signal
import socket
import time
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from discord_support import (  # restore_discord_globals: an autouse fixture
    bot_environment,
    restore_discord_globals,  # noqa: F401
    running,
    settings_for,
    start_banbot_discord,
    text_of,
)
from fake_discord import FakeDiscord, Recorded
from process_support import reaped, signalled

from adapters import discord_bot, discord_delivery, metrics
from adapters.common import ConfigError
from adapters.discord_bot import REPLY_HINT, SORRY, serve, settings_from_env
from adapters.discord_render import (
    CONTENT_LIMIT,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    MAX_REPLY_MESSAGES,
    TRIM_NOTE,
    clean_question,
    reply_parts,
    sources_parts,
)
from adapters.flood import UserRate
from bot import Answer, Answerer, Quote, Source

pytestmark = pytest.mark.timeout(60)

QUESTION = "When do updates stop?"


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return Answerer.from_folder(None)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server


def embeds_of(record: Recorded) -> list[dict[str, Any]]:
    body = record.body.get("data", record.body) if "type" in record.body else record.body
    return list(body.get("embeds") or [])


def assert_pings_nobody(record: Recorded) -> None:
    body = record.body.get("data", record.body) if "type" in record.body else record.body
    mentions = body["allowed_mentions"]
    assert mentions["parse"] == []
    assert not mentions.get("users")
    assert not mentions.get("roles")
    assert not mentions.get("replied_user")


def assert_within_limits(record: Recorded) -> None:
    body = record.body.get("data", record.body) if "type" in record.body else record.body
    assert len(body.get("content") or "") <= CONTENT_LIMIT
    embeds = body.get("embeds") or []
    assert len(embeds) <= 10
    total = 0
    for embed in embeds:
        assert len(embed.get("description") or "") <= EMBED_DESCRIPTION_LIMIT
        assert len(embed.get("title") or "") <= 256
        for item in embed.get("fields") or []:
            assert len(item["value"]) <= 1024
        total += len(embed.get("description") or "") + len(embed.get("title") or "")
    assert total <= EMBED_TOTAL_LIMIT


def write_article(folder: Path, article_id: str, title: str, body: str, **meta: str) -> None:
    fields = {
        "publisher": "Example News",
        "author": "Jane Roe",
        "published": "2024-07-01",
        "url": "https://example.com/articles/a_(1)",
    }
    fields.update(meta)
    front = "\n".join(f"{key}: {value}" for key, value in fields.items())
    text = f"---\nid: {article_id}\ntitle: {title}\n{front}\n---\n{body}\n"
    (folder / f"{article_id}.md").write_text(text, encoding="utf-8")


@pytest.fixture
def long_knowledge(tmp_path: Path) -> Path:
    places = ", ".join(
        f"the frobnicator district number {n} with its many loyal customers" for n in range(250)
    )
    body = (
        f"Frobnicator updates stop on September 29 for customers in {places}.\n\n"
        f"The agency announced the frobnicator ban in {places}."
    )
    write_article(tmp_path, "long-article", "A very *long* article", body)
    return tmp_path


# -- settings and start-up ----------------------------------------------------


def test_settings_need_a_token() -> None:
    with pytest.raises(ConfigError, match="DISCORD_BOT_TOKEN is not set"):
        settings_from_env({})


def test_settings_read_token_file_and_urls(tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text("abc.def.ghi\n", encoding="utf-8")
    settings = settings_from_env(
        {
            "DISCORD_BOT_TOKEN_FILE": str(secret),
            "BANBOT_DISCORD_API_URL": "http://127.0.0.1:9/api/v10/",
            "BANBOT_DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/gateway",
        },
        sync_commands=True,
    )
    assert settings.token == "abc.def.ghi"
    assert settings.api_url == "http://127.0.0.1:9/api/v10"
    assert settings.gateway_url == "ws://127.0.0.1:9/gateway"
    assert settings.sync_commands
    assert "abc.def.ghi" not in repr(settings)


def test_settings_default_to_discord() -> None:
    settings = settings_from_env({"DISCORD_BOT_TOKEN": "abc.def.ghi"})
    assert settings.api_url is None and settings.gateway_url is None and not settings.sync_commands


@pytest.mark.parametrize(
    ("environ", "setting"),
    [
        ({"DISCORD_BOT_TOKEN": "Bot abc.def.ghi"}, "DISCORD_BOT_TOKEN"),
        (
            {"DISCORD_BOT_TOKEN": "abc.def.ghi", "BANBOT_DISCORD_API_URL": "discord.com/api"},
            "BANBOT_DISCORD_API_URL",
        ),
        (
            {"DISCORD_BOT_TOKEN": "abc.def.ghi", "BANBOT_DISCORD_GATEWAY_URL": "ftp://gateway"},
            "BANBOT_DISCORD_GATEWAY_URL",
        ),
    ],
)
def test_settings_reject_bad_values(environ: dict[str, str], setting: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_env(environ)
    message = str(caught.value)
    assert message.startswith(setting)
    assert "\n" not in message
    assert "abc.def.ghi" not in message


def test_main_without_token_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DISCORD_BOT_TOKEN", raising=False)
    monkeypatch.delenv("DISCORD_BOT_TOKEN_FILE", raising=False)
    args = argparse.Namespace(knowledge=None, sync=False, log_level=None, command="discord")
    assert discord_bot.main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("banbot: DISCORD_BOT_TOKEN is not set")


async def test_missing_token_is_one_line_and_exit_2() -> None:
    process = await start_banbot_discord(bot_environment(), asyncio.subprocess.PIPE)
    _out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    lines = err.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("banbot: DISCORD_BOT_TOKEN is not set")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_process_runs_until_signal_and_exits_0(fake: FakeDiscord, tmp_path: Path, signum: int) -> None:
    log = tmp_path / "stderr.log"
    with log.open("wb") as stderr:
        process = await _start_process(fake, stderr, "--log-level", "DEBUG")
        async with reaped(process):
            message_id = await fake.send_message(f"{fake.mention} {QUESTION}")
            reply = await fake.wait_reply(message_id, 15)
            await signalled(process, signum=signum)
    logged = log.read_text(encoding="utf-8", errors="replace")
    assert process.returncode == 0, logged
    assert "September 29" in text_of(reply)
    assert "Traceback" not in logged
    assert fake.token not in logged
    # The CLI's redaction filter is in place, and discord.py logs at DEBUG were written.
    assert "discord." in logged


async def test_rejected_token_exits_1_without_leaking_it(fake: FakeDiscord, tmp_path: Path) -> None:
    wrong = "wrong.bot-token.LEAK-ME"
    env = bot_environment(fake, DISCORD_BOT_TOKEN=wrong)
    process = await start_banbot_discord(env, asyncio.subprocess.PIPE, "--log-level", "DEBUG")
    _out, err = await asyncio.wait_for(process.communicate(), 30)
    text = err.decode()
    assert process.returncode == 1
    assert text.splitlines()[-1] == "banbot: Discord rejected the bot token (DISCORD_BOT_TOKEN)"
    assert "Traceback" not in text
    assert wrong not in text


# -- rendering ----------------------------------------------------------------


def _source(number: int, **changes: Any) -> Source:
    values: dict[str, Any] = {
        "id": f"s{number}",
        "title": f"Title {number}",
        "publisher": "Paper",
        "author": "Jane Roe",
        "published": date(2024, 7, number),
        "url": f"https://example.com/{number}",
    }
    values.update(changes)
    return Source(**values)


def test_reply_shows_answer_note_quotes_and_sources() -> None:
    answer = Answer(
        question="When?",
        answered=True,
        answer="September 29",
        quotes=(
            Quote("Updates *stop* on September 29.", 1.0, _source(1), agreeing=(_source(2, url=None),)),
            Quote("Updates stop on October 5.", 0.8, _source(3, publisher=None, author=None, published=None)),
        ),
        note="The sources differ: Paper says September 29, another says October 5.",
    )
    [part] = reply_parts(answer)
    assert part.embed is not None
    text = part.embed.description or ""
    assert text.startswith("**Answer:** September 29")
    assert "*The sources differ: Paper says September 29, another says October 5.*" in text
    assert "> Updates \\*stop\\* on September 29." in text
    assert "— [Title 1](https://example.com/1) (Paper, Jane Roe, 2024-07-01); Title 2 (Paper" in text
    assert "(the sources agree)" in text
    assert "[Title 3](https://example.com/3) (publisher and date unknown)" in text
    [plain] = reply_parts(answer, embeds=False)
    assert plain.embed is None
    assert "[Title 1](<https://example.com/1>)" in (plain.content or "")


def test_abstention_and_bad_input_are_explained(answerer: Answerer) -> None:
    for question, expected in [
        ("What is the weather in Paris?", "My sources don't cover that"),
        ("", "The question is empty."),
        ("x" * 5000, "The question is too long"),
    ]:
        [part] = reply_parts(answerer.ask(question))
        assert part.embed is not None
        assert (part.embed.description or "").startswith(expected)
        assert "You could ask, for example:" in (part.embed.description or "")


def test_long_reply_is_split_then_trimmed_on_sentence_boundaries() -> None:
    sentence = "Updates stop on September 29 for district number {n} and its many loyal customers."
    text = " ".join(sentence.format(n=n) for n in range(400))
    answer = Answer(
        question="q", answered=True, answer="September 29", quotes=(Quote(text, 1.0, _source(1)),)
    )
    for embeds, limit in [(True, EMBED_DESCRIPTION_LIMIT), (False, CONTENT_LIMIT)]:
        parts = reply_parts(answer, embeds=embeds)
        texts = [(p.embed.description or "") if p.embed else (p.content or "") for p in parts]
        assert len(parts) == MAX_REPLY_MESSAGES
        assert all(len(t) <= limit for t in texts)
        assert all(p.embed is None or len(p.embed) <= EMBED_TOTAL_LIMIT for p in parts)
        assert texts[-1].endswith(TRIM_NOTE)
        # Every cut falls after a full sentence.
        for piece in texts[:-1]:
            assert piece.endswith("customers.")
        assert texts[-1].removesuffix(TRIM_NOTE).rstrip().endswith("customers.")
        # Each piece of the quote still reads as a quotation.
        assert all(t.lstrip().startswith((">", "**Answer:**")) for t in texts)


def test_sources_list_links_every_article(answerer: Answerer) -> None:
    [part] = sources_parts(answerer.sources)
    text = part.embed.description if part.embed else ""
    assert text is not None
    for source in answerer.sources:
        assert source.title in text
    assert text.count("\n") == len(answerer.sources)


def test_question_loses_mentions_and_markup() -> None:
    assert clean_question("<@123> **When** do `updates` ~~stop~~? @everyone <@&9> <#7> <:k:5>") == (
        "When do updates stop ?"
    )
    assert clean_question("<@!123>") == ""
    assert clean_question("> quoted\n# heading") == "quoted heading"


# -- the bot on the fake Discord ----------------------------------------------


async def test_mention_is_answered_in_a_reply_that_pings_nobody(
    fake: FakeDiscord, answerer: Answerer
) -> None:
    async with running(fake, answerer):
        message_id = await fake.send_message(f"{fake.mention} {QUESTION}")
        reply = await fake.wait_reply(message_id)
    assert "September 29" in text_of(reply)
    assert "Kaspersky" in text_of(reply)
    assert reply.body["message_reference"]["fail_if_not_exists"] is False
    assert_pings_nobody(reply)
    assert_within_limits(reply)


async def test_message_content_intent_is_not_requested(fake: FakeDiscord, answerer: Answerer) -> None:
    async with running(fake, answerer):
        pass
    assert fake.intents is not None
    assert not fake.intents & (1 << 15)  # MESSAGE_CONTENT
    assert not fake.intents & (1 << 1)  # GUILD_MEMBERS
    assert not fake.intents & (1 << 8)  # GUILD_PRESENCES


async def test_direct_message_is_answered(fake: FakeDiscord, answerer: Answerer) -> None:
    async with running(fake, answerer):
        message_id = await fake.send_message(QUESTION, dm=True)
        reply = await fake.wait_reply(message_id)
    assert reply.path == f"/channels/{fake.dm_channel_id}/messages"
    assert "September 29" in text_of(reply)
    assert_pings_nobody(reply)


async def test_chatter_and_bots_are_left_alone(fake: FakeDiscord, answerer: Answerer) -> None:
    async with running(fake, answerer):
        await fake.send_message(QUESTION)
        await fake.send_message("@everyone when do updates stop?")
        await fake.send_message(f"{fake.mention} {QUESTION}", author={**fake.user, "id": "42", "bot": True})
        last = await fake.send_message(f"{fake.mention} {QUESTION}")
        await fake.wait_reply(last)
    # Events arrive in order, so the earlier ones were handled before the reply above.
    assert len(fake.channel_posts()) == 1


async def test_replies_to_the_bot_are_questions(fake: FakeDiscord, answerer: Answerer) -> None:
    async with running(fake, answerer):
        first = await fake.send_message(f"{fake.mention} {QUESTION}")
        await fake.wait_reply(first)
        bot_message = fake.bot_messages[_last_bot_message_id(fake)]
        pinged = await fake.send_message("Who confirmed the layoffs?", reply_to=bot_message)
        reply = await fake.wait_reply(pinged)
        silent = await fake.send_message("Who confirmed the layoffs?", reply_to=bot_message, reply_ping=False)
        hint = await fake.wait_reply(silent)
    assert "Sawyer VanHorn" in text_of(reply)
    assert text_of(hint).strip() == REPLY_HINT
    assert_pings_nobody(reply)
    assert_pings_nobody(hint)


def _last_bot_message_id(fake: FakeDiscord) -> str:
    return list(fake.bot_messages)[-1]


async def test_everyone_and_role_mentions_never_ping(fake: FakeDiscord, answerer: Answerer) -> None:
    async with running(fake, answerer):
        loud = await fake.send_message(
            f"@everyone @here <@&{fake.role_id}> <@{fake.user_id}> {fake.mention} {QUESTION}"
        )
        only = await fake.send_message(f"{fake.mention} @everyone")
        loud_reply = await fake.wait_reply(loud)
        only_reply = await fake.wait_reply(only)
    assert "September 29" in text_of(loud_reply)
    assert text_of(only_reply).startswith("The question is empty.")
    for reply in (loud_reply, only_reply):
        assert_pings_nobody(reply)
        assert "@everyone" not in text_of(reply) and "@here" not in text_of(reply)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("", "The question is empty."),
        ("?!", "The question has no words to search for."),
        ("kaspersky " * 150, "The question is too long"),
        ("**When** do `updates` ~~stop~~? <#1> <:k:2>", "September 29"),
        ("What is the capital of France?", "My sources don't cover that"),
    ],
)
async def test_bad_input_gets_a_clear_reply(
    fake: FakeDiscord, answerer: Answerer, question: str, expected: str
) -> None:
    async with running(fake, answerer):
        message_id = await fake.send_message(f"{fake.mention} {question}")
        reply = await fake.wait_reply(message_id)
    assert expected in text_of(reply)
    assert_pings_nobody(reply)
    assert_within_limits(reply)


async def test_slash_ask_defers_then_answers_publicly(fake: FakeDiscord, answerer: Answerer) -> None:
    async with running(fake, answerer):
        token = await fake.send_command("ask", {"question": f"@everyone {QUESTION}"})
        requests = await fake.wait_interaction(token, 2)
    callback, followup = requests[:2]
    assert callback.path.endswith("/callback")
    assert callback.body == {"type": 5}  # deferred, public (no ephemeral flag)
    assert followup.path == f"/webhooks/{fake.app_id}/{token}"
    assert "September 29" in text_of(followup)
    assert not (followup.body.get("flags") or 0) & 64
    assert_pings_nobody(followup)
    assert_within_limits(followup)


async def test_slash_ask_works_in_a_dm(fake: FakeDiscord, answerer: Answerer) -> None:
    async with running(fake, answerer):
        token = await fake.send_command("ask", {"question": QUESTION}, dm=True)
        requests = await fake.wait_interaction(token, 2)
    assert "September 29" in text_of(requests[1])


async def test_slash_sources_lists_the_articles(fake: FakeDiscord, answerer: Answerer) -> None:
    async with running(fake, answerer):
        token = await fake.send_command("sources")
        [callback] = await fake.wait_interaction(token, 1)
    assert callback.body["type"] == 4
    for source in answerer.sources:
        assert source.title in text_of(callback)
    assert_pings_nobody(callback)


async def test_commands_are_synced_only_when_they_change(fake: FakeDiscord, answerer: Answerer) -> None:
    def puts() -> int:
        return len(fake.posts(r"/applications/\d+/commands", "PUT"))

    async with running(fake, answerer):
        pass
    assert puts() == 1
    assert {command["name"] for command in fake.commands} == {"ask", "sources"}
    ask = next(command for command in fake.commands if command["name"] == "ask")
    assert ask["description"]
    assert ask["options"][0]["name"] == "question" and ask["options"][0]["required"]
    async with running(fake, answerer):
        pass
    assert puts() == 1  # unchanged: checked, not synced again
    fake.commands[0]["description"] = "an older description"
    async with running(fake, answerer):
        pass
    assert puts() == 2
    async with running(fake, answerer, sync_commands=True):
        pass
    assert puts() == 3  # --sync always syncs


async def test_long_answer_stays_within_discord_limits(fake: FakeDiscord, long_knowledge: Path) -> None:
    long_answerer = Answerer.from_folder(long_knowledge)
    question = "When do frobnicator updates stop?"
    assert len(long_answerer.ask(question).quotes[0].text) > 3 * CONTENT_LIMIT
    async with running(fake, long_answerer):
        embedded = await fake.send_message(f"{fake.mention} {question}")
        plain = await fake.send_message(f"{fake.mention} {question}", channel_id=fake.no_embed_channel_id)
        token = await fake.send_command("ask", {"question": question})
        await fake.wait_until(
            lambda: len(fake.channel_posts()) >= 6 and len(fake.interaction_requests(token)) >= 4
        )
    embedded_posts = fake.channel_posts(fake.channel_id)
    plain_posts = fake.channel_posts(fake.no_embed_channel_id)
    followups = fake.interaction_requests(token)[1:]
    assert len(embedded_posts) == len(plain_posts) == len(followups) == 3
    assert embedded_posts[0].body["message_reference"]["message_id"] in (embedded, int(embedded))
    assert plain_posts[0].body["message_reference"]["message_id"] in (plain, int(plain))
    for record in embedded_posts + followups:
        assert embeds_of(record) and not record.body.get("content")
    for record in plain_posts:
        assert record.body["content"] and not embeds_of(record)
    for record in embedded_posts + plain_posts + followups:
        assert_within_limits(record)
        assert_pings_nobody(record)
    assert "September 29" in text_of(embedded_posts[0])
    assert text_of(plain_posts[-1]).endswith(TRIM_NOTE)


async def test_differing_sources_are_noted(fake: FakeDiscord, tmp_path: Path) -> None:
    write_article(tmp_path, "a", "Article A", "Updates for widgets stop on September 29, the agency said.")
    write_article(
        tmp_path,
        "b",
        "Article B",
        "Updates for widgets stop on October 5, the company said.",
        publisher="Paper B",
    )
    async with running(fake, Answerer.from_folder(tmp_path)):
        message_id = await fake.send_message(f"{fake.mention} When do updates for widgets stop?")
        reply = await fake.wait_reply(message_id)
    text = text_of(reply)
    assert "*The sources differ:" in text
    assert "> Updates for widgets stop on September 29" in text
    assert "> Updates for widgets stop on October 5" in text


@pytest.mark.parametrize("code", [4000, 1001, None], ids=["close-4000", "close-1001", "abrupt"])
async def test_dropped_gateway_connection_is_resumed(
    fake: FakeDiscord, answerer: Answerer, code: int | None
) -> None:
    async with running(fake, answerer) as bot:
        first = await fake.send_message(f"{fake.mention} {QUESTION}")
        await fake.wait_reply(first)
        await fake.drop(code)
        # Sent while the bot is away: Discord replays it after RESUME.
        missed = await fake.send_message(f"{fake.mention} Who confirmed the layoffs?")
        await fake.wait_until(lambda: fake.resumes >= 1, 15, "RESUME")
        reply = await fake.wait_reply(missed)
        resumes = [p for p in fake.gateway_received if p["op"] == 6]
        assert resumes and resumes[0]["d"]["session_id"] == "fake-session-1"
        assert len(bot.alive) > 0
    assert fake.identifies == 1
    assert "Sawyer VanHorn" in text_of(reply)


async def test_invalid_session_identifies_again(fake: FakeDiscord, answerer: Answerer) -> None:
    async with running(fake, answerer):
        await fake.invalidate_session()
        await fake.wait_until(lambda: fake.identifies >= 2, 15, "second IDENTIFY")
        message_id = await fake.send_message(f"{fake.mention} {QUESTION}")
        reply = await fake.wait_reply(message_id)
    assert "September 29" in text_of(reply)


async def test_rate_limited_reply_is_retried(fake: FakeDiscord, answerer: Answerer) -> None:
    fake.rate_limit("POST", r"/channels/\d+/messages", retry_after=0.05, times=2)
    async with running(fake, answerer):
        message_id = await fake.send_message(f"{fake.mention} {QUESTION}")
        reply = await fake.wait_reply(message_id)
    attempts = [r for r in fake.requests if r.method == "POST" and r.path.startswith("/channels/")]
    assert [r.status for r in attempts] == [429, 429, 200]
    assert "September 29" in text_of(reply)


class _Flaky:
    """An answerer that fails on one question."""

    def __init__(self, inner: Answerer) -> None:
        self.inner = inner

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.inner.sources

    def ask(self, question: str) -> Answer:
        if "explode" in question:
            raise RuntimeError("the answerer exploded")
        return self.inner.ask(question)


async def test_an_error_in_one_event_never_stops_the_others(
    fake: FakeDiscord, answerer: Answerer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="adapters.discord_bot")
    fake.fail("POST", rf"/channels/{fake.no_embed_channel_id}/messages", status=403)
    async with running(fake, _Flaky(answerer)):
        boom = await fake.send_message(f"{fake.mention} explode please")
        sorry = await fake.wait_reply(boom)
        forbidden = await fake.send_message(f"{fake.mention} {QUESTION}", channel_id=fake.no_embed_channel_id)
        await fake.wait_until(lambda: any(r.status == 403 for r in fake.requests), what="the 403")
        token = await fake.send_command("ask", {"question": "explode"})
        await fake.wait_interaction(token, 2)
        fine = await fake.send_message(f"{fake.mention} {QUESTION}")
        reply = await fake.wait_reply(fine)
    assert text_of(sorry).strip() == SORRY
    assert SORRY in text_of(fake.interaction_requests(token)[1])
    assert forbidden not in [str(r.body["message_reference"]["message_id"]) for r in fake.channel_posts()]
    assert "September 29" in text_of(reply)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("RuntimeError: the answerer exploded" in line for line in errors)
    assert any("Could not reply in channel" in line and "403" in line for line in errors)
    assert all("\n" not in line for line in errors)


class _Broken(_Flaky):
    """An answerer that returns nonsense for one question, so the event handler itself fails."""

    def ask(self, question: str) -> Answer:
        if "nonsense" in question:
            return None  # type: ignore[return-value]
        return super().ask(question)


async def test_failing_handlers_log_one_line_and_carry_on(
    fake: FakeDiscord, answerer: Answerer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="adapters.discord_bot")
    fake.fail("POST", r"/webhooks/\d+/interaction-token-\d+", status=403)
    async with running(fake, _Broken(answerer)):
        broken = await fake.send_message(f"{fake.mention} nonsense")
        token = await fake.send_command("ask", {"question": QUESTION})
        await fake.wait_interaction(token, 2)
        fine = await fake.send_message(f"{fake.mention} {QUESTION}")
        reply = await fake.wait_reply(fine)
        await fake.wait_until(lambda: any("on_message" in r.getMessage() for r in caplog.records))
    assert fake.replies_to(broken) == []
    assert "September 29" in text_of(reply)
    apology = fake.interaction_requests(token)[-1]
    assert apology.body["content"] == SORRY and apology.body["flags"] & 64  # ephemeral
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(line.startswith("Error in Discord event on_message: AttributeError") for line in errors)
    assert any(line.startswith("Slash command /ask failed: Forbidden: 403") for line in errors)
    assert all("\n" not in line for line in errors)


async def test_a_crashed_client_is_replaced(
    fake: FakeDiscord, answerer: Answerer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="adapters.discord_bot")
    async with running(fake, answerer):
        # A payload discord.py cannot parse kills its connection loop.
        await fake.dispatch("MESSAGE_CREATE", {"channel_id": str(fake.channel_id), "type": 0})
        await fake.wait_until(lambda: fake.identifies >= 2, 15, "a new client's IDENTIFY")
        message_id = await fake.send_message(f"{fake.mention} {QUESTION}")
        reply = await fake.wait_reply(message_id)
    assert "September 29" in text_of(reply)
    assert any("The Discord connection failed: KeyError" in r.getMessage() for r in caplog.records)


async def test_on_alive_hears_ready_and_heartbeat_acks(answerer: Answerer) -> None:
    async with FakeDiscord(heartbeat_interval_ms=50) as fake, running(fake, answerer) as bot:
        await fake.wait_until(lambda: fake.heartbeats >= 3, 15, "heartbeats")
        count = len(bot.alive)
        assert count >= 3
        await fake.wait_until(lambda: len(bot.alive) > count, 15, "on_alive after ACKs")


async def test_serve_stops_cleanly(fake: FakeDiscord, answerer: Answerer) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(serve(answerer, settings_for(fake), stop))
    await fake.wait_until(lambda: fake.identifies >= 1 or task.done(), 15, "IDENTIFY")
    stop.set()
    await asyncio.wait_for(task, 15)
    assert task.result() is None
    await fake.wait_until(lambda: not fake.connected, 15, "the gateway connection to close")


async def test_stopping_before_ready_leaves_no_failing_task(
    fake: FakeDiscord, answerer: Answerer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with running(fake, answerer, guild_ready_timeout=0.2):
        pass  # stop while discord.py still waits for more GUILD_CREATEs
    await asyncio.sleep(0.4)
    gc.collect()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_serve_stops_while_logging_in(fake: FakeDiscord, answerer: Answerer) -> None:
    fake.stall("GET", "/users/@me", seconds=60)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(answerer, settings_for(fake), stop))
    await fake.wait_until(lambda: fake.requests, 15, "the login request")
    stop.set()
    await asyncio.wait_for(task, 15)
    assert task.result() is None
    assert fake.identifies == 0


async def test_serve_returns_at_once_when_already_stopped(fake: FakeDiscord, answerer: Answerer) -> None:
    stop = asyncio.Event()
    stop.set()
    await asyncio.wait_for(serve(answerer, settings_for(fake), stop), 15)
    assert fake.requests == []


async def test_rejected_token_is_raised(fake: FakeDiscord, answerer: Answerer) -> None:
    import discord

    stop = asyncio.Event()
    with pytest.raises(discord.LoginFailure):
        await asyncio.wait_for(serve(answerer, settings_for(fake, token="wrong.token.x"), stop), 15)


async def test_token_never_logged(
    fake: FakeDiscord, answerer: Answerer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.rate_limit("POST", r"/channels/\d+/messages", retry_after=0.01)
    async with running(fake, _Flaky(answerer)):
        first = await fake.send_message(f"{fake.mention} {QUESTION}")
        await fake.wait_reply(first)
        token = await fake.send_command("ask", {"question": "explode"})
        await fake.wait_interaction(token, 2)
        await fake.drop(4000)
        await fake.wait_until(lambda: fake.resumes >= 1, 15, "RESUME")
    assert caplog.records
    assert any(r.name.startswith("discord.") and r.levelno == logging.DEBUG for r in caplog.records)
    for record in caplog.records:
        assert fake.token not in record.getMessage()
        assert fake.token not in (record.exc_text or "")
    assert fake.token not in caplog.text


# -- flood control ---------------------------------------------------------------------------


async def test_a_flood_of_mentions_gets_the_limit_and_one_notice(
    fake: FakeDiscord, answerer: Answerer
) -> None:
    async with running(fake, answerer, user_rate=UserRate(3, 60.0)):
        flood = [await fake.send_message(f"{fake.mention} {QUESTION}") for _ in range(6)]
        other = await fake.send_message(f"{fake.mention} {QUESTION}", author={**fake.user, "id": "43"})
        assert "September 29" in text_of(await fake.wait_reply(other))
        for message_id in flood[:4]:
            await fake.wait_reply(message_id)
        await asyncio.sleep(0.5)  # nothing more may come
        replies = [fake.replies_to(message_id) for message_id in flood]
    assert [len(found) for found in replies] == [1, 1, 1, 1, 0, 0]
    assert "Too many questions at once" in text_of(replies[3][0])
    assert_pings_nobody(replies[3][0])


async def test_a_slash_command_past_the_limit_gets_an_ephemeral_notice(
    fake: FakeDiscord, answerer: Answerer
) -> None:
    async with running(fake, answerer, user_rate=UserRate(1, 60.0)):
        await fake.wait_reply(await fake.send_message(f"{fake.mention} {QUESTION}"))
        token = await fake.send_command("ask", {"question": QUESTION})
        [callback] = await fake.wait_interaction(token, 1)
    assert callback.body["type"] == 4
    assert callback.body["data"]["flags"] & 64
    assert "Too many questions at once" in callback.body["data"]["content"]


async def test_a_gateway_that_comes_back_is_resumed_within_seconds(
    fake: FakeDiscord, answerer: Answerer
) -> None:
    # discord.py alone waits up to 2, 4, 8 ... 1024 s (random) between attempts; capped at 5 s,
    # the bot is back within seconds of the gateway's return.
    async with running(fake, answerer):
        await fake.gateway_down(6)
        await fake.wait_until(lambda: fake.gateway_refusals == 0, 45, "six refused reconnections")
        back = fake.refused_at[-1]
        await fake.wait_until(lambda: fake.resumes >= 1 or fake.identifies >= 2, 15, "RESUME or IDENTIFY")
        reconnected = time.monotonic() - back
        message_id = await fake.send_message(f"{fake.mention} {QUESTION}")
        reply = await fake.wait_reply(message_id)
    gaps = [later - earlier for earlier, later in itertools.pairwise(fake.refused_at)]
    assert max(gaps) <= 5.0 + 1.0, gaps
    assert reconnected < 10, f"back after {reconnected:.1f} s"
    assert "September 29" in text_of(reply)


async def test_a_rest_outage_is_retried_with_capped_waits(fake: FakeDiscord, answerer: Answerer) -> None:
    # discord.py alone would wait 1, 3, 5 and 7 s between tries; here at most 3 s, jittered.
    fake.fail("POST", r"/channels/\d+/messages", status=502, times=3)
    counted = metrics.fresh()
    async with running(fake, answerer):
        message_id = await fake.send_message(f"{fake.mention} {QUESTION}")
        reply = await fake.wait_reply(message_id, timeout=15)
    errors = {"platform": "discord", "kind": "server"}
    assert counted.registry.get_sample_value("banbot_platform_errors_total", errors) == 3
    attempts = [r for r in fake.requests if r.method == "POST" and r.path.startswith("/channels/")]
    assert [r.status for r in attempts] == [502, 502, 502, 200]
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(attempts)]
    assert max(gaps) <= discord_delivery.REST_MAX_WAIT + 0.5, gaps
    assert "September 29" in text_of(reply)


async def test_a_rest_outage_that_lasts_is_given_up_and_the_bot_carries_on(
    fake: FakeDiscord, answerer: Answerer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="adapters")
    tries = discord_delivery.REST_ATTEMPTS
    fake.fail("POST", r"/channels/\d+/messages", status=503, times=tries)
    async with running(fake, answerer):
        lost = await fake.send_message(f"{fake.mention} {QUESTION}")
        for _ in range(150):  # the fake hears nothing when the bot gives up, so poll the log
            if any("Could not reply" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.1)
        later = await fake.send_message(f"{fake.mention} {QUESTION}")
        reply = await fake.wait_reply(later)
    attempts = [r for r in fake.requests if r.method == "POST" and r.path.startswith("/channels/")]
    assert [r.status for r in attempts] == [503] * tries + [200]
    assert fake.replies_to(lost) == []
    assert "September 29" in text_of(reply)
    given_up = [r.getMessage() for r in caplog.records if "Could not reply" in r.getMessage()]
    assert given_up and "DiscordServerError" in given_up[0] and "\n" not in given_up[0]


async def test_a_refused_rest_connection_is_retried_then_raised(fake: FakeDiscord) -> None:
    # The API unreachable: nothing was sent, so it is tried again, a bounded number of times.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    async with aiohttp.ClientSession() as session:
        retrying = discord_delivery.RetryingSession(session, attempts=3, first_wait=0.01, max_wait=0.02)
        started = time.monotonic()
        with pytest.raises(aiohttp.ClientConnectorError):
            async with retrying.request("GET", f"http://127.0.0.1:{closed_port}/api/v10/gateway"):
                pass
        assert time.monotonic() - started < 5
        fake.fail("GET", r"/gateway", status=500, times=2)
        authorized = {"Authorization": f"Bot {fake.token}"}
        async with retrying.request("GET", f"{fake.api_url}/gateway", headers=authorized) as response:
            assert response.status == 200
    assert [r.status for r in fake.requests if r.path == "/gateway"] == [500, 500, 200]


async def _start_process(fake: FakeDiscord, stderr: Any, *options: str) -> asyncio.subprocess.Process:
    """``banbot discord`` in a process of its own, connected to the fake."""
    process = await start_banbot_discord(bot_environment(fake), stderr, *options)
    await fake.wait_until(lambda: fake.identifies >= 1 or process.returncode is not None, 30, "IDENTIFY")
    return process


async def _gateway_outage(fake: FakeDiscord) -> None:
    await fake.gateway_down(1000)
    await fake.wait_until(lambda: len(fake.refused_at) >= 2, 15, "refused reconnections")


async def _rest_outage(fake: FakeDiscord) -> None:
    fake.fail("POST", r"/channels/\d+/messages", status=502, times=1000)
    await fake.send_message(f"{fake.mention} {QUESTION}")
    await fake.wait_until(lambda: any(r.status == 502 for r in fake.requests), 15, "a failed reply")


async def _stalled_reply(fake: FakeDiscord) -> None:
    fake.stall("POST", r"/channels/\d+/messages", seconds=60)
    await fake.send_message(f"{fake.mention} {QUESTION}")
    await fake.wait_until(lambda: any(r.method == "POST" for r in fake.requests), 15, "the stalled reply")


async def _burst(fake: FakeDiscord) -> None:
    for _ in range(30):
        await fake.send_message(f"{fake.mention} {QUESTION}")


@pytest.mark.parametrize(
    "moment",
    [_gateway_outage, _rest_outage, _stalled_reply, _burst],
    ids=["gateway-outage-backoff", "rest-outage", "reply-in-flight", "burst"],
)
async def test_sigterm_at_any_moment_exits_0_within_the_grace(
    fake: FakeDiscord, tmp_path: Path, moment: Any
) -> None:
    log = tmp_path / "stderr.log"
    with log.open("wb") as stderr:
        process = await _start_process(fake, stderr)
        async with reaped(process):
            await moment(fake)
            took = await signalled(process)
    logged = log.read_text(encoding="utf-8", errors="replace")
    assert process.returncode == 0, logged
    assert took < 10, f"stopped after {took:.1f} s"
    assert "Traceback" not in logged
