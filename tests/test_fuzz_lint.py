"""Property tests of the whole lint path (read, analyse, every built-in rule, stamp) on
generated hostile articles in all three formats.

Properties: linting never raises (malformed Markdown front matter is the one input
error, reported, not raised); every finding's start and end lie inside the file, end
not before start; each finding points at the text its rule flagged (the source
character at its start and the one before its end spell the flagged text's first
and last characters); findings are sorted, and two runs give equal findings.
Run the long mode with HEALTHLINT_FUZZ_EXAMPLES=N.
"""
from __future__ import annotations

from hypothesis import given

from article_strategies import FUZZ, articles_any_format
from linter.checks import CHECK_KINDS
from linter.checks.base import Article
from linter.engine import lint_source
from linter.finding import Position
from linter.sources import normalise
from test_fuzz_readers import read, spells


def assert_inside(lines: list[str], position: Position) -> None:
    assert 1 <= position.line <= len(lines), position
    assert 1 <= position.column <= len(lines[position.line - 1]) + 1, position


@FUZZ
@given(articles_any_format())
def test_linting_never_raises_and_findings_lie_inside_the_file(builtin_rules, article):
    source, fmt = article
    result = lint_source(source, fmt, "fuzz", builtin_rules)
    if result.error is not None:
        assert fmt == "md" and result.error.startswith("malformed front matter"), result.error
        assert "\n" not in result.error
        return
    lines = normalise(source).split("\n")
    for finding in result.findings:
        start, end = Position(finding.line, finding.column), Position(finding.end_line, finding.end_column)
        assert_inside(lines, start)
        assert_inside(lines, end)
        assert start <= end, finding
        assert finding.message and "\n" not in finding.message
    assert list(result.findings) == sorted(result.findings)
    assert lint_source(source, fmt, "fuzz", builtin_rules) == result


@FUZZ
@given(articles_any_format())
def test_findings_point_at_the_text_their_rule_flagged(builtin_rules, article):
    source, fmt = article
    document = read(source, fmt)
    if document is None:
        return
    article_ = Article(document)
    normalised = document.source
    for rule in builtin_rules:
        for hit in CHECK_KINDS[rule.kind].check(rule.options, article_):
            if hit.start is None:
                continue
            flagged = document.text[hit.start:hit.end]
            assert flagged.strip(), (rule.id, hit)
            quoted = hit.params.get("claim", hit.params.get("item", hit.params.get("trigger")))
            # A pitch's sentence holds what its message quotes; a claim's quote starts with the
            # flagged words and may run on to what they count ("95% of" quoted as "95% of adults").
            assert quoted is None or quoted in flagged or (
                "claim" in hit.params and document.text.startswith(quoted, hit.start)), (rule.id, quoted, flagged)
            first = document.source_offset(hit.start)
            last = document.source_offset(hit.end - 1)
            assert spells(normalised, first, flagged[0]), (rule.id, flagged, normalised[first:first + 20])
            assert spells(normalised, last, flagged[-1]), (rule.id, flagged, normalised[last - 20:last + 1])
            start, end = document.position(hit.start), document.end_position(hit.end)
            assert (start.line, start.column) <= (end.line, end.column)

