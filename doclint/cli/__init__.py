"""Command line: ``doclint [PATHS]...``, ``doclint rules``, ``doclint explain CODE``,
``doclint server`` (the language server for editors).

Exit codes: 0 clean, 1 findings, 2 usage or configuration errors (and compose files
that are named or found but cannot be read); see ``exit_codes``. ``check`` only collects
its options into a request, which ``check_run`` runs in steps. Heavy modules are
imported inside the commands so that ``doclint --version`` and small runs start fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

import click

from doclint import __version__, fast_paths
from doclint.cli.exit_codes import EXIT_CLEAN, EXIT_ERROR, SEVERITY_ORDER, stdout_failed
from doclint.output.reporters import FORMATS

_YOUNG_OBJECTS = 50_000
"""Allocations between two collections of the youngest objects (Python's default: 700)."""


def entry() -> None:
    """The ``doclint`` command (console script and ``python -m doclint``): ``main`` in a
    process tuned for one short run.

    - The cycle collector runs far less often: a run allocates millions of short-lived
      objects (tokens, spans, findings) that reference counting frees, and with the
      default thresholds the collector kept re-scanning the long-lived ones (every
      module, every document read) for cycles that are not there: about 2% of a run.
    - The process leaves with ``os._exit`` once stdout and stderr are flushed: tearing
      the interpreter down (freeing each document and module) takes 10-15 ms on a
      large run, and nothing is left to do by then (reports, the cache and fixes are
      written and closed, workers reaped). Tests call ``main`` and keep a normal exit.

    With the fast paths off (``doclint.fast_paths``), neither: ``main`` as it is.
    """
    if not fast_paths.enabled():
        main()
        return
    import gc

    gc.set_threshold(_YOUNG_OBJECTS, 20, 100)
    try:
        main()
        code = EXIT_CLEAN
    except SystemExit as leaving:
        code = _exit_code(leaving.code)
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as error:  # a full disk, a closed stream, a closed pipe
        code = stdout_failed(error) or code
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def _exit_code(code: object) -> int:
    """What ``sys.exit(code)`` would end the process with; a message is printed, as
    Python does."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1


class DefaultToCheck(click.Group):
    """``doclint docs/`` means ``doclint check docs/``: the first argument is a
    subcommand only when it names one (lint a folder called ``rules`` as ``./rules``)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="doclint")
def main() -> None:
    """Check the shell commands in runbooks against the repository they document."""


# Options that `check` and `server` share.
_select = click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these rules (codes or prefixes, comma-separated).",
)
_extend_select = click.option(
    "--extend-select",
    multiple=True,
    metavar="CODES",
    help="Add rules to the selection (e.g. off-by-default ones).",
)
_ignore = click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules.")
_config = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Configuration file (default: nearest .doclint.yaml or pyproject.toml).",
)
_report_unused = click.option(
    "--report-unused-suppressions",
    is_flag=True,
    help="Report suppression comments that suppress nothing (rule DL001).",
)
_baseline = click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report only findings that this baseline file does not record.",
)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@_select
@_extend_select
@_ignore
@click.option(
    "--compose",
    "compose_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A compose file whose containers exist (repeatable).",
)
@click.option(
    "--inventory",
    "inventory_files",
    multiple=True,
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="What runs on a host: the output of `docker ps --all --format json`, `docker compose "
    "ps`, `docker inspect` or `docker compose config --format json` (repeatable).",
)
@click.option(
    "--inventory-name",
    "inventory_names",
    multiple=True,
    metavar="NAME=FILE",
    help="An inventory whose host messages call NAME (`production=prod-ps.json`; repeatable).",
)
@_config
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary, no notices.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Also print the notes that explain what was accepted."
)
@click.option("--fix", is_flag=True, help="Write the safe fixes, then report what remains.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff: also apply 'did you mean' fixes (review them).",
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print what --fix would write as a unified diff; write nothing (exit 1 if any).",
)
@click.option(
    "--output-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (atomically) instead of stdout.",
)
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (2 on errors still).")
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITY_ORDER),
    default="info",
    show_default=True,
    help="Lowest severity that fails the run: info (any finding), warning or error.",
)
@_report_unused
@_baseline
@click.option(
    "--write-baseline",
    "write_baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record today's findings in this file (then exit 0) to adopt the gate on legacy docs.",
)
@click.option(
    "--changed-since",
    metavar="REF",
    help="Lint only Markdown/shell files changed since the merge base with this git ref.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes (default: one per CPU); the output is the same for any number.",
)
@click.option("--no-cache", is_flag=True, help="Lint every file; neither read nor write the cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Cache folder (default: $DOCLINT_CACHE_DIR, else ~/.cache/doclint).",
)
def check(**options: Any) -> None:
    """Lint Markdown files and shell scripts (default: the current folder)."""
    # The options become one request, run in steps (doclint.cli.check_run): imported
    # here, not by `doclint --version` or the other commands.
    from doclint.cli.check_run import CheckRequest, run_check
    from doclint.errors import DoclintError

    try:
        sys.exit(run_check(CheckRequest(**options)))
    except DoclintError as error:
        _fail(str(error))


