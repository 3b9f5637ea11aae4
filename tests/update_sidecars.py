"""Regenerate fixtures/articles/*.expected.yaml from the linter's current findings.

Run deliberately (python tests/update_sidecars.py) and read the diff: a sidecar is
the expected behaviour, and changing it changes what the tests accept.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_articles import ARTICLES, findings_of  # noqa: E402


def main() -> None:
    from linter import default_rules

    rules = default_rules()
    for path in ARTICLES:
        sidecar = path.with_name(path.stem + ".expected.yaml")
        findings = findings_of(path, rules)
        text = yaml.safe_dump({"findings": findings}, sort_keys=False, default_flow_style=None, width=120)
        sidecar.write_text(text, encoding="utf-8")
        print(f"{sidecar.name}: {len(findings)} findings")


if __name__ == "__main__":
    main()
