"""Load rule packs: one YAML file per rule, data over a check kind, validated at load.

Every error names the file, the line and the key, and what is allowed, so a
writer fixing their own pack does not have to guess.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .checks import CHECK_KINDS
from .checks.base import OptionsError
from .finding import Severity
from .nlp import deferred_compiling

REQUIRED_KEYS = ("id", "kind", "severity", "summary", "why", "messages", "options")
OPTIONAL_KEYS = ("example", "docs")
RULE_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS


class RuleError(ValueError):
    """A rule file that does not load; the message is one line naming file, line and key."""


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: Severity
    summary: str
    why: str
    messages: dict[str, str]
    options: Any
    raw_options: dict
    example: dict
    path: str
    docs: str = ""

    def message(self, reason: str, params: dict) -> str:
        """The reason's message; article text it quotes is put on one line (it may hold
        line breaks, from entities such as `&#10;`), so a message stays one line."""
        return self.messages[reason].format_map(
            {key: " ".join(value.split()) if isinstance(value, str) else value for key, value in params.items()})


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A SafeLoader that remembers the line of every mapping key, for error messages.

    It reads booleans as YAML 1.2 does (only true/false): word lists in patterns
    hold "on", "off", "no" and "yes", which YAML 1.1 would turn into booleans. It
    parses with libyaml where PyYAML has it: ten times faster, which a one-file
    run's start notices.
    """


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.lines = {key_node.value: key_node.start_mark.line + 1 for key_node, _ in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class LineDict(dict):
    """A dict from YAML that knows the line of each of its keys."""

    lines: dict = {}


# The built-in rule packs already parsed, by the SHA-256 of their text: parsing their YAML
# took a sixth of a one-file run's own time. Written by tests/update_parsed_rules.py; any
# file whose text matches reads the same data, any other is parsed.
PARSED_PACKS = Path(__file__).parent / "rules.parsed.json"


@lru_cache(maxsize=1)
def parsed_packs() -> dict[str, str]:
    try:
        table = json.loads(PARSED_PACKS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def encode_parsed(data: Any) -> str:
    """`data` from load_yaml as JSON. Its key lines are left out: they serve only the errors of
    a file that does not load, and a shipped text is one that does (rebuilding each mapping
    with its lines had cost a one-file run ten milliseconds)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def load_yaml(path: Path, text: str | None = None) -> Any:
    """Parse YAML keeping key lines; a syntax error becomes a RuleError naming the line."""
    return _load_yaml(path, text)[0]


def _load_yaml(path: Path, text: str | None) -> tuple[Any, bool]:
    """The data, and whether it came from the shipped table (a built-in file as shipped)."""
    try:
        text = path.read_text(encoding="utf-8") if text is None else text
        shipped = parsed_packs().get(text_digest(text))
        if shipped is not None:
            return json.loads(shipped), True
        return yaml.load(text, Loader=_LineLoader), False
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise RuleError(f"{path}{line}: invalid YAML: {problem}") from None
    except RecursionError:  # PyYAML recurses once per level of nesting
        raise RuleError(f"{path}: invalid YAML: nested too deeply") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError(f"{path}: cannot read ({error})") from None


def line_suffix(data: Any, key: str) -> str:
    """`:line` of `key` in `data` (a mapping the YAML loader annotated), else nothing."""
    line = getattr(data, "lines", {}).get(key)
    return f":{line}" if line else ""


def line_of_path(data: Any, dotted: str) -> int | None:
    """The line of the deepest key the YAML recorded along `dotted`, an error's key path
    such as `options.parts.reviewed.patterns[0]` (None: no key of it has a line)."""
    return next((line for line in reversed(key_path_lines(data, dotted)) if line), None)


def key_path_lines(data: Any, dotted: str) -> list[int | None]:
    """The line of each key along `dotted` that `data` holds, up to the first it lacks."""
    lines: list[int | None] = []
    for part in dotted.split("."):
        name, _, index = part.partition("[")
        if not isinstance(data, dict) or name not in data:
            break
        lines.append(getattr(data, "lines", {}).get(name))
        data = data[name]
        position = index.rstrip("]")
        if position.isdigit() and isinstance(data, list):
            data = data[int(position)] if int(position) < len(data) else None
    return lines


def build_rule(data: Any, path: Path, options_override: dict | None = None) -> Rule:
    """Validate one rule's data and compile its options (with any overriding options merged)."""
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping with keys {', '.join(REQUIRED_KEYS)}")
    for key in data:
        if key not in RULE_KEYS:
            raise RuleError(f"{path}{line_suffix(data, key)}: unknown key {key!r} (allowed: {', '.join(RULE_KEYS)})")
    for key in REQUIRED_KEYS:
        if key not in data:
            raise RuleError(f"{path}: missing key {key!r}")
    if data["id"] != path.stem:
        raise RuleError(f"{path}{line_suffix(data, 'id')}: id {data['id']!r} must equal the file name {path.stem!r}")
    kind = CHECK_KINDS.get(data["kind"])
    if kind is None:
        raise RuleError(f"{path}{line_suffix(data, 'kind')}: unknown kind {data['kind']!r} "
                        f"(allowed: {', '.join(sorted(CHECK_KINDS))})")
    try:
        severity = Severity.parse(data["severity"])
    except ValueError as error:
        raise RuleError(f"{path}{line_suffix(data, 'severity')}: {error}") from None
    messages = data["messages"]
    if not isinstance(messages, dict) or set(messages) != set(kind.REASONS):
        raise RuleError(f"{path}{line_suffix(data, 'messages')}: messages must have exactly the keys "
                        f"{', '.join(kind.REASONS)} (the reasons of kind {data['kind']!r})")
    options_raw = dict(data["options"] or {})
    options_raw.update(options_override or {})
    try:
        options = kind.Options.parse(options_raw, "options")
    except OptionsError as error:
        line = line_of_path(data, str(error).split(":", 1)[0])
        raise RuleError(f"{path}{f':{line}' if line else ''}: {error}") from None
    example = data.get("example") or {}
    return Rule(data["id"], data["kind"], severity, str(data["summary"]).strip(), str(data["why"]).strip(),
                dict(messages), options, options_raw, dict(example), str(path), str(data.get("docs") or "").strip())


def load_rule(path: Path) -> Rule:
    """The rule in `path`. A built-in rule as shipped (the tests compile its patterns) has its
    pattern sets compiled on first use; any other file's are compiled, and checked, now."""
    data, shipped = _load_yaml(path, None)
    if not shipped:
        return build_rule(data, path)
    with deferred_compiling():
        return build_rule(data, path)


def builtin_rules_dir() -> Path:
    """The packaged rules (`linter/rules` in a wheel), else the source tree's `rules/`."""
    packaged = Path(__file__).parent / "rules"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "rules"


def rule_files(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.yaml"))


def load_pack(directory: Path) -> list[Rule]:
    """Every rule under `directory`, sorted by id; duplicate ids are an error."""
    if not directory.is_dir():
        raise RuleError(f"{directory}: rule pack folder not found")
    rules: dict[str, Rule] = {}
    for path in rule_files(directory):
        rule = load_rule(path)
        if rule.id in rules:
            raise RuleError(f"{path}: rule id {rule.id!r} is already defined in {rules[rule.id].path}")
        rules[rule.id] = rule
    return [rules[key] for key in sorted(rules)]
