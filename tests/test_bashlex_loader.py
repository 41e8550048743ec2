"""bashlex with stored parser tables parses exactly as bashlex building its own, and
only a proven release gets them: any other is imported as it is, and the run says so
once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from doclint.shell import bashlex_loader

REPO = Path(__file__).resolve().parent.parent

# Each script runs in a fresh interpreter: bashlex can be imported once per process.
_PARSE = """
import json, sys
{setup}
results = []
for text in json.load(sys.stdin):
    try:
        results.append([repr(tree) for tree in bashlex.parse(text)])
    except Exception as error:
        results.append(type(error).__name__ + ": " + str(error))
print(json.dumps(results))
"""
_ORIGINAL = "import bashlex"
_STORED = "from doclint.shell.bashlex_loader import bashlex as load; bashlex = load()"


def _snippets() -> list[str]:
    """Shell text from the repository's fixtures, line by line and whole, plus the
    constructs bashlex's table patches are about (``$(...)`` and subshells)."""
    texts = [
        "docker run --name x -v a:b img | grep y && echo $(ls)",
        "(cd app && make) ; echo `date`",
        'for f in *.md; do echo "$f"; done',
        "x=$(docker ps -q\n)\n",
        "case $a in b) echo;; esac",
        "echo ${x:-$(pwd)} > out 2>&1 &",
        "if true; then (echo a; echo b); fi",
        "echo 'unterminated",
    ]
    for path in sorted((REPO / "fixtures").rglob("*.sh")):
        text = path.read_text(encoding="utf-8", errors="replace")
        texts.append(text)
        texts.extend(line for line in text.splitlines() if line.strip())
    return texts


def _parse(setup: str, texts: list[str]) -> list[object]:
    script = _PARSE.format(setup=setup)
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    parsed: list[object] = json.loads(result.stdout)
    return parsed


def test_stored_tables_parse_like_built_ones() -> None:
    texts = _snippets()
    assert len(texts) > 50
    assert _parse(_STORED, texts) == _parse(_ORIGINAL, texts)


def test_stored_tables_are_up_to_date() -> None:
    tool = REPO / "tools" / "gen_bashlex_tables.py"
    result = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_stored_tables_are_used() -> None:
    """The installed grammar is the stored one, so no table is computed at import."""
    script = (
        "from doclint.shell import bashlex_loader as loader\n"
        "def hook(yacc, original):\n"
        "    yacc.LRTable = None  # computing tables would now fail\n"
        "    return loader._with_stored_tables(yacc, original)\n"
        "print(len(loader.import_with(hook).parse('echo hi')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == "1"


def test_installed_release_is_proven() -> None:
    """The tests above prove the stored tables with the installed bashlex: a new release
    is added to ``PROVEN_VERSIONS`` once they pass with it (and its tables are stored)."""
    assert bashlex_loader.installed_version() in bashlex_loader.PROVEN_VERSIONS


def _run(script: str, *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True, cwd=cwd
    )


_UNPROVEN = (
    "from doclint.shell import bashlex_loader as loader\n"
    "loader.PROVEN_VERSIONS = frozenset({'0.1'})\n"
)


def test_unproven_release_is_imported_plainly_and_said_once() -> None:
    script = _UNPROVEN + (
        "import json\n"
        "first, second = loader.bashlex(), loader.bashlex()\n"
        "print(json.dumps([\n"
        "    first is second,\n"
        "    loader._stored.cache_info().misses,  # the stored tables were never read\n"
        "    loader.notices(),\n"
        "    len(first.parse('docker exec api sh -c \"ls $DIR\"')),\n"
        "]))\n"
    )
    same, reads, notices, trees = json.loads(_run(script).stdout)
    assert same and reads == 0 and trees == 1
    assert len(notices) == 1
    version = bashlex_loader.installed_version()
    assert f"bashlex {version} is not a release doclint is proven with (0.1)" in notices[0]


def test_a_failing_hook_means_a_plain_import() -> None:
    script = (
        "from doclint.shell import bashlex_loader as loader\n"
        "def broken(*args):\n"
        "    raise KeyError('action')\n"
        "loader._parser = broken\n"
        "print(len(loader.bashlex().parse('echo $(date)')), loader.notices())\n"
    )
    assert _run(script).stdout.strip() == (
        "1 [\"the stored tables failed to load (KeyError: 'action'): bashlex was imported "
        "without doclint's stored parser tables (slower)\"]"
    )


_CLI = _UNPROVEN + (
    "import sys\n"
    "sys.argv = ['doclint', *sys.argv[1:]]\n"
    "from doclint.cli import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
)


def test_a_run_with_an_unproven_release_says_so_once_and_finds_the_same(tmp_path: Path) -> None:
    """Three documents on two workers (each document large enough to be worth one), each
    needing bashlex: the note comes once, from the run and from the cache alike."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("one.md", "two.md", "three.md"):
        (docs / name).write_text(
            '# Check\n\n```bash\ndocker exec api sh -c "ls $DIR"\ndocker lgos api\n```\n'
            + "Some prose.\n" * 15_000
        )
    args = ("--format", "json", "--jobs", "2", "--cache-dir", str(tmp_path / "cache"), ".")
    plain = [_run(_CLI, *args, cwd=docs) for _ in range(2)]  # the second from the cache
    proven = _run(
        _CLI.replace("'0.1'", repr(bashlex_loader.installed_version())),
        "--no-cache",
        *args,
        cwd=docs,
    )
    assert len(json.loads(proven.stdout)) == 3
    assert "bashlex" not in proven.stderr
    for run in plain:
        assert run.stdout == proven.stdout
        assert run.stderr.count("is not a release doclint is proven with") == 1, run.stderr
