"""Synthetic, fictional articles and statements for benchmarks and store tests (no real people)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from quoteline import EXTRACTOR_VERSION, ids
from quoteline.schema import STANCES, A, S

LEADERS = (
    "President Arlen Vostrova",
    "Premier Tomas Kellin",
    "Chancellor Ilse Marrow",
    "Minister Oduya Fenn",
    "President Kasimir Dral",
    "Prime Minister Lera Quist",
    "Foreign Minister Anto Belk",
    "Governor Mirela Sand",
)
OUTLETS = ("Northgate Wire", "Valdoria Daily", "The Ostrel Herald", "Marrowbridge Post", None)
TOPICS = ("trade", "security", "energy", "migration", "health", "climate", "elections", "economy")
WORDS = (
    "we",
    "will",
    "never",
    "accept",
    "the",
    "border",
    "talks",
    "must",
    "continue",
    "our",
    "grain",
    "deal",
    "is",
    "fair",
    "sanctions",
    "harm",
    "everyone",
    "peace",
    "requires",
    "patience",
)


def fake_batch(
    n_articles: int, per_article: int = 4, seed: int = 0, clustered: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n_articles`` fictional articles with ``per_article`` statements each: (articles, statements).

    ``clustered=True`` adds a ``cluster_id`` column (one cluster per statement) so ``Store.add`` skips
    clustering: the quick way to build the 1M-statement stores benchmarks need.
    """
    rng = random.Random(seed)
    start = date(2019, 1, 1)
    now = datetime.now(UTC)
    arts, rows = [], []
    for i in range(n_articles):
        day = start + timedelta(days=rng.randrange(2000))
        title = f"Fictional report {seed}-{i}"
        quotes = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14))) for _ in range(per_article)]
        body = "\n\n".join(f"“{q},” said the speaker." for q in quotes)
        text = f"{title}\n\n{body}"
        aid = ids.article_id(title, body)
        outlet = rng.choice(OUTLETS)
        arts.append(
            {
                A.article_id: aid,
                A.title: title,
                A.outlet: outlet,
                A.url: None,
                A.published: day.isoformat(),
                A.published_source: "cli",
                A.ingested_at: now,
                A.word_count: len(body.split()),
                A.extractor_version: EXTRACTOR_VERSION,
                A.source_path: None,
                A.text: text,
            }
        )
        pos = len(title) + 2
        for q in quotes:
            speaker = rng.choice(LEADERS)
            start_off = pos + 1
            rows.append(
                {
                    S.statement_id: ids.statement_id(aid, "direct", speaker, start_off, start_off + len(q)),
                    S.article_id: aid,
                    S.speaker: speaker,
                    S.speaker_type: "person",
                    S.kind: "direct",
                    S.cue: "said",
                    S.cue_start: None,
                    S.cue_end: None,
                    S.text: q,
                    S.start: start_off,
                    S.end: start_off + len(q),
                    S.date: day.isoformat(),
                    S.date_source: "published",
                    S.referenced_dates: [],
                    S.topics: rng.sample(TOPICS, rng.randint(0, 2)),
                    S.counterparts: [],
                    S.stance: rng.choice(STANCES),
                    S.outlet: outlet,
                }
            )
            pos += len(q) + len("“,” said the speaker.\n\n")
    statements = pd.DataFrame(rows)
    statements[S.cue_start] = statements[S.cue_start].astype("Int64")
    statements[S.cue_end] = statements[S.cue_end].astype("Int64")
    if clustered:
        statements[S.cluster_id] = statements[S.statement_id]
    return pd.DataFrame(arts), statements
