"""Generate a seeded, realistic corpus of operational docs for doclint's scale benchmark.

``python benchmarks/generate_corpus.py OUT --files N --seed S``

The scale targets of benchmarks/run.py (time per MB within 20% between 1,000 and
10,000 files, peak RSS within 300 MB) need corpora far larger than any we can ship, so
they are generated. To measure what users will run doclint on, the documents look like real
repositories' docs rather than lorem ipsum: headings, prose with inline code and links
(relative and external), tables, nested lists, block quotes and code fences in several
languages, sized like real docs (0.5-30 KB, median about 5 KB). Exactly 20% of the
files (rounded) are runbooks whose shell blocks are full of docker / docker compose
commands, checked against a ``compose.yaml`` beside them: one compose project per group
of about 50 files, in its own folder, so every project is a separate doclint project.
Most commands are right; a few name containers or services that do not exist, use the
legacy ``docker-compose`` binary, or are console transcripts with output, because those
are the paths doclint's rules take.

Every choice comes from one ``random.Random(seed)``, in a fixed order, so the same seed
gives the same bytes on any machine: a benchmark that changes its input is no benchmark.
All text is generated from the word lists below.
"""

from __future__ import annotations

import argparse
import functools
import math
import posixpath
import random
import string
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

FILES_PER_PROJECT = 50
SHELL_SHARE = 0.2
MEDIAN_BYTES = 5_000
MIN_BYTES = 500
MAX_BYTES = 30_000
# Spread of the log-normal size distribution: about 1% of files reach the 30 KB cap.
SIZE_SIGMA = 0.75
SHELL_LANGUAGES = ("bash", "sh", "shell", "console")
# The part of each block that may run past a file's target size: the largest block
# the builders emit is well under this, so files stay within MAX_BYTES.
BLOCK_HEADROOM = 3_000


def words(text: str) -> tuple[str, ...]:
    """The word lists are written as prose-like strings: easier to read and extend."""
    return tuple(text.split())


ADJECTIVES = words(
    "stale primary nightly internal external encrypted shared local remote cached "
    "pending failed healthy degraded default optional temporary legacy current "
    "archived public private noisy slow idle busy partial full incremental manual "
    "automatic scheduled amber cobalt silent rapid quiet brisk sturdy mellow"
)
NOUNS = words(
    "service request deployment volume backup queue worker token cluster replica "
    "migration endpoint certificate dashboard index snapshot release schema job "
    "pipeline cache session tenant webhook archive metric alert node gateway bucket "
    "ledger report invoice account upload thumbnail export feature secret build image "
    "network port record batch payload handler template policy quota limit retry "
    "timeout checksum lighthouse harbor orchard beacon compass lantern meadow summit"
)
VERBS = words(
    "rotate restart check drain rebuild verify replay prune promote restore flush tag "
    "pin throttle schedule export reindex compact inspect update deploy monitor archive "
    "retry migrate"
)
ADVERBS = (
    "quickly",
    "eventually",
    "silently",
    "usually",
    "rarely",
    "safely",
    "immediately",
    "gradually",
    "only once",
    "again",
    "in parallel",
    "in the background",
)
TAILS = (
    "",
    "",
    "",
    " before the next release",
    " during the nightly window",
    " after each deploy",
    " on the primary node",
    " without downtime",
    " in the staging environment",
    " within five minutes",
    " for every tenant",
    " unless the queue is paused",
    " — the dashboard shows when it is done",
    " while traffic is low",
)
NOTE_KINDS = ("Note", "Warning", "Tip", "Important")
EXTERNAL_HOSTS = ("docs.example.com", "example.org", "wiki.example.net", "status.example.com")
TOP_FOLDERS = ("docs", "runbooks", "guides", "ops", "handbook")
SUB_FOLDERS = ("", "", "", "deploy", "operations", "reference", "how-to", "incidents")


@dataclass(frozen=True)
class ServiceKind:
    """A kind of compose service: what it runs and what operators do inside it."""

    name: str
    image: str  # a format string: ``{project}`` and ``{version}`` are filled in
    port: int | None
    exec_command: str


