"""Baselines: adopt the gate on legacy docs today, fail only on what is new.

``--write-baseline FILE`` records the findings of a run; ``--baseline FILE`` drops the
findings recorded there. A finding is recorded as rule code, path and fingerprint
(``doclint.output.fingerprint``: the offending text and its line, not the line number), with
a count, so that adding a paragraph above an old finding keeps it baselined while a
third copy of a line that was there twice is reported once (multiset semantics).

Paths are relative to the baseline file's folder, so the file works from whatever
folder doclint runs in. The format is versioned; the ``text`` of each entry is there
for the humans reviewing the file and is not used for matching.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from doclint.atomic import write_atomic
from doclint.errors import ConfigError
from doclint.findings import Finding, RunResult
from doclint.output.fingerprint import fingerprint

FORMAT_VERSION = 1
_TEXT_LIMIT = 80

_Key = tuple[str, str, str]
"""``(path relative to the baseline's folder, rule code, fingerprint)``."""


@dataclass(frozen=True)
class Baseline:
    """The findings a baseline file accepts, counted by fingerprint
    (``doclint.output.fingerprint``)."""

    folder: Path
    """Absolute folder of the baseline file: entry paths are relative to it."""
    counts: Counter[_Key]


def load_baseline(path: Path) -> Baseline:
    """Read and validate a baseline; ``ConfigError`` (exit 2) naming the file when it is
    missing, not JSON, or not a baseline this doclint reads."""
    shown = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            "baseline file not found (write one with --write-baseline)", shown
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read baseline: {error}", shown) from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"baseline is not valid JSON: {error.msg}", shown, error.lineno) from None
    if not isinstance(data, dict) or "doclint-baseline" not in data:
        raise ConfigError("not a doclint baseline (no `doclint-baseline` version)", shown)
    if data["doclint-baseline"] != FORMAT_VERSION:
        raise ConfigError(
            f"baseline format {data['doclint-baseline']!r} is not the one this doclint reads "
            f"({FORMAT_VERSION}); write it again with --write-baseline",
            shown,
        )
    counts: Counter[_Key] = Counter()
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise ConfigError("baseline `findings` must be a list", shown)
    for number, entry in enumerate(entries, start=1):
        key, count = _entry(entry)
        if key is None:
            raise ConfigError(
                f"baseline entry {number} must have string `path`, `code` and `fingerprint` "
                "and a positive integer `count`",
                shown,
            )
        counts[key] += count
    return Baseline(path.parent.absolute(), counts)


def _entry(entry: Any) -> tuple[_Key | None, int]:
    if not isinstance(entry, dict):
        return None, 0
    key = (entry.get("path"), entry.get("code"), entry.get("fingerprint"))
    count = entry.get("count", 1)
    if not all(isinstance(part, str) for part in key):
        return None, 0
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        return None, 0
    return (str(key[0]), str(key[1]), str(key[2])), count


def apply_baseline(baseline: Baseline, result: RunResult) -> list[Finding]:
    """The findings of ``result`` the baseline does not account for. With 2 recorded and
    3 found, the last one in reading order is reported."""
    remaining = Counter(baseline.counts)
    new = []
    for finding in result.findings:
        key = _key(baseline.folder, result, finding)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(finding)
    return new


def write_baseline(path: Path, result: RunResult) -> int:
    """Record the findings of ``result`` in ``path`` (atomically); how many."""
    folder = path.parent.absolute()
    counts: Counter[_Key] = Counter()
    texts: dict[_Key, str] = {}
    for finding in result.findings:
        key = _key(folder, result, finding)
        counts[key] += 1
        source = result.sources.get(finding.path)
        text = source.text[finding.start : finding.end] if source else finding.message
        texts.setdefault(key, " ".join(text.split())[:_TEXT_LIMIT])
    entries = [
        {
            "path": p,
            "code": c,
            "fingerprint": f,
            "count": counts[(p, c, f)],
            "text": texts[(p, c, f)],
        }
        for p, c, f in sorted(counts)
    ]
    document = {"doclint-baseline": FORMAT_VERSION, "findings": entries}
    write_atomic(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return len(result.findings)


def _key(folder: Path, result: RunResult, finding: Finding) -> _Key:
    source = result.sources.get(finding.path)
    absolute = source.path if source is not None else Path(finding.path).absolute()
    try:
        relative = Path(os.path.relpath(absolute, folder)).as_posix()
    except ValueError:  # another drive (Windows)
        relative = absolute.as_posix()
    return relative, finding.code, fingerprint(finding, source)
