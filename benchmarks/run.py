"""Time doclint beside the Markdown linters a user would otherwise run.

``python benchmarks/run.py [--corpus DIR] [--runs 5] [--only NAME...] [--json out.json]``
``python benchmarks/run.py --scale [--scale-runs 3] [--json out.json]``

Performance claims are only as good as their measurement, so every speed figure comes
from this one script, run the same way each time: the peers are installed by the script
itself (see peers.py), every tool runs over the same corpus in the same run, one after
another, and each figure is the median of several runs of the whole process (wall time,
``time.perf_counter`` around ``subprocess.run``, output discarded, exit codes ignored since
linters exit 1 on findings). It then prints the speed targets with PASS or FAIL.

doclint is measured as installed for the interpreter running this script: the ``doclint``
console script next to ``sys.executable`` (what users run, start-up included), else
``python -m doclint``. Options the engine does not have yet (``--no-cache``, ``--jobs``)
are detected from its help and left out, saying so, so the harness works before and after
the optimisation work.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generate_corpus import generate
from peers import PEERS, install

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from shared_data import locate, missing  # noqa: E402

DEFAULT_CORPUS = locate("bench/rust-book")
SCALE_FILES = (1_000, 10_000)
SCALE_SEED = 1
# The speed targets doclint is held to (benchmarks/README.md says what each compares).
COLD_VS_RUMDL = 2.0
MARKDOWNLINT_SPEEDUP = 13.0
STARTUP_S = 0.150
SCALE_SPREAD = 0.20
PEAK_RSS_MB = 300.0
# Above this share of the CPUs used by other processes while a tool was timed, its
# figures are flagged: on a shared machine they are inflated, and unevenly (multi-threaded
# tools lose most).
BUSY_SHARE = 0.05

# A pre-commit run over one runbook: prose and a shell block, so every stage runs.
ONE_MD = """# Restart the API

When the API stops answering, restart its container and watch its log:

