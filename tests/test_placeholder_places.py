"""DL301 judges a placeholder by where it stands (``doclint.checkers._placement``).

Each test builds a small repository holding the same words in a place where they are a
blank left in the page and in a place where they are not, so a test fails whichever
way the place is misjudged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lint_tree
from hypothesis import given, settings
from hypothesis import strategies as st

from doclint.checkers._placement import PLACES
from doclint.checkers.pattern import Pattern
from doclint.errors import ConfigError
from doclint.running.engine import Linter
from doclint.running.options import RunOptions

SEED_BLANKS = [
    ("ON_CALL.md", 5),
    ("ON_CALL.md", 6),
    ("ON_CALL.md", 7),
    ("TROUBLESHOOTING.md", 3),
    ("health_check.sh", 3),
    ("restart-api.md", 3),
    ("restart-api.md", 4),
]
"""(file name, line) of each blank the incident's on-call pages were shipped with."""


def flagged(root: Path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    """``(file, line, matched words)`` of each DL301 finding."""
    found = lint_tree(root, files, "DL301")
    result = []
    for finding in found:
        name = next(n for n in files if finding.path.endswith(n))
        result.append((name, finding.line, files[name][finding.start : finding.end]))
    return sorted(result)


def test_templates_to_fill_in_are_not_unfinished_pages(tmp_path: Path) -> None:
    blank = "## Escalation\n\nOwner: [Lead Engineer Name], backup: ______\n"
    found = flagged(
        tmp_path,
        {
            ".github/ISSUE_TEMPLATE/bug.md": blank,
            ".github/PULL_REQUEST_TEMPLATE.md": blank,
            "docs/postmortem.template.md": blank,
            "docs/.templates/_collector-page-template.mdx": blank,
            "docs/ON_CALL.md": blank,
        },
    )
    assert found == [
        ("docs/ON_CALL.md", 3, "[Lead Engineer Name]"),
        ("docs/ON_CALL.md", 3, "______"),
    ]


def test_a_message_template_section_is_not_a_blank(tmp_path: Path) -> None:
    page = (
        "# Outage\n\nOwner: [Lead Engineer Name]\n\n"
        "## Status page message template\n\nWe are investigating [Service Name]. ______\n\n"
        "## Escalation\n\nCall [Phone Number].\n"
    )
    assert flagged(tmp_path, {"OUTAGE.md": page}) == [
        ("OUTAGE.md", 3, "[Lead Engineer Name]"),
        ("OUTAGE.md", 11, "[Phone Number]"),
    ]


def test_changelogs_are_history_not_blanks(tmp_path: Path) -> None:
    entries = (
        "## [1.3.0] - TODO\n\n- [Data Sources] Add the Loki source\n"
        "- [#12](https://example.com/12) [Jira JQL] Support custom fields\n"
    )
    found = flagged(
        tmp_path,
        {"CHANGELOG.md": entries, "docs/release-notes/v1.md": entries, "docs/NOTES.md": entries},
    )
    assert found == [
        ("docs/NOTES.md", 1, "TODO"),
        ("docs/NOTES.md", 3, "[Data Sources]"),
        ("docs/NOTES.md", 4, "[Jira JQL]"),
    ]


def test_configured_templates_and_changelogs_replace_the_defaults(tmp_path: Path) -> None:
    config = "placeholder-templates: ['forms/']\nplaceholder-changelogs: ['docs/NOTES.md']\n"
    entries = "- [Data Sources] Add the Loki source\n"
    found = flagged(
        tmp_path,
        {
            ".doclint.yaml": config,
            "forms/intake.md": "Name: [Your Name]\n",
            ".github/PULL_REQUEST_TEMPLATE.md": "Name: [Your Name]\n",
            "docs/NOTES.md": entries,
            "CHANGELOG.md": entries,
        },
    )
    assert found == [
        (".github/PULL_REQUEST_TEMPLATE.md", 1, "[Your Name]"),
        ("CHANGELOG.md", 1, "[Data Sources]"),
    ]


def test_bad_glob_settings_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="placeholder-templates"):
        flagged(tmp_path, {".doclint.yaml": "placeholder-templates: 3\n", "a.md": "x\n"})


def test_a_warning_that_says_do_not_change_is_no_marker(tmp_path: Path) -> None:
    page = "DO NOT CHANGE THIS AFTER SETUP. Never fill it twice.\n\nCHANGE THIS before go-live.\n"
    assert flagged(tmp_path, {"a.md": page}) == [("a.md", 3, "CHANGE THIS")]


def test_a_comment_on_a_value_tells_the_editor_which_line_to_change(tmp_path: Path) -> None:
    page = (
        "```bash\n"
        "export CLIENT_ID=shop  # CHANGE ME\n"
        "# CHANGE ME: the owner of the restart\n"
        "docker compose restart api\n"
        "```\n"
    )
    assert flagged(tmp_path, {"a.md": page}) == [("a.md", 3, "CHANGE ME")]


