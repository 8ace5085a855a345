"""The 👍/👎 buttons both adapters put under an answer: what a press carries, and recording the question.

A button carries only the answer's record id and the vote (``fb:+:<id>``, at most 27 bytes,
well within Telegram's 64-byte callback data and Discord's 100-character custom id): never
the question, the user or the chat. The store counts one vote per person and answer.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from adapters import metrics
from adapters.store import (
    AskedQuestion,
    NullRecorder,
    Recorder,
    open_configured_recorder,
    store_settings_from_env,
)
from bot.models import Answer

THANKS = "Thanks for the feedback!"
# How long a stop may spend writing the questions still queued for the store.
RECORDER_CLOSE_SECONDS = 2.0
UP = "👍"
DOWN = "👎"
# What a feedback button carries: the vote and the answer's record id.
PRESS_PATTERN = r"fb:(?P<vote>[+-]):(?P<record>[A-Za-z0-9_-]{1,22})"
_PRESS = re.compile(rf"^{PRESS_PATTERN}$")


@dataclass(frozen=True)
class Press:
    """One press of a feedback button: the answer's record id and +1 or -1."""

    record_id: str
    vote: int


def button_data(record_id: str, vote: int) -> str:
    """What the button for ``vote`` (+1 or -1) on the answer ``record_id`` carries."""
    return f"fb:{'+' if vote > 0 else '-'}:{record_id}"


def parse_press(data: str) -> Press | None:
    """The press a button's data stands for, or None for data that is not a feedback button's."""
    match = _PRESS.match(data)
    if match is None:
        return None
    return Press(record_id=match["record"], vote=1 if match["vote"] == "+" else -1)


def recorder_from_env() -> Recorder:
    """Open the store the environment names (``BANBOT_DATABASE``); ConfigError when it cannot be."""
    return open_configured_recorder(store_settings_from_env())


def collects_feedback(recorder: Recorder) -> bool:
    """Whether answers should carry buttons: only when their presses are kept somewhere."""
    return not isinstance(recorder, NullRecorder)


def count_and_record(
    recorder: Recorder,
    answer: Answer,
    latency: float,
    *,
    platform: str,
    chat_kind: str,
    record_id: str | None = None,
) -> None:
    """Count one question in the metrics and queue its record (under ``record_id``, or a new one)."""
    metrics.question(platform, answer.answered, latency)
    recorder.record(
        AskedQuestion.from_answer(
            record_id or recorder.new_record_id(),
            answer,
            platform=platform,
            chat_kind=chat_kind,
            latency_seconds=latency,
        )
    )


async def answer_and_record(
    ask: Callable[[], Awaitable[Answer]],
    reply: Callable[[Answer, str | None], Awaitable[None]],
    recorder: Recorder,
    *,
    platform: str,
    chat_kind: str,
) -> Answer:
    """Ask, reply (with the record id for the buttons, or None), then record: after the reply, always.

    The record is queued even when the reply fails, so that a question the platform did not
    take is still counted; it never delays the reply. Both adapters pass here.
    """
    started = time.perf_counter()
    answer = await ask()
    latency = time.perf_counter() - started
    record_id = recorder.new_record_id()
    try:
        await reply(answer, record_id if collects_feedback(recorder) else None)
    finally:
        count_and_record(
            recorder, answer, latency, platform=platform, chat_kind=chat_kind, record_id=record_id
        )
    return answer
