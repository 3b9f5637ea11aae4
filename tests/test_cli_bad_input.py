"""Bad input through the real command (`python -m linter check` in a subprocess).

Each bad file, config or rule pack gives exactly one stderr line naming it and the
reason, the exit code is 2, and the good article in the same run is still linted and
reported. Every run has a timeout: a pipe, a huge file or a hostile pattern must not
hang it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_cli import _bad_binary, _bad_front_matter, _bad_utf8, _missing  # the same bad files, in-process there

GOOD = "# Sleep\n\nMagnesium may help some people sleep.\n"
GOOD_FINDINGS = [("good.md", "medical-disclaimer")]
MIB = 1024 * 1024
# Runs the real CLI and records its peak memory (KiB) in the file named by the first argument.
RUN_RECORDING_PEAK = ("import atexit, resource, sys; peak = sys.argv.pop(1); "
                      "atexit.register(lambda: open(peak, 'w').write("
                      "str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))); "
                      "from linter.cli import main; main()")


def healthlint(*args, cwd: Path, stdin: bytes | None = None, command=("-m", "linter")):
    return subprocess.run([sys.executable, *map(str, command), "check", "--format", "json", *map(str, args)], cwd=cwd,
                          input=stdin, capture_output=True, timeout=180)


def assert_reported_and_others_linted(result, errors: list[tuple[str, str]], findings=GOOD_FINDINGS) -> None:
    """Exit 2, one stderr line per (name, reason), and the good article's findings on stdout."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.decode("utf-8", "replace").splitlines()
    assert len(lines) == len(errors), lines
    for line, (name, reason) in zip(lines, errors):
        assert line.startswith(f"healthlint: {name}: {reason}"), line
    report = json.loads(result.stdout)
    assert [(f["path"], f["rule"]) for f in report["findings"]] == findings


@pytest.fixture
def site(tmp_path):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    return tmp_path


# Bad articles -----------------------------------------------------------------------

def _empty(folder: Path) -> tuple[str, str]:
    (folder / "empty.md").write_bytes(b"")
    return "empty.md", "empty (no text to lint)"


def _only_whitespace_and_bom(folder: Path) -> tuple[str, str]:
    (folder / "blank.txt").write_bytes(b"\xef\xbb\xbf \n\r\n\t\n")
    return "blank.txt", "empty (no text to lint)"


def _symlink_loop(folder: Path) -> tuple[str, str]:
    (folder / "loop.md").symlink_to("loop2.md")
    (folder / "loop2.md").symlink_to("loop.md")
    return "loop.md", "cannot read (Too many levels of symbolic links)"


def _named_pipe(folder: Path) -> tuple[str, str]:
    os.mkfifo(folder / "pipe.md")  # opening it for reading would wait for a writer forever
    return "pipe.md", "not a regular file (a pipe, socket or device)"


BAD_ARTICLES = (_bad_binary, _bad_utf8, _empty, _only_whitespace_and_bom, _missing, _symlink_loop, _named_pipe,
                _bad_front_matter)


def test_every_bad_article_is_one_line_exit_2_and_the_good_one_is_still_linted(site):
    bad = dict(make(site) for make in BAD_ARTICLES)
    result = healthlint(*bad, "good.md", cwd=site)
    assert_reported_and_others_linted(result, sorted(bad.items()))
    errors = json.loads(result.stdout)["errors"]
    assert [error["path"] for error in errors] == sorted(bad)
    assert all(error["message"].startswith(bad[error["path"]]) for error in errors)


def test_a_50_mib_article_is_refused_without_being_read(site, tmp_path_factory):
    with open(site / "huge.md", "wb") as huge:
        huge.write(b"# Sleep\n\nAbout 40% of adults sleep less than they should.\n")
        huge.truncate(50 * MIB)
    peaks = tmp_path_factory.mktemp("peaks")
    # Both runs lint good.md afresh: an answer from the cache would need no pipeline at all.
    result = healthlint("--no-cache", "huge.md", "good.md", cwd=site, command=("-c", RUN_RECORDING_PEAK, peaks / "huge"))
    assert_reported_and_others_linted(result, [("huge.md", "file too large (50.0 MiB; the limit is 20 MiB)")])
    baseline = healthlint("--no-cache", "good.md", cwd=site, command=("-c", RUN_RECORDING_PEAK, peaks / "small"))
    assert baseline.returncode == 1
    grown_kib = int((peaks / "huge").read_text()) - int((peaks / "small").read_text())
    assert grown_kib < 20 * 1024, f"peak memory grew by {grown_kib} KiB for a file that is never read"


@pytest.mark.skipif(not os.path.isfile("/proc/self/status"), reason="needs Linux's /proc")
def test_a_file_that_does_not_state_its_size_is_read_whole():
    from linter.sources import read_bytes

    assert os.stat("/proc/self/status").st_size == 0  # read at its stated size, it would be one byte
    assert b"\nPid:" in read_bytes("/proc/self/status")


def test_standard_input_over_the_limit_is_refused(site):
    result = healthlint("-", "good.md", "--stdin-filename", "pasted.md", cwd=site, stdin=b"word " * (5 * MIB))
    assert_reported_and_others_linted(result, [("pasted.md", "input too large (the limit is 20 MiB)")])


def test_empty_standard_input_is_refused(site):
    result = healthlint("-", "good.md", cwd=site, stdin=b"")
    assert_reported_and_others_linted(result, [("<stdin>", "empty (no text to lint)")])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder, so a permission error cannot happen")
