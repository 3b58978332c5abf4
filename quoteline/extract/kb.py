"""The extractor's one door to the knowledge modules (gazetteer, countries, topics, dates).

Nothing here degrades quietly. A package the knowledge layer needs that is not installed stops extraction
with ``MissingDependency`` naming the package; a broken knowledge file stops it with the loader's
``KnowledgeError``, which names the file and entry. Only a publication date that cannot be read is
tolerated (logged, and the statement dates then stay unknown), because it is the article's fault, not the
installation's.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import logging
from collections.abc import Mapping
from functools import lru_cache
from types import ModuleType
from typing import Any

logger = logging.getLogger(__name__)

# Third-party modules the knowledge layer imports (some lazily, deep inside a lookup), with the package that
# provides each: checked up front so a missing one is named before any article is half extracted.
REQUIRED_PACKAGES: dict[str, str] = {
    "yaml": "PyYAML",
    "rapidfuzz": "rapidfuzz",
    "dateparser": "dateparser",
}


class MissingDependency(ImportError):
    """A package Quoteline's knowledge layer needs is not installed."""


def _missing(module: str, needed_by: str) -> MissingDependency:
    package = REQUIRED_PACKAGES.get(module, module)
    message = (
        f"Quoteline cannot extract statements: the package {package!r} (module {module!r}, needed by "
        f"{needed_by}) is not installed; install the project's dependencies, e.g. `pip install {package}`"
    )
    logger.error(message)
    return MissingDependency(message, name=module)


def check_dependencies() -> None:
    """Raise MissingDependency for the first required package that cannot be imported."""
    for module in REQUIRED_PACKAGES:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):  # a parent package missing, or a module with no spec
            found = False
        if not found:
            raise _missing(module, "quoteline.knowledge")


@lru_cache(maxsize=8)
def _module(name: str) -> ModuleType:
    """Import a knowledge module; MissingDependency names the package when an import inside it fails."""
    check_dependencies()
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise _missing(exc.name or name, name) from exc


def gazetteer() -> Any:
    """The loaded gazetteer (cached by the loader, which re-reads changed files).

    Raises GazetteerError naming each invalid file and entry.
    """
    return _module("quoteline.knowledge.gazetteer").load()


@lru_cache(maxsize=65536)
def _resolve_cached(name: str, gaz_id: int) -> Any | None:
    return gazetteer().resolve(name)


def resolve(name: str) -> Any | None:
    """The gazetteer Person for a name, or None."""
    if not name.strip():
        return None
    return _resolve_cached(name, id(gazetteer()))


def _day(on: str | None) -> dt.date | None:
    if not on or len(on) < 10:
        return None
    try:
        return dt.date.fromisoformat(on[:10])
    except ValueError:
        logger.debug("not an ISO day, office dates ignored: %r", on)
        return None


def day(on: str | None) -> dt.date | None:
    """The ISO day ``on`` as a date (None when it is not a full day)."""
    return _day(on)


@lru_cache(maxsize=4096)
def _holder_cached(country: str, role: str, on: str | None, gaz_id: int) -> Any | None:
    return gazetteer().holder(country, role, _day(on))


def holder(country: str, role: str, on: str | None) -> Any | None:
    """The person holding ``role`` in ``country`` on the ISO day ``on`` (any time when None)."""
    return _holder_cached(country, role, on, id(gazetteer()))


def titled_bearer(role: str, surname: str, on: str | None) -> Any | None:
    """The one listed bearer of ``surname`` who held ``role`` on ``on`` ("Vice President Harris" in 2024),
    when the surname alone is shared and resolves to no one."""
    when = _day(on)
    if when is None:
        return None
    fits = [p for p in gazetteer().bearers(surname) if p.kind == "person" and p.held(role, when)]
    return fits[0] if len(fits) == 1 else None


def held(person: Any, role: str, on: str | None) -> bool:
    """True when the gazetteer person held ``role`` on ``on``."""
    return bool(person.held(role, _day(on)))


def in_office_around(person: Any, on: str | None, years: int = 4, years_before: int | None = None) -> bool:
    """Whether a gazetteer person held any listed office within ``years`` of the day ``on`` (within
    ``years_before`` before the office began, when given).

    A person with no listed offices, or an article with no date, counts as current: there is nothing to
    check against.
    """
    when = _day(on)
    roles = tuple(getattr(person, "roles", ()) or ())
    if when is None or not roles:
        return True
    after = dt.timedelta(days=365 * years)
    before = after if years_before is None else dt.timedelta(days=365 * years_before)
    return any(r.start - before <= when and (r.end is None or when <= r.end + after) for r in roles)


