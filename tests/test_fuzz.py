"""Never crash, always valid output, positions inside the file: generated Markdown and
shell scripts through the whole pipeline and every output format.

``DOCLINT_FUZZ_EXAMPLES`` sets how many documents each test generates (CI default 150;
``DOCLINT_FUZZ_EXAMPLES=10000 python -m pytest tests/test_fuzz.py`` for a long run).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from strategies import SHELL_TEXT, markdown

from doclint.findings import RunResult
from doclint.output.reporters import FORMATS, get_reporter
from doclint.running.engine import Linter, RunOptions

EXAMPLES = int(os.environ.get("DOCLINT_FUZZ_EXAMPLES", "150"))
COMPOSE = (
    "services:\n  api:\n    image: x\n    container_name: kamiyo\n  db:\n    image: postgres\n"
)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def lint_text(name: str, text: str) -> tuple[RunResult, str]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
        (root / name).write_bytes(text.encode("utf-8", "surrogatepass"))
        result = Linter(RunOptions(paths=(root,))).run()
        for output in FORMATS:
            rendered = get_reporter(output)(result, color=False, quiet=False)
            if "json" in output and output != "json-lines":
                json.loads(rendered)
            elif output == "json-lines":
                for line in rendered.splitlines():
                    json.loads(line)
    return result, text


def assert_sane(result: RunResult, text: str) -> None:
    internal = [d for d in result.diagnostics if "internal error" in d.message]
    assert not internal, internal
    lines = text.replace("\r\n", "\n").split("\n")
    for finding in result.findings:
        assert 1 <= finding.line <= len(lines), finding
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1, finding
        assert (finding.end_line, finding.end_column) >= (finding.line, finding.column), finding
        assert 0 <= finding.start < finding.end <= len(text.lstrip("\ufeff")), finding


@FUZZ
@given(markdown())
def test_markdown_never_crashes(text: str) -> None:
    assert_sane(*lint_text("doc.md", text))


@FUZZ
@given(SHELL_TEXT)
def test_shell_scripts_never_crash(text: str) -> None:
    assert_sane(*lint_text("script.sh", "#!/bin/bash\n" + text))
