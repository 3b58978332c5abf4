"""Given names and the gender they almost always mark, for "he"/"she" agreement in coreference.

``data/given_names.tsv`` is built once from the name table of the MIT-licensed ``nomquamgender`` package
(version 0.1.4; its copyright notice is kept in the file's header, see docs/KNOWLEDGE.md) by ``build``
below. Only names borne almost always by one gender, counted often enough in enough sources, are kept: a
name the data shows to be shared ("Jordan", "Kelly", "Jean") or rare is left out, so it gives no evidence.
Lookups are a dict lookup; a missing or broken file raises KnowledgeError (never a quiet fallback).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from functools import lru_cache
from pathlib import Path

from quoteline import settings
from quoteline.knowledge.normalize import fold
from quoteline.knowledge.yamlio import KnowledgeError

logger = logging.getLogger(__name__)

FILE_NAME = "given_names.tsv"
# Kept when at most this share of the name's bearers is of the other gender (nomquamgender's p(gf) <= 0.05
# or >= 0.95): "Hillary" (0.92) and "Lindsey" (0.90) are left out, "Angela" (0.99) and "Mark" (0.00) kept.
_MAX_OTHER_SHARE = 0.05
_MIN_BEARERS = 1000  # bearers counted over all the package's sources
_MIN_SOURCES = 5  # of the package's sources that list the name
_NAME_RE = re.compile(r"[a-z]+(?:-[a-z]+)?")
# The licence of the source data, copied into the table's header as the MIT License asks.
_LICENCE = """
nomquamgender: Copyright (c) 2022 Ian Van Buskirk. MIT License:
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
following conditions: The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR
THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def file_path() -> Path:
    return settings.get_path("data_dir") / FILE_NAME


@lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read the given-name table ({exc})") from exc
    table: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        if not line or line.startswith("#"):
            continue
        name, _, gender = line.partition("\t")
        if gender not in ("m", "f") or not name:
            raise KnowledgeError(f"{path}:{n}: expected `name<TAB>m|f`, got {line!r}")
        table[name] = gender
    if not table:
        raise KnowledgeError(f"{path}: the given-name table is empty")
    return table


def table(path: Path | None = None) -> dict[str, str]:
    """The table (folded given name -> 'm'/'f'), read once per file; look names up with ``fold``."""
    return _load(path if path is not None else file_path())


def gender_of(given: str, path: Path | None = None) -> str | None:
    """'m' or 'f' for a given name borne almost only by one gender, else None."""
    return table(path).get(fold(given))


def build(name_data: Path, out: Path) -> int:
    """Write the table from nomquamgender's ``name_data.json`` ({name: [sources, bearers, p(gf), ...]})."""
    data = json.loads(name_data.read_text(encoding="utf-8"))
    rows = []
    for name, info in data.items():
        n_sources, bearers, pgf = info[0], info[1], info[2]
        if n_sources < _MIN_SOURCES or bearers < _MIN_BEARERS or not _NAME_RE.fullmatch(name):
            continue
        if pgf <= _MAX_OTHER_SHARE:
            rows.append(f"{name}\tm")
        elif pgf >= 1 - _MAX_OTHER_SHARE:
            rows.append(f"{name}\tf")
    kept = f"kept: >= {_MIN_SOURCES} sources, >= {_MIN_BEARERS} bearers"
    kept += f", other gender <= {_MAX_OTHER_SHARE:.0%}"
    header = [
        "# Given names borne almost only by one gender (m/f), for pronoun agreement in coreference.",
        "# Built by quoteline.knowledge.given_names.build from nomquamgender 0.1.4's name_data.json",
        f"# ({kept}).",
        *(f"# {line}" for line in _LICENCE.strip().splitlines()),
    ]
    out.write_text("\n".join([*header, *sorted(rows)]) + "\n", encoding="utf-8")
    logger.info("wrote %d given names to %s", len(rows), out)
    return len(rows)


if __name__ == "__main__":  # python -m quoteline.knowledge.given_names NAME_DATA_JSON [OUT]
    logging.basicConfig(level=logging.INFO)
    build(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else file_path())
