"""What one passage says in answer to a question, as the comparing of sources sees it.

``bot.sources`` builds a ``Statement`` from a ranked passage; ``bot.events`` tells whether two
statements tell of the same event, and ``bot.agreement`` whether their values agree or differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Statement:
    """What one passage says in answer to the question."""

    text: str
    stems: frozenset[str]
    concepts: frozenset[str]
    asked: frozenset[str]
    names: frozenset[str]  # the question's names that the passage's article uses
    answer: str | None
    near: bool
    published: date | None
    background: bool
    # The question's ideas that the passage's whole article never speaks of.
    unspoken: frozenset[str] = frozenset()
    # What the passage's article is about ("Kaspersky"), and every stem it uses.
    subject: frozenset[str] = frozenset()
    article_words: frozenset[str] = frozenset()
    # The stems most of its article's sentences speak of (``PassageIndex.article_topics``) that
    # are words as written.
    topics: frozenset[str] = frozenset()
    # What the answer's date marks that the question does not ask about: its "telling"
    # ("announced in June"), the "start" or "end" of a state ("available starting June 2").
    unasked_marker: str | None = None
    # The sentence gives its value as a plan, proposal or guess ("has proposed €500").
    tentative: bool = False
    # The question's ideas the sentence itself says (not its article's subject or headline).
    own: frozenset[str] = frozenset()
    # The sentence puts someone in a post ("named ... as chief executive", "hired to coach").
    appointing: bool = False
    # The question's names the sentence itself, its article's subject or its title says.
    names_said: frozenset[str] = frozenset()
    # The sentence gives its value as a forecast ("expect about 40,000 visitors"), and the
    # question asks what happened, which a forecast does not tell.
    forecast_of_the_past: bool = False
    # The answer's date marks a start where the question asks for an end, or an end where it
    # asks for a start.
    opposed_marker: bool = False
    # The value is what something carries or holds ("a coach carrying 38 passengers"), which
    # the question does not ask: the size of a thing, not a count of what happened.
    load: bool = False
    # The question asks by how much something changes, and the value is a level, not a change
    # ("A Band D household will pay £2,296 a year", asked how much the tax goes up).
    level: bool = False
    # The question asks what is still ahead ("when will it reopen?"), and the value is a day
    # before its article's ("has been closed after a water main burst ... on Monday night").
    behind_the_news: bool = False
    # The values of the asked kind its article's sentences give, each with its sentence
    # ("the 210 staff of the unit being sold", beside "will lay off 340 employees").
    article_answers: frozenset[tuple[str, str]] = frozenset()
    # The period the question names by "this", "last" or "next" ("for next year").
    period_asked: str | None = None
    # The common words of the question's many-word names, each with its name's rarest word
    # ("glass", "pellingham" of "Pellingham Glass").
    name_words: tuple[tuple[str, str], ...] = ()
    # The question asks for a body by its kind ("which company"): any name may be one.
    body_asked: bool = False