```bash
docker compose restart api
docker compose logs -f api
```
"""
# Run in a fresh interpreter so RUSAGE_CHILDREN covers the one child alone: in this
# process it is a high-water mark over every child so far, peers included.
RSS_PROBE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
NAMES = (
    "rumdl",
    "markdownlint-cli2",
    "pymarkdownlnt",
    "doclint",
    "doclint-jobs1",
    "doclint-warm",
    "doclint-startup",
    "python-startup",
)


def say(message: str) -> None:
    print(message, flush=True)


@dataclass
class Measurement:
    """Wall times of one command; ``workload`` tells which figures it compares with."""

    name: str
    label: str
    argv: list[str]
    workload: str  # "corpus" or "start-up"
    samples: list[float] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)
    others_cpu_share: float = 0.0  # of all CPUs, used by other processes meanwhile

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


@dataclass(frozen=True)
class Target:
    """One speed target, as this run found it."""

    goal: str
    measured: str
    passed: bool | None  # None: not measured in this run

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "n/a"}[self.passed]


@dataclass(frozen=True)
class Doclint:
    """The doclint under test and the options it has."""

    prefix: tuple[str, ...]
    how: str
    version: str
    options: frozenset[str]

    @classmethod
    def detect(cls) -> Doclint:
        script = Path(sys.executable).parent / "doclint"
        if script.exists():
            prefix: tuple[str, ...] = (str(script),)
            how = f"console script {script}"
        else:
            prefix = (sys.executable, "-m", "doclint")
            how = f"{sys.executable} -m doclint (no console script next to the interpreter)"
        helps = [
            subprocess.run([*prefix, *args], capture_output=True, text=True, check=False).stdout
            for args in (["--help"], ["check", "--help"])
        ]
        options = frozenset(re.findall(r"--[a-z][a-z0-9-]*", "\n".join(helps)))
        version = subprocess.run(
            [*prefix, "--version"], capture_output=True, text=True, check=False
        )
        if version.returncode != 0:
            # Timing a traceback would look like a fast doclint: refuse instead.
            sys.exit(f"doclint does not run for {sys.executable}: {version.stderr.strip()}")
        return cls(prefix, how, version.stdout.strip(), options)

    @property
    def has_cache(self) -> bool:
        return "--no-cache" in self.options

    def cold(self, path: Path, *options: str) -> list[str]:
        """A run that reads every file: ``--no-cache`` when there is a cache to bypass."""
        no_cache = ["--no-cache"] if self.has_cache else []
        return [*self.prefix, *no_cache, *options, str(path)]


def machine_cpu_seconds() -> float:
    """CPU time that every process on the machine has used since boot."""
    ticks = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(tick) for tick in ticks[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU time of this process and of every child it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_runs(measurement: Measurement, runs: int, cwd: Path, warmup: int = 0) -> None:
    """Run the command ``warmup`` times untimed, then ``runs`` times timed, and record how
    much of the machine other processes used meanwhile."""
    started = time.perf_counter()
    machine_before, own_before = machine_cpu_seconds(), own_cpu_seconds()
    for number in range(warmup + runs):
        start = time.perf_counter()
        result = subprocess.run(
            measurement.argv,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        elapsed = time.perf_counter() - start
        if number >= warmup:
            measurement.samples.append(elapsed)
            measurement.exit_codes.append(result.returncode)
    others = (machine_cpu_seconds() - machine_before) - (own_cpu_seconds() - own_before)
    capacity = (time.perf_counter() - started) * len(os.sched_getaffinity(0))
    measurement.others_cpu_share = max(0.0, others / capacity)
    if measurement.others_cpu_share > BUSY_SHARE:
        say(
            f"  warning: other processes used {measurement.others_cpu_share:.0%} of the CPUs "
            "meanwhile: these figures are inflated"
        )
    odd = sorted(set(measurement.exit_codes) - {0, 1})
    if odd:
        say(f"  note: {measurement.label} exited {odd}: the time may be of an error path")


def peak_rss_mb(argv: Sequence[str], cwd: Path) -> float:
    """Peak resident memory of one run of ``argv`` (of its largest process), in MB."""
    probe = [sys.executable, "-c", RSS_PROBE, *argv]
    kilobytes = subprocess.run(probe, cwd=cwd, capture_output=True, text=True, check=True).stdout
    return int(kilobytes) * 1024 / 1e6


def markdown_size(corpus: Path) -> tuple[int, float]:
    """How many Markdown files the corpus holds, and their size in MB (10^6 bytes)."""
    sizes = [path.stat().st_size for path in corpus.rglob("*.md")]
    return len(sizes), sum(sizes) / 1e6


def machine() -> dict[str, str]:
    """What the figures were taken on (from /proc: the harness is for Linux, like CI)."""
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
    memory = re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.M)
    return {
        "cpus": str(len(os.sched_getaffinity(0))),
        "cpu": cpu.group(1) if cpu else "unknown",
        "memory": f"{int(memory.group(1)) / 2**20:.1f} GiB" if memory else "unknown",
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def plan(doclint: Doclint, corpus: Path, one: Path, only: set[str]) -> list[Measurement]:
    """What to time, in order, for the names in ``only``: peers that cannot be installed
    and doclint options that do not exist yet are left out, saying why."""
    measurements = []
    for peer in PEERS:
        if peer.name in only and (executable := install(peer, say)) is not None:
            command = peer.command(executable, corpus)
            measurements.append(
                Measurement(peer.name, f"{peer.name} {peer.version}", command, "corpus")
            )
    if not doclint.has_cache and only & {"doclint", "doclint-jobs1"}:
        say("doclint has no --no-cache option yet: cold runs omit it (there is no cache to bypass)")
    if "doclint" in only:
        measurements.append(Measurement("doclint", "doclint cold", doclint.cold(corpus), "corpus"))
    if "doclint-jobs1" in only:
        if "--jobs" in doclint.options:
            command = doclint.cold(corpus, "--jobs", "1")
            measurements.append(
                Measurement("doclint-jobs1", "doclint cold --jobs 1", command, "corpus")
            )
        else:
            say("doclint has no --jobs option yet: skipping doclint --jobs 1")
    if "doclint-warm" in only:
        if doclint.has_cache:
            command = [*doclint.prefix, str(corpus)]
            measurements.append(Measurement("doclint-warm", "doclint warm", command, "corpus"))
        else:
            say("doclint has no cache yet: skipping doclint warm")
    if "doclint-startup" in only:
        command = [*doclint.prefix, str(one)]
        measurements.append(Measurement("doclint-startup", "doclint one.md", command, "start-up"))
    if "python-startup" in only:
        command = [sys.executable, "-c", "pass"]
        measurements.append(Measurement("python-startup", "python -c pass", command, "start-up"))
    return measurements


def ratio(value: float, base: float | None) -> str:
    return f"{value / base:.2f}x" if base else "—"


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    for row in (headers, ["-" * width for width in widths], *rows):
        say("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def judged(
    goal: str, inputs: Sequence[float | None], judge: Callable[..., tuple[str, bool]]
) -> Target:
    """``judge(*inputs)`` gives what was measured and whether it passes; a target whose
    inputs were not all measured in this run is n/a."""
    values = [value for value in inputs if value is not None]
    if len(values) < len(inputs):
        return Target(goal, "not measured", None)
    measured, passed = judge(*values)
    return Target(goal, measured, passed)


def comparison_targets(medians: dict[str, float]) -> list[Target]:
    """The targets for cold, warm and start-up, from the medians measured."""
    cold, rumdl = medians.get("doclint"), medians.get("rumdl")
    markdownlint, warm = medians.get("markdownlint-cli2"), medians.get("doclint-warm")
    startup, python = medians.get("doclint-startup"), medians.get("python-startup")
    return [
        judged(
            f"cold ≤ {COLD_VS_RUMDL}x rumdl",
            [cold, rumdl],
            lambda cold, rumdl: (f"{cold / rumdl:.2f}x rumdl", cold / rumdl <= COLD_VS_RUMDL),
        ),
        judged(
            f"cold ≤ 1/{MARKDOWNLINT_SPEEDUP:.0f} of markdownlint-cli2",
            [cold, markdownlint],
            lambda cold, other: (
                f"markdownlint-cli2 takes {other / cold:.1f}x as long",
                other / cold >= MARKDOWNLINT_SPEEDUP,
            ),
        ),
        judged(
            "warm ≤ rumdl cold",
            [warm, rumdl],
            lambda warm, rumdl: (f"{warm:.3f} s vs {rumdl:.3f} s", warm <= rumdl),
        ),
        judged(
            f"start-up ≤ {STARTUP_S * 1000:.0f} ms",
            [startup, python],
            lambda startup, python: (
                f"{startup * 1000:.0f} ms (python -c pass: {python * 1000:.0f} ms)",
                startup <= STARTUP_S,
            ),
        ),
    ]


def print_targets(targets: Sequence[Target]) -> None:
    say("\ntargets:")
    print_table(
        ["target", "measured", "verdict"], [[t.goal, t.measured, t.verdict] for t in targets]
    )


def compare(args: argparse.Namespace, doclint: Doclint, workdir: Path) -> dict[str, object]:
    """The side-by-side run over one corpus."""
    corpus = args.corpus.resolve()
    files, megabytes = markdown_size(corpus)
    say(f"corpus: {corpus} ({files} Markdown files, {megabytes:.1f} MB)")
    # markdownlint-cli2 reads a top-level options file from its working folder: an empty
    # one pins its defaults, whatever folder the harness is started from.
    cwd = workdir / "cwd"
    cwd.mkdir()
    (cwd / ".markdownlint-cli2.jsonc").write_text("{}\n")
    one = workdir / "startup" / "one.md"
    one.parent.mkdir()
    one.write_text(ONE_MD)
    measurements = plan(doclint, corpus, one, set(args.only))
    for measurement in measurements:
        warmup = 1 if measurement.name == "doclint-warm" else 0
        say(
            f"timing {measurement.label}: {args.runs} runs"
            + (" after one to fill the cache" if warmup else "")
        )
        time_runs(measurement, args.runs, cwd, warmup)
    medians = {m.name: m.median for m in measurements}
    rumdl, markdownlint = medians.get("rumdl"), medians.get("markdownlint-cli2")
    say(f"\nmedians of {args.runs} runs, wall time in seconds:")
    rows = []
    for m in measurements:
        on_corpus = m.workload == "corpus"
        rows.append(
            [
                m.label,
                f"{m.median:.3f}",
                f"{min(m.samples):.3f}",
                f"{max(m.samples):.3f}",
                ratio(m.median, rumdl) if on_corpus else "—",
                ratio(m.median, markdownlint) if on_corpus else "—",
                f"{m.others_cpu_share:.0%}",
            ]
        )
    headers = ["tool", "median s", "min", "max", "vs rumdl", "vs markdownlint-cli2", "others' CPU"]
    print_table(headers, rows)
    targets = comparison_targets(medians)
    print_targets(targets)
    return {
        "corpus": {"path": str(corpus), "markdown_files": files, "megabytes": megabytes},
        "runs": args.runs,
        "measurements": [asdict(m) | {"median": m.median} for m in measurements],
        "targets": [asdict(t) | {"verdict": t.verdict} for t in targets],
    }


def scale(args: argparse.Namespace, doclint: Doclint, workdir: Path) -> dict[str, object]:
    """doclint cold over generated corpora of SCALE_FILES files: time per MB should not
    grow with size, and memory should stay bounded."""
    rows, corpora, per_mb = [], [], []
    for files in SCALE_FILES:
        corpus = workdir / f"corpus-{files}"
        start = time.perf_counter()
        generate(corpus, files, SCALE_SEED)
        count, megabytes = markdown_size(corpus)
        say(f"generated {count} files, {megabytes:.1f} MB, in {time.perf_counter() - start:.1f} s")
        label = f"doclint cold, {files} files"
        measurement = Measurement(f"doclint-{files}", label, doclint.cold(corpus), "corpus")
        say(f"timing {label}: {args.scale_runs} runs")
        time_runs(measurement, args.scale_runs, workdir)
        per_mb.append(measurement.median / megabytes)
        corpora.append(
            asdict(measurement)
            | {"median": measurement.median, "megabytes": megabytes, "seconds_per_mb": per_mb[-1]}
        )
        rows.append(
            [
                str(files),
                f"{megabytes:.1f}",
                f"{measurement.median:.2f}",
                f"{per_mb[-1]:.3f}",
                f"{measurement.others_cpu_share:.0%}",
            ]
        )
    say(f"measuring peak RSS over {SCALE_FILES[-1]} files")
    rss = peak_rss_mb(doclint.cold(workdir / f"corpus-{SCALE_FILES[-1]}"), workdir)
    say(f"\ndoclint cold, medians of {args.scale_runs} runs:")
    print_table(["files", "MB", "median s", "s per MB", "others' CPU"], rows)
    say(f"peak RSS at {SCALE_FILES[-1]} files: {rss:.0f} MB")
    growth = per_mb[-1] / per_mb[0]
    targets = [
        Target(
            f"time per MB within {SCALE_SPREAD:.0%} from {SCALE_FILES[0]} to "
            f"{SCALE_FILES[-1]} files",
            f"{growth:.2f}x the time per MB",
            abs(growth - 1) <= SCALE_SPREAD,
        ),
        Target(
            f"peak RSS ≤ {PEAK_RSS_MB:.0f} MB at {SCALE_FILES[-1]} files",
            f"{rss:.0f} MB",
            rss <= PEAK_RSS_MB,
        ),
    ]
    print_targets(targets)
    return {
        "runs": args.scale_runs,
        "seed": SCALE_SEED,
        "corpora": corpora,
        "peak_rss_mb": rss,
        "targets": [asdict(t) | {"verdict": t.verdict} for t in targets],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="folder of Markdown to lint (default: %(default)s)",
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="timed runs per tool; the median is reported"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=NAMES,
        default=list(NAMES),
        metavar="NAME",
        help=f"time only these: {', '.join(NAMES)}",
    )
    parser.add_argument(
        "--json", type=Path, help="also write every sample and verdict to this file"
    )
    parser.add_argument(
        "--scale",
        action="store_true",
        help=f"instead: doclint over generated corpora of {SCALE_FILES} files",
    )
    parser.add_argument(
        "--scale-runs", type=int, default=3, help="timed runs per corpus in --scale"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.scale_runs < 1:
        parser.error("--runs and --scale-runs must be at least 1")
    if not args.scale and not args.corpus.is_dir():
        absent = missing("bench/rust-book") if args.corpus == DEFAULT_CORPUS else None
        parser.error(absent or f"corpus {args.corpus} is not a folder")
    started = time.perf_counter()
    doclint = Doclint.detect()
    info = machine()
    say(f"machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']}, Python {info['python']}")
    say(f"under test: {doclint.version}, run as {doclint.how}")
    with tempfile.TemporaryDirectory(prefix="doclint-bench-") as temp:
        workdir = Path(temp)
        results = scale(args, doclint, workdir) if args.scale else compare(args, doclint, workdir)
    elapsed = time.perf_counter() - started
    say(f"\nthe harness took {elapsed:.0f} s")
    if args.json:
        report = {"machine": info, "doclint": {"version": doclint.version, "run_as": doclint.how}}
        args.json.write_text(
            json.dumps(report | results | {"harness_seconds": elapsed}, indent=2) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
