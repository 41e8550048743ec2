"""Human output: ``path:line:col: CODE message``, the source line with a caret, a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import click

from doclint.findings import Finding, RunResult
from doclint.source import SourceFile

SEVERITY_COLORS = {"error": "red", "warning": "yellow", "info": "blue"}


def render(result: RunResult, *, color: bool, quiet: bool) -> str:
    """Findings with their source lines; ``quiet`` drops the source lines and the summary."""
    return "".join(stream(result, color=color, quiet=quiet))


def stream(result: RunResult, *, color: bool, quiet: bool) -> Iterator[str]:
    """``render``'s text one finding at a time, so that it can be written as it is made:
    on 10,000 files with 22,000 findings the report is 8.5 MB, which the run would
    otherwise hold twice over (its lines, then the joined text) at its peak."""
    for finding in result.findings:
        if quiet:
            yield _headline(finding, color) + "\n"
            continue
        lines = _finding(finding, result.sources.get(finding.path), color)
        yield "".join(line + "\n" for line in lines) + "\n"
    if not quiet:
        yield summary(result, color) + "\n"


def _style(text: str, color: bool, **style: object) -> str:
    return click.style(text, **style) if color else text  # type: ignore[arg-type]


def _headline(finding: Finding, color: bool) -> str:
    where = _style(f"{finding.path}:{finding.line}:{finding.column}:", color, bold=True)
    code = _style(finding.code, color, fg=SEVERITY_COLORS.get(finding.severity), bold=True)
    return f"{where} {code} {finding.message}"


def _finding(finding: Finding, source: SourceFile | None, color: bool) -> list[str]:
    out = [_headline(finding, color)]
    if source is None:
        return out
    text = source.line_at(finding.start).expandtabs(1)
    width = len(str(finding.line))
    gutter = _style(f"{' ' * width} |", color, fg="blue")
    out.append(gutter)
    out.append(_style(f"{finding.line} |", color, fg="blue") + f" {text}")
    length = finding.end_column - finding.column if finding.end_line == finding.line else 1
    caret = " " * (finding.column - 1) + "^" * max(1, length)
    out.append(f"{gutter} {_style(caret, color, fg=SEVERITY_COLORS.get(finding.severity))}")
    if finding.suggestion:
        out.append(f"{' ' * width} = help: write `{finding.suggestion}`")
    return out


def summary(result: RunResult, color: bool) -> str:
    count = len(result.findings)
    if not count and result.notices:
        return _style(
            f"No problems found in {result.files_checked} file(s), but not everything "
            "could be checked (see the notes).",
            color,
            bold=True,
        )
    if not count:
        return _style(
            f"All clear: {result.files_checked} file(s) checked, no problems found.",
            color,
            fg="green",
        )
    fixable = sum(1 for f in result.findings if f.fix is not None and f.fix.safe)
    files = len({f.path for f in result.findings})
    by_severity = Counter(f.severity for f in result.findings)
    detail = ", ".join(f"{n} {s}{'s' if n > 1 else ''}" for s, n in sorted(by_severity.items()))
    text = (
        f"Found {count} problem{'s' if count > 1 else ''} ({detail}) in {files} of "
        f"{result.files_checked} file(s)."
    )
    if fixable:
        text += f" {fixable} can be fixed automatically."
    return _style(text, color, bold=True)
