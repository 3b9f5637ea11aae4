"""The `healthlint` command: parse options, load config and rules, lint, report, exit.

The only module that writes to streams or exits. Exit codes: 0 nothing at or above
the fail level, 1 findings at or above it, 2 usage, configuration or input errors.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .finding import FileResult, Report, Severity
from .reporters import REPORTERS, RenderContext, render

SEVERITIES = [s.label for s in Severity]
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"healthlint: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _load_rules(config_path: str | None, packs: tuple[str, ...], errors: list[str] | None = None):
    """The config and rules. A config or rule pack that does not load ends the run, or,
    given `errors`, is reported there and the built-in rules are used, so the articles
    are still linted (the exit code is 2 all the same)."""
    from .config import Config, ConfigError, discover, load, resolve_rules
    from .rulepack import RuleError

    try:
        path = Path(config_path) if config_path else discover(Path.cwd())
        if config_path and not path.is_file():
            raise ConfigError(f"{config_path}: config file not found")
        config = load(path) if path else Config()
        return config, resolve_rules(config, tuple(Path(p) for p in packs))
    except (ConfigError, RuleError) as error:
        if errors is None:
            _fail(str(error))
        errors.append(str(error))
        return Config(), resolve_rules(Config())


def write_atomically(path: str, text: str) -> None:
    """Write via a temporary file in the same folder and rename, so readers never see half a file."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".healthlint-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _read_source(path: str) -> str | None:
    """An article's text for reporters that quote it; None when it cannot be read."""
    from .sources import InputError, normalise, read_source

    try:
        return normalise(read_source(path))
    except InputError:
        return None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="healthlint")
def main() -> None:
    """Editorial compliance linter for health articles (Markdown, HTML, plain text)."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-f", "--format", "output_format", type=click.Choice(sorted(REPORTERS)), default="text",
              show_default=True, help="Output format.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Lowest severity that makes the exit code 1 (default: error, or the config's fail_on).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Config file (default: nearest .healthlint.yaml, healthlint.yaml or pyproject.toml).")
@click.option("--rules", "packs", multiple=True, type=click.Path(file_okay=False),
              help="Extra rule pack folder (repeatable).")
@click.option("--stdin-filename", default=None, help="With '-': the name to report; its extension gives the format.")
@click.option("--input-format", type=click.Choice(["md", "html", "txt"]), default=None,
              help="Read every input as this format instead of choosing by extension.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: only on a terminal).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write the report to FILE.")
def check(paths, output_format, fail_on, config_path, packs, stdin_filename, input_format, color, output):
    """Lint articles: files, folders (searched for .md, .markdown, .html, .htm, .txt) or '-' for stdin."""
    from .engine import collect, lint_file, lint_source
    from .sources import format_for, InputError, read_stream

    load_errors: list[str] = []
    config, rules = _load_rules(config_path, packs, load_errors)
    results: list[FileResult] = []
    file_paths = [p for p in paths if p != "-"]
    if "-" in paths:
        name = stdin_filename or "<stdin>"
        fmt = input_format or (format_for(stdin_filename) if stdin_filename else "md")
        try:
            results.append(lint_source(read_stream(sys.stdin.buffer, fmt), fmt, name, rules))
        except InputError as error:
            results.append(FileResult(name, error=str(error)))
    for path in collect(file_paths):
        results.append(lint_file(path, rules, input_format))
    report = Report(tuple(results))
    for message in load_errors:
        click.echo(f"healthlint: {message}", err=True)
    for result in report.errors:
        click.echo(f"healthlint: {result.path}: {result.error}", err=True)

    context = RenderContext(tuple(rules), color if color is not None else (output is None and sys.stdout.isatty()),
                            _read_source)
    rendered = render(output_format, report, context)
    if output:
        write_atomically(output, rendered)
    else:
        click.echo(rendered, nl=False, color=context.color)  # click would strip colour off a TTY

    threshold = Severity.parse(fail_on) if fail_on else (config.fail_on or Severity.ERROR)
    if report.errors or load_errors:
        sys.exit(EXIT_ERROR)
    worst = report.worst()
    sys.exit(EXIT_FINDINGS if worst is not None and worst >= threshold else EXIT_OK)


@main.command("rules")
@click.argument("rule_id", required=False)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help="Config file.")
@click.option("--rules", "packs", multiple=True, type=click.Path(file_okay=False), help="Extra rule pack folder.")
def rules_command(rule_id, config_path, packs):
    """List the rules, or print one rule's documentation."""
    from .docs import rule_doc, rules_table

    _, rules = _load_rules(config_path, packs)
    if rule_id is None:
        click.echo(rules_table(rules), nl=False)
        return
    found = next((rule for rule in rules if rule.id == rule_id), None)
    if found is None:
        _fail(f"unknown rule id {rule_id!r} (known: {', '.join(rule.id for rule in rules)})")
    click.echo(rule_doc(found), nl=False)
