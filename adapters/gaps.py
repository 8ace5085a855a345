"""The read side of the question store: what ``banbot gaps`` reports, on SQLite and PostgreSQL alike.

Three views of a period: the declined questions asked most (wordings grouped by
``bot.grouping.question_key``), the answers with the most 👎, and totals per platform and
per day. A vote counts on the day and platform of its answer, or of the vote itself where
the answer's row was never written.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.store import StoreSettings
from adapters.store_backends import SCHEMA_VERSION, Store, StoreError, StoreMissingError, open_store
from bot.grouping import question_key, spelled_right

REPORT_VERSION = 1


@dataclass(frozen=True)
class DeclinedGroup:
    """Declined questions that share a grouping key: how often, when, and the commonest wording."""

    question: str
    count: int
    first_seen: datetime
    last_seen: datetime
    wordings: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "count": self.count,
            "first_seen": _iso(self.first_seen),
            "last_seen": _iso(self.last_seen),
            "wordings": self.wordings,
        }


@dataclass(frozen=True)
class DownvotedAnswer:
    """One answer's votes; the question is None unless its text was recorded."""

    record_id: str
    down: int
    up: int
    question: str | None
    source_id: str | None
    platform: str | None
    asked_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "down": self.down,
            "up": self.up,
            "question": self.question,
            "source_id": self.source_id,
            "platform": self.platform,
            "asked_at": _iso(self.asked_at) if self.asked_at else None,
        }


@dataclass(frozen=True)
class Totals:
    """Questions, how many were answered, and the votes, for one platform, one day, or all."""

    questions: int = 0
    answered: int = 0
    up: int = 0
    down: int = 0

    @property
    def answered_share(self) -> float | None:
        return round(self.answered / self.questions, 4) if self.questions else None

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.questions + other.questions,
            self.answered + other.answered,
            self.up + other.up,
            self.down + other.down,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "questions": self.questions,
            "answered": self.answered,
            "answered_share": self.answered_share,
            "up": self.up,
            "down": self.down,
        }


@dataclass(frozen=True)
class GapsReport:
    since: datetime
    until: datetime
    declined: tuple[DeclinedGroup, ...]
    declined_without_text: int
    downvoted: tuple[DownvotedAnswer, ...]
    totals: Totals
    platforms: tuple[tuple[str, Totals], ...] = ()
    days: tuple[tuple[str, Totals], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "since": _iso(self.since),
            "until": _iso(self.until),
            "totals": self.totals.to_dict(),
            "declined": [group.to_dict() for group in self.declined],
            "declined_without_text": self.declined_without_text,
            "downvoted": [answer.to_dict() for answer in self.downvoted],
            "platforms": [{"platform": name, **totals.to_dict()} for name, totals in self.platforms],
            "days": [{"day": day, **totals.to_dict()} for day, totals in self.days],
        }


def gaps_report(
    store_or_settings: Store | StoreSettings | str,
    since: timedelta,
    limit: int = 10,
    *,
    now: datetime | None = None,
) -> GapsReport:
    """The report for the ``since`` before ``now``; raises StoreMissingError where nothing was ever recorded.

    Given settings or an address, the store is opened read-only for the report and closed after.
    """
    if isinstance(store_or_settings, Store):
        return _report(store_or_settings, since, limit, now)
    database = (
        store_or_settings.database if isinstance(store_or_settings, StoreSettings) else store_or_settings
    )
    store = open_store(database, create=False)
    try:
        return _report(store, since, limit, now)
    finally:
        store.close()


def _report(store: Store, since: timedelta, limit: int, now: datetime | None) -> GapsReport:
    version = store.schema_version()
    if version == 0:
        raise StoreMissingError(f"nothing has been recorded in {store.description} yet")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{store.description}: the store is newer than this banbot; upgrade banbot")
    until = now or datetime.now(UTC)
    start = until - since
    bounds = (start.timestamp(), until.timestamp())
    declined, without_text = _declined(store, bounds, limit)
    platforms, days = _totals(store, bounds)
    totals = sum((cell for _, cell in platforms), Totals())
    return GapsReport(
        since=start,
        until=until,
        declined=declined,
        declined_without_text=without_text,
        downvoted=_downvoted(store, bounds, limit),
        totals=totals,
        platforms=platforms,
        days=days,
    )


