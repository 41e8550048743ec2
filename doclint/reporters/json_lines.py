"""One JSON object per finding per line (same fields as ``--format json``): streams into
``jq``, log shippers and ``grep`` without parsing one big array."""

from __future__ import annotations

import json

from doclint.engine import RunResult
from doclint.reporters.json import finding_dict


def render(result: RunResult, *, color: bool, quiet: bool) -> str:
    return "".join(
        json.dumps(finding_dict(finding), ensure_ascii=False) + "\n" for finding in result.findings
    )
