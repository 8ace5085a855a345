"""Discord delivery: capped waits for gateway reconnects and REST retries, and a client's start and close.

discord.py reconnects and retries by itself, but with waits that grow past what a bot
coming back from an outage, or stopping within Docker's grace, can afford: up to 2^10 s
between gateway attempts, and 1, 3, 5 and 7 s between REST attempts. This module caps
both, keeps a dropped shard resuming its session, and runs one client until it fails or is
told to stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from http import HTTPStatus
from types import TracebackType
from typing import Any

import aiohttp
import discord
import discord.shard
from discord.backoff import ExponentialBackoff
from discord.gateway import ReconnectWebSocket

from adapters import metrics
from adapters.common import as_one_line_warning

logger = logging.getLogger(__name__)

# A gateway that comes back is resumed within seconds of it, not minutes.
RECONNECT_MAX_WAIT = 5.0
# A REST call is tried this often, waiting at most REST_MAX_WAIT between tries (about 3.5 s in all).
REST_ATTEMPTS = 4
REST_FIRST_WAIT = 0.5
REST_MAX_WAIT = 3.0
# What a Discord edge answers while Discord is down; others (400, 403, 404, 429) are final or
# discord.py's own business (a 429 carries its wait).
_OUTAGE_STATUSES = frozenset({500, 502, 503, 504, 524})


def one_line(error: BaseException | None, token: str | None) -> str:
    """An error as one log line, with the token redacted."""
    if error is None:
        return "unknown error"
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    if token:
        text = text.replace(token, "[REDACTED]")
    return " ".join(text.split())


class CappedBackoff(ExponentialBackoff[bool]):
    """discord.py's reconnect backoff with its wait capped at RECONNECT_MAX_WAIT seconds."""

    def delay(self) -> float:
        return min(RECONNECT_MAX_WAIT, float(super().delay()))


def cap_reconnect_waits() -> None:
    """Make every client's and shard's gateway reconnects wait at most RECONNECT_MAX_WAIT seconds."""
    # Client.connect() and each Shard build their backoff from these module names, with no
    # option to set it.
    discord.client.ExponentialBackoff = CappedBackoff  # type: ignore[assignment,attr-defined]
    discord.shard.ExponentialBackoff = CappedBackoff  # type: ignore[assignment,attr-defined]


class ResumingShard(discord.shard.Shard):
    """A shard that goes on resuming its session after a failed reconnect, as ``discord.Client`` does.

    discord.py's shard identifies afresh after one failed attempt, which loses what Discord
    sent meanwhile and queues behind the IDENTIFY limit. A RESUME of a session Discord has
    dropped is answered with INVALID_SESSION, upon which discord.py identifies after all.
    """

    async def reconnect(self) -> None:
        if self.ws.session_id is None:
            await super().reconnect()
        else:
            await self.reidentify(ReconnectWebSocket(self.id, resume=True))


def resume_dropped_shards() -> None:
    """Make every sharded client's shards resume their sessions through an outage."""
    # AutoShardedClient builds its shards from this module name, with no option to set it.
    discord.shard.Shard = ResumingShard  # type: ignore[misc]


class _OneLineReconnects(logging.Filter):
    """discord.py logs each failed gateway reconnect with a traceback; an outage needs one line each."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.getMessage().startswith(_RECONNECT_MESSAGES):
            as_one_line_warning(record, one_line(record.exc_info[1], None))
            metrics.platform_error("discord", "gateway")
        return True


# From discord.client, discord.shard (a reconnect), and discord.shard (a shard's first connect).
_RECONNECT_MESSAGES = ("Attempting a reconnect", "Failed to connect for shard_id")
_ONE_LINE_RECONNECTS = _OneLineReconnects()


def quiet_reconnect_logs() -> None:
    """Log each failed gateway reconnect as one warning line instead of an error with a traceback."""
    for name in ("discord.client", "discord.shard"):
        logging.getLogger(name).addFilter(_ONE_LINE_RECONNECTS)


def cap_rest_retries(client: discord.Client) -> None:
    """Retry the client's REST calls through an outage with capped waits; call once logged in.

    discord.py keeps its aiohttp session in a private attribute and has no option for its
    retry waits, so the session is wrapped: an outage answer is retried here, and the last
    one raised as ``DiscordServerError``, which discord.py passes on without waiting more.
    """
    http: Any = client.http
    session = http._HTTPClient__session
    if isinstance(session, aiohttp.ClientSession):
        http._HTTPClient__session = RetryingSession(session)


class RetryingSession:
    """An aiohttp session whose requests retry outage answers and refused connections, capped."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        attempts: int = REST_ATTEMPTS,
        first_wait: float = REST_FIRST_WAIT,
        max_wait: float = REST_MAX_WAIT,
    ) -> None:
        self.session = session
        self.attempts = attempts
        self.first_wait = first_wait
        self.max_wait = max_wait

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)

    def request(self, method: str, url: Any, **kwargs: Any) -> _RetriedRequest:
        return _RetriedRequest(self, method, url, kwargs)

    def wait(self, failures: int) -> float:
        """Seconds before try ``failures + 1``: doubling from first_wait, capped, with jitter."""
        capped: float = min(self.max_wait, self.first_wait * 2 ** (failures - 1))
        return capped * random.uniform(0.5, 1.0)


