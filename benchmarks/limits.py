"""Time doclint on hostile input against the limit each case must stay under.

``python benchmarks/limits.py [--runs 3] [--only NAME...] [--json out.json]``

The tests check that doclint handles each of these inputs (tests/hostile_inputs.py
builds them for both): the right message, exit code and result, bounded memory. How long
it takes is a measurement, not an assertion, because a test suite sharing a busy machine
would fail on time alone; here every case runs ``--runs`` times on the same input and its
slowest run is the verdict, PASS when under the limit. The limits are loose on purpose:
they catch work that grows faster than the input (a quadratic scan, an alias expanded,
a loop followed), not a few percent.

Cases that go through the command line time ``python -m doclint .`` from the repository
built for the case (start-up included, as the tests ran it); the others time one call of
the stage in this process. Exits 1 when a case fails its limit.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import hostile_inputs as hostile

from doclint.compose.dotenv import parse_dotenv
from doclint.compose.errors import ComposeError
from doclint.compose.loader import load_project
from doclint.extract import Snippet
from doclint.shell.parse import parse_snippet
from doclint.source import MappedText


@dataclass(frozen=True)
class Case:
    """One input and its limit: ``run`` builds the input in an empty ``folder``, times
    one pass over it and says what came out (so that a run that went wrong is not taken
    for a fast one)."""

    name: str
    limit_s: float
    run: Callable[[Path], tuple[float, str]]


@dataclass
class Verdict:
    name: str
    limit_s: float
    samples: list[float]
    outcome: str

    @property
    def slowest(self) -> float:
        return max(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def passed(self) -> bool:
        return self.slowest < self.limit_s


def command_line(build: Callable[[Path], Path]) -> Callable[[Path], tuple[float, str]]:
    """A case that lints the repository ``build`` makes, through the command line."""

    def run(folder: Path) -> tuple[float, str]:
        root = build(folder)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "doclint", "."],
            cwd=root,
            capture_output=True,
            check=False,
        )
        return time.perf_counter() - started, f"exit {done.returncode}"

    return run


def alias_bomb_in_compose(folder: Path) -> tuple[float, str]:
    path = folder / "compose.yaml"
    path.write_text(hostile.alias_bomb_yaml(), encoding="utf-8")
    started = time.perf_counter()
    try:
        load_project([path])
    except ComposeError as error:
        elapsed = time.perf_counter() - started
        return elapsed, "refused as an alias bomb" if "alias bomb" in str(error) else str(error)
    return time.perf_counter() - started, "loaded"


def open_quote_in_dotenv(folder: Path) -> tuple[float, str]:
    text = hostile.dotenv_with_an_open_quote()
    started = time.perf_counter()
    parsed = parse_dotenv(text)
    return time.perf_counter() - started, f"{len(parsed.warnings)} warning(s)"


def unbalanced_quotes_in_shell(folder: Path) -> tuple[float, str]:
    text = hostile.shell_with_unbalanced_quotes()
    snippet = Snippet(MappedText.from_span(text, 0), "fence", "bash", 1)
    started = time.perf_counter()
    commands = parse_snippet(snippet)
    docker = sum(command.program == "docker" for command in commands)
    return time.perf_counter() - started, f"{docker} docker commands"


CASES = (
    Case("compose-alias-bomb", 2.0, alias_bomb_in_compose),
    Case("dotenv-open-quote", 1.0, open_quote_in_dotenv),
    Case("shell-unbalanced-quotes", 10.0, unbalanced_quotes_in_shell),
    Case("cli-alias-bomb", 20.0, command_line(hostile.alias_bomb_repo)),
    Case("cli-deep-compose", 30.0, command_line(hostile.deep_compose_repo)),
    Case("cli-deep-markdown", 60.0, command_line(hostile.deep_markdown_repo)),
    Case("cli-50mb-document", 30.0, command_line(hostile.huge_document_repo)),
    Case("cli-symlink-loop", 30.0, command_line(hostile.symlink_loop_repo)),
)


def measure(case: Case, runs: int, scratch: Path) -> Verdict:
    samples, outcomes = [], set()
    for number in range(runs):
        folder = scratch / f"{case.name}-{number}"
        folder.mkdir()
        elapsed, outcome = case.run(folder)
        samples.append(elapsed)
        outcomes.add(outcome)
    return Verdict(case.name, case.limit_s, samples, " / ".join(sorted(outcomes)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per case (default: 3)")
    names = [case.name for case in CASES]
    parser.add_argument(
        "--only",
        nargs="+",
        choices=names,
        metavar="NAME",
        help=f"only these cases: {', '.join(names)}",
    )
    parser.add_argument("--json", type=Path, help="also write every sample and verdict here")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    chosen = [case for case in CASES if not args.only or case.name in args.only]
    verdicts = []
    print(f"{'case':<24} {'limit':>7} {'slowest':>8} {'median':>8}  verdict  outcome")
    with tempfile.TemporaryDirectory(prefix="doclint-limits-") as scratch:
        for case in chosen:
            verdict = measure(case, args.runs, Path(scratch))
            verdicts.append(verdict)
            mark = "PASS" if verdict.passed else "FAIL"
            print(
                f"{verdict.name:<24} {verdict.limit_s:>6.1f}s {verdict.slowest:>7.2f}s "
                f"{verdict.median:>7.2f}s  {mark:<7}  {verdict.outcome}",
                flush=True,
            )
    if args.json:
        report = [
            asdict(v) | {"slowest": v.slowest, "median": v.median, "passed": v.passed}
            for v in verdicts
        ]
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0 if all(verdict.passed for verdict in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
