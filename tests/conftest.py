"""Shared test fixtures: the built-in rules load once per session (compiling patterns is the slow part)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def builtin_rules():
    from linter import default_rules
    return default_rules()


@pytest.fixture(scope="session")
def rules_by_id(builtin_rules):
    return {rule.id: rule for rule in builtin_rules}
