"""What both chat adapters share: reading secrets and settings, and splitting long replies."""

from __future__ import annotations

import logging
import math
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from bot.models import Answer, Source


def as_one_line_warning(record: logging.LogRecord, detail: str) -> None:
    """Turn a library's error record with a traceback into one warning line ending in ``detail``.

    For failures that an outage makes routine: a traceback for each would bury the log.
    """
    record.msg = f"{record.getMessage()} ({detail})"
    record.args = ()
    record.exc_info = None
    record.exc_text = None
    record.levelno, record.levelname = logging.WARNING, "WARNING"


class LogThrottle:
    """Logs a warning at most once per ``every`` seconds, saying how many were held back.

    For failures that can come in floods (a store that is down, a scanner at the webhook):
    one line a minute tells the operator as much as a thousand.
    """

    def __init__(
        self,
        log: logging.Logger,
        held_name: str,
        every: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.every = every
        self._log = log
        self._held_name = held_name
        self._clock = clock
        self._next = 0.0
        self._held = 0
        # The store's writer thread and the event loop may both warn.
        self._lock = threading.Lock()

    def warning(self, message: str, *args: object) -> None:
        with self._lock:
            now = self._clock()
            if now < self._next:
                self._held += 1
                return
            if self._held:
                message += f" ({self._held} more {self._held_name} in the last {self.every:.0f} s)"
            self._held = 0
            self._next = now + self.every
        self._log.warning(message, *args)


class ConfigError(Exception):
    """A setting that is missing or invalid; the message is one line naming the setting."""


class AnswerProvider(Protocol):
    """What an adapter needs from the core: answers, and the sources for ``/sources``."""

    def ask(self, question: str) -> Answer: ...

    @property
    def sources(self) -> tuple[Source, ...]: ...


def read_secret(name: str, environ: Mapping[str, str] | None = None) -> str:
    """A secret from ``$NAME``, or from the file named by ``$NAME_FILE``; never echoed in errors."""
    env = os.environ if environ is None else environ
    value = env.get(name, "").strip()
    file_name = env.get(f"{name}_FILE", "").strip()
    if value and file_name:
        raise ConfigError(f"{name} and {name}_FILE are both set; set only one")
    if file_name:
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or type(error).__name__
            raise ConfigError(f"{name}_FILE: cannot read {file_name} ({reason})") from None
        if not value:
            raise ConfigError(f"{name}_FILE: {file_name} is empty")
    if not value:
        raise ConfigError(f"{name} is not set (or set {name}_FILE to a file holding it)")
    return value


def number_from_env(
    name: str,
    environ: Mapping[str, str],
    default: float,
    minimum: float,
    maximum: float,
    *,
    unit: str = "seconds",
    whole: bool = False,
) -> float:
    """A number setting within [minimum, maximum], or ``default`` when unset; else ConfigError."""
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(int(text)) if whole else float(text)
    except ValueError:
        value = math.nan
    if not minimum <= value <= maximum:
        kind = "a whole number of" if whole else "a number of"
        raise ConfigError(f"{name}: must be {kind} {unit} from {minimum:g} to {maximum:g}, not {text!r}")
    return value


def optional_url(
    name: str,
    environ: Mapping[str, str] | None = None,
    *,
    schemes: tuple[str, ...] = ("http", "https"),
    strip_slash: bool = True,
) -> str | None:
    """An optional URL setting with one of ``schemes``, validated; no trailing slash unless asked."""
    env = os.environ if environ is None else environ
    value = env.get(name, "").strip()
    if not value:
        return None
    if not re.match(rf"^(?:{'|'.join(map(re.escape, schemes))})://[^\s/]+\S*$", value):
        allowed = ", ".join(f"{scheme}://" for scheme in schemes)
        raise ConfigError(f"{name}: must be a URL starting with {allowed}")
    return value.rstrip("/") if strip_slash else value


_BREAKS = (
    re.compile(r"\n\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?…][\"”’)]) |(?<=[.!?…]) "),
    re.compile(r" "),
)


def split_message(text: str, limit: int) -> list[str]:
    """Split text into chunks of at most ``limit`` characters.

    Each cut falls at the last paragraph break, else line break, else sentence end, else
    space before the limit; only a single unbroken run longer than the limit is cut
    mid-word. Nothing is dropped: joining the chunks gives back the text, less the
    white space at the cuts.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    chunks = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = 0
        for pattern in _BREAKS:
            ends = [match.start() for match in pattern.finditer(window) if 0 < match.start() <= limit]
            if ends:
                cut = ends[-1]
                break
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks
