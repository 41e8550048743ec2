"""Import bashlex without rebuilding its parser tables, and only when a snippet needs it.

bashlex (0.18) computes its LALR tables from its grammar at every import: its copy of
PLY's ``yacc`` never reads the ``parsetab.py`` it ships. That costs about 250 ms, more
than the rest of a one-file run. The tables are a pure function of the grammar, so
``tools/gen_bashlex_tables.py`` computes them once into ``doclint/data/
bashlex_tables.json`` together with a digest of the grammar (PLY's own signature: the
start symbol, precedence, tokens and every rule's docstring). At import, bashlex's
``yacc()`` is handed those tables when the installed grammar has that digest.

The hook has to be in place before ``bashlex/__init__.py`` runs (it imports the parser,
which calls ``yacc()`` at module level), so the package module is created first, its
``yacc`` submodule imported and patched, and only then is the package executed.

That reaches into bashlex's internals (its copy of PLY: ``ParserReflect``,
``LRParser``, ``Production``, ``get_caller_module_dict``), which a release may change
without changing the grammar. So the hook is used only with the bashlex releases it is
proven against (``PROVEN_VERSIONS``: ``tests/test_bashlex_loader.py`` compares it with
bashlex's own tables on each). Any other release, a grammar other than the stored one,
or any failure of the hook means a plain ``import bashlex``, slower but never wrong;
``notices`` then says why, and every document checked afterwards carries it, so the
run reports it once (``doclint.checkers.context``).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import sys
from collections.abc import Callable
from functools import cache
from types import ModuleType, SimpleNamespace
from typing import Any

from doclint.data import DATA_FOLDER

TABLES_FILE = "bashlex_tables.json"
TABLES_FORMAT = 1
PROVEN_VERSIONS = frozenset({"0.18"})
"""The bashlex releases the stored tables and the import hook are proven against."""

_fallback: list[str] = []
"""Why bashlex was imported without the stored tables, once it was: a fact about this
process, as the import itself is."""


def bashlex() -> ModuleType:
    """The ``bashlex`` package, imported on first use: with the stored tables when it is
    a proven release, else as it is (and ``notices`` says why)."""
    module = sys.modules.get("bashlex")
    if module is not None and hasattr(module, "parse"):
        return module
    version = installed_version()
    if version not in PROVEN_VERSIONS:
        proven = ", ".join(sorted(PROVEN_VERSIONS))
        installed = f"bashlex {version}" if version else "the installed bashlex (version unknown)"
        return _plain(f"{installed} is not a release doclint is proven with ({proven})")
    try:
        return import_with(_with_stored_tables)
    except Exception as error:  # the hook's failure, whatever it is, means a plain import
        return _plain(f"the stored tables failed to load ({type(error).__name__}: {error})")


def notices() -> list[str]:
    """What the run should be told about how bashlex was imported here: nothing when
    the stored tables are in use (or bashlex was not imported)."""
    return list(_fallback)


def installed_version() -> str | None:
    """The version of the bashlex that ``import bashlex`` finds, from the name of the
    metadata folder beside it (``bashlex-0.18.dist-info``, or a distribution's
    ``.egg-info``); None when there is no single one. ``importlib.metadata`` would take
    longer to import than the stored tables save."""
    spec = importlib.util.find_spec("bashlex")
    if spec is None or spec.origin is None:
        return None
    folder = os.path.dirname(os.path.dirname(spec.origin))
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    versions = {
        name.rsplit(".", 1)[0][len("bashlex-") :].split("-")[0]
        for name in names
        if name.startswith("bashlex-") and name.endswith((".dist-info", ".egg-info"))
    }
    return versions.pop() if len(versions) == 1 else None


def _plain(reason: str) -> ModuleType:
    """``import bashlex`` as it is, remembering why the stored tables were not used."""
    module = importlib.import_module("bashlex")
    _record(reason)
    return module


def _record(reason: str) -> None:
    notice = f"{reason}: bashlex was imported without doclint's stored parser tables (slower)"
    if notice not in _fallback:
        _fallback.append(notice)


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
        if stored is None:
            _record(f"{DATA_FOLDER / TABLES_FILE} cannot be read")
        elif not plain or grammar_digest(yacc, pdict) != stored["grammar"]:
            _record("the installed bashlex's grammar is not the one of the stored tables")
        else:
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
