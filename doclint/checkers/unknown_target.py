"""DL107 unknown-target: ``make X`` with no target ``X``; ``npm run X`` / ``yarn X`` /
``pnpm X`` with no script ``X`` in package.json.

Each is looked up where the command runs: every folder ``located_commands`` says it may
run in, moved by ``make -C DIR``, ``npm --prefix DIR``, ``yarn --cwd DIR``, ``pnpm -C
DIR``. A finding needs every one of those places to be known and none to define the
name:

- npm, yarn and pnpm use the nearest package.json at or above the folder; workspace
  commands (``npm -w NAME`` / ``--workspaces``, ``pnpm --filter NAME`` / ``-r`` / ``-w``,
  ``yarn workspace NAME`` / ``yarn workspaces run``) use the workspace's packages. A
  plain command in a workspace is also left alone when some package of the workspace
  defines the script: the reader may be meant to stand in that package.
- make reads the Makefile of the folder itself. The document's own folder is only a
  guess at where the reader stands, so for it the nearest folder at or above with a
  Makefile counts (a page under ``docs/content/`` about ``docs/Makefile``). A folder
  whose Makefile is generated (``configure``, ``CMakeLists.txt``) is not known.

``yarn X`` and ``pnpm X`` also run binaries of installed packages (``yarn jest``), so
for them a name that is a dependency is accepted as well; ``npm run`` runs scripts only.
``--if-present`` and the built-in commands (``npm test``, ``yarn add``, ``pnpm docs``)
are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from doclint.checkers._argv import Argv, split_argv
from doclint.checkers._made import Located
from doclint.checkers._names import is_placeholder, span_in
from doclint.checkers._workdir import located_commands, relative_to_root
from doclint.checkers.context import CheckContext
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.project.makefile import Targets, lookup_makefile, read_targets
from doclint.project.package_json import Package, nearest_package, read_package
from doclint.project.workspaces import Workspace, select, workspace_of
from doclint.shell.words import Word
from doclint.suggest import closest, typo_of

MAKE_VALUE_OPTIONS = frozenset(
    {"-C", "-f", "-I", "-o", "-W", "--directory", "--file", "--makefile", "--include-dir",
     "--old-file", "--assume-old", "--what-if", "--new-file", "--assume-new", "--eval"}
)  # fmt: skip
IMPLICIT_SOURCES = (".c", ".cc", ".cpp", ".C", ".f", ".F", ".p", ".r", ".s", ".S", ".y", ".l")
"""Suffixes of sources that make's built-in rules turn into a target of the same stem."""
NPM_RUN = frozenset({"run", "run-script", "rum", "urn"})
YARN_BUILTINS = frozenset(
    {"access", "add", "audit", "autoclean", "bin", "cache", "check", "config", "constraints",
     "create", "dedupe", "dlx", "exec", "explain", "generate-lock-entry", "global", "help",
     "import", "info", "init", "install", "licenses", "link", "list", "login", "logout",
     "node", "npm", "outdated", "owner", "pack", "patch", "patch-commit", "plugin",
     "policies", "publish", "rebuild", "remove", "run", "sdks", "search", "set", "stage",
     "start", "tag", "team", "test", "unlink", "unplug", "up", "upgrade",
     "upgrade-interactive", "version", "versions", "why", "workspace", "workspaces"}
)  # fmt: skip
PNPM_BUILTINS = frozenset(
    {"add", "approve-builds", "audit", "bin", "c", "cat-file", "cat-index", "completion",
     "config", "create", "dedupe", "deploy", "dlx", "doctor", "env", "exec", "fetch",
     "find-hash", "get", "help", "i", "ignored-builds", "import", "init", "install",
     "install-test", "it", "la", "licenses", "link", "list", "ll", "ln", "ls", "m",
     "multi", "outdated", "pack", "patch", "patch-commit", "patch-remove", "prune",
     "publish", "rb", "rebuild", "recursive", "remove", "restart", "rm", "root", "run",
     "self-update", "server", "set", "setup", "start", "stop", "store", "t", "test", "un",
     "uninstall", "unlink", "up", "update", "upgrade", "why",
     # passed through to npm, or refused as not implemented
     "access", "adduser", "bugs", "deprecate", "dist-tag", "docs", "edit", "find", "home",
     "info", "install-completion", "issues", "login", "logout", "owner", "ping", "prefix",
     "profile", "pkg", "repo", "s", "se", "search", "set-script", "show", "star", "stars",
     "team", "token", "uninstall-completion", "unpublish", "unstar", "v", "version",
     "view", "whoami", "xmas"}
)  # fmt: skip
_VALUE_OPTIONS = {
    "npm": frozenset({"--prefix", "-C", "-w", "--workspace"}),
    "yarn": frozenset({"--cwd"}),
    "pnpm": frozenset({"-C", "--dir", "-F", "--filter", "--filter-prod", "--test-pattern",
                       "--changed-files-ignore-pattern", "--workspace-concurrency",
                       "--reporter", "--loglevel"}),
}  # fmt: skip
_DIRECTORY_OPTIONS = ("--prefix", "--cwd", "-C", "--dir")
_YARN_FOREACH_FILTERS = ("--include", "--exclude", "--from", "--since", "-R", "--recursive")
_LISTED = 8


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    for located in located_commands(ctx):
        program = located.command.program
        try:
            if program in ("make", "gmake"):
                yield from list(_make(ctx, rule, located))
            elif program in ("npm", "yarn", "pnpm"):
                finding = _script(ctx, rule, located, program)
                if finding is not None:
                    yield finding
        except (OSError, ValueError):
            continue  # a folder the system will not look up (too long, NUL): not judged


