"""A small fake Discord for tests and benchmarks: REST API and gateway websocket on 127.0.0.1.

It speaks just enough of Discord's API v10 for discord.py 2.x to log in, connect, receive
MESSAGE_CREATE and INTERACTION_CREATE, and reply: ``users/@me``, ``oauth2/applications/@me``,
``gateway``/``gateway/bot``, application commands, channel messages, interaction callbacks
and webhook follow-ups; on the gateway HELLO, IDENTIFY to READY and GUILD_CREATE,
heartbeats, RESUME with replay of missed events, INVALID_SESSION and dropped connections.

Shards as on Discord: IDENTIFY's ``shard: [id, count]`` opens a session for that shard, the
fake holds one server (guild) per shard of its recommended count (``/gateway/bot``), a guild
belongs to shard ``(guild id >> 22) % count``, and each event goes out only on the connection
of the shard that owns its guild (direct messages on shard 0).

Every request and gateway payload is recorded, so tests assert on what discord.py really
sent. Frames go out as plain JSON text: discord.py asks for zlib-stream compression in the
gateway URL but decodes text frames as they come, so the fake never compresses.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

DISCORD_EPOCH_MS = 1_420_070_400_000
MESSAGE_CONTENT_INTENT = 1 << 15
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
SEND_MESSAGES_IN_THREADS = 1 << 38
EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY | SEND_MESSAGES_IN_THREADS
)

T = TypeVar("T")


@dataclass
class Recorded:
    """One REST request the fake received, and the status it answered with."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    at: float
    status: int = 200


@dataclass
class _Rule:
    method: str
    pattern: re.Pattern[str]
    times: int
    status: int
    retry_after: float = 0.0
    delay: float = 0.0


@dataclass
class _Connection:
    ws: web.WebSocketResponse
    request: web.Request
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # (shard id, shard count) from its IDENTIFY, or from the session it resumed.
    shard: tuple[int, int] | None = None


@dataclass
class _Session:
    """One shard's gateway session: its events, kept for a RESUME's replay."""

    id: str
    shard: tuple[int, int]
    conn: _Connection | None
    seq: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class FakeGuild:
    """A server with a channel that allows embeds and one that does not."""

    id: int
    name: str
    channel_id: int
    no_embed_channel_id: int
    role_id: int

    def shard(self, count: int) -> int:
        """The shard that owns this guild, by Discord's rule."""
        return (self.id >> 22) % count


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


def _is_open(conn: _Connection | None) -> bool:
    return conn is not None and not conn.ws.closed


