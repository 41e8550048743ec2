"""How a ``doclint`` command ends: 0 clean, 1 findings, 2 usage or configuration errors
(and compose files that are named or found but cannot be read); the severities
``--fail-on`` compares; the code when the report could not be written to stdout.

Shared by the process (``doclint.cli.entry``) and the steps of ``check``
(``doclint.cli.check_run``), and light: ``doclint --version`` imports it.
"""

from __future__ import annotations

import contextlib
import sys

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITY_ORDER = ("info", "warning", "error")
"""``--fail-on``'s choices, lowest first: a finding fails the run from its level up."""


def stdout_failed(error: OSError | ValueError) -> int:
    """The exit code once the report could not be written: none (0) when the reader
    went away (``doclint | head`` has read what it wanted); else the error is said
    (a report lost in silence would read as a clean run in CI) and the code is 2."""
    if isinstance(error, BrokenPipeError):
        return 0
    reason = error.strerror if isinstance(error, OSError) and error.strerror else error
    with contextlib.suppress(OSError, ValueError):
        print(f"doclint: error: cannot write the report to stdout: {reason}", file=sys.stderr)
    return EXIT_ERROR
