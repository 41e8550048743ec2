"""The package's imports follow the pipeline: no cycles, and no stage imports a later one.

Every ``import`` counts, at module level, inside functions and under ``TYPE_CHECKING``:
a function-level import is how a cycle hides, and a type-only import is still a
dependency a reader has to follow. Stages, earliest first (``LAYERS``): a module may
import its own stage and earlier ones. ``running`` (the orchestrator) comes after
``output``, which consumes a finished ``RunResult`` and never drives a run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "doclint"

LAYERS: list[tuple[str, ...]] = [
    # shared vocabulary
    (
        "doclint",
        "doclint.data",
        "doclint.errors",
        "doclint.source",
        "doclint.findings",
        "doclint.suggest",
        "doclint.atomic",
        "doclint.fast_paths",
    ),
    ("doclint.compose",),  # a format library: discovery knows compose files by name
    ("doclint.inputs",),
    ("doclint.shellsyntax",),  # tokens and the tolerant parser: extract and shell use it
    ("doclint.extract",),
    ("doclint.shell",),
    ("doclint.docker",),
    ("doclint.project",),
    ("doclint.judging", "doclint.checkers"),
    ("doclint.output",),
    ("doclint.running",),
    ("doclint.server",),  # the language server drives a long-lived run (running.live)
    ("doclint.cli", "doclint.__main__"),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def layer_of(module: str) -> int:
    """The stage of a module: the longest prefix named in ``LAYERS`` decides (the
    package itself, ``doclint``, names only its ``__init__``)."""
    best = (-1, -1)
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or (prefix != "doclint" and module.startswith(prefix + ".")):
                best = max(best, (len(prefix), index))
    assert best[1] >= 0, f"{module} belongs to no stage of LAYERS: add it"
    return best[1]


def imports(module: str) -> Iterator[tuple[str, int]]:
    """The doclint modules ``module`` imports, with the line of each import."""
    path = MODULES[module]
    return imports_in(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")


def imports_in(source: str, module: str, is_package: bool) -> Iterator[tuple[str, int]]:
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "doclint":
                    yield _known(alias.name), node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if base.split(".")[0] != "doclint":
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield (submodule if submodule in MODULES else _known(base)), node.lineno


def _known(name: str) -> str:
    """``name``, or the nearest enclosing module that exists."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def graph() -> dict[str, set[str]]:
    return {module: {target for target, _ in imports(module)} - {module} for module in MODULES}


def test_every_module_has_a_stage() -> None:
    for module in MODULES:
        layer_of(module)


def test_no_stage_imports_a_later_one() -> None:
    backward = [
        f"{MODULES[module].relative_to(PACKAGE.parent)}:{line}: {module} imports {target}"
        for module in sorted(MODULES)
        for target, line in imports(module)
        if layer_of(target) > layer_of(module)
    ]
    assert not backward, "imports from a later pipeline stage:\n" + "\n".join(backward)


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that import each other, directly or not."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycles() -> None:
    cycles = [group for group in strongly_connected(graph()) if len(group) > 1]
    assert not cycles, "modules that import each other:\n" + "\n".join(map(" ↔ ".join, cycles))


SAMPLE = """
from typing import TYPE_CHECKING
from . import words
if TYPE_CHECKING:
    from doclint.running.engine import Linter

def later():
    import doclint.output.reporters
    from ..extract import markdown
"""


def test_the_check_sees_function_level_relative_and_type_only_imports() -> None:
    """A reader of imports that missed these would pass on exactly the cycles it is for."""
    found = {target for target, _ in imports_in(SAMPLE, "doclint.shell.parse", False)}
    assert found == {
        "doclint.shell.words",
        "doclint.running.engine",
        "doclint.output.reporters",
        "doclint.extract.markdown",
    }
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        ["a", "b", "c"],
        ["d"],
    ]
