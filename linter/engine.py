"""The core loop: read a file, analyse it once, run every rule, stamp findings.

Kinds yield hits in document-text offsets; the engine maps them to the original
line:col, formats the rule's message, applies the article's suppression directives
(suppress.py), and sorts. spaCy runs once per document, on the blocks some
pattern may match (linter.gates), one block at a time (the
tokenizer caches far better on short texts than on whole files).
"""
from __future__ import annotations

import os
from typing import Iterable

from .checks import CHECK_KINDS
from .checks.base import Article, Hit
from .file_selection import ALL_ARTICLES, FileSelection
from .finding import SORT_KEY, FileResult, Finding, Position, Report
from .rulepack import Rule
from .sources import Document, InputError, decode_article, format_for, parse, read_bytes
from .suppress import SuppressOptions, apply_directives


def _finding(rule: Rule, hit: Hit, document: Document) -> Finding:
    if hit.start is None:
        start = end = Position(1, 1)
    else:
        start = document.position(hit.start)
        end = document.end_position(hit.end if hit.end is not None else hit.start + 1)
    return Finding(document.path, start.line, start.column, rule.id, end.line, end.column,
                   hit.severity or rule.severity, rule.message(hit.reason, hit.params), hit.fix)


def lint(document: Document, rules: Iterable[Rule],
         suppress: SuppressOptions = SuppressOptions()) -> list[Finding]:
    """Every rule's findings, less those the document's directives silence, plus findings about them."""
    rules = list(rules)
    article = Article(document)
    findings = []
    for rule in rules:
        kind = CHECK_KINDS[rule.kind]
        findings.extend(_finding(rule, hit, document) for hit in kind.check(rule.options, article))
    return sorted(apply_directives(findings, document, rules, suppress), key=SORT_KEY)


def lint_source(source: str, fmt: str, path: str, rules: Iterable[Rule],
                suppress: SuppressOptions = SuppressOptions()) -> FileResult:
    try:
        document = parse(source, fmt, path)
    except InputError as error:
        return FileResult(path, error=str(error))
    return FileResult(path, tuple(lint(document, rules, suppress)))


def lint_file(path: str, rules: Iterable[Rule], fmt: str | None = None,
              suppress: SuppressOptions = SuppressOptions()) -> FileResult:
    try:
        data = read_bytes(path)
    except InputError as error:
        return FileResult(path, error=str(error))
    return lint_bytes(path, data, rules, fmt, suppress)


def lint_bytes(path: str, data: bytes, rules: Iterable[Rule], fmt: str | None = None,
               suppress: SuppressOptions = SuppressOptions()) -> FileResult:
    """Lint a file's bytes, already read (the cache hashes them first)."""
    fmt = fmt or format_for(path)
    try:
        source = decode_article(data, fmt)
    except InputError as error:
        return FileResult(path, error=str(error))
    return lint_source(source, fmt, path, rules, suppress)


def collect(paths: Iterable[str], selection: FileSelection = ALL_ARTICLES) -> list[str]:
    """Files to lint: named files as given, folders searched for the files `selection` keeps
    (by default every article extension); a path the selection excludes is skipped.

    A folder that holds no article, or that cannot be listed, is kept as given, so
    reading it reports that error.
    """
    found: set[str] = set()
    for given in paths:
        if selection.excludes(given):
            continue
        if os.path.isdir(given):
            articles: set[str] = set()
            for root, dirs, files in os.walk(given, onerror=lambda error: found.add(error.filename)):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and selection.keeps_dir(root, d))
                articles.update(os.path.join(root, name) for name in files if selection.keeps_file(root, name))
            found.update(articles or {given})
        else:
            found.add(given)
    return sorted(found)


def lint_paths(paths: Iterable[str], rules: list[Rule]) -> Report:
    return Report(tuple(lint_file(path, rules) for path in collect(paths)))
