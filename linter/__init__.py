"""healthlint: an editorial compliance linter for health articles.

Public API: `lint_text()` for a string, `lint_paths()` for files and folders.
Heavy modules (spaCy, the readers) load on first use, not on import.
"""
from __future__ import annotations

__version__ = "0.1.0"


def default_rules():
    """The built-in rule pack, loaded once per call."""
    from .rulepack import builtin_rules_dir, load_pack
    return load_pack(builtin_rules_dir())


def lint_text(text: str, fmt: str = "md", path: str = "<text>", rules=None):
    """Findings for one article given as a string (`fmt`: md, html or txt)."""
    from .engine import lint_source
    result = lint_source(text, fmt, path, default_rules() if rules is None else rules)
    if result.error:
        from .sources import InputError
        raise InputError(result.error)
    return list(result.findings)


def lint_paths(paths, rules=None):
    """A Report for files and folders (folders are searched for .md, .html, .htm, .txt)."""
    from .engine import lint_paths as run
    return run(list(paths), default_rules() if rules is None else rules)
