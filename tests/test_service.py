"""Tests for the long-running service pieces that need no chat platform: reload, logs, health, settings."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write_knowledge

import bot.answerer
from adapters.common import ConfigError
from adapters.serve import settings_from_env
from bot.health import Heartbeat, check
from bot.logs import JsonFormatter, RedactingFilter, configure_logging
from bot.service import LoggedAnswerer, ReloadingAnswerer

ORIGINAL = [{"id": "bridge", "body": "The Springfield bridge reopens on March 3."}]
CHANGED = [{"id": "bridge", "body": "The Springfield bridge reopens on April 9 after repairs."}]


def _cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "adapters", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_reload_swaps_in_changed_knowledge(tmp_path: Path) -> None:
    folder = write_knowledge(tmp_path, ORIGINAL)
    answerer = ReloadingAnswerer(folder)
    assert answerer.ask("When does the bridge reopen?").answer == "March 3, 2024"
    assert not answerer.changed()
    write_knowledge(tmp_path, CHANGED)
    assert answerer.changed()
    assert answerer.reload()
    assert answerer.ask("When does the bridge reopen?").answer == "April 9, 2024"
    assert not answerer.changed()


def test_reload_reads_the_index_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_knowledge(tmp_path, ORIGINAL)
    answerer = ReloadingAnswerer(folder)

    def no_building(*_: object) -> None:
        raise AssertionError("reload rebuilt an index the cache holds")

    monkeypatch.setattr(bot.answerer, "build_state", no_building)
    # A reload (SIGHUP) of an unchanged folder, or one changed back, reads the cache.
    assert answerer.reload()
    assert answerer.ask("When does the bridge reopen?").answer == "March 3, 2024"


def test_reload_sees_a_vocabulary_change(tmp_path: Path) -> None:
    folder = write_knowledge(tmp_path, ORIGINAL)
    answerer = ReloadingAnswerer(folder)
    # A local nickname: no dictionary, and no sentence encoder, knows "Old Rusty" is the bridge.
    assert not answerer.ask("When does Old Rusty reopen?").answered
    (folder / "vocabulary.yaml").write_text("synonyms:\n  - [bridge, Old Rusty]\n", encoding="utf-8")
    assert answerer.changed()
    assert answerer.reload()
    assert answerer.ask("When does Old Rusty reopen?").answer == "March 3, 2024"


def test_reload_with_a_broken_file_keeps_the_old_index_and_says_which_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = write_knowledge(tmp_path, ORIGINAL)
    answerer = ReloadingAnswerer(folder)
    (folder / "broken.md").write_text("no front matter here\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        assert not answerer.reload()
    assert answerer.ask("When does the bridge reopen?").answer == "March 3, 2024"
    assert "broken.md" in caplog.text
    assert "previous index" in caplog.text
    # The broken state is remembered, so polling does not retry it until the files change again.
    assert not answerer.changed()


def test_logged_answerer_logs_platform_latency_and_outcome_but_not_the_question(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    logged = LoggedAnswerer(ReloadingAnswerer(write_knowledge(tmp_path, ORIGINAL)), "telegram")
    with caplog.at_level(logging.INFO, logger="bot.service"):
        logged.ask("When does the Springfield bridge reopen?")
    (record,) = [record for record in caplog.records if record.name == "bot.service"]
    assert record.platform == "telegram"  # type: ignore[attr-defined]
    assert record.answered is True  # type: ignore[attr-defined]
    assert record.latency_ms >= 0  # type: ignore[attr-defined]
    assert "Springfield" not in record.getMessage()


def test_json_log_format_writes_one_object_a_line_with_extra_fields() -> None:
    record = logging.LogRecord("bot.service", logging.INFO, __file__, 1, "answered %s", ("yes",), None)
    record.platform = "discord"
    payload = json.loads(JsonFormatter().format(record))
    assert payload["message"] == "answered yes"
    assert payload["level"] == "INFO"
    assert payload["platform"] == "discord"


def test_redacting_filter_removes_secrets_from_message_and_traceback() -> None:
    secret = "123456:ABCdefSECRET"
    redactor = RedactingFilter([secret])
    try:
        raise RuntimeError(f"GET https://api.example/bot{secret}/getMe failed")
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "url %s", (secret,), sys.exc_info())
    assert redactor.filter(record)
    assert secret not in record.getMessage()
    assert record.exc_text is not None
    assert secret not in record.exc_text
    assert "[REDACTED]" in record.exc_text


def test_configure_logging_rejects_bad_values_naming_the_setting() -> None:
    with pytest.raises(ValueError, match="BANBOT_LOG_LEVEL"):
        configure_logging("LOUD", "text")
    with pytest.raises(ValueError, match="BANBOT_LOG_FORMAT"):
        configure_logging("INFO", "xml")


def test_health_reports_each_silent_platform(tmp_path: Path) -> None:
    now = [1000.0]
    heartbeat = Heartbeat(tmp_path / "health.json", ["telegram", "discord"], clock=lambda: now[0])
    heartbeat.write()
    healthy, message = check(heartbeat.path, max_age=60, now=now[0])
    assert not healthy
    assert "discord" in message and "telegram" in message
    heartbeat.beat("telegram")
    heartbeat.beat("discord")
    heartbeat.write()
    assert check(heartbeat.path, max_age=60, now=now[0] + 30)[0]
    now[0] += 100
    heartbeat.beat("telegram")
    heartbeat.write()
    healthy, message = check(heartbeat.path, max_age=60, now=now[0])
    assert not healthy
    assert "discord" in message and "telegram" not in message


def test_health_fails_without_a_file_or_with_a_stale_one(tmp_path: Path) -> None:
    assert not check(tmp_path / "missing.json")[0]
    heartbeat = Heartbeat(tmp_path / "health.json", ["telegram"], clock=lambda: 0.0)
    heartbeat.beat("telegram")
    heartbeat.write()
    healthy, message = check(heartbeat.path, max_age=60, now=500.0)
    assert not healthy
    assert "not updated" in message
    (tmp_path / "garbage.json").write_text("{", encoding="utf-8")
    assert not check(tmp_path / "garbage.json")[0]


def test_health_command_exit_codes(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "BANBOT_HEALTH_FILE": str(tmp_path / "health.json")}
    missing = _cli("health", cwd=tmp_path, env=env)
    assert missing.returncode == 1
    assert "unhealthy" in missing.stdout
    heartbeat = Heartbeat(tmp_path / "health.json", ["telegram"])
    heartbeat.beat("telegram")
    heartbeat.write()
    fresh = _cli("health", cwd=tmp_path, env=env)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert "healthy" in fresh.stdout
    heartbeat.last_seen["telegram"] = time.time() - 1000
    heartbeat.write()
    assert _cli("health", "--max-age", "60", cwd=tmp_path, env=env).returncode == 1


def test_serve_settings_need_a_token() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN and/or DISCORD_BOT_TOKEN"):
        settings_from_env({})


def test_serve_settings_validate_the_watch_interval() -> None:
    with pytest.raises(ConfigError, match="BANBOT_WATCH_INTERVAL"):
        settings_from_env({"TELEGRAM_BOT_TOKEN": "123456:" + "A" * 35, "BANBOT_WATCH_INTERVAL": "soon"})


def test_serve_settings_pick_the_configured_platforms(tmp_path: Path) -> None:
    token_file = tmp_path / "discord-token"
    token_file.write_text("a-discord-token-value\n", encoding="utf-8")
    settings = settings_from_env(
        {"DISCORD_BOT_TOKEN_FILE": str(token_file), "BANBOT_HEALTH_FILE": str(tmp_path / "h.json")}
    )
    assert [platform.name for platform in settings.platforms] == ["discord"]
    assert settings.platforms[0].settings.token == "a-discord-token-value"
    assert settings.health_file == tmp_path / "h.json"
    assert "a-discord-token-value" not in repr(settings)


def test_serve_without_tokens_exits_2_with_one_line(tmp_path: Path) -> None:
    result = _cli("serve", cwd=tmp_path, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_log_format_exits_2_naming_the_setting(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "BANBOT_LOG_FORMAT": "xml", "TELEGRAM_BOT_TOKEN": "1:x"}
    result = _cli("serve", cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert "BANBOT_LOG_FORMAT" in result.stderr
    assert "Traceback" not in result.stderr


def test_dotenv_in_the_working_directory_is_read(tmp_path: Path) -> None:
    folder = write_knowledge(tmp_path, ORIGINAL)
    (tmp_path / ".env").write_text(f"BANBOT_KNOWLEDGE={folder}\n", encoding="utf-8")
    result = _cli(
        "ask", "--json", "When does the bridge reopen?", cwd=tmp_path, env={"PATH": "/usr/bin:/bin"}
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answer"] == "March 3, 2024"


def test_environment_wins_over_dotenv(tmp_path: Path) -> None:
    folder = write_knowledge(tmp_path, ORIGINAL)
    (tmp_path / ".env").write_text("BANBOT_KNOWLEDGE=/nowhere/at/all\n", encoding="utf-8")
    result = _cli(
        "ask",
        "--json",
        "When does the bridge reopen?",
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "BANBOT_KNOWLEDGE": str(folder)},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answered"] is True
