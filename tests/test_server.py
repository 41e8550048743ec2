"""``doclint server`` end to end: a real LSP client (pytest-lsp) starts it as a
subprocess and talks to it over stdio, as an editor would."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from helpers import COMPOSE
from lsprotocol import types as lsp
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from doclint.server.positions import LineIndex

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "doclint", "server"])
ROCKET = "\U0001f680"  # one character, two UTF-16 code units

RUNBOOK = f"""# Restart — naïve {ROCKET}

```bash
echo "{ROCKET} é"; docker logs kamiyo-api
docker logs api
docker-compose ps
```
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docker-compose.yml").write_text(COMPOSE)
    (tmp_path / "RUNBOOK.md").write_text(RUNBOOK, encoding="utf-8")
    return tmp_path


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, project: Path) -> AsyncIterator[None]:
    registrations: list[lsp.Registration] = []

    @lsp_client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(params: lsp.RegistrationParams) -> None:
        registrations.extend(params.registrations)

    lsp_client.registrations = registrations  # type: ignore[attr-defined]
    params = lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=uri(project),
    )
    lsp_client.initialize_result = await lsp_client.initialize_session(params)  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def unwatching_client(lsp_client: LanguageClient, project: Path) -> AsyncIterator[None]:
    """A client that cannot watch files for the server (nor register anything)."""
    capabilities = client_capabilities("visual-studio-code")
    capabilities.workspace.did_change_watched_files = None
    params = lsp.InitializeParams(capabilities=capabilities, root_uri=uri(project))
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def uri(path: Path) -> str:
    return str(from_fs_path(str(path)))


def open_document(client: LanguageClient, path: Path, text: str | None = None) -> str:
    text = path.read_text(encoding="utf-8") if text is None else text
    document = lsp.TextDocumentItem(uri=uri(path), language_id="markdown", version=1, text=text)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=document))
    return document.uri


def change_document(client: LanguageClient, path: Path, text: str, version: int) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri(path), version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def files_changed(client: LanguageClient, *paths: Path) -> None:
    """What an editor watching the workspace says when files change on disk."""
    changes = [lsp.FileEvent(uri=uri(path), type=lsp.FileChangeType.Changed) for path in paths]
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=changes))


async def diagnostics(
    client: LanguageClient,
    path: Path,
    until: Callable[[Sequence[lsp.Diagnostic]], bool] = lambda found: True,
) -> Sequence[lsp.Diagnostic]:
    """The diagnostics published for ``path`` once they satisfy ``until`` (10 s at most)."""
    for _ in range(200):
        found = client.diagnostics.get(uri(path))
        if found is not None and until(found):
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"no such diagnostics for {path}: {client.diagnostics.get(uri(path))}")


def codes(found: Sequence[lsp.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in found)


def apply_edits(text: str, edits: Sequence[lsp.TextEdit]) -> str:
    """``text`` with the edits applied, positions read as UTF-16 code units."""
    index = LineIndex(text)
    spans = [
        (
            index.offset(e.range.start.line, e.range.start.character),
            index.offset(e.range.end.line, e.range.end.character),
            e.new_text,
        )
        for e in edits
    ]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def edits_of(action: lsp.CodeAction | lsp.Command, target: str) -> list[lsp.TextEdit]:
    assert isinstance(action, lsp.CodeAction)
    assert action.edit is not None and action.edit.changes is not None
    return list(action.edit.changes[target])


async def actions_at(
    client: LanguageClient,
    path: Path,
    line: int,
    character: int,
    only: list[str] | None = None,
) -> list[lsp.CodeAction]:
    position = lsp.Position(line=line, character=character)
    found = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri(path)),
            range=lsp.Range(start=position, end=position),
            context=lsp.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return [action for action in found or [] if isinstance(action, lsp.CodeAction)]


@pytest.mark.asyncio
async def test_initialize_announces_what_the_server_does(client: LanguageClient) -> None:
    result = client.initialize_result  # type: ignore[attr-defined]
    assert result.server_info.name == "doclint"
    capabilities = result.capabilities
    assert capabilities.hover_provider
    assert list(capabilities.code_action_provider.code_action_kinds) == [
        "quickfix",
        "source.fixAll.doclint",
    ]
    assert capabilities.position_encoding == "utf-16"
    await asyncio.sleep(0.2)  # the registration follows `initialized`
    methods = [r.method for r in client.registrations]  # type: ignore[attr-defined]
    assert methods == ["workspace/didChangeWatchedFiles"]


