"""How findings' messages show what a document wrote: a list of names, a command."""

from __future__ import annotations

MESSAGE_WIDTH = 72
"""The longest command a message quotes on one line."""


def quoted(names: list[str], limit: int = 5) -> str:
    """```a`, `b` and 3 more`` for messages."""
    shown = [f"`{name}`" for name in sorted(names)[:limit]]
    rest = len(names) - len(shown)
    text = ", ".join(shown)
    return f"{text} and {rest} more" if rest > 0 else text


def clipped(command: str) -> str:
    """A command (already on one line) cut to ``MESSAGE_WIDTH`` characters, an ellipsis
    marking the cut."""
    return command if len(command) <= MESSAGE_WIDTH else command[: MESSAGE_WIDTH - 1] + "…"