SERVICE_KINDS = (
    ServiceKind("api", "{project}/api:{version}", 8080, "python manage.py check"),
    ServiceKind("web", "nginx:1.27-alpine", 80, "nginx -t"),
    ServiceKind("worker", "{project}/worker:{version}", None, "celery inspect ping"),
    ServiceKind("db", "postgres:16", 5432, "pg_isready -U app"),
    ServiceKind("cache", "redis:7-alpine", 6379, "redis-cli ping"),
    ServiceKind("queue", "rabbitmq:3.13-management", 5672, "rabbitmqctl status"),
    ServiceKind("scheduler", "{project}/scheduler:{version}", None, "crontab -l"),
    ServiceKind("search", "opensearchproject/opensearch:2.15.0", 9200, "curl -s localhost:9200"),
    ServiceKind("proxy", "traefik:v3.1", 443, "traefik healthcheck"),
)


@dataclass(frozen=True)
class Service:
    """One service of a generated compose project and the container it runs as."""

    kind: ServiceKind
    image: str
    container: str
    has_container_name: bool


@dataclass(frozen=True)
class Project:
    """A generated compose project: its folder name (the compose project name) and services."""

    name: str
    services: tuple[Service, ...]


# Templates are filled lazily by Writer.fill: ``{noun}`` is a random noun, ``{Noun}`` the
# same capitalised, ``{NOUN}`` upper-cased; see Writer.__init__ for every field.
SENTENCES = (
    "The {adjective} {noun} {verbs} every {other}{tail}.",
    "When a {noun} {verbs} the {other}, the {third} {verbs2} {adverb}.",
    "You can {verb} the {noun} with `{identifier}`{tail}.",
    "{Adverb}, the {noun} {verbs} a {adjective} {other}.",
    "If the {noun} is {adjective}, {verb} the {other} before you {verb2} the {third}.",
    "See {link} for how the {noun} {verbs} {others}.",
    "Set `{identifier}` to {number} so that the {noun} {verbs} at most that many {others} "
    "per minute.",
    "Each {noun} keeps its {others} in `{identifier}`; nobody should {verb} them by hand.",
)
IDENTIFIERS = (
    "{noun}_{other}",
    "--{noun}-{other}",
    "{noun}.yaml",
    "{NOUN}_{OTHER}",
    "config/{noun}.toml",
    "make {verb}",
    "{noun}.{other}_limit",
)
TITLES = (
    "{Verb} the {noun}",
    "{Noun} {others}",
    "Troubleshooting the {adjective} {noun}",
    "How we {verb} {others}",
    "{Noun} and {other} reference",
)
# Fences in languages that are not shell: config, data and program code.
CODE_BLOCKS = (
    "```yaml\n{noun}:\n  {other}_limit: {number}\n  enabled: true\n  targets:\n"
    "    - {third}\n    - {adjective}\n```",
    '```json\n{{\n  "{noun}": {number},\n  "{other}": ["{third}"],\n  "enabled": false\n}}\n```',
    "```python\ndef {noun}_{other}(limit: int = {number}) -> bool:\n"
    "    return {third}.{verb}(limit)\n```",
    '```toml\n[{noun}]\n{other} = {number}\nmode = "{adjective}"\n```',
    "```go\nfunc {Noun}{Other}() int {{\n\treturn {number}\n}}\n```",
    "```rust\nfn {noun}_{other}() -> u32 {{\n    {number}\n}}\n```",
    "```javascript\nconst {noun} = await {other}.{verb}({{ limit: {number} }});\n```",
    "```sql\nSELECT id, {other}\nFROM {nouns}\nWHERE {other}_count > {number}\nORDER BY id;\n```",
    "```text\n{noun}: {number} {others} {adjective}\n{other}: ok\n```",
)
# ``{container}``, ``{service}`` and ``{exec}`` belong to one service of the project.
CONTAINER_COMMANDS = (
    "docker logs --tail 200 {container}",
    "docker logs -f {container}",
    "docker exec -it {container} sh",
    "docker exec {container} {exec}",
    "docker restart {container}",
    "docker inspect --format '{{{{.State.Health.Status}}}}' {container}",
    "docker stats --no-stream {container}",
    "docker cp {container}:/var/log/app.log ./app.log",
)
COMPOSE_COMMANDS = (
    "up -d",
    "ps",
    "pull",
    "logs -f {service}",
    "logs --tail 100 {service}",
    "restart {service}",
    "exec {service} {exec}",
    "run --rm {service} {verb}",
    "-f compose.yaml config --quiet",
    "stop {service}",
)


