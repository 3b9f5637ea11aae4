"""Write a file so that no reader, and no crash, ever sees half of it.

The new bytes go to a temporary file in the target's own folder (a rename is atomic only
within one filesystem), are flushed and fsynced, and the temporary file is renamed over
the target with `os.replace`; the folder is then fsynced so the rename survives a power
cut. The target keeps its permission bits (and its owner where the OS allows), a symlink
stays a link to the file it names, and a read-only file is refused, not replaced. On
any error the temporary file is removed. Only a process killed outright (SIGKILL, power
loss) leaves one behind: it is named `.healthlint-<pid>-<random>.tmp`, which no run
lints, and the next write into that folder removes those whose process is gone.
"""
from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from contextlib import suppress
from typing import Iterable

PREFIX = ".healthlint-"
SUFFIX = ".tmp"
TEMPORARY_NAME = re.compile(r"\.healthlint-(\d+)-\w+\.tmp\Z")
_swept_folders: set[str] = set()


def write_atomically(path: str, data: bytes | str | Iterable[str]) -> None:
    """Replace the file at `path` by `data` (text is written as UTF-8; an iterable of text
    pieces is written as it comes, so a large report never sits whole in memory), all at
    once or not at all."""
    pieces = [data] if isinstance(data, (bytes, str)) else data
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    existing = _existing(target, path)
    remove_stale_temporaries(folder)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f"{PREFIX}{os.getpid()}-", suffix=SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            _copy_metadata(stream.fileno(), existing)
            for piece in pieces:
                stream.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)


def remove_stale_temporaries(folder: str) -> None:
    """Delete temporary files left in `folder` by writers that were killed; once per folder per run."""
    if folder in _swept_folders or os.name != "posix":
        return
    _swept_folders.add(folder)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = TEMPORARY_NAME.match(entry.name)
        if match and not _process_alive(int(match.group(1))):
            with suppress(OSError):
                os.unlink(entry.path)


def _existing(target: str, given: str) -> os.stat_result | None:
    """The target's status, or None for a new file; a read-only file raises PermissionError."""
    try:
        status = os.stat(target)
    except FileNotFoundError:
        return None
    # root may write anywhere, so the permission bits themselves also count.
    if stat.S_ISREG(status.st_mode) and (not os.access(target, os.W_OK) or not status.st_mode & 0o222):
        raise PermissionError(errno.EACCES, "read-only file", given)
    return status


def _copy_metadata(descriptor: int, existing: os.stat_result | None) -> None:
    if existing is None:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(descriptor, 0o666 & ~umask)  # what a plain open() would have created
        return
    os.fchmod(descriptor, stat.S_IMODE(existing.st_mode))
    with suppress(PermissionError):
        os.fchown(descriptor, existing.st_uid, existing.st_gid)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    except (OverflowError, ValueError):
        return False
    return True


def _fsync_folder(folder: str) -> None:
    """Make the rename durable. The new file is already in place, so a folder that cannot
    be opened or synced (some filesystems refuse) weakens durability, not atomicity."""
    with suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
