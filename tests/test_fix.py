"""``doclint --fix`` and ``--diff``: each fix by example, the flags, and the promise that
nothing on disk is lost: every byte a fix does not own stays as it was, and a file
that cannot be written safely is reported instead."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import lint_in, make_repo, run

from doclint import atomic
from doclint.cli import main
from doclint.errors import ConfigError
from doclint.findings import Edit, Finding, Fix
from doclint.inputs.config import load_config
from doclint.output.fix import run as fix_run
from doclint.output.fix.apply import apply_fixes
from doclint.output.fix.diff import split_lines
from doclint.running.engine import RunOptions, runs_over

COMPOSE = (
    "services:\n"
    "  api:\n    image: example/api\n    container_name: kamiyo\n"
    "  worker:\n    image: example/worker\n"
    "  pool:\n    image: example/pool\n    deploy:\n      replicas: 2\n"
)
RENAMES = "renames:\n  kamiyo-api: kamiyo\n"
DOC = "docs/run.md"


def repo(tmp_path: Path, doc: str | bytes, name: str = DOC, config: str = RENAMES) -> Path:
    """A project called ``shop`` (so default container names are ``shop-<service>-1``)."""
    return make_repo(
        tmp_path / "shop", {"compose.yaml": COMPOSE, ".doclint.yaml": config, name: doc}
    )


def block(*lines: str) -> str:
    return "# Runbook\n\n```bash\n" + "".join(f"{line}\n" for line in lines) + "```\n"


def fixed(tmp_path: Path, doc: str, *args: str, name: str = DOC, config: str = RENAMES) -> str:
    root = repo(tmp_path, doc, name, config)
    code, _, err = run("--fix", *args, cwd=root)
    assert code in (0, 1), err
    return (root / name).read_text(encoding="utf-8")


# --- each fix, by example ------------------------------------------------------------

EXAMPLES = [
    # DL201: the binary only; the arguments stay exactly as written
    (block("docker-compose up -d --build api"), block("docker compose up -d --build api")),
    (block("sudo docker-compose ps"), block("sudo docker compose ps")),
    (block("docker-compose up -d \\", "  api"), block("docker compose up -d \\", "  api")),
    (
        "```console\n$ docker-compose logs --tail 50 api\napi | ready\n```\n",
        "```console\n$ docker compose logs --tail 50 api\napi | ready\n```\n",
    ),
    ("Run `docker-compose restart api` now.\n", "Run `docker compose restart api` now.\n"),
    # DL101 with `renames`: exact names, `docker cp`, --filter and grep patterns
    (block("docker logs kamiyo-api --tail 100"), block("docker logs kamiyo --tail 100")),
    (block("docker cp kamiyo-api:/app/x.db ."), block("docker cp kamiyo:/app/x.db .")),
    (block('docker cp "kamiyo-api:/app/x.db" .'), block('docker cp "kamiyo:/app/x.db" .')),
    (block("docker ps --filter name=kamiyo-api"), block("docker ps --filter name=kamiyo")),
    (block('docker ps -f "name=kamiyo-api"'), block('docker ps -f "name=kamiyo"')),
    (block("docker ps | grep kamiyo-api"), block("docker ps | grep kamiyo")),
    (block("docker ps | grep -q '^kamiyo-api$'"), block("docker ps | grep -q '^kamiyo$'")),
    ("Try `docker exec -it kamiyo-api sh`.\n", "Try `docker exec -it kamiyo sh`.\n"),
    # DL103: a service's one container; DL104: a container's service
    (block("docker logs api --since 15m"), block("docker logs kamiyo --since 15m")),
    (block("docker restart worker"), block("docker restart shop-worker-1")),
    (block("docker compose restart kamiyo"), block("docker compose restart api")),
    # several fixes in one command
    (block("docker-compose restart kamiyo"), block("docker compose restart api")),
]


@pytest.mark.parametrize(("before", "after"), EXAMPLES)
def test_fix_example(tmp_path: Path, before: str, after: str) -> None:
    assert fixed(tmp_path, before) == after


def test_fixes_in_a_shell_script(tmp_path: Path) -> None:
    script = (
        "#!/bin/sh\nset -eu\n"
        "docker-compose pull && docker-compose up -d\n"
        'docker ps | grep -q kamiyo-api || echo "kamiyo-api is down"\n'
        "docker exec kamiyo-api true\n"
    )
    assert fixed(tmp_path, script, name="scripts/check.sh") == (
        "#!/bin/sh\nset -eu\n"
        "docker compose pull && docker compose up -d\n"
        'docker ps | grep -q kamiyo || echo "kamiyo-api is down"\n'
        "docker exec kamiyo true\n"
    )


NOT_FIXED = [
    block("docker logs kamiyo-apii"),  # no rename: only a guess
    block("docker compose logs apii"),  # DL102: only a guess
    block("docker restart pool"),  # two replicas: which one?
    block("docker logs kamiyo\\-api"),  # spelled with an escape: no plain substitution
]


@pytest.mark.parametrize("doc", NOT_FIXED)
def test_uncertain_names_are_left_alone(tmp_path: Path, doc: str) -> None:
    assert fixed(tmp_path, doc) == doc


def test_unsafe_fixes_apply_the_did_you_mean(tmp_path: Path) -> None:
    doc = block("docker logs kamiyo-apii", "docker compose logs apii")
    after = block("docker logs kamiyo", "docker compose logs api")
    assert fixed(tmp_path, doc, "--unsafe-fixes") == after


def test_rename_message_names_the_configuration(tmp_path: Path) -> None:
    root = repo(tmp_path, block("docker logs kamiyo-api"))
    _, out, _ = run(cwd=root)
    assert "renamed to `kamiyo` per `.doclint.yaml`" in out


def test_rename_to_a_container_that_does_not_exist_is_not_applied(tmp_path: Path) -> None:
    doc = block("docker logs kamiyo-api")
    root = repo(tmp_path, doc, config="renames:\n  kamiyo-api: kamiyo-v2\n")
    code, _, err = run("--fix", cwd=root)
    assert code == 1
    assert (root / DOC).read_text(encoding="utf-8") == doc
    assert "maps `kamiyo-api` to `kamiyo-v2`, but no container `kamiyo-v2` exists" in err


@pytest.mark.parametrize(
    ("setting", "problem"),
    [
        ("renames: [kamiyo-api]", "`renames` must be a mapping"),
        ("renames: {kamiyo-api: 7}", "`renames` must be a mapping"),
        ("renames: {kamiyo-api: ''}", "`renames` must be a mapping"),
        ("renames: {kamiyo-api: 'kamiyo api'}", "`renames` must be a mapping"),
        ("renames: {kamiyo: kamiyo}", "`renames` must be a mapping"),
    ],
)
def test_renames_are_validated(tmp_path: Path, setting: str, problem: str) -> None:
    config = tmp_path / ".doclint.yaml"
    config.write_text(f"containers: [x]\n{setting}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(config)
    assert problem in str(error.value)
    assert ":2:" in str(error.value)


def test_a_fix_that_needs_another_first_takes_two_rounds(tmp_path: Path) -> None:
    """With `docker-compose` in the doc, `api`'s container is `shop_api_1` (v1 names):
    uncertain, since DL201 changes the binary. The second round knows: `shop-api-1`."""
    compose = "services:\n  api:\n    image: example/api\n"
    root = make_repo(
        tmp_path / "shop",
        {"compose.yaml": compose, DOC: block("docker-compose up -d", "docker logs api")},
    )
    code, out, _ = run("--fix", cwd=root)
    assert code == 0, out
    text = (root / DOC).read_text(encoding="utf-8")
    assert text == block("docker compose up -d", "docker logs shop-api-1")
    assert "Fixed 2 problems in 1 file (DL103 \u00d71, DL201 \u00d71); none remain." in out


def test_round_limit_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fix_run, "MAX_ROUNDS", 1)
    compose = "services:\n  api:\n    image: example/api\n"
    root = make_repo(
        tmp_path / "shop",
        {"compose.yaml": compose, DOC: block("docker-compose up -d", "docker logs api")},
    )
    code, _, err = run("--fix", cwd=root)
    assert code == 1
    assert "fixing stopped after 1 rounds" in err


# --- apply: overlapping and duplicate fixes -------------------------------------------


def finding(start: int, end: int, text: str, code: str = "DL101") -> Finding:
    fix = Fix((Edit(start, end, text),), safe=True, description="")
    return Finding(code, "", "x.md", start, end, 1, start + 1, 1, end + 1, fix=fix)


def test_overlapping_fixes_keep_the_first_and_leave_the_other() -> None:
    first, second, apart = finding(0, 4, "AB"), finding(2, 6, "CD"), finding(7, 8, "Z")
    text, resolved = apply_fixes("0123456789", [second, apart, first])
    assert text == "AB456Z89"
    assert resolved == [first, apart]


def test_identical_fixes_resolve_both_findings_once() -> None:
    one, same = finding(2, 4, "xy", "DL101"), finding(2, 4, "xy", "DL103")
    text, resolved = apply_fixes("0123456", [one, same])
    assert text == "01xy456"
    assert resolved == [one, same]


def test_insertions_at_one_place_and_edits_outside_the_text_are_skipped() -> None:
    a, b, outside = finding(3, 3, "A"), finding(3, 3, "B"), finding(5, 40, "!")
    text, resolved = apply_fixes("0123456", [a, b, outside])
    assert (text, resolved) == ("012A3456", [a])


def test_split_lines_splits_only_at_newlines() -> None:
    assert split_lines("a\r\nb\x0cc\u2028d\ne") == ["a\r\n", "b\x0cc\u2028d\n", "e"]
    assert split_lines("a\n") == ["a\n"]
    assert split_lines("") == []


# --- the command line -----------------------------------------------------------------


SUMMARIES = [
    # (commands in the doc, arguments, exit code, what stderr + stdout say)
    (
        ("docker-compose restart api", "docker logs kamiyo-apii", "docker logs nope"),
        ("--fix",),
        1,
        "Fixed 1 problem in 1 file (DL201 \u00d71); 2 remain (1 fixable with --unsafe-fixes).",
    ),
    (("docker logs kamiyo-api",), ("--fix",), 0, "Fixed 1 problem in 1 file (DL101 \u00d71); none"),
    (("docker logs kamiyo", "docker logs nope"), ("--diff",), 0, "Nothing to fix; 1 remains."),
    (("docker logs kamiyo",), ("--unsafe-fixes",), 2, "applies only with --fix or --diff"),
]


@pytest.mark.parametrize(("commands", "args", "exit_code", "says"), SUMMARIES)
def test_summary_and_exit_code(
    tmp_path: Path, commands: tuple[str, ...], args: tuple[str, ...], exit_code: int, says: str
) -> None:
    code, out, err = run(*args, cwd=repo(tmp_path, block(*commands)))
    assert code == exit_code
    assert says in out + err


def test_second_fix_changes_nothing(tmp_path: Path) -> None:
    root = repo(tmp_path, block("docker-compose restart kamiyo", "docker logs kamiyo-api"))
    run("--fix", cwd=root)
    before = (root / DOC).read_bytes()
    code, out, _ = run("--fix", cwd=root)
    assert code == 0
    assert "Nothing to fix; no problems found." in out
    assert (root / DOC).read_bytes() == before


@pytest.mark.parametrize("args", [("--diff",), ("--fix", "--diff")])
def test_diff_prints_a_patch_and_writes_nothing(tmp_path: Path, args: tuple[str, ...]) -> None:
    doc = block("docker-compose restart api")
    root = repo(tmp_path, doc)
    code, out, err = run(*args, cwd=root)
    assert code == 1
    assert out.startswith("--- a/docs/run.md\n+++ b/docs/run.md\n@@ -1,5 +1,5 @@\n")
    assert "-docker-compose restart api\n+docker compose restart api\n" in out
    assert "Would fix 1 problem in 1 file (DL201 \u00d71); none remain." in err
    assert (root / DOC).read_text(encoding="utf-8") == doc


def test_diff_with_nothing_to_fix_prints_nothing(tmp_path: Path) -> None:
    assert run("--diff", cwd=repo(tmp_path, block("docker logs kamiyo")))[:2] == (0, "")


def test_fix_with_json_keeps_stdout_json(tmp_path: Path) -> None:
    root = repo(tmp_path, block("docker-compose restart api", "docker logs nope"))
    code, out, err = run("--fix", "--format", "json", cwd=root)
    assert code == 1
    json.loads(out)
    assert "Fixed 1 problem" in err


def test_quiet_fix_prints_no_summary(tmp_path: Path) -> None:
    root = repo(tmp_path, block("docker-compose restart api"))
    code, out, err = run("--fix", "-q", cwd=root)
    assert code == 0
    assert "Fixed" not in out + err


def test_no_fixes_when_the_run_has_errors(tmp_path: Path) -> None:
    doc = block("docker-compose restart api")
    root = repo(tmp_path, doc)
    (root / "compose.yaml").write_text("services: [\n", encoding="utf-8")
    code, _, _ = run("--fix", cwd=root)
    assert code == 2
    assert (root / DOC).read_text(encoding="utf-8") == doc


# --- nothing is lost ------------------------------------------------------------------

BYTES_BEFORE = "# Runbook\n\n```bash\ndocker-compose up -d\ndocker logs kamiyo-api\n```"
BYTES_AFTER = "# Runbook\n\n```bash\ndocker compose up -d\ndocker logs kamiyo\n```"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("final_newline", [False, True])
def test_only_the_fixed_characters_change(
    tmp_path: Path, newline: str, bom: bool, final_newline: bool
) -> None:
    def encode(text: str) -> bytes:
        text = text.replace("\n", newline) + (newline if final_newline else "")
        return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")

    root = repo(tmp_path, encode(BYTES_BEFORE))
    patch = diff_bytes(root)
    code, _, err = run("--fix", cwd=root)
    assert code == 0, err
    assert (root / DOC).read_bytes() == encode(BYTES_AFTER)
    # the diff says exactly that: applied to the original, it gives the same bytes
    if shutil.which("git"):
        copy = repo(tmp_path / "copy", encode(BYTES_BEFORE))
        subprocess.run(
            ["git", "apply", "--whitespace=nowarn", "-"],
            input=patch,
            cwd=copy,
            check=True,
            capture_output=True,
        )
        assert (copy / DOC).read_bytes() == encode(BYTES_AFTER)


def diff_bytes(root: Path) -> bytes:
    """``doclint --diff`` output as bytes (``run`` gives text with CRLF normalised)."""
    old = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, ["--diff"], catch_exceptions=False).stdout_bytes
    finally:
        os.chdir(old)


def test_mode_is_kept_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    root = repo(tmp_path, "#!/bin/sh\ndocker-compose up -d\n", name="scripts/up.sh")
    script = root / "scripts/up.sh"
    script.chmod(0o751)
    run("--fix", cwd=root)
    assert stat.S_IMODE(script.stat().st_mode) == 0o751
    assert script.read_text(encoding="utf-8") == "#!/bin/sh\ndocker compose up -d\n"
    assert sorted(p.name for p in script.parent.iterdir()) == ["up.sh"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_owner_is_kept(tmp_path: Path) -> None:
    root = repo(tmp_path, block("docker-compose up -d"))
    os.chown(root / DOC, 4321, 4321)
    run("--fix", cwd=root)
    assert ((root / DOC).stat().st_uid, (root / DOC).stat().st_gid) == (4321, 4321)
    assert (root / DOC).read_text(encoding="utf-8") == block("docker compose up -d")


def test_read_only_file_is_reported_not_forced(tmp_path: Path) -> None:
    doc = block("docker-compose up -d")
    root = repo(tmp_path, doc)
    (root / DOC).chmod(0o444)
    code, out, err = run("--fix", cwd=root)
    assert code == 1
    assert "docs/run.md: not written: the file is read-only" in err
    assert (root / DOC).read_text(encoding="utf-8") == doc
    assert stat.S_IMODE((root / DOC).stat().st_mode) == 0o444
    assert "Nothing to fix; 1 remains." in out


def test_symlink_out_of_the_project_is_not_written_through(tmp_path: Path) -> None:
    doc = block("docker-compose up -d")
    outside = tmp_path / "elsewhere" / "notes.md"
    outside.parent.mkdir()
    outside.write_text(doc, encoding="utf-8")
    root = repo(tmp_path, block("docker compose up -d"))
    (root / "docs/notes.md").symlink_to(outside)
    code, _, err = run("--fix", cwd=root)
    assert code == 1
    assert "docs/notes.md: not written: it resolves to" in err
    assert "outside the project" in err
    assert outside.read_text(encoding="utf-8") == doc


def test_symlink_inside_the_project_is_written_through_once(tmp_path: Path) -> None:
    root = repo(tmp_path, block("docker-compose up -d"))
    (root / "docs/link.md").symlink_to("run.md")
    code, _, err = run("--fix", cwd=root)
    assert code == 0, err
    assert (root / "docs/link.md").is_symlink()
    assert (root / DOC).read_text(encoding="utf-8") == block("docker compose up -d")


def test_file_changed_after_it_was_read_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo(tmp_path, block("docker-compose up -d"))
    edited = block("docker-compose up -d", "echo someone saved this meanwhile")
    write_fixed = fix_run.write_fixed

    def editor_saves_first(*args: object) -> str | None:
        (root / DOC).write_text(edited, encoding="utf-8")
        return write_fixed(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(fix_run, "write_fixed", editor_saves_first)
    code, _, err = run("--fix", cwd=root)
    assert code == 1
    assert "not written: the file changed on disk after doclint read it" in err
    assert (root / DOC).read_text(encoding="utf-8") == edited


def test_failed_write_leaves_the_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = block("docker-compose up -d")
    root = repo(tmp_path, doc)

    def disk_full(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    code, _, err = run("--fix", cwd=root)
    assert code == 1
    assert "not written: No space left on device" in err
    assert (root / DOC).read_text(encoding="utf-8") == doc
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["run.md"]


def test_run_fixes_without_write_touches_nothing(tmp_path: Path) -> None:
    doc = block("docker-compose up -d")
    root = repo(tmp_path, doc)
    old = Path.cwd()
    os.chdir(root)
    try:
        outcome = fix_run.run_fixes(runs_over(RunOptions()), unsafe=False, write=False)
    finally:
        os.chdir(old)
    assert [c.text for c in outcome.files] == [block("docker compose up -d")]
    assert (root / DOC).read_text(encoding="utf-8") == doc


# --- the kamiyo incident, fixed by doclint --------------------------------------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
KAMIYO_RENAMES = (
    "# Postgres and Redis moved into the one `kamiyo` container with the API.\n"
    "renames:\n  kamiyo-api: kamiyo\n  kamiyo-postgres: kamiyo\n"
    "  kamiyo-redis: kamiyo\n  postgres: kamiyo\n"
)
# Every line --fix changes in kamiyo-broken → the line of kamiyo-fixed saying the same.
KAMIYO_LINES = {
    "docs/ON_CALL.md": {22: 22, 23: 23, 38: 38},
    "docs/TROUBLESHOOTING.md": {11: 13, 33: 36, 37: 40, 42: 45, 43: 46, 55: 61, 56: 62, 62: 62},
    "docs/runbooks/database.md": {6: 9, 7: 10, 13: 18, 19: 24},
    "docs/runbooks/restart-api.md": {16: 16, 22: 22, 34: 34},
    "scripts/health_check.sh": {20: 20, 21: 21},
}


def fixed_part(before: str, after: str) -> str:
    """The line up to the end of its last fix (indentation dropped): what the fixer
    decided. What follows (``pg_isready`` where kamiyo-fixed runs ``sqlite3``) is
    the human's part of the rewrite."""
    same_tail = 0
    while (
        same_tail < min(len(before), len(after)) and before[-1 - same_tail] == after[-1 - same_tail]
    ):
        same_tail += 1
    return after[: len(after) - same_tail].lstrip()


def test_fix_turns_kamiyo_broken_into_kamiyo_fixed(tmp_path: Path) -> None:
    root = tmp_path / "kamiyo"
    shutil.copytree(FIXTURES / "kamiyo-broken", root)
    (root / ".doclint.yaml").write_text(KAMIYO_RENAMES, encoding="utf-8")
    code, _, err = run("--fix", cwd=root)
    assert code == 1, err  # placeholders, DL102 and DL105 need a human
    assert {f.code for f in lint_in(root).findings}.isdisjoint({"DL101", "DL201"})
    for name, lines in KAMIYO_LINES.items():
        broken = (FIXTURES / "kamiyo-broken" / name).read_text(encoding="utf-8").splitlines()
        result = (root / name).read_text(encoding="utf-8").splitlines()
        reference = (FIXTURES / "kamiyo-fixed" / name).read_text(encoding="utf-8").splitlines()
        pairs = enumerate(zip(broken, result, strict=True), start=1)
        touched = {number for number, (old, new) in pairs if old != new}
        assert touched == set(lines), name
        for number, expected in lines.items():
            part = fixed_part(broken[number - 1], result[number - 1])
            assert reference[expected - 1].lstrip().startswith(part), (name, number)
