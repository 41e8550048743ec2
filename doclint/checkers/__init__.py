"""Generic checkers. A rule (YAML in ``rules/``) names one of these and passes it options.

Checkers register themselves by name with ``@register``; the engine looks them up
from the rule's ``checker`` field and knows nothing else about them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from doclint.checkers.context import CheckContext
    from doclint.findings import Finding
    from doclint.rulebook import Rule

CheckFunction = Callable[["CheckContext", "Rule"], Iterable["Finding"]]

_REGISTRY: dict[str, CheckFunction] = {}
_MODULES = (
    "containers", "services", "compose_files", "compose_v1", "pattern",
    "grammar", "paths", "targets", "ports", "links", "envvars",
)  # fmt: skip


def register(name: str) -> Callable[[CheckFunction], CheckFunction]:
    def decorate(function: CheckFunction) -> CheckFunction:
        _REGISTRY[name] = function
        return function

    return decorate


def checker_names() -> list[str]:
    _load_all()
    return sorted(_REGISTRY)


def get_checker(name: str) -> CheckFunction | None:
    _load_all()
    return _REGISTRY.get(name)


def _load_all() -> None:
    if len(_REGISTRY) < len(_MODULES):
        for module in _MODULES:
            importlib.import_module(f"doclint.checkers.{module}")
