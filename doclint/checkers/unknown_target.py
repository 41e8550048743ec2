"""DL107 unknown-target: ``make X`` with no target ``X``; ``npm run X`` / ``yarn X`` /
``pnpm X`` with no script ``X`` in package.json.

Each is looked up where the command runs (the project root or the document's folder,
after any ``cd``; ``make -C DIR``, ``make -f FILE``, ``npm --prefix DIR``,
``yarn --cwd DIR``, ``pnpm -C DIR``). With no Makefile or package.json there, nothing
is reported: the file may come from elsewhere.

``yarn X`` and ``pnpm X`` also run binaries of installed packages (``yarn jest``), so
for them a name that is a dependency is accepted as well; ``npm run`` runs scripts only.
Commands that act on workspaces (``-w``, ``--workspaces``, ``--filter``,
``yarn workspace``), ``--if-present`` and the built-in lifecycle commands (``npm test``,
``yarn start``) are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from doclint.checkers._argv import Argv, split_argv
from doclint.checkers._messages import quoted
from doclint.checkers._names import is_placeholder, span_in
from doclint.checkers._workdir import Located, located_commands, relative_to_root
from doclint.checkers.context import CheckContext
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.project.makefile import Targets, find_makefile, read_targets
from doclint.project.package_json import Package, read_package
from doclint.shell.words import Word
from doclint.suggest import closest

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
    {"add", "approve-builds", "audit", "bin", "c", "cat-file", "cat-index", "config",
     "create", "dedupe", "deploy", "dlx", "doctor", "env", "exec", "fetch", "find-hash",
     "help", "i", "ignored-builds", "import", "init", "install", "install-test", "it",
     "la", "licenses", "link", "list", "ll", "ln", "ls", "outdated", "pack", "patch",
     "patch-commit", "patch-remove", "prune", "publish", "rb", "rebuild", "recursive",
     "remove", "rm", "root", "run", "self-update", "server", "setup", "start", "store",
     "t", "test", "un", "uninstall", "unlink", "up", "update", "upgrade", "why"}
)  # fmt: skip
_PACKAGE_VALUE_OPTIONS = frozenset(
    {"--prefix", "-w", "--workspace", "--cwd", "-C", "--dir", "--filter", "-F"}
)
_WORKSPACE_OPTIONS = ("-w", "--workspace", "--workspaces", "-ws", "--filter", "-F", "-r",
                      "--recursive", "--if-present")  # fmt: skip


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


# --------------------------------------------------------------------------- make


def _make(ctx: CheckContext, rule: Rule, located: Located) -> Iterator[Finding]:
    argv = split_argv(_without_job_counts(located.command.words[1:]), MAKE_VALUE_OPTIONS)
    folders = _folders(located, argv, "-C", "--directory")
    files = [_literal(v) for v in argv.value("-f", "--file", "--makefile")]
    if folders is None or None in files:
        return
    goals = [w for w in argv.operands if "=" not in w.value]
    read: list[tuple[Path, Targets]] = []
    for folder in folders:
        makefiles = [folder / f for f in files if f] if files else [find_makefile(folder)]
        for makefile in makefiles:
            if makefile is not None and makefile.is_file():
                read.append((folder, read_targets(makefile)))
    if not read or any(targets.open for _, targets in read):
        return
    for goal in goals:
        if goal.dynamic or is_placeholder(goal.value):
            continue
        if not any(_makes(goal.value, folder, targets) for folder, targets in read):
            yield _unknown_goal(ctx, rule, goal, read)


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
    names = sorted({name for _, targets in read for name in targets.names})
    makefiles = sorted({_shown(ctx, folder) for folder, _ in read})
    message = (
        f"No target `{goal.value}` in {' or '.join(makefiles)}, so make stops with "
        f"\"No rule to make target '{goal.value}'\"."
    )
    if names:
        message += f" Its targets: {quoted(names, limit=8)}."
    suggestion = closest(goal.value, names)
    if suggestion:
        message += f" Did you mean `{suggestion}`?"
    start, end = span_in(goal, goal.value)
    return ctx.replacement(rule, start, end, message, suggestion, safe=False)


def _shown(ctx: CheckContext, folder: Path) -> str:
    relative = relative_to_root(folder, ctx.inventory.root)
    return "the project's Makefile" if relative == "." else f"the Makefile of `{relative}/`"


# --------------------------------------------------------------------------- npm, yarn, pnpm


def _script(ctx: CheckContext, rule: Rule, located: Located, program: str) -> Finding | None:
    argv = split_argv(located.command.words[1:], _PACKAGE_VALUE_OPTIONS)
    if argv.has(*_WORKSPACE_OPTIONS) or not argv.operands:
        return None
    first, rest = argv.operands[0], argv.operands[1:]
    if program == "npm" or first.value == "run":
        if first.value not in NPM_RUN or not rest:
            return None
        name, binaries = rest[0], program != "npm"
    elif first.value in (YARN_BUILTINS if program == "yarn" else PNPM_BUILTINS):
        return None
    else:
        name, binaries = first, True
    if name.dynamic or is_placeholder(name.value) or name.value.startswith("-"):
        return None
    folders = _folders(located, argv, "--prefix", "--cwd", "-C", "--dir")
    packages = [p for p in map(read_package, folders or []) if p is not None]
    if not packages:
        return None
    for package in packages:
        if name.value in package.scripts or (binaries and name.value in package.dependencies):
            return None
    return _unknown_script(ctx, rule, program, name, packages)


def _unknown_script(
    ctx: CheckContext, rule: Rule, program: str, name: Word, packages: list[Package]
) -> Finding:
    scripts = sorted({s for p in packages for s in p.scripts})
    shown = " or ".join(f"`{relative_to_root(p.path, ctx.inventory.root)}`" for p in packages)
    error = "Missing script" if program == "npm" else "Command not found"
    message = f'No script `{name.value}` in {shown}, so `{program}` stops with "{error}".'
    message += f" Its scripts: {quoted(scripts, limit=8)}." if scripts else " It has no scripts."
    suggestion = closest(name.value, scripts)
    if suggestion:
        message += f" Did you mean `{suggestion}`?"
    start, end = span_in(name, name.value)
    return ctx.replacement(rule, start, end, message, suggestion, safe=False)
