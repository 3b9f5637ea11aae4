"""Regenerate docs/rules.md and the README's rules table from the rule files."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- rules-table:begin -->", "<!-- rules-table:end -->"


def main() -> None:
    from linter import default_rules
    from linter.docs import rules_markdown_table, rules_reference

    rules = default_rules()
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "rules.md").write_text(rules_reference(rules), encoding="utf-8")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    table = f"{BEGIN}\n{rules_markdown_table(rules)}{END}"
    readme.write_text(re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: table, text, flags=re.S),
                      encoding="utf-8")


if __name__ == "__main__":
    main()
