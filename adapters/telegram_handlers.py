"""Telegram update handlers: questions in private chats, groups and inline mode, commands and buttons.

Each handler turns an update into a question for the core and sends the rendered answer;
flood control admits the asker first. The application's life cycle is ``telegram_bot``'s.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType, InlineQueryLimit, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from adapters.common import AnswerProvider
from adapters.feedback import (
    DOWN,
    THANKS,
    UP,
    answer_and_record,
    button_data,
    count_and_record,
    parse_press,
)
from adapters.flood import FloodGate, Verdict
from adapters.store import NullRecorder, Recorder
from adapters.telegram_delivery import describe_error
from adapters.telegram_render import (
    NO_PREVIEW,
    html_to_text,
    inline_article,
    render_answer,
    render_help,
    render_sources,
    usage_text,
)
from bot.models import Answer

if TYPE_CHECKING:
    from adapters.telegram_bot import TelegramSettings

logger = logging.getLogger(__name__)

_CALLBACK_ASK = "ask:"

BotT: TypeAlias = ExtBot[Any]
ContextT: TypeAlias = CallbackContext[BotT, dict[Any, Any], dict[Any, Any], dict[Any, Any]]
TelegramApp: TypeAlias = Application[BotT, ContextT, dict[Any, Any], dict[Any, Any], dict[Any, Any], None]


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


def _chat_kind(message: Message) -> str:
    """``private``, ``group`` or ``channel``: the kind of chat, never which chat."""
    if message.chat.type == ChatType.PRIVATE:
        return "private"
    return "channel" if message.chat.type == ChatType.CHANNEL else "group"


def _command_argument(text: str) -> str:
    """Everything after the command word, keeping the question's own spacing."""
    parts = text.split(None, 1)
    return parts[1].strip() if len(parts) > 1 else ""


class Handlers:
    """The update handlers of one application, bound to one answerer."""

    def __init__(
        self, answerer: AnswerProvider, settings: TelegramSettings, recorder: Recorder | None = None
    ) -> None:
        self.answerer = answerer
        self.settings = settings
        self.recorder = recorder or NullRecorder()
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

    def _keyboard(
        self, suggestions: Sequence[str], record_id: str | None = None
    ) -> InlineKeyboardMarkup | None:
        """A button for each suggested question, then 👍 and 👎 when the answer is recorded."""
        buttons = [
            [InlineKeyboardButton(suggestion, callback_data=f"{_CALLBACK_ASK}{index}")]
            for index, suggestion in enumerate(suggestions)
        ]
        if record_id is not None:
            buttons.append(
                [
                    InlineKeyboardButton(UP, callback_data=button_data(record_id, 1)),
                    InlineKeyboardButton(DOWN, callback_data=button_data(record_id, -1)),
                ]
            )
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
                "link_preview_options": NO_PREVIEW,
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
                logger.error("Telegram refused the HTML (%s); sending plain text", describe_error(error))
                await message.reply_text(html_to_text(chunk), **options)

    async def _answer(self, message: Message, question: str, heading: str | None = None) -> None:
        async def ask() -> Answer:
            return await asyncio.to_thread(self.answerer.ask, question)

        async def reply(answer: Answer, record_id: str | None) -> None:
            markup = self._keyboard(() if answer.answered else answer.suggestions, record_id)
            await self._send(message, render_answer(answer, heading=heading), markup)

        try:
            await answer_and_record(
                ask, reply, self.recorder, platform="telegram", chat_kind=_chat_kind(message)
            )
        except TelegramError:
            raise
        except Exception as error:
            logger.error("answering failed: %s", describe_error(error))
            logger.debug("answering failed", exc_info=error)
            await self._send(message, ["Sorry, something went wrong while answering. Please try again."])

    async def on_help(self, update: Update, context: ContextT) -> None:
        message = update.effective_message
        if message is None:
            return

        async def work() -> None:
            about = await self._about()
            await self._send(
                message, render_help(about, context.bot.username), self._keyboard(about.suggestions)
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
        press = parse_press(query.data or "")
        if press is not None:
            # A vote costs one queued row and asks nothing of the answerer: no flood control.
            self.recorder.vote(press.record_id, "telegram", query.from_user.id, press.vote)
            await self._run(self._thank(query))
            return
        verdict = self.gate.check("telegram", query.from_user.id)
        if verdict.allowed:
            await self._run(self._answer_callback(query))
        else:
            # A button press must be answered, or its spinner turns until it times out.
            await self._run(self._answer_refused(query, verdict))

    async def _thank(self, query: CallbackQuery) -> None:
        await query.answer(THANKS)

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
            started = time.perf_counter()
            answer = self.answerer.ask(text)
            # Inline answers go out in another user's chat, so they carry no buttons.
            count_and_record(
                self.recorder,
                answer,
                time.perf_counter() - started,
                platform="telegram",
                chat_kind="inline",
            )
            if answer.answered:
                return [inline_article(answer)]
        results = []
        for suggestion in self.answerer.ask("").suggestions:
            answer = self.answerer.ask(suggestion)
            if answer.answered:
                results.append(inline_article(answer))
        return results[: InlineQueryLimit.RESULTS]

    async def on_error(self, update: object, context: ContextT) -> None:
        """One log line per failed update, without traceback for Telegram's own refusals."""
        error = context.error
        if error is None:
            return
        where = f"update {update.update_id}" if isinstance(update, Update) else "a background task"
        if isinstance(error, TelegramError):
            logger.warning("%s failed: %s", where, describe_error(error))
        else:
            logger.error("%s failed: %s", where, describe_error(error))
            logger.debug("%s failed", where, exc_info=error)