def _declined(store: Store, bounds: tuple[float, float], limit: int) -> tuple[tuple[DeclinedGroup, ...], int]:
    rows = store.query(
        "SELECT question, COUNT(*), MIN(asked_at), MAX(asked_at) FROM questions "
        "WHERE NOT answered AND asked_at >= ? AND asked_at <= ? GROUP BY question",
        bounds,
    )
    without_text = sum(int(count) for question, count, _, _ in rows if question is None)
    groups: dict[str, list[tuple[str, int, float, float]]] = {}
    for question, count, first, last in rows:
        if question is not None:
            groups.setdefault(question_key(question), []).append((question, int(count), first, last))
    found = []
    for wordings in groups.values():
        # The wording asked most stands for the group; among equals, one spelled right, then the latest.
        example = max(wordings, key=lambda wording: (wording[1], spelled_right(wording[0]), wording[3]))[0]
        found.append(
            DeclinedGroup(
                question=example,
                count=sum(wording[1] for wording in wordings),
                first_seen=_time(min(wording[2] for wording in wordings)),
                last_seen=_time(max(wording[3] for wording in wordings)),
                wordings=len(wordings),
            )
        )
    found.sort(key=lambda group: (-group.count, -group.last_seen.timestamp(), group.question))
    return tuple(found[:limit]), without_text


def _downvoted(store: Store, bounds: tuple[float, float], limit: int) -> tuple[DownvotedAnswer, ...]:
    down = "SUM(CASE WHEN v.vote < 0 THEN 1 ELSE 0 END)"
    up = "SUM(CASE WHEN v.vote > 0 THEN 1 ELSE 0 END)"
    rows = store.query(
        f"SELECT v.record_id, {down}, {up}, q.question, q.source_ids, q.platform, q.asked_at "
        "FROM votes v LEFT JOIN questions q ON q.record_id = v.record_id "
        "WHERE COALESCE(q.asked_at, v.voted_at) >= ? AND COALESCE(q.asked_at, v.voted_at) <= ? "
        "GROUP BY v.record_id, q.question, q.source_ids, q.platform, q.asked_at "
        f"HAVING {down} > 0 ORDER BY {down} DESC, {up} ASC, MAX(v.voted_at) DESC LIMIT ?",
        (*bounds, limit),
    )
    return tuple(
        DownvotedAnswer(
            record_id=record_id,
            down=int(downs),
            up=int(ups),
            question=question,
            source_id=_first_source(sources),
            platform=platform,
            asked_at=_time(asked_at) if asked_at is not None else None,
        )
        for record_id, downs, ups, question, sources, platform, asked_at in rows
    )


def _totals(
    store: Store, bounds: tuple[float, float]
) -> tuple[tuple[tuple[str, Totals], ...], tuple[tuple[str, Totals], ...]]:
    cells: Counter[tuple[str, str, str]] = Counter()
    asked = store.query(
        f"SELECT {store.day('asked_at')}, platform, COUNT(*), SUM(CASE WHEN answered THEN 1 ELSE 0 END) "
        "FROM questions WHERE asked_at >= ? AND asked_at <= ? GROUP BY 1, 2",
        bounds,
    )
    for day, platform, count, answered in asked:
        cells[(day, platform, "questions")] += int(count)
        cells[(day, platform, "answered")] += int(answered or 0)
    when = "COALESCE(q.asked_at, v.voted_at)"
    voted = store.query(
        f"SELECT {store.day(when)}, COALESCE(q.platform, v.platform), "
        "SUM(CASE WHEN v.vote > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN v.vote < 0 THEN 1 ELSE 0 END) "
        f"FROM votes v LEFT JOIN questions q ON q.record_id = v.record_id "
        f"WHERE {when} >= ? AND {when} <= ? GROUP BY 1, 2",
        bounds,
    )
    for day, platform, ups, downs in voted:
        cells[(day, platform, "up")] += int(ups or 0)
        cells[(day, platform, "down")] += int(downs or 0)
    platforms: dict[str, Totals] = {}
    days: dict[str, Totals] = {}
    for day, platform in sorted({(day, platform) for day, platform, _ in cells}):
        cell = Totals(
            cells[(day, platform, "questions")],
            cells[(day, platform, "answered")],
            cells[(day, platform, "up")],
            cells[(day, platform, "down")],
        )
        platforms[platform] = platforms.get(platform, Totals()) + cell
        days[day] = days.get(day, Totals()) + cell
    return tuple(sorted(platforms.items())), tuple(days.items())


def _first_source(source_ids: str | None) -> str | None:
    if not source_ids:
        return None
    try:
        ids = json.loads(source_ids)
    except ValueError:
        return None
    return str(ids[0]) if isinstance(ids, list) and ids else None


def _time(epoch: float) -> datetime:
    return datetime.fromtimestamp(float(epoch), UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