def _literal(word: Word | str) -> str | None:
    """The text of an option value or operand, ``None`` when it is not literal."""
    if isinstance(word, str):
        return None if "$" in word else word
    return None if word.dynamic else word.value


def _folders(located: Located, argv: Argv, *options: str) -> list[Path] | None:
    """The folders the command works in, after ``-C``-like options (``None`` when one is
    not literal)."""
    folders = list(located.folders)
    for value in argv.value(*options):
        text = _literal(value)
        if text is None:
            return None
        folders = [folder / text for folder in folders]
    return folders


def _defined(kind: str, wanted: str, names: set[str]) -> tuple[str, str | None]:
    """The names a message lists (``Its scripts: …``) and the suggestion, which is one
    of them and close to what was written: a typo of it (``docs-buidl``) before a name
    that merely shares a part (``docs``)."""
    if not names:
        return f" It has no {kind}.", None
    suggestion = typo_of(wanted, names) or closest(wanted, names, cutoff=0.6)
    shown = sorted(names)[:_LISTED]
    if suggestion is not None and suggestion not in shown:
        shown = sorted([*shown[: _LISTED - 1], suggestion])
    text = f" Its {kind}: {', '.join(f'`{name}`' for name in shown)}"
    if len(names) > len(shown):
        text += f" and {len(names) - len(shown)} more"
    text += "."
    if suggestion is not None:
        text += f" Did you mean `{suggestion}`?"
    return text, suggestion


# --------------------------------------------------------------------------- make


def _make(ctx: CheckContext, rule: Rule, located: Located) -> Iterator[Finding]:
    argv = split_argv(_without_job_counts(located.command.words[1:]), MAKE_VALUE_OPTIONS)
    folders = _folders(located, argv, "-C", "--directory")
    files = [_literal(v) for v in argv.value("-f", "--file", "--makefile")]
    if folders is None or None in files:
        return
    read: list[tuple[Path, Targets]] = []
    for folder in folders:
        makefiles = _makefiles(ctx, folder, [f for f in files if f], argv.has("-C", "--directory"))
        if makefiles is None:
            return
        read += [(place, read_targets(makefile)) for place, makefile in makefiles]
    if not read or any(targets.open for _, targets in read):
        return
    for goal in argv.operands:
        if "=" in goal.value or goal.dynamic or is_placeholder(goal.value):
            continue
        if not any(_makes(goal.value, folder, targets) for folder, targets in read):
            yield _unknown_goal(ctx, rule, goal, read)


def _makefiles(
    ctx: CheckContext, folder: Path, files: list[str], moved: bool
) -> list[tuple[Path, Path]] | None:
    """The makefiles make reads when run in ``folder``, each with the folder it runs
    in; ``None`` when that cannot be told (a generated Makefile). A ``-f`` file that is
    not there fails in its own way, and rules the folder out. The document's own folder
    is a guess at where the reader stands: for it the nearest folder above with a
    Makefile counts."""
    if files:
        paths = [folder / name for name in files]
        return [(folder, path) for path in paths] if all(p.is_file() for p in paths) else []
    guess = not moved and folder.resolve() == ctx.source.path.parent.resolve()
    found = lookup_makefile(folder, ctx.inventory.root if guess else None)
    if not found.known:
        return None
    return [(found.makefile.parent, found.makefile)] if found.makefile else []


def _without_job_counts(words: list[Word]) -> list[Word]:
    """``-j 4`` / ``-l 2.5``: make's optional option values, which are never goals."""
    return [
        word
        for index, word in enumerate(words)
        if not (
            index
            and words[index - 1].value in ("-j", "--jobs", "-l", "--load-average")
            and word.value.replace(".", "", 1).isdigit()
        )
    ]


