"""The process's Prometheus metrics: questions, answer time, platform errors, knowledge and feedback.

Each ``banbot serve`` run gets a ``Metrics`` of its own, on a registry of its own rather than
prometheus_client's global one, so that several services in one process (the tests) and
several processes never mix their counts. The adapters report through the module's functions
(``question``, ``platform_error``, ``feedback``), which go to the run's metrics. Labels hold
only names from code (platforms, kinds of error, outcomes): never a question, a user or a chat.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from adapters.store import AskedQuestion, Recorder

CONTENT_TYPE = CONTENT_TYPE_LATEST
# An answer takes about a millisecond; the top buckets catch a slow reload or a busy machine.
ANSWER_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# The kinds of platform error the adapters report (Discord's gateway reconnections are "gateway").
ERROR_KINDS = ("network", "timeout", "rate_limited", "server", "refused", "gateway")


class Metrics:
    """The metrics of one service run, on their own registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.questions = Counter(
            "banbot_questions",
            "Questions answered or declined, by platform and whether they were answered.",
            ["platform", "answered"],
            registry=self.registry,
        )
        self.answer_seconds = Histogram(
            "banbot_answer_seconds",
            "Time to find the answer to one question, reply not included.",
            ["platform"],
            buckets=ANSWER_BUCKETS,
            registry=self.registry,
        )
        self.platform_errors = Counter(
            "banbot_platform_errors",
            "Failed exchanges with a chat platform, by kind (network, timeout, rate_limited, server, ...).",
            ["platform", "kind"],
            registry=self.registry,
        )
        self.knowledge_articles = Gauge(
            "banbot_knowledge_articles", "Articles in the loaded knowledge index.", registry=self.registry
        )
        self.knowledge_reloads = Counter(
            "banbot_knowledge_reloads",
            "Knowledge reloads (SIGHUP or --watch), by result (ok, failed).",
            ["result"],
            registry=self.registry,
        )
        self.feedback = Counter(
            "banbot_feedback",
            "Presses of the feedback buttons, by platform and vote (up, down).",
            ["platform", "vote"],
            registry=self.registry,
        )

    def expect(self, platforms: Iterable[str], *, feedback: bool) -> None:
        """Create the series of the running platforms at 0, so that rates work from the first scrape."""
        for result in ("ok", "failed"):
            self.knowledge_reloads.labels(result)
        for platform in platforms:
            for answered in ("true", "false"):
                self.questions.labels(platform, answered)
            self.answer_seconds.labels(platform)
            for kind in ERROR_KINDS:
                self.platform_errors.labels(platform, kind)
            if feedback:
                for vote in ("up", "down"):
                    self.feedback.labels(platform, vote)

    def count_articles(self, articles: Callable[[], int]) -> None:
        """Read the article count from ``articles`` at each scrape."""
        self.knowledge_articles.set_function(lambda: float(articles()))

    def exposition(self) -> bytes:
        """The Prometheus text format of every metric."""
        return generate_latest(self.registry)


_current = Metrics()


def current() -> Metrics:
    return _current


def fresh() -> Metrics:
    """Start a service run's metrics from zero; the module's functions report to them from now on."""
    global _current
    _current = Metrics()
    return _current


def question(platform: str, answered: bool, seconds: float) -> None:
    """Count one question and the time its answer took."""
    metrics = _current
    metrics.questions.labels(platform, "true" if answered else "false").inc()
    metrics.answer_seconds.labels(platform).observe(seconds)


def platform_error(platform: str, kind: str) -> None:
    """Count one failed exchange with a platform, such as ``platform_error("discord", "network")``."""
    _current.platform_errors.labels(platform, kind).inc()


def feedback(platform: str, vote: int) -> None:
    _current.feedback.labels(platform, "up" if vote > 0 else "down").inc()


def knowledge_reload(ok: bool) -> None:
    _current.knowledge_reloads.labels("ok" if ok else "failed").inc()


class CountingRecorder(Recorder):
    """A question store that also counts each 👍/👎 press, whichever adapter it came from."""

    def __init__(self, inner: Recorder) -> None:
        self.inner = inner

    def new_record_id(self) -> str:
        return self.inner.new_record_id()

    def record(self, asked: AskedQuestion) -> None:
        self.inner.record(asked)

    def vote(self, record_id: str, platform: str, user_id: int | str, vote: int) -> None:
        feedback(platform, vote)
        self.inner.vote(record_id, platform, user_id, vote)

    def close(self, timeout: float = 5.0) -> None:
        self.inner.close(timeout)
