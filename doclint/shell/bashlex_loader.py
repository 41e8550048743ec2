"""Import bashlex without rebuilding its parser tables, and only when a snippet needs it.

bashlex (0.18) computes its LALR tables from its grammar at every import: its copy of
PLY's ``yacc`` never reads the ``parsetab.py`` it ships. That costs about 250 ms, more
than the rest of a one-file run. The tables are a pure function of the grammar, so
``tools/gen_bashlex_tables.py`` computes them once into ``doclint/data/
bashlex_tables.json`` together with a digest of the grammar (PLY's own signature: the
start symbol, precedence, tokens and every rule's docstring). At import, bashlex's
``yacc()`` is handed those tables when the installed grammar has that digest; any other
bashlex builds its tables as before, slower but never wrong.

The hook has to be in place before ``bashlex/__init__.py`` runs (it imports the parser,
which calls ``yacc()`` at module level), so the package module is created first, its
``yacc`` submodule imported and patched, and only then is the package executed.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import sys
from collections.abc import Callable
from functools import cache
from types import ModuleType, SimpleNamespace
from typing import Any

from doclint.data import DATA_FOLDER

TABLES_FILE = "bashlex_tables.json"
TABLES_FORMAT = 1


def bashlex() -> ModuleType:
    """The ``bashlex`` package, imported on first use."""
    module = sys.modules.get("bashlex")
    if module is not None and hasattr(module, "parse"):
        return module
    return import_with(_with_stored_tables)


def grammar_digest(yacc: ModuleType, pdict: dict[str, Any]) -> str | None:
    """SHA-256 of PLY's signature of the grammar in ``pdict``; None if PLY finds it broken."""
    reflect = yacc.ParserReflect(pdict, log=yacc.NullLogger())
    reflect.get_all()
    if reflect.error:
        return None
    return hashlib.sha256(reflect.signature().encode("utf-8")).hexdigest()


def table_data(parser: Any, digest: str) -> dict[str, Any]:
    """The JSON form of a built parser's tables (what ``gen_bashlex_tables`` writes)."""
    states = range(len(parser.action))
    return {
        "format": TABLES_FORMAT,
        "grammar": digest,
        "productions": [[p.name, list(p.prod), p.func] for p in parser.productions],
        "action": [parser.action[state] for state in states],
        "goto": [parser.goto.get(state, {}) for state in states],
    }


@cache
def _stored() -> dict[str, Any] | None:
    try:
        text = (DATA_FOLDER / TABLES_FILE).read_text(encoding="utf-8")
        data: dict[str, Any] = json.loads(text)
    except (OSError, ValueError):
        return None
    return data if data.get("format") == TABLES_FORMAT else None


YaccHook = Callable[[ModuleType, Callable[..., Any]], Callable[..., Any]]
"""Given ``bashlex.yacc`` and its ``yacc()``, the function that replaces ``yacc()``
while the package is being imported."""


def import_with(hook: YaccHook) -> ModuleType:
    """Import bashlex (not imported yet) with ``yacc()`` replaced by ``hook``'s."""
    spec = importlib.util.find_spec("bashlex")
    if spec is None or spec.loader is None:
        raise ImportError("bashlex is not installed")
    package = importlib.util.module_from_spec(spec)
    sys.modules["bashlex"] = package
    try:
        yacc: Any = importlib.import_module("bashlex.yacc")
        original = yacc.yacc
        yacc.yacc = hook(yacc, original)
        try:
            spec.loader.exec_module(package)
        finally:
            yacc.yacc = original
    except BaseException:
        for name in [n for n in sys.modules if n == "bashlex" or n.startswith("bashlex.")]:
            del sys.modules[name]
        raise
    return package


def _with_stored_tables(yacc: ModuleType, original: Callable[..., Any]) -> Callable[..., Any]:
    """A ``yacc()`` that builds the parser from the stored tables when the grammar of the
    calling module (``bashlex.parser``) is the one they were computed from."""

    def build(*args: Any, **kwargs: Any) -> Any:
        pdict = yacc.get_caller_module_dict(2)
        module = sys.modules[pdict["__name__"]]
        stored = _stored()
        plain = not args and kwargs.get("module") is None
        if plain and stored is not None and grammar_digest(yacc, pdict) == stored["grammar"]:
            return _parser(yacc, pdict, stored)
        return original(*args, **{**kwargs, "module": kwargs.get("module") or module})

    return build


def _parser(yacc: Any, pdict: dict[str, Any], stored: dict[str, Any]) -> Any:
    """What ``yacc()`` returns, with tables read rather than computed."""
    tables = SimpleNamespace(
        lr_productions=[
            yacc.Production(number, name, symbols, func=func)
            for number, (name, symbols, func) in enumerate(stored["productions"])
        ],
        lr_action=dict(enumerate(stored["action"])),
        lr_goto=dict(enumerate(stored["goto"])),
    )
    for production in tables.lr_productions:
        production.bind(pdict)
    reflect = yacc.ParserReflect(pdict, log=yacc.NullLogger())
    reflect.get_error_func()
    parser = yacc.LRParser(tables, reflect.error_func)
    yacc.parse = parser.parse  # as yacc() does
    return parser
