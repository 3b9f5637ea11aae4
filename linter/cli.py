"""The `healthlint` command: parse options, load config and rules, lint, report, exit.

The only module that writes to streams or exits. Exit codes: 0 nothing at or above
the fail level, 1 findings at or above it, 2 usage, configuration or input errors.
"""
from __future__ import annotations

import atexit
import gc
import os
import shutil
import sys
from contextlib import suppress
from pathlib import Path
from typing import Iterable, Iterator

import click

from . import __version__
from .finding import FileResult, Report, Severity
from .reporters import NEEDS_RULES, REPORTERS, RenderContext, render_pieces
from .safe_write import write_atomically

SEVERITIES = [s.label for s in Severity]
GC_THRESHOLD = 100_000  # allocations between collections of the youngest generation (Python's: 700)
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"healthlint: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _load_config(config_path: str | None, packs: tuple[str, ...], errors: list[str] | None = None):
    """The config (with the command line's extra packs); rules compile later, on first need.
    A config that does not load ends the run, or, given `errors`, is reported there and the
    defaults are used, so the articles are still linted (the exit code is 2 all the same)."""
    from .config import Config, ConfigError, discover, load
    from .rulepack import RuleError

    try:
        path = Path(config_path) if config_path else discover(Path.cwd())
        if config_path and not path.is_file():
            raise ConfigError(f"{config_path}: config file not found")
        return (load(path) if path else Config()).with_packs(tuple(Path(p) for p in packs))
    except (ConfigError, RuleError) as error:
        if errors is None:
            _fail(str(error))
        errors.append(str(error))
        return Config()


def _compiled(config, errors: list[str] | None = None):
    """`config` with every rule it can give an article loaded and compiled. One that does not
    compile ends the run, or, given `errors`, is reported there and the built-in rules serve."""
    from .config import Config, ConfigError
    from .rulepack import RuleError

    try:
        config.rules_for()
        return config
    except (ConfigError, RuleError) as error:
        if errors is None:
            _fail(str(error))
        errors.append(str(error))
        return _compiled(Config())


def _load_rules(config_path: str | None, packs: tuple[str, ...]):
    config = _compiled(_load_config(config_path, packs))
    return config, config.rules_for()


def _cache(config, options: tuple):
    """The cache for these settings, in the config file's folder (else the current one)."""
    from .cache import FOLDER, Cache, settings_digest
    from .config import pack_files

    folder = (config.path.parent if config.path else Path.cwd()) / FOLDER
    try:
        digest = settings_digest(repr(config), pack_files(config), options)
    except OSError:
        return None  # an unreadable pack: resolving the rules reports it
    return Cache(folder, digest)


def _refuse_output_over_an_article(output: str | None, files: list[str]) -> None:
    """-o must never overwrite an article: only --fix writes to articles."""
    if output and os.path.exists(output):
        report = os.stat(output)
        for path in files:
            with suppress(OSError):
                if os.path.samestat(report, os.stat(path)):
                    _fail(f"{output}: -o names an article being checked; choose another file for the report")