@pytest.mark.asyncio
async def test_diagnostics_on_open_have_exact_utf16_ranges(
    client: LanguageClient, project: Path
) -> None:
    open_document(client, project / "RUNBOOK.md")
    found = await diagnostics(client, project / "RUNBOOK.md")
    assert codes(found) == ["DL101", "DL103", "DL201"]
    unknown = next(d for d in found if d.code == "DL101")
    line = f'echo "{ROCKET} é"; docker logs kamiyo-api'
    column = len(line[: line.index("kamiyo-api")].encode("utf-16-le")) // 2
    assert unknown.range.start == lsp.Position(line=3, character=column)
    assert unknown.range.end == lsp.Position(line=3, character=column + len("kamiyo-api"))
    assert unknown.source == "doclint"
    assert unknown.severity == lsp.DiagnosticSeverity.Error
    assert unknown.code_description is not None
    assert unknown.code_description.href.endswith("DL101.yaml")
    assert "kamiyo" in unknown.message


@pytest.mark.asyncio
async def test_the_server_reports_what_the_cli_reports(
    client: LanguageClient, project: Path
) -> None:
    """Same findings, same places: the CLI's 1-based line:column against the editor's
    0-based positions (no non-ASCII before any finding in the fixture)."""
    fixture = Path(__file__).parents[1] / "fixtures" / "kamiyo-broken"
    copy = project / "kamiyo"
    shutil.copytree(fixture, copy)
    document = copy / "docs" / "TROUBLESHOOTING.md"
    cli = subprocess.run(
        [sys.executable, "-m", "doclint", "--format", "json", "--no-cache", str(document)],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    expected = sorted((f["code"], f["line"] - 1, f["column"] - 1) for f in json.loads(cli.stdout))
    open_document(client, document)
    found = await diagnostics(client, document)
    assert sorted((str(d.code), d.range.start.line, d.range.start.character) for d in found) == (
        expected
    )
    assert expected


@pytest.mark.asyncio
async def test_unsaved_changes_are_linted(client: LanguageClient, project: Path) -> None:
    path = project / "RUNBOOK.md"
    open_document(client, path)
    await diagnostics(client, path, lambda found: len(found) == 3)
    change_document(client, path, RUNBOOK.replace("kamiyo-api", "kamiyo"), 2)
    found = await diagnostics(client, path, lambda found: len(found) == 2)
    assert codes(found) == ["DL103", "DL201"]
    assert path.read_text(encoding="utf-8") == RUNBOOK  # linted from the buffer, not disk


@pytest.mark.asyncio
async def test_quick_fixes_give_the_fixed_document(client: LanguageClient, project: Path) -> None:
    path = project / "RUNBOOK.md"
    target = open_document(client, path)
    await diagnostics(client, path)

    # the finding's own fix, preferred because it is safe
    actions = await actions_at(client, path, 4, 13)
    own = next(a for a in actions if a.title.startswith("DL103"))
    assert own.is_preferred and own.kind == lsp.CodeActionKind.QuickFix
    assert apply_edits(RUNBOOK, edits_of(own, target)) == RUNBOOK.replace(
        "docker logs api", "docker logs kamiyo"
    )

    # disable the rule for the line: the comment the CLI reads
    unknown = await actions_at(client, path, 3, 30)
    disable = next(a for a in unknown if a.title == "Disable DL101 for this line")
    silenced = apply_edits(RUNBOOK, edits_of(disable, target))
    assert "docker logs kamiyo-api  # doclint: ignore[DL101]\n" in silenced
    change_document(client, path, silenced, 2)
    await diagnostics(client, path, lambda found: codes(found) == ["DL103", "DL201"])

    # every safe fix, as `doclint --fix` writes them
    fix_all = await actions_at(client, path, 0, 0, only=["source.fixAll"])
    assert [a.kind for a in fix_all] == ["source.fixAll.doclint"]
    fixed = apply_edits(silenced, edits_of(fix_all[0], target))
    path.write_text(silenced, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "doclint", "--fix", "--no-cache", str(path)], cwd=project)
    assert fixed == path.read_text(encoding="utf-8")
    assert "docker compose ps" in fixed and "docker logs kamiyo\n" in fixed


