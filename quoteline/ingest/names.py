"""File names and messages made safe to print and to store.

A file name is bytes on Linux: Python hands a byte that is not UTF-8 over as a lone surrogate, which cannot
be printed or written to Parquet, and a name may hold a newline that would forge a line in the summary.
``printable`` writes both as visible escapes (``\\xff``, ``\\n``) and leaves every other character alone.
"""

from __future__ import annotations

import re

# C0 and C1 control characters, DEL, and the surrogates Python uses for undecodable bytes.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte that was not UTF-8 (surrogateescape)
    if code > 0xFF:
        return f"\\u{code:04x}"
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{code:02x}")


def printable(text: str) -> str:
    """``text`` with control characters and undecodable bytes written as escapes, one line, valid UTF-8."""
    return _UNSAFE.sub(_escape, text)


def has_surrogate(text: str) -> int:
    """Index of the first lone surrogate in ``text`` (not valid Unicode; cannot be stored), or -1."""
    match = re.search(r"[\ud800-\udfff]", text)
    return match.start() if match else -1
