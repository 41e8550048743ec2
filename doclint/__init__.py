"""doclint: a static analyzer for operational documentation.

It reads the Markdown docs and shell scripts of a repository, pulls out the shell
commands, and checks them against the repository itself (above all its compose files).
"""

__version__ = "0.1.0"
