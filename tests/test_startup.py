"""A small run imports only what it needs (start-up is most of a pre-commit run)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Runs doclint in a fresh interpreter and prints the modules it imported (through
# ``main``: the ``doclint`` command's ``entry`` leaves without returning).
_PROBE = """
import json, sys
sys.argv = ["doclint", *sys.argv[1:]]
from doclint.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
HEAVY = (
    "bashlex", "markdown_it", "pathspec", "doclint.compose.loader", "doclint.compose.yamlload",
    "doclint.running.workers", "pickle",
)  # fmt: skip


def imported(tmp_path: Path, *args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def heavy(modules: set[str]) -> set[str]:
    return {name for name in modules if any(name.split(".")[0] == h or name == h for h in HEAVY)}


def test_prose_and_fences_need_no_parser(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text(
        "# Notes\n\nSome `code`, <b>HTML</b>.\n\n```python\nprint(1)\n```\n"
    )
    assert heavy(imported(tmp_path, "one.md")) == set()


def test_plain_commands_need_no_bashlex(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text(
        "# Restart\n\n```bash\ndocker compose restart api\ndocker exec api sh -c 'ls'\n"
        "cd ~/app && docker logs api > api.log 2>&1\n```\n"
    )
    assert heavy(imported(tmp_path, "one.md")) == set()


def test_expansions_import_bashlex_only(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text('# Check\n\n```bash\ndocker exec api sh -c "ls $DIR"\n```\n')
    found = heavy(imported(tmp_path, "one.md"))
    assert "bashlex" in found
    assert all(name.split(".")[0] == "bashlex" for name in found)


def test_code_in_lists_uses_markdown_it(tmp_path: Path) -> None:
    """The scanner leaves code blocks inside lists to markdown-it, which is then imported."""
    (tmp_path / "one.md").write_text("# Steps\n\n- first\n\n  ```bash\n  docker ps\n  ```\n")
    assert "markdown_it" in imported(tmp_path, "one.md")


def test_a_run_answered_by_the_cache_imports_no_checker(tmp_path: Path) -> None:
    """Checkers are known from the package's files (``doclint.checkers``)."""
    (tmp_path / "one.md").write_text("# Logs\n\n```bash\ndocker logs api\n```\n")
    args = ("--cache-dir", str(tmp_path / "cache"), "one.md")

    def checkers() -> set[str]:
        found = imported(tmp_path, *args)
        return {name for name in found if name.startswith("doclint.checkers.")} - {
            "doclint.checkers.context"
        }

    assert checkers()  # linted: its rules' checkers were imported
    assert checkers() == set()


def test_only_the_server_imports_the_language_server_library(tmp_path: Path) -> None:
    """pygls is an optional dependency (``doclint[server]``): a run and ``doclint rules``
    load none of it, nor the server's own modules."""
    (tmp_path / "one.md").write_text('# Check\n\n```bash\ndocker exec api sh -c "ls $DIR"\n```\n')
    for args in (("one.md",), ("rules",), ("explain", "DL101")):
        found = imported(tmp_path, *args)
        server = {name for name in found if name.split(".")[0] in ("pygls", "lsprotocol")}
        assert server | {name for name in found if name.startswith("doclint.server")} == set()
