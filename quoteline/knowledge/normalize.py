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


def strip_accents(text: str) -> str:
    """Remove combining marks so that "Zelenskyy" and "Zelenskyý" compare equal."""
    if text.isascii():  # nothing to decompose: most names, and the common case at load time
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, dash-free, single-spaced form of ``text`` (apostrophes kept)."""
    text = strip_accents(text).translate(_APOSTROPHES).translate(_DASHES).lower()
    return _SPACES.sub(" ", text).strip()


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
