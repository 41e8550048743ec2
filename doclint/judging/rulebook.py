"""Rule definitions: data (one YAML file per rule), not code.

The built-in rules live in ``rules/`` at the top of the repository and ship inside
the wheel as ``doclint/builtin_rules``. Each names the generic checker that
implements it, so the engine never needs to know an individual rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from doclint import fast_paths
from doclint.errors import ConfigError
from doclint.suggest import closest

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    """One rule as its YAML file defines it (``rules/DLxxx.yaml``)."""

    code: str
    """Stable code: ``DL101``."""
    name: str
    """Stable kebab-case name: ``unknown-container``."""
    severity: str
    checker: str
    """Name of the checker that implements it (see ``doclint.checkers``); empty for a
    meta rule (``checker: null`` in its file)."""
    summary: str
    explanation: str
    bad_example: str
    good_example: str
    fixable: bool = False
    enabled: bool = True
    """Off-by-default rules run only when selected."""
    options: Mapping[str, Any] = field(default_factory=dict)
    configuration: Mapping[str, str] = field(default_factory=dict)
    """Keys of the user's configuration that extend an option of this rule, and the
    option each extends (``placeholder-patterns: patterns``): the checker's
    ``configure`` merges their values in (see ``doclint.checkers.configured``)."""

    @property
    def is_meta(self) -> bool:
        """Reported by a stage of the pipeline (such as the suppression stage), not by a
        checker: it is selected, ignored and re-levelled like any rule, but the engine
        has nothing to run for it."""
        return not self.checker


def explanation(rule: Rule, markdown: bool = False) -> str:
    """What ``doclint explain`` prints for a rule: what it finds, why it matters, a bad
    and a good example; with ``markdown``, the examples as fenced code (an editor's
    hover)."""
    fixable = "yes (doclint --fix)" if rule.fixable else "no"
    head = f"{rule.code} {rule.name} ({rule.severity}; fixable: {fixable})"
    if markdown:
        head = f"**{head}**"
    text = f"{head}\n\n{rule.summary}\n\n{rule.explanation}\n\n"
    if markdown:
        bad, good = _fenced(rule.bad_example), _fenced(rule.good_example)
        return text + f"Bad:\n\n{bad}\nGood:\n\n{good}"
    return text + f"Bad:\n{_indent(rule.bad_example)}\nGood:\n{_indent(rule.good_example)}"


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.rstrip("\n").split("\n"))


def _fenced(text: str) -> str:
    fence = "~~~" if "```" in text else "```"
    return f"{fence}sh\n{text.rstrip()}\n{fence}\n"


_REQUIRED = ("code", "name", "severity", "checker", "summary", "explanation", "example")
_OPTIONAL = ("fixable", "enabled", "options", "configuration")


def builtin_rules_dir() -> Path:
    """Where the built-in rule files are: inside the installed package (wheel), or at
    the top of a source checkout (editable install, or running from the repository)."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "builtin_rules"
    if packaged.is_dir():
        return packaged
    return package.parent / "rules"


def load_rule_file(path: Path) -> Rule:
    """Read and validate one rule definition; ``ConfigError`` names the file on problems."""
    import yaml  # here: rules compiled in the cache are read without it

    shown = str(path)
    try:
        # libyaml's loader when PyYAML has it: reading every rule is part of each run.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read rule file: {error}", shown) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ConfigError(
            f"invalid YAML in rule file: {getattr(error, 'problem', error)}",
            shown,
            mark.line + 1 if mark is not None else None,
        ) from None
    if not isinstance(data, dict):
        raise ConfigError("a rule file must be a mapping", shown)
    missing = [key for key in _REQUIRED if key not in data]
    unknown = [key for key in data if key not in _REQUIRED + _OPTIONAL]
    if missing or unknown:
        problems = [f"missing {', '.join(missing)}"] if missing else []
        problems += [f"unknown key {', '.join(map(str, unknown))}"] if unknown else []
        raise ConfigError("invalid rule file: " + "; ".join(problems), shown)
    example = data["example"]
    if not isinstance(example, dict) or set(example) != {"bad", "good"}:
        raise ConfigError("`example` must have exactly `bad` and `good`", shown)
    if data["severity"] not in SEVERITIES:
        raise ConfigError(f"`severity` must be one of {', '.join(SEVERITIES)}", shown)
    options = data.get("options") or {}
    if not isinstance(options, dict):
        raise ConfigError("`options` must be a mapping", shown)
    configuration = data.get("configuration") or {}
    if not isinstance(configuration, dict) or not all(
        isinstance(key, str) and isinstance(option, str) for key, option in configuration.items()
    ):
        raise ConfigError("`configuration` must map configuration keys to option names", shown)
    return Rule(
        code=str(data["code"]),
        name=str(data["name"]),
        severity=str(data["severity"]),
        checker=str(data["checker"] or ""),
        summary=str(data["summary"]).strip(),
        explanation=str(data["explanation"]).strip(),
        bad_example=str(example["bad"]),
        good_example=str(example["good"]),
        fixable=bool(data.get("fixable", False)),
        enabled=bool(data.get("enabled", True)),
        options=options,
        configuration=configuration,
    )


