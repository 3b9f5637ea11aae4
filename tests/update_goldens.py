"""Regenerate the golden reports in fixtures/reports/, deliberately, then read the diff.

    .venv/bin/python tests/update_goldens.py

A golden is exactly what `healthlint check fixtures/reports/input --config
fixtures/reports/healthlint.yaml -f FORMAT -o FILE` writes when run from the
repository root; tests/test_reporters.py renders the same way and compares bytes.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "fixtures" / "reports"
ARGS = ["check", "fixtures/reports/input", "--config", "fixtures/reports/healthlint.yaml"]
GOLDENS = {
    "text": "report.txt",
    "json": "report.json",
    "html": "report.html",
    "sarif": "report.sarif",
    "github": "report.github.txt",
    "junit": "report.junit.xml",
}


def render_golden(fmt: str, output: Path) -> int:
    """Run the CLI from the repository root, writing format `fmt` to `output`; return its exit code."""
    from click.testing import CliRunner

    from linter.cli import main

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, [*ARGS, "-f", fmt, "-o", str(output)])
    finally:
        os.chdir(cwd)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code


def main() -> None:
    for fmt, name in GOLDENS.items():
        code = render_golden(fmt, REPORTS / name)
        print(f"{fmt}: wrote fixtures/reports/{name} (exit code {code})")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
