"""Machine output: a JSON list of findings, stable keys, sorted like the text output."""

from __future__ import annotations

import json
from typing import Any

from doclint.findings import Finding, RunResult


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "fixable": finding.fix is not None and finding.fix.safe,
    }


def render(result: RunResult, *, color: bool, quiet: bool) -> str:
    return (
        json.dumps([finding_dict(f) for f in result.findings], indent=2, ensure_ascii=False) + "\n"
    )
