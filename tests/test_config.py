"""Configuration files: found, validated, and errors that name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from doclint.errors import ConfigError
from doclint.inputs.config import Config, find_config, load_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_config_values(tmp_path: Path) -> None:
    path = write(
        tmp_path / ".doclint.yaml",
        (
            "include: ['docs/**/*.md']\n"
            "exclude: [docs/archive/**]\n"
            "compose-files: [deploy/prod.yml]\n"
            "containers: [legacy-db]\n"
            "ignore: [DL301]\n"
            "severity: {DL201: error}\n"
        ),
    )
    config = load_config(path)
    assert config.include == ("docs/**/*.md",)
    assert config.compose_files == ("deploy/prod.yml",)
    assert config.containers == ("legacy-db",)
    assert config.ignore == ("DL301",)
    assert config.severity == {"DL201": "error"}
    assert config.directory == tmp_path


def test_pyproject_table(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.doclint]\ncontainers = ["a"]\n'
    )
    assert find_config(tmp_path) == path
    assert load_config(path).containers == ("a",)


def test_unknown_key_names_file_line_and_suggests(tmp_path: Path) -> None:
    path = write(tmp_path / ".doclint.yaml", "containers: [a]\ncompose-file: [x.yml]\n")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert raised.value.line == 2
    assert "compose-files" in str(raised.value)
    assert str(path) in str(raised.value)


def test_unknown_key_in_pyproject_has_line(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.doclint]\nselect = ['DL1']\nbogus = 1\n")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert raised.value.line == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("select: DL101\nignore: [12]\n", "`ignore` must be"),
        ("severity: {DL101: fatal}\n", "`severity` must be"),
        ("containers: {a: 1}\n", "`containers` must be"),
        ("- a\n- b\n", "must be a mapping"),
        ("a: [\n", "invalid YAML"),
        ("x: !!python/object:os.system echo\n", "invalid YAML"),
    ],
)
def test_invalid_values(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path / ".doclint.yaml", text)
    with pytest.raises(ConfigError, match=expected):
        load_config(path)


def test_invalid_toml_is_config_error(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.doclint\n")
    assert find_config(tmp_path) == path
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(path)


def test_search_stops_at_git_top(tmp_path: Path) -> None:
    write(tmp_path / ".doclint.yaml", "containers: [outer]\n")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "docs").mkdir()
    assert find_config(tmp_path / "repo" / "docs") is None


def test_nearest_config_wins(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".doclint.yaml", "containers: [outer]\n")
    inner = write(tmp_path / "sub" / ".doclint.yaml", "containers: [inner]\n")
    assert find_config(tmp_path / "sub") == inner


def test_empty_file_is_defaults(tmp_path: Path) -> None:
    path = write(tmp_path / ".doclint.yaml", "")
    assert load_config(path) == Config(directory=tmp_path, source=path)


def test_relative_config_path_gives_an_absolute_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "conf" / "doclint.yaml", "exclude: ['old/**']\n")
    monkeypatch.chdir(tmp_path)
    config = load_config(Path("conf/doclint.yaml"))
    assert config.directory == tmp_path / "conf"
    assert config.directory.is_absolute()


def test_inventory_key_takes_a_file_a_list_or_named_hosts(tmp_path: Path) -> None:
    path = write(tmp_path / ".doclint.yaml", "inventory: prod-ps.json\n")
    assert load_config(path).inventories == ((None, "prod-ps.json"),)
    write(path, "inventory: [a.json, b.json]\nlimits: {inventory-bytes: 1000}\n")
    config = load_config(path)
    assert config.inventories == ((None, "a.json"), (None, "b.json"))
    assert config.limits.inventory_bytes == 1000
    write(path, "inventory:\n  production: deploy/prod-ps.json\n  staging: st.json\n")
    assert load_config(path).inventories == (
        ("production", "deploy/prod-ps.json"),
        ("staging", "st.json"),
    )
    for bad in ("inventory: {'bad name': x.json}\n", "inventory: ['']\n", "inventory: 3\n"):
        write(path, bad)
        with pytest.raises(ConfigError, match="`inventory` must be"):
            load_config(path)
