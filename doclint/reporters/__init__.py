"""Output formats. Each reporter turns a run's result into text for stdout."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the CLI imports FORMATS before it needs the engine
    from doclint.engine import RunResult

FORMATS = ("text", "json", "json-lines", "sarif", "github", "gitlab", "junit")


class Reporter(Protocol):
    def __call__(self, result: RunResult, *, color: bool, quiet: bool) -> str: ...


def get_reporter(name: str) -> Reporter:
    """The ``render`` function of ``doclint.reporters.<name>`` (imported only when used)."""
    module = importlib.import_module(f"doclint.reporters.{name.replace('-', '_')}")
    render: Reporter = module.render
    return render
