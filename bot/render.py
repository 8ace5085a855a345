"""Platform-neutral wording of an answer, shared by the command line and the chat adapters."""

from __future__ import annotations

from bot.models import Answer, Quote, Source

ABSTAIN_HEADLINE = "My sources don't cover that, so I can't answer it."


def source_line(source: Source) -> str:
    """Title and attribution of one source, for a line under a quote."""
    parts = [source.publisher, source.author, source.published.isoformat() if source.published else None]
    known = [part for part in parts if part]
    attribution = ", ".join(known) if known else "publisher and date unknown"
    return f"{source.title} ({attribution})"


def quote_sources(quote: Quote) -> str:
    """The sources of a quote; several when sources agree."""
    lines = [source_line(source) for source in quote.sources]
    if len(lines) == 1:
        return lines[0]
    return "; ".join(lines) + " (the sources agree)"


def abstention_lines(answer: Answer) -> list[str]:
    """What to say when the bot cannot answer: the reason, what it covers, what to ask."""
    lines = [answer.error or ABSTAIN_HEADLINE]
    if answer.topics:
        lines.append("I answer questions about the 2024 US ban of Kaspersky software, from these articles:")
        lines.extend(f"- {topic}" for topic in answer.topics)
    if answer.suggestions:
        lines.append("You could ask, for example:")
        lines.extend(f"- {suggestion}" for suggestion in answer.suggestions)
    return lines


def plain_text(answer: Answer) -> str:
    """The whole answer as plain text: short answer, note, then each quote with its sources."""
    if not answer.answered:
        return "\n".join(abstention_lines(answer))
    blocks = []
    if answer.answer:
        blocks.append(f"Answer: {answer.answer}")
    if answer.note:
        blocks.append(answer.note)
    for quote in answer.quotes:
        blocks.append(f"“{quote.text}”\n    — {quote_sources(quote)}")
    return "\n\n".join(blocks)
