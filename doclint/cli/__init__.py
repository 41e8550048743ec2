"""Command line: ``doclint [PATHS]...``, ``doclint rules``, ``doclint explain CODE``.

Exit codes: 0 clean, 1 findings, 2 usage or configuration errors (and compose files
that are named or found but cannot be read). Heavy modules are imported inside the
commands so that ``doclint --version`` and small runs start fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from doclint import __version__
from doclint.output.reporters import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITY_ORDER = ("info", "warning", "error")
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
    """
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
        code = _stdout_failed(error) or code
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def _stdout_failed(error: OSError | ValueError) -> int:
    """The exit code once the report could not be written: none (0) when the reader
    went away (``doclint | head`` has read what it wanted); else the error is said
    (a report lost in silence would read as a clean run in CI) and the code is 2."""
    if isinstance(error, BrokenPipeError):
        return 0
    reason = error.strerror if isinstance(error, OSError) and error.strerror else error
    with contextlib.suppress(OSError, ValueError):
        print(f"doclint: error: cannot write the report to stdout: {reason}", file=sys.stderr)
    return EXIT_ERROR


def _exit_code(code: object) -> int:
    """What ``sys.exit(code)`` would end the process with; a message is printed, as
    Python does."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select DL101,DL102 --select DL2`` → ``("DL101", "DL102", "DL2")``."""
    return tuple(
        code.strip().upper() for value in values for code in value.split(",") if code.strip()
    )


