"""The Telegram adapter: settings and the application's life cycle (``banbot telegram``).

Updates come by long polling, or in webhook mode (``adapters.telegram_webhook``) from the
process's HTTP listener. The handlers live in ``adapters.telegram_handlers``, rendering in
``adapters.telegram_render`` and talking to the Bot API (rate limits, retries, polling backoff,
log guards) in ``adapters.telegram_delivery``. Not named ``telegram`` so that it never shadows
python-telegram-bot.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import re
import signal
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from telegram import (
    BotCommand,
    Update,
)
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    ApplicationBuilder,
)
from telegram.request import HTTPXRequest

from adapters.common import AnswerProvider, ConfigError, optional_url, read_secret
from adapters.feedback import RECORDER_CLOSE_SECONDS, recorder_from_env
from adapters.flood import DEFAULT_RATE, UserRate, parse_rate, rate_from_env
from adapters.http_listener import HttpListener
from adapters.store import Recorder
from adapters.telegram_delivery import (
    DeliveryRateLimiter,
    HeartbeatRequest,
    PollingRequest,
    describe_error,
    guard_library_logs,
)
from adapters.telegram_handlers import Handlers, TelegramApp
from adapters.telegram_webhook import WebhookSettings, receiving, webhook_from_env
from adapters.telegram_webhook import logger as _webhook_logger
from bot.logs import redact_secrets_in_logs

logger = logging.getLogger(__name__)

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
API_URL_ENV = "BANBOT_TELEGRAM_API_URL"
_TOKEN = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{20,}")
# Only what the handlers use, so Telegram does not send (and we do not parse) anything else.
_ALLOWED_UPDATES = (Update.MESSAGE, Update.INLINE_QUERY, Update.CALLBACK_QUERY)


@dataclass(frozen=True)
class TelegramSettings:
    """How the Telegram adapter connects and how hard it tries.

    ``token``, ``api_url``, ``webhook`` and ``user_rate`` come from the environment; the rest
    are tuning with defaults suited to Telegram's servers, set in code by tests and benchmarks.

    Attributes:
        token: the bot token from BotFather; never printed (``repr`` leaves it out).
        api_url: Bot API base URL the token is appended to (python-telegram-bot's ``base_url``),
            such as ``http://localhost:8081/bot``; None for Telegram's own.
        poll_timeout: seconds a ``getUpdates`` long poll may wait for updates.
        connect_timeout: seconds to connect to the Bot API.
        read_timeout: seconds to wait for an answer (on top of ``poll_timeout`` when polling).
        write_timeout: seconds to send a request.
        concurrent_updates: updates handled at the same time.
        messages_per_second: overall sending rate limit; 0 turns it off.
        group_messages_per_minute: sending rate limit per group chat; 0 turns it off.
        flood_retries: how often one request is re-sent after waiting out a 429.
        send_retries: how often one request is retried after a 5xx, time-out or network error.
        retry_backoff: seconds before the first such retry, doubling for each further one.
        max_backoff: cap on the wait between retries, in seconds.
        startup_retries: further attempts to reach the Bot API at start-up before giving up.
        shutdown_grace: seconds to finish answers in flight at shutdown before abandoning them.
        inline_cache_seconds: how long Telegram may cache an inline query's results.
        user_rate: how many questions one user may ask in how many seconds (``BANBOT_USER_RATE``).
        poll_first_wait: seconds before polling again after a failed poll, doubling for each further
            failure (with jitter).
        poll_max_wait: cap on that wait, so that polling resumes within seconds of an outage's end.
        webhook: the webhook's URL and secret (``BANBOT_TELEGRAM_WEBHOOK_URL``); None to poll.
        webhook_check_interval: seconds between ``getWebhookInfo`` calls in webhook mode, which
            keep the heartbeat going while no update arrives.

    """

    token: str = field(repr=False)
    api_url: str | None = None
    poll_timeout: float = 10.0
    connect_timeout: float = 10.0
    read_timeout: float = 10.0
    write_timeout: float = 10.0
    concurrent_updates: int = 16
    messages_per_second: float = 30.0
    group_messages_per_minute: float = 20.0
    flood_retries: int = 5
    send_retries: int = 4
    retry_backoff: float = 1.0
    max_backoff: float = 3.0
    startup_retries: int = 2
    shutdown_grace: float = 8.0
    inline_cache_seconds: int = 60
    user_rate: UserRate = field(default_factory=lambda: parse_rate(DEFAULT_RATE))
    poll_first_wait: float = 0.5
    poll_max_wait: float = 3.0
    webhook: WebhookSettings | None = None
    webhook_check_interval: float = 30.0

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must never be logged: the token, and the webhook's secret."""
        return (self.token, self.webhook.secret) if self.webhook else (self.token,)


def settings_from_env(environ: Mapping[str, str] | None = None) -> TelegramSettings:
    """Read ``TELEGRAM_BOT_TOKEN`` (or ``_FILE``), ``BANBOT_TELEGRAM_API_URL`` and the webhook's settings.

    Raises:
        ConfigError: the token is missing or not shaped like a BotFather token, a URL is
            invalid, or webhook mode lacks a valid secret.

    """
    env = os.environ if environ is None else environ
    token = read_secret(TOKEN_ENV, env)
    if not _TOKEN.fullmatch(token):
        # Never echo the value: a near-miss token is still mostly a secret.
        raise ConfigError(
            f"{TOKEN_ENV}: not a bot token (expected digits, a colon and the secret, "
            "like 123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11)"
        )
    api_url = optional_url(API_URL_ENV, env)
    if api_url is not None and "{token}" not in api_url and not api_url.endswith("/bot"):
        raise ConfigError(
            f"{API_URL_ENV}: must end in /bot, since the token is appended to it "
            "(for example http://localhost:8081/bot)"
        )
    return TelegramSettings(
        token=token, api_url=api_url, user_rate=rate_from_env(env), webhook=webhook_from_env(env)
    )


def _build(
    answerer: AnswerProvider,
    settings: TelegramSettings,
    on_alive: Callable[[], None] | None,
    recorder: Recorder | None = None,
) -> tuple[TelegramApp, Handlers, list[HTTPXRequest]]:
    guard_library_logs(settings.secrets, __name__, Handlers.__module__, _webhook_logger.name)
    timeouts = {
        "connect_timeout": settings.connect_timeout,
        "read_timeout": settings.read_timeout,
        "write_timeout": settings.write_timeout,
    }
    requests: list[HTTPXRequest] = [
        HeartbeatRequest(on_alive, connection_pool_size=max(8, settings.concurrent_updates * 2), **timeouts)
    ]
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .request(requests[0])
        .rate_limiter(DeliveryRateLimiter(settings))
        .concurrent_updates(max(1, settings.concurrent_updates))
        .job_queue(None)
    )
    if settings.webhook is None:
        polling = PollingRequest(
            on_alive,
            first_wait=settings.poll_first_wait,
            max_wait=settings.poll_max_wait,
            connection_pool_size=1,
            **timeouts,
        )
        requests.append(polling)
        builder = builder.get_updates_request(polling)
    else:
        # Updates come from the HTTP listener; the Updater would only poll.
        builder = builder.updater(None)
    if settings.api_url:
        builder = builder.base_url(settings.api_url)
    application: TelegramApp = builder.build()
    handlers = Handlers(answerer, settings, recorder)
    handlers.register(application)
    return application, handlers, requests


