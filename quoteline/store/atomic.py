"""Crash-safe file writes: write a temporary file beside the target, fsync it, then ``os.replace`` it.

A reader (or a process restarted after ``kill -9``) therefore sees either the old file or the new one, never a
half-written one. Temporary files start with ``.tmp-`` so the store can sweep up those a killed writer left.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

TMP_PREFIX = ".tmp-"


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries to disk so a rename in it survives a crash."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write`` on a temporary file, fsync it and move it over ``target`` in one step."""
    tmp = target.with_name(f"{TMP_PREFIX}{uuid.uuid4().hex}-{target.name}")
    try:
        with open(tmp, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` atomically."""

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    atomic_write(target, write)
