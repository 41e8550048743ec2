"""bashlex with stored parser tables parses exactly as bashlex building its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
