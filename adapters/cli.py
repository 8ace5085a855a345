"""The ``banbot`` command line, an adapter over the core: ask, list sources, grade, run the chat bots."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dotenv import load_dotenv

from adapters.gaps_command import register as register_gaps_command
from adapters.knowledge_commands import register as register_knowledge_commands
from bot.answerer import Answerer
from bot.evaluation import QuestionSetError, grade, load_questions
from bot.health import DEFAULT_MAX_AGE, check, health_file
from bot.knowledge import KNOWLEDGE_ENV, KnowledgeError, load_knowledge
from bot.logs import LOG_FORMATS, configure_logging
from bot.meaning import MeaningError
from bot.models import Answer, Article
from bot.render import plain_text, source_line
from bot.support import SupportModelError
from bot.text import body_sentences

if TYPE_CHECKING:
    from adapters.store import Recorder

logger = logging.getLogger(__name__)


MEANING_ENV = "BANBOT_MEANING"
# None: weigh meaning when the extra is installed and the folder is not large (bot.meaning).
_SWITCH: dict[str, bool | None] = {
    "": None,
    "auto": None,
    "0": False,
    "off": False,
    "false": False,
    "no": False,
    "1": True,
    "on": True,
    "true": True,
    "yes": True,
}


def meaning_from_env() -> bool | None:
    """``BANBOT_MEANING`` as a switch (unset or "auto": None, the default); ValueError naming it else."""
    setting = os.environ.get(MEANING_ENV, "").strip().lower()
    if setting not in _SWITCH:
        raise ValueError(f"{MEANING_ENV} must be one of {', '.join(sorted(_SWITCH))}, not {setting!r}")
    return _SWITCH[setting]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="banbot",
        description="Answers questions about the 2024 US ban of Kaspersky software with verbatim quotes.",
    )
    parser.add_argument(
        "--knowledge",
        metavar="DIR",
        help=f"knowledge folder to use instead of the bundled one (default: ${KNOWLEDGE_ENV} or bundled)",
    )
    parser.add_argument(
        "--meaning",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=(
            f"also weigh closeness in meaning when deciding to answer: declines more out-of-scope "
            f"questions, costs about 5 ms a question and 0.3 s at start (default: ${MEANING_ENV}, or "
            f"on when the 'meaning' extra is installed and the articles hold under a million characters)"
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = commands.add_parser("ask", help="answer a question from the sources")
    ask.add_argument("question", help="the question; with --json, '-' reads one question a line from stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object (JSON Lines with '-')")
    ask.add_argument(
        "--record", action="store_true", help="record the question in the store that banbot gaps reads"
    )
    ask.set_defaults(handler=_ask)

    sources = commands.add_parser("sources", help="list the articles and their metadata")
    sources.add_argument("--json", action="store_true", help="print the sources as a JSON array")
    sources.set_defaults(handler=_sources)

    register_knowledge_commands(commands)
    register_gaps_command(commands)

    evaluate = commands.add_parser("eval", help="grade a question set (JSON Lines with id, question, expect)")
    evaluate.add_argument("file", type=Path, help="question set to grade")
    evaluate.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    evaluate.set_defaults(handler=_eval)

    serve = commands.add_parser(
        "serve", help="run every adapter whose token is set (Telegram, Discord or both) in one process"
    )
    _add_service_options(serve)
    serve.add_argument(
        "--watch", action="store_true", help="reload the knowledge when its files change (also on SIGHUP)"
    )
    serve.add_argument("--sync", action="store_true", help="register Discord's slash commands, then run")
    serve.set_defaults(handler=_serve)

    for platform in ("telegram", "discord"):
        runner = commands.add_parser(platform, help=f"run the bot on {platform.capitalize()} only")
        _add_service_options(runner)
        if platform == "discord":
            runner.add_argument(
                "--sync", action="store_true", help="register the slash commands with Discord, then run"
            )
        runner.set_defaults(handler=_run_adapter)

    health = commands.add_parser(
        "health", help="exit 0 if the running service heard from its platforms recently, else 1"
    )
    health.add_argument(
        "--max-age",
        type=float,
        default=DEFAULT_MAX_AGE,
        metavar="SECONDS",
        help=f"longest silence allowed (default {DEFAULT_MAX_AGE:.0f})",
    )
    health.set_defaults(handler=_health)
    return parser


def _add_service_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--log-level", default=None, help="log level (default: $BANBOT_LOG_LEVEL or INFO)")
    parser.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        default=None,
        help="log format (default: $BANBOT_LOG_FORMAT or text)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    # Settings may come from a .env file in the working directory; real environment
    # variables win over it.
    load_dotenv(Path.cwd() / ".env", override=False)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.meaning is None:
        try:
            args.meaning = meaning_from_env()
        except ValueError as error:
            parser.error(str(error))
    try:
        return int(args.handler(args))
    except KnowledgeError as error:
        print(f"banbot: knowledge error: {error}", file=sys.stderr)
        return 1
    except QuestionSetError as error:
        print(f"banbot: question set error: {error}", file=sys.stderr)
        return 1
    except (MeaningError, SupportModelError) as error:
        print(f"banbot: model error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (``| head``) went away; point stdout at nothing so Python's exit flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _answerer(args: argparse.Namespace) -> Answerer:
    return Answerer.from_folder(args.knowledge, meaning=args.meaning)


def _ask(args: argparse.Namespace) -> int:
    if args.question == "-" and not args.json:
        print("banbot: reading questions from stdin ('-') needs --json", file=sys.stderr)
        return 2
    recorder: Recorder | None = None
    if args.record:
        # Imported here, so that a plain ``banbot ask`` loads nothing of the store; opened before
        # answering, so that a broken BANBOT_DATABASE fails first.
        from adapters.common import ConfigError
        from adapters.feedback import recorder_from_env

        try:
            recorder = recorder_from_env()
        except ConfigError as error:
            print(f"banbot: {error}", file=sys.stderr)
            return 2
    try:
        answerer = _answerer(args)
        if args.question == "-":
            return _ask_lines(answerer, sys.stdin, sys.stdout, recorder)
        started = time.perf_counter()
        answer = answerer.ask(args.question)
        latency = time.perf_counter() - started
        if args.json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False))
        else:
            print(plain_text(answer))
        if recorder is not None:
            _record(recorder, answer, latency)
        return 0
    finally:
        if recorder is not None:
            recorder.close()


def _ask_lines(answerer: Answerer, source: TextIO, sink: TextIO, recorder: Recorder | None = None) -> int:
    for line in source:
        question = line.rstrip("\r\n")
        started = time.perf_counter()
        answer = answerer.ask(question)
        latency = time.perf_counter() - started
        sink.write(json.dumps(answer.to_dict(), ensure_ascii=False) + "\n")
        sink.flush()
        if recorder is not None:
            _record(recorder, answer, latency)
    return 0


def _record(recorder: Recorder, answer: Answer, latency: float) -> None:
    from adapters.feedback import count_and_record

    count_and_record(recorder, answer, latency, platform="cli", chat_kind="cli")


def _sources(args: argparse.Namespace) -> int:
    # Listing the articles needs no index: only the knowledge files, checked as ever.
    articles = load_knowledge(args.knowledge)
    if args.json:
        listed = [
            {
                **article.source.to_dict(),
                "sentences": _sentence_count(article),
                "added": article.added.isoformat() if article.added else None,
            }
            for article in articles
        ]
        print(json.dumps(listed, ensure_ascii=False, indent=2))
        return 0
    for article in articles:
        source = article.source
        print(source_line(source))
        print(f"    id: {source.id}")
        if source.url:
            print(f"    url: {source.url}")
        print(f"    {_sentence_count(article)} sentences; added {article.added or 'on an unknown day'}")
    return 0


def _sentence_count(article: Article) -> int:
    return sum(1 for _ in body_sentences(article.body))


def _eval(args: argparse.Namespace) -> int:
    questions = load_questions(args.file)
    report = grade(_answerer(args), questions)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
        return 0
    print(f"questions: {report.answerable} answerable, {report.out_of_scope} out of scope")
    print(f"hit@1: {report.hit_at_1:.3f} ({report.hits_at_1}/{report.answerable})")
    print(f"hit@3: {report.hit_at_3:.3f}")
    print(f"MRR: {report.mrr:.3f}")
    print(
        f"abstention precision: {report.abstention_precision:.3f}  "
        f"recall: {report.abstention_recall:.3f} ({report.abstained_correctly}/{report.out_of_scope})"
    )
    for miss in report.misses:
        print(f"MISS {miss.question.id}: {miss.question.question}")
        print(f"    {miss.why}; first quote: {miss.first or '(none)'}")
    return 0


def _configure_service_logging(args: argparse.Namespace) -> bool:
    try:
        configure_logging(args.log_level, args.log_format)
    except ValueError as error:
        print(f"banbot: {error}", file=sys.stderr)
        return False
    return True


def _serve(args: argparse.Namespace) -> int:
    if not _configure_service_logging(args):
        return 2
    from adapters import serve

    return serve.main(args)


def _run_adapter(args: argparse.Namespace) -> int:
    if not _configure_service_logging(args):
        return 2
    if args.command == "telegram":
        from adapters import telegram_bot as adapter
    else:
        from adapters import discord_bot as adapter  # type: ignore[no-redef]
    return int(adapter.main(args))


def _health(args: argparse.Namespace) -> int:
    healthy, message = check(health_file(), args.max_age)
    print(message)
    return 0 if healthy else 1