@functools.cache
def fields_of(template: str) -> tuple[str, ...]:
    return tuple(field for _, field, _, _ in string.Formatter().parse(template) if field)


class Writer:
    """Builds the text of one document, ``here`` (a path inside ``project``), from ``rng``;
    knows the project's other documents so that relative links point at real files."""

    def __init__(
        self, rng: random.Random, project: Project, doc_paths: Sequence[str], here: str
    ) -> None:
        self.rng = rng
        self.project = project
        self.doc_paths = doc_paths
        self.here = here
        noun: Callable[[], str] = functools.partial(rng.choice, NOUNS)
        verb: Callable[[], str] = functools.partial(rng.choice, VERBS)
        self.fields: dict[str, Callable[[], str]] = {
            "noun": noun,
            "other": noun,
            "third": noun,
            "nouns": lambda: with_s(noun()),
            "others": lambda: with_s(noun()),
            "verb": verb,
            "verb2": verb,
            "verbs": lambda: with_s(verb()),
            "verbs2": lambda: with_s(verb()),
            "adjective": functools.partial(rng.choice, ADJECTIVES),
            "adverb": functools.partial(rng.choice, ADVERBS),
            "tail": functools.partial(rng.choice, TAILS),
            "number": lambda: str(rng.randint(2, 900)),
            "identifier": lambda: self.fill(IDENTIFIERS),
            "link": self.link,
        }

    def fill(self, templates: Sequence[str], **given: str) -> str:
        """One of ``templates`` with its fields filled: from ``given``, else made up.
        Only the fields the chosen template uses are drawn, which keeps generation fast."""
        template = self.rng.choice(templates)
        values = {}
        for field in fields_of(template):
            value = given[field] if field in given else self.fields[field.lower()]()
            if field.isupper():
                value = value.upper()
            elif field[0].isupper():
                value = value.capitalize()
            values[field] = value
        return template.format(**values)

    def link(self) -> str:
        """A Markdown link: to another document of this project (maybe to a section) or
        to an external page."""
        label = self.fill(("{adjective} {others}",))
        if self.rng.random() < 0.6 and len(self.doc_paths) > 1:
            target = self.rng.choice([path for path in self.doc_paths if path != self.here])
            href = posixpath.relpath(target, posixpath.dirname(self.here))
            if self.rng.random() < 0.3:
                href += self.fill(("#{noun}-{other}",))
        else:
            host = self.rng.choice(EXTERNAL_HOSTS)
            href = self.fill(("https://{host}/{noun}/{other}",), host=host)
        return f"[{label}]({href})"

    # -- blocks -------------------------------------------------------------------------

    def prose(self) -> str:
        return " ".join(self.fill(SENTENCES) for _ in range(self.rng.randint(2, 6)))

    def paragraph(self) -> str:
        return wrap(self.prose())

    def bullet_list(self) -> str:
        ordered = self.rng.random() < 0.4
        lines = []
        for number in range(1, self.rng.randint(3, 7)):
            marker = f"{number}." if ordered else "-"
            lines.append(f"{marker} {self.fill(SENTENCES)}")
            if self.rng.random() < 0.3:
                indent = " " * (len(marker) + 1)
                for _ in range(self.rng.randint(1, 3)):
                    lines.append(f"{indent}- `{self.fill(IDENTIFIERS)}`: {self.fill(SENTENCES)}")
        return "\n".join(lines)

    def table(self) -> str:
        if self.rng.random() < 0.5:
            header = "| Setting | Default | Meaning |"
            rows = [
                f"| `{self.fill(IDENTIFIERS)}` | {self.rng.randint(0, 3600)} | "
                f"{self.fill(SENTENCES).rstrip('.')} |"
                for _ in range(self.rng.randint(2, 8))
            ]
        else:
            header = "| Service | Port | Owner |"
            rows = [
                f"| {service.kind.name} | {service.kind.port or '—'} | "
                + self.fill(("{adjective} {noun} team |",))
                for service in self.project.services
            ]
        return "\n".join([header, "|---|---|---|", *rows])

    def quote(self) -> str:
        text = wrap(f"**{self.rng.choice(NOTE_KINDS)}:** {self.prose()}", width=86)
        return "\n".join(f"> {line}" for line in text.splitlines())

    def code(self) -> str:
        return self.fill(CODE_BLOCKS)

    def shell(self) -> str:
        """A shell block of docker commands, or a console transcript with output."""
        language = self.rng.choice(SHELL_LANGUAGES)
        if language == "console":
            return self.transcript()
        lines = [self.fill(("# {verb} the {noun}",))]
        lines += [self.docker_command() for _ in range(self.rng.randint(3, 9))]
        if self.rng.random() < 0.3:
            lines.append(f"curl -fsS http://localhost:{self.rng.choice((80, 8080))}/health")
        return f"```{language}\n" + "\n".join(lines) + "\n```"

    def transcript(self) -> str:
        """A console session: prompt lines are commands, the rest is their output."""
        service = self.rng.choice(self.project.services)
        container = self.container_name(service)
        if self.rng.random() < 0.5:
            lines = ["$ docker compose ps", "NAME    IMAGE    SERVICE    STATUS"]
            lines += [
                f"{s.container}    {s.image.split(':')[0]}    {s.kind.name}    Up 2 hours"
                for s in self.project.services
            ]
        else:
            lines = [f"$ docker logs --tail 3 {container}"]
            lines += [
                self.fill(("2024-05-0{day}T0{day}:1{day}:00Z INFO {noun} {verbs}",), day=str(day))
                for day in range(1, 4)
            ]
        lines += [f"$ docker exec {container} {service.kind.exec_command}", "ok"]
        return "```console\n" + "\n".join(lines) + "\n```"

    # -- docker commands ----------------------------------------------------------------

    def container_name(self, service: Service) -> str:
        """The service's container, or in about 8% of commands a name that does not
        exist: the service name itself, a typo, the v1 ``_1`` form or another service."""
        if self.rng.random() >= 0.08:
            return service.container
        project, name = self.project.name, service.kind.name
        return self.rng.choice(
            (
                name,
                service.container + service.container[-1],
                f"{project}_{name}_1",
                f"{project}-frontend",
            )
        )

    def service_name(self, service: Service) -> str:
        """The service, or in about 5% of commands a service that does not exist or its
        container name."""
        if self.rng.random() >= 0.05:
            return service.kind.name
        return self.rng.choice(("backend", service.container))

    def docker_command(self) -> str:
        """Half container commands, half compose commands (15% of them with the legacy
        ``docker-compose`` binary), all about one service of the project."""
        service = self.rng.choice(self.project.services)
        run = service.kind.exec_command
        if self.rng.random() < 0.5:
            return self.fill(CONTAINER_COMMANDS, container=self.container_name(service), exec=run)
        binary = "docker-compose" if self.rng.random() < 0.15 else "docker compose"
        return f"{binary} " + self.fill(
            COMPOSE_COMMANDS, service=self.service_name(service), exec=run
        )

    # -- documents ----------------------------------------------------------------------

    def document(self, target_bytes: int, with_shell: bool) -> str:
        """A document of about ``target_bytes``: a title and an introduction, then blocks
        of all kinds under section headings until the size is reached. A runbook's first
        section is a shell block, whatever its size, and shell blocks recur later."""
        parts = [f"# {self.fill(TITLES)}", self.paragraph()]
        if self.rng.random() < 0.15:
            front = f"---\ntitle: {self.fill(TITLES)}\nweight: {self.rng.randint(1, 99)}\n---"
            parts.insert(0, front)
        blocks = [self.paragraph, self.paragraph, self.bullet_list, self.table, self.quote]
        blocks.append(self.code)
        if with_shell:
            parts += [f"## {self.fill(TITLES)}", self.shell()]
            blocks += [self.shell, self.shell]
        while sum(len(part) + 2 for part in parts) < target_bytes:
            if len(parts) <= 3 or self.rng.random() < 0.3:
                level = "##" if self.rng.random() < 0.7 else "###"
                parts.append(f"{level} {self.fill(TITLES)}")
            parts.append(self.rng.choice(blocks)())
        return "\n\n".join(parts) + "\n"