def build_application(
    answerer: AnswerProvider,
    settings: TelegramSettings,
    *,
    on_alive: Callable[[], None] | None = None,
    recorder: Recorder | None = None,
) -> TelegramApp:
    """Build a python-telegram-bot application answering from ``answerer``; not yet initialized.

    ``on_alive`` is called after every successful exchange with the Bot API; ``recorder``
    gets each question after its reply, and the 👍/👎 presses.
    """
    return _build(answerer, settings, on_alive, recorder)[0]


async def _wait(stop: asyncio.Event, seconds: float) -> bool:
    """Sleep up to ``seconds``; true when ``stop`` was set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


async def _initialize(application: TelegramApp, settings: TelegramSettings, stop: asyncio.Event) -> bool:
    """Initialize (``getMe``), retrying while Telegram is unreachable; false if stopped meanwhile."""
    attempt = 0
    while True:
        rejected = False
        try:
            await application.initialize()
            return True
        except InvalidToken:
            rejected = True
        except (NetworkError, RetryAfter) as error:
            if isinstance(error, BadRequest) or attempt >= settings.startup_retries:
                raise
            if isinstance(error, RetryAfter):
                wait = error.retry_after
                delay = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            else:
                delay = min(settings.max_backoff, settings.retry_backoff * 2**attempt)
            attempt += 1
            logger.warning(
                "cannot reach the Telegram Bot API (%s); attempt %d of %d in %.1fs",
                describe_error(error),
                attempt,
                settings.startup_retries,
                delay,
            )
            if await _wait(stop, delay):
                return False
        if rejected:
            # Raised outside the except block: PTB's message quotes the token, so it must not
            # even ride along as the implicit ``__context__``.
            raise ConfigError(f"{TOKEN_ENV}: the Bot API rejected the token (check it with BotFather)")


async def _register_commands(application: TelegramApp) -> None:
    """Fill Telegram's command menu; best effort, since the bot works without it."""
    commands = [
        BotCommand("ask", "answer a question about the US ban of Kaspersky software"),
        BotCommand("sources", "list the articles I quote"),
        BotCommand("help", "what I answer and how to ask"),
    ]
    try:
        await application.bot.set_my_commands(commands)
    except TelegramError as error:
        logger.warning("could not register the command menu: %s", describe_error(error))


