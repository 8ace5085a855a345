"""Long-running service support: a knowledge index that reloads in place, and per-answer logs."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from bot.answerer import Answerer
from bot.knowledge import VOCABULARY_FILE, KnowledgeError, resolve_knowledge_dir
from bot.models import Answer, Source

logger = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]


class ReloadingAnswerer:
    """An Answerer that can be swapped for a freshly loaded one without stopping.

    Questions asked during a reload are answered from the old index: the new one replaces
    it in a single reference assignment only once it has loaded and indexed completely.
    A reload that meets a broken file keeps the old index.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None, meaning: bool | None = False) -> None:
        self.directory = resolve_knowledge_dir(directory)
        self.meaning = meaning
        self._fingerprint = knowledge_fingerprint(self.directory)
        self._current = Answerer.from_folder(self.directory, meaning=meaning)
        self._current.warm_up()

    @property
    def current(self) -> Answerer:
        return self._current

    @property
    def sources(self) -> tuple[Source, ...]:
        return self._current.sources

    def ask(self, question: str) -> Answer:
        return self._current.ask(question)

    def changed(self) -> bool:
        """Whether the folder's articles changed (added, removed, edited) since the last load."""
        return knowledge_fingerprint(self.directory) != self._fingerprint

    def reload(self) -> bool:
        """Load the folder again; on success swap the index in and return True."""
        fingerprint = knowledge_fingerprint(self.directory)
        try:
            fresh = Answerer.from_folder(self.directory, meaning=self.meaning)
        except KnowledgeError as error:
            self._fingerprint = fingerprint
            logger.error("knowledge reload failed, still answering from the previous index: %s", error)
            return False
        self._current = fresh
        self._fingerprint = fingerprint
        logger.info("knowledge reloaded: %d articles, %d passages", len(fresh.articles), len(fresh.index))
        return True


class LoggedAnswerer:
    """Wraps an answerer to log one line per question: platform, latency, answered.

    Never the question or who asked it: the log is for operators, not a record of users.
    """

    def __init__(self, inner: ReloadingAnswerer | Answerer, platform: str) -> None:
        self.inner = inner
        self.platform = platform

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.inner.sources

    def ask(self, question: str) -> Answer:
        started = time.perf_counter()
        answer = self.inner.ask(question)
        latency_ms = round((time.perf_counter() - started) * 1000, 2)
        logger.info(
            "question answered platform=%s latency_ms=%.2f answered=%s",
            self.platform,
            latency_ms,
            str(answer.answered).lower(),
            extra={"platform": self.platform, "latency_ms": latency_ms, "answered": answer.answered},
        )
        return answer


def knowledge_fingerprint(directory: Path) -> Fingerprint:
    """Names, sizes and modification times of the folder's articles and vocabulary; changes on any edit."""
    try:
        entries = sorted([*directory.glob("*.md"), *directory.glob(VOCABULARY_FILE)])
        return tuple((path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in entries)
    except OSError:
        return ()
