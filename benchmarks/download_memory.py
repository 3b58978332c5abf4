"""What a download of the Statements table costs the dashboard's process: peak RSS, wall and CPU.

Each way runs in a fresh process over the same store, as the server holds it: the corpus loaded and its
display columns read (``components.data.preload``), the statements of ``--query`` (the route's query string:
filters and sort; default the whole store, newest first) selected and sorted as the table does, then the
CSV download made:

- ``bytes``: Streamlit's download button (before session 18, and under a bare ``streamlit run``): the file
  built a chunk at a time into one bytes object (``components.downloads.csv_bytes``), held once made;
- ``stream``: the download route's parts (``components.downloads.csv_parts``; from session 19 read from the
  lake), each written to a sink and dropped, as the route sends each to the socket;
- ``route``: the real server (``components.serve``) over the store, and the download fetched over HTTP from
  its route and thrown away; the server's own peak RSS before and after (``/proc/PID/status``).

``--root`` runs every way against another checkout (main) with this script. Prints one line per
way: rows, bytes of the file, wall and CPU seconds of the download, RSS after the preload, peak RSS.

Run: ``.venv/bin/python benchmarks/download_memory.py STORE [--ways bytes stream route] [--root DIR]
[--query "leader=...&from=2023-03-01&to=2023-03-31&sort=date&order=desc"]``
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
WAYS = ("bytes", "stream", "route")
WHOLE = "sort=date&order=desc"


def _status(field: str, pid: str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(way: str, query: str) -> dict[str, object]:
    """In this process (the store from ``QUOTELINE_STORE_DIR``): preload, select and sort the statements
    ``query`` names, download."""
    from components import data, downloads
    from quoteline.query.order import table_order
    from quoteline.query.state import ViewState

    corpus = data.preload()
    view, notices = ViewState.from_query_params(parse_qs(query), data.vocabulary(corpus))
    if notices:
        raise SystemExit(f"--query refused: {notices}")
    ordered = table_order(corpus, view.filters, view.sort, view.descending)
    loaded_rss, loaded_peak = _status("VmRSS"), _status("VmHWM")
    # The route passes the filters and the sort (session 19: the filters' SQL form narrows the lake's scan,
    # and date order is read a slice at a time); main's parts take neither.
    taken = inspect.signature(downloads.csv_parts).parameters
    given: dict[str, Any] = {"filters": view.filters, "sort": view.sort} if "sort" in taken else {}
    t0, cpu0 = time.perf_counter(), time.process_time()
    if way == "bytes":
        file = downloads.csv_bytes(corpus, ordered)
        size = len(file)
    else:
        size = 0
        with open(os.devnull, "wb") as sink:
            for part in downloads.csv_parts(corpus, ordered, **given):
                sink.write(part)
                size += len(part)
    return {
        "way": way,
        "rows": len(ordered),
        "mb": size / 2**20,
        "wall_s": time.perf_counter() - t0,
        "cpu_s": time.process_time() - cpu0,
        "loaded_rss_mb": loaded_rss,
        "loaded_peak_mb": loaded_peak,
        "peak_rss_mb": _status("VmHWM"),
    }


def through_route(store: Path, query: str, root: Path, save: Path | None) -> dict[str, object]:
    """The real server of checkout ``root`` over ``store``, and the CSV of ``query`` fetched from its
    route (kept in ``save``, when given, to compare two checkouts' files)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.server import serve

    with tempfile.TemporaryDirectory() as logs, serve(store, Path(logs), root=root) as running:
        pid = str(running.pid)
        loaded_rss, loaded_peak = _status("VmRSS", pid), _status("VmHWM", pid)
        cpu = _cpu(pid)
        t0, size = time.perf_counter(), 0
        with (
            urllib.request.urlopen(f"{running.url}/api/statements.csv?{query}") as reply,  # noqa: S310
            open(save or os.devnull, "wb") as kept,
        ):
            while chunk := reply.read(1 << 20):
                kept.write(chunk)
                size += len(chunk)
        return {
            "way": "route",
            "rows": None,
            "mb": size / 2**20,
            "wall_s": time.perf_counter() - t0,
            "cpu_s": _cpu(pid) - cpu,
            "loaded_rss_mb": loaded_rss,
            "loaded_peak_mb": loaded_peak,
            "peak_rss_mb": _status("VmHWM", pid),
        }


def _cpu(pid: str) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--ways", nargs="+", choices=WAYS, default=list(WAYS))
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose dashboard code is measured")
    parser.add_argument("--query", default=WHOLE, help="the download route's query string (filters, sort)")
    parser.add_argument("--save", type=Path, help="keep the route's file here")
    parser.add_argument("--child", choices=WAYS[:2], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(args.root))
        print(json.dumps(child(args.child, args.query)))
        return
    for way in args.ways:
        if way == "route":
            got = through_route(args.store.resolve(), args.query, args.root.resolve(), args.save)
        else:
            env = {
                **os.environ,
                "QUOTELINE_STORE_DIR": str(args.store.resolve()),
                "PYTHONPATH": str(args.root),
            }
            root = ("--root", str(args.root))
            done = subprocess.run(
                [sys.executable, __file__, str(args.store), "--child", way, *root, "--query", args.query],
                cwd=args.root,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise SystemExit(f"{way} failed:\n{done.stderr[-3000:]}")
            got = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{got['way']:>6}: rows {got['rows']}, {got['mb']:.0f} MB, {got['wall_s']:.1f} s wall, "
            f"{got['cpu_s']:.1f} s CPU; RSS after the preload {got['loaded_rss_mb']:.0f} MB "
            f"(peak {got['loaded_peak_mb']:.0f}), peak RSS {got['peak_rss_mb']:.0f} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
