"""Free-text search over statements: words with their inflections, "quoted phrases", OR, and speaker names.

The query language is the one web search taught everyone:

- ``pipeline gas``: statements with both words (in the text or the speaker's name);
- ``"gas pipeline"``: the exact phrase (any spacing, any case);
- ``pipeline OR cable``: either word; OR binds the two terms beside it, so ``gas pipeline OR cable`` is
  gas and (pipeline or cable);
- a word matches its regular inflections: ``pipelines`` finds "pipeline", ``talks`` finds "talked" and
  "talking", ``denied`` finds "deny" and "denies", but ``states`` does not find "statement". A word is cut to
  its stem (regular English endings removed) and the endings are added back as alternatives, whole words only.

Matching runs in Arrow (RE2) over the text column, so it stays a single scan however many terms there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
# RE2's \b and \w know only ASCII; these classes keep "Żółty" and "Путин" whole words too.
_WORD_CHAR = r"[\p{L}\p{N}]"
_START = r"(?:^|[^\p{L}\p{N}])"
_END = r"(?:[^\p{L}\p{N}]|$)"
_SPACES = r"\s+"
_MIN_STEM = 3
MAX_TERMS = 20
SEARCH_HELP = (
    "Searches the statement text and the speaker's name. Words: all must match, with their inflections "
    '(pipelines finds pipeline). "A phrase" in quotes: exactly. OR: either of the terms beside it.'
)


@dataclass(frozen=True)
class Term:
    """One searched word or phrase, as the RE2 pattern that finds it."""

    text: str
    pattern: str
    needle: str  # a substring every match contains: a cheap scan finds the rows worth the regex


def stem(word: str) -> str:
    """``word`` without a regular English inflection ending: talks, talked, talking -> talk; denies -> deny.

    Deliberately light (no dictionary): it only has to meet ``inflection_patterns``, which adds the endings
    back.
    """
    w = word.casefold()
    for ending, keep in (("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"), ("ed", "")):
        if w.endswith(ending) and len(w) - len(ending) >= _MIN_STEM:
            return w[: -len(ending)] + keep
    if w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")) and len(w) - 2 >= _MIN_STEM:
        return w[:-2]  # taxes, wishes
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) - 1 >= _MIN_STEM:
        return w[:-1]  # talks, pipelines; not press, status, crisis
    return w


def inflection_patterns(base: str) -> list[str]:
    """RE2 alternatives for the regular inflections of a stem: talk(s|ed|ing), deny/denies, plan/planned."""
    forms = [re.escape(base) + "(?:s|es|e|ed|ing|ings)?"]
    if base.endswith("y"):
        forms.append(re.escape(base[:-1]) + "(?:ies|ied)")
    if base.endswith("e"):
        forms.append(re.escape(base[:-1]) + "(?:ed|ing|ings)")  # state -> stated, stating
    if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiou":
        forms.append(re.escape(base[:-1]) + "s?")  # planned -> plann -> plan, plans
    elif base and base[-1] not in "aeiouwy":
        forms.append(re.escape(base + base[-1]) + "(?:ed|ing|ings)")  # plan -> planned, planning
    return forms


def _word_pattern(word: str) -> str:
    return f"{_START}(?:{'|'.join(inflection_patterns(stem(word)))}){_END}"


def _word_needle(word: str) -> str:
    """The part of ``word``'s stem that every form in ``inflection_patterns`` shares (deny/denies: "den")."""
    base = stem(word)
    return base[:-1] if len(base) > 1 and (base.endswith(("y", "e")) or base[-1] == base[-2]) else base


def phrase_pattern(phrase: str) -> str:
    body = _SPACES.join(re.escape(w.casefold()) for w in phrase.split())
    return f"{_START}{body}{_END}"


def parse(query: str) -> list[list[Term]]:
    """The query as a list of clauses that must all match, each a list of alternatives (OR)."""
    clauses: list[list[Term]] = []
    join_next = False
    for phrase, word in _TOKEN.findall(query):
        if word == "OR":
            join_next = bool(clauses)
            continue
        text = (phrase if phrase else word).strip()
        if phrase:
            term = Term(text, phrase_pattern(text), text.split()[0].casefold()) if text.split() else None
        else:
            cleaned = word.strip("\"'.,;:!?()[]{}")
            term = Term(cleaned, _word_pattern(cleaned), _word_needle(cleaned)) if cleaned else None
        if term is None:
            continue
        if join_next:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    if sum(len(c) for c in clauses) > MAX_TERMS:
        raise ValueError(f"the search has more than {MAX_TERMS} words or phrases; shorten it")
    return clauses


def search_problem(query: str) -> str | None:
    """Why ``query`` cannot be run, or None when it can."""
    try:
        parse(query)
    except ValueError as e:
        return str(e)
    return None


def _clause_regex(clause: list[Term]) -> str:
    return "(?i)(?:" + "|".join(t.pattern for t in clause) + ")"


def _hits(values: pa.Array | pa.ChunkedArray, pattern: str) -> np.ndarray:
    found = pc.fill_null(pc.match_substring_regex(values, pattern), False)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def matches(
    query: str, texts: pa.Array | pa.ChunkedArray, speaker_codes: np.ndarray, speakers: list[str]
) -> np.ndarray:
    """Which of ``texts`` match ``query``; a term also matches when the statement's speaker name holds it.

    ``speaker_codes[i]`` indexes ``speakers`` for text ``i`` (-1: no speaker). Raises ValueError for a query
    too long to run.
    """
    keep = np.ones(len(texts), dtype=bool)
    names = pa.array(speakers, type=pa.string())
    for clause in parse(query):
        regex = _clause_regex(clause)
        in_text = np.zeros(len(texts), dtype=bool)
        # A plain substring scan is several times cheaper than the regex: run the regex only where it can hit.
        maybe = np.zeros(len(texts), dtype=bool)
        for term in clause:
            maybe |= _substring(texts, term.needle)
        rows = np.flatnonzero(maybe & keep)
        if rows.size * 3 > len(texts):
            in_text = _hits(texts, regex) & maybe  # most rows in play: copying them would cost more
        elif rows.size:
            in_text[rows[_hits(texts.take(pa.array(rows)), regex)]] = True
        named = np.append(_hits(names, regex), False)  # code -1 reads the False appended
        keep &= in_text | named[speaker_codes]
    return keep


def _substring(values: pa.Array | pa.ChunkedArray, needle: str) -> np.ndarray:
    found = pc.fill_null(pc.match_substring(values, needle, ignore_case=True), False)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
