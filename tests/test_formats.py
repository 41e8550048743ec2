"""The CI formats (sarif, github, gitlab, junit, json-lines) and ``--output-file``.

The SARIF output is validated against the official SARIF 2.1.0 schema, kept next to
this file (``sarif-schema-2.1.0.json``, from oasis-tcs/sarif-spec).
"""

from __future__ import annotations

import json
import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import COMPOSE, make_repo, run

from doclint.findings import Finding, RunResult
from doclint.judging.rulebook import builtin_rules
from doclint.output.reporters import FORMATS, get_reporter
from doclint.output.reporters.github import escape_data, escape_property

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text("utf-8"))

DOC = (
    "# Runbook\n\n"
    "Owner: [Phone Number]\n\n"  # DL301 (warning)
    "```bash\n"
    "docker logs kamiyo-api\n"  # DL101 (error), line 6
    "docker-compose restart api\n"  # DL201 (warning, safe fix), line 7
    "```\n"
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": DOC})


def report(repo: Path, output_format: str, *args: str) -> tuple[int, str]:
    code, out, err = run("--format", output_format, *args, cwd=repo)
    assert "Traceback" not in out + err
    return code, out


def sarif(repo: Path, *args: str) -> dict[str, Any]:
    code, out = report(repo, "sarif", *args)
    assert code == 1
    log: dict[str, Any] = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    return log


def by_rule(log: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {result["ruleId"]: result for result in log["runs"][0]["results"]}


# --- SARIF -----------------------------------------------------------------------


def test_sarif_validates_and_carries_rule_metadata_from_the_rule_files(repo: Path) -> None:
    log = sarif(repo)
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "doclint"
    rules = {rule.code: rule for rule in builtin_rules()}
    assert [r["id"] for r in driver["rules"]] == list(rules)
    for descriptor in driver["rules"]:
        rule = rules[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.explanation
        assert rule.bad_example.strip() in descriptor["help"]["markdown"]
        assert rule.good_example.strip() in descriptor["help"]["text"]
        level = {"error": "error", "warning": "warning", "info": "note"}[rule.severity]
        assert descriptor["defaultConfiguration"]["level"] == level


def test_sarif_results_regions_and_rule_index(repo: Path) -> None:
    log = sarif(repo)
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    results = by_rule(log)
    assert set(results) == {"DL101", "DL201", "DL301"}
    dl101 = results["DL101"]
    assert dl101["level"] == "error"
    assert results["DL301"]["level"] == "warning"
    assert run_["tool"]["driver"]["rules"][dl101["ruleIndex"]]["id"] == "DL101"
    location = dl101["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "docs/run.md", "uriBaseId": "%SRCROOT%"}
    # `kamiyo-api` is columns 13-22 of line 6; SARIF's endColumn is one past the end
    assert location["region"] == {"startLine": 6, "startColumn": 13, "endLine": 6, "endColumn": 23}
    assert dl101["partialFingerprints"]["doclint/v1"]


def test_sarif_fix_rewrites_exactly_the_finding(repo: Path) -> None:
    (fix,) = by_rule(sarif(repo))["DL201"]["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "docs/run.md"
    (replacement,) = change["replacements"]
    region = replacement["deletedRegion"]
    line = DOC.splitlines()[region["startLine"] - 1]
    assert region["startLine"] == region["endLine"] == 7
    fixed = (
        line[: region["startColumn"] - 1]
        + replacement["insertedContent"]["text"]
        + line[region["endColumn"] - 1 :]
    )
    assert fixed == "docker compose restart api"
    (did_you_mean,) = by_rule(sarif(repo))["DL101"]["fixes"]
    assert did_you_mean["description"]["text"].endswith("(unsafe: review it)")


def test_sarif_columns_count_code_points(tmp_path: Path) -> None:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "a.md": "🚀 Call [Phone Number].\n"})
    (result,) = sarif(tmp_path)["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    # the rocket is one code point (two UTF-16 code units, which would give 9 and 23)
    assert (region["startColumn"], region["endColumn"]) == (8, 22)


def test_sarif_uri_is_percent_encoded(tmp_path: Path) -> None:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "my docs/run #1.md": DOC})
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif(tmp_path)["runs"][0]["results"]
    }
    assert uris == {"my%20docs/run%20%231.md"}


def test_sarif_reports_fatal_problems_as_notifications(tmp_path: Path) -> None:
    make_repo(tmp_path, {"docker-compose.yml": "services: [\n", "a.md": DOC})
    code, out = report(tmp_path, "sarif")
    assert code == 2
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert any(n["level"] == "error" for n in invocation["toolExecutionNotifications"])


def test_sarif_with_no_findings_is_valid(tmp_path: Path) -> None:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "a.md": "# Fine\n"})
    code, out = report(tmp_path, "sarif")
    assert code == 0
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


# --- GitHub workflow commands ----------------------------------------------------


