#!/usr/bin/env python3
"""Generate ``doclint/data/bashlex_tables.json``: bashlex's LALR parser tables.

bashlex computes these tables at every import (about 250 ms; see
``doclint.shell.bashlex_loader``). They depend on bashlex's grammar only, so they are
computed here, by bashlex's own ``yacc()``, and stored with a digest of the grammar;
doclint uses them when the installed bashlex has that grammar. The tables are taken
as ``yacc()`` returns them, before ``bashlex.parser`` patches a few entries at import
(it patches the stored ones the same way). ``--check`` (run in the test suite) fails
when the file is not what this script would write for the installed bashlex.

For a new bashlex release: run this, then ``tests/test_bashlex_loader.py``; once its
tables parse as bashlex's own, add the release to ``PROVEN_VERSIONS`` in the loader
(until then doclint imports that release without the stored tables, and says so).

Usage: ``tools/gen_bashlex_tables.py [--check]``.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "doclint" / "data" / "bashlex_tables.json"
# Run as a script, so make the package importable.
sys.path.insert(0, str(REPO_ROOT))

from doclint.shell.bashlex_loader import grammar_digest, import_with, table_data  # noqa: E402


def build() -> str:
    """The file's text for the installed bashlex (imported here, so call it once, in a
    fresh interpreter)."""
    captured: dict[str, Any] = {}

    def hook(yacc: ModuleType, original: Any) -> Any:
        def capture(*args: Any, **kwargs: Any) -> Any:
            pdict = yacc.get_caller_module_dict(2)
            parser = original(*args, **{**kwargs, "module": sys.modules[pdict["__name__"]]})
            captured["data"] = copy.deepcopy(table_data(parser, grammar_digest(yacc, pdict) or ""))
            return parser

        return capture

    import_with(hook)
    return json.dumps(captured["data"], separators=(",", ":"), sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    options = parser.parse_args()
    if "bashlex" in sys.modules:
        raise SystemExit("bashlex is already imported")
    text = build()
    if options.check:
        if not OUTPUT.exists() or OUTPUT.read_text("utf-8") != text:
            print(f"{OUTPUT} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
