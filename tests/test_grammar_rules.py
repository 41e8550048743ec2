"""DL202-DL204: docker and compose words checked against the CLI grammar catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lint_tree

from doclint.suggest import typo_of

COMPOSE = "services:\n  web:\n    image: shop/app\n    container_name: shop-web\n"


def findings(tmp_path: Path, commands: str, select: str = "DL202,DL203,DL204") -> list[str]:
    files = {"docker-compose.yml": COMPOSE, "doc.md": f"```bash\n{commands}\n```\n"}
    return [f"{f.code} {f.message}" for f in lint_tree(tmp_path, files, select)]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("docker logs --tails 50 shop-web", "Did you mean `--tail`?"),
        ("docker compose ps --statsu running", "Did you mean `--status`?"),
        ("docker ps -H tcp://x", "`-H` is an option of `docker`"),
        ("docker compose logs --file x.yml web", "`--file` is an option of `docker compose`"),
        ("docker ps --before abc", 'stops with "unknown flag: --before".'),
        ("docker exec -Z shop-web sh", 'stops with "unknown shorthand flag: -Z".'),
    ],
)
def test_unknown_options(tmp_path: Path, command: str, expected: str) -> None:
    (found,) = findings(tmp_path, command, "DL202")
    assert found.startswith("DL202") and expected in found


@pytest.mark.parametrize(
    "command",
    [
        "docker exec -it shop-web ls --color=never -la",  # the payload is not docker's
        "docker run --rm -it --gpus all shop/app",
        "docker compose exec -T web printenv",  # hidden but accepted
        "docker compose --dry-run up -d",
        "docker buildx build --load -t shop/app .",
        "docker logs $FLAGS shop-web",
        'docker logs --"$which" shop-web',
        "docker frobnicate --whatever",  # an unknown plugin's options
        "docker compose restrat --whatever",  # DL203's business
    ],
)
def test_valid_or_unknowable_options_are_quiet(tmp_path: Path, command: str) -> None:
    assert findings(tmp_path, command, "DL202") == []


def test_one_finding_per_word_and_span_of_the_option_only(tmp_path: Path) -> None:
    found = lint_tree(
        tmp_path,
        {"docker-compose.yml": COMPOSE, "doc.md": "```bash\ndocker logs --tails=5 shop-web\n```\n"},
        "DL202",
    )
    (finding,) = found
    assert (finding.line, finding.column, finding.end_column) == (2, 13, 20)
    assert finding.fix is not None and finding.fix.edits[0].text == "--tail"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("docker compose restrat web", "`docker compose` has no command `restrat`"),
        ("docker lgos shop-web", "Did you mean `logs`?"),
        ("docker volume lss", "Did you mean `ls`?"),
        ("docker-compose upp", "Did you mean `up`?"),
    ],
)
def test_unknown_commands(tmp_path: Path, command: str, expected: str) -> None:
    (found,) = findings(tmp_path, command, "DL203")
    assert found.startswith("DL203") and expected in found


@pytest.mark.parametrize(
    "command",
    [
        "docker scout cves shop/app",  # a known plugin
        "docker scan shop/app",
        "docker pushrm shop/app",  # may be a plugin: not a near miss of a command
        "docker help ps",
        "docker compose help up",
        "docker $CMD shop-web",
        "docker compose COMMAND",
        "docker compose <command>",
        "docker container ls",
        "docker compose convert",
    ],
)
def test_plugins_help_and_placeholders_are_not_unknown_commands(
    tmp_path: Path, command: str
) -> None:
    assert findings(tmp_path, command, "DL203") == []


def test_v1_connection_options_move_to_docker(tmp_path: Path) -> None:
    (found,) = findings(tmp_path, "docker compose -H ssh://prod --ansi never up -d", "DL204")
    assert "`docker -H ssh://prod compose --ansi never up -d`" in found


def test_v1_binary_is_told_too(tmp_path: Path) -> None:
    (found,) = findings(tmp_path, "docker-compose --context prod ps", "DL204")
    assert "works only with the legacy `docker-compose`" in found
    assert "`docker --context prod compose ps`" in found


def test_options_without_a_v2_equivalent_are_to_be_dropped(tmp_path: Path) -> None:
    (skip,) = findings(tmp_path, "docker-compose --skip-hostname-check ps", "DL204")
    assert "has no equivalent: drop `--skip-hostname-check`" in skip


@pytest.mark.parametrize(
    "command",
    ["docker compose scale web=3", "docker -H ssh://prod compose up", "docker ps -H x"],
)
def test_v2_forms_are_not_removed(tmp_path: Path, command: str) -> None:
    assert findings(tmp_path, command, "DL204") == []


@pytest.mark.parametrize(
    ("wrong", "expected"),
    [("lgos", "logs"), ("restrat", "restart"), ("scan", None), ("stp", "stop"), ("pushrm", None)],
)
def test_typo_of(wrong: str, expected: str | None) -> None:
    assert typo_of(wrong, ["logs", "restart", "start", "stop", "push", "rm"]) == expected
