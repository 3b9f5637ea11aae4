"""Documentation generated from data: from the rule files, the CLI's `rules` output and the README's
rules table; from the config schema, the README's configuration reference."""
from __future__ import annotations

import json

import yaml

from .rulepack import Rule


def rules_table(rules: list[Rule]) -> str:
    width = max((len(rule.id) for rule in rules), default=0)
    return "".join(f"{rule.id:<{width}}  {rule.severity.label:<7}  {rule.summary}\n" for rule in rules)


def rules_markdown_table(rules: list[Rule]) -> str:
    rows = ["| Rule | Severity | What it checks |", "| --- | --- | --- |"]
    rows += [f"| `{rule.id}` | {rule.severity.label} | {rule.summary} |" for rule in rules]
    return "\n".join(rows) + "\n"


def rule_doc(rule: Rule) -> str:
    parts = [f"{rule.id} ({rule.severity.label}, kind: {rule.kind})", "", rule.summary, "",
             "Why:", _indent(rule.why)]
    if rule.docs:
        parts += ["", "What it checks:", _indent(rule.docs)]
    for label in ("bad", "good"):
        if rule.example.get(label):
            parts += ["", f"Example ({label}):", _indent(str(rule.example[label]).rstrip())]
    parts += ["", "Messages:"]
    parts += [f"  {reason}: {text}" for reason, text in sorted(rule.messages.items())]
    parts += ["", "Options (replace them under rules.<id>.options in the config, or add to their lists under "
              "rules.<id>.extend):",
              _indent(yaml.safe_dump(_plain(rule.raw_options), sort_keys=False, width=100, allow_unicode=True).rstrip())]
    return "\n".join(parts) + "\n"


def _plain(value):
    """Rule data as plain dicts and lists (the loader's line-tracking dicts do not dump)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _indent(text: str) -> str:
    return "\n".join("  " + line if line else "" for line in text.splitlines())


def rules_reference(rules: list[Rule]) -> str:
    """docs/rules.md: every rule's documentation, generated from the rule files."""
    parts = ["# Rules reference", "",
             "Generated from `rules/health/*.yaml` by `python tests/update_docs.py`; do not edit by hand.", ""]
    for rule in rules:
        parts += [f"## {rule.id}", "", f"Severity: `{rule.severity.label}`. Kind: `{rule.kind}`.", "",
                  rule.summary, "", f"**Why.** {rule.why}", ""]
        if rule.docs:
            parts += [rule.docs, ""]
        for label in ("bad", "good"):
            if rule.example.get(label):
                parts += [f"{label.capitalize()}:", "", "```markdown", str(rule.example[label]).rstrip(), "```", ""]
        parts += ["Messages:", ""]
        parts += [f"- `{reason}`: {text}" for reason, text in sorted(rule.messages.items())]
        parts.append("")
    return "\n".join(parts)


def config_reference(schema: dict) -> str:
    """The README's table of config keys, generated from linter/config.schema.json."""
    rows = ["| Key | Value | Default | What it does |", "| --- | --- | --- | --- |"]
    expanded: set[str] = set()
    for name, node in schema["properties"].items():
        rows += _key_rows(name, node, schema, expanded)
    return "\n".join(rows) + "\n"


def _key_rows(key: str, node: dict, schema: dict, expanded: set[str]) -> list[str]:
    """The row of `key`, then its sub-keys; a shared definition's sub-keys are listed once."""
    reference = node.get("$ref")
    node = _resolved(node, schema)
    default = node.get("default")
    shown = "" if default is None else f"`{default if isinstance(default, str) else json.dumps(default)}`"
    rows = [f"| `{key}` | {_value(node, schema)} | {shown} | {node.get('description', '')} |"]
    if reference is not None:
        if reference in expanded:
            return rows
        expanded.add(reference)
    children = [(f"{key}.{name}", child) for name, child in node.get("properties", {}).items()]
    if isinstance(node.get("additionalProperties"), dict):
        placeholder = node.get("propertyNames", {}).get("title", "name")
        children.append((f"{key}.<{placeholder}>", node["additionalProperties"]))
    for prefix, option in [(f"{key}[]", node.get("items", {})), *((key, o) for o in node.get("oneOf", []))]:
        properties = _resolved(option, schema).get("properties", {})
        children += [(f"{prefix}.{name}", child) for name, child in properties.items()]
    for child_key, child in children:
        rows += _key_rows(child_key, child, schema, expanded)
    return rows


def _resolved(node: dict, schema: dict) -> dict:
    """`node` with a local `$ref` replaced by its target (the node's own keywords win)."""
    if "$ref" not in node:
        return node
    target = schema
    for part in node["$ref"].removeprefix("#/").split("/"):
        target = target[part]
    return {**_resolved(target, schema), **{k: v for k, v in node.items() if k != "$ref"}}


def _value(node: dict, schema: dict) -> str:
    node = _resolved(node, schema)
    if "enum" in node:
        return " \\| ".join(f"`{value if isinstance(value, str) else json.dumps(value)}`" for value in node["enum"])
    if "oneOf" in node:
        return " or ".join(_value(option, schema) for option in node["oneOf"])
    types = [t for t in ([node["type"]] if isinstance(node.get("type"), str) else node.get("type", [])) if t != "null"]
    names = {"string": "text", "boolean": "`true` \\| `false`", "object": "mapping"}
    return " or ".join(f"list of {_value(node.get('items', {}), schema)}" if t == "array" else names.get(t, t)
                       for t in types)
