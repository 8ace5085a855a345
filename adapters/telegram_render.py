"""Telegram HTML rendering: answers, sources, help and inline results, split into messages Telegram accepts.

Pure functions of the core's answers; nothing here talks to Telegram, so it can be tested alone.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineQueryResultArticle, InputTextMessageContent, LinkPreviewOptions
from telegram.constants import MessageLimit, ParseMode

from adapters.common import split_message
from bot.models import Answer, Quote, Source
from bot.render import abstention_lines, source_line

MESSAGE_LIMIT = MessageLimit.MAX_TEXT_LENGTH
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_SAFE_LINK = re.compile(r"^https?://[^\s\"<>]+$", re.IGNORECASE)
_INLINE_SHORTENED = "(Shortened: message me for the full answer.)"


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


def html_to_text(fragment: str) -> str:
    """The plain text of a rendered fragment, to send when Telegram refuses its HTML."""
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def inline_article(answer: Answer) -> InlineQueryResultArticle:
    """One inline-mode result: the answer's first message, saying so when the rest was cut."""
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
            text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
        ),
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
