"""Topic accuracy of the keyword classifier on the dev gold statements.

Classifies each gold statement's text (with no context) and prints the share whose first predicted topic is in
the gold topics, and the share with any predicted topic in them (what ../shared/eval/score.py counts).
Skips with a clear message when ../shared/corpus/dev is absent.

Usage: .venv/bin/python benchmarks/topic_accuracy.py [GOLD_DIR] [-v]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quoteline.knowledge import topics

DEFAULT_GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev"


def main(argv: list[str]) -> int:
    """Print first-label and any-label topic accuracy over the gold statements."""
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    gold_dir = Path(args[0]) if args else DEFAULT_GOLD
    files = sorted(gold_dir.glob("*.gold.json")) if gold_dir.is_dir() else []
    if not files:
        print(f"SKIPPED: no *.gold.json in {gold_dir} (the shared dev corpus is not present)")
        return 0
    n = first_ok = any_ok = empty = 0
    started = time.perf_counter()
    for path in files:
        for st in json.loads(path.read_text(encoding="utf-8"))["statements"]:
            gold = set(st.get("topics") or [])
            if not gold:
                continue
            predicted = topics.classify(st["text"])
            n += 1
            first_ok += bool(predicted) and predicted[0] in gold
            any_ok += bool(gold & set(predicted))
            empty += not predicted
            if verbose and (not predicted or predicted[0] not in gold):
                print(f"{path.name}: gold {sorted(gold)} predicted {predicted}: {st['text'][:80]}")
    elapsed = time.perf_counter() - started
    print(f"statements {n}  no topic {empty}  classify {1000 * elapsed / max(n, 1):.3f} ms each")
    print(f"any-label accuracy {any_ok / n:.3f}")
    print(f"first-label accuracy {first_ok / n:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