def with_s(word: str) -> str:
    """English's -s suffix, for a noun's plural or a verb's third person: ``tag`` →
    ``tags``, ``batch`` → ``batches``, ``policy`` → ``policies``, ``replay`` → ``replays``."""
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("sh", "ch", "x", "s")):
        return word + "es"
    return word + "s"


def wrap(text: str, width: int = 88) -> str:
    """Break prose at spaces near ``width`` columns, as most docs in repositories are,
    so that parsers see multi-line paragraphs as they do in real files."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def target_sizes(rng: random.Random, count: int) -> list[int]:
    """File sizes like real docs: log-normal around MEDIAN_BYTES, clipped to the range,
    with headroom below the cap for the block that crosses the target."""
    return [
        max(
            MIN_BYTES,
            min(
                MAX_BYTES - BLOCK_HEADROOM,
                round(rng.lognormvariate(math.log(MEDIAN_BYTES), SIZE_SIGMA)),
            ),
        )
        for _ in range(count)
    ]


def make_project(rng: random.Random, taken: set[str]) -> Project:
    name = f"{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}"
    while name in taken:
        name = f"{name}-{rng.randint(2, 9)}"
    taken.add(name)
    kinds = [SERVICE_KINDS[rng.choice((0, 1))]]
    kinds += rng.sample([k for k in SERVICE_KINDS if k not in kinds], rng.randint(1, 5))
    version = f"{rng.randint(1, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
    services = []
    for kind in kinds:
        image = kind.image.format(project=name, version=version)
        named = rng.random() < 0.5
        container = f"{name}-{kind.name}" if named else f"{name}-{kind.name}-1"
        services.append(Service(kind, image, container, named))
    return Project(name, tuple(services))


def compose_yaml(project: Project) -> str:
    """The project's compose file: the containers and services its runbooks name."""
    lines = ["services:"]
    names = [service.kind.name for service in project.services]
    for service in project.services:
        kind = service.kind
        lines.append(f"  {kind.name}:")
        lines.append(f"    image: {service.image}")
        if service.has_container_name:
            lines.append(f"    container_name: {service.container}")
        lines.append("    restart: unless-stopped")
        if kind.port:
            lines += ["    ports:", f'      - "{kind.port}:{kind.port}"']
        if kind.name == "db":
            lines += [
                "    environment:",
                "      POSTGRES_USER: app",
                "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-change-me}",
                "    volumes:",
                "      - db-data:/var/lib/postgresql/data",
            ]
        elif "db" in names and kind.name in ("api", "worker", "scheduler"):
            lines += ["    depends_on:", "      - db"]
    if "db" in names:
        lines += ["volumes:", "  db-data:"]
    return "\n".join(lines) + "\n"


