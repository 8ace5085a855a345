"""The one HTTP listener of a ``banbot serve`` process (``BANBOT_HTTP_LISTEN``).

It serves the chat platforms' webhooks (Telegram's, at the path of its webhook URL) and the
operator's endpoints: ``/healthz`` (every adapter heard from its platform lately), ``/readyz``
(knowledge loaded, adapters connected, not stopping) and ``/metrics`` (Prometheus). aiohttp
does the HTTP; a body over ``MAX_BODY`` is refused before it is read.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass

from aiohttp import web

from adapters.common import ConfigError, number_from_env
from adapters.metrics import CONTENT_TYPE, Metrics
from bot.health import DEFAULT_MAX_AGE

logger = logging.getLogger(__name__)

LISTEN_ENV = "BANBOT_HTTP_LISTEN"
MAX_AGE_ENV = "BANBOT_HEALTH_MAX_AGE"
DEFAULT_LISTEN = "0.0.0.0:8080"
# Telegram's updates are a few kilobytes; a megabyte is room for any, and no more.
MAX_BODY = 1024 * 1024
OPERATOR_PATHS = ("/healthz", "/readyz", "/metrics")
# Stop waits this long for requests in progress: within the 10-second grace, after the adapters.
SHUTDOWN_SECONDS = 1.0

Webhook = Callable[[web.Request], Awaitable[web.StreamResponse]]
Check = Callable[[], tuple[bool, str]]


@dataclass(frozen=True)
class ListenerSettings:
    """Where the listener binds, and the health window of ``/healthz`` and ``/readyz``."""

    host: str
    port: int
    max_age: float = DEFAULT_MAX_AGE

    @property
    def address(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def settings_from_env(environ: Mapping[str, str] | None = None, *, webhook: bool) -> ListenerSettings | None:
    """``BANBOT_HTTP_LISTEN`` (``host:port`` or ``off``) and ``BANBOT_HEALTH_MAX_AGE``; None when off.

    Default: ``0.0.0.0:8080`` when a webhook needs the listener, off otherwise.
    """
    env = os.environ if environ is None else environ
    value = env.get(LISTEN_ENV, "").strip()
    if value.lower() == "off":
        if webhook:
            raise ConfigError(f"{LISTEN_ENV}: cannot be off in webhook mode, which receives updates on it")
        return None
    if not value:
        if not webhook:
            return None
        value = DEFAULT_LISTEN
    host, _, port_text = value.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    port = int(port_text) if port_text.isdigit() else 0
    if not host or any(character.isspace() for character in host) or not 1 <= port <= 65535:
        raise ConfigError(f"{LISTEN_ENV}: expected HOST:PORT such as 0.0.0.0:8080 (or off)")
    max_age = number_from_env(MAX_AGE_ENV, env, DEFAULT_MAX_AGE, 0.5, 86400)
    return ListenerSettings(host, port, max_age)


def _plain(status: int, text: str) -> web.Response:
    return web.Response(status=status, text=text + "\n", content_type="text/plain")


class HttpListener:
    """The aiohttp server: webhooks at their paths, and the operator's endpoints.

    Webhook paths are declared up front (aiohttp's routes are fixed once it runs); an
    adapter ``attach``es its handler when it is ready to take updates and ``detach``es it
    when it stops, and a POST meanwhile gets 503, which the platform retries later.
    """

    def __init__(
        self,
        settings: ListenerSettings,
        *,
        health: Check,
        ready: Check,
        metrics: Metrics,
        webhook_paths: Iterable[str] = (),
    ) -> None:
        self.settings = settings
        self._health = health
        self._ready = ready
        self._metrics = metrics
        self._paths = tuple(webhook_paths)
        self._webhooks: dict[str, Webhook] = {}
        self._runner: web.AppRunner | None = None
        self.stopping = False

    def attach(self, path: str, handler: Webhook) -> None:
        if path not in self._paths:
            raise ValueError(f"{path} was not declared as a webhook path")
        self._webhooks[path] = handler

    def detach(self, path: str) -> None:
        self._webhooks.pop(path, None)

    async def start(self) -> None:
        """Bind and serve; OSError when the address is taken or not ours."""
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_get("/healthz", self._on_healthz)
        app.router.add_get("/readyz", self._on_readyz)
        app.router.add_get("/metrics", self._on_metrics)
        for path in self._paths:
            app.router.add_post(path, self._on_webhook)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_SECONDS)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.settings.host, self.settings.port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        logger.info("listening on %s: %s", self.settings.address, ", ".join([*self._paths, *OPERATOR_PATHS]))

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _on_webhook(self, request: web.Request) -> web.StreamResponse:
        length = request.content_length
        if length is not None and length > MAX_BODY:
            # Refused unread; a body without a length is cut off at MAX_BODY by client_max_size.
            raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY, actual_size=length)
        handler = self._webhooks.get(request.path)
        if handler is None or self.stopping:
            return _plain(503, "not taking updates now; try again later")
        return await handler(request)

    async def _on_healthz(self, request: web.Request) -> web.Response:
        healthy, reason = self._health()
        return _plain(200 if healthy else 503, f"{'healthy' if healthy else 'unhealthy'}: {reason}")

    async def _on_readyz(self, request: web.Request) -> web.Response:
        ready, reason = (False, "stopping") if self.stopping else self._ready()
        return _plain(200 if ready else 503, f"{'ready' if ready else 'not ready'}: {reason}")

    async def _on_metrics(self, request: web.Request) -> web.Response:
        response = web.Response(body=self._metrics.exposition())
        # Set as a header: aiohttp's content_type argument refuses the version parameter.
        response.headers["Content-Type"] = CONTENT_TYPE
        return response
