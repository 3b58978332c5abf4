"""Where the knowledge files live: data/ and the extra gazetteer folders named in the settings."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from quoteline import settings


def gazetteer_dirs(extra_dirs: Sequence[Path] = ()) -> list[Path]:
    """data/gazetteer, then every folder in the ``gazetteer_dirs`` setting, then ``extra_dirs``."""
    dirs = [settings.get_path("data_dir") / "gazetteer"]
    dirs += [Path(d).expanduser() for d in settings.get("gazetteer_dirs").split(os.pathsep) if d.strip()]
    dirs += [Path(d) for d in extra_dirs]
    return dirs


def gazetteer_files(extra_dirs: Sequence[Path] = ()) -> list[Path]:
    """Every *.yaml / *.yml file in the gazetteer folders (a file named directly counts too), sorted."""
    files: list[Path] = []
    for d in gazetteer_dirs(extra_dirs):
        if d.is_file():
            files.append(d)
        elif d.is_dir():
            files += sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return list(dict.fromkeys(files))


def countries_file() -> Path:
    """The main countries and organisations file."""
    return settings.get_path("data_dir") / "countries.yaml"


def topics_file() -> Path:
    """The topic taxonomy file."""
    return settings.get_path("data_dir") / "topics.yaml"
