"""Where the data kept beside the checkout is: the real-world corpus, the CLI reference and
the benchmark documents.

They are too big for the repository and come under other licences, so they live in one
folder next to it: ``../shared`` beside the checkout, or the folder ``DOCLINT_SHARED``
names. The tests, the corpus scripts (tests/corpus/), tools/ and benchmarks/ all find it
here, so one variable moves it for all of them. A plain module rather than a pytest
plugin, because the scripts import it too; the ``shared`` marker of tests/conftest.py
is how a test says which parts it needs.
"""

from __future__ import annotations

import os
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
VARIABLE = "DOCLINT_SHARED"
# When set, a test whose shared data is missing fails instead of being skipped (the
# ``shared`` marker of tests/conftest.py); .ci/run sets it, so CI cannot skip quietly.
REQUIRE_VARIABLE = "DOCLINT_REQUIRE_SHARED"

# The parts, as paths inside the shared folder: real public repositories (judged in
# tests/corpus/triage.yaml), the docker and compose CLI reference tools/gen_catalog.py
# reads, and a large Markdown book (the benchmark's default corpus).
PARTS = ("corpus", "reference", "bench/rust-book")


def shared_folder() -> Path:
    """The shared folder, whether it exists or not."""
    return Path(os.environ.get(VARIABLE) or CHECKOUT.parent / "shared")


def locate(part: str) -> Path:
    """The folder of one part (one of ``PARTS``), whether it exists or not."""
    if part not in PARTS:
        raise ValueError(f"{part!r} is not a part of the shared data: {', '.join(PARTS)}")
    return shared_folder() / part


def missing(*parts: str) -> str | None:
    """Why some of ``parts`` cannot be used — which are missing, where they were looked
    for and how to point elsewhere — or None when all are there."""
    absent = [str(locate(part)) for part in parts if not locate(part).is_dir()]
    if not absent:
        return None
    where = f"${VARIABLE}" if os.environ.get(VARIABLE) else "../shared beside the checkout"
    return (
        f"shared data not found: {', '.join(absent)} (looked in {where}; set {VARIABLE} "
        "to the folder holding corpus/, reference/ and bench/)"
    )


def require(part: str) -> Path:
    """The folder of one part, for a script that cannot run without it: exits with
    ``missing``'s reason when it is absent."""
    reason = missing(part)
    if reason:
        raise SystemExit(reason)
    return locate(part)
