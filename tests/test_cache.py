"""The persistent cache: hits when nothing changed, misses when anything a result depends
on changed, and a broken or shared cache never changes the output nor crashes a run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import outcome

from doclint.running import engine, inventories
from doclint.running.engine import Linter, RunOptions

COMPOSE = "services:\n  api:\n    container_name: kamiyo\n"
RUNBOOK = "# Restart\n\n```bash\ndocker logs kamiyo\ndocker logs kamiyo-api\n```\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "docker-compose.yml").write_text(COMPOSE)
    (root / "docs").mkdir()
    (root / "docs" / "restart.md").write_text(RUNBOOK)
    (root / "docs" / "notes.md").write_text("# Notes\n\nNothing to run here.\n")
    return root


class Counted:
    """Lints ``root`` with a cache, counting the documents analysed (the cache misses)."""

    def __init__(self, root: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root, self.cache, self.analysed = root, cache, 0
        original = engine.analyze

        def analyze(source: object) -> object:
            self.analysed += 1
            return original(source)  # type: ignore[arg-type]

        for module in (engine, inventories):  # linting, and facts for the inventory
            monkeypatch.setattr(module, "analyze", analyze)

    def run(self, **options: object) -> tuple[object, ...]:
        self.analysed = 0
        run_options = RunOptions(paths=(self.root,), cache_dir=self.cache, **options)  # type: ignore[arg-type]
        return outcome(Linter(run_options).run())


def touch(path: Path, text: str) -> None:
    """Rewrite ``path`` with a modification time that surely differs."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text)
    os.utime(path, ns=(before + 10**9, before + 10**9))


@pytest.fixture
def counted(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Counted:
    return Counted(project, tmp_path / "cache", monkeypatch)


def test_unchanged_files_are_not_linted_again(counted: Counted) -> None:
    cold = counted.run()
    assert counted.analysed == 2
    assert counted.run() == cold
    assert counted.analysed == 0
    assert outcome(Linter(RunOptions(paths=(counted.root,))).run()) == cold  # no cache at all


def test_an_edited_document_is_linted_again(counted: Counted) -> None:
    counted.run()
    touch(counted.root / "docs" / "restart.md", RUNBOOK.replace("kamiyo-api", "kamiyo"))
    findings = counted.run()[0]
    assert counted.analysed >= 1
    assert findings == []


def test_a_compose_change_relints_every_document(counted: Counted) -> None:
    first = counted.run()
    assert [f.code for f, _ in first[0]] == ["DL101"]  # type: ignore[index, attr-defined]
    touch(counted.root / "docker-compose.yml", COMPOSE.replace("kamiyo", "kamiyo-api"))
    second = counted.run()
    assert counted.analysed == 2
    assert [f.message[:40] for f, _ in second[0]] != [f.message[:40] for f, _ in first[0]]  # type: ignore[index, attr-defined]


def test_a_configuration_change_relints(counted: Counted) -> None:
    counted.run()
    (counted.root / ".doclint.yaml").write_text("containers: [kamiyo-api]\n")
    assert counted.run()[0] == []
    assert counted.analysed == 2


def test_other_rules_or_a_new_file_relint(counted: Counted) -> None:
    counted.run()
    counted.run(select=("DL101",))
    assert counted.analysed == 2
    counted.run(select=("DL101",))
    assert counted.analysed == 0
    (counted.root / "scripts").mkdir()
    (counted.root / "scripts" / "x.sh").write_text("docker logs kamiyo\n")
    counted.run(select=("DL101",))
    assert counted.analysed == 3


def test_text_not_on_disk_is_never_cached(counted: Counted) -> None:
    """``--fix`` lints fixed text before writing it: that must not fill the cache."""
    source = Linter(RunOptions(paths=(counted.root,))).run().sources
    path = counted.root / "docs" / "restart.md"
    shown = next(s for s in source.values() if s.path == path)
    fixed = {path: type(shown)(path, shown.display_path, "# Fixed\n", "markdown")}
    Linter(RunOptions(paths=(counted.root,), cache_dir=counted.cache), fixed).run()
    assert not counted.cache.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00garbage",
        b"{not json",
        b"[]",
        b'{"header": [1]}',
        b'{"header": null, "results": 3}',
    ],
)
def test_a_corrupt_or_foreign_cache_is_rebuilt(counted: Counted, content: bytes) -> None:
    cold = counted.run()
    files = list(counted.cache.iterdir())
    assert files
    for file in files:
        file.write_bytes(content)
    assert counted.run() == cold
    assert counted.analysed == 2
    for file in files:
        json.loads(file.read_bytes())  # written anew
    assert counted.run() == cold
    assert counted.analysed == 0


