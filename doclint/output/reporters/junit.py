"""JUnit XML, for CI systems that show test reports (Jenkins, GitLab, Azure, CircleCI).

One ``testsuite`` per linted file, named by its path, so a report reads like the tree
of docs; one failing ``testcase`` per finding, and a single passing one for a clean
file (so a CI counts it as checked). Text that XML 1.0 cannot hold at all (control
characters from a document) is replaced, since a parser would reject the whole report.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from doclint.findings import Finding, RunResult

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(result: RunResult, *, color: bool, quiet: bool) -> str:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for path in result.sources:
        by_file[path] = []
    for finding in result.findings:
        by_file[finding.path].append(finding)
    root = ET.Element("testsuites", name="doclint")
    for path in sorted(by_file):
        findings = by_file[path]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_clean(path),
            tests=str(max(1, len(findings))),
            failures=str(len(findings)),
            errors="0",
            skipped="0",
        )
        if not findings:
            ET.SubElement(suite, "testcase", classname=_clean(path), name="doclint")
        for finding in findings:
            _testcase(suite, finding)
    root.set("tests", str(sum(int(s.get("tests", "0")) for s in root)))
    root.set("failures", str(len(result.findings)))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _testcase(suite: ET.Element, finding: Finding) -> None:
    where = f"{finding.path}:{finding.line}:{finding.column}"
    case = ET.SubElement(
        suite,
        "testcase",
        classname=_clean(finding.path),
        name=_clean(f"{finding.code} {finding.rule} at {where}"),
        file=_clean(finding.path),
        line=str(finding.line),
    )
    failure = ET.SubElement(
        case, "failure", message=_clean(finding.message), type=_clean(finding.code)
    )
    failure.text = _clean(f"{where}: {finding.code} [{finding.severity}] {finding.message}")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
