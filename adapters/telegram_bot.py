"""The Telegram adapter: settings, Telegram HTML rendering, update handlers and the polling loop."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import html
import logging
import os
import random
import re
import signal
import sys
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from http import HTTPStatus
from typing import Any, TypeAlias

from telegram import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType, InlineQueryLimit, MessageLimit, ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from adapters.common import AnswerProvider, ConfigError, optional_url, read_secret, split_message
from adapters.flood import DEFAULT_RATE, FloodGate, UserRate, Verdict, parse_rate, rate_from_env
from bot.logs import RedactingFilter, redact_secrets_in_logs
from bot.models import Answer, Quote, Source
from bot.render import abstention_lines, source_line

logger = logging.getLogger(__name__)

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
API_URL_ENV = "BANBOT_TELEGRAM_API_URL"
MESSAGE_LIMIT = MessageLimit.MAX_TEXT_LENGTH
_TOKEN = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{20,}")
_SAFE_LINK = re.compile(r"^https?://[^\s\"<>]+$", re.IGNORECASE)
_CALLBACK_ASK = "ask:"
# Only what the handlers use, so Telegram does not send (and we do not parse) anything else.
_ALLOWED_UPDATES = (Update.MESSAGE, Update.INLINE_QUERY, Update.CALLBACK_QUERY)
# The loggers that can print the token: httpx logs request URLs, PTB logs its API URL and error texts.
_LIBRARY_LOGGERS = ("httpx", "httpcore", "telegram")
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_INLINE_SHORTENED = "(Shortened: message me for the full answer.)"

BotT: TypeAlias = ExtBot[Any]
ContextT: TypeAlias = CallbackContext[BotT, dict[Any, Any], dict[Any, Any], dict[Any, Any]]
TelegramApp: TypeAlias = Application[BotT, ContextT, dict[Any, Any], dict[Any, Any], dict[Any, Any], None]


@dataclass(frozen=True)
class TelegramSettings:
    """How the Telegram adapter connects and how hard it tries.

    Only ``token`` and ``api_url`` come from the environment; the rest are tuning with
    defaults suited to Telegram's servers, set in code by tests and benchmarks.

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


