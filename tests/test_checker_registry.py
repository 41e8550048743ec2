"""The table of checkers (``doclint.checkers._MODULES``) says where each one is
registered, and lists every one: rules are validated and checkers imported from it."""

from __future__ import annotations

import importlib
import pkgutil

import doclint.checkers as checkers


def test_every_checker_is_registered_by_the_module_the_table_names() -> None:
    registered: dict[str, str] = {}
    for module in pkgutil.iter_modules(checkers.__path__):
        before = set(checkers._REGISTRY)
        importlib.import_module(f"doclint.checkers.{module.name}")
        registered.update(dict.fromkeys(set(checkers._REGISTRY) - before, module.name))
    # Modules imported earlier (by other tests) registered before we looked: ask the
    # functions where they live instead.
    where = {name: fn.__module__.rsplit(".", 1)[1] for name, fn in checkers._REGISTRY.items()}
    assert where == checkers._MODULES
    assert set(registered) <= set(checkers._MODULES)


def test_rules_name_checkers_that_exist() -> None:
    from doclint.judging.rulebook import builtin_rules

    for rule in builtin_rules():
        assert rule.is_meta or checkers.is_checker(rule.checker), rule.code
        assert rule.is_meta or checkers.get_checker(rule.checker) is not None, rule.code
