"""The generic ``pattern`` checker and the DL301 rule built on it.

DL301's patterns are data (``rules/DL301.yaml``), so these tests read the real rule
file: what is tested is what ships.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from helpers import lint_tree

from doclint.checkers import configured
from doclint.checkers.context import CheckContext
from doclint.checkers.pattern import PatternSet, check, merge_options, pattern_set
from doclint.errors import ConfigError
from doclint.extract.markdown import extract_markdown
from doclint.extract.script import extract_script
from doclint.extract.spans import CodeSpans, PendingText
from doclint.findings import Finding
from doclint.judging.rulebook import Rule, load_rule_file
from doclint.source import SourceFile

RULES = Path(__file__).resolve().parent.parent / "rules"


def load_rule(code: str) -> Rule:
    return load_rule_file(RULES / f"{code}.yaml")


DL301 = load_rule("DL301")


def run(
    text: str,
    rule: Rule = DL301,
    code: Sequence[str] = (),
    kind: str = "markdown",
) -> list[Finding]:
    """The rule's findings on ``text``, extracted as doclint extracts it. ``code`` names
    the pieces the test expects extraction to find as code (checked, so a test never
    passes on a document that is not what it says)."""
    source = SourceFile(Path("/repo/doc.md"), "doc.md", text, kind)
    document = extract_script(source) if kind == "shell" else extract_markdown(source)
    for piece in code:
        start = text.index(piece)
        assert document.code_spans.holds(start, start + len(piece.rstrip("\n"))), piece
    ctx = CheckContext(
        source=source,
        document=document,
        commands=[],
        invocations=[],
        inventory=cast(Any, SimpleNamespace(root=Path("/repo"))),
    )
    return list(check(ctx, rule))


def flagged(text: str, **kwargs: Any) -> list[str]:
    return [text[f.start : f.end] for f in run(text, **kwargs)]


def with_options(options: Mapping[str, Any]) -> Rule:
    return Rule(
        code="X900",
        name="house-style",
        severity="info",
        checker="pattern",
        summary="",
        explanation="",
        bad_example="",
        good_example="",
        options=options,
    )


# --- DL301: what it flags --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UPDATE THIS!\n", ["UPDATE THIS!"]),
        ("Primary on-call: UPDATE ME\n", ["UPDATE ME"]),
        ("Phone: INSERT PHONE NUMBER HERE.\n", ["INSERT PHONE NUMBER HERE"]),
        ("FILL IN, CHANGE THIS, REPLACE ME\n", ["FILL IN", "CHANGE THIS", "REPLACE ME"]),
        ("Call [Phone Number] now.\n", ["[Phone Number]"]),
        ("Owner: [Lead Engineer Name]\n", ["[Lead Engineer Name]"]),
        ("Signed, [Your Name]\n", ["[Your Name]"]),
        ("Ask [your team lead].\n", ["[your team lead]"]),
        ("Escalate to [Name of On-Call Manager].\n", ["[Name of On-Call Manager]"]),
        ("Reach us by [Phone / Email].\n", ["[Phone / Email]"]),
        ("Vendor: [Company]\n", ["[Company]"]),
        ("Support key: [API Token]\n", ["[API Token]"]),
        ("Reviewed: ______\n", ["______"]),
        ("______ is the backup.\n", ["______"]),
        ("| Backup | ________ |\n", ["________"]),
        ("TODO: describe the failover.\n", ["TODO"]),
        ("Release date: TBD.\n", ["TBD"]),
        ("FIXME: retry\nOwner: XXX\n", ["FIXME", "XXX"]),
        ("| Phone | TODO |\nSee (FIXME) or TODO - later\n", ["TODO", "FIXME", "TODO"]),
    ],
)
def test_dl301_flags_template_leftovers(text: str, expected: list[str]) -> None:
    assert flagged(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "See [Company](https://example.com) and ![Architecture Diagram](arch.png).\n",
        "See [Lead Engineer][1] and [the list][Phone Number].\n",
        "See [Company][] for details.\n\n[company]: https://example.com\n",
        "Ask [Company].\n\n  [COMPANY]:  https://example.com 'the vendor'\n",
        "[Lead Engineer Name]: https://example.com/people/lead\n",
        "- [ ] page the lead\n- [x] restart\n- [X] done\n",
        "A claim.[^1]\n\n[^1]: A footnote.\n",
        "> [!NOTE]\n> Press [ENTER], then [Ctrl]+[o].\n",
        "## [Unreleased]\n\nThe [Service] section.\n",
        "Takes a List[Name] or &[String].\n",
        "Use __init__ and __name__, MAX____LEN, snake____case.\n",
        "Above.\n\n____\n\nBelow.\n\n   ______\n",
        "Fill in the form, then update this page and change this setting.\n",
        "See TODO.md, the todo list, /TODO and TODOs.\n",
        "Remove the outdated TODO comment; TODO tests are skipped; FIXME and XXX too.\n",
        "Update any CHANGEME or REPLACE_ME tags before the release.\n",
        " \\____/\\ \\____\\ \\/____/\n",
        "The wrongly named [docker compose] is lower case.\n",
    ],
)
def test_dl301_leaves_links_boxes_dunders_and_prose_alone(text: str) -> None:
    assert flagged(text) == []


def test_dl301_reference_definitions_are_per_label() -> None:
    text = "Ask [Company] or [Vendor Contact].\n\n[Company]: https://example.com\n"
    assert flagged(text) == ["[Vendor Contact]"]


def test_dl301_prose_patterns_skip_code_but_template_markers_do_not() -> None:
    text = (
        "Run `echo TODO ______` first.\n\n"
        "```bash\n"
        "# TODO: rotate the logs\n"
        'curl -H "X-Owner: [Lead Engineer Name]" -d "UPDATE THIS" http://localhost\n'
        "```\n\n"
        "<!-- TODO: reader never sees this -->\n"
    )
    fence = text[text.index("```bash") : text.rindex("```") + 3]
    found = flagged(
        text, code=["`echo TODO ______`", fence, "<!-- TODO: reader never sees this -->"]
    )
    assert found == ["[Lead Engineer Name]", "UPDATE THIS"]


def test_dl301_in_shell_scripts_flags_template_text_not_developer_notes() -> None:
    script = (
        "#!/usr/bin/env bash\n"
        "# Owner: [Lead Engineer Name]\n"
        "# TODO: page the on-call instead of echoing\n"
        'DB_PASSWORD="CHANGEME"\n'
        'echo "escalate to ______"\n'
        'python -c "import x; print(x.__name__)"\n'
    )
    assert flagged(script, kind="shell") == ["[Lead Engineer Name]", "CHANGEME"]


def test_dl301_sentinel_values_only_as_values_in_code() -> None:
    text = (
        "Replace `CHANGEME` with the token.\n\n"
        "    export TOKEN=CHANGEME\n"
        "    sed -i 's/REPLACE_ME/v1.2/' docs.md\n"
        "    curl -H 'Authorization: Bearer CHANGE_ME' host\n"
    )
    block = text[text.index("    export") :]
    assert flagged(text, code=["`CHANGEME`", block]) == ["CHANGEME", "CHANGE_ME"]


def test_dl301_overlapping_patterns_give_one_finding() -> None:
    assert flagged("Date: [TBD]\n") == ["[TBD]"]


def test_dl301_finding_covers_the_match_and_teaches() -> None:
    text = "# On call\n\nPrimary: [Phone Number] (call first)\n"
    (finding,) = run(text)
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (3, 10, 3, 24)
    assert (finding.code, finding.rule, finding.severity) == ("DL301", "placeholder", "warning")
    assert '"[Phone Number]" was never filled in' in finding.message
    assert "incident" in finding.message


def test_dl301_reader_markers_are_opt_in() -> None:
    text = "```bash\ndocker logs <container> && curl -H 'X-Key: YOUR_API_KEY' host\n```\n"
    fence = (0, len(text))
    assert flagged(text, code=[text]) == []
    rule = with_options(merge_options(DL301.options, enable=["angle-placeholder"]))
    assert [text[f.start : f.end] for f in run(text, rule=rule, code=[text])] == ["<container>"]
    both = PatternSet.from_options(DL301.options, enable=["angle-placeholder", "your-placeholder"])
    assert [m.text for m in both.matches(text, CodeSpans([fence]))] == [
        "<container>",
        "YOUR_API_KEY",
    ]


def test_dl301_reader_markers_are_code_only() -> None:
    options = merge_options(DL301.options, enable=["angle-placeholder", "your-placeholder"])
    assert flagged("Replace <your-token> and YOUR_API_KEY.\n", rule=with_options(options)) == []


# --- the generic checker ---------------------------------------------------------


def house_rule(*patterns: Mapping[str, Any], **options: Any) -> Rule:
    return with_options({"patterns": list(patterns), **options})


def test_custom_pattern_message_scope_and_case() -> None:
    rule = house_rule(
        {
            "id": "internal-host",
            "regex": r"\b[a-z0-9-]+\.corp\.example\b",
            "message": 'Internal host "{match}" is unreachable off-VPN',
            "ignore_case": True,
            "scope": "code",
        }
    )
    text = "Prose db1.CORP.example.\n\n    ssh DB1.corp.example\n"
    (finding,) = run(text, rule=rule, code=["    ssh DB1.corp.example\n"])
    assert text[finding.start : finding.end] == "DB1.corp.example"
    assert finding.message == 'Internal host "DB1.corp.example" is unreachable off-VPN'
    assert (finding.code, finding.severity) == ("X900", "info")


def test_prose_scope_rejects_a_match_that_runs_into_code() -> None:
    rule = house_rule({"id": "word", "regex": r"foo bar", "message": "m", "scope": "prose"})
    assert flagged("x foo `bar` y\n", rule=rule, code=["`bar`"]) == []
    assert flagged("x foo bar `y`\n", rule=rule, code=["`y`"]) == ["foo bar"]


def test_extra_patterns_from_config_extend_the_rule() -> None:
    extra = [{"id": "wiki-link", "regex": r"wiki\.old\.example", "message": "moved: {match}"}]
    rule = with_options(merge_options(DL301.options, extra=extra))
    assert flagged("UPDATE THIS! See wiki.old.example.\n", rule=rule) == [
        "UPDATE THIS!",
        "wiki.old.example",
    ]
    assert DL301.options["patterns"][-1]["id"] != "wiki-link", "merge must not mutate the rule"


def test_compiled_once_per_rule() -> None:
    assert pattern_set(DL301) is pattern_set(DL301)
    copy = pickle.loads(pickle.dumps(DL301))  # as a worker receives it with each chunk
    assert copy.options is not DL301.options
    assert pattern_set(copy) is pattern_set(DL301)


def test_a_file_with_no_candidates_never_scans_its_paragraphs() -> None:
    def explode() -> list[tuple[int, int]]:
        raise AssertionError("a paragraph was scanned without a candidate match")

    spans = CodeSpans([], [PendingText(0, 16, explode)])
    assert pattern_set(DL301).matches("plain words only\n", spans) == []


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"patterns": [{"id": "bad-re", "regex": "([a-z", "message": "m"}]}, "'bad-re'.*compile"),
        ({"patterns": [{"id": "empty", "regex": "x*", "message": "m"}]}, "'empty'.*empty"),
        ({"patterns": [{"id": "p", "regex": "x", "message": "m", "scope": "all"}]}, "scope"),
        ({"patterns": [{"id": "p", "regex": "x", "message": "m", "sevrity": 1}]}, "sevrity"),
        ({"patterns": [{"id": "p", "regex": "x", "message": "m", "opt_in": "yes"}]}, "opt_in"),
        ({"patterns": [{"id": "p", "regex": "x"}]}, "'message'"),
        ({"patterns": [{"id": "Bad Id", "regex": "x", "message": "m"}]}, "kebab-case"),
        ({"patterns": [{"id": "p", "regex": "x", "message": "{text}"}]}, "'text'"),
        ({"patterns": [{"id": "p", "regex": "x", "message": "{match"}]}, "message template"),
        ({"patterns": ["x"]}, "mapping"),
        ({"patterns": []}, "non-empty list"),
        ({"pattern": []}, "unknown pattern option"),
        ({"patterns": [{"id": "p", "regex": "x", "message": "m"}] * 2}, "duplicate.*p"),
        ({"patterns": [{"id": "p", "regex": "x", "message": "m"}], "enable": ["p"]}, "opt-in"),
        ({"patterns": [{"id": "p", "regex": "x", "message": "m"}], "enable": "p"}, "list"),
    ],
)
def test_bad_options_are_clear_errors(options: Mapping[str, Any], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        PatternSet.from_options(options)


def test_config_errors_name_the_extra_pattern() -> None:
    with pytest.raises(ValueError, match=r"'mine'.*compile"):
        merge_options(DL301.options, extra=[{"id": "mine", "regex": "(", "message": "m"}])
    with pytest.raises(ValueError, match="cannot enable nope"):
        PatternSet.from_options(DL301.options, enable=["nope"])


def test_nested_code_spans_still_count_as_code() -> None:
    text = "```\nsee `x` then TODO ______\n```\n"
    inline = text.index("`x`")
    spans = [(0, len(text)), (inline, inline + 3)]
    assert pattern_set(DL301).matches(text, CodeSpans(spans)) == []


def test_a_rule_names_the_configuration_keys_that_extend_it(tmp_path: Path) -> None:
    """The placeholder rule's ``configuration:`` ties `placeholder-patterns` and
    `enable-placeholders` to its options: the core names no rule."""
    rule = load_rule("DL301")
    assert rule.configuration == {
        "placeholder-patterns": "patterns",
        "enable-placeholders": "enable",
        "placeholder-templates": "templates",
        "placeholder-changelogs": "changelogs",
    }
    config = "placeholder-patterns:\n  - {id: acme, regex: 'ACME-TODO', scope: any, message: m}\n"
    found = lint_tree(
        tmp_path / "ok", {".doclint.yaml": config, "a.md": "Write ACME-TODO here.\n"}, "DL301"
    )
    assert [(f.code, f.message) for f in found] == [("DL301", "m")]
    broken = config.replace("ACME-TODO", "(")
    with pytest.raises(
        ConfigError, match=r"\.doclint\.yaml: DL301 placeholder-patterns: pattern .acme."
    ):
        lint_tree(tmp_path / "bad", {".doclint.yaml": broken, "a.md": "x\n"}, "DL301")


def test_a_checker_without_a_configure_hook_takes_no_settings() -> None:
    rule = replace(load_rule("DL301"), checker="compose-v1")
    with pytest.raises(ValueError, match="takes no settings"):
        configured(rule, {"patterns": []})
