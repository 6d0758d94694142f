"""docs/configuration.md documents every environment variable the code reads, and
production mode refuses the default secret key."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from motcua.core.conf import REGISTRY

DOC = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def test_every_variable_in_code_is_documented_and_nothing_else():
    documented = set(re.findall(r"^\| `(MOTCUA_[A-Z_]+)` \|", DOC.read_text(), re.MULTILINE))
    assert documented == set(REGISTRY)


def _django_setup(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "motcua.settings", **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_the_default_secret_key():
    result = _django_setup(MOTCUA_ENVIRONMENT="production")
    assert result.returncode != 0
    assert "MOTCUA_SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key(tmp_path):
    result = _django_setup(
        MOTCUA_ENVIRONMENT="production", MOTCUA_SECRET_KEY="x" * 50, MOTCUA_VAR_DIR=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_is_refused_with_its_name():
    result = _django_setup(MOTCUA_DEBUG="maybe")
    assert result.returncode != 0
    assert "MOTCUA_DEBUG must be true or false" in result.stderr