def _use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


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
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these rules (codes or prefixes, comma-separated).",
)
@click.option(
    "--extend-select",
    multiple=True,
    metavar="CODES",
    help="Add rules to the selection (e.g. off-by-default ones).",
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules.")
@click.option(
    "--compose",
    "compose_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A compose file whose containers exist (repeatable).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Configuration file (default: nearest .doclint.yaml or pyproject.toml).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary, no notices.")
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
@click.option(
    "--report-unused-suppressions",
    is_flag=True,
    help="Report suppression comments that suppress nothing (rule DL001).",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report only findings that this baseline file does not record.",
)
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
def check(
    paths: tuple[Path, ...],
    output_format: str,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    compose_files: tuple[Path, ...],
    config_file: Path | None,
    quiet: bool,
    fix: bool,
    unsafe_fixes: bool,
    show_diff: bool,
    output_file: Path | None,
    statistics: bool,
    exit_zero: bool,
    fail_on: str,
    report_unused_suppressions: bool,
    baseline_file: Path | None,
    write_baseline_file: Path | None,
    changed_since: str | None,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
) -> None:
    """Lint Markdown files and shell scripts (default: the current folder)."""
    # What only some options use is imported where they are handled: every plain run
    # (a pre-commit hook's, each time) would pay for it otherwise.
    from doclint.errors import DoclintError
    from doclint.output.gate import gate_conflicts, lint_paths, render_output
    from doclint.running.engine import Linter, RunOptions
    from doclint.running.progress import wanted as progress_wanted
    from doclint.running.scheduling import default_jobs

    problem = gate_conflicts(
        output_format,
        statistics,
        output_file,
        show_diff,
        baseline_file,
        write_baseline_file,
        changed_since,
    )
    if problem:
        _fail(problem)
    try:
        linted, note = lint_paths(paths or (Path("."),), changed_since)
        baseline = None
        if baseline_file:
            from doclint.output.baseline import load_baseline

            baseline = load_baseline(baseline_file)
    except DoclintError as error:
        _fail(str(error))
    if note and not quiet:
        click.echo(f"doclint: note: {note}", err=True)
    unused: tuple[str, ...] = ()
    if report_unused_suppressions:
        from doclint.judging.suppressions import UNUSED_SUPPRESSION

        unused = (UNUSED_SUPPRESSION,)
    options = RunOptions(
        paths=linted,
        config_file=config_file,
        select=_codes(select) or None,
        extend_select=_codes(extend_select) + unused,
        ignore=_codes(ignore),
        compose_files=compose_files,
        jobs=jobs or default_jobs(),
        cache_dir=None if no_cache else (cache_dir or _default_cache_dir()),
        progress=progress_wanted(),
        written=tuple(path for path in (output_file, write_baseline_file) if path is not None),
    )
    if unsafe_fixes and not (fix or show_diff):
        _fail("--unsafe-fixes applies only with --fix or --diff")
    try:
        fixing = None
        if fix or show_diff:
            from doclint.output.fix.run import run_fixes

            fixing = run_fixes(options, unsafe_fixes, write=not show_diff)
        result = fixing.result if fixing else Linter(options).run()
        if baseline is not None:
            from doclint.output.baseline import apply_baseline

            result.findings = apply_baseline(baseline, result)
        if write_baseline_file:
            from doclint.output.baseline import write_baseline

            recorded = write_baseline(write_baseline_file, result)
            written = f"recorded {recorded} finding(s) in {write_baseline_file}"
            click.echo(f"doclint: {written}", err=True)
            result.findings = []  # all recorded: none is new
    except DoclintError as error:
        _fail(str(error))
    color = _use_color() and output_file is None
    if fixing and show_diff:
        # bytes, so that CRLF lines in the patch reach `git apply` exactly as they are
        from doclint.output.fix.diff import outcome_diff

        with _reporting_to_stdout():
            sys.stdout.flush()
            sys.stdout.buffer.write(outcome_diff(fixing).encode("utf-8"))
            sys.stdout.buffer.flush()
    else:
        output = render_output(result, output_format, statistics, color, quiet)
        if output_file is None:
            with _reporting_to_stdout():
                for piece in _batched(output):
                    click.echo(piece, nl=False, color=color)
        else:
            from doclint.atomic import write_atomic

            try:
                write_atomic(output_file, "".join(output))
            except DoclintError as error:
                _fail(str(error))
    if fixing and not quiet:
        from doclint.output.fix.report import fix_summary

        click.echo(fix_summary(fixing, show_diff), err=show_diff or output_format != "text")
    for diagnostic in result.diagnostics:
        click.echo(f"doclint: {'error' if diagnostic.fatal else 'warning'}: {diagnostic}", err=True)
    if not quiet:
        for notice in result.notices:
            click.echo(f"doclint: note: {notice}", err=True)
    if result.fatal:
        sys.exit(EXIT_ERROR)
    if fixing and show_diff:  # like ruff: the diff is the finding
        sys.exit(EXIT_FINDINGS if fixing.files else EXIT_CLEAN)
    threshold = SEVERITY_ORDER.index(fail_on)
    failing = any(SEVERITY_ORDER.index(f.severity) >= threshold for f in result.findings)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


@contextlib.contextmanager
def _reporting_to_stdout() -> Iterator[None]:
    """Writing the report to stdout, whose failures ``_stdout_failed`` sorts out."""
    try:
        yield
    except OSError as error:
        code = _stdout_failed(error)
        if code:
            sys.exit(code)


def _batched(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """The pieces joined into writes of about ``size`` characters: ``click.echo``
    flushes after each one."""
    batch: list[str] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch)
            batch, length = [], 0
    if batch:
        yield "".join(batch)


def _default_cache_dir() -> Path:
    """Imported only when a cache is used: a ``--no-cache`` run forks its workers
    without loading the cache module (json, hashlib) first."""
    from doclint.running.cache import default_cache_dir

    return default_cache_dir()


def _fail(message: str) -> Any:
    click.echo(f"doclint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


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
    from doclint.judging.rulebook import builtin_rules
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
    fixable = "yes (doclint --fix)" if rule.fixable else "no"
    click.echo(f"{rule.code} {rule.name} ({rule.severity}; fixable: {fixable})\n")
    click.echo(f"{rule.summary}\n\n{rule.explanation}\n")
    click.echo("Bad:\n" + _indent(rule.bad_example) + "\nGood:\n" + _indent(rule.good_example))


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.rstrip("\n").split("\n"))
