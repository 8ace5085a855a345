"""Flood control per person: how often one user may ask, so that one person cannot drown the bot.

``BANBOT_USER_RATE`` (default ``5/30s``) allows that many questions in that many seconds
per platform user. Past it, the person gets one short notice, then silence until they are
under the limit again; everyone else is unaffected. Users are known only by a keyed hash
of platform and id, with a key made fresh by each process, so nothing that names a
person is kept; entries expire with their window, and at most ``max_users`` are held.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from adapters.common import ConfigError

RATE_ENV = "BANBOT_USER_RATE"
DEFAULT_RATE = "5/30s"
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$")
_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, None: 1.0}


@dataclass(frozen=True)
class UserRate:
    questions: int
    seconds: float


def parse_rate(text: str) -> UserRate:
    """``5/30s`` is five questions in thirty seconds; ``0/1s`` turns flood control off."""
    match = _RATE.match(text)
    if not match:
        raise ConfigError(f"{RATE_ENV}: expected questions/period such as 5/30s or 20/1m, not {text!r}")
    seconds = float(match.group(2)) * _UNITS[match.group(3)]
    if seconds <= 0:
        raise ConfigError(f"{RATE_ENV}: the period must be longer than 0 seconds")
    return UserRate(int(match.group(1)), seconds)


def rate_from_env(environ: Mapping[str, str] | None = None) -> UserRate:
    env = os.environ if environ is None else environ
    return parse_rate(env.get(RATE_ENV) or DEFAULT_RATE)


@dataclass(frozen=True)
class Verdict:
    """Whether to answer; if not, whether to send the one notice, and when to try again."""

    allowed: bool
    notify: bool = False
    retry_after: float = 0.0

    def notice(self) -> str:
        wait = max(1, math.ceil(self.retry_after))
        return f"Too many questions at once. Try again in {wait} seconds."


class FloodGate:
    """A sliding window of recent questions per (hashed) user, with a bounded number of users."""

    def __init__(
        self, rate: UserRate, max_users: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.max_users = max_users
        self._clock = clock
        self._key = secrets.token_bytes(16)
        self._recent: OrderedDict[bytes, deque[float]] = OrderedDict()
        self._notified: set[bytes] = set()

    def __len__(self) -> int:
        return len(self._recent)

    def check(self, platform: str, user_id: object) -> Verdict:
        """Count one question from this user, and say whether to answer it."""
        if self.rate.questions <= 0:
            return Verdict(allowed=True)
        now = self._clock()
        user = hashlib.blake2b(f"{platform}:{user_id}".encode(), key=self._key, digest_size=16).digest()
        self._expire(now)
        times = self._recent.pop(user, None) or deque()
        while times and times[0] <= now - self.rate.seconds:
            times.popleft()
        self._recent[user] = times  # most recently seen last
        if len(times) < self.rate.questions:
            times.append(now)
            self._notified.discard(user)
            self._trim()
            return Verdict(allowed=True)
        retry_after = times[0] + self.rate.seconds - now
        first_refusal = user not in self._notified
        self._notified.add(user)
        return Verdict(allowed=False, notify=first_refusal, retry_after=retry_after)

    def _expire(self, now: float) -> None:
        """Forget users whose whole window has passed (the oldest-seen come first)."""
        while self._recent:
            user, times = next(iter(self._recent.items()))
            if times and times[-1] > now - self.rate.seconds:
                break
            self._recent.popitem(last=False)
            self._notified.discard(user)

    def _trim(self) -> None:
        while len(self._recent) > self.max_users:
            user, _ = self._recent.popitem(last=False)
            self._notified.discard(user)
