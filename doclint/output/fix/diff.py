"""``--diff``: what ``--fix`` would write, as a unified diff that ``git apply`` and
``patch -p1`` accept.

Lines keep their own endings (a CRLF file's lines end in CRLF in the diff, as
``git diff`` shows them), a last line without a newline gets the usual
``\\ No newline at end of file`` marker, and a BOM stays on the first line, so the
diff describes the bytes exactly.
"""

from __future__ import annotations

import difflib

from doclint.output.fix.run import FixOutcome
from doclint.output.fix.write import BOM
from doclint.source import SourceFile

NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(source: SourceFile, before: str, after: str) -> str:
    """The diff of ``source``'s file from ``before`` to ``after`` (texts without BOM)."""
    prefix = BOM if source.bom else ""
    lines = difflib.unified_diff(
        split_lines(prefix + before),
        split_lines(prefix + after),
        f"a/{source.display_path}",
        f"b/{source.display_path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" + NO_NEWLINE for line in lines)


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split at ``\\n`` only (``str.splitlines`` also splits
    at form feeds and Unicode separators, which are not line ends in a file)."""
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])


def outcome_diff(outcome: FixOutcome) -> str:
    """The diff of every file the fixes change, in the order they were linted."""
    return "".join(unified_diff(c.original, c.original.text, c.text) for c in outcome.files)
