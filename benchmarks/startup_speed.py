"""Cold start-up cost: a whole ``extract`` command, and each knowledge load, each in a fresh process.

Every figure is the median (and fastest) of several new interpreters, so nothing is warm in memory: this
is what an analyst pays for every ``python -m quoteline extract FILE``. Other load on the machine makes
single runs noisy; compare medians taken on the same machine.

Run: .venv/bin/python benchmarks/startup_speed.py [--runs 5] [ARTICLE]
(ARTICLE defaults to the first article of ../shared/corpus/dev, else of data/sample.)
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev"
SAMPLE = ROOT / "data" / "sample"
PUBLISHED = "2019-11-17"

# Run in a fresh interpreter: times each load in the order the extractor meets them, prints them as JSON.
_PHASES = """
import json, sys, time
t = time.perf_counter()
from quoteline.knowledge import countries, gazetteer, sources, topics, yamlio
out = {"import knowledge modules": time.perf_counter() - t}
t = time.perf_counter()
for path in [sources.countries_file(), *sources.gazetteer_files()]:
    yamlio.read_yaml(path)
out["parse YAML (countries + gazetteer)"] = time.perf_counter() - t
t = time.perf_counter()
countries.load()
out["countries.load()"] = time.perf_counter() - t
t = time.perf_counter()
gaz = gazetteer.load()
out["gazetteer.load()"] = time.perf_counter() - t
t = time.perf_counter()
countries.find_counterparts("Lukashenka said so.")
out["first find_counterparts (mention index)"] = time.perf_counter() - t
t = time.perf_counter()
gaz.resolve("Lukashenka")
out["first resolve"] = time.perf_counter() - t
t = time.perf_counter()
topics.load()
out["topics.load()"] = time.perf_counter() - t
print(json.dumps(out))
"""


def article() -> Path | None:
    """The default article: first of the dev corpus, else of the bundled sample."""
    for folder in (DEV, SAMPLE):
        found = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if found:
            return found[0]
    return None


def wall(cmd: list[str], cpu: list[float] | None = None) -> float:
    """Seconds ``cmd`` takes from start to exit, run from the project root; fail loudly if it fails.

    The CPU seconds it used are appended to ``cpu``: on a busy machine they vary less than the wall time.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    if cpu is not None:
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return elapsed


def line(label: str, values: list[float]) -> str:
    """One printed row: median and fastest in seconds."""
    return f"{label:44s} median {statistics.median(values):6.3f} s   fastest {min(values):6.3f} s"


def main(argv: list[str] | None = None) -> int:
    """Print the cold start-up figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, help="article to extract (default: a dev article)")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure (default 5)")
    args = parser.parse_args(argv)
    path = args.article or article()
    if path is None:
        print("no article found: pass one", file=sys.stderr)
        return 1
    runs = max(1, args.runs)
    py = sys.executable
    command = [py, "-m", "quoteline.extract.command", "--format", "jsonl", "--published", PUBLISHED]
    command.append(str(path))
    print(f"article: {path}")
    print(line("python -c pass (interpreter alone)", [wall([py, "-c", "pass"]) for _ in range(runs)]))
    cpu: list[float] = []
    print(line("extract command, cold: wall time", [wall(command, cpu) for _ in range(runs)]))
    print(line("extract command, cold: CPU time", cpu))
    phases: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run([py, "-c", _PHASES], cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"knowledge loads failed:\n{done.stderr[-2000:]}")
        for label, seconds in json.loads(done.stdout).items():
            phases.setdefault(label, []).append(seconds)
    print("knowledge loads, each in a fresh process, in the order the extractor meets them:")
    for label, values in phases.items():
        print("  " + line(label, values))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
