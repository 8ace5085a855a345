"""Delivery to the Telegram Bot API: the HTTP clients, rate limits, retries and polling backoff.

Also keeps the token out of the libraries' logs and quiets their expected failures at shutdown.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Coroutine, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter
from telegram.request import HTTPXRequest

from adapters import metrics
from adapters.common import as_one_line_warning
from bot.logs import RedactingFilter

if TYPE_CHECKING:
    from adapters.telegram_bot import TelegramSettings

logger = logging.getLogger(__name__)

# The loggers that can print the token: httpx logs request URLs, PTB logs its API URL and error texts.
_LIBRARY_LOGGERS = ("httpx", "httpcore", "telegram")


def describe_error(error: BaseException) -> str:
    """The error's type and the first line of its message: one log line, never a traceback."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _is_transient(error: BaseException) -> bool:
    """5xx answers, time-outs and connection failures; never a request Telegram refused."""
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


def _error_kind(code: int) -> str | None:
    """The ``banbot_platform_errors_total`` kind of an HTTP status from the Bot API; None for success."""
    if code == HTTPStatus.TOO_MANY_REQUESTS:
        return "rate_limited"
    if code >= HTTPStatus.INTERNAL_SERVER_ERROR:
        return "server"
    return "refused" if code >= HTTPStatus.BAD_REQUEST else None


class HeartbeatRequest(HTTPXRequest):
    """The HTTP client, reporting each 2xx answer from the Bot API to ``on_alive``, and counting failures."""

    def __init__(self, on_alive: Callable[[], None] | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_alive = on_alive

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        try:
            code, payload = await super().do_request(*args, **kwargs)
        except NetworkError as error:
            metrics.platform_error("telegram", "timeout" if isinstance(error, TimedOut) else "network")
            raise
        kind = _error_kind(code)
        if kind is not None:
            metrics.platform_error("telegram", kind)
        if self._on_alive is not None and 200 <= code < 300:
            try:
                self._on_alive()
            except Exception as error:
                logger.warning("on_alive callback failed: %s", describe_error(error))
        return code, payload


class PollingRequest(HeartbeatRequest):
    """The ``getUpdates`` client: after a failed poll, a short capped wait, then poll again.

    python-telegram-bot backs off up to 30 seconds between failed polls, so a question
    sent during a long outage would wait that long after it ends. This waits instead, with
    jitter, at most ``max_wait`` seconds, then reports a time-out, which the library retries
    at once. The wait runs inside the poll, which a stop cancels.
    """

    def __init__(
        self, on_alive: Callable[[], None] | None, *, first_wait: float, max_wait: float, **kwargs: Any
    ) -> None:
        super().__init__(on_alive, **kwargs)
        self._first_wait = first_wait
        self._max_wait = max_wait
        self._failures = 0

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        try:
            code, payload = await super().do_request(*args, **kwargs)
        except TimedOut:
            raise  # a long poll that timed out: the library polls again at once
        except NetworkError as error:
            await self._back_off(describe_error(error))
            raise TimedOut("the Bot API is unreachable; polling again") from error
        if code >= HTTPStatus.INTERNAL_SERVER_ERROR:
            await self._back_off(f"HTTP {code}")
            raise TimedOut(f"the Bot API answered {code}; polling again")
        if self._failures:
            logger.info("Telegram: the Bot API answers again after %d failed polls", self._failures)
        self._failures = 0
        return code, payload

    async def _back_off(self, reason: str) -> None:
        self._failures += 1
        if self._failures == 1 or self._failures % 20 == 0:
            logger.warning("Telegram: polling failed (%s); retrying every few seconds", reason)
        wait = min(self._max_wait, self._first_wait * 2 ** min(self._failures - 1, 16))
        await asyncio.sleep(wait * random.uniform(0.5, 1.0))


class DeliveryRateLimiter(AIORateLimiter):
    """Telegram's rate limits and flood waits (``AIORateLimiter``), plus retries of transient failures.

    ``AIORateLimiter`` waits out a 429's ``retry_after`` and re-sends, but lets 5xx answers,
    time-outs and connection errors through; those are retried here with capped exponential
    backoff. ``BadRequest`` (a ``NetworkError`` subclass) and ``Forbidden`` are final.
    """

    def __init__(self, settings: TelegramSettings) -> None:
        super().__init__(
            overall_max_rate=settings.messages_per_second,
            overall_time_period=1,
            group_max_rate=settings.group_messages_per_minute,
            group_time_period=60,
            max_retries=settings.flood_retries,
        )
        self._send_retries = settings.send_retries
        self._backoff = settings.retry_backoff
        self._max_backoff = settings.max_backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        attempt = 0
        while True:
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except NetworkError as error:
                if not _is_transient(error) or attempt >= self._send_retries:
                    raise
                delay = min(self._max_backoff, self._backoff * 2**attempt)
                attempt += 1
                logger.warning(
                    "Bot API %s failed (%s); retry %d of %d in %.2fs",
                    endpoint,
                    describe_error(error),
                    attempt,
                    self._send_retries,
                    delay,
                )
                await asyncio.sleep(delay)


class _QuietShutdownPoll(logging.Filter):
    """One line, not a traceback, when the last poll at shutdown fails (the Bot API is down).

    python-telegram-bot polls once more at shutdown to confirm the updates it fetched, and
    logs that poll's failure with a traceback; during an outage that is expected.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        # The redacting filter may already have turned the traceback into ``exc_text``.
        if (record.exc_info or record.exc_text) and "mark all fetched updates" in record.getMessage():
            error = record.exc_info[1] if record.exc_info else None
            last = (record.exc_text or "").strip().splitlines()[-1:] or ["failed"]
            as_one_line_warning(record, describe_error(error) if error else last[0])
        return True


def guard_library_logs(secrets: Sequence[str], *own_loggers: str) -> None:
    """Redact the token (and the webhook's secret) in records of the loggers that can carry them.

    Logger filters apply before any handler, so this also covers handlers added later (such as
    pytest's), which ``redact_secrets_in_logs`` on the root handlers cannot. A logger's filters do
    not see records from its children, so the caller names its own loggers in ``own_loggers``.
    Idempotent per set of secrets.
    """
    names = [name for name in list(logging.root.manager.loggerDict) if name.split(".")[0] in _LIBRARY_LOGGERS]
    for name in [*names, *_LIBRARY_LOGGERS, __name__, *own_loggers]:
        target = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) and set(secrets) <= set(f.secrets) for f in target.filters):
            target.addFilter(RedactingFilter(secrets))
    updater = logging.getLogger("telegram.ext.Updater")
    if not any(isinstance(f, _QuietShutdownPoll) for f in updater.filters):
        updater.addFilter(_QuietShutdownPoll())
