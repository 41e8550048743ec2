"""The linters doclint is measured against, and how the harness installs them.

Each peer goes into ``benchmarks/.tools/`` — git-ignored, so neither doclint nor the peers
ever lint it — from its ordinary registry: rumdl and pymarkdownlnt from PyPI into one
venv, markdownlint-cli2 from npm. Versions are pinned so that figures taken on different
days compare the same programs; a marker file per peer records what is installed, so a
changed pin reinstalls and an unchanged one costs nothing. A peer that cannot be
installed (no npm, registry unreachable, a failing build) is skipped with the reason:
the rest of the benchmark is still worth running.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TOOLS = Path(__file__).resolve().parent / ".tools"
INSTALL_TIMEOUT_S = 600


@dataclass(frozen=True)
class Peer:
    """A peer linter: where it comes from and how it is run over a corpus."""

    name: str
    registry: str  # "pypi" or "npm"
    package: str
    version: str
    executable: str
    arguments: tuple[str, ...]  # "{corpus}" stands for the corpus folder

    @property
    def spec(self) -> str:
        separator = "==" if self.registry == "pypi" else "@"
        return f"{self.package}{separator}{self.version}"

    def command(self, executable: Path, corpus: Path) -> list[str]:
        return [str(executable), *(arg.replace("{corpus}", str(corpus)) for arg in self.arguments)]


PEERS = (
    # --no-cache: every run is cold, as doclint's cold runs are.
    Peer("rumdl", "pypi", "rumdl", "0.3.0", "rumdl", ("check", "--no-cache", "{corpus}")),
    # The glob is one argument (no shell expands it): markdownlint-cli2 walks the tree itself.
    Peer(
        "markdownlint-cli2",
        "npm",
        "markdownlint-cli2",
        "0.22.1",
        "markdownlint-cli2",
        ("{corpus}/**/*.md",),
    ),
    Peer(
        "pymarkdownlnt", "pypi", "pymarkdownlnt", "0.9.41", "pymarkdown", ("scan", "-r", "{corpus}")
    ),
)


def install(peer: Peer, say: Callable[[str], None], tools: Path = TOOLS) -> Path | None:
    """The peer's executable, installed first when missing or of another version; None,
    with the reason said, when it cannot be installed."""
    if peer.registry == "pypi":
        prefix = tools / "venv"
        executable = prefix / "bin" / peer.executable
        python = prefix / "bin" / "python"
        steps = [] if python.exists() else [[sys.executable, "-m", "venv", str(prefix)]]
        steps.append(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                peer.spec,
            ]
        )
    else:
        npm = shutil.which("npm")
        if npm is None:
            say(f"skipping {peer.name}: npm is not installed")
            return None
        prefix = tools / "npm"
        executable = prefix / "node_modules" / ".bin" / peer.executable
        steps = [[npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", peer.spec]]
    marker = tools / f"{peer.name}.installed"
    if executable.exists() and marker.exists() and marker.read_text() == peer.spec:
        return executable
    say(f"installing {peer.spec} into {prefix}")
    tools.mkdir(parents=True, exist_ok=True)
    for step in steps:
        try:
            result = subprocess.run(
                step, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            say(f"skipping {peer.name}: {error}")
            return None
        if result.returncode != 0:
            errors = result.stderr.strip().splitlines()
            say(f"skipping {peer.name}: {' '.join(step)} failed: {errors[-1] if errors else ''}")
            return None
    if not executable.exists():
        say(f"skipping {peer.name}: installed, but {executable} does not exist")
        return None
    marker.write_text(peer.spec)
    return executable
