"""One ``doclint check``, from the options the command line collected to its exit code,
in four steps that each read alone:

1. ``resolve``: the request → what the run needs (the files to lint, the baseline, the
   engine's ``RunOptions``);
2. ``run``: lint, or fix and lint what remains (``--fix``, ``--diff``), then hold the
   findings against the baseline;
3. ``emit``: the report or the patch on stdout (or in ``--output-file``), then what
   stderr has to say;
4. ``exit_code``: 0, 1 or 2 from what the run found, ``--fail-on`` and ``--exit-zero``.

A ``DoclintError`` from any step ends the command with exit 2; the ``check`` command
says it. That command imports this module only when it runs, so ``doclint --version``
and the other commands load none of it; what only some options use (baselines, fixes,
git, the cache) is imported where those options are handled, as every plain run (a
pre-commit hook's, each time) would pay for it otherwise.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import click

from doclint.cli.exit_codes import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    SEVERITY_ORDER,
    stdout_failed,
)
from doclint.errors import ConfigError
from doclint.findings import RunResult
from doclint.output.gate import lint_paths, render_output
from doclint.running.engine import Linter, RunOptions, runs_over
from doclint.running.progress import wanted as progress_wanted
from doclint.running.scheduling import default_jobs

if TYPE_CHECKING:
    from doclint.output.baseline import Baseline
    from doclint.output.fix.run import FixOutcome


class CheckRequest(NamedTuple):
    """What ``doclint check`` was asked: its parameters as click collected them, each
    field named after its option's parameter in ``doclint.cli``. Immutable; the options
    that cannot go together are named in one place, ``conflict``."""

    paths: tuple[Path, ...]
    output_format: str
    select: tuple[str, ...]
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    compose_files: tuple[Path, ...]
    inventory_files: tuple[Path, ...]
    inventory_names: tuple[str, ...]
    config_file: Path | None
    quiet: bool
    verbose: bool
    fix: bool
    unsafe_fixes: bool
    show_diff: bool
    output_file: Path | None
    statistics: bool
    exit_zero: bool
    fail_on: str
    report_unused_suppressions: bool
    baseline_file: Path | None
    write_baseline_file: Path | None
    changed_since: str | None
    jobs: int | None
    no_cache: bool
    cache_dir: Path | None

    def conflict(self) -> str | None:
        """Why two of these options cannot be used together, or ``None``."""
        if self.statistics and self.output_format not in ("text", "json"):
            return f"--statistics prints text or json, not {self.output_format}"
        if self.output_file is not None and self.show_diff:
            return "--output-file does not apply to --diff (redirect its output instead)"
        if self.baseline_file is not None and self.write_baseline_file is not None:
            return "use either --baseline or --write-baseline"
        if self.write_baseline_file is not None and self.changed_since is not None:
            return "--write-baseline records every finding; drop --changed-since"
        if self.quiet and self.verbose:
            return "use either --quiet or --verbose"
        return None

    @property
    def applies_fixes(self) -> bool:
        """``--fix`` or ``--diff``: the run fixes what it can, and writes it or shows it."""
        return self.fix or self.show_diff


class Resolved(NamedTuple):
    """What the run needs, read and checked before any document is."""

    options: RunOptions
    baseline: Baseline | None


class Outcome(NamedTuple):
    """What the run found, for ``emit`` and ``exit_code``."""

    result: RunResult
    """The findings left after the fixes and the baseline; the problems with inputs."""
    fixing: FixOutcome | None
    """The files ``--fix`` wrote or ``--diff`` would write; ``None`` without either."""


def run_check(request: CheckRequest) -> int:
    """The exit code of ``doclint check`` once it has run and said what it found."""
    resolved = resolve(request)
    outcome = run(request, resolved)
    emit(request, outcome)
    return exit_code(request, outcome)


def resolve(request: CheckRequest) -> Resolved:
    """Options that cannot go together are refused before anything is read; then the
    files to lint (what ``--changed-since`` leaves), the baseline (a bad one is refused
    before the run rather than after it), and the engine's options.

    What ``--changed-since`` decided is said at once, so that the note is not lost when
    the run then fails; ``--unsafe-fixes`` without ``--fix`` or ``--diff`` is refused
    only after it, with the inputs read.
    """
    problem = request.conflict()
    if problem:
        raise ConfigError(problem)
    paths, note = lint_paths(request.paths or (Path("."),), request.changed_since)
    baseline = None
    if request.baseline_file:
        from doclint.output.baseline import load_baseline

        baseline = load_baseline(request.baseline_file)
    if note and not request.quiet:
        click.echo(f"doclint: note: {note}", err=True)
    if request.unsafe_fixes and not request.applies_fixes:
        raise ConfigError("--unsafe-fixes applies only with --fix or --diff")
    return Resolved(_run_options(request, paths, _inventories(request)), baseline)


def _inventories(request: CheckRequest) -> tuple[tuple[str | None, Path], ...]:
    """``--inventory FILE`` and ``--inventory-name NAME=FILE``, each file checked now so
    that a wrong path is said before anything is linted (what a file holds is read with
    its project)."""
    from doclint.inputs.config import CONTAINER_NAME

    given: list[tuple[str | None, Path]] = [(None, path) for path in request.inventory_files]
    for value in request.inventory_names:
        name, equals, file = value.partition("=")
        if not equals or not file or not CONTAINER_NAME.match(name):
            raise ConfigError(
                f"--inventory-name takes NAME=FILE (`production=prod-ps.json`), not `{value}`"
            )
        given.append((name, Path(file)))
    for _, path in given:
        if not path.exists():
            raise ConfigError("inventory file not found", str(path))
        if not path.is_file():
            raise ConfigError("the inventory is not a file", str(path))
    return tuple(given)


def _run_options(
    request: CheckRequest,
    paths: tuple[Path, ...],
    inventories: tuple[tuple[str | None, Path], ...],
) -> RunOptions:
    """The engine's options: rule codes as the rulebook spells them, DL001 added by
    ``--report-unused-suppressions``, workers and cache folder defaulted, and the
    files this run writes besides documents (not a change to the repository)."""
    unused: tuple[str, ...] = ()
    if request.report_unused_suppressions:
        from doclint.judging.suppressions import UNUSED_SUPPRESSION

        unused = (UNUSED_SUPPRESSION,)
    written = (request.output_file, request.write_baseline_file)
    return RunOptions(
        paths=paths,
        config_file=request.config_file,
        select=rule_codes(request.select) or None,
        extend_select=rule_codes(request.extend_select) + unused,
        ignore=rule_codes(request.ignore),
        compose_files=request.compose_files,
        inventories=inventories,
        jobs=request.jobs or default_jobs(),
        cache_dir=None if request.no_cache else (request.cache_dir or _default_cache_dir()),
        progress=progress_wanted(),
        written=tuple(path for path in written if path is not None),
    )


def rule_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select DL101,DL102 --select DL2`` → ``("DL101", "DL102", "DL2")``."""
    return tuple(
        code.strip().upper() for value in values for code in value.split(",") if code.strip()
    )


