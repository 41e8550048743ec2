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
    from doclint.judging.rulebook import Rule

CheckFunction = Callable[["CheckContext", "Rule"], Iterable["Finding"]]

_REGISTRY: dict[str, CheckFunction] = {}
_MODULES = {
    "unknown-container": "containers",
    "service-used-as-container": "containers",
    "unknown-service": "services",
    "container-used-as-service": "services",
    "missing-compose-file": "compose_files",
    "compose-v1": "compose_v1",
    "pattern": "pattern",
    "unknown-docker-option": "grammar",
    "unknown-docker-command": "grammar",
    "removed-in-compose-v2": "grammar",
    "missing-path": "paths",
    "unknown-target": "targets",
    "unpublished-port": "ports",
    "broken-link": "links",
    "unknown-env-var": "envvars",
}
"""Each checker and the module that registers it (tests/test_checker_registry.py checks both
ways): a rule's checker is known to exist without importing it, and is imported when
a document is first checked with it."""


def register(name: str) -> Callable[[CheckFunction], CheckFunction]:
    def decorate(function: CheckFunction) -> CheckFunction:
        _REGISTRY[name] = function
        return function

    return decorate


def checker_names() -> list[str]:
    return sorted(_MODULES)


def is_checker(name: str) -> bool:
    return name in _MODULES


def get_checker(name: str) -> CheckFunction | None:
    if name not in _REGISTRY and name in _MODULES:
        importlib.import_module(f"doclint.checkers.{_MODULES[name]}")
    return _REGISTRY.get(name)
