"""The example repositories in fixtures/ give exactly the findings listed in tests/expected/.

Each expected file lists ``path:line:CODE`` per planted problem, paths relative to the
fixture's root. A missing or an extra finding fails the test, so a rule cannot drift
quietly in either direction. Every fixture is linted with the fast paths on and off
(``doclint.fast_paths``): both must report the same, to the character.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lint_in, outcome

from doclint import fast_paths
from doclint.findings import RunResult

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
EXPECTED = Path(__file__).parent / "expected"


@pytest.fixture(params=["fast paths on", "fast paths off"], autouse=True)
def _fast_paths(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fast_paths.VARIABLE, "1" if request.param.endswith("on") else "0")


FOLDERS = [FIXTURES / "kamiyo-broken", *sorted((FIXTURES / "rules").iterdir())]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_fast_paths_change_nothing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fast_paths.VARIABLE, "1")
    fast = outcome(lint_in(folder))
    monkeypatch.setenv(fast_paths.VARIABLE, "0")
    assert outcome(lint_in(folder)) == fast


def reported(result: RunResult) -> list[str]:
    return sorted(f"{f.path}:{f.line}:{f.code}" for f in result.findings)


def expected(name: str) -> list[str]:
    lines = (EXPECTED / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return sorted(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def test_kamiyo_broken_reports_every_planted_problem() -> None:
    result = lint_in(FIXTURES / "kamiyo-broken")
    assert reported(result) == expected("kamiyo-broken")
    assert not result.diagnostics


def test_kamiyo_fixed_is_clean() -> None:
    result = lint_in(FIXTURES / "kamiyo-fixed")
    assert reported(result) == []
    assert not result.diagnostics
    assert result.files_checked >= 5


@pytest.mark.parametrize("code", sorted(p.name for p in (FIXTURES / "rules").iterdir()))
def test_rule_fixture(code: str) -> None:
    result = lint_in(FIXTURES / "rules" / code)
    assert reported(result) == expected(f"rules-{code}")
    assert {f.code for f in result.findings} <= {code}, "a focused fixture trips only its rule"
    assert not any(f.path.startswith("good") for f in result.findings)


def test_every_rule_has_a_focused_fixture() -> None:
    codes = {p.stem for p in (ROOT / "rules").glob("*.yaml")}
    assert codes == {p.name for p in (FIXTURES / "rules").iterdir()}
