"""Telegram's webhook mode and the HTTP listener, through real python-telegram-bot and the fake Bot API."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import ClientSession, ClientTimeout
from fake_telegram import FakeTelegram, Fault
from process_support import reaped, signalled
from webhook_support import (
    PATH,
    SECRET,
    TOKEN,
    fake_bot_api,
    free_port,
    http_get,
    process_env,
    samples,
    serving,
    value,
    webhook_env,
)

from adapters import http_listener, serve
from adapters.common import ConfigError
from adapters.http_listener import MAX_BODY
from adapters.telegram_bot import main as telegram_main
from adapters.telegram_bot import settings_from_env
from adapters.telegram_webhook import SECRET_HEADER, webhook_from_env
from bot.models import Answer
from bot.service import ReloadingAnswerer

pytestmark = pytest.mark.timeout(90)

QUESTION = "When do updates stop?"
ALLOWED = ["message", "inline_query", "callback_query"]
QUIET = {"stdin": asyncio.subprocess.DEVNULL, "stdout": asyncio.subprocess.DEVNULL}


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeTelegram]:
    async with fake_bot_api(monkeypatch) as server:
        yield server


# -- settings ---------------------------------------------------------------------------------

BASE = {"TELEGRAM_BOT_TOKEN": TOKEN}


def test_webhook_settings_and_listener_defaults(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(SECRET + "\n", encoding="utf-8")
    env = {
        **BASE,
        "BANBOT_TELEGRAM_WEBHOOK_URL": "https://bot.example.com/hooks/telegram",
        "BANBOT_TELEGRAM_WEBHOOK_SECRET_FILE": str(secret_file),
    }
    settings = settings_from_env(env)
    assert settings.webhook is not None
    assert settings.webhook.path == "/hooks/telegram"
    assert settings.webhook.secret == SECRET
    assert SECRET not in repr(settings)
    assert SECRET not in repr(serve.settings_from_env({**env, "BANBOT_HEALTH_FILE": str(tmp_path / "h")}))
    assert http_listener.settings_from_env(env, webhook=True) == http_listener.ListenerSettings(
        "0.0.0.0", 8080
    )
    assert settings_from_env(BASE).webhook is None
    assert http_listener.settings_from_env(BASE, webhook=False) is None
    assert http_listener.settings_from_env({"BANBOT_HTTP_LISTEN": "off"}, webhook=False) is None
    ipv6 = http_listener.settings_from_env({"BANBOT_HTTP_LISTEN": "[::]:9090"}, webhook=False)
    assert ipv6 == http_listener.ListenerSettings("::", 9090)
    local = {"BANBOT_TELEGRAM_WEBHOOK_URL": "http://localhost:8080/", "BANBOT_TELEGRAM_WEBHOOK_SECRET": "a"}
    assert webhook_from_env(local) is not None


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {"BANBOT_TELEGRAM_WEBHOOK_URL": "https://bot.example.com/tg"},
            "BANBOT_TELEGRAM_WEBHOOK_SECRET is not set",
        ),
        (
            {
                "BANBOT_TELEGRAM_WEBHOOK_URL": "http://bot.example.com/tg",
                "BANBOT_TELEGRAM_WEBHOOK_SECRET": "s",
            },
            "BANBOT_TELEGRAM_WEBHOOK_URL: must be an https:// URL",
        ),
        (
            {"BANBOT_TELEGRAM_WEBHOOK_URL": "bot.example.com/tg", "BANBOT_TELEGRAM_WEBHOOK_SECRET": "s"},
            "BANBOT_TELEGRAM_WEBHOOK_URL: must be an https:// URL",
        ),
        (
            {
                "BANBOT_TELEGRAM_WEBHOOK_URL": "https://bot.example.com/healthz",
                "BANBOT_TELEGRAM_WEBHOOK_SECRET": "s",
            },
            "is taken by the listener",
        ),
        (
            {
                "BANBOT_TELEGRAM_WEBHOOK_URL": "https://b.example/tg",
                "BANBOT_TELEGRAM_WEBHOOK_SECRET": "bad secret!",
            },
            "BANBOT_TELEGRAM_WEBHOOK_SECRET: must be 1 to 256 characters",
        ),
        (
            {
                "BANBOT_TELEGRAM_WEBHOOK_URL": "https://b.example/tg",
                "BANBOT_TELEGRAM_WEBHOOK_SECRET": "x" * 257,
            },
            "BANBOT_TELEGRAM_WEBHOOK_SECRET: must be 1 to 256 characters",
        ),
    ],
)
def test_bad_webhook_settings_are_one_line_errors(environ: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_env({**BASE, **environ})
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert "bad secret!" not in message and "x" * 20 not in message


@pytest.mark.parametrize(
    ("listen", "webhook", "expected"),
    [
        ("off", True, "BANBOT_HTTP_LISTEN: cannot be off in webhook mode"),
        ("8080", False, "BANBOT_HTTP_LISTEN: expected HOST:PORT"),
        ("0.0.0.0:http", False, "BANBOT_HTTP_LISTEN: expected HOST:PORT"),
        ("0.0.0.0:70000", False, "BANBOT_HTTP_LISTEN: expected HOST:PORT"),
        (":8080", False, "BANBOT_HTTP_LISTEN: expected HOST:PORT"),
    ],
)
def test_bad_listen_settings_are_one_line_errors(listen: str, webhook: bool, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        http_listener.settings_from_env({"BANBOT_HTTP_LISTEN": listen}, webhook=webhook)
    with pytest.raises(ConfigError, match="BANBOT_HEALTH_MAX_AGE"):
        http_listener.settings_from_env({"BANBOT_HEALTH_MAX_AGE": "soon"}, webhook=True)


def test_banbot_telegram_in_webhook_mode_checks_the_serve_settings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("BANBOT_TELEGRAM_WEBHOOK_URL", "https://bot.example.com/tg")
    monkeypatch.setenv("BANBOT_TELEGRAM_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("BANBOT_HTTP_LISTEN", "off")
    assert telegram_main(argparse.Namespace(knowledge=None)) == 2
    error = capsys.readouterr().err
    assert (
        error.strip()
        == "banbot: BANBOT_HTTP_LISTEN: cannot be off in webhook mode, which receives updates on it"
    )


# -- in process -------------------------------------------------------------------------------


async def test_the_webhook_is_set_and_updates_with_the_secret_are_answered(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    async with serving(fake, tmp_path) as bot:
        assert fake.webhooks == [{"url": bot.url, "secret_token": SECRET, "allowed_updates": ALLOWED}]
        update = fake.update("message", fake.message(QUESTION, chat_id=5))
        assert await fake.post_update(update) == 200
        (sent,) = await fake.wait_sent(1, chat_id=5)
        assert "September 29" in sent.text
        status, health = await bot.get("/healthz")
        assert status == 200 and health.startswith("healthy: last contact telegram")
    # Stopping leaves the webhook to the other replicas; nothing ever polled.
    assert fake.count("deleteWebhook") == 0 and fake.count("getUpdates") == 0
    assert fake.webhook is not None


class GatedAnswerer(ReloadingAnswerer):
    """Holds every question until ``gate`` opens: an answer as slow as the test wants."""

    def __init__(self) -> None:
        super().__init__(None)
        self.gate = threading.Event()

    def ask(self, question: str) -> Answer:
        self.gate.wait(20)
        return super().ask(question)


async def test_an_update_is_acknowledged_before_its_answer_is_ready(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    answerer = GatedAnswerer()
    async with serving(fake, tmp_path, answerer=answerer):
        try:
            assert await fake.post_update(fake.update("message", fake.message(QUESTION, chat_id=10))) == 200
            assert not fake.sent, "acknowledged while the answer was still being found"
        finally:
            answerer.gate.set()
        (sent,) = await fake.wait_sent(1, chat_id=10)
    assert "September 29" in sent.text


async def test_requests_without_the_secret_or_an_update_are_refused_unread(
    fake: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    planted = "PLANTED-question-text"
    async with serving(fake, tmp_path) as bot:
        update = fake.update("message", fake.message(planted, chat_id=6))
        assert await fake.post_update(update, secret="") == 403
        assert await fake.post_update(update, secret="wrong_secret") == 403
        assert await fake.post_update(update, secret=SECRET + "x") == 403
        for body in (b"not json", b"[]", b'{"update_id": "7"}', b'{"update_id": 8, "message": {"x": 1}}'):
            assert await fake.post_update(body) == 400, body
        huge = json.dumps({**update, "padding": "x" * MAX_BODY}).encode()
        assert await fake.post_update(huge) == 413
        assert await _post_chunked(bot.url, huge) == 413
        async with (
            ClientSession(timeout=ClientTimeout(total=10)) as client,
            client.get(bot.url) as response,
        ):
            assert response.status == 405
        # Nothing was answered; a good update still is.
        assert await fake.post_update(fake.update("message", fake.message(QUESTION, chat_id=9))) == 200
        await fake.wait_sent(1, chat_id=9)
        status, metrics_text = await bot.get("/metrics")
    assert status == 200
    assert [sent.chat_id for sent in fake.sent] == [9]
    found = samples(metrics_text)
    assert value(found, "banbot_platform_errors_total", platform="telegram", kind="webhook_secret") == 3
    assert value(found, "banbot_platform_errors_total", platform="telegram", kind="webhook_body") == 4
    logged = caplog.text + "\n".join(record.getMessage() for record in caplog.records)
    assert "refused a webhook request with 403: missing or wrong secret token" in logged
    assert planted not in logged and SECRET not in logged and "wrong_secret" not in logged


async def _post_chunked(url: str, body: bytes) -> int:
    """POST without a Content-Length: aiohttp's size limit must cut it off while reading."""

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 65536):
            yield body[start : start + 65536]

    headers = {"Content-Type": "application/json", SECRET_HEADER: SECRET}
    async with (
        ClientSession(timeout=ClientTimeout(total=10)) as client,
        client.post(url, data=chunks(), headers=headers) as response,
    ):
        return response.status


