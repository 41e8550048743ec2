"""A progress bar on stderr for long runs, and only where a person watches it.

It appears once a run has taken a second (a short run should print nothing but its
findings), only when stderr is a terminal and no ``CI`` variable is set: a CI log or a
pipe would fill with carriage returns. It is erased before the report is printed.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

DELAY_S = 1.0
WIDTH = 30
_MIN_INTERVAL_S = 0.1


def wanted(stream: TextIO | None = None) -> bool:
    """Whether a bar may be shown on ``stream`` (stderr by default)."""
    stream = stream or sys.stderr
    return stream.isatty() and not os.environ.get("CI")


class ProgressBar:
    """``doclint: [######            ] 120/478 files``, redrawn in place."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self._started = time.monotonic()
        self._drawn_at = 0.0
        self._shown = False

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self._started < DELAY_S or now - self._drawn_at < _MIN_INTERVAL_S:
            return
        self._drawn_at = now
        filled = WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + " " * (WIDTH - filled)
        self.stream.write(f"\rdoclint: [{bar}] {self.done}/{self.total} files")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        """Erase the bar, so that what is printed next starts on a clean line."""
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False
