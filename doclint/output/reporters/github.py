"""GitHub Actions workflow commands: each finding becomes an annotation on the pull
request's diff (``::error file=…,line=…::message``), without any upload step.

Values are escaped as the Actions runner unescapes them: ``%``, CR and LF in the
message; additionally ``:`` and ``,`` in properties, which would otherwise end them.
Columns are sent only for single-line findings, the only ones GitHub places by column;
``endColumn`` is one past the last character. Paths are relative to the working
directory, which in a workflow is the top of the repository.
"""

from __future__ import annotations

from doclint.errors import Diagnostic
from doclint.findings import Finding, RunResult

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(result: RunResult, *, color: bool, quiet: bool) -> str:
    lines = [_annotation(finding) for finding in result.findings]
    lines.extend(_diagnostic(diagnostic) for diagnostic in result.diagnostics)
    return "".join(line + "\n" for line in lines)


def _annotation(finding: Finding) -> str:
    properties = {"file": finding.path, "line": str(finding.line)}
    if finding.end_line == finding.line:
        properties["col"] = str(finding.column)
        properties["endColumn"] = str(finding.end_column)
    else:
        properties["endLine"] = str(finding.end_line)
    properties["title"] = f"{finding.code} {finding.rule}".strip()
    message = finding.message
    if finding.suggestion:
        message += f"\nhelp: write `{finding.suggestion}`"
    return command(COMMANDS.get(finding.severity, "warning"), properties, message)


def _diagnostic(diagnostic: Diagnostic) -> str:
    properties = {"title": "doclint"}
    if diagnostic.path:
        properties["file"] = diagnostic.path
        if diagnostic.line:
            properties["line"] = str(diagnostic.line)
    return command("error" if diagnostic.fatal else "warning", properties, diagnostic.message)


def command(name: str, properties: dict[str, str], message: str) -> str:
    """One workflow command line, escaped."""
    written = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name} {written}::{escape_data(message)}"


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")