def _default_cache_dir() -> Path:
    """Imported only when a cache is used: a ``--no-cache`` run forks its workers
    without loading the cache module (json, hashlib) first."""
    from doclint.running.cache import default_cache_dir

    return default_cache_dir()


def run(request: CheckRequest, resolved: Resolved) -> Outcome:
    """Lint; with ``--fix`` or ``--diff``, fix in rounds and lint what remains. Then
    ``--baseline`` drops the findings it records, or ``--write-baseline`` records them
    all, and then none is new."""
    fixing: FixOutcome | None = None
    if request.applies_fixes:
        from doclint.output.fix.run import run_fixes

        lint = runs_over(resolved.options)
        fixing = run_fixes(lint, request.unsafe_fixes, write=not request.show_diff)
    result = fixing.result if fixing is not None else Linter(resolved.options).run()
    if resolved.baseline is not None:
        from doclint.output.baseline import apply_baseline

        result.findings = apply_baseline(resolved.baseline, result)
    if request.write_baseline_file:
        from doclint.output.baseline import write_baseline

        recorded = write_baseline(request.write_baseline_file, result)
        written = f"recorded {recorded} finding(s) in {request.write_baseline_file}"
        click.echo(f"doclint: {written}", err=True)
        result.findings = []  # all recorded: none is new
    return Outcome(result, fixing)


