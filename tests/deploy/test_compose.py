"""docker-compose.yml parses, and refuses to start production without its secrets."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = shutil.which("docker-compose")

pytestmark = pytest.mark.skipif(
    COMPOSE is None, reason="docker-compose is not installed (Debian package docker-compose)"
)


def compose_config(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SOCIAL_CREDENTIALS_KEY")}
    env.update(extra)
    return subprocess.run(
        [COMPOSE, "config", "-q"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_stack_validates_with_its_secrets_set():
    result = compose_config(SECRET_KEY="s", SOCIAL_CREDENTIALS_KEY="k")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "SOCIAL_CREDENTIALS_KEY"])
def test_the_stack_names_a_missing_secret(missing):
    secrets = {"SECRET_KEY": "s", "SOCIAL_CREDENTIALS_KEY": "k"}
    del secrets[missing]
    result = compose_config(**secrets)
    assert result.returncode != 0
    assert missing in result.stderr