@pytest.mark.asyncio
async def test_disabling_a_rule_in_prose_uses_an_html_comment(
    client: LanguageClient, project: Path
) -> None:
    path = project / "TODO.md"
    text = "# Notes\n\n> TODO: write this part.\n"
    target = open_document(client, path, text)
    found = await diagnostics(client, path, lambda found: bool(found))
    code = str(found[0].code)
    actions = await actions_at(client, path, 2, 4)
    disable = next(a for a in actions if a.title == f"Disable {code} for this line")
    silenced = apply_edits(text, edits_of(disable, target))
    assert silenced == (
        f"# Notes\n\n> <!-- doclint-disable-next-line {code} -->\n> TODO: write this part.\n"
    )


@pytest.mark.asyncio
async def test_hover_explains_the_rule(client: LanguageClient, project: Path) -> None:
    path = project / "RUNBOOK.md"
    open_document(client, path)
    await diagnostics(client, path)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri(path)),
            position=lsp.Position(line=4, character=13),
        )
    )
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert hover.contents.kind == lsp.MarkupKind.Markdown
    value = hover.contents.value
    assert value.startswith("**DL103** `api` is a compose service")  # the finding's message
    assert "**DL103 service-used-as-container (error; fixable: yes" in value  # doclint explain
    assert "Bad:\n\n```sh\n" in value and "Good:" in value
    assert hover.range == lsp.Range(
        start=lsp.Position(line=4, character=12), end=lsp.Position(line=4, character=15)
    )
    nothing = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri(path)),
            position=lsp.Position(line=1, character=0),
        )
    )
    assert nothing is None


@pytest.mark.asyncio
async def test_a_compose_file_change_changes_the_diagnostics(
    client: LanguageClient, project: Path
) -> None:
    path = project / "RUNBOOK.md"
    open_document(client, path)
    await diagnostics(client, path, lambda found: "DL101" in codes(found))
    compose = project / "docker-compose.yml"
    compose.write_text(COMPOSE.replace("container_name: kamiyo", "container_name: kamiyo-api"))
    files_changed(client, compose)
    found = await diagnostics(client, path, lambda found: "DL101" not in codes(found))
    assert "DL103" in codes(found)

    # a compose file that does not parse is shown on that file, not as a dead server
    compose.write_text("services:\n  api: [unclosed\n")
    files_changed(client, compose)
    broken = await diagnostics(client, compose, lambda found: bool(found))
    assert broken[0].source == "doclint"


@pytest.mark.asyncio
async def test_a_broken_configuration_is_reported_and_the_server_lives_on(
    client: LanguageClient, project: Path
) -> None:
    config = project / ".doclint.yaml"
    config.write_text("selcet: [DL1]\n")
    path = project / "RUNBOOK.md"
    open_document(client, path)
    on_config = await diagnostics(client, config, lambda found: bool(found))
    assert "selcet" in on_config[0].message and on_config[0].range.start.line == 0
    on_document = await diagnostics(client, path, lambda found: bool(found))
    assert "could not lint" in on_document[0].message

    config.write_text("select: [DL1]\n")
    files_changed(client, config)
    found = await diagnostics(client, path, lambda found: "DL101" in codes(found))
    assert codes(found) == ["DL101", "DL103"]  # DL201 is not selected
    assert list(await diagnostics(client, config, lambda found: not found)) == []


@pytest.mark.asyncio
async def test_a_document_that_cannot_be_linted_gets_a_diagnostic(
    client: LanguageClient, project: Path
) -> None:
    """Suppression comments naming unknown rules, and text no parser expects."""
    path = project / "odd.md"
    text = "<!-- doclint-disable DL999 -->\n\n```bash\n$(( ( \\\n'\"`\n```\n\x00?\n"
    open_document(client, path, text)
    found = await diagnostics(client, path, lambda found: bool(found))
    assert any("DL999" in d.message for d in found)


@pytest.mark.asyncio
async def test_without_file_watching_a_saved_compose_file_is_read_again(
    unwatching_client: LanguageClient, project: Path
) -> None:
    client = unwatching_client
    path = project / "RUNBOOK.md"
    open_document(client, path)
    await diagnostics(client, path, lambda found: "DL101" in codes(found))
    compose = project / "docker-compose.yml"
    compose.write_text(COMPOSE.replace("container_name: kamiyo", "container_name: kamiyo-api"))
    client.text_document_did_save(
        lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri(compose)))
    )
    await diagnostics(client, path, lambda found: "DL101" not in codes(found))
