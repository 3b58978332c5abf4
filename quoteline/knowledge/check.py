"""Check every knowledge file (gazetteer, countries, topics, given names); print each problem with its file
and entry.

Usage: python -m quoteline.knowledge.check [EXTRA_GAZETTEER_DIR ...]
Exit status 1 when any file has a problem, so it can guard a commit or a CI step.
"""

from __future__ import annotations

import sys
from pathlib import Path

from quoteline.knowledge import countries, gazetteer, given_names, sources, topics
from quoteline.knowledge.yamlio import KnowledgeError


def problems(extra_dirs: list[Path]) -> list[str]:
    """Every problem found in the knowledge files, each naming its file and entry."""
    found: list[str] = []
    for check in (
        lambda: countries.read_index([sources.countries_file(), *sources.gazetteer_files(extra_dirs)]),
        lambda: topics.read_taxonomy(sources.topics_file()),
        lambda: given_names.gender_of("a"),  # reads and checks the whole given-name table
    ):
        try:
            check()
        except KnowledgeError as exc:
            found.append(str(exc))
    found += gazetteer.validate(extra_dirs)
    return found


def main(argv: list[str]) -> int:
    """Print the problems, or a one-line summary when there are none."""
    extra = [Path(a) for a in argv]
    found = problems(extra)
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} problem(s) in the knowledge files", file=sys.stderr)
        return 1
    gaz = gazetteer.build(gazetteer.gazetteer_files(extra))
    print(
        f"ok: {len(gaz.people)} people, {len(gaz.institutions)} institutions, "
        f"{len(countries.entities())} countries and organisations, {len(topics.taxonomy())} topics"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
