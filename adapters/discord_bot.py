"""The Discord adapter: settings, the client and its handlers (/ask, /sources, mentions, replies, DMs).

On discord.py 2.x. Rendering is in ``discord_render``, the slash commands in
``discord_commands``, capped retries and the client's start and close in ``discord_delivery``,
and the shard settings, launching and health in ``discord_shards``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import re
import signal
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.common import AnswerProvider, ConfigError, optional_url, read_secret
from adapters.discord_commands import CommandTree, add_commands, sync_commands
from adapters.discord_delivery import (
    cap_reconnect_waits,
    cap_rest_retries,
    one_line,
    quiet_reconnect_logs,
    resume_dropped_shards,
    run_client,
)
from adapters.discord_render import NO_MENTIONS, SORRY, ReplyPart, clean_question, reply_parts
from adapters.discord_shards import ShardedClient, shards_from_env
from adapters.feedback import (
    DOWN,
    PRESS_PATTERN,
    RECORDER_CLOSE_SECONDS,
    THANKS,
    UP,
    answer_and_record,
    button_data,
    recorder_from_env,
)
from adapters.flood import DEFAULT_RATE, FloodGate, UserRate, parse_rate, rate_from_env
from adapters.store import NullRecorder, Recorder
from bot.models import Answer

logger = logging.getLogger(__name__)

TOKEN_ENV = "DISCORD_BOT_TOKEN"
API_URL_ENV = "BANBOT_DISCORD_API_URL"
GATEWAY_URL_ENV = "BANBOT_DISCORD_GATEWAY_URL"

REPLY_HINT = "I can only read replies that mention me. Mention me, or use /ask, to ask a question."


@dataclass(frozen=True)
class DiscordSettings:
    """How to reach Discord and how the client behaves; the token is never shown in a repr."""

    token: str = field(repr=False)
    api_url: str | None = None
    gateway_url: str | None = None
    sync_commands: bool = False
    # discord.py waits this long after the last GUILD_CREATE before it calls itself ready.
    guild_ready_timeout: float = 2.0
    # Discord allows one IDENTIFY per 5 s; discord.py waits that long before identifying again.
    reidentify_delay: float = 5.0
    # How long a shutdown may take before the connection task is cancelled.
    close_timeout: float = 10.0
    # First pause before a client that died of an unexpected error is replaced; it doubles.
    restart_delay: float = 1.0
    # How many questions one user may ask in how many seconds (BANBOT_USER_RATE).
    user_rate: UserRate = field(default_factory=lambda: parse_rate(DEFAULT_RATE))
    # The shards to run (BANBOT_DISCORD_SHARD_COUNT and _IDS); None: Discord's recommended count, all of them.
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    # A shard not heard from for this long holds back on_alive; Discord acknowledges each
    # shard's heartbeat about every 41 s, and discord.py reconnects a shard silent for 60 s.
    shard_silence: float = 60.0


def settings_from_env(
    environ: Mapping[str, str] | None = None, *, sync_commands: bool = False
) -> DiscordSettings:
    """Read the settings from the environment; raises :class:`ConfigError` naming a bad setting."""
    token = read_secret(TOKEN_ENV, environ)
    if any(char.isspace() for char in token):
        raise ConfigError(f"{TOKEN_ENV}: must be the bare bot token, without a 'Bot ' prefix or spaces")
    shard_count, shard_ids = shards_from_env(environ)
    return DiscordSettings(
        token=token,
        api_url=optional_url(API_URL_ENV, environ),
        # The gateway is a websocket URL, and discord.py appends its query to it as given.
        gateway_url=optional_url(
            GATEWAY_URL_ENV, environ, schemes=("ws", "wss", "http", "https"), strip_slash=False
        ),
        sync_commands=sync_commands,
        user_rate=rate_from_env(environ),
        shard_count=shard_count,
        shard_ids=shard_ids,
    )


class _AnswererError(Exception):
    """The core failed on a question (not the reply): the asker gets an apology."""


class BanbotClient(ShardedClient):
    """A sharded client with a command tree: slash commands, mentions, replies to it and DMs."""

    def __init__(
        self,
        answerer: AnswerProvider,
        settings: DiscordSettings,
        *,
        on_alive: Callable[[], None] | None = None,
        recorder: Recorder | None = None,
    ) -> None:
        intents = discord.Intents.none()
        # Guilds for the channel cache; guild and DM messages for mentions and DMs. Discord
        # still sends the text of messages that mention the bot and of DMs without the
        # privileged message-content intent, so it is not asked for.
        intents.guilds = True
        intents.guild_messages = True
        intents.dm_messages = True
        super().__init__(
            shard_count=settings.shard_count,
            shard_ids=settings.shard_ids,
            gateway_configured=settings.gateway_url is not None,
            reidentify_delay=settings.reidentify_delay,
            shard_silence=settings.shard_silence,
            on_alive=on_alive,
            intents=intents,
            # On the client, so every send (replies, follow-ups, errors) pings no one.
            allowed_mentions=NO_MENTIONS,
            max_messages=None,
            chunk_guilds_at_startup=False,
            guild_ready_timeout=settings.guild_ready_timeout,
            activity=discord.Activity(type=discord.ActivityType.listening, name="/ask"),
        )
        self.answerer = answerer
        self.settings = settings
        self.recorder = recorder or NullRecorder()
        self.gate = FloodGate(settings.user_rate)
        self.tree = CommandTree(self)
        add_commands(self)

    async def setup_hook(self) -> None:
        cap_rest_retries(self)
        # Buttons under answers sent before a restart still reach this client.
        self.add_dynamic_items(FeedbackButton)
        await sync_commands(self)

    def dispatch(self, event: str, /, *args: Any, **kwargs: Any) -> None:
        # close() drops the client's loop, and discord.py still dispatches what arrives late
        # (such as its delayed READY), which would then fail with a traceback at shutdown.
        if self.is_closed():
            return
        super().dispatch(event, *args, **kwargs)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        error = sys.exc_info()[1]
        logger.error("Error in Discord event %s: %s", event_method, one_line(error, self.http.token))
        logger.debug("Discord event %s traceback", event_method, exc_info=error)

    async def on_message(self, message: discord.Message) -> None:
        me = self.user
        if me is None or message.author.bot or message.webhook_id is not None:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        direct = message.guild is None
        mentioned = any(user.id == me.id for user in message.mentions)
        replied = _replies_to(message, me.id)
        if not (direct or mentioned or replied):
            return
        if replied and not (direct or mentioned) and not message.content.strip():
            # Without the message-content intent a reply that does not ping arrives empty.
            await self._send(message, [ReplyPart(content=REPLY_HINT)])
            return
        verdict = self.gate.check("discord", message.author.id)
        if not verdict.allowed:
            # Past the limit: one notice, then silence until the user is under it again.
            if verdict.notify:
                await self._send(message, [ReplyPart(content=verdict.notice())])
            return
        where = "DM" if direct else ("mention" if mentioned else "reply")
        embeds = _can_embed(message)

        async def reply(parts: list[ReplyPart], view: discord.ui.View | None) -> None:
            await self._send(message, parts, view)

        await self.answer(message.content, where, reply, embeds=embeds, private=direct)

    async def answer(
        self,
        text: str,
        where: str,
        reply: Callable[[list[ReplyPart], discord.ui.View | None], Awaitable[None]],
        *,
        embeds: bool,
        private: bool,
    ) -> None:
        """Ask the core in a worker thread (a slow answerer never stalls the gateway), reply, record."""
        question = clean_question(text)

        async def ask() -> Answer:
            try:
                return await asyncio.to_thread(self.answerer.ask, question)
            except Exception as error:
                raise _AnswererError from error

        async def send(answer: Answer, record_id: str | None) -> None:
            # DEBUG: the service's answerer wrapper already logs one INFO line per question.
            logger.debug("Question via %s: %s", where, "answered" if answer.answered else "abstained")
            await reply(reply_parts(answer, embeds=embeds), feedback_view(record_id))

        try:
            await answer_and_record(
                ask, send, self.recorder, platform="discord", chat_kind="private" if private else "group"
            )
        except _AnswererError as failure:
            error = failure.__cause__
            logger.error("Answering a question (%s) failed: %s", where, one_line(error, self.http.token))
            logger.debug("Answering traceback", exc_info=error)
            await reply([ReplyPart(content=SORRY)], None)

    async def _send(
        self, message: discord.Message, parts: Sequence[ReplyPart], view: discord.ui.View | None = None
    ) -> None:
        reference = message.to_reference(fail_if_not_exists=False)
        try:
            for index, part in enumerate(parts):
                kwargs = part.send_kwargs()
                if index == 0:
                    kwargs["reference"] = reference
                if view is not None and index == len(parts) - 1:
                    kwargs["view"] = view
                await message.channel.send(mention_author=False, allowed_mentions=NO_MENTIONS, **kwargs)
        except discord.HTTPException as error:
            logger.warning(
                "Could not reply in channel %s: %s", message.channel.id, one_line(error, self.http.token)
            )


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=PRESS_PATTERN):
    """👍 or 👎 under an answer; its custom id (``fb:+:<record id>``) is all it carries.

    A dynamic item, so that a press on an answer sent before a restart still counts: the
    client registers the template, and discord.py rebuilds the button from the custom id.
    """

    def __init__(self, record_id: str, vote: int) -> None:
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.secondary,
                emoji=UP if vote > 0 else DOWN,
                custom_id=button_data(record_id, vote),
            )
        )
        self.record_id = record_id
        self.vote = vote

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[discord.Client],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> FeedbackButton:
        return cls(match["record"], 1 if match["vote"] == "+" else -1)

    async def callback(self, interaction: discord.Interaction[discord.Client]) -> None:
        client = interaction.client
        if isinstance(client, BanbotClient):
            client.recorder.vote(self.record_id, "discord", interaction.user.id, self.vote)
        await interaction.response.send_message(THANKS, ephemeral=True, allowed_mentions=NO_MENTIONS)


def feedback_view(record_id: str | None) -> discord.ui.View | None:
    """The 👍 and 👎 buttons for one answer, or None when answers are not recorded."""
    if record_id is None:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton(record_id, 1))
    view.add_item(FeedbackButton(record_id, -1))
    return view


def _replies_to(message: discord.Message, user_id: int) -> bool:
    reference = message.reference
    if reference is None:
        return False
    resolved = reference.resolved
    return isinstance(resolved, discord.Message) and resolved.author.id == user_id


def _can_embed(message: discord.Message) -> bool:
    # Without Embed Links Discord drops the embed silently and the reply would arrive empty.
    channel = message.channel
    guild = message.guild
    if (
        guild is None
        or guild.me is None
        or not isinstance(channel, discord.abc.GuildChannel | discord.Thread)
    ):
        return True
    try:
        return channel.permissions_for(guild.me).embed_links
    except discord.ClientException:
        # A thread whose parent channel is not cached; embeds are the usual case.
        return True


def _use_endpoints(settings: DiscordSettings) -> None:
    # discord.py has no per-client option for these; they are class attributes, so they hold
    # for every client in the process. Only set when configured, so the defaults stay Discord's.
    if settings.api_url:
        Route.BASE = settings.api_url
    if settings.gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


def build_client(
    answerer: AnswerProvider,
    settings: DiscordSettings,
    *,
    on_alive: Callable[[], None] | None = None,
    recorder: Recorder | None = None,
) -> BanbotClient:
    """Make a client ready to start: commands registered, endpoints and intents set, pinging nobody."""
    _use_endpoints(settings)
    # banbot never joins voice; the missing voice libraries would warn on every start.
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    cap_reconnect_waits()
    resume_dropped_shards()
    quiet_reconnect_logs()
    return BanbotClient(answerer, settings, on_alive=on_alive, recorder=recorder)


async def serve(
    answerer: AnswerProvider,
    settings: DiscordSettings,
    stop: asyncio.Event,
    on_alive: Callable[[], None] | None = None,
    recorder: Recorder | None = None,
) -> None:
    """Log in and stay connected until ``stop`` is set, then close the connection cleanly.

    discord.py resumes or re-identifies dropped gateway sessions by itself. Should its
    connection loop still die of an unexpected error once logged in, a new client starts
    after a growing pause. Raises what no retry can mend: ``discord.LoginFailure`` for a
    rejected token, ``discord.PrivilegedIntentsRequired``, ``discord.ConnectionClosed`` for
    a gateway that refuses the session, or any error before the login succeeded.
    """
    loop = asyncio.get_running_loop()
    failures = 0
    while not stop.is_set():
        client = build_client(answerer, settings, on_alive=on_alive, recorder=recorder)
        started = loop.time()
        error = await run_client(client, settings.token, stop, settings.close_timeout)
        if stop.is_set() or error is None:
            return
        if isinstance(error, _FATAL) or client.user is None:
            raise error
        # A client that ran for a while failed afresh, not as part of a crash loop.
        failures = 1 if loop.time() - started > _STABLE_RUN_SECONDS else failures + 1
        delay = min(settings.restart_delay * 2 ** (failures - 1), _MAX_RESTART_DELAY)
        logger.error(
            "The Discord connection failed: %s; starting a new one in %.1f s",
            one_line(error, settings.token),
            delay,
        )
        logger.debug("Discord connection traceback", exc_info=error)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)


_FATAL = (discord.LoginFailure, discord.PrivilegedIntentsRequired, discord.ConnectionClosed)
_STABLE_RUN_SECONDS = 300.0
_MAX_RESTART_DELAY = 60.0


async def _run(answerer: AnswerProvider, settings: DiscordSettings, recorder: Recorder) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    installed = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
            installed.append(signum)
    try:
        await serve(answerer, settings, stop, recorder=recorder)
    except discord.LoginFailure:
        print(f"banbot: Discord rejected the bot token ({TOKEN_ENV})", file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        print("banbot: Discord refused a privileged intent", file=sys.stderr)
        return 1
    except (discord.DiscordException, aiohttp.ClientError, OSError) as error:
        print(f"banbot: Discord connection failed: {one_line(error, settings.token)}", file=sys.stderr)
        return 1
    finally:
        for signum in installed:
            loop.remove_signal_handler(signum)
    logger.info("Stopped")
    return 0


def main(args: argparse.Namespace) -> int:
    """``banbot discord``: run until SIGTERM or Ctrl-C; 0 when stopped, 2 for a bad setting."""
    try:
        settings = settings_from_env(sync_commands=bool(getattr(args, "sync", False)))
        recorder = recorder_from_env()
    except ConfigError as error:
        print(f"banbot: {error}", file=sys.stderr)
        return 2
    from bot.answerer import Answerer
    from bot.logs import redact_secrets_in_logs

    redact_secrets_in_logs(settings.token)
    answerer = Answerer.from_folder(getattr(args, "knowledge", None), meaning=getattr(args, "meaning", False))
    answerer.warm_up()
    try:
        return asyncio.run(_run(answerer, settings, recorder))
    finally:
        recorder.close(RECORDER_CLOSE_SECONDS)
