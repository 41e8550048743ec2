"""Coverage-guided fuzzing of the whole pipeline with atheris (run on demand, not in CI).

Each input becomes a Markdown document (or, when the first byte is odd, a shell
script) in a scratch project beside a compose file, is linted, and is rendered in every
output format. Any exception is a bug: doclint must report bad input, never crash.

    pip install atheris
    python fuzz/fuzz_doclint.py -atheris_runs=100000 fuzz/corpus

See fuzz/README.md.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["doclint"]):
    from doclint.output.reporters import FORMATS, get_reporter
    from doclint.running.engine import Linter, RunOptions

COMPOSE = "services:\n  api:\n    image: x\n    container_name: kamiyo\n"
SCRATCH = Path(tempfile.mkdtemp(prefix="doclint-fuzz-"))
(SCRATCH / "compose.yaml").write_text(COMPOSE, encoding="utf-8")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    name = "script.sh" if data[0] % 2 else "doc.md"
    for old in SCRATCH.glob("doc.*"):
        old.unlink()
    for old in SCRATCH.glob("script.*"):
        old.unlink()
    (SCRATCH / name).write_bytes(data[1:])
    result = Linter(RunOptions(paths=(SCRATCH,))).run()
    for output in FORMATS:
        get_reporter(output)(result, color=False, quiet=False)
    for diagnostic in result.diagnostics:
        if "internal error" in diagnostic.message:
            raise AssertionError(diagnostic.message)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
