"""Regenerate docs/rules.md and the README's rules table from the rule files, and the README's
configuration reference from linter/config.schema.json."""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- rules-table:begin -->", "<!-- rules-table:end -->"
CONFIG_BEGIN, CONFIG_END = "<!-- config-reference:begin -->", "<!-- config-reference:end -->"


def main() -> None:
    from linter import default_rules
    from linter.config import SCHEMA
    from linter.docs import config_reference, rules_markdown_table, rules_reference

    rules = default_rules()
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "rules.md").write_text(rules_reference(rules), encoding="utf-8")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    text = _between(text, BEGIN, END, rules_markdown_table(rules))
    text = _between(text, CONFIG_BEGIN, CONFIG_END, config_reference(json.loads(SCHEMA.read_text(encoding="utf-8"))))
    readme.write_text(text, encoding="utf-8")


def _between(text: str, begin: str, end: str, generated: str) -> str:
    return re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: f"{begin}\n{generated}{end}", text, flags=re.S)


if __name__ == "__main__":
    main()
