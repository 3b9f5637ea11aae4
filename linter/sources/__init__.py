"""Turn files and strings into Documents: decoding, format choice, reader dispatch.

Every failure is an `InputError` whose message is the one-line reason a writer reads.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from .document import Block, Comment, Document, Link
from .errors import InputError

FORMATS_BY_SUFFIX = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".txt": "txt"}
LINTED_SUFFIXES = frozenset(FORMATS_BY_SUFFIX)
MAX_BYTES = 20 * 1024 * 1024
# The WHATWG Encoding Standard reads these labels as windows-1252, as browsers do.
WINDOWS_1252_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

__all__ = ["Block", "Comment", "Document", "InputError", "Link", "decode", "format_for", "load", "normalise",
           "parse", "read_bytes", "read_source"]


def format_for(path: str) -> str:
    """md, html or txt by extension; anything else is read as plain text."""
    return FORMATS_BY_SUFFIX.get(Path(path).suffix.lower(), "txt")


def decode(data: bytes, fmt: str) -> str:
    """UTF-8 (with or without BOM), or the charset an HTML page declares.

    As in browsers, a UTF-8 BOM wins, then the page's declared charset, even when its
    bytes would also decode as UTF-8; Latin-1 and ASCII labels mean windows-1252.
    """
    if b"\x00" in data[:8192]:
        raise InputError("not text (binary content)")
    declared = None
    if fmt == "html" and not data.startswith(codecs.BOM_UTF8):
        declared = DECLARED_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            raise InputError(f"unknown declared charset {name!r}") from None
        if codec.startswith("utf-16"):  # a meta tag readable as ASCII is not UTF-16: browsers read UTF-8
            codec = "utf-8"
        if codec != "utf-8":
            try:
                return data.decode(WINDOWS_1252_ALIASES.get(codec, codec))
            except UnicodeDecodeError as error:
                if codec == "iso8859-1":  # the five bytes windows-1252 leaves undefined
                    return data.decode(codec)
                raise InputError(f"cannot decode as declared charset {name!r} (invalid byte at offset "
                                 f"{error.start})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 (invalid byte at offset {error.start}) and no declared charset") from None


def decode_article(data: bytes, fmt: str) -> str:
    """`decode(data)`, refusing input over the size limit (standard input is read one byte
    past it) and input that holds no text at all: an empty article is a mistake."""
    if len(data) > MAX_BYTES:
        raise InputError(f"input too large (the limit is {MAX_BYTES // 1048576} MiB)")
    text = decode(data, fmt)
    if not text.strip():
        raise InputError("empty (no text to lint)")
    return text


def normalise(source: str) -> str:
    """The text positions are counted in: LF line endings, no leading BOM, and U+FFFD for
    any lone surrogate (a str from the API may hold one; no tokenizer or output encodes it)."""
    source = LONE_SURROGATE.sub("\ufffd", source)
    return source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse(source: str, fmt: str, path: str) -> Document:
    """Read `source` (already decoded) as `fmt`; line endings are normalised to LF first,
    and a leading BOM dropped (editors show no column for it, and `decode` drops it too)."""
    source = normalise(source)
    if fmt == "md":
        from .markdown import read_markdown
        return read_markdown(path, source)
    if fmt == "html":
        from .html import read_html
        return read_html(path, source)
    from .text import read_text
    return read_text(path, source)


def load(path: str, fmt: str | None = None) -> Document:
    """Read the file at `path`; raises InputError with the reason it cannot be linted."""
    fmt = fmt or format_for(path)
    return parse(read_source(path, fmt), fmt, path)


def read_source(path: str, fmt: str | None = None) -> str:
    """The decoded text of the file at `path`; raises InputError with the reason it cannot be read."""
    return decode_article(read_bytes(path), fmt or format_for(path))


def read_bytes(path: str) -> bytes:
    """The bytes of the file at `path`; raises InputError with the reason it cannot be read.

    The file is opened without blocking and checked before it is read, so a named pipe
    or device cannot hang the run, and no more than MAX_BYTES + 1 bytes are ever read.
    """
    try:
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            status = os.fstat(handle.fileno())
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(status.st_mode):
                raise InputError("not a regular file (a pipe, socket or device)")
            # Asking for the size the file says it has, and one byte more to see its end: a read of
            # MAX_BYTES + 1 allocates that much first, and each allocation that large costs a
            # fresh mapping of memory from the system.
            data = handle.read(status.st_size + 1) if status.st_size <= MAX_BYTES else b""
            if len(data) > status.st_size:  # it grew, or does not say its size (/proc): read on to the limit
                data += handle.read(MAX_BYTES + 1 - len(data))
            if status.st_size > MAX_BYTES or len(data) > MAX_BYTES:
                raise InputError(f"file too large ({max(status.st_size, len(data)) / 1048576:.1f} MiB; the limit "
                                 f"is {MAX_BYTES // 1048576} MiB)")
    except FileNotFoundError:
        raise InputError("no such file") from None
    except IsADirectoryError:
        raise InputError("a folder with no articles in it "
                         f"(looked for {', '.join(sorted(LINTED_SUFFIXES))})") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as error:
        raise InputError(f"cannot read ({error.strerror or error})") from None
    return data
