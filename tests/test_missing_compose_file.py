"""DL105 missing-compose-file: judged where the command runs, after what the docs make."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lint_tree

REPO = {
    "docker-compose.yml": "services:\n  web:\n    image: nginx\n",
    "deploy/compose.prod.yaml": "services:\n  web:\n    image: nginx\n",
}


def fence(text: str) -> str:
    return f"```bash\n{text}\n```"


def reported(tmp_path: Path, *blocks: str, files: dict[str, str] | None = None) -> list[int]:
    document = "\n\ntext\n\n".join(fence(b) for b in blocks)
    tree = {**REPO, **(files or {}), "docs/run.md": document}
    return [f.line for f in lint_tree(tmp_path, tree, "DL105")]


@pytest.mark.parametrize(
    "blocks",
    [
        ("docker compose -f deploy/compose.prod.yml up -d",),
        ("cd deploy && docker compose -f compose.prod.yml up -d",),
        ("cd deploy", "docker compose -f compose.prod.yml up -d"),
    ],
)
def test_a_missing_file_is_reported(tmp_path: Path, blocks: tuple[str, ...]) -> None:
    assert reported(tmp_path, *blocks) == [2 + 6 * (len(blocks) - 1)]


@pytest.mark.parametrize(
    "blocks",
    [
        ("docker compose -f deploy/compose.prod.yaml up -d",),
        ("cd deploy && docker compose -f compose.prod.yaml up -d",),
        ("docker compose -f /opt/stack/docker-compose.yml up -d",),  # the reader's server
        ("docker compose -f ~/stack/compose.yml up",),
        ("docker compose -f $STACK/compose.yml up",),
        ("cd /opt/stack", "docker compose -f compose.prod.yml up -d"),
        ("docker compose config > merged.yml", "docker compose -f merged.yml up"),
        ("curl -fsSLO https://example.com/compose.extra.yml",
         "docker compose -f compose.extra.yml up"),
        ("git clone https://example.com/other.git && cd other",
         "docker compose -f compose.other.yml up"),
    ],
)  # fmt: skip
def test_what_the_repository_cannot_settle_is_quiet(
    tmp_path: Path, blocks: tuple[str, ...]
) -> None:
    assert reported(tmp_path, *blocks) == []


def test_a_file_another_page_tells_the_reader_to_write_is_not_missing(tmp_path: Path) -> None:
    setup = (
        'Create `compose.custom.yaml`:\n\n```yaml title="compose.custom.yaml"\nservices: {}\n```\n'
    )
    files = {"docs/setup.md": setup}
    assert reported(tmp_path, "docker compose -f compose.custom.yaml up", files=files) == []


def test_git_ignored_files_are_the_readers(tmp_path: Path) -> None:
    files = {".gitignore": "compose.local.yml\n"}
    assert reported(tmp_path, "docker compose -f compose.local.yml up", files=files) == []


def test_message_names_the_folders_and_lists_what_is_there(tmp_path: Path) -> None:
    (finding,) = lint_tree(
        tmp_path, {**REPO, "deploy/run.md": fence("docker compose -f compose.prd.yaml up")}, "DL105"
    )
    assert "does not exist in the project root or `deploy/`" in finding.message
    assert "`compose.prod.yaml`" in finding.message
    assert finding.suggestion == "compose.prod.yaml"


@pytest.mark.parametrize(
    "setup",
    [
        "Create a whoami service:\n\n```yaml\n# whoami.yml\nservices: {}\n```\n",
        '```yaml title="whoami.yml"\nservices: {}\n```\n',
        "**whoami.yml**\n\n```yaml\nservices: {}\n```\n",
        "Save it as `whoami.yml`.\n",
        "```sh\ncat > whoami.yml <<EOF\nservices: {}\nEOF\n```\n",
    ],
)
def test_the_ways_a_page_gives_a_file_to_write(tmp_path: Path, setup: str) -> None:
    files = {"docs/setup.md": setup}
    assert reported(tmp_path, "docker compose -f whoami.yml up", files=files) == []


@pytest.mark.parametrize(
    "command",
    [
        "docker compose -f test/test_subdir/test_example.yml up",  # a layout, not a file
        "docker-compose -f docker-prod.yml run --rm api ./manage.py dumpdata",  # not our `api`
    ],
)
def test_files_the_repository_was_never_meant_to_have(tmp_path: Path, command: str) -> None:
    assert reported(tmp_path, command) == []


def test_a_service_of_the_repository_keeps_the_claim(tmp_path: Path) -> None:
    assert reported(tmp_path, "docker compose -f docker-prod.yml run --rm web sh") == [2]


def test_a_repository_without_compose_files_speaks_of_the_readers(tmp_path: Path) -> None:
    tree = {"docs/run.md": fence("docker compose -f compose.yaml up -d")}
    assert lint_tree(tmp_path, tree, "DL105") == []
