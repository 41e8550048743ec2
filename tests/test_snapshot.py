"""Host snapshots (``--inventory``): each format the Docker CLI writes is told from its
content, and a snapshot is untrusted input: bad records are skipped with their line,
secrets are never kept, and nothing but a ``ConfigError`` ever comes out of it."""

from __future__ import annotations

import contextlib
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doclint.errors import ConfigError
from doclint.project.snapshot import (
    FORMATS,
    MAX_PROBLEMS,
    HostSnapshot,
    parse_snapshot,
    read_snapshot,
)

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "inventories"
PROD = {"kamiyo", "prod-worker-1", "prod-worker-2", "prod-db-1"}


def sample(name: str, label: str | None = None) -> HostSnapshot:
    return read_snapshot(SAMPLES / name, name, label, 1 << 24)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("docker-ps.jsonl", FORMATS[0]),
        ("compose-ps.jsonl", FORMATS[1]),
        ("compose-ps-array.json", FORMATS[1]),
        ("compose-ps-jq.json", FORMATS[1]),
        ("compose-config.json", FORMATS[3]),
    ],
)
def test_every_format_gives_the_same_host(name: str, kind: str) -> None:
    host = sample(name)
    assert host.formats == (kind,)
    assert set(host.names()) >= PROD
    assert not host.diagnostics
    assert host.container("kamiyo") is not None
    assert host.container("kamiyo").service == "api"  # type: ignore[union-attr]
    assert host.container("kamiyo").project == "prod"  # type: ignore[union-attr]
    assert host.published[8080] == "kamiyo"
    assert set(host.services) >= {"api", "worker", "db"}


def test_docker_ps_reads_comma_joined_labels_and_ports() -> None:
    host = sample("docker-ps.jsonl")
    api = host.container("kamiyo")
    assert api is not None and api.state == "running"
    assert api.ports[0].container_port == 8000
    assert host.container("prod-db-1").stopped  # type: ignore[union-attr]
    assert host.container("metrics").service is None  # type: ignore[union-attr]
    assert host.published == {8080: "kamiyo", 9090: "metrics"}


def test_inspect_drops_the_leading_slash_and_never_keeps_the_environment() -> None:
    host = sample("inspect.json")
    assert host.formats == (FORMATS[2],)
    assert host.names() == ["kamiyo", "prod-db-1"]
    assert host.container("prod-db-1").state == "exited"  # type: ignore[union-attr]
    assert host.published == {8080: "kamiyo"}
    kept = repr(host) + repr(pickle.loads(pickle.dumps(host)))
    for secret in ("hunter2", "sk_live", "DATABASE_URL", "secret-note"):
        assert secret not in kept


def test_compose_config_counts_replicas_and_profiles_and_never_the_environment() -> None:
    host = sample("compose-config.json")
    assert host.container("prod-worker-2") is not None
    assert host.container("prod-debug-1").profiles == ("debug",)  # type: ignore[union-attr]
    assert host.container("kamiyo").state == ""  # type: ignore[union-attr]
    assert "hunter2" not in repr(host) and "sk_live" not in repr(host)


def test_truncated_and_malformed_lines_are_skipped_with_their_line() -> None:
    truncated = sample("truncated-ps.jsonl")
    assert truncated.names() == ["kamiyo", "prod-worker-1", "prod-worker-2"]
    assert [(d.path, d.line) for d in truncated.diagnostics] == [("truncated-ps.jsonl", 4)]
    malformed = sample("malformed-ps.jsonl")
    assert "prod-worker-1" not in malformed.names()
    assert "metrics" in malformed.names()
    assert [d.line for d in malformed.diagnostics] == [2]
    assert not any(d.fatal for d in malformed.diagnostics)


def test_a_truncated_array_keeps_its_whole_records() -> None:
    text = (SAMPLES / "inspect.json").read_text()
    cut = text[: text.index('"Name": "/prod-db-1"')]
    host = parse_snapshot(cut.encode(), "inspect.json")
    assert host.names() == ["kamiyo"]
    assert [d.line for d in host.diagnostics] == [cut[: cut.rindex("    {")].count("\n") + 1]


