"""Import spaCy without its command-line package.

`import spacy` also imports spacy.cli, the download, train and project commands with
typer, weasel, requests and httpx behind them: about a third of spaCy's import time
(a fifth of a one-file run), for code healthlint never calls. While spaCy's package
initialises, the name spacy.cli resolves to a placeholder; the placeholder is then
removed, so anything importing spacy.cli later gets the real package (until then
`spacy.cli` is not an attribute of spacy), and `spacy.info` imports it on first
call. Should a spaCy release need more of spacy.cli while it initialises, spaCy is
imported again the ordinary way.
"""
from __future__ import annotations

import importlib.machinery
import sys
import types

PLACEHOLDERS = ("spacy.cli", "spacy.cli.info")


def import_spacy() -> types.ModuleType:
    if "spacy" in sys.modules:
        import spacy

        return spacy
    placeholders = {name: types.ModuleType(name) for name in PLACEHOLDERS if name not in sys.modules}
    for name, module in placeholders.items():
        module.__path__ = []
        module.__spec__ = importlib.machinery.ModuleSpec(name, None, is_package=True)
    if "spacy.cli.info" in placeholders:
        placeholders["spacy.cli.info"].info = _info
    sys.modules.update(placeholders)
    try:
        import spacy
    except (ImportError, AttributeError, ValueError):
        for name in [name for name in sys.modules if name == "spacy" or name.startswith("spacy.")]:
            del sys.modules[name]  # half-initialised: start again from nothing
        import spacy
    finally:
        _remove(placeholders)
    if getattr(spacy, "cli", None) in placeholders.values():
        del spacy.cli
    return spacy


def _remove(placeholders: dict[str, types.ModuleType]) -> None:
    for name, module in placeholders.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]


def _info(*args, **kwargs):
    """spacy.info, from the real spacy.cli, imported when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)
