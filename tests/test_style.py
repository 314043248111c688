"""The team's habits, checked: ruff lint and format, mypy on the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


@pytest.mark.parametrize("args", [("ruff", "check", "."), ("ruff", "format", "--check", ".")])
def test_ruff(args):
    done = _run(*args)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_on_the_package():
    done = _run("mypy", "mapper")
    assert done.returncode == 0, done.stdout + done.stderr
