"""Liveness for containers: adapters record when they last heard from their platform.

The running service writes a small JSON file; ``banbot health`` (the Docker HEALTHCHECK)
reads it and fails when any adapter has been silent for too long, so a process that still
exists but has lost its chat connection is reported unhealthy.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

HEALTH_FILE_ENV = "BANBOT_HEALTH_FILE"
DEFAULT_HEALTH_FILE = Path(tempfile.gettempdir()) / "banbot-health.json"
DEFAULT_MAX_AGE = 180.0


def health_file(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return Path(env.get(HEALTH_FILE_ENV) or DEFAULT_HEALTH_FILE)


class Heartbeat:
    """The last time each platform adapter heard from its platform, written to a file."""

    def __init__(self, path: Path, platforms: Iterable[str], clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock
        self.last_seen: dict[str, float | None] = dict.fromkeys(platforms)

    def beat(self, platform: str) -> None:
        self.last_seen[platform] = self.clock()

    def callback(self, platform: str) -> Callable[[], None]:
        """A no-argument function for one adapter's ``on_alive`` hook."""
        return lambda: self.beat(platform)

    def write(self) -> None:
        """Write the file atomically, so a health check never reads half of it."""
        payload = {"pid": os.getpid(), "written": self.clock(), "platforms": self.last_seen}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(payload), encoding="utf-8")
        temporary.replace(self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def check(self, max_age: float = DEFAULT_MAX_AGE) -> tuple[bool, str]:
        """``judge`` on the beats in memory, for a process that reports its own health."""
        return judge(self.last_seen, max_age, self.clock())


def check(path: Path, max_age: float = DEFAULT_MAX_AGE, now: float | None = None) -> tuple[bool, str]:
    """Whether every platform in the health file was heard from within ``max_age`` seconds."""
    now = time.time() if now is None else now
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        platforms = payload["platforms"]
        written = float(payload["written"])
    except FileNotFoundError:
        return False, f"unhealthy: no health file at {path} (is `banbot serve` running?)"
    except (OSError, ValueError, KeyError, TypeError) as error:
        return False, f"unhealthy: unreadable health file {path} ({type(error).__name__})"
    if now - written > max_age:
        return False, f"unhealthy: health file not updated for {now - written:.0f} s"
    healthy, detail = judge(platforms, max_age, now)
    return healthy, f"{'healthy' if healthy else 'unhealthy'}: {detail}"


def judge(platforms: Mapping[str, float | None], max_age: float, now: float) -> tuple[bool, str]:
    """The rule of ``banbot health`` (and ``/healthz``): every platform heard from within ``max_age``.

    Returns whether that holds and a short reason (``no contact within 180 s from telegram``).
    """
    if not platforms:
        return False, "no adapter is running"
    silent = [name for name, seen in sorted(platforms.items()) if seen is None or now - float(seen) > max_age]
    if silent:
        return False, f"no contact within {max_age:.0f} s from {', '.join(silent)}"
    ages = ", ".join(
        f"{platform} {now - float(seen):.0f} s ago"
        for platform, seen in sorted(platforms.items())
        if seen is not None
    )
    return True, f"last contact {ages}"
