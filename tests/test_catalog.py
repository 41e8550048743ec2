"""The CLI grammar catalog: the committed JSON matches the reference, and lookups work."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from shared_data import locate

from doclint.docker import catalog
from doclint.docker.catalog import CommandSpec, OptionSpec
from doclint.docker.model import Tool

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "tools" / "gen_catalog.py"
REFERENCE = locate("reference")


def run_generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATOR), *args], capture_output=True, text=True, check=False
    )


def spec(tool: Tool, path: str) -> CommandSpec:
    found = catalog.command(tool, path.split())
    assert found is not None, path
    return found


def flag(tool: Tool, path: str, written: str) -> OptionSpec:
    """The option spelled ``--long`` or ``-x`` in a command."""
    found = spec(tool, path).find(written)
    assert found is not None, (path, written)
    return found


@pytest.mark.shared("reference")
def test_committed_catalog_is_what_the_generator_builds() -> None:
    done = run_generator("--check", "--reference", str(REFERENCE))
    assert done.returncode == 0, done.stderr


@pytest.mark.shared("reference")
def test_check_fails_with_a_clear_message_when_the_reference_changed(tmp_path: Path) -> None:
    changed = tmp_path / "reference"
    shutil.copytree(REFERENCE, changed, ignore=shutil.ignore_patterns("md", "*.json"))
    (changed / "compose-cli" / "docker_compose_wait.yaml").unlink()
    done = run_generator("--check", "--reference", str(changed))
    assert done.returncode == 1
    assert "cli_catalog.json is out of date" in done.stderr


def test_missing_reference_folder_is_an_error(tmp_path: Path) -> None:
    done = run_generator("--check", "--reference", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert "reference folder not found" in done.stderr


@pytest.mark.parametrize(
    ("tool", "spelling", "canonical"),
    [
        (Tool.DOCKER, "container logs", "logs"),
        (Tool.DOCKER, "container ls", "ps"),
        (Tool.DOCKER, "container list", "ps"),
        (Tool.DOCKER, "image rm", "rmi"),
        (Tool.DOCKER, "image ls", "images"),
        (Tool.DOCKER, "system events", "events"),
        (Tool.DOCKER, "buildx build", "build"),
        (Tool.DOCKER, "builder build", "build"),
        (Tool.DOCKER, "image build", "build"),
        (Tool.DOCKER, "stack down", "stack rm"),
        (Tool.DOCKER, "network connect", "network connect"),
        (Tool.COMPOSE, "convert", "config"),
        (Tool.COMPOSE_V1, "convert", "config"),
    ],
)
def test_every_spelling_resolves_to_one_canonical_command(
    tool: Tool, spelling: str, canonical: str
) -> None:
    assert catalog.grammar(tool).canonical(spelling.split()) == tuple(canonical.split())
    assert spec(tool, spelling) is spec(tool, canonical)


def test_unknown_commands_resolve_to_none() -> None:
    assert catalog.command(Tool.DOCKER, ["frobnicate"]) is None
    assert catalog.command(Tool.DOCKER, ["container", "frobnicate"]) is None
    assert catalog.command(Tool.COMPOSE, ["ps", "extra"]) is None


def test_options_by_long_name_and_by_shorthand() -> None:
    logs = spec(Tool.DOCKER, "logs")
    tail = logs.option("tail")
    assert tail is not None and tail.takes_value and tail.shorthand == "n"
    assert logs.shorthand("n") is tail
    assert logs.find("--tail") is tail and logs.find("-n") is tail
    follow = logs.find("-f")
    assert follow is not None and follow.name == "follow" and not follow.takes_value
    assert logs.option("details") is not None and logs.find("tail") is None
    assert logs.option("host") is None, "root flags are not a subcommand's"


def test_shorthands_are_resolved_per_command() -> None:
    assert flag(Tool.DOCKER, "ps", "-n").name == "last"
    assert flag(Tool.DOCKER, "ps", "-l").name == "latest"
    assert flag(Tool.DOCKER, "", "-l").name == "log-level"
    assert flag(Tool.COMPOSE, "", "-f").name == "file"
    assert flag(Tool.COMPOSE, "logs", "-f").name == "follow"
    assert flag(Tool.COMPOSE, "run", "-p").name == "publish"
    assert flag(Tool.COMPOSE, "kill", "-s").name == "signal"


def test_repeatable_options() -> None:
    assert flag(Tool.DOCKER, "ps", "--filter").repeatable
    assert flag(Tool.DOCKER, "run", "--env").repeatable
    assert flag(Tool.DOCKER, "run", "--mount").repeatable
    assert flag(Tool.COMPOSE, "", "--file").repeatable
    assert flag(Tool.COMPOSE, "", "--profile").repeatable
    assert not flag(Tool.DOCKER, "exec", "--user").repeatable


def test_root_flags() -> None:
    root = spec(Tool.DOCKER, "")
    for written in ("--config", "-c", "-D", "-H", "-l", "--tls", "--tlsverify", "-v", "--help"):
        assert root.find(written) is not None, written
    assert root.path == () and "compose" not in root.options


def test_hidden_and_deprecated_options_are_kept_and_flagged() -> None:
    time = spec(Tool.DOCKER, "stop").option("time")
    assert time is not None and time.deprecated
    net = spec(Tool.DOCKER, "run").option("net")
    assert net is not None and net.hidden and net.takes_value
    tty = spec(Tool.COMPOSE, "exec").find("-t")
    assert tty is not None and tty.hidden
    assert flag(Tool.COMPOSE, "", "--workdir").hidden


def test_docker_build_uses_the_buildx_flags() -> None:
    build = spec(Tool.DOCKER, "build")
    for written in ("--push", "--load", "--platform", "--cache-from", "-t", "-f", "--builder"):
        assert build.find(written) is not None, written
    platform = build.option("platform")
    assert platform is not None and platform.repeatable
    legacy = build.option("disable-content-trust")
    assert legacy is not None and legacy.deprecated


def test_help_everywhere_and_h_only_where_free() -> None:
    assert flag(Tool.DOCKER, "ps", "-h").name == "help"
    assert flag(Tool.DOCKER, "run", "-h").name == "hostname"
    assert spec(Tool.COMPOSE, "up").find("--help") is not None


def test_inherited_options() -> None:
    dry_run = spec(Tool.COMPOSE, "up").option("dry-run")
    assert dry_run is not None and dry_run.inherited
    builder = spec(Tool.DOCKER, "buildx du").option("builder")
    assert builder is not None and builder.inherited and builder.takes_value


def test_interspersing_is_off_only_where_the_cli_turns_it_off() -> None:
    for path in ("exec", "run", "create", "commit", "top", "tag", "service create"):
        assert not spec(Tool.DOCKER, path).intersperse, path
    for path in ("exec", "run"):
        assert not spec(Tool.COMPOSE, path).intersperse, path
    for path in ("logs", "ps", "cp", "stop"):
        assert spec(Tool.DOCKER, path).intersperse, path
    assert spec(Tool.COMPOSE, "logs").intersperse


def test_compose_v1_only_options_and_commands() -> None:
    root = spec(Tool.COMPOSE, "")
    host = root.find("-H")
    assert host is not None and host.v1_only and host.takes_value
    assert not host.available_in(Tool.COMPOSE) and host.available_in(Tool.COMPOSE_V1)
    file = root.find("-f")
    assert file is not None and not file.v1_only and file.available_in(Tool.COMPOSE)
    timeout = spec(Tool.COMPOSE, "scale").find("-t")
    assert timeout is not None and timeout.v1_only
    help_command = spec(Tool.COMPOSE, "help")
    assert help_command.v1_only and not help_command.available_in(Tool.COMPOSE)
    assert spec(Tool.COMPOSE, "ls").available_in(Tool.COMPOSE_V1)


def roles(path: str, tool: Tool = Tool.DOCKER) -> list[list[tuple[str, bool, bool]]]:
    return [[(s.role, s.optional, s.repeat) for s in form] for form in spec(tool, path).forms]


def test_usage_patterns() -> None:
    assert roles("exec") == [[("CONTAINER", False, False), ("COMMAND", False, False),
                              ("ARG", True, True)]]
    assert roles("stop") == [[("CONTAINER", False, True)]]
    assert roles("ps") == [[]]
    assert roles("network connect") == [[("NETWORK", False, False), ("CONTAINER", False, False)]]
    assert roles("pull") == [[("IMAGE", False, False)]]
    assert roles("inspect") == [[("NAME|ID", False, True)]]
    assert roles("top") == [[("CONTAINER", False, False), ("ARG", True, True)]]
    assert roles("down", Tool.COMPOSE) == [[("SERVICE", True, True)]]
    assert roles("wait", Tool.COMPOSE) == [[("SERVICE", False, True)]]
    assert roles("manifest inspect") == [[("MANIFEST_LIST", True, False),
                                          ("MANIFEST", False, False)]]


def test_split_and_payload_slots() -> None:
    cp = spec(Tool.DOCKER, "cp").forms
    assert [[(s.role, s.split) for s in form] for form in cp] == [
        [("CONTAINER", ":"), ("DEST_PATH", None)],
        [("SRC_PATH", None), ("CONTAINER", ":")],
    ]
    (scale,) = spec(Tool.COMPOSE, "scale").forms
    assert [(s.role, s.split) for s in scale] == [("SERVICE", "=")]
    (run,) = spec(Tool.COMPOSE, "run").forms
    assert [(s.role, s.payload) for s in run] == [
        ("SERVICE", False), ("COMMAND", True), ("ARG", True)
    ]
    (dry_run,) = spec(Tool.COMPOSE, "alpha dry-run").forms
    assert not dry_run[0].payload, "compose commands, not a program run in a container"


def test_management_commands_list_their_subcommands() -> None:
    container = spec(Tool.DOCKER, "container")
    assert {"logs", "ls", "list", "exec"} <= set(container.subcommands)
    assert container.forms == ()
    assert "exec" in spec(Tool.COMPOSE, "").subcommands
