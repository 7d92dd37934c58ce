"""Settings come from the environment, with safe defaults, all documented."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_is_documented_in_env_example():
    settings_source = (ROOT / "src" / "broadsheet" / "settings.py").read_text()
    names = set(
        re.findall(r'(?:os\.environ\.get|env_bool|env_list)\(\s*"([A-Z0-9_]+)"', settings_source)
    )
    documented = (ROOT / ".env.example").read_text()
    missing = sorted(n for n in names if n not in documented and n != "BROADSHEET_SECRET_KEY")
    assert missing == []


def settings_in_subprocess(tmp_path: Path, expression: str, **env: str) -> str:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "SECRET_KEY"}
    }
    environment.update({"BROADSHEET_DATA_DIR": str(tmp_path), **env})
    code = f"import broadsheet.settings as s; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()


def test_defaults_are_safe(tmp_path):
    assert settings_in_subprocess(tmp_path, "s.DEBUG") == "False"
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0
    # The generated key is kept: a restart does not log everybody out.
    first = settings_in_subprocess(tmp_path, "s.SECRET_KEY")
    assert settings_in_subprocess(tmp_path, "s.SECRET_KEY") == first
    # SQLite, through Django's backend with its writers queued (core/sqlite).
    engine = settings_in_subprocess(tmp_path, "s.DATABASES['default']['ENGINE']")
    assert engine == "broadsheet.core.sqlite"
    assert settings_in_subprocess(tmp_path, "s.SESSION_COOKIE_SECURE") == "False"


def test_database_and_https_from_the_environment(tmp_path):
    engine = settings_in_subprocess(
        tmp_path,
        "s.DATABASES['default']['ENGINE']",
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/db",
    )
    assert "postgresql" in engine
    secure = settings_in_subprocess(
        tmp_path,
        "(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)",
        BROADSHEET_HTTPS="1",
    )
    assert secure == "(True, True, True)"
