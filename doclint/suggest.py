""" "Did you mean …?": the closest real name to a wrong one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(wrong: str, candidates: Iterable[str], cutoff: float = 0.5) -> str | None:
    """The candidate most similar to ``wrong``, or ``None`` when nothing is close.

    A candidate that is contained in the wrong name, or contains it
    (``kamiyo-api`` → ``kamiyo``), always counts as close: that is how container
    names usually drift.
    """
    choices = sorted(set(candidates))
    if not choices:
        return None
    lowered = wrong.lower()
    related = [c for c in choices if c.lower() in lowered or lowered in c.lower()]
    if related:
        return max(related, key=lambda c: (_ratio(lowered, c.lower()), c))
    matches = difflib.get_close_matches(wrong, choices, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()
