"""Text cut into the search index's tokens, in Python, exactly as tantivy's analyzer cuts it.

The search postings (``term_postings``) must hold the index's tokens row for row. tantivy's analyzer
(``text_index._analyzer``) cuts runs of letters and numbers, and every other character but RE2's whitespace
alone, lowercased a character at a time. Most rows are cut in Python (the same pattern, lowercased through a
per-character table): each character that Python cuts or lowercases otherwise than the analyzer is found
once per process by asking the analyzer itself (``_odd_characters``), and a row holding one is cut by the
analyzer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Final

# tantivy leaves out a token longer than this (in UTF-8 bytes; measured on tantivy 0.27), so do the postings.
MAX_TOKEN_BYTES: Final = 65_530
LONG_CHARS: Final = MAX_TOKEN_BYTES // 4  # a token of fewer characters cannot be longer in bytes
_PY_TOKEN = re.compile(r"[^\W_]+|[^\t\n\f\r ]", re.UNICODE)  # text_index.TOKEN_PATTERN in Python's terms


@lru_cache(maxsize=1)
def _lower_table() -> dict[int, str]:
    """Each character's lowercase on its own (no context: tantivy lowercases a character at a time)."""
    table = {}
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        low = char.lower()
        if low != char:
            table[code] = low
    return table


def _py_tokens(text: str) -> list[str]:
    # ``str.lower`` is the per-character lowercase but for a capital sigma, which it makes final at a
    # word's end (CPython's only context rule): a text with one goes through the per-character table.
    return _PY_TOKEN.findall(text.lower() if "\u03a3" not in text else text.translate(_lower_table()))


@lru_cache(maxsize=1)
def _odd_characters() -> frozenset[str]:
    """The characters Python cuts or lowercases otherwise than tantivy's analyzer (``text_index``), asked
    of the analyzer: each character between two letters (``a?a``: one token, or three, or two around
    whitespace), compared in blocks, and a block that differs halved until the character is found. About a
    second, once per process that writes postings."""
    from quoteline.query.text_index import _analyzer

    analyzer = _analyzer()
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    odd: set[str] = set()

    def check(block: Sequence[str]) -> None:
        sample = " ".join(f"a{c}a" for c in block)
        if analyzer.analyze(sample) == _py_tokens(sample):
            return
        if len(block) == 1:
            odd.add(block[0])
            return
        half = len(block) // 2
        check(block[:half])
        check(block[half:])

    for at in range(0, len(chars), 4096):
        check(chars[at : at + 4096])
    return frozenset(odd)


def tokens_of(texts: Iterable[str | None]) -> list[list[str]]:
    """Each text cut into the index's tokens (``text_index._analyzer``), in order, repeats kept."""
    from quoteline.query.text_index import _analyzer

    odd, analyzer = _odd_characters(), None
    out: list[list[str]] = []
    for text in texts:
        if not text:
            out.append([])
        # A set, not a regex: a character class of thousands of characters costs ``re`` a millisecond a
        # text (measured); every odd character is outside ASCII.
        elif not text.isascii() and not odd.isdisjoint(text):
            analyzer = analyzer or _analyzer()
            out.append(list(analyzer.analyze(text)))
        else:
            out.append(_py_tokens(text))
    return out
