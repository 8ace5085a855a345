"""Discord rendering: answers and source lists as Discord Markdown, split into messages within its limits.

Pure functions of the core's values; sending them is the client's job (``discord_bot``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import discord
from discord.utils import escape_markdown

from adapters.common import split_message
from bot.models import Answer, Quote, Source
from bot.render import abstention_lines, source_line

# Discord's documented message limits.
CONTENT_LIMIT = 2000
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_TOTAL_LIMIT = 6000
# A reply longer than this many messages is trimmed rather than flooding the channel.
MAX_REPLY_MESSAGES = 3
# Quotes are cut into lines this long, so every piece of a split keeps its "> " quotation mark.
_QUOTE_LINE_LIMIT = 900
TRIM_NOTE = "(The rest is cut to stay within Discord's message limits.)"
SORRY = "Sorry, something went wrong while answering. Please try again."
# On every send (replies, follow-ups, apologies), so that no reply ever pings anyone.
NO_MENTIONS = discord.AllowedMentions.none()

_ANSWER_COLOUR = discord.Colour.blurple()
_ABSTAIN_COLOUR = discord.Colour.light_grey()
_MENTION_TOKEN = re.compile(r"<@[!&]?\d+>|<#\d+>|<a?:\w+:\d+>|</[^<>:]+:\d+>|@(?:everyone|here)\b")
_MARKUP = re.compile(r"[*_~|`]+|^\s*(?:>+|#{1,3}|-#)\s", re.MULTILINE)


@dataclass(frozen=True)
class ReplyPart:
    """One Discord message of a reply: plain content or one embed, never both."""

    content: str | None = None
    embed: discord.Embed | None = None

    def send_kwargs(self) -> dict[str, Any]:
        if self.embed is not None:
            return {"embed": self.embed}
        return {"content": self.content}


def clean_question(text: str) -> str:
    """Strip mentions, channel links, emoji and Markdown marks from a question; join its lines."""
    text = _MENTION_TOKEN.sub(" ", text)
    text = _MARKUP.sub(" ", text)
    return " ".join(text.split())


def _link(title: str, url: str | None, *, embeds: bool) -> str:
    if not url:
        return title
    safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    # Angle brackets keep plain messages from unfurling a preview of every source.
    return f"[{title}]({safe})" if embeds else f"[{title}](<{safe}>)"


def source_markdown(source: Source, *, embeds: bool = True) -> str:
    """Render a source's title (a link where its URL is known) with its publisher, author and date."""
    line = escape_markdown(source_line(source))
    title = escape_markdown(source.title)
    if source.url and line.startswith(title):
        return _link(title, source.url, embeds=embeds) + line[len(title) :]
    if source.url:
        return f"{line} {_link('link', source.url, embeds=embeds)}"
    return line


def _quote_markdown(quote: Quote, *, embeds: bool) -> str:
    text = escape_markdown(" ".join(quote.text.split()))
    lines = [f"> {piece}" for piece in split_message(text, _QUOTE_LINE_LIMIT)]
    sources = [source_markdown(source, embeds=embeds) for source in quote.sources]
    attribution = "; ".join(sources) + (" (the sources agree)" if len(sources) > 1 else "")
    lines.append(f"— {attribution}")
    return "\n".join(lines)


def answer_markdown(answer: Answer, *, embeds: bool = True) -> str:
    """Render the reply as Discord Markdown: short answer, note, then the quotes with their sources."""
    if not answer.answered:
        lines = abstention_lines(answer)
        return "\n".join(
            f"- {escape_markdown(line[2:])}" if line.startswith("- ") else escape_markdown(line)
            for line in lines
        )
    blocks = []
    if answer.answer:
        blocks.append(f"**Answer:** {escape_markdown(answer.answer)}")
    if answer.note:
        blocks.append(f"*{escape_markdown(answer.note)}*")
    blocks.extend(_quote_markdown(quote, embeds=embeds) for quote in answer.quotes)
    if not blocks:
        blocks.append("The sources answer this, but I have nothing to quote.")
    return "\n\n".join(blocks)


def sources_markdown(sources: Sequence[Source], *, embeds: bool = True) -> str:
    """Render the numbered list of articles the bot quotes from, for ``/sources``."""
    if not sources:
        return "I have no sources loaded."
    lines = ["I quote from these articles:"]
    lines.extend(
        f"{number}. {source_markdown(source, embeds=embeds)}" for number, source in enumerate(sources, 1)
    )
    return "\n".join(lines)


def pack(text: str, limit: int, max_parts: int = MAX_REPLY_MESSAGES) -> list[str]:
    """Cut text into at most ``max_parts`` pieces of at most ``limit`` characters.

    Pieces are filled line by line, so cuts fall at line ends: between paragraphs, or
    between the lines of a quotation, which end sentences. A line longer than the limit is
    cut at sentence ends (see ``split_message``). What does not fit in ``max_parts`` is
    dropped at a sentence boundary and the last piece says so.
    """
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in _lines(text, limit):
        if current and size + 1 + len(line) > limit:
            pieces.append("\n".join(current).strip())
            current, size = [], 0
        if not current and not line.strip():
            continue
        size += len(line) + (1 if current else 0)
        current.append(line)
    if current:
        pieces.append("\n".join(current).strip())
    pieces = [piece for piece in pieces if piece]
    if len(pieces) <= max_parts:
        return pieces
    kept = pieces[:max_parts]
    room = limit - len(TRIM_NOTE) - 2
    last = kept[-1] if len(kept[-1]) <= room else split_message(kept[-1], room)[0]
    kept[-1] = f"{last}\n\n{TRIM_NOTE}"
    return kept


def _lines(text: str, limit: int) -> Iterable[str]:
    for line in text.split("\n"):
        if len(line) <= limit:
            yield line
        else:
            yield from split_message(line, limit)


def _parts(text: str, *, embeds: bool, colour: discord.Colour) -> list[ReplyPart]:
    if not embeds:
        return [ReplyPart(content=piece) for piece in pack(text, CONTENT_LIMIT)]
    # One embed a message: its description is its only text, so 4096 also keeps it under 6000.
    return [
        ReplyPart(embed=discord.Embed(description=piece, colour=colour))
        for piece in pack(text, EMBED_DESCRIPTION_LIMIT)
    ]


def reply_parts(answer: Answer, *, embeds: bool = True) -> list[ReplyPart]:
    """Build the messages that answer one question, each within Discord's limits."""
    colour = _ANSWER_COLOUR if answer.answered else _ABSTAIN_COLOUR
    return _parts(answer_markdown(answer, embeds=embeds), embeds=embeds, colour=colour)


def sources_parts(sources: Sequence[Source], *, embeds: bool = True) -> list[ReplyPart]:
    """Build the messages that list the sources, each within Discord's limits."""
    return _parts(sources_markdown(sources, embeds=embeds), embeds=embeds, colour=_ANSWER_COLOUR)
