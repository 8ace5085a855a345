"""The typed values the core hands to its callers: sources, quotes and answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any


class AnswerType(Enum):
    """The kind of answer a question asks for."""

    DATE = "date"
    DURATION = "duration"
    NUMBER = "number"
    SCORE = "score"
    PERSON = "person"
    REASON = "reason"
    ADVICE = "advice"
    PLACE = "place"
    YES_NO = "yes/no"
    OTHER = "other"


@dataclass(frozen=True)
class Source:
    """Where a quote comes from: one article of the knowledge folder."""

    id: str
    title: str
    publisher: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None

    def citation(self) -> str:
        """A one-line attribution: publisher, author, date (unknown parts left out)."""
        parts = [self.publisher or self.title]
        if self.author:
            parts.append(self.author)
        if self.published:
            parts.append(self.published.isoformat())
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "author": self.author,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
        }


@dataclass(frozen=True)
class Article:
    """One knowledge file: its source metadata and Markdown body.

    ``added`` is the day ``banbot add`` wrote it (its front matter's ``added``), or the
    file's modification day for a hand-written one.
    """

    source: Source
    body: str
    examples: tuple[str, ...] = ()
    added: date | None = None


@dataclass(frozen=True)
class Passage:
    """A quotable sentence, remembering its article, paragraph and position."""

    text: str
    source: Source
    paragraph: int
    position: int


@dataclass(frozen=True)
class Quote:
    """A verbatim passage shown to the user, with its relevance score and source.

    ``agreeing`` lists other sources whose best passage says the same thing.
    """

    text: str
    score: float
    source: Source
    agreeing: tuple[Source, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        return (self.source, *self.agreeing)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "score": round(self.score, 4),
            "source": self.source.to_dict(),
            "agreeing": [source.to_dict() for source in self.agreeing],
        }


@dataclass(frozen=True)
class Claim:
    """One source's value where the sources differ, with the sentence that gives it."""

    source: Source
    value: str
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source.to_dict(), "value": self.value, "quote": self.quote}


@dataclass(frozen=True)
class Answer:
    """What the core says to one question.

    When ``answered`` is false the sources do not cover the question: ``quotes`` is
    empty, and ``topics`` and ``suggestions`` say what the bot can answer instead;
    ``error`` says what was wrong with a question that could not be searched at all.
    ``note`` carries a remark on the quotes, such as the sources differing; ``differing``
    then lists each source's value and sentence.
    """

    question: str
    answered: bool
    answer: str | None = None
    quotes: tuple[Quote, ...] = ()
    note: str | None = None
    topics: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    error: str | None = None
    differing: tuple[Claim, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.answer,
            "quotes": [quote.to_dict() for quote in self.quotes],
            "note": self.note,
            "differing": [claim.to_dict() for claim in self.differing],
            "topics": list(self.topics),
            "suggestions": list(self.suggestions),
            "error": self.error,
        }