def test_github_annotations(repo: Path) -> None:
    code, out = report(repo, "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 3
    dl101 = next(line for line in lines if "DL101" in line)
    assert dl101.startswith(
        "::error file=docs/run.md,line=6,col=13,endColumn=23,title=DL101 unknown-container::"
    )
    assert "%0Ahelp: write `kamiyo`" in dl101  # the newline is escaped, not written
    assert sum(line.startswith("::warning ") for line in lines) == 2


def test_github_info_is_a_notice(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        {
            "docker-compose.yml": COMPOSE,
            ".doclint.yaml": "severity: {DL301: info}\n",
            "a.md": "Call [Phone Number].\n",
        },
    )
    assert report(tmp_path, "github")[1].startswith("::notice file=a.md,line=1,")


def test_github_escapes_properties_and_data() -> None:
    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("docs/a,b: 100%.md") == "docs/a%2Cb%3A 100%25.md"


def test_github_file_names_with_separators(tmp_path: Path) -> None:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "run, now: 100%.md": DOC})
    out = report(tmp_path, "github")[1]
    assert "file=run%2C now%3A 100%25.md,line=" in out


def test_github_multiline_finding_has_end_line_and_no_columns() -> None:
    finding = Finding("DL999", "Spans\ntwo lines", "a.md", 0, 10, 3, 5, 4, 2, "warning", "x")
    out = get_reporter("github")(RunResult(findings=[finding]), color=False, quiet=False)
    assert out == "::warning file=a.md,line=3,endLine=4,title=DL999 x::Spans%0Atwo lines\n"


# --- GitLab Code Quality ---------------------------------------------------------


def gitlab(root: Path) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = json.loads(report(root, "gitlab")[1])
    return issues


def test_gitlab_code_quality_fields(repo: Path) -> None:
    issues = gitlab(repo)
    assert len(issues) == 3
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["path"] == "docs/run.md"
    dl101 = next(i for i in issues if i["check_name"].startswith("DL101"))
    assert dl101["severity"] == "major"
    assert dl101["location"]["lines"] == {"begin": 6, "end": 6}
    assert {i["severity"] for i in issues} == {"major", "minor"}


def test_gitlab_fingerprints_survive_lines_moving(repo: Path) -> None:
    before = {i["check_name"]: i["fingerprint"] for i in gitlab(repo)}
    moved = DOC.replace("# Runbook\n", "# Runbook\n\nA new introduction.\n\nAnd more.\n")
    (repo / "docs/run.md").write_text(moved, encoding="utf-8")
    after = {i["check_name"]: i["fingerprint"] for i in gitlab(repo)}
    assert before == after
    (repo / "docs/run.md").write_text(moved.replace("logs kamiyo-api", "logs -f kamiyo-api"))
    edited = {i["check_name"]: i["fingerprint"] for i in gitlab(repo)}
    assert edited["DL101 unknown-container"] != before["DL101 unknown-container"]


def test_gitlab_identical_findings_get_distinct_fingerprints(tmp_path: Path) -> None:
    doc = "```bash\ndocker logs kamiyo-api\ndocker logs kamiyo-api\n```\n"
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "a.md": doc, "b.md": doc})
    fingerprints = [i["fingerprint"] for i in gitlab(tmp_path)]
    assert len(fingerprints) == 4 == len(set(fingerprints))


# --- JUnit -----------------------------------------------------------------------


def test_junit_one_suite_per_file(repo: Path) -> None:
    make_repo(repo, {"docs/clean.md": "# Nothing to see\n"})
    root = ET.fromstring(report(repo, "junit")[1])
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("4", "3")
    suites = {suite.get("name"): suite for suite in root}
    assert set(suites) == {"docs/clean.md", "docs/run.md"}
    assert [c.get("name") for c in suites["docs/clean.md"]] == ["doclint"]
    assert suites["docs/clean.md"].find("testcase/failure") is None
    failures = suites["docs/run.md"].findall("testcase/failure")
    assert suites["docs/run.md"].get("failures") == "3"
    assert {f.get("type") for f in failures} == {"DL101", "DL201", "DL301"}
    dl101 = next(f for f in failures if f.get("type") == "DL101")
    assert dl101.text is not None and dl101.text.startswith("docs/run.md:6:13: DL101 [error]")


def test_junit_escapes_markup_and_drops_characters_xml_cannot_hold(tmp_path: Path) -> None:
    finding = Finding("DL301", 'a <b> & "c"\x01\x1b', "a&b.md", 0, 1, 1, 1, 1, 2, "warning", "x")
    out = get_reporter("junit")(RunResult(findings=[finding]), color=False, quiet=False)
    failure = ET.fromstring(out).find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == 'a <b> & "c"\ufffd\ufffd'


# --- JSON lines ------------------------------------------------------------------


