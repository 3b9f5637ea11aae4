"""spaCy imported without its command-line package (linter.spacy_import), in fresh interpreters."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

CHECK_PIPELINE = """
import sys
from linter.nlp import compile_patterns, pipeline
patterns = compile_patterns({"patterns": [[{"LIKE_NUM": True}, {"LOWER": "percent"}]]}, "test")
doc = pipeline().make_doc("About 40 percent of adults.")
from linter.gates import Scan
print("matches", patterns.spans(doc, Scan(doc.text)))
print("cli loaded", [name for name in ("spacy.cli", "typer", "weasel", "requests") if name in sys.modules])
import spacy, spacy.cli
print("real cli", hasattr(spacy.cli, "download"), callable(spacy.info))
"""


def _run(prelude: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", prelude + CHECK_PIPELINE], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    return result.stdout.splitlines()


def test_spacy_is_imported_without_its_cli_which_stays_importable():
    assert _run("") == ["matches [(1, 3)]", "cli loaded []", "real cli True True"]


def test_a_spacy_needing_more_of_its_cli_while_starting_is_imported_the_ordinary_way():
    # Without the spacy.cli.info placeholder, spaCy's own `from .cli.info import info` fails,
    # as it would if a release imported more of spacy.cli while it initialises.
    prelude = "import linter.spacy_import as loader\nloader.PLACEHOLDERS = ('spacy.cli',)\n"
    lines = _run(prelude)
    assert lines[0] == "matches [(1, 3)]"
    assert lines[1] != "cli loaded []"  # the ordinary import brought spacy.cli in
    assert lines[2] == "real cli True True"
