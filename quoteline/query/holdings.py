"""What a store holds, in a sentence: how many statements, from which outlets, over which dates.

The dashboard shows the fictional-sample warning only while the store holds nothing else; once real articles
are added it names what the store holds instead, and says how much of it is the sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from quoteline.query.corpus import DAY, Corpus
from quoteline.query.filters import day_to_date
from quoteline.query.text import plural
from quoteline.schema import S

FICTIONAL_MARK = "(fictional)"  # the bundled sample's outlets end with it
NAMED_OUTLETS = 4


@dataclass(frozen=True)
class Holdings:
    """Statement counts of a store, split into the fictional sample and the rest."""

    statements: int
    fictional: int  # statements from the sample's outlets
    outlets: dict[str, int]  # real outlets, busiest first
    first: str | None  # earliest and latest statement dates (ISO), None when nothing is dated
    last: str | None

    @property
    def only_sample(self) -> bool:
        """Whether everything in the store comes from the fictional sample."""
        return self.statements > 0 and self.fictional == self.statements


def holdings(corpus: Corpus) -> Holdings:
    """Count what ``corpus`` holds."""
    outlet = corpus.frame[S.outlet]
    codes = outlet.cat.codes.to_numpy()
    tally = np.bincount(codes[codes >= 0], minlength=len(outlet.cat.categories))
    fictional = 0
    real: dict[str, int] = {}
    for i in np.argsort(-tally, kind="stable"):
        name, count = str(outlet.cat.categories[i]), int(tally[i])
        if not count:
            continue
        if name.endswith(FICTIONAL_MARK):
            fictional += count
        else:
            real[name] = count
    days = corpus.frame[DAY].to_numpy()
    dated = days[~np.isnan(days)]
    first = day_to_date(dated.min()).isoformat() if dated.size else None
    last = day_to_date(dated.max()).isoformat() if dated.size else None
    return Holdings(len(corpus), fictional, real, first, last)


def describe(held: Holdings) -> str:
    """A sentence or two naming what the store holds (plain text: the caller escapes the outlet names)."""
    real = held.statements - held.fictional
    named = [f"{name} ({count:,})" for name, count in list(held.outlets.items())[:NAMED_OUTLETS]]
    more = len(held.outlets) - len(named)
    if more > 0:
        named.append(f"{plural(more, 'other outlet')}")
    text = f"This store holds {plural(real, 'statement')} from {plural(len(held.outlets), 'outlet')}"
    text += f": {', '.join(named)}" if named else ""
    if held.first and held.last:
        text += f", dated {held.first} to {held.last}" if held.first != held.last else f", dated {held.first}"
    text += "."
    if held.fictional:
        text += (
            f" It also holds {plural(held.fictional, 'statement')} of the fictional sample (outlets marked "
            f'"{FICTIONAL_MARK}"): leave them out with the Outlet filter.'
        )
    return text
