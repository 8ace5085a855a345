"""Telegram's webhook mode: its settings, ``setWebhook``, and the receiver of POSTed updates.

In this mode Telegram POSTs each update to ``BANBOT_TELEGRAM_WEBHOOK_URL``, which reaches the
process's HTTP listener (``adapters.http_listener``). The receiver checks the secret header
before reading anything, parses the update, puts it on the application's update queue and
answers 200 at once, so a slow answer never makes Telegram deliver the update again. Any
number of replicas may run: each sets the same webhook at start, and none deletes it at stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import os
import re
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.error import TelegramError

from adapters import metrics
from adapters.common import ConfigError, LogThrottle, read_secret
from adapters.http_listener import OPERATOR_PATHS, HttpListener
from adapters.telegram_delivery import describe_error

if TYPE_CHECKING:
    from adapters.telegram_bot import TelegramSettings
    from adapters.telegram_handlers import TelegramApp

logger = logging.getLogger(__name__)

URL_ENV = "BANBOT_TELEGRAM_WEBHOOK_URL"
SECRET_ENV = "BANBOT_TELEGRAM_WEBHOOK_SECRET"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Plain http only where Telegram cannot be the sender: a fake Bot API in tests, a local proxy.
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# A flood of refused requests (a scanner, a wrong secret) logs one line a minute, not one each.
_LOG_EVERY = 60.0


@dataclass(frozen=True)
class WebhookSettings:
    """The public URL Telegram POSTs updates to, and the secret each POST must carry."""

    url: str
    secret: str = field(repr=False)

    @property
    def path(self) -> str:
        """Where the listener takes the updates: the URL's path (a proxy in front keeps it)."""
        return urlsplit(self.url).path or "/"


def webhook_from_env(environ: Mapping[str, str] | None = None) -> WebhookSettings | None:
    """``BANBOT_TELEGRAM_WEBHOOK_URL`` and its required secret; None (long polling) when unset."""
    env = os.environ if environ is None else environ
    url = env.get(URL_ENV, "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    local_http = parts.scheme == "http" and parts.hostname in _LOOPBACK
    if (
        not (parts.scheme == "https" or local_http)
        or not parts.hostname
        or not port_ok
        or parts.fragment
        or any(character.isspace() for character in url)
    ):
        raise ConfigError(f"{URL_ENV}: must be an https:// URL (http:// only for 127.0.0.1 or localhost)")
    path = parts.path or "/"
    if path in OPERATOR_PATHS:
        raise ConfigError(f"{URL_ENV}: the path {path} is taken by the listener; use another, like /telegram")
    secret = read_secret(SECRET_ENV, env)
    if not _SECRET.fullmatch(secret):
        # Never echo the value, even a wrong one.
        raise ConfigError(f"{SECRET_ENV}: must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -")
    return WebhookSettings(url=url, secret=secret)


class _Refusals:
    """Counts refused requests and logs them one line a minute, with no part of their contents."""

    def __init__(self) -> None:
        self._throttle = LogThrottle(logger, "refused", _LOG_EVERY)

    def refuse(self, status: int, kind: str, reason: str) -> web.Response:
        metrics.platform_error("telegram", kind)
        self._throttle.warning("refused a webhook request with %d: %s", status, reason)
        return web.Response(status=status, text=f"{reason}\n", content_type="text/plain")


class WebhookReceiver:
    """The listener's handler for Telegram's POSTs: check, parse, queue, answer 200."""

    def __init__(
        self, application: TelegramApp, secret: str, on_alive: Callable[[], None] | None = None
    ) -> None:
        self._application = application
        self._secret = secret.encode()
        self._on_alive = on_alive
        self._refusals = _Refusals()

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            # Dropped unread: without the secret, the body may come from anyone.
            return self._refusals.refuse(403, "webhook_secret", "missing or wrong secret token")
        body = await request.read()  # over MAX_BODY: aiohttp answers 413
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or type(data.get("update_id")) is not int:
                raise ValueError("not an update")
            update = Update.de_json(data, self._application.bot)
        except Exception as error:
            reason = f"not a Telegram update ({type(error).__name__})"
            return self._refusals.refuse(400, "webhook_body", reason)
        if not self._application.running:
            # Stopping began while the body was read: queued now, it would never be handled.
            return web.Response(status=503, text="stopping\n", content_type="text/plain")
        # The handlers run from the queue: the answer to Telegram must not wait for them.
        self._application.update_queue.put_nowait(update)
        if self._on_alive is not None:
            self._on_alive()
        return web.Response(status=200)


async def _set_webhook(application: TelegramApp, webhook: WebhookSettings, allowed: list[str]) -> None:
    try:
        await application.bot.set_webhook(webhook.url, secret_token=webhook.secret, allowed_updates=allowed)
    except TelegramError as error:
        raise ConfigError(f"{URL_ENV}: Telegram refused the webhook ({describe_error(error)})") from None


async def _watch_webhook(
    application: TelegramApp, webhook: WebhookSettings, allowed: list[str], interval: float
) -> None:
    """Ask ``getWebhookInfo`` every ``interval`` seconds: the heartbeat of a bot that may hear nothing.

    Each answer counts as contact with Telegram (``/healthz``); an error Telegram reports
    about delivering to us is logged once, and a webhook someone deleted is set again.
    """
    last_error: object = None
    while True:
        await asyncio.sleep(interval)
        try:
            info = await application.bot.get_webhook_info()
            if not info.url:
                logger.warning("Telegram: the webhook was deleted; setting it again")
                await _set_webhook(application, webhook, allowed)
            elif info.url != webhook.url:
                logger.warning("Telegram: the webhook now points elsewhere (another deployment?)")
        except (TelegramError, ConfigError) as error:
            logger.warning("Telegram: cannot check the webhook: %s", describe_error(error))
            continue
        if info.last_error_date is not None and info.last_error_date != last_error:
            last_error = info.last_error_date
            logger.warning("Telegram reports failing to deliver updates to us: %s", info.last_error_message)


@contextlib.asynccontextmanager
async def receiving(
    application: TelegramApp,
    settings: TelegramSettings,
    listener: HttpListener,
    allowed: list[str],
    on_alive: Callable[[], None] | None,
) -> AsyncIterator[None]:
    """Take updates from the listener and set the webhook; on exit, stop taking them.

    The receiver is attached before ``setWebhook``, so the first update finds it. Updates
    already queued at exit are still answered by the application's stop.
    """
    webhook = settings.webhook
    if webhook is None:
        raise ValueError("receiving() needs webhook settings")
    listener.attach(webhook.path, WebhookReceiver(application, webhook.secret, on_alive))
    watcher: asyncio.Task[None] | None = None
    try:
        await _set_webhook(application, webhook, allowed)
        logger.info("Telegram: receiving updates at %s as @%s", webhook.url, application.bot.username)
        watcher = asyncio.create_task(
            _watch_webhook(application, webhook, allowed, settings.webhook_check_interval)
        )
        yield
    finally:
        listener.detach(webhook.path)
        if watcher is not None:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
