"""Machine output of the whole run: findings, and what could not be checked.

``--format json`` stays a plain list of findings, which scripts index directly. This
format wraps the same objects with the run's notices (checks skipped for a project or a
document: an open ``${VAR}`` container name, a working folder lost, a file not read) and
its diagnostics (compose or config files that could not be read), so that a CI job
reading JSON can tell "nothing found" from "not everything looked at".
"""

from __future__ import annotations

import json
from typing import Any

from doclint.findings import RunResult
from doclint.output.reporters.json import finding_dict


def render(result: RunResult, *, color: bool, quiet: bool) -> str:
    report: dict[str, Any] = {
        "findings": [finding_dict(f) for f in result.findings],
        "notices": list(result.notices),
        "diagnostics": [
            {
                "path": d.path,
                "line": d.line,
                "message": d.message,
                "severity": "error" if d.fatal else "warning",
            }
            for d in result.diagnostics
        ],
        "files_checked": result.files_checked,
        "complete": not result.notices and not result.diagnostics,
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
