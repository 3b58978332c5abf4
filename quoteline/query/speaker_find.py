"""Which speakers the sidebar's Leaders list offers: the chosen, the busiest, and those a name search finds.

A browser list of every speaker is what it costs to draw: Streamlit's multiselect builds its whole option
collection when it mounts, open or not, and on the real corpus (3,761 speakers) that was 0.15 to 0.3 s of
every page's first paint (docs/DASHBOARD.md). So the list holds the speakers already chosen and the
``LISTED`` busiest under the other filters; any other speaker is found by name here, on the server, and the
list then holds the speakers found too (the ``FOUND_MAX`` busiest of them).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

LISTED: Final = 100  # the busiest speakers the list holds without a search (the pages draw 20 by default)
FOUND_MAX: Final = 200  # the most speakers one search adds to the list


def fold(text: str) -> str:
    """``text`` for matching names: accents dropped, case folded, spaces collapsed ("Élan" matches "elan")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def find(names: Sequence[str], query: str) -> list[str]:
    """The names in which every word of ``query`` appears (accents and case ignored), in their given order."""
    words = fold(query).split()
    if not words:
        return []
    return [n for n in names if all(w in fold(n) for w in words)]


@dataclass(frozen=True)
class SpeakerOptions:
    """What the Leaders list holds, and how many speakers the search matched (0 without a search)."""

    options: list[str]
    found: int


def speaker_options(
    counts: Mapping[str, int],
    chosen: Sequence[str],
    query: str = "",
    listed: int = LISTED,
    found_max: int = FOUND_MAX,
) -> SpeakerOptions:
    """The Leaders list: the speakers ``query`` finds (busiest first, at most ``found_max``), then the
    ``listed`` busiest, then any chosen speaker not among them; ``counts`` holds each speaker's statements
    under the other filters (a speaker with none is offered only when chosen)."""
    busiest = sorted((n for n, c in counts.items() if c), key=lambda n: -counts[n])
    found = find(busiest, query)
    options = list(dict.fromkeys([*found[:found_max], *busiest[:listed], *chosen]))
    return SpeakerOptions(options=options, found=len(found))
