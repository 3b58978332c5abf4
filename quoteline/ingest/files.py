"""Files on disk: which suffixes Quoteline reads, and reading one file's bytes safely.

Kept apart from the readers so that ``quoteline extract`` on a text file does not import the HTML and feed
parsers it does not need.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Final

from quoteline import settings
from quoteline.ingest.errors import InputError

TEXT: Final = (".txt", ".md", ".markdown", ".text")
HTML: Final = (".html", ".htm", ".xhtml")
FEED: Final = (".xml", ".rss", ".atom")
SUFFIXES: Final = (*TEXT, *HTML, ".json", ".jsonl", ".ndjson", ".csv", *FEED)


def max_file_bytes() -> int:
    """The largest file read, in bytes (setting max_file_mb)."""
    return int(settings.get_float("max_file_mb") * 1024 * 1024)


def mb(n: int) -> str:
    """A byte count as megabytes, for messages."""
    return f"{n / 1024 / 1024:.1f} MB"


def load_file(path: Path) -> bytes:
    """A file's bytes; what is not a readable regular file of acceptable size raises a clear InputError."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(str(path), os_problem(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(str(path), "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        kind = "a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
        raise InputError(str(path), f"is {kind}, not a regular file; not read")
    if info.st_size > max_file_bytes():
        raise InputError(
            str(path),
            f"the file is {mb(info.st_size)}, over the {settings.get('max_file_mb')} MB "
            "limit (setting max_file_mb)",
        )
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check above, opening must not hang.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            return handle.read(max_file_bytes() + 1)
    except OSError as exc:
        raise InputError(str(path), os_problem(exc)) from None


def os_problem(exc: OSError) -> str:
    """What an OSError met while reading a path means, in words."""
    if exc.errno == errno.ELOOP:
        return "symlink loop: the link points back to itself; not followed"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read: permission denied"
    if exc.errno == errno.ENOENT:
        return "does not exist (or is a broken symlink)"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    return f"cannot be read: {exc.strerror or exc}"
