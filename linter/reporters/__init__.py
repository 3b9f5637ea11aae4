"""Reporters: pure functions from a Report to the text of one output format.

Each module exposes `render(report, **options) -> str`; only the CLI writes it out.
Modules are imported on demand so a run loads only the format it prints.
"""
from importlib import import_module

REPORTERS = {
    "text": "text",
    "json": "json_report",
}


def render(name: str, report, **options) -> str:
    return import_module(f"{__name__}.{REPORTERS[name]}").render(report, **options)
