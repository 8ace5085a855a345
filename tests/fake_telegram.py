"""A small fake Telegram Bot API server on 127.0.0.1 for the adapter's tests and benchmark.

It speaks enough of the Bot API for python-telegram-bot: ``getMe``, long-polling
``getUpdates``, ``sendMessage``, ``answerInlineQuery``, ``answerCallbackQuery``,
``setMyCommands``, and for webhook mode ``setWebhook``, ``getWebhookInfo`` and
``deleteWebhook`` (``post_update`` then delivers an update to the webhook as Telegram would).
It checks Telegram HTML the way Telegram does (allowed tags, balanced, entities escaped, at
most 4096 characters after parsing) and can fail requests on demand.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

BOT_ID = 7000001
BOT_USERNAME = "banbot_test_bot"
MESSAGE_LIMIT = 4096
# Form fields that are strings even when they look like JSON numbers or lists.
_STRING_FIELDS = frozenset(
    {
        "text",
        "query",
        "parse_mode",
        "inline_query_id",
        "callback_query_id",
        "next_offset",
        "description",
        "url",
        "secret_token",
    }
)
_ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")


class HtmlError(ValueError):
    """Text that Telegram would refuse with 'can't parse entities'."""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            raise HtmlError(f"unsupported start tag {tag!r}")
        if tag == "a" and not dict(attrs).get("href"):
            raise HtmlError("<a> without href")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise HtmlError(f"unsupported self-closing tag {tag!r}")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise HtmlError(f"unexpected end tag {tag!r}")
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> str:
    """The visible text of Telegram HTML, or ``HtmlError`` where Telegram would refuse it."""
    stripped = _TAG.sub("", text)
    if "<" in stripped or ">" in stripped:
        raise HtmlError("unescaped < or > outside a tag")
    if "&" in _ENTITY.sub("", stripped):
        raise HtmlError("unescaped & outside an entity")
    parser = _Parser()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise HtmlError(f"unclosed tags {parser.stack}")
    return "".join(parser.text)


def tg_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf16_offset(text: str, index: int) -> int:
    return tg_len(text[:index])


@dataclass
class Fault:
    """One failure to inflict on a method: an error status, or a dropped connection."""

    status: int = 502
    description: str = "Bad Gateway"
    retry_after: int | None = None
    disconnect: bool = False


@dataclass
class Call:
    """One request the server received."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200


@dataclass
class Sent:
    """A message the bot sent: the request's fields and the Message returned for it."""

    chat_id: int
    html: str
    text: str
    params: dict[str, Any]
    message: dict[str, Any]
    at: float

    @property
    def reply_to(self) -> int | None:
        reply = self.params.get("reply_parameters") or {}
        value = reply.get("message_id") if isinstance(reply, dict) else None
        return int(value) if value is not None else None

    @property
    def buttons(self) -> list[dict[str, Any]]:
        markup = self.params.get("reply_markup") or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]


