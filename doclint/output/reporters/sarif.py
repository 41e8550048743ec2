"""SARIF 2.1.0, for GitHub code scanning and any SARIF viewer.

The rule metadata (summary, explanation, examples, default level) comes from the rule
files, so a code-scanning alert explains itself. Regions use SARIF's conventions:
1-based lines and columns, ``endColumn`` one past the last character, columns counted
in Unicode code points (``columnKind``), which is how doclint counts them. Paths are
relative to the working directory, given as ``%SRCROOT%``; run doclint from the top of
the repository for code scanning to place them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from doclint import __version__
from doclint.errors import Diagnostic
from doclint.findings import Finding, Fix, RunResult
from doclint.judging.rulebook import Rule, builtin_rules
from doclint.output.fingerprint import occurrence_ids
from doclint.source import SourceFile

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(result: RunResult, *, color: bool, quiet: bool) -> str:
    rules = list(builtin_rules())
    index = {rule.code: number for number, rule in enumerate(rules)}
    ids = occurrence_ids(result)
    run = {
        "tool": {
            "driver": {
                "name": "doclint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_descriptor(rule) for rule in rules],
            }
        },
        "invocations": [_invocation(result)],
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().absolute().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(finding, index.get(finding.code), result.sources.get(finding.path), id_)
            for finding, id_ in zip(result.findings, ids, strict=True)
        ],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _descriptor(rule: Rule) -> dict[str, Any]:
    examples = f"Bad:\n{rule.bad_example.rstrip()}\n\nGood:\n{rule.good_example.rstrip()}"
    markdown = (
        f"{rule.explanation}\n\n**Bad**\n\n```\n{rule.bad_example.rstrip()}\n```\n\n"
        f"**Good**\n\n```\n{rule.good_example.rstrip()}\n```\n"
    )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": f"{rule.explanation}\n\n{examples}", "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": rule.enabled},
    }


def _result(
    finding: Finding, rule_index: int | None, source: SourceFile | None, id_: str
) -> dict[str, Any]:
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }
    data: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {**_artifact(finding.path), "region": region}}],
        "partialFingerprints": {"doclint/v1": id_},
    }
    if rule_index is not None:
        data["ruleIndex"] = rule_index
    if finding.fix is not None and source is not None:
        data["fixes"] = [_fix(finding.fix, finding.path, source)]
    return data


def _artifact(path: str) -> dict[str, Any]:
    """``artifactLocation`` of a display path: relative to ``%SRCROOT%`` unless absolute."""
    if Path(path).is_absolute():
        return {"artifactLocation": {"uri": Path(path).as_uri()}}
    return {"artifactLocation": {"uri": quote(path), "uriBaseId": SRCROOT}}


def _fix(fix: Fix, path: str, source: SourceFile) -> dict[str, Any]:
    replacements = []
    for edit in fix.edits:
        start_line, start_column = source.line_col(edit.start)
        end_line, end_column = source.line_col(edit.end)
        deleted = {
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            "endColumn": end_column,
        }
        replacements.append({"deletedRegion": deleted, "insertedContent": {"text": edit.text}})
    description = fix.description + ("" if fix.safe else " (unsafe: review it)")
    return {
        "description": {"text": description},
        "artifactChanges": [{**_artifact(path), "replacements": replacements}],
    }


def _invocation(result: RunResult) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not result.fatal}
    notifications = [_notification(d) for d in result.diagnostics]
    notifications += [{"level": "note", "message": {"text": n}} for n in result.notices]
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def _notification(diagnostic: Diagnostic) -> dict[str, Any]:
    data: dict[str, Any] = {
        "level": "error" if diagnostic.fatal else "warning",
        "message": {"text": diagnostic.message},
    }
    if diagnostic.path:
        location: dict[str, Any] = _artifact(diagnostic.path)
        if diagnostic.line:
            location["region"] = {"startLine": diagnostic.line}
        data["locations"] = [{"physicalLocation": location}]
    return data
