""" "Did you mean …?": the closest real name to a wrong one."""

from __future__ import annotations

import difflib
import re
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


def nearest(wrong: str, candidates: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The candidate most like ``wrong`` (case aside) when it is close, as written;
    ``None`` when none is.

    A candidate that is ``wrong`` grown by whole words comes first (``iframe-control``
    → ``host-iframe-control``, ``directory`` → ``opt-providers-file-directory``: a name
    that gained a prefix or a suffix), then one whose ``difflib`` ratio is at least
    ``cutoff``, the most similar first. Unlike :func:`closest`, a candidate contained in
    ``wrong`` is not close for that (``access-logs`` names more than ``logs``), and when
    another candidate is about as close there is no answer: a guess among near twins
    (headings that differ only in a version) would send the reader to the wrong one.
    """
    lowered = wrong.lower()
    grown = re.compile(rf"(?<![^\W_]){re.escape(lowered)}(?![^\W_])")
    ranked: list[tuple[bool, float, str]] = []
    for candidate in sorted(set(candidates)):
        extends = bool(lowered) and grown.search(candidate.lower()) is not None
        ratio = _ratio(lowered, candidate.lower())
        if extends or ratio >= cutoff:
            ranked.append((extends, ratio, candidate))
    ranked.sort(key=lambda entry: entry[:2], reverse=True)
    if not ranked:
        return None
    best, *others = ranked
    if others and not best[0] and not others[0][0]:
        distance = _edit_distance(lowered, best[2].lower())
        if any(_edit_distance(lowered, other.lower()) <= distance for _, _, other in others):
            return None  # `v20.04` among `v21.04`, `v22.04`: no one of them is meant
    return best[2]


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def typo_of(wrong: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``wrong`` is a typo of: one edit away (two for words of eight or
    more letters), a swap of neighbours counting as one edit; ``None`` otherwise.

    Stricter than :func:`closest`: it decides whether a word is a misspelling at all
    (``docker lgos``) rather than which name was meant once we know one was.
    """
    limit = 2 if len(wrong) >= 8 else 1
    best: tuple[int, str] | None = None
    for candidate in sorted(set(candidates)):
        if abs(len(candidate) - len(wrong)) > limit:
            continue
        distance = _edit_distance(wrong, candidate)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and
    swaps of adjacent letters each cost one."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
