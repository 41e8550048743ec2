"""Inline suppressions, ``per-file-ignores`` and the unused-suppression report (DL001)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from doclint.errors import ConfigError
from doclint.findings import RunResult
from doclint.running.engine import Linter, RunOptions

COMPOSE = "services:\n  api:\n    image: example/api\n    container_name: kamiyo\n"
PLACEHOLDER = "Call [Phone Number] now."
BAD_COMMAND = "docker logs kamiyo-api"


def lint(root: Path, files: dict[str, str], *, unused: bool = False) -> RunResult:
    files = {"docker-compose.yml": COMPOSE, **files}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    old = Path.cwd()
    os.chdir(root)
    try:
        options = RunOptions(paths=(Path("."),), extend_select=("DL001",) if unused else ())
        return Linter(options).run()
    finally:
        os.chdir(old)


def found(result: RunResult) -> list[str]:
    return [f"{f.path}:{f.line}:{f.code}" for f in result.findings]


def fence(*lines: str, language: str = "bash") -> str:
    return f"```{language}\n" + "\n".join(lines) + "\n```\n"


# --- Markdown directives ---------------------------------------------------------


def test_disable_next_line_covers_exactly_the_next_line(tmp_path: Path) -> None:
    doc = f"<!-- doclint-disable-next-line DL301 -->\n{PLACEHOLDER}\n{PLACEHOLDER}\n"
    assert found(lint(tmp_path, {"a.md": doc})) == ["a.md:3:DL301"]


def test_disable_next_line_is_the_next_line_not_the_next_non_blank_one(tmp_path: Path) -> None:
    doc = f"<!-- doclint-disable-next-line DL301 -->\n\n{PLACEHOLDER}\n"
    assert found(lint(tmp_path, {"a.md": doc})) == ["a.md:3:DL301"]


def test_disable_next_line_only_for_the_codes_it_names(tmp_path: Path) -> None:
    doc = "<!-- doclint-disable-next-line DL101 -->\n" + PLACEHOLDER + "\n"
    assert found(lint(tmp_path, {"a.md": doc})) == ["a.md:2:DL301"]


def test_disable_enable_range(tmp_path: Path) -> None:
    doc = "\n".join(
        [
            PLACEHOLDER,
            "<!-- doclint-disable DL301 -->",
            PLACEHOLDER,
            fence(BAD_COMMAND),
            "<!-- doclint-enable DL301 -->",
            PLACEHOLDER,
        ]
    )
    # the range hides DL301 only: the DL101 inside it is still reported
    assert found(lint(tmp_path, {"a.md": doc})) == ["a.md:1:DL301", "a.md:5:DL101", "a.md:9:DL301"]


def test_disable_without_enable_runs_to_the_end_of_the_file(tmp_path: Path) -> None:
    doc = f"{PLACEHOLDER}\n<!-- doclint-disable -->\n{PLACEHOLDER}\n\n" + fence(BAD_COMMAND)
    assert found(lint(tmp_path, {"a.md": doc})) == ["a.md:1:DL301"]


def test_enable_one_code_inside_a_disable_all(tmp_path: Path) -> None:
    doc = "\n".join(
        [
            "<!-- doclint-disable -->",
            PLACEHOLDER,
            "<!-- doclint-enable DL301 -->",
            PLACEHOLDER,
            fence(BAD_COMMAND),
        ]
    )
    assert found(lint(tmp_path, {"a.md": doc})) == ["a.md:4:DL301"]


def test_disable_file_anywhere_in_the_file(tmp_path: Path) -> None:
    doc = f"{PLACEHOLDER}\n\n" + fence(BAD_COMMAND) + "\n<!-- doclint-disable-file DL101 -->\n"
    assert found(lint(tmp_path, {"a.md": doc})) == ["a.md:1:DL301"]
    everything = f"{PLACEHOLDER}\n\n" + fence(BAD_COMMAND) + "\n<!-- doclint-disable-file -->\n"
    assert found(lint(tmp_path, {"a.md": everything})) == []


@pytest.mark.parametrize(
    "codes", ["DL101,DL301", "DL101, DL301", "DL101 DL301", "dl101 dl301", "DL1 DL3"]
)
def test_several_codes_and_prefixes(tmp_path: Path, codes: str) -> None:
    doc = f"<!-- doclint-disable {codes} -->\n{PLACEHOLDER}\n\n" + fence(BAD_COMMAND)
    assert found(lint(tmp_path, {"a.md": doc})) == []


def test_a_reason_after_two_dashes(tmp_path: Path) -> None:
    doc = f"<!-- doclint-disable-next-line DL301 -- filled in at publish time -->\n{PLACEHOLDER}\n"
    assert found(lint(tmp_path, {"a.md": doc})) == []


def test_a_comment_spanning_lines_covers_the_line_after_it_ends(tmp_path: Path) -> None:
    doc = f"<!--\n  doclint-disable-next-line DL301\n-->\n{PLACEHOLDER}\n"
    assert found(lint(tmp_path, {"a.md": doc})) == []


def test_directive_in_a_block_quote(tmp_path: Path) -> None:
    doc = f"> <!-- doclint-disable-next-line DL301 -->\n> {PLACEHOLDER}\n"
    assert found(lint(tmp_path, {"a.md": doc})) == []


@pytest.mark.parametrize(
    "doc",
    [
        # shown as an example in a code block
        "```markdown\n<!-- doclint-disable-file -->\n```\n\n" + PLACEHOLDER + "\n",
        # written about in an inline code span
        "Write `<!-- doclint-disable-file -->` to silence a file.\n\n" + PLACEHOLDER + "\n",
        # not at the start of its line
        "Some prose <!-- doclint-disable-file --> here.\n\n" + PLACEHOLDER + "\n",
    ],
)
def test_directives_that_are_not_directives(tmp_path: Path, doc: str) -> None:
    assert [f.code for f in lint(tmp_path, {"a.md": doc}).findings] == ["DL301"]


def test_unknown_directive_and_unknown_code_are_reported(tmp_path: Path) -> None:
    doc = "<!-- doclint-disable-line -->\n<!-- doclint-disable-next-line DL999 -->\nText.\n"
    result = lint(tmp_path, {"a.md": doc})
    messages = sorted(str(d) for d in result.diagnostics)
    assert messages[0].startswith("a.md:1: unknown `doclint-disable-line`")
    assert messages[1] == "a.md:2: suppression names unknown rule `DL999`"
    assert not any(d.fatal for d in result.diagnostics)


def test_an_unknown_code_does_not_widen_the_directive_to_every_rule(tmp_path: Path) -> None:
    doc = f"<!-- doclint-disable-next-line DL3O1 -->\n{PLACEHOLDER}\n"
    assert found(lint(tmp_path, {"a.md": doc})) == ["a.md:2:DL301"]


# --- shell comments --------------------------------------------------------------


def test_shell_comment_on_the_line(tmp_path: Path) -> None:
    script = f"#!/bin/sh\n{BAD_COMMAND}  # doclint: ignore[DL101]\n{BAD_COMMAND}\n"
    assert found(lint(tmp_path, {"run.sh": script})) == ["run.sh:3:DL101"]


def test_shell_comment_alone_covers_the_next_line_of_code(tmp_path: Path) -> None:
    script = f"#!/bin/sh\n# doclint: ignore[DL101]\n{BAD_COMMAND}\n{BAD_COMMAND}\n"
    assert found(lint(tmp_path, {"run.sh": script})) == ["run.sh:4:DL101"]


def test_stacked_shell_comments_cover_the_same_line(tmp_path: Path) -> None:
    script = f"# doclint: ignore[DL101]\n# doclint: ignore[DL301]\n{BAD_COMMAND} UPDATE THIS\n"
    assert found(lint(tmp_path, {"run.sh": script})) == []


def test_shell_comment_without_codes_covers_every_rule(tmp_path: Path) -> None:
    script = f"{BAD_COMMAND} UPDATE THIS  # doclint: ignore\n"
    assert found(lint(tmp_path, {"run.sh": script})) == []


def test_shell_comment_covers_a_continued_command(tmp_path: Path) -> None:
    script = "# doclint: ignore[DL101]\ndocker exec \\\n  kamiyo-api \\\n  ls /data\n"
    assert found(lint(tmp_path, {"run.sh": script})) == []
    trailing = "docker exec \\\n  kamiyo-api \\\n  ls /data  # doclint: ignore[DL101]\n"
    assert found(lint(tmp_path, {"run.sh": trailing})) == []


def test_shell_comment_inside_a_markdown_shell_block(tmp_path: Path) -> None:
    doc = fence(f"{BAD_COMMAND}  # doclint: ignore[DL101]", "# doclint: ignore", BAD_COMMAND)
    doc += fence(BAD_COMMAND, language="console").replace(BAD_COMMAND, "$ " + BAD_COMMAND)
    assert found(lint(tmp_path, {"a.md": doc})) == ["a.md:7:DL101"]


def test_hash_inside_a_word_is_no_comment(tmp_path: Path) -> None:
    script = f"{BAD_COMMAND} x#doclint:ignore\n"
    assert found(lint(tmp_path, {"run.sh": script})) == ["run.sh:1:DL101"]


def test_shell_comment_is_not_a_directive_in_markdown_prose(tmp_path: Path) -> None:
    doc = f"# doclint: ignore\n\n{PLACEHOLDER}\n"
    assert found(lint(tmp_path, {"a.md": doc})) == ["a.md:3:DL301"]


# --- unused suppressions (DL001) -------------------------------------------------


def test_unused_suppressions_are_reported_only_when_asked(tmp_path: Path) -> None:
    doc = "<!-- doclint-disable-next-line DL301 -->\nAll filled in.\n"
    assert found(lint(tmp_path, {"a.md": doc})) == []
    (finding,) = lint(tmp_path, {"a.md": doc}, unused=True).findings
    assert (finding.code, finding.rule, finding.severity) == (
        "DL001",
        "unused-suppression",
        "warning",
    )
    assert (finding.line, finding.column, finding.end_column) == (1, 1, 41)
    assert "no DL301 finding on line 2" in finding.message


def test_used_suppressions_are_not_reported(tmp_path: Path) -> None:
    doc = f"<!-- doclint-disable-next-line DL301 -->\n{PLACEHOLDER}\n" + fence(
        f"{BAD_COMMAND}  # doclint: ignore"
    )
    assert found(lint(tmp_path, {"a.md": doc}, unused=True)) == []


def test_unused_whole_suppression_fix_removes_its_line(tmp_path: Path) -> None:
    doc = "Intro.\n<!-- doclint-disable-file -->\nText.\n"
    (finding,) = lint(tmp_path, {"a.md": doc}, unused=True).findings
    assert finding.fix is not None and finding.fix.safe
    (edit,) = finding.fix.edits
    assert doc[: edit.start] + edit.text + doc[edit.end :] == "Intro.\nText.\n"


def test_unused_trailing_shell_comment_fix_keeps_the_command(tmp_path: Path) -> None:
    script = "docker logs -f kamiyo   # doclint: ignore[DL101]\n"
    (finding,) = lint(tmp_path, {"run.sh": script}, unused=True).findings
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    assert script[: edit.start] + edit.text + script[edit.end :] == "docker logs -f kamiyo\n"


def test_partly_unused_codes_are_reported_and_fixed_one_by_one(tmp_path: Path) -> None:
    doc = f"<!-- doclint-disable-next-line DL101, DL301 -->\n{PLACEHOLDER}\n"
    (finding,) = lint(tmp_path, {"a.md": doc}, unused=True).findings
    assert finding.message.startswith("`DL101` in the suppression")
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    fixed = doc[: edit.start] + edit.text + doc[edit.end :]
    assert fixed.startswith("<!-- doclint-disable-next-line DL301 -->\n")


def test_codes_of_rules_that_did_not_run_are_not_judged(tmp_path: Path) -> None:
    doc = "<!-- doclint-disable-next-line DL301 -->\nAll filled in.\n"
    files = {"a.md": doc, ".doclint.yaml": "ignore: [DL301]\n"}
    assert found(lint(tmp_path, files, unused=True)) == []


def test_unused_suppression_rule_can_be_turned_on_in_config(tmp_path: Path) -> None:
    files = {"a.md": "<!-- doclint-disable-file -->\n", ".doclint.yaml": "extend-select: [DL001]\n"}
    assert found(lint(tmp_path, files)) == ["a.md:1:DL001"]


# --- per-file-ignores ------------------------------------------------------------


def test_per_file_ignores_glob_relative_to_the_config(tmp_path: Path) -> None:
    files = {
        "docs/legacy/old.md": PLACEHOLDER + "\n",
        "docs/new.md": PLACEHOLDER + "\n",
        "docs/.doclint.yaml": "per-file-ignores:\n  'legacy/**': [DL3]\n",
    }
    assert found(lint(tmp_path, files)) == ["docs/new.md:1:DL301"]


def test_per_file_ignored_rules_do_not_judge_suppressions(tmp_path: Path) -> None:
    files = {
        "a.md": "<!-- doclint-disable-next-line DL301 -->\nText.\n",
        ".doclint.yaml": "per-file-ignores: {'*.md': [DL301]}\n",
    }
    assert found(lint(tmp_path, files, unused=True)) == []


def test_per_file_ignores_unknown_code_is_a_config_error(tmp_path: Path) -> None:
    files = {"a.md": "Text.\n", ".doclint.yaml": "per-file-ignores: {'old/*.md': [DL999]}\n"}
    with pytest.raises(ConfigError, match="unknown rule code `DL999`"):
        lint(tmp_path, files)


@pytest.mark.parametrize("value", ["[DL101]", "{'*.md': DL1O1x}", "{'*.md': [1]}"])
def test_per_file_ignores_wrong_type_names_file_and_line(tmp_path: Path, value: str) -> None:
    files = {"a.md": "Text.\n", ".doclint.yaml": f"select: [DL1]\nper-file-ignores: {value}\n"}
    with pytest.raises(ConfigError) as error:
        lint(tmp_path, files)
    assert str(error.value).endswith(
        ".doclint.yaml:2: `per-file-ignores` must be a mapping of glob pattern to a list of "
        "rule codes"
    )


def test_shell_comment_with_no_code_after_it_covers_only_itself(tmp_path: Path) -> None:
    script = f"{BAD_COMMAND}\n# doclint: ignore[DL101]\n"
    result = lint(tmp_path, {"run.sh": script}, unused=True)
    assert found(result) == ["run.sh:1:DL101", "run.sh:2:DL001"]
    assert "no DL101 finding on line 2" in result.findings[1].message
