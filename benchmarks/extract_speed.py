"""Extraction speed and memory on one core: articles/s (with and without start-up) and peak RSS.

The corpus is 440 distinct real articles, 110 from each of the four sources of ../shared/corpus/real (spread
evenly over each file), or the bundled sample (data/sample) when the shared folder is absent. Start-up (the
lexicon, gazetteer, taxonomies and the spaCy model) is the first article's extraction and is timed apart.
The other articles go through ``extract_many``, as ``quoteline extract`` and ``ingest`` run a file of many
records: the parse windows of 16 articles in one spaCy batch. ``--one-by-one`` calls ``extract_statements``
per article instead (each article's windows a batch of their own), as ``--cold`` does.

By default the benchmark runs twice, each in a fresh process so that peak RSS is its own: with the spaCy model
the settings choose, and rules-only (``QUOTELINE_SPACY_MODEL=none``, a choice made only here and never a
fallback), and prints both and their ratio.

Run: .venv/bin/python benchmarks/extract_speed.py [--per-source 110] [--cold] [--one-by-one]
[--mode both|model|rules]
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
from benchmarks.child import run_child  # noqa: E402  (after the path is set)

REAL = ROOT.parent / "shared" / "corpus" / "real"
SAMPLE = ROOT / "data" / "sample"
RULES_ONLY = "none"


def _spread(path: Path, n: int) -> list[str]:
    """``n`` records spread evenly over a JSONL file (not just its first, most similar ones), read line by
    line so that loading the corpus does not set the peak RSS being measured."""
    with path.open(encoding="utf-8") as f:
        total = sum(1 for ln in f if ln.strip())
    step = max(1.0, total / n)
    wanted = {int(k * step) for k in range(min(n, total))}
    out = []
    with path.open(encoding="utf-8") as f:
        k = 0
        for ln in f:
            if not ln.strip():
                continue
            if k in wanted:
                out.append(ln)
            k += 1
    return out


def corpus(per_source: int) -> tuple[str, list[tuple[str, str | None]]]:
    """(name, [(text, published)]) of the benchmark corpus."""
    files = sorted(REAL.glob("*.jsonl")) if REAL.is_dir() else []
    if files:
        out = []
        for f in files:
            for ln in _spread(f, per_source):
                rec = json.loads(ln)
                out.append((f"{rec.get('title') or ''}\n\n{rec['text']}", rec.get("published")))
        return f"real corpus ({REAL}, {len(files)} sources)", out
    from quoteline.extract.text import parse_header

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SAMPLE.glob("*.txt"))]
    return f"bundled sample ({SAMPLE})", [(t, parse_header(t)[0].get("published")) for t in texts]


def run_once(per_source: int, cold: bool, one_by_one: bool = False) -> dict[str, object]:
    """Extract every article once in this process and return the figures."""
    from quoteline.extract import extract_statements, kb, parse
    from quoteline.extract.batch import ArticleInput, extract_many

    name, docs = corpus(per_source)
    if not docs:
        raise SystemExit("no articles found")
    t0, c0 = time.perf_counter(), time.process_time()
    extract_statements(docs[0][0], published=docs[0][1])  # loads lexicon, gazetteer, taxonomies, model
    startup, startup_cpu = time.perf_counter() - t0, time.process_time() - c0
    statements = 0
    t1, c1 = time.perf_counter(), time.process_time()
    if cold or one_by_one:
        for text, published in docs[1:]:
            if cold:
                kb.clear_caches()
            statements += len(extract_statements(text, published=published))
    else:
        for found in extract_many(ArticleInput(text, published) for text, published in docs[1:]):
            if isinstance(found, Exception):
                raise found
            statements += len(found)
    chars = sum(len(text) for text, _published in docs[1:])
    elapsed, elapsed_cpu = time.perf_counter() - t1, time.process_time() - c1
    n = len(docs) - 1
    return {
        "corpus": name,
        "articles": len(docs),
        "model": "rules only" if parse.rules_only() else parse.model_name(),
        "batched": not (cold or one_by_one),
        "startup_s": startup,
        "elapsed_s": elapsed,
        "statements": statements,
        "warm_rate": n / elapsed,
        "total_rate": len(docs) / (startup + elapsed),
        "cpu_rate": len(docs) / (startup_cpu + elapsed_cpu),
        "chars_rate": chars / elapsed,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _print(r: dict[str, object]) -> None:
    print(f"model        {r['model']}")
    how = "parses batched over 16 articles" if r.get("batched") else "article by article"
    print(f"corpus       {r['corpus']}: {r['articles']} distinct articles, {how}")
    print(f"startup      {r['startup_s']:.2f} s (first article: lexicon, gazetteer, taxonomies, model)")
    total = float(str(r["startup_s"])) + float(str(r["elapsed_s"]))
    print(f"articles     {r['articles']} in {total:.2f} s on one core, {r['statements']} statements")
    print(f"speed        {r['total_rate']:.1f} articles/s including start-up, {r['warm_rate']:.1f} after it")
    print(f"CPU time     {r['cpu_rate']:.1f} articles per CPU-second including start-up")
    print(f"peak RSS     {r['peak_mb']:.0f} MB")


def _child(mode: str, per_source: int, cold: bool, one_by_one: bool) -> dict[str, object]:
    env = dict(os.environ)
    if mode == "rules":
        env["QUOTELINE_SPACY_MODEL"] = RULES_ONLY
    elif env.get("QUOTELINE_SPACY_MODEL", "").strip().lower() == RULES_ONLY:
        env.pop("QUOTELINE_SPACY_MODEL")
    flags = [*(["--cold"] if cold else []), *(["--one-by-one"] if one_by_one else [])]
    return run_child(__file__, "--mode", mode, "--per-source", str(per_source), "--json", *flags, env=env)


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--per-source", type=int, default=110, help="articles per real source (default 110)")
    ap.add_argument("--mode", choices=("both", "model", "rules"), default="both")
    ap.add_argument(
        "--cold", action="store_true", help="clear the name/country lookup caches before every article"
    )
    ap.add_argument(
        "--one-by-one", action="store_true", help="extract article by article, without batching their parses"
    )
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    if args.mode == "both":
        model = _child("model", args.per_source, args.cold, args.one_by_one)
        rules = _child("rules", args.per_source, args.cold, args.one_by_one)
        _print(model)
        print()
        _print(rules)
        print()
        ratio = float(str(model["total_rate"])) / float(str(rules["total_rate"]))
        warm = float(str(model["warm_rate"])) / float(str(rules["warm_rate"]))
        cpu = float(str(model["cpu_rate"])) / float(str(rules["cpu_rate"]))
        print(f"ratio        with model / rules only: {ratio:.2f} including start-up, {warm:.2f} after it")
        print(f"             {cpu:.2f} by CPU time including start-up")
        return 0
    if args.mode == "rules":
        os.environ["QUOTELINE_SPACY_MODEL"] = RULES_ONLY
    result = run_once(args.per_source, args.cold, args.one_by_one)
    if args.json:
        print(json.dumps(result))
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
