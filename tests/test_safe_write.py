"""The atomic writer behind --fix and -o: a killed or failing write never leaves half a
file, keeps the original's permissions, and cleans up after itself.

The kill tests run the writer in a subprocess on tens of megabytes and SIGKILL it: once
at a point held open on purpose (after the temporary file is complete, before the
rename), and once at whatever point it has reached while the temporary file grows.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter import safe_write
from linter.cli import main
from linter.safe_write import write_atomically

SIZE = 40 * 1024 * 1024
ORIGINAL = b"# Sleep\n\nMagnesium may help.\n" * 1_000_000  # about 30 MB
WRITER = """
import os, sys, time
from linter import safe_write
path, hold = sys.argv[1], sys.argv[2] == "hold"
if hold:  # stop after the data is on disk, before the rename
    fsync = os.fsync
    def fsync_then_wait(descriptor):
        fsync(descriptor)
        print("synced", flush=True)
        time.sleep(120)
    os.fsync = fsync_then_wait
data = bytes(range(256)) * ({size} // 256)
print("writing", flush=True)
safe_write.write_atomically(path, data)
print("done", flush=True)
""".format(size=SIZE)
NEW = bytes(range(256)) * (SIZE // 256)


def temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(".healthlint-*.tmp"))


def start_writer(target: Path, hold: bool) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(target), "hold" if hold else "run"],
                            stdout=subprocess.PIPE, text=True)


def test_kill_before_the_rename_leaves_the_original_byte_identical(tmp_path):
    target = tmp_path / "article.md"
    target.write_bytes(ORIGINAL)
    writer = start_writer(target, hold=True)
    try:
        assert writer.stdout.readline() == "writing\n"
        assert writer.stdout.readline() == "synced\n"  # the temporary file is complete and fsynced
        [temporary] = temporaries(tmp_path)
        assert temporary.stat().st_size == SIZE
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    assert target.read_bytes() == ORIGINAL
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["article.md"]


def test_kill_while_writing_leaves_the_old_or_the_new_file_never_half(tmp_path):
    target = tmp_path / "article.md"
    caught_mid_write = 0
    for attempt in range(5):
        target.write_bytes(ORIGINAL)
        for stale in temporaries(tmp_path):
            stale.unlink()
        writer = start_writer(target, hold=False)
        try:
            assert writer.stdout.readline() == "writing\n"
            deadline = time.monotonic() + 60
            while not temporaries(tmp_path) and writer.poll() is None and time.monotonic() < deadline:
                pass
            writer.send_signal(signal.SIGKILL)
        finally:
            writer.wait(timeout=30)
        content = target.read_bytes()
        assert content in (ORIGINAL, NEW)  # all of one or all of the other
        if content == ORIGINAL:
            caught_mid_write += 1
            assert all(p.stat().st_size <= SIZE for p in temporaries(tmp_path))
    assert caught_mid_write, "the kill never landed before the rename"


def test_a_killed_writers_temporary_file_breaks_nothing_and_is_removed_by_the_next_write(tmp_path):
    article = tmp_path / "article.md"
    article.write_text("# Sleep\n\nMagnesium may help.\n", encoding="utf-8")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".healthlint-{int(dead.stdout)}-x1y2z3.tmp"
    stale.write_bytes(b"half a file")
    alive = tmp_path / f".healthlint-{os.getpid()}-a1b2c3.tmp"  # this test's process is running
    alive.write_bytes(b"in progress")

    checked = subprocess.run([sys.executable, "-m", "linter", "check", "."], cwd=tmp_path, capture_output=True,
                             text=True, timeout=120)
    assert checked.returncode == 1 and checked.stderr == ""
    assert checked.stdout.splitlines()[-1] == "1 file checked: 1 error, 0 warnings, 0 infos"

    fixed = subprocess.run([sys.executable, "-m", "linter", "check", "--fix", "article.md"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=120)
    assert fixed.returncode == 0, fixed.stderr
    assert not stale.exists()
    assert alive.read_bytes() == b"in progress"


@pytest.mark.parametrize("failing", ["fchmod", "fsync", "replace"])  # first, middle and last step
def test_an_error_mid_write_removes_the_temporary_file_and_keeps_the_original(tmp_path, monkeypatch, failing):
    target = tmp_path / "article.md"
    target.write_bytes(b"original\r\n")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safe_write.os, failing, fail)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(str(target), b"new")
    assert target.read_bytes() == b"original\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["article.md"]


def test_interrupt_mid_write_removes_the_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "article.md"
    target.write_bytes(b"original")

    def interrupt(descriptor):
        raise KeyboardInterrupt

    monkeypatch.setattr(safe_write.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(str(target), "new")
    assert [p.name for p in tmp_path.iterdir()] == ["article.md"]
    assert target.read_bytes() == b"original"


def test_a_new_file_gets_the_usual_permissions_and_an_existing_one_keeps_its_own(tmp_path):
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "report.txt"
        write_atomically(str(fresh), "report")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o600)
        write_atomically(str(kept), "new")
        assert (kept.read_text(encoding="utf-8"), kept.stat().st_mode & 0o777) == ("new", 0o600)
    finally:
        os.umask(umask)


def test_report_output_uses_the_writer_and_a_read_only_report_is_one_line_exit_2(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("# Sleep\n\nMagnesium may help.\n", encoding="utf-8")
    report = tmp_path / "report.json"
    report.write_text("old report", encoding="utf-8")
    report.chmod(0o444)
    result = CliRunner().invoke(main, ["check", "-f", "json", "-o", str(report), str(article)])
    assert result.exit_code == 2
    assert result.stderr == f"healthlint: {report}: cannot write (read-only file)\n"
    assert report.read_text(encoding="utf-8") == "old report"
    report.chmod(0o644)
    result = CliRunner().invoke(main, ["check", "-f", "json", "-o", str(report), str(article)])
    assert result.exit_code == 1 and '"medical-disclaimer"' in report.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "report.json"]