def doc_paths(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct document paths inside a project, in a few nested folders."""
    paths: list[str] = []
    taken: set[str] = set()
    while len(paths) < count:
        folder = posixpath.join(rng.choice(TOP_FOLDERS), rng.choice(SUB_FOLDERS))
        path = posixpath.join(folder, f"{rng.choice(NOUNS)}-{rng.choice(NOUNS)}.md")
        if path not in taken:
            taken.add(path)
            paths.append(path)
    return paths


def generate(out: Path, files: int, seed: int) -> list[Path]:
    """Write a corpus of ``files`` Markdown documents (plus one compose file per project)
    under ``out``; returns the documents written."""
    rng = random.Random(seed)
    projects = max(1, math.ceil(files / FILES_PER_PROJECT))
    with_shell = set(rng.sample(range(files), round(files * SHELL_SHARE)))
    sizes = target_sizes(rng, files)
    taken: set[str] = set()
    written: list[Path] = []
    index = 0
    for number in range(projects):
        count = files // projects + (1 if number < files % projects else 0)
        project = make_project(rng, taken)
        root = out / project.name
        root.mkdir(parents=True)
        (root / "compose.yaml").write_text(compose_yaml(project), encoding="utf-8")
        paths = doc_paths(rng, count)
        for path in paths:
            text = Writer(rng, project, paths, path).document(sizes[index], index in with_shell)
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
            written.append(target)
            index += 1
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to create (must not exist or be empty)")
    parser.add_argument("--files", type=int, default=1000, help="Markdown files to write")
    parser.add_argument("--seed", type=int, default=1, help="seed: same seed, same bytes")
    args = parser.parse_args(argv)
    if args.files < 1:
        parser.error("--files must be at least 1")
    if args.out.exists() and any(args.out.iterdir()):
        # Leftovers from another run would make the corpus depend on history, not seed.
        parser.error(f"{args.out} is not empty")
    written = generate(args.out, args.files, args.seed)
    total = sum(path.stat().st_size for path in written)
    print(f"wrote {len(written)} Markdown files, {total / 1e6:.1f} MB, to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
