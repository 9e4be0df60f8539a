"""Production settings refuse to boot without a secret key, and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    # The browser tests allow async-unsafe ORM calls in this process; production never does.
    dropped = (
        "SECRET_KEY",
        "SOCIAL_CREDENTIALS_KEY",
        "REDIS_URL",
        "DEBUG",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    )
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_boot_without_a_secret_key():
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_boot_without_a_credentials_key():
    result = run_manage("check", SECRET_KEY="a-long-random-production-key-" + "x" * 40)
    assert result.returncode != 0
    assert "SOCIAL_CREDENTIALS_KEY must be set" in result.stderr


def test_production_refuses_to_boot_without_a_shared_cache():
    # Each process's own memory would keep a withdrawn page live on the other workers.
    result = run_manage(
        "check",
        SECRET_KEY="a-long-random-production-key-" + "x" * 40,
        SOCIAL_CREDENTIALS_KEY=Fernet.generate_key().decode(),
    )
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr


def test_production_passes_the_deploy_checks_with_a_key():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-key-" + "x" * 40,
        SOCIAL_CREDENTIALS_KEY=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="news.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",  # not connected to by the checks
    )
    assert result.returncode == 0, result.stdout + result.stderr
