"""Allow ``python -m doclint``."""

from doclint.cli import entry

entry()