def _on_polling_error(error: TelegramError) -> None:
    logger.warning("polling Telegram failed: %s", describe_error(error))


async def _shut_down(application: TelegramApp, handlers: Handlers, settings: TelegramSettings) -> None:
    updater = application.updater
    if updater is not None and updater.running:
        try:
            await updater.stop()
        except Exception as error:
            logger.warning("polling ended with an error: %s", describe_error(error))
    if application.running:
        # Application.stop processes the updates already fetched and waits for running handlers.
        stopping = asyncio.ensure_future(application.stop())
        done, _ = await asyncio.wait({stopping}, timeout=settings.shutdown_grace)
        if not done:
            count = handlers.cancel_in_flight()
            logger.warning(
                "%d answer(s) still in flight after %.1fs; abandoning them", count, settings.shutdown_grace
            )
        await stopping
    await application.shutdown()


async def serve(
    answerer: AnswerProvider,
    settings: TelegramSettings,
    stop: asyncio.Event,
    on_alive: Callable[[], None] | None = None,
    recorder: Recorder | None = None,
    listener: HttpListener | None = None,
) -> None:
    """Answer Telegram updates until ``stop`` is set, then shut down cleanly.

    Updates come by long polling, or with ``settings.webhook`` from ``listener``, which must
    then be given (``banbot serve`` owns it). In-flight answers are finished (for up to
    ``settings.shutdown_grace`` seconds) before it returns. ``on_alive`` is called after
    every successful exchange with the Bot API.

    Raises:
        ConfigError: the Bot API rejected the token, or Telegram refused the webhook.
        telegram.error.TelegramError: Telegram stayed unreachable at start-up.

    """
    if settings.webhook is not None and listener is None:
        raise ValueError("webhook mode needs the HTTP listener")
    application, handlers, requests = _build(answerer, settings, on_alive, recorder)
    try:
        started = await _initialize(application, settings, stop)
    except BaseException:
        await _close(requests)
        raise
    if not started:
        await _close(requests)
        return
    try:
        await application.start()
        await _register_commands(application)
        if listener is not None and settings.webhook is not None:
            async with receiving(application, settings, listener, list(_ALLOWED_UPDATES), on_alive):
                await stop.wait()
        else:
            await _start_polling(application, settings)
            await stop.wait()
        logger.info("Telegram: stopping; finishing answers in flight")
    finally:
        await _shut_down(application, handlers, settings)
    logger.info("Telegram: stopped")