def settings_from_env(environ: Mapping[str, str] | None = None) -> TelegramSettings:
    """Read ``TELEGRAM_BOT_TOKEN`` (or ``_FILE``) and ``BANBOT_TELEGRAM_API_URL``.

    Raises:
        ConfigError: the token is missing or not shaped like a BotFather token, or the URL is invalid.

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
    return TelegramSettings(token=token, api_url=api_url, user_rate=rate_from_env(env))


# ---------------------------------------------------------------------------------------------
# Rendering: Telegram HTML, split into messages of at most MESSAGE_LIMIT characters.


def _tg_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units), so astral characters count twice."""
    return len(text.encode("utf-16-le")) // 2


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _escaped_pieces(text: str, limit: int, open_tag: str = "", close_tag: str = "") -> list[str]:
    """Escape ``text`` and wrap each piece in the tags, splitting so every piece fits ``limit``.

    Splitting happens on the plain text (paragraph, line, sentence, then word boundaries), so a
    cut never lands inside an entity like ``&amp;`` and every piece's tags are balanced.
    """
    room = limit - _tg_len(open_tag) - _tg_len(close_tag)
    if room < 8:
        raise ValueError("limit too small for the tags")
    pieces: list[str] = []
    pending = list(reversed(split_message(text, room)))
    while pending:
        piece = pending.pop()
        escaped = _escape(piece)
        size = _tg_len(escaped)
        if size <= room or len(piece) <= 1:
            pieces.append(f"{open_tag}{escaped}{close_tag}")
            continue
        # Escaping (or UTF-16) made it longer than the plain text: cut the plain text shorter.
        shorter = max(1, min(len(piece) - 1, room * len(piece) // size - 1))
        pending.extend(reversed(split_message(piece, shorter)))
    return pieces


@dataclass(frozen=True)
class _Part:
    """One balanced HTML fragment and the separator that goes before it in a message."""

    html: str
    separator: str = "\n\n"


def _fitted(html_text: str, plain: str, limit: int, separator: str = "\n\n") -> list[_Part]:
    """Keep the fragment when it fits; else escape and split its plain text, without markup."""
    if _tg_len(html_text) <= limit:
        return [_Part(html_text, separator)]
    pieces = _escaped_pieces(plain, limit)
    return [_Part(piece, separator if index == 0 else "\n") for index, piece in enumerate(pieces)]


def _pack(parts: Sequence[_Part], limit: int) -> list[str]:
    """Join fragments greedily into messages; a fragment never straddles two messages."""
    messages: list[str] = []
    current = ""
    for part in parts:
        if not current:
            current = part.html
        elif _tg_len(current) + _tg_len(part.separator) + _tg_len(part.html) <= limit:
            current += part.separator + part.html
        else:
            messages.append(current)
            current = part.html
    if current:
        messages.append(current)
    return messages


def source_html(source: Source) -> str:
    """Render a source's title and attribution, linking the title when the source has a web address."""
    line = source_line(source)
    if source.url and _SAFE_LINK.match(source.url) and line.startswith(source.title):
        link = f'<a href="{html.escape(source.url, quote=True)}">{_escape(source.title)}</a>'
        return link + _escape(line[len(source.title) :])
    return _escape(line)


def _quote_parts(quote: Quote, limit: int) -> list[_Part]:
    pieces = _escaped_pieces(quote.text, limit, "<blockquote>", "</blockquote>")
    parts = [_Part(piece, "\n\n" if index == 0 else "\n") for index, piece in enumerate(pieces)]
    sources = [source_html(source) for source in quote.sources]
    attribution = "— " + "; ".join(sources)
    plain = "— " + "; ".join(source_line(source) for source in quote.sources)
    if len(sources) > 1:
        attribution += " (the sources agree)"
        plain += " (the sources agree)"
    return parts + _fitted(attribution, plain, limit, "\n")


def _heading_parts(heading: str | None, limit: int) -> list[_Part]:
    if not heading:
        return []
    return _fitted(f"<b>Question:</b> {_escape(heading)}", f"Question: {heading}", limit)


def _lines_parts(lines: Sequence[str], limit: int) -> list[_Part]:
    parts: list[_Part] = []
    for line in lines:
        parts.extend(_fitted(_escape(line), line, limit, "\n"))
    return parts


def render_answer(answer: Answer, limit: int = MESSAGE_LIMIT, heading: str | None = None) -> list[str]:
    """Render the reply to one question as Telegram HTML messages, each within ``limit`` characters.

    An answered question gives the short answer, the note, then each quote as a
    ``<blockquote>`` followed by its sources; an unanswered one gives the core's abstention
    text. ``heading`` repeats the question where the chat does not show it (inline mode).
    """
    parts = _heading_parts(heading, limit)
    if not answer.answered:
        lines = abstention_lines(answer)
        parts.extend(_lines_parts(lines, limit))
        return _pack(parts, limit)
    if answer.answer:
        parts.extend(_fitted(f"<b>Answer:</b> {_escape(answer.answer)}", f"Answer: {answer.answer}", limit))
    if answer.note:
        parts.extend(_fitted(f"<i>{_escape(answer.note)}</i>", answer.note, limit))
    for quote in answer.quotes:
        parts.extend(_quote_parts(quote, limit))
    return _pack(parts, limit)


def render_sources(sources: Sequence[Source], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Render the ``/sources`` reply: one line per article, linked where it has a web address."""
    if not sources:
        return ["I have no articles loaded."]
    parts = [_Part("<b>The articles I quote:</b>")]
    for source in sources:
        parts.extend(_fitted(f"• {source_html(source)}", f"• {source_line(source)}", limit, "\n"))
    return _pack(parts, limit)


def render_help(about: Answer, bot_username: str | None, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Render the ``/start`` and ``/help`` reply: how to ask, then the core's topics and examples.

    ``about`` is the core's answer to an empty question, which carries the topics and suggestions.
    """
    mention = f"@{bot_username}" if bot_username else "@this_bot"
    parts = [
        _Part(
            "I answer questions about <b>the 2024 US ban of Kaspersky software</b>, "
            "quoting my sources word for word."
        ),
        _Part("<b>How to ask</b>"),
        _Part("• In a private chat with me, just send the question.", "\n"),
        _Part(
            f"• In a group: <code>/ask</code> your question, mention {_escape(mention)}, "
            "or reply to one of my messages.",
            "\n",
        ),
        _Part(f"• In any chat: type {_escape(mention)} and your question, then pick the answer.", "\n"),
        _Part("• /sources lists the articles I quote.", "\n"),
    ]
    # The core's first abstention line says why it abstained (an empty question): not wanted here.
    lines = abstention_lines(about)[1:]
    if lines:
        parts.append(_Part(_escape(lines[0])))
        parts.extend(_lines_parts(lines[1:], limit))
    return _pack(parts, limit)


def usage_text(about: Answer) -> str:
    """Say how to ask, for ``/ask`` or a mention without a question."""
    example = about.suggestions[0] if about.suggestions else "When do updates stop?"
    return f"Put your question after /ask, for example: /ask {_escape(example)}"


# ---------------------------------------------------------------------------------------------
# Delivery: heartbeat on every successful exchange, rate limits, and retries of transient failures.


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _is_transient(error: BaseException) -> bool:
    """5xx answers, time-outs and connection failures; never a request Telegram refused."""
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


class _HeartbeatRequest(HTTPXRequest):
    """The HTTP client, reporting each 2xx answer from the Bot API to ``on_alive``."""

    def __init__(self, on_alive: Callable[[], None] | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_alive = on_alive

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        code, payload = await super().do_request(*args, **kwargs)
        if self._on_alive is not None and 200 <= code < 300:
            try:
                self._on_alive()
            except Exception as error:
                logger.warning("on_alive callback failed: %s", _describe(error))
        return code, payload


class _PollingRequest(_HeartbeatRequest):
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
            await self._back_off(_describe(error))
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


class _DeliveryRateLimiter(AIORateLimiter):
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
                    _describe(error),
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
            record.msg = f"{record.getMessage()} ({_describe(error) if error else last[0]})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def _guard_library_logs(token: str) -> None:
    """Redact the token in records of the loggers that can carry it, whatever handlers exist.

    Logger filters apply before any handler, so this also covers handlers added later (such as
    pytest's), which ``redact_secrets_in_logs`` on the root handlers cannot. Idempotent per token.
    """
    names = [name for name in list(logging.root.manager.loggerDict) if name.split(".")[0] in _LIBRARY_LOGGERS]
    for name in [*names, *_LIBRARY_LOGGERS, __name__]:
        target = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) and token in f.secrets for f in target.filters):
            target.addFilter(RedactingFilter([token]))
    updater = logging.getLogger("telegram.ext.Updater")
    if not any(isinstance(f, _QuietShutdownPoll) for f in updater.filters):
        updater.addFilter(_QuietShutdownPoll())


# ---------------------------------------------------------------------------------------------
# Handlers.


def _strip_mentions(message: Message, bot_id: int, username: str | None) -> tuple[str, bool]:
    """Return the message text without mentions of this bot, and whether there was one."""
    text = message.text or ""
    mentioned = False
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.TEXT_MENTION:
            ours = entity.user is not None and entity.user.id == bot_id
        else:
            ours = username is not None and value.lower() == f"@{username.lower()}"
        if ours:
            mentioned = True
            text = text.replace(value, " ", 1)
    question = re.sub(r"\s+", " ", text).strip().lstrip(",:;").strip()
    return question, mentioned


def _command_argument(text: str) -> str:
    """Everything after the command word, keeping the question's own spacing."""
    parts = text.split(None, 1)
    return parts[1].strip() if len(parts) > 1 else ""


class _Handlers:
    """The update handlers of one application, bound to one answerer."""

    def __init__(self, answerer: AnswerProvider, settings: TelegramSettings) -> None:
        self.answerer = answerer
        self.settings = settings
        self.in_flight: set[asyncio.Task[None]] = set()
        self.gate = FloodGate(settings.user_rate)

    async def _admitted(self, update: Update, message: Message | None) -> bool:
        """Whether this user may ask now; past the limit, one notice, then silence."""
        user = update.effective_user
        if user is None:
            return True
        verdict = self.gate.check("telegram", user.id)
        if not verdict.allowed and verdict.notify and message is not None:
            await self._run(self._send(message, [verdict.notice()]))
        return verdict.allowed

    def register(self, application: TelegramApp) -> None:
        new = filters.UpdateType.MESSAGE
        private = filters.ChatType.PRIVATE
        groups = filters.ChatType.GROUPS
        application.add_handler(CommandHandler(["start", "help"], self.on_help, filters=new))
        application.add_handler(CommandHandler("ask", self.on_ask, filters=new))
        application.add_handler(CommandHandler("sources", self.on_sources, filters=new))
        application.add_handler(MessageHandler(new & private & filters.COMMAND, self.on_unknown_command))
        application.add_handler(MessageHandler(new & private & filters.TEXT, self.on_private_text))
        application.add_handler(
            MessageHandler(new & groups & filters.TEXT & ~filters.COMMAND, self.on_group_text)
        )
        application.add_handler(
            MessageHandler(new & private & ~filters.TEXT & ~filters.StatusUpdate.ALL, self.on_not_text)
        )
        application.add_handler(InlineQueryHandler(self.on_inline_query))
        application.add_handler(CallbackQueryHandler(self.on_callback))
        application.add_error_handler(self.on_error)

    # The answering itself runs in a task of its own so that shutdown can abandon it after the
    # grace period without cancelling the library's task that called the handler.
    async def _run(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self.in_flight.add(task)
        task.add_done_callback(self.in_flight.discard)
        try:
            await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise
            logger.warning("abandoned an answer still in flight at shutdown")

    def cancel_in_flight(self) -> int:
        for task in self.in_flight:
            task.cancel()
        return len(self.in_flight)

    async def _about(self) -> Answer:
        return await asyncio.to_thread(self.answerer.ask, "")

    def _suggestion_keyboard(self, answer: Answer) -> InlineKeyboardMarkup | None:
        buttons = [
            [InlineKeyboardButton(suggestion, callback_data=f"{_CALLBACK_ASK}{index}")]
            for index, suggestion in enumerate(answer.suggestions)
        ]
        return InlineKeyboardMarkup(buttons) if buttons else None

    async def _send(
        self, message: Message, chunks: Sequence[str], markup: InlineKeyboardMarkup | None = None
    ) -> None:
        """Reply with the chunks in order; quote the asker's message in groups, where it helps."""
        if not chunks:
            return
        quote = message.chat.type != ChatType.PRIVATE
        for index, chunk in enumerate(chunks):
            options: dict[str, Any] = {
                "link_preview_options": _NO_PREVIEW,
                "do_quote": quote and index == 0,
                "allow_sending_without_reply": True,
                "reply_markup": markup if index == len(chunks) - 1 else None,
            }
            try:
                await message.reply_text(chunk, parse_mode=ParseMode.HTML, **options)
            except BadRequest as error:
                if "parse entities" not in str(error).lower():
                    raise
                # A rendering slip should cost the formatting, not the answer.
                logger.error("Telegram refused the HTML (%s); sending plain text", _describe(error))
                await message.reply_text(_html_to_text(chunk), **options)

    async def _answer(self, message: Message, question: str, heading: str | None = None) -> None:
        try:
            answer = await asyncio.to_thread(self.answerer.ask, question)
        except Exception as error:
            logger.error("answering failed: %s", _describe(error))
            logger.debug("answering failed", exc_info=error)
            await self._send(message, ["Sorry, something went wrong while answering. Please try again."])
            return
        markup = None if answer.answered else self._suggestion_keyboard(answer)
        await self._send(message, render_answer(answer, heading=heading), markup)

    async def on_help(self, update: Update, context: ContextT) -> None:
        message = update.effective_message
        if message is None:
            return

        async def work() -> None:
            about = await self._about()
            await self._send(
                message, render_help(about, context.bot.username), self._suggestion_keyboard(about)
            )

        await self._run(work())

    async def on_sources(self, update: Update, context: ContextT) -> None:
        message = update.effective_message
        if message is not None:
            await self._run(self._send(message, render_sources(self.answerer.sources)))

    async def on_ask(self, update: Update, context: ContextT) -> None:
        message = update.effective_message
        if message is None:
            return
        question = _command_argument(message.text or "")
        if await self._admitted(update, message):
            await self._run(self._answer_or_usage(message, question))

    async def _answer_or_usage(self, message: Message, question: str) -> None:
        if question:
            await self._answer(message, question)
        else:
            await self._send(message, [usage_text(await self._about())])

    async def on_private_text(self, update: Update, context: ContextT) -> None:
        message = update.effective_message
        if message is None:
            return
        question, _ = _strip_mentions(message, context.bot.id, context.bot.username)
        if await self._admitted(update, message):
            await self._run(self._answer_or_usage(message, question))

    async def on_group_text(self, update: Update, context: ContextT) -> None:
        message = update.effective_message
        if message is None:
            return
        question, mentioned = _strip_mentions(message, context.bot.id, context.bot.username)
        reply_to = message.reply_to_message
        replied = (
            reply_to is not None
            and reply_to.from_user is not None
            and reply_to.from_user.id == context.bot.id
        )
        if not (mentioned or replied):
            return
        sender = message.from_user
        if sender is not None and sender.is_bot and message.sender_chat is None:
            # Two bots answering each other's replies would never stop. (Anonymous group
            # admins also appear as a bot user, but with ``sender_chat`` set.)
            return
        if await self._admitted(update, message):
            await self._run(self._answer_or_usage(message, question))

    async def on_not_text(self, update: Update, context: ContextT) -> None:
        message = update.effective_message
        if message is not None:
            reply = "I can only read text. Send me your question about the US ban of Kaspersky software."
            await self._run(self._send(message, [reply]))

    async def on_unknown_command(self, update: Update, context: ContextT) -> None:
        message = update.effective_message
        if message is not None:
            await self._run(self._send(message, ["I don't know that command. Send /help to see what I do."]))

    async def on_callback(self, update: Update, context: ContextT) -> None:
        query = update.callback_query
        if query is None:
            return
        verdict = self.gate.check("telegram", query.from_user.id)
        if verdict.allowed:
            await self._run(self._answer_callback(query))
        else:
            # A button press must be answered, or its spinner turns until it times out.
            await self._run(self._answer_refused(query, verdict))

    async def _answer_refused(self, query: CallbackQuery, verdict: Verdict) -> None:
        await query.answer(verdict.notice() if verdict.notify else None)

    async def _answer_callback(self, query: CallbackQuery) -> None:
        data = query.data or ""
        suggestions = (await self._about()).suggestions
        index = data.removeprefix(_CALLBACK_ASK)
        question = None
        if data.startswith(_CALLBACK_ASK) and index.isdigit() and int(index) < len(suggestions):
            question = suggestions[int(index)]
        message = query.message
        if question is None or not isinstance(message, Message):
            await query.answer("That button has expired; send me your question instead.")
            return
        # Stop the button's spinner first: answering takes longer than the user should wait.
        await query.answer()
        await self._answer(message, question, heading=question)

    async def on_inline_query(self, update: Update, context: ContextT) -> None:
        query = update.inline_query
        if query is None:
            return
        text = query.query.strip()
        verdict = self.gate.check("telegram", query.from_user.id)
        if not verdict.allowed:
            if verdict.notify:
                notice = InlineQueryResultsButton(text=verdict.notice(), start_parameter="help")

                async def refuse() -> None:
                    await query.answer([], cache_time=0, is_personal=True, button=notice)

                await self._run(refuse())
            return

        async def work() -> None:
            results = await asyncio.to_thread(self._inline_results, text)
            await query.answer(
                results,
                cache_time=self.settings.inline_cache_seconds,
                is_personal=False,
                button=InlineQueryResultsButton(text="How to ask me", start_parameter="help"),
            )

        await self._run(work())

    def _inline_results(self, text: str) -> list[InlineQueryResultArticle]:
        """Offer the answer when there is one; else example questions with their answers."""
        if text:
            answer = self.answerer.ask(text)
            if answer.answered:
                return [_inline_article(answer)]
        results = []
        for suggestion in self.answerer.ask("").suggestions:
            answer = self.answerer.ask(suggestion)
            if answer.answered:
                results.append(_inline_article(answer))
        return results[: InlineQueryLimit.RESULTS]

    async def on_error(self, update: object, context: ContextT) -> None:
        """One log line per failed update, without traceback for Telegram's own refusals."""
        error = context.error
        if error is None:
            return
        where = f"update {update.update_id}" if isinstance(update, Update) else "a background task"
        if isinstance(error, TelegramError):
            logger.warning("%s failed: %s", where, _describe(error))
        else:
            logger.error("%s failed: %s", where, _describe(error))
            logger.debug("%s failed", where, exc_info=error)


def _html_to_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def _inline_article(answer: Answer) -> InlineQueryResultArticle:
    limit = MESSAGE_LIMIT - _tg_len(_INLINE_SHORTENED) - 2
    chunks = render_answer(answer, limit=limit, heading=answer.question)
    text = chunks[0] if len(chunks) == 1 else f"{chunks[0]}\n\n{_escape(_INLINE_SHORTENED)}"
    first_quote = answer.quotes[0].text if answer.quotes else ""
    title = answer.answer or answer.question
    digest = hashlib.sha256(answer.question.encode("utf-8")).hexdigest()[:40]
    return InlineQueryResultArticle(
        id=f"a-{digest}",
        title=_shorten(f"{answer.question} — {title}" if answer.answer else title, 100),
        description=_shorten(first_quote, 200),
        input_message_content=InputTextMessageContent(
            text, parse_mode=ParseMode.HTML, link_preview_options=_NO_PREVIEW
        ),
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------------------------------------
# Application life cycle.


def _build(
    answerer: AnswerProvider, settings: TelegramSettings, on_alive: Callable[[], None] | None
) -> tuple[TelegramApp, _Handlers, list[HTTPXRequest]]:
    _guard_library_logs(settings.token)
    timeouts = {
        "connect_timeout": settings.connect_timeout,
        "read_timeout": settings.read_timeout,
        "write_timeout": settings.write_timeout,
    }
    requests: list[HTTPXRequest] = [
        _HeartbeatRequest(on_alive, connection_pool_size=max(8, settings.concurrent_updates * 2), **timeouts),
        _PollingRequest(
            on_alive,
            first_wait=settings.poll_first_wait,
            max_wait=settings.poll_max_wait,
            connection_pool_size=1,
            **timeouts,
        ),
    ]
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .request(requests[0])
        .get_updates_request(requests[1])
        .rate_limiter(_DeliveryRateLimiter(settings))
        .concurrent_updates(max(1, settings.concurrent_updates))
        .job_queue(None)
    )
    if settings.api_url:
        builder = builder.base_url(settings.api_url)
    application: TelegramApp = builder.build()
    handlers = _Handlers(answerer, settings)
    handlers.register(application)
    return application, handlers, requests


def build_application(
    answerer: AnswerProvider, settings: TelegramSettings, *, on_alive: Callable[[], None] | None = None
) -> TelegramApp:
    """Build a python-telegram-bot application answering from ``answerer``; not yet initialized.

    ``on_alive`` is called after every successful exchange with the Bot API.
    """
    return _build(answerer, settings, on_alive)[0]


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
                _describe(error),
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
        logger.warning("could not register the command menu: %s", _describe(error))


def _on_polling_error(error: TelegramError) -> None:
    logger.warning("polling Telegram failed: %s", _describe(error))


async def _shut_down(application: TelegramApp, handlers: _Handlers, settings: TelegramSettings) -> None:
    updater = application.updater
    if updater is not None and updater.running:
        try:
            await updater.stop()
        except Exception as error:
            logger.warning("polling ended with an error: %s", _describe(error))
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
) -> None:
    """Answer Telegram updates by long polling until ``stop`` is set, then shut down cleanly.

    In-flight answers are finished (for up to ``settings.shutdown_grace`` seconds) before it
    returns. ``on_alive`` is called after every successful exchange with the Bot API.

    Raises:
        ConfigError: the Bot API rejected the token.
        telegram.error.TelegramError: Telegram stayed unreachable at start-up.

    """
    application, handlers, requests = _build(answerer, settings, on_alive)
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
        updater = application.updater
        if updater is None:
            raise RuntimeError("the application has no updater")
        await _register_commands(application)
        await updater.start_polling(
            timeout=timedelta(seconds=settings.poll_timeout),
            allowed_updates=list(_ALLOWED_UPDATES),
            bootstrap_retries=settings.startup_retries,
            error_callback=_on_polling_error,
        )
        logger.info("Telegram: polling for updates as @%s", application.bot.username)
        await stop.wait()
        logger.info("Telegram: stopping; finishing answers in flight")
    finally:
        await _shut_down(application, handlers, settings)
    logger.info("Telegram: stopped")


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


async def _serve_until_signalled(answerer: AnswerProvider, settings: TelegramSettings) -> None:
    stop = asyncio.Event()
    installed = _stop_on_signals(stop)
    try:
        await serve(answerer, settings, stop)
    finally:
        loop = asyncio.get_running_loop()
        for signum in installed:
            loop.remove_signal_handler(signum)


def main(args: argparse.Namespace) -> int:
    """Run the bot on Telegram until SIGTERM or Ctrl-C: the ``banbot telegram`` command.

    Returns 0 after a clean stop, 2 for a missing, malformed or rejected token or bad setting,
    1 when Telegram stays unreachable at start-up. A ``KnowledgeError`` propagates to the CLI.
    """
    from bot.answerer import Answerer

    try:
        settings = settings_from_env()
    except ConfigError as error:
        print(f"banbot: {error}", file=sys.stderr)
        return 2
    redact_secrets_in_logs(settings.token)
    _guard_library_logs(settings.token)
    answerer = Answerer.from_folder(getattr(args, "knowledge", None))
    try:
        asyncio.run(_serve_until_signalled(answerer, settings))
    except KeyboardInterrupt:
        # Ctrl-C before the signal handlers were in place: nothing was running yet.
        return 0
    except ConfigError as error:
        print(f"banbot: {error}", file=sys.stderr)
        return 2
    except TelegramError as error:
        message = _describe(error).replace(settings.token, "[REDACTED]")
        print(f"banbot: cannot reach the Telegram Bot API: {message}", file=sys.stderr)
        return 1
    return 0