def _makes(goal: str, folder: Path, targets: Targets) -> bool:
    """Whether make can make ``goal``: a rule for it, or a file it names (then make
    reports it up to date, or builds it with a built-in rule from a source file)."""
    if targets.defines(goal) or (folder / goal).exists():
        return True
    return any((folder / (goal + suffix)).is_file() for suffix in IMPLICIT_SOURCES)


def _unknown_goal(
    ctx: CheckContext, rule: Rule, goal: Word, read: list[tuple[Path, Targets]]
) -> Finding:
    makefiles = sorted({_shown(ctx, folder) for folder, _ in read})
    message = (
        f"No target `{goal.value}` in {' or '.join(makefiles)}, so make stops with "
        f"\"No rule to make target '{goal.value}'\"."
    )
    names = {name for _, targets in read for name in targets.names}
    listed, suggestion = _defined("targets", goal.value, names)
    start, end = span_in(goal, goal.value)
    return ctx.replacement(rule, start, end, message + listed, suggestion, safe=False)


def _shown(ctx: CheckContext, folder: Path) -> str:
    relative = relative_to_root(folder, ctx.inventory.root)
    return "the project's Makefile" if relative == "." else f"the Makefile of `{relative}/`"


# --------------------------------------------------------------------------- npm, yarn, pnpm


class _Request(NamedTuple):
    """What a package manager's command line asks to run, and in which packages."""

    name: Word
    scope: str
    """``here`` (the package of the folder), ``root`` (of the workspace), ``selected``
    (the workspace packages ``selectors`` name) or ``all`` (every workspace package)."""
    selectors: tuple[str, ...] = ()
    binaries: bool = True
    """yarn and pnpm also run the binaries of installed packages."""


def _script(ctx: CheckContext, rule: Rule, located: Located, program: str) -> Finding | None:
    words = located.command.words[1:]
    fan_out = program == "npm" and any(w.value == "-ws" for w in words)
    argv = split_argv([w for w in words if w.value != "-ws"], _VALUE_OPTIONS[program])
    request = _request(program, argv, fan_out)
    if request is not None and program != "npm":
        # yarn and pnpm hand what follows the script's name to the script
        head = words[: next(i for i, w in enumerate(words) if w is request.name) + 1]
        argv = split_argv(head, _VALUE_OPTIONS[program])
        request = _request(program, argv, fan_out)
    if request is None:
        return None
    name = request.name
    if name.dynamic or is_placeholder(name.value) or name.value.startswith("-"):
        return None
    folders = _folders(located, argv, *_DIRECTORY_OPTIONS)
    if not folders:
        return None
    top = ctx.inventory.boundary
    guessed = not argv.has(*_DIRECTORY_OPTIONS) or (program == "yarn" and ":" in name.value)
    exact = program == "npm" and argv.has("--prefix", "-C")  # npm's prefix is not searched
    searched: list[Package] = []
    for folder in folders:
        if not folder.is_dir():
            continue  # `--prefix DIR` from a folder without DIR: not where the reader is
        package = read_package(folder) if exact else nearest_package(folder, top)
        if package is None or (request.scope == "here" and _runs(request, package)):
            return None
        if guessed and _product_command(ctx, package, name.value):
            continue  # a page of the site runs the product's commands, not the site's
        workspace = workspace_of(package, top, pnpm=program == "pnpm")
        packages = _packages(request, package, workspace, folder)
        if packages is None or _runs_anywhere(request, packages, workspace, guessed):
            return None
        searched += packages
    if request.scope == "here" and guessed and _defined_elsewhere(ctx, name.value):
        return None  # another package defines it: the prose says where to stand
    return _unknown_script(ctx, rule, program, name, searched) if searched else None


def _product_command(ctx: CheckContext, package: Package, name: str) -> bool:
    """Whether a page of the docs site that ``package`` builds runs ``name`` in the
    product, not in the site's own package: the package has no script like it
    (``npm run dev`` on a Docusaurus page is the reader's app; ``pnpm build:plugin``
    next to the site's ``build:plugins`` is the site's)."""
    return (
        package.builds_a_docs_site
        and ctx.source.path.is_relative_to(package.folder)
        and typo_of(name, package.scripts) is None
        and closest(name, package.scripts, cutoff=0.6) is None
    )


