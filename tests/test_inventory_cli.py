"""``--inventory``, ``--inventory-name`` and ``inventory:`` end to end: what runs on a
host changes the container, service and port checks; bad snapshots are usage errors
(exit 2, no traceback); the cache and the workers see the snapshot's content."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import make_repo, outcome, run

from doclint.running import scheduling
from doclint.running.engine import Linter, RunOptions

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "inventories"
COMPOSE = (
    "name: kamiyo\nservices:\n  api:\n    image: kamiyo/api\n    container_name: kamiyo-api\n"
    "  worker:\n    image: kamiyo/api\n  db:\n    image: postgres:16\n"
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo", {".git/HEAD": "ref: x\n", "compose.yaml": COMPOSE})
    for name in ("docker-ps.jsonl", "staging-ps.jsonl", "compose-config.json", "empty.json"):
        shutil.copy(SAMPLES / name, root / name)
    return root


def lint(root: Path, doc: str, *args: str) -> tuple[int, str, str]:
    make_repo(root, {"docs/run.md": f"# Runbook\n\n```bash\n{doc}\n```\n"})
    return run("--no-cache", "docs", *args, cwd=root)


def test_without_an_inventory_nothing_changes(repo: Path) -> None:
    code, out, err = lint(repo, "docker logs kamiyo-api\ndocker compose logs worker")
    assert code == 0 and "All clear" in out and not err


def test_a_renamed_container_is_reported_with_what_runs_there(repo: Path) -> None:
    code, out, _ = lint(
        repo, "docker logs kamiyo-api", "--inventory-name", "production=docker-ps.jsonl"
    )
    assert code == 1
    assert "DL109 `kamiyo-api` does not run on `production` (inventory `docker-ps.jsonl`)" in out
    assert "service `api` runs as `kamiyo`" in out
    assert "Did you mean `kamiyo`?" in out


def test_another_project_name_and_scaled_services(repo: Path) -> None:
    doc = (
        "docker exec kamiyo-worker-1 ps\ndocker compose logs worker\ndocker compose -p prod logs db"
    )
    code, out, _ = lint(repo, doc, "--inventory", "docker-ps.jsonl")
    assert code == 1
    assert "the host of inventory `docker-ps.jsonl`" in out
    assert "runs as `prod-worker-1`, `prod-worker-2`" in out
    assert "Did you mean `prod-worker-1`?" in out  # the same replica
    assert "Service `worker` of project `kamiyo` has no container" in out
    assert "Add `-p prod`" in out
    assert out.count("DL109") == 2  # `-p prod logs db`: db has a container there


def test_a_name_that_runs_is_fine_for_dl101_and_said_with_verbose(repo: Path) -> None:
    doc = "docker logs metrics\ndocker start prod-db-1"
    code, out, err = lint(repo, doc, "--inventory", "docker-ps.jsonl")
    assert code == 0 and "DL101" not in out
    assert "`prod-db-1` exists on the host of inventory `docker-ps.jsonl` but is exited" in err
    assert "not defined in the repository" not in err
    code, _, err = lint(repo, doc, "--inventory", "docker-ps.jsonl", "--verbose")
    assert code == 0
    assert "`metrics` is not defined in the repository but runs on the host of inventory" in err
    code, out, _ = lint(repo, "docker logs ghost")
    assert "DL101" in out
    code, out, _ = lint(repo, "docker logs ghost", "--inventory", "docker-ps.jsonl")
    assert "DL101" in out and "it does not run on the host of inventory" in out


def test_ports_published_on_the_host_count(repo: Path) -> None:
    doc = "curl -fsS http://localhost:9090/-/ready"
    assert "DL106" in lint(repo, doc)[1]
    code, out, _ = lint(repo, doc, "--inventory", "docker-ps.jsonl")
    assert code == 0, out
    code, out, _ = lint(repo, "curl http://localhost:7000/", "--inventory", "docker-ps.jsonl")
    assert "DL106" in out and "9090 by `metrics` on the host of inventory" in out


def test_two_hosts_at_once(repo: Path) -> None:
    both = ("--inventory-name", "production=docker-ps.jsonl", "--inventory-name",
            "staging=staging-ps.jsonl")  # fmt: skip
    code, out, _ = lint(repo, "docker logs kamiyo-api", *both)
    assert code == 1
    assert "`production`" in out and "`staging`" not in out  # staging runs kamiyo-api
    code, out, _ = lint(repo, "docker logs kamiyo-db-1", *both)
    assert "`production` (inventory `docker-ps.jsonl`)" in out and "nor on" not in out
    code, out, _ = lint(repo, "docker logs kamiyo-worker-1", *both)
    assert "; nor on `staging` (inventory `staging-ps.jsonl`)" in out


def test_the_configuration_names_inventories_relative_to_itself(repo: Path) -> None:
    make_repo(repo, {".doclint.yaml": "inventory:\n  production: docker-ps.jsonl\n"})
    (repo / "docs").mkdir(exist_ok=True)
    make_repo(repo, {"docs/run.md": "```bash\ndocker logs kamiyo-api\n```\n"})
    code, out, _ = run("--no-cache", ".", cwd=repo / "docs")
    assert code == 1
    assert "`production` (inventory `../docker-ps.jsonl`)" in out


def test_a_resolved_model_and_an_empty_host(repo: Path) -> None:
    code, out, err = lint(repo, "docker logs kamiyo", "--inventory", "compose-config.json")
    assert code == 0, out
    code, out, err = lint(repo, "docker logs kamiyo-api", "--inventory", "empty.json")
    assert "nothing runs there" in out
    assert "empty.json: the snapshot lists no container" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--inventory", "nope.json"), "nope.json: inventory file not found"),
        (("--inventory", "docs"), "docs: the inventory is not a file"),
        (("--inventory-name", "prod"), "--inventory-name takes NAME=FILE"),
        (("--inventory-name", "=x.json"), "--inventory-name takes NAME=FILE"),
        (("--inventory-name", "p r=compose.yaml"), "--inventory-name takes NAME=FILE"),
        (("--inventory", "compose.yaml"), "compose.yaml:1: not a snapshot doclint can read"),
        (("--quiet", "--verbose"), "use either --quiet or --verbose"),
    ],
)
def test_bad_usage_exits_2_naming_the_file(
    repo: Path, args: tuple[str, ...], expected: str
) -> None:
    code, out, err = lint(repo, "docker logs kamiyo-api", *args)
    assert code == 2
    assert expected in err
    assert "Traceback" not in out + err


def test_a_bad_configured_inventory_exits_2(repo: Path) -> None:
    make_repo(repo, {".doclint.yaml": "inventory: [missing.json]\n"})
    code, _, err = lint(repo, "docker logs kamiyo")
    assert code == 2 and "missing.json: inventory file not found" in err
    make_repo(repo, {".doclint.yaml": "inventory: {production: 3}\n"})
    code, _, err = lint(repo, "docker logs kamiyo")
    assert code == 2 and ".doclint.yaml:1: `inventory` must be" in err
    make_repo(
        repo, {".doclint.yaml": "limits: {inventory-bytes: 10}\ninventory: docker-ps.jsonl\n"}
    )
    code, _, err = lint(repo, "docker logs kamiyo")
    assert code == 2 and "larger than 10 bytes" in err


def test_malformed_records_are_warnings_with_file_and_line(repo: Path) -> None:
    shutil.copy(SAMPLES / "malformed-ps.jsonl", repo / "bad.jsonl")
    code, out, err = lint(repo, "docker logs kamiyo", "--inventory", "bad.jsonl")
    assert code == 0
    assert "doclint: warning: bad.jsonl:2: malformed or truncated JSON; skipped" in err
    assert "Traceback" not in out + err


def test_the_snapshot_content_is_part_of_the_cache_key(repo: Path, tmp_path: Path) -> None:
    """Same size, same modification time, other content: not a stale result."""
    make_repo(repo, {"docs/run.md": "```bash\ndocker logs kamiyo-api\n```\n"})
    snapshot = repo / "host.jsonl"
    first = json.dumps({"Names": "kamiyo-api", "State": "running"}) + "\n"
    second = json.dumps({"Names": "kamiyo-xyz", "State": "running"}) + "\n"
    options = RunOptions(
        paths=(repo / "docs",), cache_dir=tmp_path / "cache", inventories=((None, snapshot),)
    )
    snapshot.write_text(first)
    stamp = snapshot.stat().st_mtime_ns
    assert Linter(options).run().findings == []
    snapshot.write_text(second)
    os.utime(snapshot, ns=(stamp, stamp))
    assert [f.code for f in Linter(options).run().findings] == ["DL109"]
    snapshot.write_text(first)
    os.utime(snapshot, ns=(stamp, stamp))
    assert Linter(options).run().findings == []


def test_the_inventory_reaches_the_workers(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduling, "MIN_BYTES_PER_WORKER", 1)
    for number in range(12):
        make_repo(repo, {f"docs/run{number}.md": "```bash\ndocker logs kamiyo-api\n```\n"})
    inventories = ((None, repo / "docker-ps.jsonl"),)
    one = outcome(Linter(RunOptions(paths=(repo,), jobs=1, inventories=inventories)).run())
    two = outcome(Linter(RunOptions(paths=(repo,), jobs=2, inventories=inventories)).run())
    assert two == one
    assert [f.code for f, _ in one[0]] == ["DL109"] * 12  # type: ignore[index, attr-defined]
