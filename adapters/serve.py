"""``banbot serve``: every configured chat adapter in one process, one event loop, one index.

It also owns what a long-running service needs: SIGTERM/Ctrl-C shut down cleanly,
SIGHUP (or ``--watch``) reloads the knowledge without dropping connections, a
heartbeat file lets ``banbot health`` tell a live bot from a stuck one, and the HTTP
listener (``BANBOT_HTTP_LISTEN``) takes webhooks and serves health and metrics.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from adapters import http_listener, metrics
from adapters.common import AnswerProvider, ConfigError, number_from_env
from adapters.feedback import RECORDER_CLOSE_SECONDS, collects_feedback
from adapters.http_listener import HttpListener, ListenerSettings
from adapters.store import (
    NullRecorder,
    Recorder,
    StoreSettings,
    open_configured_recorder,
    store_settings_from_env,
)
from bot.health import Heartbeat, health_file
from bot.logs import redact_secrets_in_logs
from bot.service import LoggedAnswerer, ReloadingAnswerer

logger = logging.getLogger(__name__)

WATCH_INTERVAL_ENV = "BANBOT_WATCH_INTERVAL"
HEARTBEAT_WRITE_SECONDS = 5.0
PLATFORM_TOKENS = {"telegram": "TELEGRAM_BOT_TOKEN", "discord": "DISCORD_BOT_TOKEN"}

AdapterServe = Callable[
    [AnswerProvider, Any, asyncio.Event, Callable[[], None] | None, Recorder], Coroutine[Any, Any, None]
]
# An adapter taking its updates from the HTTP listener gets it as a sixth argument.
WebhookServe = Callable[
    [AnswerProvider, Any, asyncio.Event, Callable[[], None] | None, Recorder, HttpListener],
    Coroutine[Any, Any, None],
]


@dataclass(frozen=True)
class Platform:
    """One configured adapter: its name, settings and ``serve`` coroutine function.

    ``secrets`` are kept out of the logs; an adapter in webhook mode names the listener path it
    takes updates on and its ``serve_webhook``.
    """

    name: str
    settings: Any
    serve: AdapterServe
    secrets: tuple[str, ...] = field(default=(), repr=False)
    webhook_path: str | None = None
    serve_webhook: WebhookServe | None = None


@dataclass(frozen=True)
class ServeSettings:
    platforms: tuple[Platform, ...]
    store: StoreSettings
    watch: bool = False
    watch_interval: float = 2.0
    health_file: Path = Path("banbot-health.json")
    listener: ListenerSettings | None = None


def token_configured(name: str, environ: Mapping[str, str]) -> bool:
    return bool(environ.get(name, "").strip() or environ.get(f"{name}_FILE", "").strip())


def settings_from_env(
    environ: Mapping[str, str] | None = None,
    *,
    only: str | None = None,
    watch: bool = False,
    sync_commands: bool = False,
) -> ServeSettings:
    """Validate every setting up front; ConfigError names the first one that is wrong."""
    env = dict(os.environ if environ is None else environ)
    wanted = (
        [only] if only else [name for name, token in PLATFORM_TOKENS.items() if token_configured(token, env)]
    )
    if not wanted:
        raise ConfigError(
            "no chat platform is configured: set TELEGRAM_BOT_TOKEN and/or DISCORD_BOT_TOKEN "
            "(or TELEGRAM_BOT_TOKEN_FILE / DISCORD_BOT_TOKEN_FILE)"
        )
    platforms = []
    for name in wanted:
        if name == "telegram":
            platforms.append(_telegram_platform(env))
        else:
            from adapters import discord_bot

            discord_settings = discord_bot.settings_from_env(env, sync_commands=sync_commands)
            platforms.append(Platform(name, discord_settings, discord_bot.serve, (discord_settings.token,)))
    listener = http_listener.settings_from_env(
        env, webhook=any(platform.webhook_path for platform in platforms)
    )
    if listener is not None:
        # A webhook-mode adapter may hear nothing for hours; its own checks must beat faster
        # than the health window, or a quiet bot would look dead.
        platforms = [_check_within(platform, listener.max_age / 3) for platform in platforms]
    interval = number_from_env(WATCH_INTERVAL_ENV, env, 2.0, 0.1, 3600)
    return ServeSettings(
        tuple(platforms),
        store=store_settings_from_env(env),
        watch=watch,
        watch_interval=interval,
        health_file=health_file(env),
        listener=listener,
    )


def _telegram_platform(env: Mapping[str, str]) -> Platform:
    from adapters import telegram_bot

    telegram = telegram_bot.settings_from_env(env)
    if telegram.webhook is None:
        return Platform("telegram", telegram, telegram_bot.serve, telegram.secrets)
    return Platform(
        "telegram",
        telegram,
        telegram_bot.serve,
        telegram.secrets,
        webhook_path=telegram.webhook.path,
        serve_webhook=telegram_bot.serve,
    )


def _check_within(platform: Platform, seconds: float) -> Platform:
    if platform.webhook_path is None:
        return platform
    interval = min(platform.settings.webhook_check_interval, seconds)
    return replace(platform, settings=replace(platform.settings, webhook_check_interval=interval))


async def serve(
    answerer: ReloadingAnswerer,
    settings: ServeSettings,
    stop: asyncio.Event,
    recorder: Recorder | None = None,
) -> int:
    """Run the adapters (and the listener) until ``stop`` is set; returns the exit code.

    The exit code is 1 if an adapter failed or the listener could not bind, else 0.
    """
    recorder = recorder or NullRecorder()
    meter = metrics.fresh()
    meter.expect([platform.name for platform in settings.platforms], feedback=collects_feedback(recorder))
    meter.count_articles(lambda: len(answerer.current.articles))
    if collects_feedback(recorder):
        recorder = metrics.CountingRecorder(recorder)
    heartbeat = Heartbeat(settings.health_file, [platform.name for platform in settings.platforms])
    listener = _listener(answerer, settings, heartbeat, meter)
    if listener is not None:
        try:
            await listener.start()
        except OSError as failure:
            logger.error("cannot listen on %s: %s", listener.settings.address, failure.strerror or failure)
            return 1
    reload_requested = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, AttributeError):
        loop.add_signal_handler(signal.SIGHUP, reload_requested.set)
    adapters: dict[asyncio.Task[None], str] = {}
    for platform in settings.platforms:
        arguments = (
            LoggedAnswerer(answerer, platform.name),
            platform.settings,
            stop,
            heartbeat.callback(platform.name),
            recorder,
        )
        if platform.serve_webhook is not None and listener is not None:
            running = platform.serve_webhook(*arguments, listener)
        else:
            running = platform.serve(*arguments)
        adapters[asyncio.create_task(running, name=f"adapter-{platform.name}")] = platform.name
    helpers = [
        asyncio.create_task(_reload_on_request(answerer, reload_requested)),
        asyncio.create_task(_write_heartbeat(heartbeat)),
    ]
    if settings.watch:
        helpers.append(asyncio.create_task(_watch(answerer, settings.watch_interval, reload_requested)))
    logger.info("serving on %s", ", ".join(adapters.values()))
    exit_code = 0
    stopping: asyncio.Task[Any] = asyncio.create_task(stop.wait())
    try:
        while not stop.is_set():
            done, _ = await asyncio.wait({*adapters, stopping}, return_when=asyncio.FIRST_COMPLETED)
            for task in done - {stopping}:
                # An adapter that returns before it was told to stop has failed: take the
                # others down too, so the container restarts instead of limping on half-deaf.
                error = task.exception()
                reason = f"{type(error).__name__}: {error}" if error else "stopped on its own"
                logger.error("%s adapter stopped unexpectedly (%s); shutting down", adapters[task], reason)
                exit_code = 1
                stop.set()
        if listener is not None:
            # Not ready, and no more updates taken: a load balancer or Telegram goes elsewhere.
            listener.stopping = True
        running_tasks = [task for task in adapters if not task.done()]
        results = await asyncio.gather(*running_tasks, return_exceptions=True)
        for task, result in zip(running_tasks, results, strict=True):
            if isinstance(result, BaseException):
                logger.error("%s adapter failed while stopping: %s", adapters[task], type(result).__name__)
    finally:
        stopping.cancel()
        for helper in helpers:
            helper.cancel()
        await asyncio.gather(*helpers, return_exceptions=True)
        with contextlib.suppress(NotImplementedError, AttributeError):
            loop.remove_signal_handler(signal.SIGHUP)
        if listener is not None:
            await listener.stop()
        heartbeat.clear()
    logger.info("stopped")
    return exit_code


def _listener(
    answerer: ReloadingAnswerer, settings: ServeSettings, heartbeat: Heartbeat, meter: metrics.Metrics
) -> HttpListener | None:
    """The listener, if configured: ``/healthz`` is ``banbot health``'s rule on the heartbeat in memory."""
    listen = settings.listener
    if listen is None:
        return None

    def healthy() -> tuple[bool, str]:
        return heartbeat.check(listen.max_age)

    def ready() -> tuple[bool, str]:
        articles = len(answerer.current.articles)
        if not articles:
            return False, "no knowledge loaded"
        connected, reason = heartbeat.check(listen.max_age)
        return connected, f"{articles} articles; {reason}" if connected else reason

    return HttpListener(
        listen,
        health=healthy,
        ready=ready,
        metrics=meter,
        webhook_paths=[platform.webhook_path for platform in settings.platforms if platform.webhook_path],
    )


