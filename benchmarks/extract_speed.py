"""Extraction speed and memory: about 1,000 articles on one core; prints articles/s and peak RSS.

Uses the dev corpus (../shared/corpus/dev) repeated, or the bundled sample (data/sample) when the shared
folder is absent. Start-up (loading the lexicon, gazetteer and taxonomies) is timed separately.

Run: .venv/bin/python benchmarks/extract_speed.py [--articles 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quoteline.extract import extract_statements, kb  # noqa: E402
from quoteline.extract.text import parse_header  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
SAMPLE = ROOT / "data" / "sample"


def corpus() -> tuple[str, list[tuple[str, str | None]]]:
    """(name, [(text, published)]) of the benchmark corpus."""
    golds = sorted(DEV.glob("*.gold.json")) if DEV.is_dir() else []
    if golds:
        out = []
        for g in golds:
            doc = json.loads(g.read_text(encoding="utf-8"))
            art = g.with_name(doc.get("article") or g.name.replace(".gold.json", ".txt"))
            out.append((art.read_text(encoding="utf-8"), doc.get("published")))
        return f"dev corpus ({DEV})", out
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SAMPLE.glob("*.txt"))]
    return f"bundled sample ({SAMPLE})", [(t, parse_header(t)[0].get("published")) for t in texts]


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000, help="how many articles to extract (default 1000)")
    ap.add_argument(
        "--cold",
        action="store_true",
        help="clear the extractor's name/country lookup caches before every article",
    )
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    name, docs = corpus()
    if not docs:
        print("no articles found", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    extract_statements(docs[0][0], published=docs[0][1])  # loads lexicon, gazetteer, taxonomies
    startup = time.perf_counter() - t0
    n = statements = chars = 0
    t0 = time.perf_counter()
    while n < args.articles:
        text, published = docs[n % len(docs)]
        if args.cold:
            for fn in (kb.resolve, kb.country_of, kb.holder):
                fn.cache_clear()
        statements += len(extract_statements(text, published=published))
        chars += len(text)
        n += 1
    elapsed = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus       {name}: {len(docs)} distinct articles")
    print(f"startup      {startup:.2f} s (first article, loading lexicon/gazetteer/taxonomies)")
    print(
        f"articles     {n} in {elapsed:.2f} s on one core, {statements} statements, {chars / 1e6:.1f} M chars"
    )
    print(
        f"caches       {'cleared before every article' if args.cold else 'warm (repeated articles hit them)'}"
    )
    print(f"speed        {n / elapsed:.1f} articles/s  ({chars / elapsed / 1e3:.0f} k chars/s)")
    print(f"peak RSS     {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