class _RetriedRequest:
    """``async with session.request(...)``, tried up to ``attempts`` times while Discord is down."""

    def __init__(self, owner: RetryingSession, method: str, url: Any, kwargs: dict[str, Any]) -> None:
        self._owner = owner
        self._method = method
        self._url = url
        self._kwargs = kwargs
        self._context: Any = None

    async def __aenter__(self) -> aiohttp.ClientResponse:
        owner = self._owner
        # A multipart body is consumed by its first send; discord.py rebuilds it for each try.
        attempts = 1 if isinstance(self._kwargs.get("data"), aiohttp.FormData) else owner.attempts
        for attempt in range(1, attempts + 1):
            final = attempt == attempts
            context = owner.session.request(self._method, self._url, **self._kwargs)
            try:
                response = await context.__aenter__()
            except aiohttp.ClientConnectorError as error:
                metrics.platform_error("discord", "network")
                # Nothing was sent, so trying again cannot post a message twice.
                if final:
                    raise
                await self._wait(attempt, str(error.os_error or error))
                continue
            if response.status == HTTPStatus.TOO_MANY_REQUESTS:
                metrics.platform_error("discord", "rate_limited")  # discord.py waits it out
            elif response.status in _OUTAGE_STATUSES:
                metrics.platform_error("discord", "server")
            if response.status not in _OUTAGE_STATUSES or attempts == 1:
                self._context = context
                return response
            body = await discord.http.json_or_text(response)
            await context.__aexit__(None, None, None)
            if final:
                raise discord.DiscordServerError(response, body)
            await self._wait(attempt, f"HTTP {response.status}")
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _wait(self, failures: int, reason: str) -> None:
        delay = self._owner.wait(failures)
        # Not the URL: an interaction's carries its token.
        logger.warning(
            "Discord REST %s failed (%s); try %d of %d in %.1fs",
            self._method,
            reason,
            failures + 1,
            self._owner.attempts,
            delay,
        )
        await asyncio.sleep(delay)

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool | None:
        if self._context is None:
            return None
        result: bool | None = await self._context.__aexit__(kind, error, traceback)
        return result


async def run_client(
    client: discord.Client, token: str, stop: asyncio.Event, close_timeout: float
) -> BaseException | None:
    """Run one client until it fails or ``stop`` is set; close it either way; return its error."""
    runner = asyncio.create_task(client.start(token), name="banbot-discord")
    waiter = asyncio.create_task(stop.wait(), name="banbot-discord-stop")
    try:
        await asyncio.wait({runner, waiter}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
        await close_client(client, runner, close_timeout)
    if runner.cancelled():
        return None
    error = runner.exception()
    if error is not None and stop.is_set():
        logger.debug("The Discord connection ended while stopping: %s", one_line(error, token))
        return None
    return error


async def close_client(client: discord.Client, runner: asyncio.Task[None], timeout: float) -> None:
    """Close the client within ``timeout``, then cancel its task if it is still running."""
    if not client.is_closed():
        logger.info("Closing the Discord connection")
        try:
            await asyncio.wait_for(client.close(), timeout)
        except (TimeoutError, OSError, aiohttp.ClientError, discord.DiscordException) as error:
            logger.warning("Closing the Discord connection failed: %s", one_line(error, None))
    if not runner.done():
        await asyncio.wait({runner}, timeout=timeout)
    if not runner.done():
        runner.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await runner
