"""Generic checkers. A rule (YAML in ``rules/``) names one of these and passes it options.

The package's files are the registry: the checker a rule calls ``unknown-container`` is
the function ``check`` of ``unknown_container.py``, one module per checker. What is not
a checker is private (``_names.py``: helpers several checkers share) or is ``context``
(what a checker sees). Whether a checker exists is known from the files alone: a run
whose results all come from the cache imports none of them. The engine looks a checker
up by the rule's ``checker`` field and knows nothing else about it.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from doclint.checkers.context import CheckContext
    from doclint.findings import Finding
    from doclint.judging.rulebook import Rule

CheckFunction = Callable[["CheckContext", "Rule"], Iterable["Finding"]]

_NOT_CHECKERS = frozenset({"context"})
"""The public modules of this package that are no checker."""
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
"""How checkers are named: lowercase words joined by ``-``."""


def checker_names() -> list[str]:
    """Every checker, read from the package's files."""
    import pkgutil  # here: only a run that sets up every checker lists them

    modules = (info.name for info in pkgutil.iter_modules(__path__) if not info.ispkg)
    return sorted(module.replace("_", "-") for module in modules if _is_checker_module(module))


def is_checker(name: str) -> bool:
    """Whether ``name`` is a checker (without importing it)."""
    module = _module_of(name)
    return module is not None and importlib.util.find_spec(module) is not None


@cache
def get_checker(name: str) -> CheckFunction | None:
    """The checker called ``name``, imported on first use; None when there is none
    (a meta rule names none)."""
    if not is_checker(name):
        return None
    checker: CheckFunction = importlib.import_module(f"{__name__}.{_module(name)}").check
    return checker


def configured(rule: Rule, settings: Mapping[str, Any]) -> Mapping[str, Any]:
    """``rule``'s options extended by the user's ``settings`` (option → value), through
    its checker's ``configure(options, settings)``. ``ValueError`` when the result is
    invalid, or when the checker takes no settings."""
    module = importlib.import_module(f"{__name__}.{_module(rule.checker)}")
    configure = getattr(module, "configure", None)
    if configure is None:
        raise ValueError(f"checker `{rule.checker}` takes no settings from the configuration")
    options: Mapping[str, Any] = configure(rule.options, settings)
    return options


def _module(name: str) -> str:
    return name.replace("-", "_")


def _is_checker_module(module: str) -> bool:
    return not module.startswith("_") and module not in _NOT_CHECKERS


def _module_of(name: str) -> str | None:
    """The module that would hold checker ``name``; None for a name no checker can have."""
    if not _NAME.fullmatch(name) or not _is_checker_module(_module(name)):
        return None
    return f"{__name__}.{_module(name)}"
