"""``banbot serve``: every configured chat adapter in one process, one event loop, one index.

It also owns what a long-running service needs: SIGTERM/Ctrl-C shut down cleanly,
SIGHUP (or ``--watch``) reloads the knowledge without dropping connections, and a
heartbeat file lets ``banbot health`` tell a live bot from a stuck one.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adapters.common import AnswerProvider, ConfigError
from adapters.feedback import RECORDER_CLOSE_SECONDS
from adapters.store import NullRecorder, Recorder, StoreSettings, open_recorder, store_settings_from_env
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


@dataclass(frozen=True)
class Platform:
    """One configured adapter: its name, settings and ``serve`` coroutine function."""

    name: str
    settings: Any
    serve: AdapterServe


@dataclass(frozen=True)
class ServeSettings:
    platforms: tuple[Platform, ...]
    store: StoreSettings
    watch: bool = False
    watch_interval: float = 2.0
    health_file: Path = Path("banbot-health.json")


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
            from adapters import telegram_bot

            platforms.append(Platform(name, telegram_bot.settings_from_env(env), telegram_bot.serve))
        else:
            from adapters import discord_bot

            discord_settings = discord_bot.settings_from_env(env, sync_commands=sync_commands)
            platforms.append(Platform(name, discord_settings, discord_bot.serve))
    interval_text = env.get(WATCH_INTERVAL_ENV, "").strip() or "2"
    try:
        interval = float(interval_text)
    except ValueError:
        interval = -1.0
    if not 0.1 <= interval <= 3600:
        raise ConfigError(f"{WATCH_INTERVAL_ENV}: must be a number of seconds from 0.1 to 3600")
    return ServeSettings(
        tuple(platforms),
        store=store_settings_from_env(env),
        watch=watch,
        watch_interval=interval,
        health_file=health_file(env),
    )


async def serve(
    answerer: ReloadingAnswerer,
    settings: ServeSettings,
    stop: asyncio.Event,
    recorder: Recorder | None = None,
) -> int:
    """Run the adapters until ``stop`` is set; returns the exit code (1 if an adapter failed)."""
    recorder = recorder or NullRecorder()
    heartbeat = Heartbeat(settings.health_file, [platform.name for platform in settings.platforms])
    reload_requested = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, AttributeError):
        loop.add_signal_handler(signal.SIGHUP, reload_requested.set)
    adapters: dict[asyncio.Task[None], str] = {
        asyncio.create_task(
            platform.serve(
                LoggedAnswerer(answerer, platform.name),
                platform.settings,
                stop,
                heartbeat.callback(platform.name),
                recorder,
            ),
            name=f"adapter-{platform.name}",
        ): platform.name
        for platform in settings.platforms
    }
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
        running = [task for task in adapters if not task.done()]
        results = await asyncio.gather(*running, return_exceptions=True)
        for task, result in zip(running, results, strict=True):
            if isinstance(result, BaseException):
                logger.error("%s adapter failed while stopping: %s", adapters[task], type(result).__name__)
    finally:
        stopping.cancel()
        for helper in helpers:
            helper.cancel()
        await asyncio.gather(*helpers, return_exceptions=True)
        with contextlib.suppress(NotImplementedError, AttributeError):
            loop.remove_signal_handler(signal.SIGHUP)
        heartbeat.clear()
    logger.info("stopped")
    return exit_code


async def _reload_on_request(answerer: ReloadingAnswerer, requested: asyncio.Event) -> None:
    while True:
        await requested.wait()
        requested.clear()
        logger.info("reloading knowledge from %s", answerer.directory)
        # Loading runs in a thread so that questions keep being answered meanwhile.
        await in_daemon_thread(answerer.reload)


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
    redact_secrets_in_logs(*(platform.settings.token for platform in settings.platforms))
    answerer = ReloadingAnswerer(args.knowledge)
    try:
        recorder = open_recorder(settings.store)
    except ConfigError as error:
        print(f"banbot: {error}", file=sys.stderr)
        return 2
    try:
        return run(answerer, settings, recorder)
    finally:
        recorder.close(RECORDER_CLOSE_SECONDS)