def test_a_folder_without_read_permission_is_reported(site):
    locked = site / "locked"
    locked.mkdir()
    (locked / "secret.md").write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        result = healthlint(".", cwd=site)
    finally:
        locked.chmod(0o755)
    assert_reported_and_others_linted(result, [("./locked", "permission denied")], [("./good.md", "medical-disclaimer")])


def test_a_file_deleted_after_discovery_is_reported(site):
    (site / "doomed.md").write_text(GOOD, encoding="utf-8")
    # The real CLI, with the folder search wrapped to delete one file after it was found.
    delete_after_discovery = (
        "import os, linter.engine as engine; found = engine.collect; "
        "engine.collect = lambda *given: (lambda files: [os.unlink('doomed.md'), files][1])(found(*given)); "
        "from linter.cli import main; main()")
    result = healthlint(".", cwd=site, command=("-c", delete_after_discovery))
    assert_reported_and_others_linted(result, [("./doomed.md", "no such file")],
                                      [("./good.md", "medical-disclaimer")])


def test_a_file_name_that_is_not_utf8_is_linted_and_reported_in_every_format(site):
    name = os.fsdecode(b"caf\xe9.md")
    (site / name).write_text(GOOD, encoding="utf-8")
    for output_format in ("text", "json", "html", "sarif", "junit", "github"):
        result = subprocess.run([sys.executable, "-m", "linter", "check", "-f", output_format, "."], cwd=site,
                                capture_output=True, timeout=180)
        assert (result.returncode, result.stderr) == (1, b""), (output_format, result.stderr[-500:])
        assert result.stdout


# Declared charsets are honoured -----------------------------------------------------

@pytest.mark.parametrize("declaration, encoding", [
    ('<meta charset="windows-1252">', "cp1252"),
    ("<meta charset=iso-8859-1>", "cp1252"),  # browsers read Latin-1 labels as windows-1252
    ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "cp1252"),
    ('<meta http-equiv="content-type" content="text/html; charset=koi8-r">', "koi8-r"),
    ('<meta charset="utf-16">', "utf-8"),  # a declaration readable as ASCII is not UTF-16: read as UTF-8
])
def test_declared_charset_is_honoured_with_columns_in_characters(site, declaration, encoding):
    prose = "\u201cSleep\u201d: about 40% of adults snore." if encoding == "cp1252" else \
        "\u0421\u043e\u043d: about 40% of adults snore."
    page = f"<html><head>{declaration}</head><body>\n<p>{prose}</p>\n</body></html>\n"
    (site / "page.html").write_bytes(page.encode(encoding))
    result = healthlint("page.html", cwd=site)
    assert (result.returncode, result.stderr) == (1, b"")
    statistic = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "unsourced-statistic"]
    line = page.splitlines()[1]
    assert [(f["line"], f["column"]) for f in statistic] == [(2, line.index("40%") + 1)]
    assert prose[:3] in statistic[0]["message"] or "40%" in statistic[0]["message"]


# Bad configuration and rule packs: reported, and the articles still linted -----------

def test_invalid_config_yaml(site):
    (site / "cfg.yaml").write_text("rules:\n  medical-disclaimer: [off\n", encoding="utf-8")
    result = healthlint("--config", "cfg.yaml", "good.md", cwd=site)
    assert_reported_and_others_linted(result, [("cfg.yaml:3", "invalid YAML: ")])


def test_config_nested_too_deeply(site):
    (site / ".healthlint.yaml").write_text("rules: " + "{a: " * 5_000 + "\n", encoding="utf-8")
    result = healthlint("good.md", cwd=site)
    # libyaml (in PyYAML's wheels) stops at its depth limit and names the line; the pure
    # Python parser would recurse until Python stops it, which the loader reports the same way.
    reason = "invalid YAML: exceeded maximum nesting depth" if yaml.__with_libyaml__ else \
        "invalid YAML: nested too deeply"
    name = f"{site / '.healthlint.yaml'}:1" if yaml.__with_libyaml__ else str(site / ".healthlint.yaml")
    assert_reported_and_others_linted(result, [(name, reason)])


@pytest.mark.parametrize("text, where", [
    ("locales: us\n", ".healthlint.yaml:1: locales: expected a list of locale codes"),
    ("fail_on: [error]\n", ".healthlint.yaml:1: fail_on: unknown severity"),
    ("rules:\n  medical-disclaimer:\n    severity: 3\n", ".healthlint.yaml:3: rules.medical-disclaimer.severity: "),
    ("rules:\n  unsourced-statistic:\n    options:\n      number_words: many\n",
     ".healthlint.yaml:4: rules.unsourced-statistic.options.number_words: expected a list of strings"),
])
def test_config_with_wrong_types(site, text, where):
    (site / ".healthlint.yaml").write_text(text, encoding="utf-8")
    result = healthlint("good.md", cwd=site)
    name, reason = where.split(": ", 1)
    assert_reported_and_others_linted(result, [(str(site / name), reason)])


def test_rule_pack_with_a_bad_spacy_pattern(site):
    (site / "house").mkdir()
    (site / "house" / "reviewed.yaml").write_text(
        "id: reviewed\nkind: required\nseverity: warning\nsummary: Say who reviewed it.\nwhy: Trust.\n"
        "messages:\n  missing: \"No reviewer; name one.\"\noptions:\n  statements: [[reviewed]]\n  parts:\n"
        "    reviewed:\n      patterns:\n        - [{LOWR: reviewed}, {LOWER: by}]\n", encoding="utf-8")
    result = healthlint("--rules", "house", "good.md", cwd=site)
    assert_reported_and_others_linted(result, [(
        os.path.join("house", "reviewed.yaml") + ":12",
        "options.parts.reviewed.patterns[0]: invalid token pattern: [pattern -> 0 -> LOWR] Extra inputs")])
