"""What the CI-gate options of ``doclint check`` add around a run: which files to lint
(``--changed-since``) and what is printed (``--statistics`` instead of the report).
Apart from the command's steps (``doclint.cli.check_run``) because neither needs the
command line: a path list and a ref, a run's result and a format."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from doclint.findings import RunResult
from doclint.output.reporters import get_stream
from doclint.output.reporters.statistics import render_statistics


def lint_paths(paths: Sequence[Path], changed_since: str | None) -> tuple[tuple[Path, ...], str]:
    """The paths to lint, and a note for the user ("" when there is nothing to say)."""
    if changed_since is None:
        return tuple(paths), ""
    from doclint.inputs.changed import changed_documents  # and subprocess: for this option only

    changed = changed_documents(paths, changed_since)
    if changed is None:
        what = "a compose file, .env or doclint configuration"
        return tuple(paths), f"{what} changed since {changed_since}: linting everything"
    if not changed:
        return (), f"no Markdown or shell file changed since {changed_since}"
    return changed, ""


def render_output(
    result: RunResult, output_format: str, statistics: bool, color: bool, quiet: bool
) -> Iterator[str]:
    """The report, or with ``--statistics`` the per-rule counts in its place (text, or
    JSON for ``--format json``): what goes to stdout or ``--output-file``, in pieces."""
    if statistics:
        return iter((render_statistics(result, as_json=output_format == "json"),))
    return get_stream(output_format)(result, color=color, quiet=quiet)