async def test_a_taken_port_is_a_one_line_error_and_exit_1(
    fake: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    settings = serve.settings_from_env(webhook_env(fake, port, tmp_path))
    blocker = await asyncio.start_server(lambda reader, writer: None, "127.0.0.1", port)
    try:
        code = await asyncio.wait_for(serve.serve(ReloadingAnswerer(None), settings, asyncio.Event()), 20)
    finally:
        blocker.close()
        await blocker.wait_closed()
    assert code == 1
    assert any(f"cannot listen on 127.0.0.1:{port}" in r.getMessage() for r in caplog.records)
    assert fake.count("setWebhook") == 0


async def test_a_webhook_telegram_refuses_stops_the_service_with_exit_1(
    fake: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail("setWebhook", Fault(status=400, description="Bad Request: bad webhook: IP address is reserved"))
    settings = serve.settings_from_env(webhook_env(fake, free_port(), tmp_path))
    code = await asyncio.wait_for(serve.serve(ReloadingAnswerer(None), settings, asyncio.Event()), 20)
    assert code == 1
    (failure,) = [r.getMessage() for r in caplog.records if "stopped unexpectedly" in r.getMessage()]
    assert "BANBOT_TELEGRAM_WEBHOOK_URL: Telegram refused the webhook" in failure
    assert "ip address is reserved" in failure.lower()


async def test_the_listener_serves_health_and_metrics_beside_long_polling(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    async with serving(fake, tmp_path, webhook=False) as bot:
        fake.push_message(QUESTION, chat_id=8)
        await fake.wait_sent(1, chat_id=8)
        assert (await bot.get("/healthz"))[0] == 200
        assert (await bot.get("/readyz"))[0] == 200
        status, text = await bot.get("/metrics")
        assert (await http_post(bot.url, b"{}")) == 404, "no webhook path without webhook mode"
    assert status == 200
    assert value(samples(text), "banbot_questions_total", platform="telegram", answered="true") == 1
    assert fake.count("setWebhook") == 0


async def http_post(url: str, body: bytes) -> int:
    async with (
        ClientSession(timeout=ClientTimeout(total=10)) as client,
        client.post(url, data=body, headers={SECRET_HEADER: SECRET}) as response,
    ):
        return response.status


# -- two processes ----------------------------------------------------------------------------


class Process:
    """A ``python -m adapters serve`` subprocess in webhook mode, its log in a file."""

    def __init__(self, process: asyncio.subprocess.Process, port: int, log: Path) -> None:
        self.process = process
        self.port = port
        self.log = log
        self.url = f"http://127.0.0.1:{port}{PATH}"
        self.base = f"http://127.0.0.1:{port}"

    async def ready(self, timeout: float = 45.0) -> None:
        async with asyncio.timeout(timeout):
            while True:
                assert self.process.returncode is None, self.log.read_text(errors="replace")
                try:
                    if (await http_get(self.base, "/readyz"))[0] == 200:
                        return
                except OSError:
                    pass
                await asyncio.sleep(0.1)


async def start_process(fake: FakeTelegram, tmp_path: Path, name: str) -> Process:
    port = free_port()
    env = process_env(fake, port, tmp_path, BANBOT_LOG_FORMAT="json")
    log = tmp_path / f"{name}.log"
    with log.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "adapters", "serve", cwd=tmp_path, env=env, stderr=stderr, **QUIET
        )
    return Process(process, port, log)


async def test_two_processes_share_the_updates_and_answer_each_once_then_stop_on_sigterm(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    replicas = [await start_process(fake, tmp_path, "first"), await start_process(fake, tmp_path, "second")]
    async with reaped(*(replica.process for replica in replicas)):
        for replica in replicas:
            await replica.ready()
        # Ready to take updates is not yet registered: each replica sets its webhook on its own
        # time, so wait (bounded) for both before checking what was registered.
        async with asyncio.timeout(10):
            while {hook["url"] for hook in fake.webhooks} < {r.url for r in replicas}:
                await asyncio.sleep(0.05)
        assert sorted(hook["url"] for hook in fake.webhooks) == sorted(r.url for r in replicas)
        # A load balancer in front of both: the updates alternate.
        chats = list(range(300, 320))
        for index, chat_id in enumerate(chats):
            update = fake.update("message", fake.message(QUESTION, chat_id=chat_id))
            assert await fake.post_update(update, url=replicas[index % 2].url) == 200
        for chat_id in chats:
            await fake.wait_sent(1, chat_id=chat_id, timeout=30)
        for replica in replicas:
            status, text = await http_get(replica.base, "/metrics")
            assert status == 200
            assert value(samples(text), "banbot_questions_total", platform="telegram", answered="true") == 10

        # Updates acknowledged just before SIGTERM are still answered before the exit.
        first = replicas[0]
        late = list(range(400, 405))
        for chat_id in late:
            update = fake.update("message", fake.message(QUESTION, chat_id=chat_id))
            assert await fake.post_update(update, url=first.url) == 200
        await signalled(*(replica.process for replica in replicas), timeout=10)
        codes = [replica.process.returncode for replica in replicas]
    logs = [replica.log.read_text(encoding="utf-8", errors="replace") for replica in replicas]
    assert codes == [0, 0], logs
    answered = [sent.chat_id for sent in fake.sent]
    assert sorted(answered) == sorted(chats + late), "every question answered exactly once"
    assert fake.count("deleteWebhook") == 0
    for log in logs:
        assert SECRET not in log and TOKEN.split(":")[1] not in log
        assert "Traceback" not in log
        assert "receiving updates at" in log
