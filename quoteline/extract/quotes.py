"""Quotation-mark pairing: every mark family, straight quotes by context, quotes reopened across paragraphs.

The scan is one pass over the marks with a small stack, so it is linear in the number of marks; a
closing mark looks at most ``_MAX_SEARCH`` entries down the stack for its opener. Nothing here raises
on unbalanced input: unmatched marks are dropped.

Doubled marks count as one: newspaper archives (the New York Times among them) print ``''quote''`` with
two apostrophes, and TeX-style copy opens with two backticks (````quote''``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quoteline.extract.text import Span

_DOUBLE = "''"
_BACKTICKS = "``"
# Longest first: a run of three apostrophes is a single quote nested at the edge of a doubled one.
_MARKS_RE = re.compile("'''|''|``|[\"'“”„‚‘’«»‹›]")
# Which closing marks may close each opening mark.
_CLOSERS: dict[str, tuple[str, ...]] = {
    "“": ("”", '"', "“"),  # sloppy copy closes a curly quote with a straight one, or with “
    "”": ("”",),
    "„": ("“", "”"),
    "‚": ("‘", "’"),
    "«": ("»",),
    "»": ("«",),
    "‹": ("›",),
    "›": ("‹",),
    "‘": ("’",),
    '"': ('"', "”"),  # and a straight quote with a curly one
    "'": ("'",),
    _DOUBLE: (_DOUBLE,),
    _BACKTICKS: (_DOUBLE,),
}
_FAMILY = {
    "“": "“",
    "„": "“",
    "”": "“",
    '"': '"',
    "«": "«",
    "»": "«",
    "‹": "‹",
    "›": "‹",
    "‘": "‘",
    "'": "'",
    _DOUBLE: _DOUBLE,
    _BACKTICKS: _DOUBLE,
}
_MAX_SEARCH = 4
# Two digits of a year after an opening single mark, then no further digit ("‘08", "‘90s").
_ELIDED_YEAR_RE = re.compile(r"\d\d(?!\d)")
_LEFT_OK = " \n([{—–-/:;,\u00a0“”„‚‘«»‹›\"'"
_RIGHT_OK = " \n)]}.,;:!?—–-…/\"'”’»›"
_MIN_UNCLOSED_WORDS = 5


@dataclass
class Quote:
    """A depth-0 quotation: its marks, its trimmed inner span, and how it was closed."""

    open: int
    close: int  # index of the closing mark, or the paragraph end when left open
    inner: Span
    para: int
    closed: bool = True
    continues: bool = False  # reopens a quote left open at the end of the previous paragraph
    open_end: bool = False  # left open at the paragraph end and reopened in the next one
    idx: int = -1  # position in the article's quote list
    close_len: int = 1  # 2 for a doubled closing mark

    @property
    def outer_end(self) -> int:
        """Index just past the closing mark (or the paragraph end)."""
        return self.close + self.close_len if self.closed else self.close


def _flank(text: str, i: int, mark: str, lo: int, hi: int) -> tuple[bool, bool]:
    prev = text[i - 1] if i > lo else " "
    j = i + len(mark)
    nxt = text[j] if j < hi else " "
    left = prev in _LEFT_OK and not nxt.isspace()
    right = not prev.isspace() and nxt in _RIGHT_OK
    return left, right


def _find_opener(stack: list[tuple[int, str]], closer: str) -> int:
    for depth in range(1, min(len(stack), _MAX_SEARCH) + 1):
        if closer in _CLOSERS.get(stack[-depth][1], ()):
            return len(stack) - depth
    return -1


def _tokens(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """The quotation marks of text[lo:hi] as (index, mark), a doubled mark as one token."""
    out: list[tuple[int, str]] = []
    for m in _MARKS_RE.finditer(text, lo, hi):
        i, c = m.start(), m.group()
        if c == "'''":
            # ``'''Jim`` opens a doubled quote and a single one; ``here.'''`` closes both.
            prev = text[i - 1] if i > lo else " "
            if prev.isspace() or prev in "([{—–-:;,":
                out += [(i, _DOUBLE), (i + 2, "'")]
            else:
                out += [(i, "'"), (i + 1, _DOUBLE)]
        else:
            out.append((i, c))
    return out


def _role(text: str, i: int, c: str, stack: list[tuple[int, str]], lo: int, hi: int) -> str:
    """'open', 'close' or '' (ignore) for the mark ``c`` at ``i``."""
    left, right = _flank(text, i, c, lo, hi)
    top = stack[-1][1] if stack else ""
    if c == _BACKTICKS:
        return "open"
    if c in ('"', _DOUBLE):
        if left and not right:
            return "open"
        if right and not left:
            return "close"
        return "close" if _find_opener(stack, c) >= 0 else "open"
    if c == "'":
        prev = text[i - 1] if i > lo else " "
        nxt = text[i + 1] if i + 1 < hi else " "
        if _find_opener(stack, c) >= 0 and right and not nxt.isalnum():
            return "close"
        if left and (prev.isspace() or prev in '(["“—') and nxt.isalpha():
            return "open"
        return ""
    if c == "“":
        if top == "„":
            return "close"
        # Sloppy copy also closes a curly quote with another opening mark: `“It is late,“ said X`.
        return "close" if right and not left and top == "“" else "open"
    if c == "”":
        if _find_opener(stack, c) >= 0:
            return "close"
        return "open" if left and not right else ""
    if c in "„‚":
        return "open"
    if c in "«‹":
        return "close" if _find_opener(stack, c) >= 0 else "open"
    if c in "»›":
        if _find_opener(stack, c) >= 0:
            return "close"
        return "open" if left and not right else ""
    if c == "‘":
        if top == "‚" and right:
            return "close"
        if _ELIDED_YEAR_RE.match(text, i + 1, hi):
            return ""  # "said in ‘08", "the ‘90s": an apostrophe for the century, typeset as an opening mark
        return "open" if left else ""
    if c == "’":
        nxt = text[i + 1] if i + 1 < hi else " "
        return "close" if _find_opener(stack, c) >= 0 and not nxt.isalnum() else ""
    return ""


def _inner(text: str, a: int, b: int) -> Span:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return Span(a, b)


def _starts_with_opener(text: str, span: Span, family: str) -> bool:
    i = span.start
    while i < span.end and text[i].isspace():
        i += 1
    m = _MARKS_RE.match(text, i, span.end)
    return m is not None and _FAMILY.get(m.group()[:2]) == family


def find_quotes(text: str, paragraphs: list[Span]) -> list[Quote]:
    """All depth-0 quotations in the given paragraphs, in order."""
    out: list[Quote] = []
    carry = False
    for pi, par in enumerate(paragraphs):
        stack: list[tuple[int, str]] = []
        first_in_par = True
        for i, c in _tokens(text, par.start, par.end):
            role = _role(text, i, c, stack, par.start, par.end)
            if role == "open":
                stack.append((i, c))
            elif role == "close":
                k = _find_opener(stack, c)
                if k < 0:
                    continue
                opener, opening_mark = stack[k]
                del stack[k:]
                if not stack:
                    inner = _inner(text, opener + len(opening_mark), i)
                    q = Quote(opener, i, inner, pi, close_len=len(c))
                    if carry and first_in_par and not text[par.start : opener].strip():
                        q.continues = True
                    first_in_par = False
                    if q.inner.end > q.inner.start:
                        out.append(q)
        if stack:
            opener, mark = stack[0]
            nxt = paragraphs[pi + 1] if pi + 1 < len(paragraphs) else None
            family = _FAMILY.get(mark, mark)
            inner = _inner(text, opener + len(mark), par.end)
            reopened = nxt is not None and _starts_with_opener(text, nxt, family)
            before = text[par.start : opener].rstrip()
            starts_clause = not before or before[-1:] in ":,—–-"
            long_enough = len(text[inner.start : inner.end].split()) >= _MIN_UNCLOSED_WORDS
            if inner.end > inner.start and (reopened or (starts_clause and long_enough)):
                q = Quote(opener, par.end, inner, pi, closed=False, open_end=reopened)
                if carry and first_in_par and not before:
                    q.continues = True
                out.append(q)
            carry = reopened
        else:
            carry = False
    for n, qq in enumerate(out):
        qq.idx = n
    return out
