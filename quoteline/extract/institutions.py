"""Ministries named in an article ("the Ministry of Energy of the Republic of Valdoria") and their plain
names ("Valdorian Energy Ministry"), so that a later bare "the Ministry said" resolves to the one named.

Also the portfolio words that follow "Minister of" in a title ("Minister of Energy Rada Koleva"), which
are never part of the person's name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from quoteline.extract import kb
from quoteline.extract.model import Speaker
from quoteline.extract.text import word_set

# Words naming a government portfolio: "Minister of <these> Name", "the <these> Ministry".
PORTFOLIO_WORDS = word_set(
    """energy transport transportation finance foreign affairs defence defense health justice interior
    home education economy economic trade industry agriculture culture labour labor environment tourism
    science digital development infrastructure communications information social security welfare
    fisheries forestry mines mining housing sport sports youth family families women veterans regional
    public works water resources climate commerce planning budget treasury internal external relations
    emergencies emergency situations"""
)
_CAP = r"[A-Z][\w\-]+"
_PORTFOLIO = rf"{_CAP}(?:(?:\s+and\s+|,\s+|\s+){_CAP})*?"
_POLITY = r"(?:Republic|Kingdom|Federation|Commonwealth|State|Principality)"
_STATE = rf"(?:\s+of\s+(?:the\s+)?(?:{_POLITY}\s+of\s+)?({_CAP}))?"
_MINISTRY_OF_RE = re.compile(rf"\bMinistry\s+(?:of|for)\s+(?:the\s+)?({_PORTFOLIO})(?={_STATE}\b){_STATE}")
_X_MINISTRY_RE = re.compile(rf"((?:{_CAP}(?:['’]s)?\s+){{1,3}})Ministry\b(?!\s+(?:of|for)\s)")
_TITLE_OF_RE = re.compile(
    r"\b(?:minister|ministers|secretary|commissioner|director|head|chief|chairman|chairwoman|chairperson)"
    r"\s+(?:of|for)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)
def demonym(country: str) -> str | None:
    """The first demonym of a country ("Valdoria" -> "Valdorian"), or None."""
    ent = kb.country_entity(country)
    dems = getattr(ent, "demonyms", ()) if ent is not None else ()
    return str(dems[0]) if dems else None


def plain_ministry(portfolio: str, country: str | None) -> Speaker:
    """A ministry's plain name: "<Demonym> <Portfolio> Ministry" when its state is known."""
    words = [w for w in re.split(r"[\s,]+", portfolio) if w]
    core = " ".join(words)
    dem = demonym(country) if country else None
    name = f"{dem} {core} Ministry" if dem else f"{core} Ministry"
    return Speaker(name, "institution", country)


def ministries(text: str, start: int, end: int) -> list[tuple[int, Speaker]]:
    """Ministries named in text[start:end], with where each is named, in order."""
    out: list[tuple[int, Speaker]] = []
    for m in _MINISTRY_OF_RE.finditer(text, start, end):
        portfolio = m.group(1)
        if not all(
            w.lower() in PORTFOLIO_WORDS or w.lower() == "and" for w in re.split(r"[\s,]+", portfolio)
        ):
            continue
        country = kb.country_of(m.group(2)) if m.group(2) else None
        out.append((m.start(), plain_ministry(portfolio, country)))
    for m in _X_MINISTRY_RE.finditer(text, start, end):
        words = m.group(1).split()
        if words[0] in ("The", "the"):
            words = words[1:]
        country = kb.country_of(re.sub(r"['’]s?$", "", words[0])) if words else None
        if country:
            words = words[1:]
        if not words or not all(w.lower() in PORTFOLIO_WORDS for w in words):
            continue
        out.append((m.start(), plain_ministry(" ".join(words), country)))
    out.sort(key=lambda t: t[0])
    return out


def after_title_of(text: str, pos: int) -> bool:
    """True when ``pos`` follows "Minister of " (so leading portfolio words there are not a name)."""
    return bool(_TITLE_OF_RE.search(text[max(0, pos - 40) : pos]))


def skip_portfolio(words: list[str], i: int = 0) -> int:
    """Index of the first word at or after ``i`` that is not a portfolio word ("Energy Rada Koleva" -> 1)."""
    while i < len(words) - 1 and (words[i].lower() in PORTFOLIO_WORDS or words[i].lower() == "and"):
        i += 1
    return i
