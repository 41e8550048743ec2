"""Precision and recall of doclint on the shared corpus, per rule and overall.

    python tests/corpus/precision.py            # a Markdown table
    python tests/corpus/precision.py --json     # the same figures for machines

Precision counts the findings doclint makes on the real repositories, judged in
``triage.yaml`` (findings on one line with one rule code share a verdict). Recall counts
the edits of ``mutations.yaml`` that break a real command the way docs rot, each
expecting a named finding.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # for tests/shared_data.py

from corpus_run import ROOT, CorpusRun, run_corpus
from mutations import MUTATIONS, load_mutations
from shared_data import missing
from triage import FALSE_POSITIVE, TRUE_POSITIVE, Triage

LISTED = 20  # items of each attention list the table shows


@dataclass
class RuleFigures:
    """One row of the table."""

    rule: str
    findings: int = 0
    true_positives: int = 0
    false_positives: int = 0
    untriaged: int = 0
    mutations: int = 0
    mutations_found: int = 0

    @property
    def precision(self) -> float | None:
        judged = self.true_positives + self.false_positives
        return self.true_positives / judged if judged else None

    @property
    def recall(self) -> float | None:
        return self.mutations_found / self.mutations if self.mutations else None


@dataclass
class Report:
    """The table's rows, its total, and what needs a person's attention."""

    rows: list[RuleFigures]
    total: RuleFigures
    repositories: int
    untriaged: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)


def rule_names() -> dict[str, str]:
    names = {}
    for definition in sorted((ROOT / "rules").glob("DL*.yaml")):
        data = yaml.safe_load(definition.read_text(encoding="utf-8"))
        names[data["code"]] = data["name"]
    return names


def summarise(run: CorpusRun, triage: Triage) -> Report:
    rows: dict[str, RuleFigures] = {}
    total = RuleFigures("all")

    def count(code: str, **increments: int) -> None:
        for figures in (rows.setdefault(code, RuleFigures(code)), total):
            for name, increment in increments.items():
                setattr(figures, name, getattr(figures, name) + increment)

    report = Report([], total, len(run.repositories))
    for finding in run.findings:
        verdict = triage.verdict(finding.id)
        count(
            finding.code,
            findings=1,
            true_positives=verdict == TRUE_POSITIVE,
            false_positives=verdict == FALSE_POSITIVE,
            untriaged=verdict is None,
        )
        if verdict is None:
            report.untriaged.append(f"{finding.id}: {finding.message}")
    for result in run.mutations:
        if result.status == "invalid":
            report.invalid.append(f"{result.mutation.name}: {result.detail}")
            continue
        count(result.mutation.expect, mutations=1, mutations_found=result.status == "found")
        if result.status == "missed":
            known = "known miss" if result.mutation.known_miss else "NEW MISS"
            report.missed.append(f"{known}: {result.mutation.name}: {result.detail}")
    found = run.ids()
    report.lost = triage.lost(found)
    report.stale = [entry.key for entry in triage.stale(found)] + [
        f"{entry.key}: covers {entry.covers}, now matches {count}"
        for entry, count in triage.coverage_changes(found)
    ]
    report.rows = [rows[code] for code in sorted(rows)]
    return report


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def table(report: Report) -> str:
    names = rule_names()
    lines = [
        "| rule | findings | true | false | untriaged | precision | mutations | found | recall |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in [*report.rows, report.total]:
        label = f"{row.rule} {names[row.rule]}" if row.rule in names else f"**{row.rule}**"
        lines.append(
            f"| {label} | {row.findings} | {row.true_positives} | {row.false_positives} "
            f"| {row.untriaged} | {_percent(row.precision)} | {row.mutations} "
            f"| {row.mutations_found} | {_percent(row.recall)} |"
        )
    for title, items in (
        ("untriaged findings", report.untriaged),
        ("true positives no longer found", report.lost),
        ("mutations missed", report.missed),
        ("mutations that do not apply or prove nothing", report.invalid),
        ("triage entries out of date (fixed, or a pattern's reach changed)", report.stale),
    ):
        if items:
            lines += ["", f"{len(items)} {title}:", *(f"  {item}" for item in items[:LISTED])]
            if len(items) > LISTED:
                lines.append(f"  … and {len(items) - LISTED} more (--json lists them all)")
    return "\n".join(lines)


def as_json(report: Report) -> str:
    def row(figures: RuleFigures) -> dict[str, object]:
        return {**asdict(figures), "precision": figures.precision, "recall": figures.recall}

    return json.dumps(
        {
            "repositories": report.repositories,
            "rules": [row(r) for r in report.rows],
            "total": row(report.total),
            "untriaged": report.untriaged,
            "lost_true_positives": report.lost,
            "missed_mutations": report.missed,
            "invalid_mutations": report.invalid,
            "stale_triage": report.stale,
        },
        indent=2,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--no-mutations", action="store_true", help="precision only")
    parser.add_argument("--jobs", type=int, help="repositories linted at once (default: CPUs)")
    parser.add_argument(
        "--repo", action="append", help="only this corpus repository (owner__name; repeatable)"
    )
    parser.add_argument(
        "--mutations", type=Path, default=MUTATIONS, help=f"default: {MUTATIONS.name}"
    )
    options = parser.parse_args(argv)
    absent = missing("corpus")
    if absent:
        print(absent, file=sys.stderr)
        return 2
    try:
        mutations = [] if options.no_mutations else load_mutations(options.mutations)
        run = run_corpus(mutations, only=options.repo, jobs=options.jobs)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    report = summarise(run, Triage.load())
    print(as_json(report) if options.json else table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
