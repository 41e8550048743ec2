"""Rule definitions: data (one YAML file per rule), not code.

The built-in rules live in ``rules/`` at the top of the repository and ship inside
the wheel as ``doclint/builtin_rules``. Each names the generic checker that
implements it, so the engine never needs to know an individual rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    code: str
    """Stable code: ``DL101``."""
    name: str
    """Stable kebab-case name: ``unknown-container``."""
    severity: str
    checker: str
    """Name of the checker that implements it (see ``doclint.checkers``)."""
    summary: str
    explanation: str
    bad_example: str
    good_example: str
    fixable: bool = False
    enabled: bool = True
    """Off-by-default rules run only when selected."""
    options: Mapping[str, Any] = field(default_factory=dict)
