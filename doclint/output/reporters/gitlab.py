"""GitLab Code Quality report (a JSON array in the Code Climate format), shown in merge
requests when a job declares it under ``artifacts: reports: codequality``.

GitLab tells new findings from old ones by ``fingerprint``, so it must not change when
a line moves: it is ``doclint.output.fingerprint``'s hash of the path, the rule, the offending
text and its line, plus the occurrence index among identical findings of a file.
"""

from __future__ import annotations

import json
from typing import Any

from doclint.findings import Finding, RunResult
from doclint.output.fingerprint import occurrence_ids

SEVERITIES = {"info": "info", "warning": "minor", "error": "major"}
"""doclint severity → Code Quality severity (``critical`` and ``blocker`` are not used:
a stale runbook line is serious, but not an outage by itself)."""


def render(result: RunResult, *, color: bool, quiet: bool) -> str:
    issues = [
        _issue(finding, id_)
        for finding, id_ in zip(result.findings, occurrence_ids(result), strict=True)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(finding: Finding, id_: str) -> dict[str, Any]:
    return {
        "description": f"{finding.code} {finding.message}",
        "check_name": f"{finding.code} {finding.rule}".strip(),
        "fingerprint": id_,
        "severity": SEVERITIES.get(finding.severity, "minor"),
        "location": {
            "path": finding.path,
            "lines": {"begin": finding.line, "end": finding.end_line},
        },
    }
