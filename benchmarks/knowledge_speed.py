"""Per-call cost of the knowledge and date helpers the extractor calls for every statement.

Prints load times and microseconds per call on invented sentences, so a change that slows the extractor's
per-statement work shows up here first. Usage: .venv/bin/python benchmarks/knowledge_speed.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quoteline import dates
from quoteline.knowledge import countries, gazetteer, topics

SENTENCES = [
    "Velchenko said on Monday that Ostravia would never join a military alliance aimed at its neighbours",
    "the minister told reporters yesterday that Moscow's demands on gas prices were unacceptable",
    "Washington said it would impose new sanctions by the end of August if the ceasefire collapsed",
    "the Kremlin denied that troops had crossed the border in March 2014 or in 2022",
    "the summit in Minsk will discuss refugees, trade and the constitution with NATO and the EU",
]
NAMES = ["President Putin", "Lukashenka", "Joseph R. Biden, Jr.", "the Kremlin", "Zelenskyi", "Hugo Marrak"]


def per_call(fn: Callable[[], object], rounds: int = 300) -> float:
    """Microseconds per call of ``fn`` (already warmed up)."""
    fn()
    start = time.perf_counter()
    for _ in range(rounds):
        fn()
    return 1e6 * (time.perf_counter() - start) / rounds


def main() -> int:
    """Print load times and per-call costs."""
    start = time.perf_counter()
    gaz = gazetteer.load()
    print(f"gazetteer load      {time.perf_counter() - start:8.3f} s  ({len(gaz.people)} people)")
    start = time.perf_counter()
    countries.load()
    topics.load()
    print(f"countries+topics    {time.perf_counter() - start:8.3f} s")
    checks: dict[str, Callable[[], object]] = {
        "resolve (cached)": lambda: [gaz.resolve(n) for n in NAMES],
        "resolve (uncached)": lambda: [gaz._resolve(n) for n in NAMES],
        "find_counterparts": lambda: [countries.find_counterparts(s) for s in SENTENCES],
        "classify": lambda: [topics.classify(s) for s in SENTENCES],
        "resolve_relative": lambda: [dates.resolve_relative(s, "2022-03-04") for s in SENTENCES],
        "referenced_dates": lambda: [dates.referenced_dates(s, "2022-03-04") for s in SENTENCES],
    }
    for name, fn in checks.items():
        n = len(NAMES) if name.startswith("resolve (") else len(SENTENCES)
        print(f"{name:20s}{per_call(fn) / n:8.1f} us per call")
    return 0


if __name__ == "__main__":
    sys.exit(main())
