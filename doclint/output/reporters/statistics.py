"""``--statistics``: how many findings each rule has, most first (as ``ruff
--statistics``), to see what adopting the gate would take before fixing anything.

``[*]`` marks rules whose findings all have a safe fix (``doclint --fix`` clears them).
"""

from __future__ import annotations

import json
from collections import Counter

from doclint.findings import RunResult


def render_statistics(result: RunResult, *, as_json: bool) -> str:
    counts = Counter(finding.code for finding in result.findings)
    names = {finding.code: finding.rule for finding in result.findings}
    fixable = Counter(f.code for f in result.findings if f.fix is not None and f.fix.safe)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if as_json:
        data = [
            {"code": code, "name": names[code], "count": count, "fixable": fixable[code] == count}
            for code, count in rows
        ]
        return json.dumps(data, indent=2) + "\n"
    width = len(str(rows[0][1])) if rows else 1
    return "".join(
        f"{count:>{width}}\t{code}\t{'[*]' if fixable[code] == count else '[ ]'} {names[code]}\n"
        for code, count in rows
    )
