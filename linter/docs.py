"""Rule documentation generated from the rule files: the CLI's `rules` output and the README table."""
from __future__ import annotations

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