def _defined_elsewhere(ctx: CheckContext, name: str) -> bool:
    """Whether a page below the project root runs a script another package defines:
    "From `common/`, run:" names the folder in words doclint cannot read. A page at the
    root (the README) is read from the root."""
    below_root = ctx.source.path.parent != ctx.inventory.root
    return below_root and name in ctx.inventory.scripts_anywhere()


def _request(program: str, argv: Argv, fan_out: bool) -> _Request | None:
    """The script a command line runs, ``None`` for built-in commands, ``--if-present``
    and commands read no further (``yarn workspaces foreach --since``)."""
    if argv.has("--if-present") or not argv.operands:
        return None
    if program == "npm":
        return _npm(argv, fan_out)
    if program == "yarn":
        return _yarn(argv.operands, argv)
    return _pnpm(argv)


def _npm(argv: Argv, fan_out: bool) -> _Request | None:
    first, rest = argv.operands[0], argv.operands[1:]
    if first.value not in NPM_RUN or not rest:
        return None
    if argv.has("--include-workspace-root", "-iwr"):
        return None
    selectors = tuple(_literal(v) or "" for v in argv.value("-w", "--workspace"))
    if fan_out or argv.has("--workspaces"):
        return _Request(rest[0], "all", binaries=False)
    if selectors:
        return _Request(rest[0], "selected", selectors, binaries=False)
    return _Request(rest[0], "here", binaries=False)


def _yarn(operands: list[Word], argv: Argv) -> _Request | None:
    first, rest = operands[0].value, operands[1:]
    if first == "workspace" and len(rest) >= 2:
        inner = _yarn(rest[1:], argv)
        return inner and _Request(inner.name, "selected", (rest[0].value,))
    if first == "workspaces":
        names = [w.value for w in rest]
        if "run" not in names or argv.has(*_YARN_FOREACH_FILTERS):
            return None
        after = rest[names.index("run") + 1 :]
        return _Request(after[0], "all") if after else None
    if first == "run":
        return _Request(rest[0], "here") if rest else None
    return None if first in YARN_BUILTINS else _Request(operands[0], "here")


def _pnpm(argv: Argv) -> _Request | None:
    first, rest = argv.operands[0], argv.operands[1:]
    if first.value == "run":
        if not rest:
            return None
        name = rest[0]
    elif first.value in PNPM_BUILTINS:
        return None
    else:
        name = first
    selectors = tuple(_literal(v) or "" for v in argv.value("-F", "--filter", "--filter-prod"))
    if selectors:
        return _Request(name, "selected", selectors)
    if argv.has("-r", "--recursive"):
        return _Request(name, "all")
    return _Request(name, "root" if argv.has("-w", "--workspace-root") else "here")


def _packages(
    request: _Request, package: Package, workspace: Workspace | None, folder: Path
) -> list[Package] | None:
    """The packages the script is looked up in when the command runs in ``folder``
    (whose package.json is ``package``); ``None`` when they cannot be told."""
    if request.scope == "here":
        return [package]
    if workspace is None:
        return None
    if request.scope == "all":
        return list(workspace.members) if workspace.complete else None
    if request.scope == "root":
        return [m for m in workspace.members if m.folder == workspace.root] or None
    chosen: list[Package] = []
    for selector in request.selectors:
        found = select(workspace, selector, folder) if selector else None
        if found is None:
            return None
        chosen += found
    return chosen


def _runs_anywhere(
    request: _Request, packages: list[Package], workspace: Workspace | None, guessed: bool
) -> bool:
    """Whether one of ``packages`` runs the name, or some package of the workspace does
    while the command names neither a package nor a folder (``guessed``): the reader may
    be meant to stand in that package. yarn runs a script with a colon from any package
    that defines it, wherever it is called."""
    anywhere = workspace is not None and request.scope == "here" and guessed
    around = workspace.members if workspace is not None and anywhere else ()
    return any(_runs(request, package) for package in (*packages, *around))


def _runs(request: _Request, package: Package) -> bool:
    return package.runs(request.name.value, request.binaries)


def _unknown_script(
    ctx: CheckContext, rule: Rule, program: str, name: Word, packages: list[Package]
) -> Finding:
    unique = list(dict.fromkeys(packages))
    paths = [f"`{relative_to_root(p.path, ctx.inventory.root)}`" for p in unique]
    where = " or ".join(paths) if len(paths) <= 3 else f"any of {len(paths)} package.json files"
    error = "Missing script" if program == "npm" else "Command not found"
    message = f'No script `{name.value}` in {where}, so `{program}` stops with "{error}".'
    listed, suggestion = _defined("scripts", name.value, {s for p in unique for s in p.scripts})
    start, end = span_in(name, name.value)
    return ctx.replacement(rule, start, end, message + listed, suggestion, safe=False)
