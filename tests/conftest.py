"""Test-wide setup: the CLI's cache goes to a folder of this session, never to the
user's own cache (and every session starts without one); tests that read the data
beside the checkout say so with one marker.

``@pytest.mark.shared("corpus", ...)`` names the parts of the shared folder a test
reads (shared_data.py finds them). When one is missing the test is skipped with the
reason, so a plain clone passes; when ``DOCLINT_REQUIRE_SHARED`` is set (``.ci/run``
sets it) it fails instead, so a run meant to cover everything cannot skip quietly.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from shared_data import REQUIRE_VARIABLE, missing

_FOLDER = tempfile.mkdtemp(prefix="doclint-test-cache-")


def pytest_configure(config: pytest.Config) -> None:
    os.environ["DOCLINT_CACHE_DIR"] = _FOLDER
    config.addinivalue_line(
        "markers",
        "shared(*parts): reads these parts of the shared data beside the checkout "
        f"(tests/shared_data.py); skipped when one is missing, failed if {REQUIRE_VARIABLE} is set",
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_FOLDER, ignore_errors=True)


def _missing_shared_data(item: pytest.Item) -> str | None:
    """Why the shared data ``item`` reads is not there, or None."""
    parts = [part for marker in item.iter_markers("shared") for part in marker.args]
    return missing(*parts) if parts else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip marks added here are reported at the test's own line, not this file's."""
    if os.environ.get(REQUIRE_VARIABLE):
        return
    for item in items:
        reason = _missing_shared_data(item)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before any fixture runs (the corpus run of test_corpus.py takes a minute)."""
    reason = _missing_shared_data(item) if os.environ.get(REQUIRE_VARIABLE) else None
    if reason:
        pytest.fail(f"{reason}; {REQUIRE_VARIABLE} is set", pytrace=False)
