"""Text folding shared by the knowledge loaders: case, diacritics, dashes, apostrophes and possessives."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Every dash and hyphen a scraper may leave, and the apostrophe look-alikes.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad-"), " ")
_APOSTROPHES = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u02bb`\u00b4\u2032"), "'")
_POSSESSIVE = re.compile(r"(?<=\w)'s?(?=\s|$)")
_NON_WORD = re.compile(r"[^\w']+")
_SPACES = re.compile(r"\s+")
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")  # "U.S.", "U.N." -> "US", "UN"
# ASCII words separated by single spaces: name_key is just lower case (most names in the gazetteer).
_PLAIN_NAME = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


_FOLDS = {**_APOSTROPHES, **_DASHES}  # no character of one table is the other's


class _CombiningMarks(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks and keeps every other character, filled in as
    characters are met (a Python test per character was most of a long text's folding)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _CombiningMarks()


def strip_accents(text: str) -> str:
    """Remove combining marks so that "Zelenskyy" and "Zelenskyý" compare equal."""
    if text.isascii():  # nothing to decompose: most names, and the common case at load time
        return text
    return unicodedata.normalize("NFKD", text).translate(_MARKS)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, dash-free, single-spaced form of ``text`` (apostrophes kept)."""
    if text.isascii():  # the tables' only ASCII characters are the backtick and the hyphen
        text = text.replace("`", "'").replace("-", " ").lower()
    else:
        text = strip_accents(text).translate(_FOLDS).lower()
    return " ".join(text.split())  # the same whitespace as the pattern \s+, runs made one space, ends cut


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Comparison key of a name: folded, possessives and punctuation dropped ("Putin's" -> "putin")."""
    if _PLAIN_NAME.fullmatch(text):
        return text.lower()
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), fold(text))
    text = _POSSESSIVE.sub("", text)
    text = _NON_WORD.sub(" ", text.replace(".", " ")).replace("'", "")
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (keeps word lists readable)."""
    return frozenset(text.split())
