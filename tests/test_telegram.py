"""The Telegram adapter, driven through real python-telegram-bot against a fake Bot API on loopback."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fake_telegram import BOT_USERNAME, FakeTelegram, Fault, parse_html, tg_len
from process_support import reaped, signalled

from adapters.common import ConfigError
from adapters.telegram_bot import TelegramSettings, build_application, main, serve, settings_from_env
from adapters.telegram_render import MESSAGE_LIMIT, render_answer, render_help
from bot import Answer, Answerer, Quote, Source

pytestmark = pytest.mark.timeout(60)

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
REPO = Path(__file__).resolve().parent.parent
GROUP = -1001234567


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return Answerer.from_folder(None)


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx honours proxy variables; the fake must be reached directly on 127.0.0.1.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as server:
        yield server


def fast_settings(fake: FakeTelegram, **overrides: Any) -> TelegramSettings:
    settings = TelegramSettings(
        token=TOKEN,
        api_url=fake.api_url,
        poll_timeout=1.0,
        connect_timeout=5.0,
        read_timeout=5.0,
        write_timeout=5.0,
        retry_backoff=0.01,
        max_backoff=0.05,
        startup_retries=1,
        shutdown_grace=10.0,
    )
    return replace(settings, **overrides)


@dataclass
class Running:
    fake: FakeTelegram
    stop: asyncio.Event
    task: asyncio.Task[None]
    heartbeats: list[int] = field(default_factory=list)

    async def finish(self) -> None:
        """Stop the adapter and wait until serve() returns (all fetched updates handled)."""
        self.stop.set()
        await asyncio.wait_for(self.task, 20)


@asynccontextmanager
async def running(fake: FakeTelegram, answerer: Any, **overrides: Any) -> AsyncIterator[Running]:
    stop = asyncio.Event()
    heartbeats: list[int] = []
    task = asyncio.create_task(
        serve(answerer, fast_settings(fake, **overrides), stop, lambda: heartbeats.append(1))
    )
    run = Running(fake, stop, task, heartbeats)
    polling = asyncio.create_task(fake.wait_polling())
    done, _ = await asyncio.wait({task, polling}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
    polling.cancel()
    if task in done:
        task.result()
        raise AssertionError("serve() returned before polling")
    try:
        assert polling in done, "the adapter never polled"
        yield run
    finally:
        await run.finish()


# -- settings ---------------------------------------------------------------------------------


def test_settings_from_env_reads_token_and_url() -> None:
    settings = settings_from_env(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "BANBOT_TELEGRAM_API_URL": "http://h:8081/bot/"}
    )
    assert settings.token == TOKEN
    assert settings.api_url == "http://h:8081/bot"
    assert TOKEN not in repr(settings)
    assert settings_from_env({"TELEGRAM_BOT_TOKEN": TOKEN}).api_url is None


def test_settings_from_env_reads_token_file(tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text(TOKEN + "\n", encoding="utf-8")
    assert settings_from_env({"TELEGRAM_BOT_TOKEN_FILE": str(secret)}).token == TOKEN


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token-but-secret"}, "TELEGRAM_BOT_TOKEN: not a bot token"),
        ({"TELEGRAM_BOT_TOKEN": "123456:short"}, "TELEGRAM_BOT_TOKEN: not a bot token"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "BANBOT_TELEGRAM_API_URL": "ftp://x/bot"}, "BANBOT_TELEGRAM_API_URL"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "BANBOT_TELEGRAM_API_URL": "http://h:8081"}, "must end in /bot"),
    ],
)
def test_settings_from_env_rejects_bad_values(environ: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_env(environ)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert "not-a-token-but-secret" not in message and "short" not in message


def test_settings_accept_token_placeholder_url() -> None:
    url = "https://proxy.example/tg/bot{token}/"
    settings = settings_from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "BANBOT_TELEGRAM_API_URL": url})
    assert settings.api_url == "https://proxy.example/tg/bot{token}"


# -- rendering --------------------------------------------------------------------------------


HOSTILE = Source(
    id="hostile",
    title='AT&T <script>alert("x")</script>',
    publisher="Smith & <Sons>",
    author=None,
    published=date(2024, 6, 21),
    url="https://example.com/a?x=1&y=2",
)


def test_render_answer_escapes_everything_and_links_the_source() -> None:
    answer = Answer(
        question="q",
        answered=True,
        answer="<b>September</b> & 29",
        quotes=(
            Quote(text="Updates stop <i>soon</i> & then </blockquote> ends.", score=1.0, source=HOSTILE),
        ),
        note="The sources differ: A says <x>, B says &y.",
    )
    (message,) = render_answer(answer)
    visible = parse_html(message)
    assert "<b>September</b> & 29" in visible
    assert "Updates stop <i>soon</i> & then </blockquote> ends." in visible
    assert 'AT&T <script>alert("x")</script> (Smith & <Sons>, 2024-06-21)' in visible
    assert '<a href="https://example.com/a?x=1&amp;y=2">' in message
    assert message.count("<blockquote>") == message.count("</blockquote>") == 1


def test_render_answer_does_not_link_unsafe_urls() -> None:
    source = replace(HOSTILE, url='javascript:alert("x")')
    answer = Answer(question="q", answered=True, quotes=(Quote(text="Text.", score=1.0, source=source),))
    (message,) = render_answer(answer)
    assert "<a " not in message
    parse_html(message)


def test_render_answer_splits_long_quotes_on_sentences_with_balanced_tags() -> None:
    sentences = [f"Sentence {i} says that A&B <c> will stop on day {i} of the long year." for i in range(300)]
    text = " ".join(sentences)
    answer = Answer(
        question="q",
        answered=True,
        answer="day 1",
        quotes=(
            Quote(text=text, score=2.0, source=HOSTILE),
            Quote(text="A short second quote.", score=1.0, source=HOSTILE, agreeing=(HOSTILE,)),
        ),
    )
    messages = render_answer(answer)
    assert len(messages) >= 4
    visible_parts = []
    for message in messages:
        assert tg_len(message) <= MESSAGE_LIMIT
        visible = parse_html(message)  # raises on unbalanced tags or stray & < >
        visible_parts.append(visible)
        for block in message.split("<blockquote>")[1:]:
            quoted = block.split("</blockquote>")[0]
            assert quoted.endswith(("year.", "quote.")), "a cut inside a quote falls on a sentence end"
    joined = "\n".join(visible_parts)
    for sentence in sentences:
        assert sentence in joined
    assert "(the sources agree)" in joined


def test_render_answer_counts_utf16_and_cuts_unbroken_runs() -> None:
    emoji_run = "\U0001f600" * 3000 + "&" * 3000
    answer = Answer(question="q", answered=True, quotes=(Quote(text=emoji_run, score=1.0, source=HOSTILE),))
    messages = render_answer(answer)
    assert all(tg_len(message) <= MESSAGE_LIMIT for message in messages)
    assert "".join(parse_html(message) for message in messages).count("\U0001f600") == 3000


def test_render_abstention_and_help_use_the_core_wording(answerer: Answerer) -> None:
    about = answerer.ask("")
    (abstain,) = render_answer(answerer.ask("what is the weather in Paris"))
    assert "My sources don" in parse_html(abstain)
    (help_text,) = render_help(about, BOT_USERNAME)
    visible = parse_html(help_text)
    assert f"@{BOT_USERNAME}" in visible
    for item in (*about.topics, *about.suggestions):
        assert item in visible
    assert "The question is empty" not in visible


def test_build_application_is_a_thin_factory(answerer: Answerer) -> None:
    application = build_application(answerer, TelegramSettings(token=TOKEN, api_url="http://127.0.0.1:9/bot"))
    assert application.bot.base_url == f"http://127.0.0.1:9/bot{TOKEN}"
    assert application.handlers


# -- end to end through the fake Bot API ------------------------------------------------------


async def test_private_question_is_answered_with_quotes(fake: FakeTelegram, answerer: Answerer) -> None:
    async with running(fake, answerer) as run:
        fake.push_message("When do updates stop?", chat_id=11)
        (sent,) = await fake.wait_sent(1, chat_id=11)
    assert "<b>Answer:</b> September 29" in sent.html
    assert "<blockquote>" in sent.html
    assert "stop receiving product updates on September 29" in sent.text
    assert sent.params["parse_mode"] == "HTML"
    assert sent.reply_to is None, "private replies do not quote the question"
    assert run.heartbeats, "on_alive is called for successful exchanges"


async def test_ask_start_sources_and_suggestion_buttons(fake: FakeTelegram, answerer: Answerer) -> None:
    about = answerer.ask("")
    async with running(fake, answerer):
        fake.push_message("/start", chat_id=12)
        (help_message,) = await fake.wait_sent(1, chat_id=12)
        fake.push_message("/ask   When do updates stop?", chat_id=12)
        await fake.wait_sent(2, chat_id=12)
        fake.push_message("/sources", chat_id=12)
        await fake.wait_sent(3, chat_id=12)
        fake.push_callback_query(help_message.buttons[0]["callback_data"], help_message.message, user_id=12)
        await fake.wait_sent(4, chat_id=12)
        fake.push_callback_query("ask:99", help_message.message, user_id=12)
        fake.push_message("/ask", chat_id=12)
        fake.push_message("/frobnicate", chat_id=12)
        await fake.wait_sent(6, chat_id=12)
        await fake.wait_for(lambda: len(fake.callback_answers) >= 2)
    help_sent, ask_sent, sources_sent, button_sent, *rest = [s for s in fake.sent if s.chat_id == 12]
    assert about.topics[0] in help_sent.text and about.suggestions[0] in help_sent.text
    assert [button["text"] for button in help_sent.buttons] == list(about.suggestions)
    assert "September 29" in ask_sent.text
    for source in answerer.sources:
        assert source.title in sources_sent.text
    assert button_sent.html.startswith(f"<b>Question:</b> {about.suggestions[0]}")
    texts = sorted(sent.text for sent in rest)
    assert any("Put your question after /ask" in text for text in texts)
    assert any("I don't know that command" in text for text in texts)
    answered, expired = sorted(fake.callback_answers, key=lambda params: "text" in params)
    assert "text" not in answered
    assert "expired" in expired["text"]


async def test_group_answers_only_when_addressed(fake: FakeTelegram, answerer: Answerer) -> None:
    async with running(fake, answerer):
        fake.push_message("Kaspersky updates stop when, I wonder?", chat_id=GROUP)
        fake.push_message("@some_other_bot when do updates stop?", chat_id=GROUP)
        fake.push_message("/ask@some_other_bot when do updates stop?", chat_id=GROUP)
        mentioned = fake.push_message(f"@{BOT_USERNAME} when do updates stop?", chat_id=GROUP)
        (first,) = await fake.wait_sent(1, chat_id=GROUP)
        fake.push_message("Thanks! Who confirmed the layoffs?", chat_id=GROUP, reply_to=first.message)
        await fake.wait_sent(2, chat_id=GROUP)
        asked = fake.push_message(f"/ask@{BOT_USERNAME} When does the ban on new sales start?", chat_id=GROUP)
        await fake.wait_sent(3, chat_id=GROUP)
        fake.push_message(extra={"sticker": _STICKER}, chat_id=GROUP)
    sent = [s for s in fake.sent if s.chat_id == GROUP]
    assert len(sent) == 3, [s.text for s in sent]
    assert sent[0].reply_to == mentioned["message_id"]
    assert "September 29" in sent[0].text
    assert "Sawyer VanHorn" in sent[1].text
    assert sent[2].reply_to == asked["message_id"]
    assert "July 20" in sent[2].text


async def test_inline_query_offers_the_answer(fake: FakeTelegram, answerer: Answerer) -> None:
    async with running(fake, answerer):
        fake.push_inline_query("when do updates stop")
        await fake.wait_for(lambda: len(fake.inline_answers) >= 1)
        fake.push_inline_query("")
        await fake.wait_for(lambda: len(fake.inline_answers) >= 2)
    answered, empty = fake.inline_answers
    (result,) = answered["results"]
    content = result["input_message_content"]
    assert result["type"] == "article"
    assert "September 29" in content["message_text"]
    assert content["message_text"].startswith("<b>Question:</b> when do updates stop")
    assert content["parse_mode"] == "HTML"
    parse_html(content["message_text"])
    assert answered["button"]["start_parameter"] == "help"
    expected = [s for s in answerer.ask("").suggestions if answerer.ask(s).answered]
    assert expected
    assert [r["title"].split(" — ")[0] for r in empty["results"]] == expected


def write_hostile_knowledge(folder: Path) -> None:
    first = (
        "The zorblax committee met in the spring, and over many long sessions the members read "
        + ", ".join(f"report {i} about the harbour, the archive & the old <lighthouse>" for i in range(1, 41))
        + ", before they wrote anything down."
    )
    second = (
        "This decision was confirmed by the quintavo board, which noted "
        + ", ".join(
            f"appendix {i} on the ferry timetable, the market stalls & the bridge tolls" for i in range(1, 41)
        )
        + ", all of it in one very long sentence."
    )
    (folder / "long.md").write_text(
        "---\n"
        "id: long-article\n"
        "title: 'A long article about AT&T <script>alert(1)</script>'\n"
        "publisher: Example & Sons\n"
        'author: Jo "Quote" Smith\n'
        "published: 2024-06-21\n"
        "url: https://example.com/a?x=1&y=2\n"
        "examples:\n"
        "  - What did the quintavo board confirm?\n"
        "---\n"
        f"{first} {second}\n\nAn unrelated closing paragraph talks about the weather in Lisbon.\n",
        encoding="utf-8",
    )


async def test_long_answer_is_split_and_hostile_text_escaped(fake: FakeTelegram, tmp_path: Path) -> None:
    write_hostile_knowledge(tmp_path)
    custom = Answerer.from_folder(tmp_path)
    async with running(fake, custom):
        fake.push_message("<i>What did the quintavo board confirm?</i> & <>", chat_id=13)
        sent = await fake.wait_sent(2, chat_id=13)
    assert len(sent) == 2
    for message in sent:
        assert tg_len(message.html) <= MESSAGE_LIMIT
        assert parse_html(message.html) == message.text  # the fake accepted it as Telegram would
    assert sent[0].text.endswith("before they wrote anything down.")
    assert sent[1].text.startswith("This decision was confirmed by the quintavo board")
    assert "&amp; the old &lt;lighthouse&gt;" in sent[0].html
    assert "AT&amp;T &lt;script&gt;alert(1)&lt;/script&gt;</a>" in sent[1].html
    assert "<i>What" not in sent[0].html + sent[1].html


async def test_hostile_question_gets_a_valid_reply(fake: FakeTelegram, answerer: Answerer) -> None:
    async with running(fake, answerer):
        fake.push_message("<b>when</b> do updates stop & why?</blockquote>", chat_id=14)
        fake.push_message("&amp; <i>", chat_id=14)
        sent = await fake.wait_sent(2, chat_id=14)
    for message in sent:
        assert parse_html(message.html) == message.text


_STICKER = {
    "file_id": "CAACAgIAAxkBAAEB",
    "file_unique_id": "AgADAQADAA",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
}


async def test_stickers_empty_and_huge_messages(fake: FakeTelegram, answerer: Answerer) -> None:
    async with running(fake, answerer):
        fake.push_message(extra={"sticker": _STICKER}, chat_id=15)
        fake.push_message(
            extra={"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]}, chat_id=16
        )
        fake.push_message("", chat_id=17)
        fake.push_message("   \u200b  ", chat_id=18)
        fake.push_message("why " * 1000, chat_id=19)
        for chat_id in (15, 16, 17, 18, 19):
            await fake.wait_sent(1, chat_id=chat_id)
    by_chat = {sent.chat_id: sent.text for sent in fake.sent}
    assert "I can only read text" in by_chat[15]
    assert "I can only read text" in by_chat[16]
    assert "I can only read text" in by_chat[17]
    assert "Put your question after /ask" in by_chat[18] or "empty" in by_chat[18]
    assert "too long" in by_chat[19]


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(
            Fault(status=429, description="Too Many Requests: retry after 1", retry_after=1),
            # PTB's own RetryAfter constructor warns about its v23 type change; nothing to fix here.
            marks=pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning"),
        ),
        Fault(status=502, description="Bad Gateway"),
        Fault(status=500, description="Internal Server Error"),
        Fault(disconnect=True),
    ],
    ids=["429", "502", "500", "disconnect"],
)
async def test_flood_control_and_transient_failures_are_retried(
    fake: FakeTelegram, answerer: Answerer, fault: Fault
) -> None:
    fake.fail("sendMessage", fault, times=2 if fault.status != 429 else 1)
    async with running(fake, answerer):
        fake.push_message("When do updates stop?", chat_id=20)
        (sent,) = await fake.wait_sent(1, chat_id=20)
    assert "September 29" in sent.text
    failed = [call for call in fake.calls if call.method == "sendMessage" and call.status != 200]
    assert len(failed) == (1 if fault.status == 429 else 2)


async def test_refused_request_is_not_retried_and_others_go_on(
    fake: FakeTelegram, answerer: Answerer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fake.fail("sendMessage", Fault(status=400, description="Bad Request: chat not found"))
    fake.fail("sendMessage", Fault(status=403, description="Forbidden: bot was blocked by the user"))
    async with running(fake, answerer):
        fake.push_message("When do updates stop?", chat_id=21)
        await fake.wait_for(lambda: fake.count("sendMessage") >= 1)
        fake.push_message("When do updates stop?", chat_id=22)
        await fake.wait_for(lambda: fake.count("sendMessage") >= 2)
        fake.push_message("When do updates stop?", chat_id=23)
        await fake.wait_sent(1, chat_id=23)
    assert fake.count("sendMessage") == 3, "400 and 403 are final"
    failures = [
        r for r in caplog.records if r.name == "adapters.telegram_handlers" and "failed:" in r.getMessage()
    ]
    assert len(failures) == 2
    assert "BadRequest" in failures[0].getMessage() and "Forbidden" in failures[1].getMessage()
    assert not [r for r in caplog.records if r.exc_info or r.exc_text], "no tracebacks in the log"


async def test_refused_html_falls_back_to_plain_text(fake: FakeTelegram, answerer: Answerer) -> None:
    fake.fail("sendMessage", Fault(status=400, description="Bad Request: can't parse entities: oops"))
    async with running(fake, answerer):
        fake.push_message("When do updates stop?", chat_id=30)
        (sent,) = await fake.wait_sent(1, chat_id=30)
    assert "parse_mode" not in sent.params
    assert "<" not in sent.text and "Answer: September 29" in sent.text


class ExplodingAnswerer:
    def __init__(self, inner: Answerer) -> None:
        self.inner = inner

    def ask(self, question: str) -> Answer:
        if "boom" in question:
            raise RuntimeError("the index is on fire")
        return self.inner.ask(question)

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.inner.sources


async def test_an_error_answering_one_update_does_not_stop_others(
    fake: FakeTelegram, answerer: Answerer, caplog: pytest.LogCaptureFixture
) -> None:
    async with running(fake, ExplodingAnswerer(answerer)):
        fake.push_message("boom", chat_id=24)
        fake.push_message("When do updates stop?", chat_id=25)
        (apology,) = await fake.wait_sent(1, chat_id=24)
        (answer,) = await fake.wait_sent(1, chat_id=25)
    assert "Sorry" in apology.text
    assert "September 29" in answer.text
    assert any("the index is on fire" in r.getMessage() for r in caplog.records)


class GatedAnswerer:
    """Blocks inside ask() until released, to hold an answer in flight."""

    def __init__(self, inner: Answerer) -> None:
        self.inner = inner
        self.entered = threading.Event()
        self.release = threading.Event()

    def ask(self, question: str) -> Answer:
        if question:
            self.entered.set()
            self.release.wait(30)
        return self.inner.ask(question)

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.inner.sources


async def test_shutdown_finishes_the_answer_in_flight(fake: FakeTelegram, answerer: Answerer) -> None:
    gated = GatedAnswerer(answerer)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(gated, fast_settings(fake), stop))
    try:
        await fake.wait_polling()
        fake.push_message("When do updates stop?", chat_id=26)
        assert await asyncio.to_thread(gated.entered.wait, 10)
        stop.set()
        # The last getUpdates (timeout 0) confirms the fetched updates: polling has stopped,
        # and serve() is now waiting for the answer held in flight.
        await fake.wait_for(
            lambda: any(c.method == "getUpdates" and c.params.get("timeout") == 0 for c in fake.calls)
        )
        assert not task.done()
    finally:
        gated.release.set()
    await asyncio.wait_for(task, 20)
    (sent,) = [s for s in fake.sent if s.chat_id == 26]
    assert "September 29" in sent.text


async def test_shutdown_abandons_answers_after_the_grace_period(
    fake: FakeTelegram, answerer: Answerer, caplog: pytest.LogCaptureFixture
) -> None:
    gated = GatedAnswerer(answerer)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(gated, fast_settings(fake, shutdown_grace=0.2), stop))
    try:
        await fake.wait_polling()
        fake.push_message("When do updates stop?", chat_id=27)
        assert await asyncio.to_thread(gated.entered.wait, 10)
        stop.set()
        await asyncio.wait_for(task, 20)
    finally:
        gated.release.set()
    assert not [s for s in fake.sent if s.chat_id == 27]
    assert any("abandoning" in r.getMessage() for r in caplog.records)


async def test_rejected_token_is_a_config_error_without_the_token(answerer: Answerer) -> None:
    async with FakeTelegram("999:someone-elses-token-xxxxxxxxxxxxxxx") as other:
        with pytest.raises(ConfigError) as caught:
            await asyncio.wait_for(serve(answerer, fast_settings(other), asyncio.Event()), 20)
    assert "rejected the token" in str(caught.value)
    error: BaseException | None = caught.value
    while error is not None:
        assert TOKEN not in str(error) and TOKEN not in repr(error)
        error = error.__cause__ or error.__context__


async def test_unreachable_api_stops_retrying_when_told(answerer: Answerer) -> None:
    stop = asyncio.Event()
    settings = TelegramSettings(
        token=TOKEN, api_url="http://127.0.0.1:9/bot", retry_backoff=5.0, send_retries=0
    )
    task = asyncio.create_task(serve(answerer, settings, stop))
    await asyncio.sleep(0)
    stop.set()
    await asyncio.wait_for(task, 20)


async def test_token_never_reaches_the_logs(
    fake: FakeTelegram, answerer: Answerer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.fail("sendMessage", Fault(status=502))
    fake.fail("getUpdates", Fault(status=502))
    async with running(fake, answerer):
        fake.push_message("When do updates stop?", chat_id=28)
        fake.push_inline_query("when do updates stop")
        await fake.wait_sent(1, chat_id=28)
        await fake.wait_for(lambda: len(fake.inline_answers) >= 1)
    text = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    assert TOKEN not in text
    assert TOKEN.split(":")[1] not in text
    assert "[REDACTED]" in text, "the request URLs were logged, redacted"


# -- main() and the real command line ---------------------------------------------------------


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "BANBOT_")) and "proxy" not in key.lower()
    }
    env.update(extra)
    return env


@pytest.mark.parametrize("token", [None, "98765", f"{TOKEN}\nextra"])
def test_main_without_a_valid_token_exits_2_with_one_line(
    token: str | None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN_FILE", raising=False)
    if token is None:
        monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    else:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    assert main(argparse.Namespace(knowledge=None)) == 2
    err = capsys.readouterr().err
    assert err.startswith("banbot: TELEGRAM_BOT_TOKEN")
    assert err.count("\n") == 1
    assert "Traceback" not in err and "98765" not in err and "extra" not in err


def test_cli_without_token_exits_2_with_one_line() -> None:
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "adapters", "telegram"],
        cwd=REPO,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("banbot: TELEGRAM_BOT_TOKEN is not set")
    assert result.stderr.count("\n") == 1


@asynccontextmanager
async def banbot_telegram(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    """``banbot telegram`` as a process against the fake, polling; killed if still running at the end."""
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN, encoding="utf-8")
    env = clean_env(TELEGRAM_BOT_TOKEN_FILE=str(token_file), BANBOT_TELEGRAM_API_URL=fake.api_url)
    with (tmp_path / "stderr.log").open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "adapters", "telegram", "--log-level", "DEBUG"),
            cwd=REPO,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=stderr,
        )
        async with reaped(process):
            polled = asyncio.create_task(fake.wait_polling(timeout=45))
            exited = asyncio.create_task(process.wait())
            await asyncio.wait({polled, exited}, return_when=asyncio.FIRST_COMPLETED)
            assert not exited.done(), (tmp_path / "stderr.log").read_text(errors="replace")
            await polled
            yield process


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_cli_stops_cleanly_on_signal(fake: FakeTelegram, tmp_path: Path, sig: signal.Signals) -> None:
    async with banbot_telegram(fake, tmp_path) as process:
        fake.push_message("When do updates stop?", chat_id=29)
        await fake.wait_sent(1, chat_id=29, timeout=20)
        await signalled(process, signum=sig)
        returncode = process.returncode
    log = (tmp_path / "stderr.log").read_text(errors="replace")
    assert returncode == 0, log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert "[REDACTED]" in log, "the DEBUG log shows the API URL, redacted"
    assert "Traceback" not in log
    assert "Telegram: stopped" in log


# -- outages ------------------------------------------------------------------------------------


async def test_after_an_outage_polling_resumes_within_the_capped_wait(
    fake: FakeTelegram, answerer: Answerer
) -> None:
    # python-telegram-bot alone would wait 1, 1.5, 2.25 ... up to 30 s between these failed
    # polls (over two minutes for 20); the adapter's own wait is capped at poll_max_wait.
    async with running(fake, answerer, poll_first_wait=0.05, poll_max_wait=0.2):
        await fake.wait_polling()
        polls = fake.count("getUpdates")
        fake.fail("getUpdates", times=20)
        fake.fail("getUpdates", Fault(disconnect=True), times=5)
        started = asyncio.get_running_loop().time()
        # The poll in flight ends; the next 25 fail; then the question waiting is fetched.
        await fake.wait_for(lambda: fake.count("getUpdates") >= polls + 10, timeout=20)
        fake.push_message("When do updates stop?", chat_id=61)
        (sent,) = await fake.wait_sent(1, chat_id=61, timeout=20)
        took = asyncio.get_running_loop().time() - started
    assert fake.count("getUpdates") >= polls + 26
    assert "September 29" in sent.text
    assert took < 10, f"answered {took:.1f} s after the outage began"


async def _stop_time(run: Running) -> float:
    """Ask the adapter to stop; how long it took to return (at most 10 s, or the test fails)."""
    started = asyncio.get_running_loop().time()
    run.stop.set()
    await asyncio.wait_for(run.task, 10)
    return asyncio.get_running_loop().time() - started


async def test_a_stop_during_an_outage_returns_promptly(fake: FakeTelegram, answerer: Answerer) -> None:
    async with running(fake, answerer, poll_first_wait=2.0, poll_max_wait=3.0) as run:
        await fake.wait_polling()
        fake.fail("getUpdates", times=1000)
        await fake.wait_for(lambda: fake.count("getUpdates") >= 2, timeout=10)
        took = await _stop_time(run)
    assert took < 10, f"stopping took {took:.1f} s"


async def test_a_stop_during_a_burst_returns_within_the_grace(fake: FakeTelegram, answerer: Answerer) -> None:
    async with running(fake, answerer, shutdown_grace=3.0, messages_per_second=20.0) as run:
        for chat in range(200, 260):
            fake.push_message("When do updates stop?", chat_id=chat)
        await fake.wait_for(lambda: len(fake.sent) >= 1, timeout=10)
        took = await _stop_time(run)
    assert took < 10, f"stopping took {took:.1f} s"


async def test_a_stop_during_a_long_poll_returns_promptly(fake: FakeTelegram, answerer: Answerer) -> None:
    async with running(fake, answerer, poll_timeout=30.0, read_timeout=5.0) as run:
        await fake.wait_polling()
        took = await _stop_time(run)
    assert took < 10, f"stopping took {took:.1f} s"


async def test_sigterm_during_an_outage_exits_0_within_10_seconds(fake: FakeTelegram, tmp_path: Path) -> None:
    async with banbot_telegram(fake, tmp_path) as process:
        polls = fake.count("getUpdates")
        fake.fail("getUpdates", times=10_000)  # the Bot API is down from here on
        await fake.wait_for(lambda: fake.count("getUpdates") >= polls + 4, timeout=30)
        took = await signalled(process)
        returncode = process.returncode
    log = (tmp_path / "stderr.log").read_text(errors="replace")
    assert returncode == 0, log
    assert took < 10, f"stopping took {took:.1f} s"
    assert "Traceback" not in log
