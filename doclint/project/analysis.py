"""One document, read and understood: source → snippets → commands → docker invocations.

Reading never raises: a binary, unreadable or non-UTF-8 file becomes a ``Diagnostic``
that names it, and the other files are still linted.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.errors import Diagnostic
from doclint.inputs.config import Limits
from doclint.source import SourceFile

if TYPE_CHECKING:
    from doclint.docker.model import Invocation
    from doclint.extract import ExtractedDocument
    from doclint.shell.words import Command

MAX_FILE_BYTES = Limits().document_bytes


@dataclass
class Analysis:
    """One document read and understood: its source, what extraction found in it, its
    commands and the docker invocations among them."""

    source: SourceFile
    document: ExtractedDocument
    commands: list[Command]
    invocations: list[Invocation]


def read_source(
    path: Path, display_path: str, kind: str, max_bytes: int = MAX_FILE_BYTES
) -> SourceFile | Diagnostic:
    """The file as text, or a diagnostic saying why it cannot be linted.

    Only regular files are opened: a FIFO or device named ``x.md`` would block or
    never end.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return Diagnostic("skipped: not a regular file", display_path)
        if info.st_size > max_bytes:
            return Diagnostic(
                f"skipped: {info.st_size:,} bytes is more than the limit of {max_bytes:,} "
                "(limits: document-bytes in the configuration)",
                display_path,
            )
        data = path.read_bytes()
    except OSError as error:
        return Diagnostic(f"cannot read file: {error.strerror or error}", display_path)
    if b"\x00" in data[:8192]:
        return Diagnostic("skipped: binary file (it contains NUL bytes)", display_path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return Diagnostic(
            f"skipped: not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            display_path,
            line,
        )
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    from hashlib import sha256  # here: imported after the workers fork, which never read

    digest = sha256(data).digest()
    return SourceFile(path, display_path, text, kind, bom=bom, digest=digest)


def analyze(source: SourceFile) -> Analysis:
    """Extract the shell snippets of a document and model its docker commands.

    The parsers are imported here: a run whose results all come from the cache needs
    none of them."""
    from doclint.docker.parse import parse_invocation
    from doclint.extract.markdown import extract_markdown
    from doclint.extract.script import extract_script
    from doclint.shell.parse import parse_snippet

    extract = extract_markdown if source.kind == "markdown" else extract_script
    document = extract(source)
    commands: list[Command] = []
    for snippet_id, snippet in enumerate(document.snippets):
        for command in parse_snippet(snippet, first_order=len(commands)):
            command.snippet_id = snippet_id
            commands.append(command)
    invocations = [inv for inv in map(parse_invocation, commands) if inv is not None]
    return Analysis(source, document, commands, invocations)


def mentions_docker(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bool:
    """Cheap test used before analysing a file only for the project inventory."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as handle:
            return b"docker" in handle.read(max_bytes)
    except OSError:
        return False