def test_an_empty_snapshot_runs_nothing() -> None:
    for data in (b"", b"\n  \n", b"[]", b"[]\n"):
        host = parse_snapshot(data, "empty.json")
        assert host.containers == ()
    assert "lists no container" in sample("empty.json").diagnostics[0].message


@pytest.mark.parametrize(
    "data",
    [b"hello\n", b'{"a": 1}\n', b"[1, 2]", b"\xff\xfe{", b'{"Names": 3}\n', b'"x"'],
)
def test_what_is_no_snapshot_is_a_usage_error_naming_the_file(data: bytes) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_snapshot(data, "prod.json")
    assert raised.value.path == "prod.json"


def test_size_limit_and_missing_files(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text('{"Names":"a1","State":"running"}\n' * 100)
    with pytest.raises(ConfigError, match="larger than 1000 bytes"):
        read_snapshot(big, "big.json", None, 1000)
    with pytest.raises(ConfigError, match="not found"):
        read_snapshot(tmp_path / "nope.json", "nope.json", None, 1000)
    with pytest.raises(ConfigError, match="folder"):
        read_snapshot(tmp_path, "tmp", None, 1000)


def test_hostile_records() -> None:
    lines = [
        json.dumps({"Names": "\x1b[31mevil", "State": "running"}),  # not a docker name
        json.dumps({"Names": "ok1", "State": "running", "Ports": "0.0.0.0:1-65535->80/tcp"}),
        json.dumps({"Names": "ok2", "State": "zombie", "Ports": "0.0.0.0:70000->80/tcp"}),
        "[" * 100_000,  # deeper than json's recursion limit
        "1" * 10_000,  # more digits than int() takes
    ]
    host = parse_snapshot("\n".join(lines).encode(), "x.json")
    assert host.names() == ["ok1", "ok2"]
    assert host.container("ok2").state == ""  # type: ignore[union-attr]
    assert len(host.published) == 65535
    assert all("\x1b" not in d.message for d in host.diagnostics)


def test_many_bad_records_are_summed_up() -> None:
    text = '{"Names":"a1"}\n' + '{"Names": oops}\n' * 500
    host = parse_snapshot(text.encode(), "x.json")
    assert len(host.diagnostics) == MAX_PROBLEMS + 1
    assert "480 more" in host.diagnostics[-1].message


def test_overlapping_ranges_cost_one_pass() -> None:
    ports = ", ".join(f"0.0.0.0:{n}-65000->80/tcp" for n in range(1, 3000))
    host = parse_snapshot(json.dumps({"Names": "a1", "Ports": ports}).encode(), "x.json")
    assert len(host.published) == 65000


def test_labels_name_the_host() -> None:
    assert sample("docker-ps.jsonl", "production").label == (
        "`production` (inventory `docker-ps.jsonl`)"
    )
    assert sample("docker-ps.jsonl").label == "the host of inventory `docker-ps.jsonl`"


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
REAL = [(SAMPLES / name).read_bytes() for name in sorted(p.name for p in SAMPLES.glob("*.json*"))]


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise_anything_but_a_usage_error(data: bytes) -> None:
    with contextlib.suppress(ConfigError):
        parse_snapshot(data, "x.json")


@FUZZ
@given(st.sampled_from(REAL), st.integers(0, 20_000), st.integers(0, 20_000), st.binary(max_size=8))
def test_damaged_real_snapshots_never_raise_anything_but_a_usage_error(
    data: bytes, cut: int, where: int, junk: bytes
) -> None:
    damaged = data[: where % (len(data) + 1)] + junk + data[where % (len(data) + 1) :]
    try:
        host = parse_snapshot(damaged[: max(cut, len(damaged) // 2)], "x.json")
    except ConfigError:
        return
    assert all(d.path == "x.json" and not d.fatal for d in host.diagnostics)


KEYS = st.sampled_from(
    ["Names", "Name", "Service", "Project", "Labels", "Ports", "Publishers", "State", "Config",
     "NetworkSettings", "HostConfig", "services", "name", "ports", "published", "target",
     "deploy", "replicas", "Status", "x"]
)  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=30,
)


@FUZZ
@given(JSON)
def test_json_of_any_shape_never_raises_anything_but_a_usage_error(value: object) -> None:
    with contextlib.suppress(ConfigError):
        parse_snapshot(json.dumps(value).encode(), "x.json")
