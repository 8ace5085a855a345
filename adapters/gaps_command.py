"""``banbot gaps``: what people asked that banbot could not answer, the answers they voted down, and totals.

It reads the store that the chat adapters (and ``banbot ask --record``) write, at
``--database`` or ``BANBOT_DATABASE``, and prints the report as text or, with ``--json``,
as one JSON object whose form README documents.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.gaps import GapsReport, Totals

_PERIOD = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
DEFAULT_SINCE = "7d"
DEFAULT_LIMIT = 10


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``gaps`` command to the command line."""
    gaps = commands.add_parser(
        "gaps",
        help="report the declined questions asked most, the answers voted down, and totals",
        description=(
            "Reads the question store (--database or $BANBOT_DATABASE) and reports, for the period: "
            "the declined questions asked most (wordings grouped), the answers with the most thumbs "
            "down, and questions, answered share and votes per platform and per day."
        ),
    )
    gaps.add_argument(
        "--since",
        type=parse_period,
        default=parse_period(DEFAULT_SINCE),
        metavar="PERIOD",
        help=f"how far back: 30m, 12h, 7d, 2w (default {DEFAULT_SINCE})",
    )
    gaps.add_argument(
        "--limit", type=_positive, default=DEFAULT_LIMIT, metavar="N", help="rows per list (default 10)"
    )
    gaps.add_argument("--json", action="store_true", help="print one JSON object")
    gaps.add_argument(
        "--database",
        metavar="PATH_OR_URL",
        help="the store to read (default: $BANBOT_DATABASE or banbot's own)",
    )
    gaps.set_defaults(handler=_gaps)


def parse_period(text: str) -> timedelta:
    """``30m``, ``12h``, ``7d`` or ``2w`` as a time span."""
    match = _PERIOD.match(text)
    if not match or int(match.group(1)) == 0:
        raise argparse.ArgumentTypeError(f"expected a period such as 30m, 12h, 7d or 2w, not {text!r}")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number, 1 or more, not {text!r}")
    return number


def _gaps(args: argparse.Namespace) -> int:
    # Imported here, so that the rest of the command line never loads the store's modules.
    from adapters.common import ConfigError
    from adapters.gaps import gaps_report
    from adapters.store import DATABASE_ENV, STORE_OFF, check_database, database_from_env
    from adapters.store_backends import StoreError, StoreMissingError, redact

    try:
        database = check_database(args.database, "--database") if args.database else database_from_env()
    except ConfigError as error:
        print(f"banbot: {error}", file=sys.stderr)
        return 2
    if database == STORE_OFF:
        print(f"banbot: {DATABASE_ENV} is off, so nothing is recorded; give --database to read a store")
        return 1
    try:
        report = gaps_report(database, args.since, args.limit)
    except StoreMissingError as error:
        print(
            f"banbot: {error}; set {DATABASE_ENV} or --database to the store the bot writes", file=sys.stderr
        )
        return 1
    except StoreError as error:
        print(f"banbot: cannot read the store: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(render(report, redact(database)))
    return 0


def render(report: GapsReport, database: str) -> str:
    """The report as text, one section after another."""
    lines = [f"Questions from {_when(report.since)} to {_when(report.until)} UTC, in {database}", ""]
    if not report.totals.questions and not report.totals.up and not report.totals.down:
        lines.append("Nothing was recorded in this period.")
        return "\n".join(lines)
    lines.append("Declined questions asked most")
    if report.declined:
        groups = [
            (
                str(group.count),
                _when(group.first_seen),
                _when(group.last_seen),
                _example(group.question, group.wordings),
            )
            for group in report.declined
        ]
        lines += _table(("count", "first seen", "last seen", "question"), groups, right=(0,))
    else:
        lines.append("  none with their text recorded")
    if report.declined_without_text:
        lines.append(f"  and {report.declined_without_text} declined questions kept without their text")
    lines += ["", "Answers with the most 👎"]
    if report.downvoted:
        answers = [
            (
                str(answer.down),
                str(answer.up),
                _when(answer.asked_at) if answer.asked_at else "-",
                answer.platform or "-",
                answer.source_id or "-",
                answer.question or "(not recorded)",
            )
            for answer in report.downvoted
        ]
        lines += _table(
            ("👎", "👍", "asked", "platform", "first quote from", "question"), answers, right=(0, 1)
        )
    else:
        lines.append("  none")
    lines += ["", "Per platform"]
    lines += _totals_table("platform", [*report.platforms, ("all", report.totals)])
    lines += ["", "Per day"]
    lines += _totals_table("day", report.days)
    return "\n".join(lines)


def _totals_table(heading: str, rows: Iterable[tuple[str, Totals]]) -> list[str]:
    cells = [
        (
            name,
            str(totals.questions),
            f"{totals.answered_share:.0%}" if totals.answered_share is not None else "-",
            str(totals.up),
            str(totals.down),
        )
        for name, totals in rows
    ]
    return _table((heading, "questions", "answered", "👍", "👎"), cells, right=(1, 2, 3, 4))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    widths = [max(_width(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    out = []
    for row in (header, *rows):
        cells = []
        for index, cell in enumerate(row):
            pad = " " * (widths[index] - _width(cell))
            last = index == len(row) - 1
            cells.append(pad + cell if index in right else (cell if last else cell + pad))
        out.append("  " + "  ".join(cells))
    return out


def _width(text: str) -> int:
    # The thumbs take two columns in a terminal.
    return len(text) + text.count("👍") + text.count("👎")


def _example(question: str, wordings: int) -> str:
    text = " ".join(question.split())
    if len(text) > 80:
        text = text[:79] + "…"
    return f"{text}  ({wordings} wordings)" if wordings > 1 else text


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")