def gazetteer_person_known(name: str) -> bool:
    """Whether the gazetteer lists a person by exactly this name or alias, whatever the date (a near
    spelling that ``resolve`` would accept does not count: "von der" is no one's name)."""
    person = resolve(name)
    if person is None:
        return False
    name_key = _module("quoteline.knowledge.normalize").name_key
    return any(name_key(n) == name_key(name) for n in person.names)


def given_name(word: str) -> bool:
    """Whether ``word`` is a given name the gazetteer knows ("Vladimir", "Alexei")."""
    return bool(gazetteer().is_given_name(word))


def given_name_table() -> Mapping[str, str]:
    """Folded given names borne almost only by one gender ("angela": "f", "mark": "m"); fetch it once per
    article and look names up with ``fold``."""
    return _module("quoteline.knowledge.given_names").table()


@lru_cache(maxsize=1024)
def family_name_first(country: str) -> bool:
    """Whether the countries file says names of ``country`` put the family name first."""
    entry = country_entity(country)
    return bool(getattr(entry, "family_name_first", False))


@lru_cache(maxsize=65536)
def country_of(word: str) -> str | None:
    """Country short name for a demonym, name or capital."""
    if not word.strip():
        return None
    result = _module("quoteline.knowledge.countries").country_of(word)
    return str(result) if result else None


def is_agency(word: str) -> bool:
    """Whether ``word`` names an organisation's agency that speaks as itself ("UNICEF"; countries file)."""
    return bool(_module("quoteline.knowledge.countries").is_agency(word))


@lru_cache(maxsize=65536)
def people_of(word: str) -> str | None:
    """The country whose people a plural demonym names ("Kenyans", "Frenchmen"), else None."""
    if not word.strip():
        return None
    result = _module("quoteline.knowledge.countries").people_of(word)
    return str(result) if result else None


def country_entity(name: str) -> Any | None:
    """The countries-file entry of a country or organisation by short name, or None."""
    return _module("quoteline.knowledge.countries").entities().get(name)


def counterparts(text: str, exclude: tuple[str, ...] = ()) -> list[str]:
    """Countries and organisations the text is about."""
    found = _module("quoteline.knowledge.countries").find_counterparts(text, exclude=exclude)
    return [str(c) for c in found]


def topics(text: str, context: str = "") -> list[str]:
    """Topic ids of the text."""
    return [str(t) for t in _module("quoteline.knowledge.topics").classify(text, context=context)]


def _dates() -> ModuleType:
    return _module("quoteline.dates")


def parse_published(value: str | None) -> str | None:
    """ISO day from a publication-date string, or None (logged) when it is not a readable date."""
    if not value:
        return None
    try:
        out = _dates().parse_published(value)
    except ValueError as exc:
        logger.warning("publication date not understood, statements stay undated: %s", exc)
        return None
    return str(out) if out else None


def find_dateline(body: str) -> str | None:
    """ISO day of a dateline at the top of the body, or None."""
    out = _dates().find_dateline(body)
    return str(out) if out else None


def resolve_relative(text: str, published: str | None) -> str | None:
    """The day (or month) a relative/explicit expression in ``text`` names, against ``published``."""
    if not published:
        return None
    out = _dates().resolve_relative(text, published)
    return str(out) if out else None


def relative_phrase(text: str, published: str | None) -> tuple[int, int] | None:
    """Offsets in ``text`` of the expression ``resolve_relative`` reads its day from, or None."""
    if not published:
        return None
    span = _dates().relative_phrase(text, published)
    return (int(span[0]), int(span[1])) if span else None


def dateline_span(body: str) -> tuple[int, int] | None:
    """Offsets in ``body`` of the dateline ``find_dateline`` reads, or None."""
    span = _dates().dateline_span(body)
    return (int(span[0]), int(span[1])) if span else None


def referenced_dates(text: str, published: str | None) -> list[str]:
    """Dates the content speaks of."""
    return [str(d) for d in _dates().referenced_dates(text, published)]


def clear_caches() -> None:
    """Forget every cached knowledge lookup (the speed benchmark's cold mode)."""
    for cached in (_resolve_cached, _holder_cached, country_of):
        cached.cache_clear()