def _report_fixing(outcomes: list, output: str | None, show_diff: bool, stdin_data: bytes | None) -> bool:
    """Under --fix or --diff: say which files were not fixed and why, print the diff (--diff) or
    the fixed standard input (--fix -). True when a file could not be fixed."""
    for outcome in outcomes:
        if outcome.error:
            click.echo(f"healthlint: {outcome.result.path}: not fixed: {outcome.error}", err=True)
    if show_diff:
        diff = "".join(outcome.diff() for outcome in outcomes)
        _write_output(output, diff)
    elif stdin_data is not None:
        stdin_outcome = outcomes[0]
        if stdin_outcome.changed:
            sys.stdout.buffer.write(stdin_outcome.fixed.encode("utf-8"))
        else:  # passed through whole, even past the size limit, where reading stopped
            sys.stdout.buffer.write(stdin_data)
            shutil.copyfileobj(sys.stdin.buffer, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return any(outcome.error for outcome in outcomes)


def _write_output(output: str | None, text: str | Iterable[str], color: bool = False, err: bool = False) -> None:
    if output:
        try:
            write_atomically(output, text)
        except OSError as error:
            _fail(f"{output}: cannot write ({error.strerror or error})")
    else:
        for piece in [text] if isinstance(text, str) else _joined(text):
            click.echo(piece, nl=False, color=color, err=err)  # click would strip colour off a TTY


def _joined(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """Streamed pieces joined into writes of about `size` characters: a write per finding costs
    more than rendering it."""
    batch: list[str] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch)
            batch, length = [], 0
    if batch:
        yield "".join(batch)


def _read_source(path: str) -> str | None:
    """An article's text for reporters that quote it; None when it cannot be read."""
    from .sources import InputError, normalise, read_source

    try:
        return normalise(read_source(path))
    except InputError:
        return None


def _check_adoption_options(paths, baseline_path, write_baseline, changed_since) -> None:
    if write_baseline and (baseline_path or changed_since):
        _fail("--write-baseline records every finding; it cannot be combined with --baseline or --changed-since")
    if changed_since and "-" in paths:
        _fail("--changed-since lints files git knows; it cannot read standard input ('-')")


def _load_baseline(path: str):
    from .baseline import BaselineError, load

    try:
        return load(path)
    except BaselineError as error:
        _fail(str(error))


def _changes_since(ref: str, paths: list[str]):
    from .changes import ChangesError, changed_since

    try:
        return changed_since(ref, paths)
    except ChangesError as error:
        _fail(str(error))


def _write_baseline(path: str, report: Report) -> None:
    """Record the findings, say how many, and exit: 0, or 2 if some files could not be read."""
    from .baseline import record

    write_atomically(path, record(report, path, _read_source))
    findings, checked = len(report.findings), len(report.results)
    click.echo(f"{path}: recorded {findings} finding{'s' if findings != 1 else ''} from {checked} "
               f"file{'s' if checked != 1 else ''} checked")
    sys.exit(EXIT_ERROR if report.errors else EXIT_OK)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="healthlint")
def main() -> None:
    """Editorial compliance linter for health articles (Markdown, HTML, plain text)."""
    # A run allocates hundreds of thousands of short-lived objects (parser tokens, findings,
    # cache entries) and keeps few cycles: at Python's default thresholds the collector
    # walked every live object again and again, a sixth of a cached re-run.
    gc.set_threshold(GC_THRESHOLD)  # the youngest generation only; the older keep theirs
    # At exit, Python walks every object still alive for cycles to collect, spaCy's and the
    # rule packs' among them, a tenth of a second a one-file run spent after its output was
    # written. Frozen, they are left to the operating system; files are closed before then.
    atexit.unregister(gc.freeze)  # once, however often a process runs the CLI (the tests do)
    atexit.register(gc.freeze)


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
@click.option("--require-reason", is_flag=True, help="Report suppression directives that give no '-- reason'.")
@click.option("--report-unused-disables", is_flag=True, help="Report suppression directives that silenced nothing.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per CPU; small runs stay serial).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache folder (.healthlint_cache).")
@click.option("--fix", is_flag=True,
              help="Apply the fixes that have an exact edit, in place and atomically, then report what remains; "
                   "with '-', print the fixed text and send the report to stderr.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print a unified diff of what --fix would change instead of the report; write nothing.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
              help="Report only findings that the baseline FILE does not record.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), default=None,
              help="Record every finding in FILE (replacing it) instead of reporting them.")
@click.option("--changed-since", metavar="REF", default=None,
              help="Lint only articles changed since git REF; report findings on added or modified lines.")
