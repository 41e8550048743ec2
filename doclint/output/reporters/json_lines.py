"""One JSON object per finding per line (same fields as ``--format json``): streams into
``jq``, log shippers and ``grep`` without parsing one big array."""

from __future__ import annotations

import json

from doclint.findings import RunResult
from doclint.output.reporters.json import finding_dict

_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
"""Characters that JSON leaves as they are but that many readers (Python's
``splitlines``, JavaScript) take for line breaks: escaped, one finding stays one line
whatever a document's text put in its message."""


def render(result: RunResult, *, color: bool, quiet: bool) -> str:
    return "".join(
        json.dumps(finding_dict(finding), ensure_ascii=False).translate(_LINE_BREAKS) + "\n"
        for finding in result.findings
    )
