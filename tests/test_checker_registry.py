"""The checkers are the package's files: ``unknown_container.py`` is the checker rules call
``unknown-container``, known to exist without being imported."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import doclint.checkers as checkers


def test_every_public_module_is_a_checker_named_after_it() -> None:
    modules = [info.name for info in pkgutil.iter_modules(checkers.__path__)]
    public = sorted(name for name in modules if not name.startswith("_") and name != "context")
    assert checkers.checker_names() == [name.replace("_", "-") for name in public]
    assert len(public) >= 15
    for name in checkers.checker_names():
        assert checkers.is_checker(name)
        checker = checkers.get_checker(name)
        assert callable(checker), name
        assert checker.__module__ == f"doclint.checkers.{name.replace('-', '_')}"


def test_private_modules_hold_no_checker() -> None:
    """A module named with a leading underscore that defines ``check`` is a checker
    nobody can call."""
    for info in pkgutil.iter_modules(checkers.__path__):
        if info.name.startswith("_") or info.name == "context":
            module = importlib.import_module(f"doclint.checkers.{info.name}")
            assert not hasattr(module, "check"), info.name


@pytest.mark.parametrize(
    "name", ["unknown_container", "context", "_names", "", "unknown-", "a.b", "Pattern", "nope"]
)
def test_names_that_are_no_checker(name: str) -> None:
    assert not checkers.is_checker(name)
    assert checkers.get_checker(name) is None


def test_rules_name_checkers_that_exist() -> None:
    from doclint.judging.rulebook import builtin_rules

    for rule in builtin_rules():
        assert rule.is_meta or checkers.is_checker(rule.checker), rule.code
        assert rule.is_meta or checkers.get_checker(rule.checker) is not None, rule.code