def test_link_text_and_headings_are_titles_not_blanks(tmp_path: Path) -> None:
    page = (
        "- Dana - [[Contributions in Shop]](https://example.com/commits?author=dana)\n\n"
        "## 7. TODO\n\n- [ ] ship it\n\n## Agent\n\nTODO\n"
    )
    assert flagged(tmp_path, {"a.md": page}) == [("a.md", 9, "TODO")]


def test_mdx_comments_are_never_seen_by_the_reader(tmp_path: Path) -> None:
    page = (
        "Intro.\n\n{/* TODO: Screenshot of the [Main Window]. */}\n\n"
        "{/* a closed comment */} TODO: describe the failover.\n\n"
        "{{ /* TODO - Add the OKD commands. */ }}\n"
    )
    assert flagged(tmp_path, {"a.md": page}) == [("a.md", 5, "TODO")]


def test_a_stated_default_documents_what_ships(tmp_path: Path) -> None:
    page = (
        "The default login is `admin:CHANGE_ME`.\n\n"
        "```bash\nexport ADMIN_PASSWORD=CHANGE_ME\n```\n\n"
        '```\n# prefix of the mails (default "[Shop Orders] ")\nPREFIX=\n```\n'
    )
    assert flagged(tmp_path, {"a.md": page}) == [("a.md", 4, "CHANGE_ME")]


def test_sentinels_in_prose_code_are_talked_about_not_run(tmp_path: Path) -> None:
    page = "Log in as `admin:CHANGEME` and set a password.\n\n    export TOKEN=CHANGEME\n"
    assert flagged(tmp_path, {"a.md": page}) == [("a.md", 3, "CHANGEME")]


def test_slots_in_configuration_examples_are_adapted_not_pasted(tmp_path: Path) -> None:
    page = (
        "The relevant lines are:\n\n```\nuse-auth-secret\nstatic-auth-secret=[your secret]\n"
        "from: [INSERT FUTURE DATE HERE]\n```\n\n"
        "```bash\necho 'static-auth-secret=[your secret]' >> turn.conf\n```\n"
    )
    assert flagged(tmp_path, {"a.md": page}) == [("a.md", 10, "[your secret]")]


def test_a_todo_about_the_code_is_documentation(tmp_path: Path) -> None:
    page = (
        "| package | meaning |\n|---|---|\n"
        "| `server/queue` | the queue (TODO: split it) |\n\n"
        "TODO: describe the failover.\n"
    )
    found = flagged(tmp_path, {"a.md": page, "server/queue/queue.go": "package queue\n"})
    assert found == [("a.md", 5, "TODO")]


def test_slots_in_commands_are_opt_in_and_silent_where_the_page_explains_them(
    tmp_path: Path,
) -> None:
    page = (
        "```bash\n"
        "git clone https://github.com/[Organization]/[repo_name].git\n"
        "mount /dev/disk/by-label/[DISK_NAME] /mnt/data\n"
        "curl https://[synapse_base_url]/health\n"
        "grep '[a-z]' log.txt && [ -f x ] && echo \"[ERROR] failed\"\n"
        "shop send-token [OPTIONS] <account> [ALTERNATE_EMAIL]\n"
        "```\n\n"
        "Substitute `synapse_base_url` with your server's address.\n"
    )
    assert flagged(tmp_path / "default", {"a.md": page}) == [("a.md", 2, "[Organization]")]
    config = "enable-placeholders: [command-placeholder]\n"
    assert flagged(tmp_path / "opted", {"a.md": page, ".doclint.yaml": config}) == [
        ("a.md", 2, "[Organization]"),
        ("a.md", 2, "[repo_name]"),
        ("a.md", 3, "[DISK_NAME]"),
    ]


def test_the_seed_on_call_template_still_fails_on_each_blank() -> None:
    root = Path(__file__).parent.parent / "fixtures" / "kamiyo-broken"
    found = Linter(RunOptions(paths=(root,), select=("DL301",))).run().findings
    assert sorted((f.path.rsplit("/", 1)[-1], f.line) for f in found) == SEED_BLANKS


def test_unknown_places_are_rejected_by_name() -> None:
    with pytest.raises(ValueError, match=r"unknown place.*nowhere"):
        Pattern.from_mapping({"id": "x", "regex": "X", "message": "m", "skip_in": ["nowhere"]})


@settings(max_examples=40, deadline=None)
@given(
    tag=st.lists(st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True), min_size=1, max_size=3).map(
        " ".join
    ),
    rest=st.from_regex(r"[a-z]{3,8}( [a-z]{2,8}){0,4}", fullmatch=True),
)
def test_any_changelog_tag_is_silent_and_the_same_line_elsewhere_is_not(
    tmp_path_factory: pytest.TempPathFactory, tag: str, rest: str
) -> None:
    root = tmp_path_factory.mktemp("repo")
    entry = f"- [{tag}] {rest}\n"
    found = flagged(root, {"CHANGES.md": entry, "docs/a.md": entry})
    assert all(name == "docs/a.md" for name, _, _ in found)


def test_every_place_is_documented_in_the_rule() -> None:
    text = (Path(__file__).parent.parent / "rules" / "DL301.yaml").read_text(encoding="utf-8")
    assert all(f"`{place}`" in text for place in PLACES)
