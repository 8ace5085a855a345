"""Logging set-up for the entry points: level, human or JSON format, and secret redaction."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterable
from datetime import UTC, datetime

LOG_LEVEL_ENV = "BANBOT_LOG_LEVEL"
LOG_FORMAT_ENV = "BANBOT_LOG_FORMAT"
LOG_FORMATS = ("text", "json")
_REDACTED = "[REDACTED]"


class RedactingFilter(logging.Filter):
    """Replaces secrets in a record's message, arguments and traceback before it is written."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = tuple(secret for secret in secrets if secret)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, _REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            formatter = logging.Formatter()
            record.exc_text = self.redact(formatter.formatException(record.exc_info))
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message and any ``extra`` fields."""

    _STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in self._STANDARD and not key.startswith("_"):
                payload[key] = value if isinstance(value, str | int | float | bool | None) else str(value)
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            payload["exception"] = record.exc_text
        return json.dumps(payload, ensure_ascii=False)


def configure_logging(level: str | None = None, log_format: str | None = None) -> None:
    """Configure the root logger once, from arguments or ``$BANBOT_LOG_LEVEL``/``$BANBOT_LOG_FORMAT``.

    Raises ``ValueError`` naming the setting when a value is not valid.
    """
    level_name = (level or os.environ.get(LOG_LEVEL_ENV) or "INFO").upper()
    if not isinstance(logging.getLevelName(level_name), int):
        raise ValueError(
            f"{LOG_LEVEL_ENV}: unknown log level {level_name!r} (use DEBUG, INFO, WARNING, ERROR)"
        )
    format_name = (log_format or os.environ.get(LOG_FORMAT_ENV) or "text").lower()
    if format_name not in LOG_FORMATS:
        raise ValueError(f"{LOG_FORMAT_ENV}: unknown log format {format_name!r} (use text or json)")
    handler = logging.StreamHandler(sys.stderr)
    if format_name == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level_name)
    # httpx logs every request URL at INFO, and Telegram's URLs hold the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def redact_secrets_in_logs(*secrets: str) -> RedactingFilter:
    """Attach a redacting filter to every root handler, so no handler writes the secrets."""
    redactor = RedactingFilter(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    return redactor
