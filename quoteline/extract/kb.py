"""Thin, failure-tolerant access to the knowledge modules (gazetteer, countries, topics, dates).

The extractor must never raise on an article, so a knowledge lookup that fails (or a module that is
missing from a partial checkout) degrades to "unknown" instead of stopping the extraction.
"""

from __future__ import annotations

import datetime as dt
import importlib
from functools import lru_cache
from types import ModuleType
from typing import Any


@lru_cache(maxsize=8)
def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


@lru_cache(maxsize=1)
def gazetteer() -> Any | None:
    """The loaded gazetteer, or None when it cannot be loaded."""
    mod = _module("quoteline.knowledge.gazetteer")
    if mod is None:
        return None
    try:
        return mod.load()
    except Exception:  # a broken gazetteer file must not stop extraction
        return None


@lru_cache(maxsize=65536)
def resolve(name: str) -> Any | None:
    """The gazetteer Person for a name, or None."""
    gaz = gazetteer()
    if gaz is None or not name.strip():
        return None
    try:
        return gaz.resolve(name)
    except Exception:
        return None


def _day(on: str | None) -> dt.date | None:
    if not on or len(on) < 10:
        return None
    try:
        return dt.date.fromisoformat(on[:10])
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def holder(country: str, role: str, on: str | None) -> Any | None:
    """The person holding ``role`` in ``country`` on the ISO day ``on`` (any time when None)."""
    gaz = gazetteer()
    if gaz is None:
        return None
    try:
        return gaz.holder(country, role, _day(on))
    except Exception:
        return None


def held(person: Any, role: str, on: str | None) -> bool:
    """True when the gazetteer person held ``role`` on ``on``."""
    try:
        return bool(person.held(role, _day(on)))
    except Exception:
        return False


@lru_cache(maxsize=65536)
def country_of(word: str) -> str | None:
    """Country short name for a demonym, name or capital."""
    mod = _module("quoteline.knowledge.countries")
    if mod is None or not word.strip():
        return None
    try:
        result = mod.country_of(word)
    except Exception:
        return None
    return str(result) if result else None


def counterparts(text: str, exclude: tuple[str, ...] = ()) -> list[str]:
    """Countries and organisations the text is about."""
    mod = _module("quoteline.knowledge.countries")
    if mod is None:
        return []
    try:
        return [str(c) for c in mod.find_counterparts(text, exclude=exclude)]
    except Exception:
        return []


def topics(text: str, context: str = "") -> list[str]:
    """Topic ids of the text."""
    mod = _module("quoteline.knowledge.topics")
    if mod is None:
        return []
    try:
        return [str(t) for t in mod.classify(text, context=context)]
    except Exception:
        return []


def _dates() -> ModuleType | None:
    return _module("quoteline.dates")


def parse_published(value: str | None) -> str | None:
    """ISO day from a publication-date string, or None."""
    mod = _dates()
    if mod is None or not value:
        return None
    try:
        out = mod.parse_published(value)
    except Exception:
        return None
    return str(out) if out else None


def find_dateline(body: str) -> str | None:
    """ISO day of a dateline at the top of the body, or None."""
    mod = _dates()
    if mod is None:
        return None
    try:
        out = mod.find_dateline(body)
    except Exception:
        return None
    return str(out) if out else None


def resolve_relative(text: str, published: str | None) -> str | None:
    """The day (or month) a relative/explicit expression in ``text`` names, against ``published``."""
    mod = _dates()
    if mod is None or not published:
        return None
    try:
        out = mod.resolve_relative(text, published)
    except Exception:
        return None
    return str(out) if out else None


def referenced_dates(text: str, published: str | None) -> list[str]:
    """Dates the content speaks of."""
    mod = _dates()
    if mod is None:
        return []
    try:
        return [str(d) for d in mod.referenced_dates(text, published)]
    except Exception:
        return []