async def _start_polling(application: TelegramApp, settings: TelegramSettings) -> None:
    updater = application.updater
    if updater is None:
        raise RuntimeError("the application has no updater")
    await updater.start_polling(
        timeout=timedelta(seconds=settings.poll_timeout),
        allowed_updates=list(_ALLOWED_UPDATES),
        bootstrap_retries=settings.startup_retries,
        error_callback=_on_polling_error,
    )
    logger.info("Telegram: polling for updates as @%s", application.bot.username)


async def _close(requests: Sequence[HTTPXRequest]) -> None:
    for request in requests:
        with contextlib.suppress(Exception):
            await request.shutdown()


def _stop_on_signals(stop: asyncio.Event) -> list[int]:
    """Set ``stop`` on SIGTERM and SIGINT; return the signals handled (none off the main thread)."""
    loop = asyncio.get_running_loop()
    installed: list[int] = []

    def requested(signum: int) -> None:
        if stop.is_set():
            logger.info("Telegram: %s received again; still stopping", signal.Signals(signum).name)
        else:
            logger.info("Telegram: %s received; stopping", signal.Signals(signum).name)
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(signum, requested, signum)
        except (NotImplementedError, RuntimeError, ValueError):
            continue
        installed.append(signum)
    return installed


async def _serve_until_signalled(
    answerer: AnswerProvider, settings: TelegramSettings, recorder: Recorder
) -> None:
    stop = asyncio.Event()
    installed = _stop_on_signals(stop)
    try:
        await serve(answerer, settings, stop, recorder=recorder)
    finally:
        loop = asyncio.get_running_loop()
        for signum in installed:
            loop.remove_signal_handler(signum)


def main(args: argparse.Namespace) -> int:
    """Run the bot on Telegram until SIGTERM or Ctrl-C: the ``banbot telegram`` command.

    Returns 0 after a clean stop, 2 for a missing, malformed or rejected token or bad setting,
    1 when Telegram stays unreachable at start-up. A ``KnowledgeError`` propagates to the CLI.
    In webhook mode it runs as ``banbot serve`` for Telegram alone.
    """
    from bot.answerer import Answerer

    try:
        settings = settings_from_env()
        if settings.webhook is not None:
            # Webhook updates arrive on the HTTP listener, which ``banbot serve`` runs.
            from adapters import serve as service

            args.only = "telegram"
            return service.main(args)
        recorder = recorder_from_env()
    except ConfigError as error:
        print(f"banbot: {error}", file=sys.stderr)
        return 2
    redact_secrets_in_logs(*settings.secrets)
    guard_library_logs(settings.secrets, __name__, Handlers.__module__, _webhook_logger.name)
    answerer = Answerer.from_folder(getattr(args, "knowledge", None), meaning=getattr(args, "meaning", False))
    answerer.warm_up()
    try:
        asyncio.run(_serve_until_signalled(answerer, settings, recorder))
    except KeyboardInterrupt:
        # Ctrl-C before the signal handlers were in place: nothing was running yet.
        return 0
    except ConfigError as error:
        print(f"banbot: {error}", file=sys.stderr)
        return 2
    except TelegramError as error:
        message = describe_error(error).replace(settings.token, "[REDACTED]")
        print(f"banbot: cannot reach the Telegram Bot API: {message}", file=sys.stderr)
        return 1
    finally:
        recorder.close(RECORDER_CLOSE_SECONDS)
    return 0