async def _reload_on_request(answerer: ReloadingAnswerer, requested: asyncio.Event) -> None:
    while True:
        await requested.wait()
        requested.clear()
        logger.info("reloading knowledge from %s", answerer.directory)
        # Loading runs in a thread so that questions keep being answered meanwhile.
        metrics.knowledge_reload(await in_daemon_thread(answerer.reload))


async def in_daemon_thread(function: Callable[[], Any]) -> Any:
    """Run ``function`` in a daemon thread and wait for it.

    A reload of a large folder can take many seconds; asyncio's default executor would hold
    the process's exit until it finished, past Docker's stop grace. A daemon thread is
    simply left behind when the process ends: the old index answered until then anyway.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()

    def settle(result: Any = None, error: BaseException | None = None) -> None:
        if future.done():  # the waiting task was cancelled (a stop)
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def work() -> None:
        outcome: tuple[Any, BaseException | None]
        try:
            outcome = (function(), None)
        except BaseException as error:
            outcome = (None, error)
        with contextlib.suppress(RuntimeError):  # the loop closed while the thread ran
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=work, name="banbot-reload", daemon=True).start()
    return await future


async def _watch(answerer: ReloadingAnswerer, interval: float, requested: asyncio.Event) -> None:
    while True:
        await asyncio.sleep(interval)
        if await asyncio.to_thread(answerer.changed):
            requested.set()


async def _write_heartbeat(heartbeat: Heartbeat) -> None:
    while True:
        try:
            await asyncio.to_thread(heartbeat.write)
        except OSError as error:
            logger.warning("cannot write the health file %s: %s", heartbeat.path, error.strerror)
        await asyncio.sleep(HEARTBEAT_WRITE_SECONDS)


def run(answerer: ReloadingAnswerer, settings: ServeSettings, recorder: Recorder | None = None) -> int:
    """Run in a fresh event loop, with SIGTERM and Ctrl-C asking for a clean stop."""

    async def main() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for stop_signal in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(stop_signal, stop.set)
        return await serve(answerer, settings, stop, recorder)

    return asyncio.run(main())


def main(args: argparse.Namespace) -> int:
    """Entry point of ``banbot serve`` (and of ``banbot telegram``/``discord`` via ``only``)."""
    try:
        settings = settings_from_env(
            only=getattr(args, "only", None),
            watch=getattr(args, "watch", False),
            sync_commands=getattr(args, "sync", False),
        )
    except ConfigError as error:
        print(f"banbot: {error}", file=sys.stderr)
        return 2
    redact_secrets_in_logs(*(secret for platform in settings.platforms for secret in platform.secrets))
    answerer = ReloadingAnswerer(args.knowledge, meaning=getattr(args, "meaning", False))
    try:
        recorder = open_configured_recorder(settings.store)
    except ConfigError as error:
        print(f"banbot: {error}", file=sys.stderr)
        return 2
    try:
        return run(answerer, settings, recorder)
    finally:
        recorder.close(RECORDER_CLOSE_SECONDS)