def emit(request: CheckRequest, outcome: Outcome) -> None:
    """What the run says, in this order: ``--diff``'s patch or the report (on stdout,
    or in ``--output-file``); the fix summary (beside a text report on stdout, else on
    stderr, so that stdout stays machine-readable); on stderr the problems with inputs,
    and the notices unless ``-q`` (with ``-v``, the details as well)."""
    result, fixing = outcome
    color = _use_color() and request.output_file is None
    if fixing is not None and request.show_diff:
        _write_patch(fixing)
    else:
        _write_report(request, result, color)
    if fixing is not None and not request.quiet:
        from doclint.output.fix.report import fix_summary

        on_stderr = request.show_diff or request.output_format != "text"
        click.echo(fix_summary(fixing, request.show_diff), err=on_stderr)
    for diagnostic in result.diagnostics:
        click.echo(f"doclint: {'error' if diagnostic.fatal else 'warning'}: {diagnostic}", err=True)
    if not request.quiet:
        for notice in result.notices:
            click.echo(f"doclint: note: {notice}", err=True)
    if request.verbose:
        for detail in result.details:
            click.echo(f"doclint: note: {detail}", err=True)


def _use_color() -> bool:
    """Colour on a terminal, or wherever ``FORCE_COLOR`` asks for it; never when
    ``NO_COLOR`` is set."""
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def _write_patch(fixing: FixOutcome) -> None:
    """``--diff``'s patch, as bytes so that CRLF lines reach ``git apply`` exactly as
    they are."""
    from doclint.output.fix.diff import outcome_diff

    with _reporting_to_stdout():
        sys.stdout.flush()
        sys.stdout.buffer.write(outcome_diff(fixing).encode("utf-8"))
        sys.stdout.buffer.flush()


def _write_report(request: CheckRequest, result: RunResult, color: bool) -> None:
    """The report (or ``--statistics``' counts): on stdout piece by piece as it is
    rendered, so a long report starts at once; in ``--output-file`` whole and
    atomically, so a CI step never reads half of it."""
    output = render_output(result, request.output_format, request.statistics, color, request.quiet)
    if request.output_file is None:
        with _reporting_to_stdout():
            for piece in _batched(output):
                click.echo(piece, nl=False, color=color)
    else:
        from doclint.atomic import write_atomic

        write_atomic(request.output_file, "".join(output))


@contextlib.contextmanager
def _reporting_to_stdout() -> Iterator[None]:
    """Writing the report to stdout, whose failures ``stdout_failed`` sorts out."""
    try:
        yield
    except OSError as error:
        code = stdout_failed(error)
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


def exit_code(request: CheckRequest, outcome: Outcome) -> int:
    """2 when an input could not be read (a named compose file), whatever the flags;
    with ``--diff``, 1 when there is a patch (the patch is the finding, as in ruff);
    else 1 when a finding is at ``--fail-on``'s severity or above, unless
    ``--exit-zero``."""
    result, fixing = outcome
    if result.fatal:
        return EXIT_ERROR
    if fixing is not None and request.show_diff:
        return EXIT_FINDINGS if fixing.files else EXIT_CLEAN
    threshold = SEVERITY_ORDER.index(request.fail_on)
    failing = any(SEVERITY_ORDER.index(f.severity) >= threshold for f in result.findings)
    return EXIT_FINDINGS if failing and not request.exit_zero else EXIT_CLEAN
