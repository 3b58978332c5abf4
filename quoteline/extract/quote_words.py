"""Measures that the direct-quote passes share: how long a quote is, whether it reads as a title, and the
word lists and windows of their attribution clauses."""

from __future__ import annotations

import re

from quoteline.extract.text import word_set

MIN_QUOTE_WORDS = 5  # below this, a quote inside a sentence is a fragment, not a statement
BEFORE_WINDOW = 260
MAX_WORDS_CUE_TO_COLON = 12
PASSIVE_AUXILIARIES = word_set("""is was were are be been being get gets got""")
QUOTE_CHARS = '"“”«»„'
SAY_CUES = word_set("""say tell add write tweet respond reply answer post state explain""")
PREPOSITIONS = word_set("""to via in on at during after before with from for through by over under""")


def word_count(text: str) -> int:
    """Number of word tokens in text."""
    return len(re.findall(r"\w+", text))


def looks_like_title(text: str) -> bool:
    """A quoted title ("The Art of the Deal"): short, capitalised words, no sentence punctuation."""
    words = text.split()
    if not words or len(words) > 10 or text.rstrip()[-1:] in ".!?,;:":
        return False
    content = [w for w in words if w.lower() not in ("of", "the", "a", "an", "and", "in", "on", "for", "to")]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)
