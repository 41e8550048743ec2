"""The progress bar: only on a terminal someone watches, only for runs over a second."""

from __future__ import annotations

import io

import pytest

from doclint.running import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_wanted_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert progress.wanted(Terminal())
    assert not progress.wanted(io.StringIO())  # a pipe or a file
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(Terminal())


def test_shown_after_a_second_and_erased(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    stream = Terminal()
    bar = progress.ProgressBar(10, stream)
    bar.advance(3)
    assert stream.getvalue() == ""  # a short run prints nothing
    now[0] += progress.DELAY_S + 0.01
    bar.advance(2)
    assert stream.getvalue().endswith("] 5/10 files")
    bar.close()
    assert stream.getvalue().endswith("\r\033[K")
