"""Test-wide setup: the CLI's cache goes to a folder of this session, never to the
user's own cache (and every session starts without one)."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_FOLDER = tempfile.mkdtemp(prefix="doclint-test-cache-")


def pytest_configure(config: pytest.Config) -> None:
    os.environ["DOCLINT_CACHE_DIR"] = _FOLDER


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_FOLDER, ignore_errors=True)
