"""Synthetic stored statements (fictional leaders, states and outlets) for dashboard benchmarks and tests.

``synthetic_table(n)`` builds a ``schema.StoredStatements``-shaped Arrow table of ``n`` rows with numpy, fast
enough for a million rows; ``synthetic_frame(n)`` gives the same as a pandas frame. Nothing here names a real
person: leaders are "Leader NN of <fictional state>".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

if __name__ == "__main__":  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quoteline.schema import EVIDENCE_COLUMNS, STANCES, A, S

STATES = (
    "Arcadia",
    "Borduria",
    "Syldavia",
    "Freedonia",
    "Genovia",
    "Latveria",
    "Elbonia",
    "Ruritania",
    "Zubrowka",
    "Florin",
    "Guilder",
    "Qumar",
    "Kravia",
    "Markovia",
    "Sokovia",
    "Wadiya",
)
TOPICS = (
    "trade",
    "security",
    "energy",
    "climate",
    "migration",
    "health",
    "finance",
    "technology",
    "diplomacy",
    "elections",
    "sanctions",
    "agriculture",
    "water",
    "space",
    "cyber",
    "borders",
)
WORDS = (
    "we",
    "will",
    "not",
    "accept",
    "any",
    "pressure",
    "from",
    "partners",
    "talks",
    "must",
    "continue",
    "the",
    "agreement",
    "is",
    "fair",
    "our",
    "people",
    "deserve",
    "better",
    "security",
    "trade",
    "peace",
    "border",
    "reform",
    "support",
    "reject",
    "demand",
    "warn",
    "welcome",
    "progress",
    "never",
    "always",
)


def _lists(rng: np.random.Generator, n: int, vocab: tuple[str, ...], max_len: int) -> pa.ListArray:
    """A list<string> column with 0..max_len distinct-ish labels per row, built from offsets."""
    lengths = rng.integers(0, max_len + 1, size=n)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    values = pa.array(
        np.asarray(vocab, dtype=object)[rng.integers(0, len(vocab), size=int(offsets[-1]))], type=pa.string()
    )
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def _texts(rng: np.random.Generator, n: int) -> np.ndarray:
    """Statement texts drawn from a pool of random sentences, each tagged with its row number."""
    pool = np.array(
        [" ".join(rng.choice(WORDS, size=int(rng.integers(8, 30)))).capitalize() + "." for _ in range(4096)],
        dtype=object,
    )
    picks = pool[rng.integers(0, len(pool), size=n)]
    return np.char.add(picks.astype(str), np.char.add(" #", np.arange(n).astype(str))).astype(object)


def synthetic_table(n: int, seed: int = 7, undated_share: float = 0.03) -> pa.Table:
    """A StoredStatements-shaped Arrow table with ``n`` fictional statements."""
    rng = np.random.default_rng(seed)
    leaders = np.array([f"Leader {i:02d} of {STATES[i % len(STATES)]}" for i in range(60)], dtype=object)
    outlets = np.array([f"Outlet {i:02d} (fictional)" for i in range(30)], dtype=object)
    # A few prolific leaders and many quiet ones, as in real coverage.
    weights = 1.0 / np.arange(1, len(leaders) + 1)
    speaker = leaders[rng.choice(len(leaders), size=n, p=weights / weights.sum())]
    days = rng.integers(0, 5 * 365, size=n)
    dates = (np.datetime64("2021-01-01") + days.astype("timedelta64[D]")).astype(str).astype(object)
    dates[rng.random(n) < undated_share] = None
    # About a fifth of statements are re-reported by other outlets: they share the cluster of an earlier row.
    cluster_of = np.arange(n)
    echo = np.flatnonzero(rng.random(n) < 0.2)
    cluster_of[echo] = np.maximum(echo - rng.integers(1, 4, size=echo.size), 0)
    cluster_ids = np.char.add("c", cluster_of.astype(str)).astype(object)
    n_sources = np.bincount(cluster_of, minlength=n)[cluster_of]
    starts = rng.integers(10, 5000, size=n)
    texts = _texts(rng, n)
    ids = np.char.mod("%016x", np.arange(n) + 0x10000000).astype(object)
    arts = np.char.mod("%016x", np.arange(n) // 8 + 0x20000000).astype(object)
    columns = {
        S.statement_id: pa.array(ids, pa.string()),
        S.article_id: pa.array(arts, pa.string()),
        S.speaker: pa.array(speaker, pa.string()),
        S.speaker_type: pa.array(np.full(n, "person", dtype=object), pa.string()),
        S.kind: pa.array(np.where(rng.random(n) < 0.6, "direct", "indirect").astype(object), pa.string()),
        S.cue: pa.array(np.full(n, "said", dtype=object), pa.string()),
        S.cue_start: pa.array(starts - 6, pa.int64()),
        S.cue_end: pa.array(starts - 2, pa.int64()),
        S.text: pa.array(texts, pa.string()),
        S.start: pa.array(starts, pa.int64()),
        S.end: pa.array(starts + np.fromiter(map(len, texts), dtype=np.int64, count=n), pa.int64()),
        S.date: pa.array(dates, pa.string()),
        S.date_source: pa.array(
            np.where(dates == None, "unknown", "published").astype(object),  # noqa: E711
            pa.string(),
        ),
        S.referenced_dates: _lists(rng, n, ("2021-06-01",), 0),
        S.topics: _lists(rng, n, TOPICS, 3),
        S.counterparts: _lists(rng, n, STATES, 2),
        S.stance: pa.array(np.asarray(STANCES, dtype=object)[rng.integers(0, len(STANCES), n)], pa.string()),
        S.outlet: pa.array(outlets[rng.integers(0, len(outlets), n)], pa.string()),
        S.cluster_id: pa.array(cluster_ids, pa.string()),
        S.n_sources: pa.array(n_sources, pa.int64()),
    }
    return pa.table(columns)


def synthetic_frame(n: int, seed: int = 7) -> pd.DataFrame:
    """The same statements as a pandas frame, with Arrow-backed columns as a Parquet read gives them."""
    return synthetic_table(n, seed).to_pandas(types_mapper=pd.ArrowDtype)


def synthetic_articles(statements: pa.Table) -> pa.Table:
    """One short fictional article per distinct article id of ``statements``."""
    from quoteline.store.tables import ARTICLES_SCHEMA

    article_ids = pc.unique(statements[S.article_id])
    n = len(article_ids)
    idx = np.arange(n)
    return pa.table(
        {
            A.article_id: article_ids,
            A.title: pa.array(np.char.mod("Fictional report %d", idx).astype(object), pa.string()),
            A.outlet: pa.array(np.char.mod("Outlet %02d (fictional)", idx % 30).astype(object), pa.string()),
            A.url: pa.array(np.char.mod("https://news.test/%d", idx).astype(object), pa.string()),
            A.published: pa.array(np.full(n, "2023-01-01", dtype=object), pa.string()),
            A.published_source: pa.array(np.full(n, "cli", dtype=object), pa.string()),
            A.ingested_at: pa.array(
                np.full(n, np.datetime64("2026-01-01T00:00:00", "us")), pa.timestamp("us", tz="UTC")
            ),
            A.word_count: pa.array(np.full(n, 300), pa.int64()),
            A.extractor_version: pa.array(np.full(n, "1", dtype=object), pa.string()),
            A.source_path: pa.array([None] * n, pa.string()),
            A.text: pa.array(np.full(n, "Fictional report\n\nBody text.", dtype=object), pa.string()),
        },
        schema=ARTICLES_SCHEMA,
    )


def write_store(root: Path, n: int, seed: int = 7) -> Path:
    """Write a real Quoteline store (Delta tables and commit record) holding ``n`` synthetic statements.

    The tables are written directly rather than through ``Store.add`` because clustering a million new
    statements one by one would dominate the benchmark; the dashboard reads them through ``Store`` as usual.
    """
    return write_table_store(root, synthetic_table(n, seed))


def write_table_store(root: Path, statements: pa.Table) -> Path:
    """Write ``statements`` (``synthetic_table``-shaped) and one article per article id as a store."""
    from quoteline.store import counts, delta
    from quoteline.store.manifest import Manifest, write_manifest
    from quoteline.store.overlay import Overlay
    from quoteline.store.tables import STATEMENTS_SCHEMA, arrow_to_delta

    root.mkdir(parents=True, exist_ok=True)
    for name in EVIDENCE_COLUMNS:  # synthetic statements have no evidence: stored as null, "not recorded"
        if name not in statements.column_names:
            kind = STATEMENTS_SCHEMA.field(name).type
            statements = statements.append_column(name, pa.nulls(statements.num_rows, kind))
    table = statements.select(STATEMENTS_SCHEMA.names).cast(STATEMENTS_SCHEMA)
    versions = {"corrections": delta.create(root, "corrections").version()}
    for name, data in (("articles", synthetic_articles(table)), ("statements", table)):
        delta.create(root, name)
        versions[name] = delta.write(root, name, arrow_to_delta(name, data), overwrite=False, generation=1)
    # The leader x topic x week counts a commit writes beside the statements (quoteline/store/counts.py).
    # and the facet counts (the same module): every summary table a commit writes.
    statements = delta.dataset(root, "statements", versions["statements"])
    for summary in counts.ALL:
        tally = counts.of_everything(statements, Overlay(), summary)
        delta.create(root, summary.table)
        versions[summary.table] = delta.write(root, summary.table, tally, overwrite=False, generation=1)
    write_manifest(root, Manifest().next(versions))
    return root


def main() -> None:
    """Write a synthetic store: `python benchmarks/synthetic.py 100000 /tmp/store`."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("rows", type=int)
    parser.add_argument("store_dir", type=Path)
    args = parser.parse_args()
    write_store(args.store_dir, args.rows)
    print(f"wrote {args.rows} statements to the store at {args.store_dir}")


if __name__ == "__main__":
    main()
