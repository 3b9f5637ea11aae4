"""Reporters: pure functions from a Report to the text of one output format.

Each module exposes `render(report, context) -> str`; only the CLI writes the
result out. Modules are imported on demand so a run loads only the format it prints.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Callable

REPORTERS = {
    "text": "text",
    "json": "json_report",
}


def _no_source(path: str) -> str | None:
    return None


@dataclass(frozen=True)
class RenderContext:
    """What a reporter may need beyond the findings: the rules run, colour, article sources."""

    rules: tuple = ()
    color: bool = False
    read_source: Callable[[str], str | None] = field(default=_no_source)


def render(name: str, report, context: RenderContext | None = None) -> str:
    return import_module(f"{__name__}.{REPORTERS[name]}").render(report, context or RenderContext())