def test_json_lines_is_the_json_format_one_object_per_line(repo: Path) -> None:
    lines = report(repo, "json-lines")[1].splitlines()
    assert [json.loads(line) for line in lines] == json.loads(report(repo, "json")[1])


def test_json_lines_keep_a_finding_on_one_line_whatever_its_message_holds() -> None:
    """A message quotes the document, which may hold NEL or LINE SEPARATOR: JSON leaves
    them raw, and readers that split lines on them (``splitlines``) would cut an object."""
    message = "container `a\x85b\u2028c\u2029d` does not exist"
    finding = Finding("DL101", message, "run.md", 0, 1, 1, 1, 1, 2)
    result = RunResult(findings=[finding, finding])
    lines = get_reporter("json-lines")(result, color=False, quiet=False).splitlines()
    assert len(lines) == 2
    assert [json.loads(line)["message"] for line in lines] == [message, message]


def test_json_report_says_what_was_not_checked(tmp_path: Path) -> None:
    """The findings of ``--format json`` plus the run's notices: a CI job reading JSON
    tells "nothing found" from "not everything looked at"."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "compose.yaml").write_text(
        "services:\n  api:\n    image: x\n    container_name: ${API_CONTAINER}\n",
        encoding="utf-8",
    )
    (tmp_path / "run.md").write_text("```bash\ndocker logs shop-api\n```\n", encoding="utf-8")
    data = json.loads(report(tmp_path, "json-report")[1])
    assert data["findings"] == json.loads(report(tmp_path, "json")[1])
    assert data["notices"] and not data["complete"]
    assert data["files_checked"] == 1
    log = json.loads(report(tmp_path, "sarif")[1])
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes if n["level"] == "note"] == data["notices"]


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_renders_an_empty_run(output_format: str) -> None:
    out = get_reporter(output_format)(RunResult(), color=False, quiet=False)
    assert isinstance(out, str)


# --- --output-file ---------------------------------------------------------------


def test_output_file_gets_the_report_and_the_exit_code_stays(repo: Path) -> None:
    code, out, _ = run("--format", "sarif", "--output-file", "out/doclint.sarif", cwd=repo)
    assert code == 2  # the folder does not exist: a clear error, no traceback
    (repo / "out").mkdir()
    code, out, _ = run("--format", "sarif", "--output-file", "out/doclint.sarif", cwd=repo)
    assert code == 1
    assert out == ""
    jsonschema.Draft4Validator(SCHEMA).validate(
        json.loads((repo / "out/doclint.sarif").read_text())
    )
    assert os.listdir(repo / "out") == ["doclint.sarif"]  # no temporary file left behind


def test_output_file_error_names_the_file(repo: Path) -> None:
    code, _, err = run("--output-file", "missing/report.txt", cwd=repo)
    assert code == 2
    assert err.startswith("doclint: error: missing/report.txt: cannot write:")


def test_output_file_replaces_and_keeps_the_mode(repo: Path) -> None:
    target = repo / "report.txt"
    target.write_text("old\n")
    target.chmod(0o640)
    assert run("--output-file", "report.txt", cwd=repo)[0] == 1
    assert "DL101" in target.read_text()
    assert "\x1b[" not in target.read_text()  # never colored
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_output_file_and_diff_do_not_go_together(repo: Path) -> None:
    code, _, err = run("--diff", "--output-file", "x.txt", cwd=repo)
    assert code == 2
    assert "--output-file does not apply to --diff" in err


# --- streaming -------------------------------------------------------------------


def test_the_text_report_is_streamed_one_finding_at_a_time(repo: Path) -> None:
    """What the CLI writes as it goes is ``render``'s text, one piece per finding and
    one for the summary; formats without a ``stream`` come whole."""
    from doclint.output.reporters import get_stream
    from doclint.running.engine import Linter, RunOptions

    result = Linter(RunOptions(paths=(repo,))).run()
    assert len(result.findings) == 3
    for quiet in (False, True):
        pieces = list(get_stream("text")(result, color=False, quiet=quiet))
        assert len(pieces) == len(result.findings) + (0 if quiet else 1)
        assert "".join(pieces) == get_reporter("text")(result, color=False, quiet=quiet)
    pieces = list(get_stream("json")(result, color=False, quiet=False))
    assert pieces == [get_reporter("json")(result, color=False, quiet=False)]


def test_a_long_report_reaches_stdout_whole(tmp_path: Path) -> None:
    """Pieces are written in batches: none is lost or repeated."""
    runbook = "# Runbook\n\n```bash\n" + "docker logs kamiyo-api\n" * 3000 + "```\n"
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": runbook})
    code, out = report(tmp_path, "text")
    assert code == 1
    assert out.count(": DL101 ") == 3000
    assert [f"docs/run.md:{n}:13:" in out for n in (4, 1500, 3003)] == [True] * 3
    assert out.endswith("in 1 of 1 file(s).\n")
