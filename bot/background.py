"""News or background: whether a passage tells the news of its article or recalls an earlier event.

A passage is background when every year it names is before its article's; one that tells what
will happen, is dated by a weekday, or says what has just been done is news whatever earlier
year it recalls.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.models import Article, Passage, Source
from bot.spans import WEEKDAYS
from bot.text import WILL_HAPPEN, years_in


def background_flags(passages: Sequence[Passage], articles: Sequence[Article]) -> tuple[bool, ...]:
    """Whether each passage recalls an earlier event: every year it names is before the article's.

    An article's year is its publication year; for an undated one, the latest publication
    year in the folder (the articles are read as current news), else the latest year it names.
    """
    in_folder = folder_year(articles)
    years = [years_named(passage.text) for passage in passages]
    named: dict[str, list[int]] = {}
    for passage, found in zip(passages, years, strict=True):
        named.setdefault(passage.source.id, []).extend(found)
    flags = []
    for passage, found in zip(passages, years, strict=True):
        source = passage.source
        reference = reference_year(source, in_folder, named[source.id])
        # A sentence telling what will happen is news, whatever earlier year it recalls; so is
        # one dated by a weekday ("awarded $1.8 million on Wednesday to a cyclist struck in 2021").
        # So is one in the present perfect ("has been awarded £1.2m to restore its 1908 auditorium").
        future = bool(
            WILL_HAPPEN.search(passage.text)
            or _WEEKDAY_NEWS.search(passage.text)
            or _JUST_DONE.search(passage.text)
        )
        flags.append(
            bool(found) and reference is not None and not future and all(year < reference for year in found)
        )
    return tuple(flags)


# "on Wednesday", but not "on Wednesday, March 3, 2021": a weekday with no year of its own.
_WEEKDAY_NEWS = re.compile(
    rf"\b(?:on|last|this)\s+(?:{WEEKDAYS})\b(?!,?\s+\w+\.?\s+\d{{1,2}},?\s+(?:19|20)\d\d)"
)
# "has been awarded", "have approved": done now, not in the year a sentence recalls; but not
# "has been banned since 2017", nor "had" (the past of the past).
_JUST_DONE = re.compile(r"\b(?:has|have) (?:been |just |now )?[a-z]+ed\b(?!\s+(?:\w+\s+){0,3}?since\b)")
# "the biggest crowd since it moved to Gantry Road in 1998": a clause after "since" may come first.
_SINCE_YEAR = re.compile(
    r"\b(?:since|record(?:s)? (?:set|began) in)\s+(?:[\w'’-]+\s+){0,8}?(?:19|20)\d\d\b", re.IGNORECASE
)

# A year a figure is compared with ("96 stalls this year, up from 70 in 2024", "more than in
# 2023", "the company's first since 1995") dates the comparison, not the news.
COMPARED_YEAR = re.compile(
    r"\b(?:up|down) from\b[^.;,]*?\b(?:19|20)\d\d\b|\b(?:than|compared (?:with|to)) (?:in )?(?:19|20)\d\d\b"
    r"|\bfirst (?:\w+ )?since (?:19|20)\d\d\b",
    re.IGNORECASE,
)


def years_named(text: str) -> list[int]:
    """The years a sentence dates itself by ("the most rain since 1987", "up from 71% in 2024" are not)."""
    return years_in(COMPARED_YEAR.sub(" ", _SINCE_YEAR.sub("", text)))


def folder_year(articles: Sequence[Article]) -> int | None:
    published = [article.source.published.year for article in articles if article.source.published]
    return max(published) if published else None


def reference_year(source: Source, in_folder: int | None, named: Iterable[int]) -> int | None:
    """The year an article is news of: published, else the folder's, else the latest it names."""
    if source.published:
        return source.published.year
    return in_folder if in_folder is not None else max(named, default=None)


__all__ = ["COMPARED_YEAR", "background_flags", "folder_year", "reference_year", "years_named"]