class FakeDiscord:
    """Fake Discord REST and gateway server; ``await start()`` it, then point discord.py at it."""

    def __init__(
        self,
        *,
        token: str = "fake.bot-token.SECRET-123",
        heartbeat_interval_ms: int = 41_250,
        shards: int = 1,
    ) -> None:
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        # What /gateway/bot recommends; the fake holds one guild per shard of this count.
        self.recommended_shards = shards
        # The gateway URL /gateway/bot names; None: the fake's own.
        self.bot_gateway_url: str | None = None
        self._ids = itertools.count(1)
        self.app_id = self.snowflake()
        self.bot_id = self.app_id
        self.user_id = self.snowflake()
        self.guilds = [
            FakeGuild(
                self._snowflake_on_shard(shard, shards),
                f"Fake guild {shard}",
                self.snowflake(),
                self.snowflake(),
                self.snowflake(),
            )
            for shard in range(shards)
        ]
        self._channel_guilds = {guild.channel_id: guild for guild in self.guilds} | {
            guild.no_embed_channel_id: guild for guild in self.guilds
        }
        # The first guild's, for tests that need one guild.
        self.guild_id = self.guilds[0].id
        self.channel_id = self.guilds[0].channel_id
        self.no_embed_channel_id = self.guilds[0].no_embed_channel_id
        self.role_id = self.guilds[0].role_id
        self.dm_channel_id = self.snowflake()
        self.bot_user = {
            "id": str(self.bot_id),
            "username": "banbot",
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": True,
        }
        self.user = {
            "id": str(self.user_id),
            "username": "alice",
            "discriminator": "0",
            "global_name": "Alice",
            "avatar": None,
        }
        self.port = 0
        self.requests: list[Recorded] = []
        self.gateway_received: list[dict[str, Any]] = []
        self.gateway_queries: list[dict[str, str]] = []
        self.commands: list[dict[str, Any]] = []
        self.bot_messages: dict[str, dict[str, Any]] = {}
        self.replies: dict[str, list[Recorded]] = {}
        self.sent_at: dict[str, float] = {}
        self.identifies = 0
        self.resumes = 0
        self.gateway_refusals = 0
        self.refused_at: list[float] = []
        self.heartbeats = 0
        self.heartbeats_by_shard: Counter[int | None] = Counter()
        self.connections = 0
        # (shard id, count) of each IDENTIFY, and the shard id of each RESUME, in order.
        self.identified_shards: list[tuple[int, int]] = []
        self.resumed_shards: list[int] = []
        # Shards whose heartbeats go unanswered, like a connection that died without closing.
        self.silent_shards: set[int] = set()
        self.intents: int | None = None
        self._rules: list[_Rule] = []
        self._delays: list[_Rule] = []
        self._interactions: dict[str, dict[str, Any]] = {}
        self._all_conns: list[_Connection] = []
        self._sessions: dict[int, _Session] = {}
        self._session_numbers = itertools.count(1)
        self._dispatch_lock = asyncio.Lock()
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None

    # -- server life -------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v{version}/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        for conn in self._all_conns:
            if not conn.ws.closed:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(conn.ws.close(code=1001), 2)
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def mention(self) -> str:
        return f"<@{self.bot_id}>"

    @property
    def connected(self) -> bool:
        return bool(self.connected_shards())

    def connected_shards(self) -> set[int]:
        """The ids of the shards whose session has an open connection."""
        return {shard for shard, session in self._sessions.items() if _is_open(session.conn)}

    def shard_connection(self, shard: int) -> object | None:
        """The open connection of a shard's session (compare with ``is`` to see it was kept)."""
        session = self._sessions.get(shard)
        return session.conn if session is not None and _is_open(session.conn) else None

    def snowflake(self) -> int:
        milliseconds = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return (milliseconds << 22) | (next(self._ids) & 0x3FFFFF)

    def _snowflake_on_shard(self, shard: int, count: int) -> int:
        milliseconds = int(time.time() * 1000) - DISCORD_EPOCH_MS
        milliseconds -= (milliseconds - shard) % count
        return (milliseconds << 22) | (next(self._ids) & 0x3FFFFF)

    def guild_of(self, channel_id: int) -> FakeGuild | None:
        """The guild a channel is in; None for the DM channel."""
        return self._channel_guilds.get(channel_id)

    # -- waiting -----------------------------------------------------------------

    def _touch(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def wait_until(self, predicate: Callable[[], T], timeout: float = 10.0, what: str = "") -> T:
        """Wait until ``predicate()`` is truthy (it is re-checked after every request or frame)."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    result = predicate()
                    if result:
                        return result
                    await self._changed.wait()
        except TimeoutError:
            raise AssertionError(f"fake Discord: timed out waiting for {what or predicate}") from None

    def posts(self, pattern: str, method: str = "POST") -> list[Recorded]:
        """Successful requests whose path matches ``pattern`` (a regex, matched in full)."""
        regex = re.compile(pattern)
        return [r for r in self.requests if r.method == method and regex.fullmatch(r.path) and r.status < 300]

    def channel_posts(self, channel_id: int | None = None) -> list[Recorded]:
        channel = str(channel_id) if channel_id else r"\d+"
        return self.posts(rf"/channels/{channel}/messages")

    def replies_to(self, message_id: str) -> list[Recorded]:
        """Bot messages posted as replies to the message ``message_id``."""
        return self.replies.get(str(message_id), [])

    async def wait_reply(self, message_id: str, timeout: float = 10.0) -> Recorded:
        replies = await self.wait_until(
            lambda: self.replies_to(message_id), timeout, f"reply to {message_id}"
        )
        return replies[0]

    def interaction_requests(self, token: str) -> list[Recorded]:
        return [r for r in self.requests if token in r.path and r.status < 300]

    async def wait_interaction(self, token: str, count: int, timeout: float = 10.0) -> list[Recorded]:
        """Wait for ``count`` successful requests about the interaction (callback, follow-ups)."""
        await self.wait_until(
            lambda: len(self.interaction_requests(token)) >= count, timeout, f"{token} x{count}"
        )
        return self.interaction_requests(token)

    # -- rules -------------------------------------------------------------------

    def rate_limit(self, method: str, pattern: str, *, retry_after: float = 0.05, times: int = 1) -> None:
        """Answer the next ``times`` matching requests with 429 Too Many Requests."""
        self._rules.append(_Rule(method, re.compile(pattern), times, 429, retry_after))

    def fail(self, method: str, pattern: str, *, status: int = 403, times: int = 1) -> None:
        """Answer the next ``times`` matching requests with an error status."""
        self._rules.append(_Rule(method, re.compile(pattern), times, status))

    def heal(self) -> None:
        """Forget every failure and rate limit still queued: the REST API is back."""
        for rule in self._rules:
            rule.times = 0

    def stall(self, method: str, pattern: str, *, seconds: float, times: int = 1) -> None:
        """Hold the next ``times`` matching requests for ``seconds`` before answering them."""
        self._delays.append(_Rule(method, re.compile(pattern), times, 0, delay=seconds))

    # -- REST --------------------------------------------------------------------

    @staticmethod
    def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
        # discord.py decodes JSON only when Content-Type is exactly application/json.
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        return web.Response(body=json.dumps(data).encode(), status=status, headers=all_headers)

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json":
                body = json.loads(raw)
            else:
                body = raw.decode("utf-8", "replace")
        record = Recorded(
            request.method, path, dict(request.query), body, dict(request.headers), time.perf_counter()
        )
        self.requests.append(record)
        for rule in self._delays:
            if rule.times > 0 and rule.method == request.method and rule.pattern.fullmatch(path):
                rule.times -= 1
                self._touch()
                await asyncio.sleep(rule.delay)
        try:
            return self._respond(request.method, path, record)
        finally:
            self._touch()

    def _respond(self, method: str, path: str, record: Recorded) -> web.Response:
        for rule in self._rules:
            if rule.times > 0 and rule.method == method and rule.pattern.fullmatch(path):
                rule.times -= 1
                record.status = rule.status
                if rule.status == 429:
                    return self._json(
                        {
                            "message": "You are being rate limited.",
                            "retry_after": rule.retry_after,
                            "global": False,
                        },
                        429,
                        {
                            "Via": "1.1 google",
                            "Retry-After": "1",
                            "X-RateLimit-Limit": "5",
                            "X-RateLimit-Remaining": "0",
                            "X-RateLimit-Reset-After": str(rule.retry_after),
                            "X-RateLimit-Bucket": "fake-bucket",
                            "X-RateLimit-Scope": "user",
                        },
                    )
                return self._json({"message": "Injected failure", "code": 50013}, rule.status)
        webhook = path.startswith(("/interactions/", "/webhooks/"))
        if not webhook and record.headers.get("Authorization") != f"Bot {self.token}":
            record.status = 401
            return self._json({"message": "401: Unauthorized", "code": 0}, 401)
        result = self._route(method, path, record)
        if result is None:
            record.status = 404
            return self._json({"message": "404: Not Found", "code": 0}, 404)
        data, status = result
        record.status = status
        if status == 204:
            return web.Response(status=204)
        return self._json(data, status)

    def _route(self, method: str, path: str, record: Recorded) -> tuple[Any, int] | None:
        body: Any = record.body if isinstance(record.body, dict | list) else {}
        if method == "GET" and path == "/users/@me":
            return self.bot_user, 200
        if method == "GET" and path == "/oauth2/applications/@me":
            return self._application(), 200
        if method == "GET" and path == "/gateway":
            return {"url": self.gateway_url}, 200
        if method == "GET" and path == "/gateway/bot":
            limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
            url = self.bot_gateway_url or self.gateway_url
            return {"url": url, "shards": self.recommended_shards, "session_start_limit": limit}, 200
        if match := re.fullmatch(r"/applications/(\d+)/commands", path):
            if method == "GET":
                return self.commands, 200
            if method == "PUT" and isinstance(body, list):
                self.commands = [self._registered(command) for command in body]
                return self.commands, 200
        if method == "POST" and (match := re.fullmatch(r"/channels/(\d+)/messages", path)):
            reference = body.get("message_reference") or {}
            if "message_id" in reference:
                self.replies.setdefault(str(reference["message_id"]), []).append(record)
            return self._bot_message(int(match.group(1)), body), 200
        if method == "POST" and re.fullmatch(r"/channels/(\d+)/typing", path):
            return None, 204
        if method == "POST" and (match := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path)):
            return self._callback(match.group(1), match.group(2), body), 200
        if match := re.fullmatch(r"/webhooks/(\d+)/([^/]+)(/messages/@original)?", path):
            interaction = self._interactions.get(match.group(2))
            if interaction is None or method not in ("POST", "PATCH"):
                return None
            return self._bot_message(int(interaction["channel_id"]), body, webhook=True), 200
        return None

    def _application(self) -> dict[str, Any]:
        return {
            "id": str(self.app_id),
            "name": "banbot",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self.user,
            "verify_key": "0" * 64,
            "flags": 0,
            "team": None,
        }

    def _registered(self, command: dict[str, Any]) -> dict[str, Any]:
        registered = {key: value for key, value in command.items() if value is not None}
        registered.update(
            id=str(self.snowflake()), application_id=str(self.app_id), version=str(self.snowflake())
        )
        return registered

    def _bot_message(self, channel_id: int, body: dict[str, Any], *, webhook: bool = False) -> dict[str, Any]:
        message_id = str(self.snowflake())
        message: dict[str, Any] = {
            "id": message_id,
            "channel_id": str(channel_id),
            "author": self.bot_user,
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "pinned": False,
            "type": 19 if body.get("message_reference") else 0,
            "flags": body.get("flags") or 0,
        }
        guild = self.guild_of(channel_id)
        if guild is not None:
            message["guild_id"] = str(guild.id)
        if body.get("message_reference"):
            message["message_reference"] = body["message_reference"]
        if webhook:
            message["webhook_id"] = str(self.app_id)
            message["application_id"] = str(self.app_id)
        self.bot_messages[message_id] = message
        return message

    def _callback(self, interaction_id: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
        interaction = self._interactions.get(token, {})
        kind = body.get("type")
        data = body.get("data") or {}
        result: dict[str, Any] = {
            "interaction": {
                "id": interaction_id,
                "type": 2,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
            },
            "resource": {"type": kind},
        }
        if kind == 4:
            message = self._bot_message(
                int(interaction.get("channel_id", self.channel_id)), data, webhook=True
            )
            result["interaction"]["response_message_id"] = message["id"]
            result["resource"]["message"] = message
        return result

    # -- gateway -----------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        if self.gateway_refusals > 0:
            # A gateway that is down: the connection is refused before the upgrade.
            self.gateway_refusals -= 1
            self.refused_at.append(time.monotonic())
            self._touch()
            return web.Response(status=503, text="gateway unavailable")
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = _Connection(ws, request)
        self._all_conns.append(conn)
        self.connections += 1
        self.gateway_queries.append(dict(request.query))
        await self._send(
            conn, {"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None, "t": None}
        )
        try:
            async for frame in ws:
                if frame.type is not WSMsgType.TEXT:
                    continue
                payload = json.loads(frame.data)
                self.gateway_received.append(payload)
                await self._on_op(conn, payload)
                self._touch()
        finally:
            for session in self._sessions.values():
                if session.conn is conn:
                    session.conn = None
            self._touch()
        return ws

    async def _send(self, conn: _Connection, payload: dict[str, Any]) -> None:
        async with conn.lock:
            if not conn.ws.closed:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await conn.ws.send_str(json.dumps(payload))

    async def _on_op(self, conn: _Connection, payload: dict[str, Any]) -> None:
        op, data = payload.get("op"), payload.get("d") or {}
        if op == 1:
            shard = conn.shard[0] if conn.shard else None
            self.heartbeats += 1
            self.heartbeats_by_shard[shard] += 1
            if shard not in self.silent_shards:
                await self._send(conn, {"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:
            if data.get("token") != self.token:
                await conn.ws.close(code=4004, message=b"Authentication failed.")
                return
            await self._identify(conn, data)
        elif op == 6:
            if data.get("token") != self.token:
                await conn.ws.close(code=4004, message=b"Authentication failed.")
                return
            await self._resume(conn, data)

    async def _identify(self, conn: _Connection, data: dict[str, Any]) -> None:
        shard, count = data.get("shard") or (0, 1)
        if not 0 <= shard < count:
            await conn.ws.close(code=4010, message=b"Invalid shard.")
            return
        async with self._dispatch_lock:
            self.intents = data.get("intents")
            conn.shard = (shard, count)
            session = _Session(f"fake-session-{next(self._session_numbers)}", (shard, count), conn)
            self._sessions[shard] = session
            guilds = [guild for guild in self.guilds if guild.shard(count) == shard]
            ready = {
                "v": 10,
                "user": self.bot_user,
                "guilds": [{"id": str(guild.id), "unavailable": True} for guild in guilds],
                "session_id": session.id,
                "resume_gateway_url": self.gateway_url,
                "shard": [shard, count],
                "application": {"id": str(self.app_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
            }
            await self._dispatch_locked(session, "READY", ready)
            for guild in guilds:
                await self._dispatch_locked(session, "GUILD_CREATE", self._guild(guild))
            self.identified_shards.append((shard, count))
            self.identifies += 1

    async def _resume(self, conn: _Connection, data: dict[str, Any]) -> None:
        async with self._dispatch_lock:
            session = next((s for s in self._sessions.values() if s.id == data.get("session_id")), None)
            if session is None:
                await self._send(conn, {"op": 9, "d": False, "s": None, "t": None})
                return
            conn.shard = session.shard
            session.conn = conn
            seq = data.get("seq") or 0
            for event in session.events:
                if event["s"] > seq:
                    await self._send(conn, event)
            await self._dispatch_locked(session, "RESUMED", {})
            self.resumed_shards.append(session.shard[0])
            self.resumes += 1

    async def dispatch(self, event_type: str, data: dict[str, Any]) -> None:
        """Send a DISPATCH event to the shard that owns its guild (a DM: shard 0).

        While that shard is disconnected the event is kept for its RESUME's replay; with no
        session for the shard it is lost, as before any IDENTIFY.
        """
        guild_id = int(data["guild_id"]) if data.get("guild_id") else None
        async with self._dispatch_lock:
            for session in self._sessions.values():
                shard, count = session.shard
                if shard == (0 if guild_id is None else (guild_id >> 22) % count):
                    await self._dispatch_locked(session, event_type, data)
                    break
        self._touch()

    async def _dispatch_locked(self, session: _Session, event_type: str, data: dict[str, Any]) -> None:
        session.seq += 1
        event = {"op": 0, "t": event_type, "s": session.seq, "d": data}
        session.events.append(event)
        if session.conn is not None:
            await self._send(session.conn, event)

    def _sessions_of(self, shard: int | None) -> list[_Session]:
        return [session for key, session in self._sessions.items() if shard is None or key == shard]

    async def gateway_down(self, refusals: int = 1_000_000) -> None:
        """A gateway outage: drop the bot's connection and refuse its next ``refusals`` attempts."""
        self.gateway_refusals = refusals
        await self.drop()

    async def gateway_back(self, timeout: float = 30.0) -> float:
        """End the outage; the seconds until the bot resumed its session or identified afresh."""
        sessions = self.resumes + self.identifies
        self.gateway_refusals = 0
        started = time.monotonic()
        await self.wait_until(
            lambda: self.resumes + self.identifies > sessions, timeout, "RESUME or IDENTIFY"
        )
        return time.monotonic() - started

    async def drop(self, code: int | None = 4000, *, shard: int | None = None) -> None:
        """Close a shard's gateway connection (all when None) with ``code``, or abort its TCP when None."""
        for session in self._sessions_of(shard):
            conn, session.conn = session.conn, None
            if conn is None:
                continue
            if code is None:
                transport = conn.request.transport
                if transport is not None:
                    transport.abort()
            else:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(conn.ws.close(code=code, message=b"fake drop"), 5)
        self._touch()

    async def invalidate_session(self, *, shard: int | None = None) -> None:
        """Send INVALID_SESSION (not resumable), as Discord does when a session expires."""
        async with self._dispatch_lock:
            for session in self._sessions_of(shard):
                del self._sessions[session.shard[0]]
                if session.conn is not None:
                    await self._send(session.conn, {"op": 9, "d": False, "s": None, "t": None})

    # -- what users do -----------------------------------------------------------

    def _guild(self, guild: FakeGuild) -> dict[str, Any]:
        joined = _now_iso()
        channel = {"type": 0, "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None}
        return {
            "id": str(guild.id),
            "name": guild.name,
            "owner_id": str(self.user_id),
            "unavailable": False,
            "member_count": 2,
            "large": False,
            "features": [],
            "preferred_locale": "en-US",
            "joined_at": joined,
            "roles": [
                {"id": str(guild.id), "name": "@everyone", "permissions": str(EVERYONE_PERMISSIONS)},
                {
                    "id": str(guild.role_id),
                    "name": "readers",
                    "permissions": "0",
                    "position": 1,
                    "mentionable": True,
                },
            ],
            "emojis": [],
            "stickers": [],
            "channels": [
                {**channel, "id": str(guild.channel_id), "name": "general"},
                {
                    **channel,
                    "id": str(guild.no_embed_channel_id),
                    "name": "no-embeds",
                    "position": 1,
                    "permission_overwrites": [
                        {"id": str(guild.id), "type": 0, "allow": "0", "deny": str(EMBED_LINKS)}
                    ],
                },
            ],
            "threads": [],
            "members": [
                {
                    "user": self.bot_user,
                    "roles": [],
                    "joined_at": joined,
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                }
            ],
            "voice_states": [],
            "presences": [],
        }

    def _content_visible(self, content: str, guild: bool, mentioned: bool) -> str:
        # Like Discord: without the message-content intent a bot sees the text of guild
        # messages only when they mention it.
        intents = self.intents or 0
        if guild and not mentioned and not intents & MESSAGE_CONTENT_INTENT:
            return ""
        return content

    async def send_message(
        self,
        content: str,
        *,
        channel_id: int | None = None,
        dm: bool = False,
        reply_to: dict[str, Any] | None = None,
        reply_ping: bool = True,
        author: dict[str, Any] | None = None,
    ) -> str:
        """A user's message, as MESSAGE_CREATE; mentions are read from ``<@id>`` in the content."""
        message_id = str(self.snowflake())
        channel = self.dm_channel_id if dm else (channel_id or self.channel_id)
        guild = self.guild_of(channel)
        mentions = [self.bot_user] if re.search(rf"<@!?{self.bot_id}>", content) else []
        if (
            reply_to is not None
            and reply_ping
            and not mentions
            and reply_to["author"]["id"] == str(self.bot_id)
        ):
            mentions = [self.bot_user]
        mentioned = bool(mentions)
        data: dict[str, Any] = {
            "id": message_id,
            "channel_id": str(channel),
            "author": author or self.user,
            "content": self._content_visible(content, not dm, mentioned),
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": bool(re.search(r"@(everyone|here)\b", content)),
            "mentions": mentions,
            "mention_roles": re.findall(r"<@&(\d+)>", content),
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 19 if reply_to is not None else 0,
            "flags": 0,
        }
        if guild is not None:
            data["guild_id"] = str(guild.id)
            data["member"] = {"roles": [], "joined_at": _now_iso(), "deaf": False, "mute": False, "flags": 0}
        if reply_to is not None:
            data["message_reference"] = {
                "type": 0,
                "message_id": reply_to["id"],
                "channel_id": reply_to["channel_id"],
                **({"guild_id": str(guild.id)} if guild is not None else {}),
            }
            data["referenced_message"] = reply_to
        self.sent_at[message_id] = time.perf_counter()
        await self.dispatch("MESSAGE_CREATE", data)
        return message_id

    async def send_command(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        dm: bool = False,
        channel_id: int | None = None,
    ) -> str:
        """A user's slash command, as INTERACTION_CREATE; returns the interaction token."""
        command_id = next((c["id"] for c in self.commands if c.get("name") == name), str(self.snowflake()))
        command = {
            "id": command_id,
            "name": name,
            "type": 1,
            "options": [{"name": key, "type": 3, "value": value} for key, value in (options or {}).items()],
        }
        return await self._interact(2, command, dm=dm, channel_id=channel_id)

    async def press_button(
        self, message: dict[str, Any], custom_id: str, *, user: dict[str, Any] | None = None
    ) -> str:
        """A user's press of a button on the bot's ``message``; returns the interaction token."""
        channel_id = int(message["channel_id"])
        # A message from another fake (before a restart) is pressed in this one's first guild.
        return await self._interact(
            3,
            {"custom_id": custom_id, "component_type": 2},
            dm=channel_id == self.dm_channel_id,
            channel_id=channel_id if self.guild_of(channel_id) else None,
            message=message,
            user=user,
        )

    def buttons(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        """The buttons of a message the bot sent, row by row."""
        return [item for row in message.get("components", []) for item in row.get("components", [])]

    async def _interact(
        self,
        kind: int,
        payload: dict[str, Any],
        *,
        dm: bool,
        channel_id: int | None = None,
        message: dict[str, Any] | None = None,
        user: dict[str, Any] | None = None,
    ) -> str:
        interaction_id = str(self.snowflake())
        token = f"interaction-token-{interaction_id}"
        user = user or self.user
        data: dict[str, Any] = {
            "id": interaction_id,
            "application_id": str(self.app_id),
            "type": kind,
            "token": token,
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            "app_permissions": str(EVERYONE_PERMISSIONS),
            "data": payload,
        }
        if message is not None:
            data["message"] = message
        if dm:
            data.update(
                channel_id=str(self.dm_channel_id),
                channel={"id": str(self.dm_channel_id), "type": 1, "recipients": [user]},
                user=user,
                context=1,
                authorizing_integration_owners={"0": str(self.user_id)},
            )
        else:
            channel = channel_id or self.channel_id
            guild = self._channel_guilds[channel]
            data.update(
                guild_id=str(guild.id),
                guild={"id": str(guild.id), "locale": "en-US", "features": []},
                guild_locale="en-US",
                channel_id=str(channel),
                channel={
                    "id": str(channel),
                    "type": 0,
                    "guild_id": str(guild.id),
                    "name": "general",
                    "position": 0,
                    "permission_overwrites": [],
                },
                member={
                    "user": user,
                    "roles": [],
                    "joined_at": _now_iso(),
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                    "permissions": str(EVERYONE_PERMISSIONS),
                },
                context=0,
                authorizing_integration_owners={"0": str(guild.id)},
            )
        self._interactions[token] = data
        self.sent_at[interaction_id] = time.perf_counter()
        await self.dispatch("INTERACTION_CREATE", data)
        return token
