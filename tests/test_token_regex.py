"""REGEX in rule packs cannot hang a run: patterns are checked at load (RE2 must run
them; no nested quantifier) and matched by RE2 in linear time, with spaCy's own
REGEX semantics (search; IN: any matches; NOT_IN: none does)."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from linter import lint_text
from linter.gates import Scan
from linter.nlp import PatternError, compile_patterns, pipeline
from linter.rulepack import load_pack
from linter.token_regex import nested_quantifier


DATED_RULE = """\
id: dated
kind: required
severity: warning
summary: Every article must say when it was last reviewed.
why: Health advice goes out of date.
example:
  bad: "Magnesium may help some people sleep."
  good: "Last reviewed 2024-05-01."
messages:
  missing: "The article gives no review date; add one."
options:
  statements:
    - [date]
  parts:
    date:
      patterns:
        - [{TEXT: {REGEX: PATTERN}}]
"""


def pack_with(folder: Path, pattern: str) -> Path:
    (folder / "house").mkdir(parents=True, exist_ok=True)
    rule = DATED_RULE.replace("PATTERN", "'" + pattern.replace("'", "''") + "'")
    (folder / "house" / "dated.yaml").write_text(rule, encoding="utf-8")
    return folder / "house"


def found(pattern: str, text: str, tmp_path: Path) -> bool:
    """Whether `pattern` matches a token of `text` (the rule is quiet when it does)."""
    [rule] = load_pack(pack_with(tmp_path, pattern))
    return not lint_text(text, "txt", rules=[rule])


@pytest.mark.parametrize("pattern", ["(a+)+", "(a+)+$", "(?:x|y*){2,}", "((ab)+)+", "(\\w+\\s?)*", "(a{1,3})+",
                                     "(a*?)+", "(?P<n>a+)+", "(a+){3}"])
def test_nested_quantifiers_are_found(pattern):
    assert nested_quantifier(pattern)


@pytest.mark.parametrize("pattern", ["a+", "(ab)+", "(?:ab)+", "([a-z]+\\.)+com", "(a+)?", "(a+){1}", "[(+]+",
                                     "\\(a+\\)+", "^\\d+(\\.\\d+)?x$", "(x|y){2,}", "(a{2})+", "(?i)a+"])
def test_ordinary_patterns_pass(pattern):
    assert nested_quantifier(pattern) is None


@pytest.mark.parametrize("regex, reason", [
    ("(a+)+$", "has a nested quantifier '(a+)+', which can take exponential time"),
    ("(\\w)\\1", "cannot be matched in linear time (invalid escape sequence: \\1; backreferences"),
    ("(?=x)y", "cannot be matched in linear time (invalid perl operator: (?="),
    ("x{2000}", "cannot be matched in linear time (invalid repetition size"),
    ("(", "cannot be matched in linear time (missing ): ("),
])
def test_a_regex_that_cannot_run_in_linear_time_is_a_load_error(regex, reason):
    with pytest.raises(PatternError) as raised:
        compile_patterns({"patterns": [[{"LOWER": "when"}, {"TEXT": {"REGEX": {"IN": ["^ok$", regex]}}}]]},
                         "options.x")
    message = str(raised.value)
    assert message.startswith("options.x.patterns[0]: invalid token pattern: token 1: TEXT.REGEX: ")
    assert reason in message and "\n" not in message


@pytest.mark.parametrize("spec, reason", [
    ({"LENGTH": {"REGEX": "1"}}, "REGEX applies to text attributes only (allowed: ORTH, TEXT, LOWER,"),
    ({"_": {"anything": True}}, "extension attributes ('_') are not available in rule packs"),
    ({"LOWER": {"REGEX": {"IS_SUBSET": ["a"]}}}, "expected a regular expression, or {IN: [...]} or {NOT_IN:"),
])
def test_other_regex_misuse_is_a_load_error(spec, reason):
    with pytest.raises(PatternError, match=r"patterns\[0\]: invalid token pattern: token 0: ") as raised:
        compile_patterns({"patterns": [[spec]]}, "options.x")
    assert reason in str(raised.value)


@pytest.mark.parametrize("spec, matched", [
    ({"TEXT": {"REGEX": "^\\d{8}$"}}, ["20240501"]),
    ({"TEXT": {"REGEX": "\\d0"}}, ["20240501"]),  # search, not match
    ({"LOWER": {"REGEX": "^reviewed$"}}, ["Reviewed", "REVIEWED"]),
    ({"TEXT": {"REGEX": "^reviewed$"}}, []),
    ({"TEXT": {"REGEX": {"IN": ["^R", "^2"]}}}, ["Reviewed", "20240501", "REVIEWED"]),
    ({"TEXT": {"REGEX": {"NOT_IN": ["^R", "^2", "\\W"]}}}, ["on", "and"]),
    ({"LOWER": {"REGEX": "^r", "IN": ["reviewed"]}}, ["Reviewed", "REVIEWED"]),
    ({"SHAPE": {"REGEX": "^dddd"}}, ["20240501"]),
])
def test_regex_keeps_spacys_meaning(spec, matched):
    patterns = compile_patterns({"patterns": [[spec]]}, "options.x")
    text = "Reviewed on 20240501 and REVIEWED ."
    doc = pipeline()(text)
    assert [doc[start:end].text for start, end in patterns.spans(doc, Scan(text))] == matched


def test_matching_time_is_linear_in_the_token(tmp_path):
    # In Python's re this search is quadratic: a 20,000-digit token takes seconds, this one hours.
    token = "1" * 400_000
    started = time.perf_counter()
    assert not found("\\d+(\\.\\d+)?x", f"Reviewed {token} and then\n", tmp_path)
    assert found("\\d+(\\.\\d+)?x", f"Reviewed {token}.5x and then\n", tmp_path)
    assert time.perf_counter() - started < 30


def test_catastrophic_pattern_through_the_cli_is_a_load_error_not_a_hang(tmp_path):
    pack_with(tmp_path, "(a+)+$")
    (tmp_path / "article.md").write_text("# Sleep\n\n" + "a" * 5_000 + "!\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "linter", "check", "--rules", "house", "article.md"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    rule_file = Path("house") / "dated.yaml"
    patterns_line = DATED_RULE.splitlines().index("      patterns:") + 1
    assert line.startswith(f"healthlint: {rule_file}:{patterns_line}: options.parts.date.patterns[0]: "
                           "invalid token pattern: token 0: TEXT.REGEX: '(a+)+$' has a nested quantifier"), line
    # The article is still linted, with the built-in rules.
    assert "article.md:1:1: error medical-disclaimer" in result.stdout