def check(paths, output_format, fail_on, config_path, packs, stdin_filename, input_format, color, output,
          require_reason, report_unused_disables, jobs, no_cache, fix, show_diff, baseline_path, write_baseline,
          changed_since):
    """Lint articles: files, folders (searched for .md, .markdown, .html, .htm, .txt) or '-' for stdin."""
    from .batch import default_jobs, lint_files
    from .engine import collect, lint_bytes
    from .sources import MAX_BYTES, format_for

    load_errors: list[str] = []
    config = _load_config(config_path, packs, load_errors)
    _check_adoption_options(paths, baseline_path, write_baseline, changed_since)
    baseline = _load_baseline(baseline_path) if baseline_path else None
    prepared: list = []
    cache = None

    def prepare():
        """Each article's rules and the suppression settings, compiled on first need: a fully
        cached run never needs them."""
        if not prepared:
            from .suppress import SuppressOptions

            active = _compiled(config, load_errors)
            if active is not config and cache is not None:
                cache.disable()  # findings from the fallback rules must not answer for this config
            # Rules the config turned off are still rule ids a directive may name.
            prepared.extend([active.rules_for, SuppressOptions(active.known_rule_ids(), require_reason,
                                                               report_unused_disables)])
        return prepared

    results: list[FileResult] = []
    fixing = fix or show_diff
    if fixing:
        from .autofix import fix_file, fix_source
    outcomes = []  # what --fix or --diff did to each article
    stdin_data = None
    named = [p for p in paths if p != "-"]
    changes = _changes_since(changed_since, named) if changed_since else None
    file_paths = (collect(named, config.selection) if changes is None else
                  [path for path in changes.paths if config.selection.keeps_file(*os.path.split(path))])
    _refuse_output_over_an_article(output, file_paths)
    if "-" in paths:
        name = stdin_filename or "<stdin>"
        fmt = input_format or (format_for(stdin_filename) if stdin_filename else "md")
        stdin_data = sys.stdin.buffer.read(MAX_BYTES + 1)  # one byte past the limit: decoding refuses it
        rules_for, suppress = prepare()
        if fixing:
            outcomes.append(fix_source(stdin_data, fmt, name, rules_for(stdin_filename), suppress))
        else:
            results.append(lint_bytes(name, stdin_data, rules_for(stdin_filename), fmt, suppress))
    if fixing:  # serial and uncached: each article may be rewritten
        rules_for, suppress = prepare()
        outcomes += [fix_file(path, rules_for(path), input_format, not show_diff, suppress) for path in file_paths]
    else:
        cache = None if no_cache else _cache(config, (input_format, require_reason, report_unused_disables))
        results += lint_files(file_paths, prepare, input_format, jobs or default_jobs(), cache)
    report = Report(tuple(results + [outcome.result for outcome in outcomes]))
    rules = prepare()[0]() if output_format in NEEDS_RULES else ()
    for message in load_errors:
        click.echo(f"healthlint: {message}", err=True)
    for result in report.errors:
        click.echo(f"healthlint: {result.path}: {result.error}", err=True)
    if write_baseline:
        _write_baseline(write_baseline, report)
    if baseline is not None:
        report = baseline.filter(report, _read_source)
    if changes is not None:
        report = report.where(changes.touches)
    not_fixed = fixing and _report_fixing(outcomes, output, show_diff, stdin_data if fix else None)
    if show_diff:
        sys.exit(EXIT_ERROR if report.errors or not_fixed or load_errors else
                 EXIT_FINDINGS if any(outcome.changed for outcome in outcomes) else EXIT_OK)

    report_to_stderr = fix and stdin_data is not None  # stdout carries the fixed text
    terminal = (sys.stderr if report_to_stderr else sys.stdout).isatty()
    context = RenderContext(tuple(rules), color if color is not None else (output is None and terminal),
                            _read_source)
    _write_output(output, render_pieces(output_format, report, context), context.color, report_to_stderr)

    threshold = Severity.parse(fail_on) if fail_on else (config.fail_on or Severity.ERROR)
    if report.errors or not_fixed or load_errors:
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


@main.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .healthlint.yaml.")
def init(force):
    """Write a commented starter .healthlint.yaml (the defaults) in the current folder."""
    from .config import STARTER

    target = ".healthlint.yaml"
    if os.path.exists(target) and not force:
        _fail(f"{target}: already exists; edit it, or run 'healthlint init --force' to overwrite it")
    write_atomically(target, STARTER.read_text(encoding="utf-8"))
    click.echo(f"Wrote {target}; every value in it is the default, so edit it to taste.")
