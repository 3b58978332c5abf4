"""What the dashboard knows about each speaker: its type, its country, and when it held an office.

The store keeps a speaker's name and the extractor's type (person, institution, unnamed). The dashboard's
filters ask finer questions: is this institution a state speaking as one ("Russia said"), or a news outlet
("Reuters reported")? Which country does the speaker belong to? Did this person hold an office on the day of
the statement? The gazetteer (``quoteline.knowledge``) answers them once per distinct speaker, and the answers
are kept as arrays indexed by the corpus' speaker codes, so a filter over a million rows is a gather.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from quoteline.knowledge import countries, gazetteer
from quoteline.knowledge.gazetteer import Person
from quoteline.knowledge.normalize import name_key
from quoteline.query.corpus import DAY, Corpus
from quoteline.schema import S

LOGGER = logging.getLogger(__name__)

# The order is the order of the filter's options.
SPEAKER_TYPES = ("person", "institution", "state", "outlet", "unnamed")
NO_COUNTRY = "(no country)"
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
Resolve = Callable[[str], Person | None]


@dataclass(frozen=True)
class SpeakerFacts:
    """Per speaker code (the corpus' speaker categories): type, country and terms in office."""

    types: np.ndarray  # index into SPEAKER_TYPES
    countries: np.ndarray  # index into country_labels
    country_labels: tuple[str, ...]
    # One row per office a speaker held: speaker code, first day, last day (days since 1970; inf while held).
    terms: np.ndarray


def _day(value: date) -> float:
    return float(value.toordinal() - _EPOCH_ORDINAL)


def _is_country(name: str) -> bool:
    entity = countries.entities().get(name)
    return entity is not None and entity.kind == "country"


def speaker_type(name: str, stored_type: str, entry: Person | None, outlet_keys: frozenset[str]) -> str:
    """One of ``SPEAKER_TYPES`` for a speaker.

    ``stored_type`` is the extractor's type (the commonest one for this name), ``entry`` the gazetteer entry
    the name resolves to, and ``outlet_keys`` the ``name_key`` of every outlet the store holds articles from.
    """
    if stored_type == "unnamed":
        return "unnamed"
    if entry is not None:
        if entry.kind == "person":
            return "person"
        if entry.outlet:
            return "outlet"
        # The first institution template names a state by its short name ("Russia", "the Russian government").
        return "state" if entry.canonical == entry.country and _is_country(entry.canonical) else "institution"
    if name_key(name) in outlet_keys:
        return "outlet"
    if _is_country(countries.country_of(name) or ""):
        return "state"  # "Moscow said": a capital or another name of a state the gazetteer does not list
    return "institution" if stored_type == "institution" else "person"


def speaker_country(name: str, kind: str, entry: Person | None) -> str | None:
    """The country a speaker belongs to, or None when unknown (most outlets and unlisted speakers)."""
    if entry is not None and entry.country:
        return entry.country
    if kind == "state":
        return countries.country_of(name)
    return None


def _majority_types(corpus: Corpus) -> list[str]:
    """The extractor's commonest type for each speaker code ("person" for a speaker without rows)."""
    speakers = corpus.frame[S.speaker]
    n = len(speakers.cat.categories)
    stored = corpus.col(S.speaker_type)
    labels = [str(c) for c in stored.cat.categories]
    codes = speakers.cat.codes.to_numpy().astype(np.int64)
    type_codes = stored.cat.codes.to_numpy().astype(np.int64)
    known = (codes >= 0) & (type_codes >= 0)
    width = max(len(labels), 1)
    grid = np.bincount(codes[known] * width + type_codes[known], minlength=n * width).reshape(n, width)
    best = grid.argmax(axis=1)
    return [labels[b] if grid[i, b] else "person" for i, b in enumerate(best)]


def facts_for(
    names: Iterable[str], stored_types: Iterable[str], outlets: Iterable[str], resolve: Resolve
) -> SpeakerFacts:
    """The facts of each speaker, in the order given (``resolve`` maps a name to its gazetteer entry)."""
    outlet_keys = frozenset(name_key(o) for o in outlets)
    kinds: list[int] = []
    country_names: list[str] = []
    terms: list[tuple[float, float, float]] = []
    for code, (name, stored) in enumerate(zip(names, stored_types, strict=True)):
        entry = resolve(name) if stored != "unnamed" else None
        kind = speaker_type(name, stored, entry, outlet_keys)
        kinds.append(SPEAKER_TYPES.index(kind))
        country_names.append(speaker_country(name, kind, entry) or NO_COUNTRY)
        if entry is not None and entry.kind == "person":
            for role in entry.roles:
                end = np.inf if role.end is None else _day(role.end)
                terms.append((float(code), _day(role.start), end))
    labels = tuple(sorted(set(country_names)))
    lookup = {label: i for i, label in enumerate(labels)}
    return SpeakerFacts(
        types=np.asarray(kinds, dtype=np.int8),
        countries=np.asarray([lookup[c] for c in country_names], dtype=np.int32),
        country_labels=labels,
        terms=np.asarray(terms, dtype=np.float64).reshape(-1, 3),
    )


def exact_lookup(book: gazetteer.Gazetteer) -> Resolve:
    """A resolver that knows a name only as the gazetteer writes it (canonical name or alias, folded).

    The extractor already wrote a known speaker under its canonical name, so the dashboard takes the stored
    name as it is: this is a dictionary look-up, where ``Gazetteer.resolve`` (surnames, fuzzy matching)
    costs half a millisecond a name, seconds for the thousands of names of a real store.
    """
    known: dict[str, Person] = {}
    for entry in book.entries:
        for written in entry.names:
            known.setdefault(name_key(written), entry)
    return lambda name: known.get(name_key(name))


def _build(corpus: Corpus, resolve: Resolve | None) -> SpeakerFacts:
    names = [str(c) for c in corpus.frame[S.speaker].cat.categories]
    resolve = resolve or exact_lookup(gazetteer.load())
    facts = facts_for(names, _majority_types(corpus), corpus.category_values(S.outlet), resolve)
    LOGGER.info("speaker facts for %d speakers, %d terms in office", len(names), len(facts.terms))
    return facts


def speaker_facts(corpus: Corpus, resolve: Resolve | None = None) -> SpeakerFacts:
    """The facts of every speaker of the corpus, worked out once per corpus (it is immutable).

    ``resolve`` (by default an exact look-up in the gazetteer) is used by the first call on a corpus only.
    """
    facts: SpeakerFacts = corpus.memo(("speaker_facts",), lambda: _build(corpus, resolve), keep=1)
    return facts


def in_office_rows(corpus: Corpus) -> np.ndarray:
    """A mask of the statements whose speaker held an office (any gazetteer role) on the statement's date.

    Undated statements are never in it: without a date nobody can say whether the speaker held office then.
    """

    def make() -> np.ndarray:
        facts = speaker_facts(corpus)
        codes = corpus.frame[S.speaker].cat.codes.to_numpy().astype(np.int64)
        days = corpus.frame[DAY].to_numpy()
        out = np.zeros(len(codes), dtype=bool)
        if not len(facts.terms):
            return out
        order = np.argsort(codes, kind="stable")
        ordered = codes[order]
        for code, first, last in facts.terms:
            lo, hi = np.searchsorted(ordered, [code, code + 1])
            at = order[lo:hi]
            out[at] |= (days[at] >= first) & (days[at] <= last)  # NaN (undated) compares False
        return out

    mask: np.ndarray = corpus.memo(("in_office",), make, keep=1)
    return mask


def _spread(corpus: Corpus, per_speaker: np.ndarray) -> np.ndarray:
    """A per-speaker array spread to the rows (a row without a speaker gets -1)."""
    codes = corpus.frame[S.speaker].cat.codes.to_numpy().astype(np.int64)
    out = np.full(len(codes), -1, dtype=np.int64)
    known = codes >= 0
    out[known] = per_speaker[codes[known]]
    return out


def row_types(corpus: Corpus) -> np.ndarray:
    """Each statement's speaker type, as an index into ``SPEAKER_TYPES``."""
    types: np.ndarray = corpus.memo(
        ("row_types",), lambda: _spread(corpus, speaker_facts(corpus).types), keep=1
    )
    return types


def row_countries(corpus: Corpus) -> np.ndarray:
    """Each statement's speaker country, as an index into ``SpeakerFacts.country_labels``."""
    found: np.ndarray = corpus.memo(
        ("row_countries",), lambda: _spread(corpus, speaker_facts(corpus).countries), keep=1
    )
    return found