_loaded: tuple[Rule, ...] | None = None
_COMPILED_FORMAT = 1


def builtin_rules(compiled: Path | None = None) -> tuple[Rule, ...]:
    """Every built-in rule, ordered by code; read once, by the first call.

    ``compiled``: a folder (the cache's) where the rules are kept as JSON, read instead of
    the YAML files while those are unchanged: importing a YAML parser costs a tenth of a
    one-file run. Not with the fast paths off."""
    global _loaded
    if not fast_paths.enabled():
        compiled = None
    if _loaded is None:
        folder = builtin_rules_dir()
        files = sorted(folder.glob("*.yaml"))
        key = _files_key(files)
        _loaded = _read_compiled(compiled, key) if compiled else None
        if _loaded is None:
            rules = [load_rule_file(path) for path in files]
            if not rules:
                message = "no rule definitions found (is the installation complete?)"
                raise ConfigError(message, str(folder))
            _loaded = tuple(sorted(rules, key=lambda rule: rule.code))
            if compiled:
                _write_compiled(compiled, key, _loaded)
    return _loaded


def _files_key(files: list[Path]) -> list[object]:
    """What the compiled rules were made from: doclint's version, each file's name, size
    and modification time."""
    from doclint import __version__

    stats = [[path.name, *_size_and_time(path)] for path in files]
    return [_COMPILED_FORMAT, __version__, str(files[0].parent) if files else "", stats]


def _size_and_time(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def _read_compiled(folder: Path, key: list[object]) -> tuple[Rule, ...] | None:
    """The rules kept in ``folder`` for these files; None when absent, stale or damaged."""
    import json  # here: only runs with a cache read compiled rules

    try:
        data = json.loads(compiled_path(folder).read_bytes())
        if data["key"] != json.loads(json.dumps(key)):
            return None
        return tuple(Rule(**fields) for fields in data["rules"])
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _write_compiled(folder: Path, key: list[object], rules: tuple[Rule, ...]) -> None:
    """Keep the rules in ``folder``; a cache that cannot be written is only slower."""
    import json

    from doclint.atomic import replace_quietly

    data = {
        "key": key,
        "rules": [{**asdict(rule), "options": dict(rule.options)} for rule in rules],
    }
    try:
        text = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError):
        return
    if json.loads(text) != data:  # an option JSON cannot hold: read the YAML each time
        return
    replace_quietly(compiled_path(folder), text.encode("utf-8"))


def compiled_path(folder: Path) -> Path:
    """The compiled rules of this installation in ``folder``: one file per installation,
    so that two doclints sharing a cache folder do not keep replacing each other's."""
    import hashlib

    installation = hashlib.sha256(str(builtin_rules_dir()).encode("utf-8", "surrogatepass"))
    return folder / f"rules-{installation.hexdigest()[:16]}.json"


def _matches(code: str, selectors: tuple[str, ...]) -> bool:
    return any(selector == "ALL" or code.startswith(selector) for selector in selectors)


def select_rules(
    rules: tuple[Rule, ...],
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...] = (),
    severity: Mapping[str, str] | None = None,
) -> list[Rule]:
    """The rules to run, with severities overridden.

    ``select`` codes or prefixes replace the default set (rules ``enabled`` by
    default); ``extend_select`` adds to it; ``ignore`` removes, and wins.
    """
    known = {rule.code for rule in rules}
    for selector in (*(select or ()), *extend_select, *ignore):
        if selector != "ALL" and not any(code.startswith(selector) for code in known):
            hint = closest(selector, known)
            more = f"; did you mean {hint}?" if hint else ""
            raise ConfigError(f"unknown rule code `{selector}`{more}")
    chosen = []
    for rule in rules:
        wanted = _matches(rule.code, select) if select is not None else rule.enabled
        if (wanted or _matches(rule.code, extend_select)) and not _matches(rule.code, ignore):
            level = (severity or {}).get(rule.code)
            chosen.append(replace(rule, severity=level) if level else rule)
    return chosen
