"""The tests' fake Telegram Bot API, served to other containers for ``scripts/compose-smoke.sh``.

It is ``tests/fake_telegram.py`` (mounted beside this file) listening on every address, with
what webhook mode and the smoke test need on top:

- ``setWebhook``, ``getWebhookInfo`` and ``deleteWebhook`` remember the webhook, as Telegram does;
- ``GET /_state``: the webhook (URL, whether a secret was set) and how often each method was called;
- ``GET /_sent``: every message sent, with its chat id, the start of its text and the address of
  the replica that sent it (so the smoke test can tell which replica answered which update).

Settings: ``FAKE_TELEGRAM_TOKEN`` or ``FAKE_TELEGRAM_TOKEN_FILE`` (the bot token it accepts),
``FAKE_TELEGRAM_LISTEN`` (``host:port``, default ``0.0.0.0:8081``). It runs until SIGTERM or SIGINT.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import signal
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

# fake_telegram.py is mounted beside this file in the container; in a checkout it is in tests/.
_HERE = Path(__file__).resolve().parent
_FOLDERS = (_HERE, _HERE.parent.parent / "tests")
sys.path[:0] = [str(folder) for folder in _FOLDERS if (folder / "fake_telegram.py").is_file()]
from fake_telegram import FakeTelegram, Sent  # noqa: E402

_remote: contextvars.ContextVar[str | None] = contextvars.ContextVar("remote", default=None)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ServedFakeTelegram(FakeTelegram):
    """FakeTelegram on a chosen address, remembering its webhook and who sent each message."""

    def __post_init__(self) -> None:
        super().__post_init__()
        if not hasattr(self, "webhook"):
            self.webhook: dict[str, Any] | None = None
        self.senders: list[dict[str, Any]] = []
        self.on_send = self._remember_sender

    async def serve(self, host: str, port: int) -> int:
        """Listen on ``host:port`` (0: any free port) and return the port."""
        self._changed = asyncio.Condition()
        app = web.Application(middlewares=[self._note_remote])
        app.router.add_get("/_state", self._state)
        app.router.add_get("/_sent", self._sent)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self.port

    @web.middleware
    async def _note_remote(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        _remote.set(request.remote)
        return await handler(request)

    def _remember_sender(self, sent: Sent) -> None:
        self.senders.append({"chat_id": sent.chat_id, "text": sent.text[:80], "from": _remote.get()})

    # The webhook methods of FakeTelegram where it has them; these where it does not.
    async def _api_set_webhook(self, params: dict[str, Any]) -> Any:
        own = getattr(super(), "_api_set_webhook", None)
        if own is not None:
            return await own(params)
        self.webhook = {"url": str(params.get("url") or ""), "secret_token": params.get("secret_token")}
        return True

    async def _api_delete_webhook(self, params: dict[str, Any]) -> Any:
        self.webhook = None
        return await super()._api_delete_webhook(params)

    async def _api_get_webhook_info(self, params: dict[str, Any]) -> Any:
        own = getattr(super(), "_api_get_webhook_info", None)
        if own is not None:
            return await own(params)
        return {"url": (self.webhook or {}).get("url", ""), "pending_update_count": 0}

    async def _state(self, request: web.Request) -> web.Response:
        calls = Counter(call.method for call in self.calls)
        hook = self.webhook or {}
        webhook = {"url": hook.get("url") or "", "has_secret_token": bool(hook.get("secret_token"))}
        return web.json_response({"webhook": webhook, "calls": dict(calls)})

    async def _sent(self, request: web.Request) -> web.Response:
        return web.json_response(self.senders)


def _token() -> str:
    token = os.environ.get("FAKE_TELEGRAM_TOKEN", "").strip()
    file_name = os.environ.get("FAKE_TELEGRAM_TOKEN_FILE", "").strip()
    if not token and file_name:
        token = Path(file_name).read_text(encoding="utf-8").strip()
    if not token:
        raise SystemExit("fake_bot_api: set FAKE_TELEGRAM_TOKEN or FAKE_TELEGRAM_TOKEN_FILE")
    return token


async def _main() -> None:
    host, _, port = os.environ.get("FAKE_TELEGRAM_LISTEN", "0.0.0.0:8081").rpartition(":")
    fake = ServedFakeTelegram(_token())
    bound = await fake.serve(host or "0.0.0.0", int(port))
    print(f"fake Bot API listening on {host or '0.0.0.0'}:{bound}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await fake.stop()


if __name__ == "__main__":
    asyncio.run(_main())
