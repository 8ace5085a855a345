"""A question that names the source it asks about: "According to DMR News, when ...?".

The words naming the source ask nothing of the articles' text (no sentence says "DMR News"),
so they are taken out of the question, and the named source's sentences come first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from bot.models import Source

# What a question may call an article of a source: "the DMR piece", "in the Ledger's report".
_PIECE = r"(?:article|piece|report|story|post|coverage)"
_ITS_PIECE = rf"(?:['’]s)?(?:\s+(?:{_PIECE}|write-?up))?"


@dataclass(frozen=True)
class SourceNames:
    """The publishers and authors of a folder's articles, as a question may name them."""

    ids_by_name: dict[str, frozenset[str]]

    @classmethod
    def of(cls, sources: Sequence[Source]) -> SourceNames:
        ids: dict[str, set[str]] = {}
        for source in sources:
            for name in _names_of(source):
                ids.setdefault(name.lower(), set()).add(source.id)
        return cls({name: frozenset(found) for name, found in ids.items()})

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """The words naming a source; compiled on the first question, not when a folder loads."""
        if not self.ids_by_name:
            return None
        names = "|".join(re.escape(name) for name in sorted(self.ids_by_name, key=len, reverse=True))
        return re.compile(
            rf"\b(?:according\s+to|per|as\s+reported\s+by|reported\s+by)\s+(?:the\s+)?(?P<a>{names}){_ITS_PIECE}\s*,?\s*"
            rf"|\b(?:in|from)\s+the\s+(?P<b>{names})(?:['’]s)?\s+{_PIECE}\s*,?\s*",
            re.IGNORECASE,
        )

    def without_sources(self, question: str) -> tuple[str, frozenset[str]]:
        """The question without the words naming a source, and the ids of the sources it names."""
        if self.pattern is None:
            return question, frozenset()
        named: set[str] = set()

        def cut(match: re.Match[str]) -> str:
            named.update(self.ids_by_name[(match.group("a") or match.group("b")).lower()])
            return " "

        remaining = self.pattern.sub(cut, question).strip()
        if not named or not re.search(r"\w", remaining):
            return question, frozenset()
        return remaining[:1].upper() + remaining[1:], frozenset(named)


def _names_of(source: Source) -> list[str]:
    """A source's publisher and author, and a publisher's opening acronym ("DMR" of "DMR News")."""
    names = [name for name in (source.publisher, source.author) if name and len(name) > 2]
    if source.publisher:
        first = source.publisher.split()[0]
        if len(source.publisher.split()) > 1 and first.isupper() and len(first) > 1:
            names.append(first)
    return names
