"""Output formats. Each reporter turns a run's result into text for stdout."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from doclint.findings import RunResult

FORMATS = ("text", "json", "json-lines", "json-report", "sarif", "github", "gitlab", "junit")


class Reporter(Protocol):
    def __call__(self, result: RunResult, *, color: bool, quiet: bool) -> str: ...


class StreamingReporter(Protocol):
    def __call__(self, result: RunResult, *, color: bool, quiet: bool) -> Iterator[str]: ...


def get_reporter(name: str) -> Reporter:
    """The ``render`` function of ``doclint.output.reporters.<name>`` (imported only when used)."""
    render: Reporter = _module(name).render
    return render


def get_stream(name: str) -> StreamingReporter:
    """The report of ``doclint.output.reporters.<name>`` in pieces to write as they come: its
    ``stream`` function when it has one (a report that can be long), else ``render``'s
    text as one piece."""
    stream: StreamingReporter | None = getattr(_module(name), "stream", None)
    if stream is not None:
        return stream
    render = get_reporter(name)

    def whole(result: RunResult, *, color: bool, quiet: bool) -> Iterator[str]:
        yield render(result, color=color, quiet=quiet)

    return whole


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"doclint.output.reporters.{name.replace('-', '_')}")