def test_a_cache_of_another_version_is_ignored(
    counted: Counted, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = counted.run()
    monkeypatch.setattr("doclint.running.cache.__version__", "0.0.0-other")
    assert counted.run() == cold
    assert counted.analysed == 2


def test_damaged_entries_are_misses(counted: Counted) -> None:
    cold = counted.run()
    for file in counted.cache.iterdir():
        data = json.loads(file.read_bytes())
        for entry in data["results"].values():
            entry[1] = [[["DL101"]], "not a list", 7]
        file.write_text(json.dumps(data))
    assert counted.run() == cold
    assert counted.analysed == 2


def test_an_unwritable_cache_folder_is_no_error(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = Linter(RunOptions(paths=(project,), cache_dir=blocker / "cache")).run()
    assert [f.code for f in result.findings] == ["DL101"]


def cli(root: Path, *args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOCLINT_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "doclint", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )


def test_no_cache_neither_reads_nor_writes(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    result = cli(project, "--no-cache", cache=cache)
    assert result.returncode == 1, result.stderr
    assert not cache.exists()
    named = tmp_path / "named"
    cli(project, "--no-cache", "--cache-dir", str(named), cache=cache)
    assert not named.exists()
    cli(project, "--cache-dir", str(named), cache=cache)
    assert list(named.iterdir()) and not cache.exists()


def test_concurrent_runs_share_a_cache(project: Path, tmp_path: Path) -> None:
    """Runs that write the same cache file at once never leave it corrupt, and each
    prints what a run without a cache prints."""
    cache = tmp_path / "cache"
    for number in range(30):
        (project / "docs" / f"page{number}.md").write_text(RUNBOOK.replace("api", f"{number}"))
    expected = cli(project, "--no-cache", cache=cache)
    deadline = time.monotonic() + 60
    rounds = 0
    while rounds < 4 and time.monotonic() < deadline:
        env = {**os.environ, "DOCLINT_CACHE_DIR": str(cache)}
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "doclint", "-j", "1"],
                cwd=project,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        for run in runs:
            stdout, stderr = run.communicate()
            assert (run.returncode, stdout, stderr) == (1, expected.stdout, expected.stderr)
        for file in cache.iterdir():
            json.loads(file.read_bytes())
        # A change between rounds makes every run of the next round rewrite the file.
        touch(project / "docs" / "notes.md", f"# Notes\n\nRound {rounds}.\n")
        expected = cli(project, "--no-cache", cache=cache)
        rounds += 1
    assert not [p for p in cache.iterdir() if p.suffix != ".json"], "no temporary file is left"


def test_rules_are_compiled_into_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run with a cache reads the rules from JSON, and the YAML again when a rule file
    changed or the JSON is damaged; the rules are the same either way."""
    from doclint.judging import rulebook

    monkeypatch.setattr(rulebook, "_loaded", None)
    parsed = rulebook.builtin_rules()
    for damage in (None, b"{}", b"not json", b'{"key": 1, "rules": [{"code": 1}]}'):
        monkeypatch.setattr(rulebook, "_loaded", None)
        if damage is not None:
            rulebook.compiled_path(tmp_path).write_bytes(damage)
        assert rulebook.builtin_rules(tmp_path) == parsed
        assert rulebook.compiled_path(tmp_path).exists()
    monkeypatch.setattr(rulebook, "_loaded", None)
    monkeypatch.setattr(rulebook, "load_rule_file", lambda path: pytest.fail("read YAML"))
    assert rulebook.builtin_rules(tmp_path) == parsed


def test_a_warm_run_imports_no_yaml(project: Path, tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "sys.argv = ['doclint', 'docs/notes.md']\n"
        "from doclint.cli import main\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "print('yaml' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "DOCLINT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe], cwd=project, env=env, capture_output=True, text=True
        )
        for _ in range(2)
    ]
    assert [run.stderr.split()[-1] for run in runs] == ["True", "False"]


def test_files_the_run_writes_are_no_change(project: Path, tmp_path: Path) -> None:
    """A report written into the repository, or a cache kept inside it, is rewritten by
    every run: the next run must still be served from the cache."""
    report = project / "doclint.sarif"
    cache = project / "build" / "doclint-cache"
    args = ("--format", "sarif", "--output-file", str(report), "--cache-dir", str(cache))
    for _ in range(2):
        assert cli(project, *args, cache=tmp_path / "unused").returncode == 1
    files = list(cache.iterdir())
    before = {path: path.stat().st_mtime_ns for path in files}
    time.sleep(0.01)
    cli(project, *args, cache=tmp_path / "unused")
    assert {path: path.stat().st_mtime_ns for path in files} == before  # nothing relinted
