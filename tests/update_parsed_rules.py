"""Regenerate linter/rules.parsed.json: the built-in rule packs as load_yaml parses them,
keyed by the SHA-256 of each file's text, so a run reads JSON instead of parsing YAML.

Run after changing any file in rules/:
    python tests/update_parsed_rules.py
tests/test_meta.py fails while the table is stale.
"""
from __future__ import annotations

import json
from unittest import mock

from linter import rulepack


def table() -> dict[str, str]:
    """What the table must hold now, every built-in file parsed from its YAML."""
    with mock.patch.object(rulepack, "parsed_packs", dict):
        return {rulepack.text_digest(path.read_text(encoding="utf-8")):
                rulepack.encode_parsed(rulepack.load_yaml(path))
                for path in rulepack.rule_files(rulepack.builtin_rules_dir())}


def main() -> None:
    rulepack.PARSED_PACKS.write_text(json.dumps(table(), ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                                     encoding="utf-8")
    print(f"wrote {rulepack.PARSED_PACKS}")


if __name__ == "__main__":
    main()