@dataclass
class FakeTelegram:
    """The fake server. ``start`` it, point ``api_url`` (the bot's ``base_url``) at it, push updates."""

    token: str
    max_poll_wait: float = 0.5
    port: int = 0
    calls: list[Call] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    inline_answers: list[dict[str, Any]] = field(default_factory=list)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    pushed_at: dict[int, float] = field(default_factory=dict)
    on_send: Callable[[Sent], None] | None = None
    webhooks: list[dict[str, Any]] = field(default_factory=list)
    webhook: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._confirmed = 0
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(100)
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._chats: dict[int, dict[str, Any]] = {}
        self._closing = False
        self._down: Fault | None = None
        self._client: ClientSession | None = None

    # -- life cycle ---------------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        # Let pending long polls return at once instead of holding up the server's shutdown.
        self._closing = True
        if self._changed is not None:
            await self._notify()
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def api_url(self) -> str:
        """The Bot API base URL, to which the bot appends its token."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "banbot",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    # -- faults and waiting -------------------------------------------------------------------

    def fail(self, method: str, fault: Fault | None = None, times: int = 1) -> None:
        """Fail the next ``times`` calls of ``method`` (default: 502 Bad Gateway)."""
        for _ in range(times):
            self._faults[method].append(fault or Fault())

    def heal(self, method: str) -> None:
        """Forget the failures still queued for ``method``: that part of the Bot API is back."""
        self._faults.pop(method, None)

    def go_down(self, fault: Fault | None = None) -> None:
        """Fail every call of every method (default: 502) until ``come_back``."""
        self._down = fault or Fault()

    def come_back(self) -> None:
        self._down = None

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until ``predicate()`` holds, re-checked after every request; bounded by ``timeout``."""
        assert self._changed is not None
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(predicate)

    async def wait_sent(
        self, count: int = 1, chat_id: int | None = None, timeout: float = 10.0
    ) -> list[Sent]:
        """Wait for ``count`` messages (to ``chat_id``, if given) and return them."""

        def matching() -> list[Sent]:
            return [sent for sent in self.sent if chat_id is None or sent.chat_id == chat_id]

        await self.wait_for(lambda: len(matching()) >= count, timeout)
        return matching()

    async def wait_polling(self, polls: int = 1, timeout: float = 10.0) -> None:
        """Wait until the bot has asked for updates ``polls`` times (so it is running)."""
        await self.wait_for(lambda: self.count("getUpdates") >= polls, timeout)

    def count(self, method: str) -> int:
        return sum(1 for call in self.calls if call.method == method)

    # -- updates --------------------------------------------------------------------------------

    def update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """A new update (with the next id) holding ``payload``, not yet delivered."""
        return {"update_id": next(self._update_ids), kind: payload}

    def push(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update for ``getUpdates``; returns its id."""
        update = self.update(kind, payload)
        update_id = int(update["update_id"])
        self._updates.append(update)
        self.pushed_at[update_id] = time.perf_counter()
        if self._changed is not None:
            asyncio.get_running_loop().create_task(self._notify())
        return update_id

    def user(self, user_id: int = 42, name: str = "Ann") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": name, "language_code": "en"}

    def chat(self, chat_id: int, chat_type: str | None = None) -> dict[str, Any]:
        kind = chat_type or ("private" if chat_id > 0 else "supergroup")
        chat: dict[str, Any] = {"id": chat_id, "type": kind}
        if kind == "private":
            chat["first_name"] = "Ann"
        else:
            chat["title"] = "Test group"
        self._chats[chat_id] = chat
        return chat

    def message(
        self,
        text: str | None = None,
        *,
        chat_id: int = 42,
        chat_type: str | None = None,
        user_id: int | None = None,
        reply_to: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Build an incoming message, with the entities Telegram would add for commands and mentions."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat(chat_id, chat_type),
            "from": self.user(user_id if user_id is not None else (chat_id if chat_id > 0 else 42)),
        }
        if text is not None:
            message["text"] = text
            entities = []
            command = re.match(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?", text)
            if command:
                entities.append({"type": "bot_command", "offset": 0, "length": tg_len(command.group())})
            for mention in re.finditer(r"(?<![\w/])@[A-Za-z0-9_]{3,}", text):
                entities.append(
                    {
                        "type": "mention",
                        "offset": utf16_offset(text, mention.start()),
                        "length": tg_len(mention.group()),
                    }
                )
            if entities:
                message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        if extra:
            message.update(extra)
        return message

    def push_message(self, text: str | None = None, **kwargs: Any) -> dict[str, Any]:
        message = self.message(text, **kwargs)
        self.push("message", message)
        return message

    def inline_query(self, query: str, user_id: int = 42) -> dict[str, Any]:
        return {
            "id": f"iq{next(self._message_ids)}",
            "from": self.user(user_id),
            "query": query,
            "offset": "",
        }

    def callback_query(self, data: str, message: dict[str, Any], user_id: int = 42) -> dict[str, Any]:
        return {
            "id": f"cq{next(self._message_ids)}",
            "from": self.user(user_id),
            "chat_instance": "ci-1",
            "data": data,
            "message": message,
        }

    def push_inline_query(self, query: str, user_id: int = 42) -> str:
        payload = self.inline_query(query, user_id)
        self.push("inline_query", payload)
        return str(payload["id"])

    def push_callback_query(self, data: str, message: dict[str, Any], user_id: int = 42) -> str:
        payload = self.callback_query(data, message, user_id)
        self.push("callback_query", payload)
        return str(payload["id"])

    async def post_update(
        self,
        update: dict[str, Any] | bytes,
        url: str | None = None,
        secret: str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 10.0,
    ) -> int:
        """POST an update to a webhook as Telegram does; returns the HTTP status.

        ``url`` and ``secret`` default to the webhook last set (``secret=""`` sends no header);
        ``update`` may be raw bytes, to send what Telegram never would.
        """
        webhook = self.webhook or {}
        target = url if url is not None else webhook.get("url")
        token = secret if secret is not None else webhook.get("secret_token")
        assert target, "no webhook set"
        sent_headers = {"Content-Type": "application/json", **(headers or {})}
        if token:
            sent_headers["X-Telegram-Bot-Api-Secret-Token"] = str(token)
        body = update if isinstance(update, bytes) else json.dumps(update).encode()
        if self._client is None:
            self._client = ClientSession(timeout=ClientTimeout(total=timeout))
        if isinstance(update, dict) and "update_id" in update:
            self.pushed_at[int(update["update_id"])] = time.perf_counter()
        async with self._client.post(target, data=body, headers=sent_headers) as response:
            await response.read()
            return response.status

    # -- HTTP -----------------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            body = await request.json()
            return dict(body) if isinstance(body, dict) else {}
        raw: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            raw.update(dict(await request.post()))
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if not isinstance(value, str) or key in _STRING_FIELDS:
                params[key] = value
                continue
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
        return params

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await self._params(request)
        call = Call(method, params, time.perf_counter())
        self.calls.append(call)
        await self._notify()
        try:
            if request.match_info["token"] != self.token:
                call.status = 401
                return _error(401, "Unauthorized")
            faults = self._faults.get(method)
            if faults or self._down is not None:
                fault = faults.popleft() if faults else self._down
                assert fault is not None
                if fault.disconnect:
                    call.status = 0
                    assert request.transport is not None
                    request.transport.close()
                    return web.Response(status=500)
                call.status = fault.status
                extra = {"retry_after": fault.retry_after} if fault.retry_after is not None else None
                return _error(fault.status, fault.description, extra)
            handler = getattr(self, f"_api_{_snake_case(method)}", None)
            if handler is None:
                call.status = 404
                return _error(404, "Not Found: method not found")
            try:
                result = await handler(params)
            except HtmlError as error:
                call.status = 400
                return _error(400, f"Bad Request: can't parse entities: {error}")
            except _ApiError as error:
                call.status = error.status
                return _error(error.status, error.description)
            return web.json_response({"ok": True, "result": result})
        finally:
            await self._notify()

    async def _api_get_me(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    async def _api_delete_webhook(self, params: dict[str, Any]) -> Any:
        self.webhook = None
        return True

    async def _api_set_webhook(self, params: dict[str, Any]) -> Any:
        url = params.get("url")
        if not isinstance(url, str) or not url.startswith(
            ("https://", "http://127.0.0.1", "http://localhost")
        ):
            raise _ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = {
            "url": url,
            "secret_token": params.get("secret_token"),
            "allowed_updates": params.get("allowed_updates"),
        }
        self.webhooks.append(dict(self.webhook))
        return True

    async def _api_get_webhook_info(self, params: dict[str, Any]) -> Any:
        info: dict[str, Any] = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        if self.webhook is not None:
            info.update(url=self.webhook["url"], allowed_updates=self.webhook["allowed_updates"])
        return info

    async def _api_set_my_commands(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_get_updates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        wait = min(float(params.get("timeout") or 0), self.max_poll_wait)
        if offset:
            self._confirmed = max(self._confirmed, offset - 1)
            self._updates = [update for update in self._updates if update["update_id"] >= offset]

        def ready() -> bool:
            return self._closing or any(update["update_id"] > self._confirmed for update in self._updates)

        if not ready() and wait > 0:
            assert self._changed is not None
            try:
                async with asyncio.timeout(wait), self._changed:
                    await self._changed.wait_for(ready)
            except TimeoutError:
                pass
        return [update for update in self._updates if update["update_id"] > self._confirmed][:limit]

    async def _api_send_message(self, params: dict[str, Any]) -> Any:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        visible = parse_html(text) if params.get("parse_mode") == "HTML" else text
        if tg_len(visible) > MESSAGE_LIMIT:
            raise _ApiError(400, "Bad Request: message is too long")
        chat_id = int(params["chat_id"])
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chats.get(chat_id) or self.chat(chat_id),
            "from": self.bot_user,
            "text": visible,
        }
        sent = Sent(chat_id, text, visible, params, message, time.perf_counter())
        self.sent.append(sent)
        if self.on_send is not None:
            self.on_send(sent)
        return message

    async def _api_answer_inline_query(self, params: dict[str, Any]) -> Any:
        for result in params.get("results") or []:
            content = result.get("input_message_content") or {}
            if content.get("parse_mode") == "HTML":
                visible = parse_html(content.get("message_text", ""))
                if tg_len(visible) > MESSAGE_LIMIT:
                    raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.inline_answers.append(params)
        return True

    async def _api_answer_callback_query(self, params: dict[str, Any]) -> Any:
        self.callback_answers.append(params)
        return True


def _snake_case(method: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", method).lower()


class _ApiError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)
