"""The wheel carries every rule and the CLI catalog, and finds them when installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{done.stdout}\n{done.stderr}")
    (built,) = out.glob("doclint-*.whl")
    return built


def test_wheel_contains_every_rule_and_the_catalog(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    rules = sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    assert rules, "no rule files in rules/"
    for rule in rules:
        assert f"doclint/builtin_rules/{rule}" in names
    assert "doclint/data/cli_catalog.json" in names


def test_unpacked_wheel_finds_rules_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import doclint.judging.rulebook as r; "
        "print(r.builtin_rules_dir()); print(' '.join(x.code for x in r.builtin_rules()))"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    folder, codes = done.stdout.splitlines()
    assert folder.startswith(str(site))
    assert codes.split() == [p.stem for p in sorted((ROOT / "rules").glob("*.yaml"))]
