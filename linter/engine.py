"""The core loop: read a file, analyse it once, run every rule, stamp findings.

Kinds yield hits in document-text offsets; the engine maps them to the original
line:col, formats the rule's message, and sorts. spaCy runs once per document,
on its blocks (the tokenizer caches far better on short texts than on whole files).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .checks import CHECK_KINDS
from .checks.base import Article, Hit
from .finding import FileResult, Finding, Position, Report
from .nlp import pipeline
from .rulepack import Rule
from .sources import LINTED_SUFFIXES, Document, InputError, load, parse


def analyse(document: Document) -> Article:
    nlp = pipeline()
    texts = (document.block_text(block) for block in document.blocks)
    return Article(document, list(nlp.pipe(texts)))


def _finding(rule: Rule, hit: Hit, document: Document) -> Finding:
    if hit.start is None:
        start = end = Position(1, 1)
    else:
        start = document.position(hit.start)
        end = document.end_position(hit.end if hit.end is not None else hit.start + 1)
    return Finding(document.path, start.line, start.column, rule.id, end.line, end.column,
                   hit.severity or rule.severity, rule.message(hit.reason, hit.params), hit.fix)


def lint(document: Document, rules: Iterable[Rule]) -> list[Finding]:
    article = analyse(document)
    findings = []
    for rule in rules:
        kind = CHECK_KINDS[rule.kind]
        findings.extend(_finding(rule, hit, document) for hit in kind.check(rule.options, article))
    return sorted(findings)


def lint_source(source: str, fmt: str, path: str, rules: Iterable[Rule]) -> FileResult:
    try:
        document = parse(source, fmt, path)
    except InputError as error:
        return FileResult(path, error=str(error))
    return FileResult(path, tuple(lint(document, rules)))


def lint_file(path: str, rules: Iterable[Rule], fmt: str | None = None) -> FileResult:
    try:
        document = load(path, fmt)
    except InputError as error:
        return FileResult(path, error=str(error))
    return FileResult(path, tuple(lint(document, rules)))


def collect(paths: Iterable[str]) -> list[str]:
    """Files to lint: named files as given, folders searched for article extensions.

    A folder that holds no article, or that cannot be listed, is kept as given, so
    reading it reports that error.
    """
    found: set[str] = set()
    for given in paths:
        if os.path.isdir(given):
            articles: set[str] = set()
            for root, dirs, files in os.walk(given, onerror=lambda error: found.add(error.filename)):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                articles.update(os.path.join(root, name) for name in files
                                if Path(name).suffix.lower() in LINTED_SUFFIXES)
            found.update(articles or {given})
        else:
            found.add(given)
    return sorted(found)


def lint_paths(paths: Iterable[str], rules: list[Rule]) -> Report:
    return Report(tuple(lint_file(path, rules) for path in collect(paths)))