def _fail(message: str) -> Any:
    click.echo(f"doclint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@main.command()
@_config
@_select
@_extend_select
@_ignore
@_baseline
@_report_unused
def server(
    config_file: Path | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    baseline_file: Path | None,
    report_unused_suppressions: bool,
) -> None:
    """Run the language server on stdin/stdout, for editors (needs doclint[server])."""
    # pygls is optional and heavy: imported here, by this command only.
    try:
        from doclint.server.app import ServerSettings, serve
    except ImportError as error:
        if error.name not in ("pygls", "lsprotocol") and not str(error.name).startswith(
            ("pygls.", "lsprotocol.")
        ):
            raise
        _fail(f'doclint server needs pygls: pip install "doclint[server]" ({error})')
        return
    from doclint.cli.check_run import rule_codes
    from doclint.judging.suppressions import UNUSED_SUPPRESSION

    unused = (UNUSED_SUPPRESSION,) if report_unused_suppressions else ()
    settings = ServerSettings(
        config_file=config_file.absolute() if config_file else None,
        select=rule_codes(select) or None,
        extend_select=rule_codes(extend_select) + unused,
        ignore=rule_codes(ignore),
        baseline_file=baseline_file.absolute() if baseline_file else None,
    )
    serve(settings)


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def list_rules(output_format: str) -> None:
    """List the rules: code, name, severity, whether fixable, summary."""
    import json

    from doclint.errors import DoclintError
    from doclint.judging.rulebook import builtin_rules

    try:
        rules = builtin_rules()
    except DoclintError as error:
        _fail(str(error))
    if output_format == "json":
        data = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity,
                "fixable": r.fixable,
                "enabled": r.enabled,
                "summary": r.summary,
            }
            for r in rules
        ]
        click.echo(json.dumps(data, indent=2))
        return
    for rule in rules:
        flags = ("fix" if rule.fixable else "   ") + ("" if rule.enabled else " off")
        click.echo(f"{rule.code}  {rule.name:<28} {rule.severity:<8} {flags:<7} {rule.summary}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain a rule: what it finds, why it matters, a bad and a good example."""
    from doclint.errors import DoclintError
    from doclint.judging.rulebook import builtin_rules, explanation
    from doclint.suggest import closest

    try:
        rules = {r.code: r for r in builtin_rules()} | {r.name: r for r in builtin_rules()}
    except DoclintError as error:
        _fail(str(error))
    rule = rules.get(code.upper()) or rules.get(code.lower())
    if rule is None:
        hint = closest(code.upper(), [k for k in rules if k.startswith("DL")])
        _fail(f"unknown rule `{code}`" + (f"; did you mean {hint}?" if hint else ""))
        return
    click.echo(explanation(rule))
