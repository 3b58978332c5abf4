"""A small scorer for extractor output against gold statements, following ANNOTATION.md's matching rules.

Used by the fixture-gold test in-process (no subprocess per article). Rules, as ANNOTATION.md states them:
a prediction matches a gold statement when their word-token F1 reaches 0.8 (direct) or 0.5 (reported),
one to one, best pairs first; gold statements of one speaker whose texts contain one another form a group
that any member satisfies; matches with optional groups, and second matches within a group, are neutral.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

THRESHOLDS = {"direct": 0.8, "indirect": 0.5}


def words(text: str) -> list[str]:
    """Lower-case, accent-free alphanumeric word tokens."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c))
    return "".join(c if c.isalnum() else " " for c in folded.lower()).split()


def name_key(name: str) -> str:
    """Comparison form of a speaker name."""
    return " ".join(words(name))


def overlap_f1(a: str, b: str) -> float:
    """Token-multiset F1 between two texts."""
    ca, cb = Counter(words(a)), Counter(words(b))
    same = sum((ca & cb).values())
    if same == 0:
        return 0.0
    prec, rec = same / sum(ca.values()), same / sum(cb.values())
    return 2 * prec * rec / (prec + rec)


def _names(g: Mapping[str, Any]) -> set[str]:
    return {name_key(n) for n in [g["speaker"], *(g.get("speaker_aliases") or [])]}


def _groups(gold: Sequence[Mapping[str, Any]]) -> list[int]:
    root = list(range(len(gold)))

    def top(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    padded = [f" {' '.join(words(g['text']))} " for g in gold]
    for i in range(len(gold)):
        for j in range(i + 1, len(gold)):
            a, b = padded[i], padded[j]
            if a.strip() and b.strip() and _names(gold[i]) & _names(gold[j]) and (a in b or b in a):
                root[top(j)] = top(i)
    return [top(i) for i in range(len(gold))]


@dataclass
class Tally:
    """Running counts over articles."""

    counts: Counter[str] = field(default_factory=Counter)

    def _ratio(self, a: str, b: str) -> float:
        return self.counts[a] / self.counts[b] if self.counts[b] else 0.0

    def prf(self, hits: str) -> tuple[float, float, float]:
        """Precision, recall and F1 of the ``hits`` count against predictions and gold."""
        p, r = self._ratio(hits, "pred"), self._ratio(hits, "gold")
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def attributed_f1(self) -> float:
        """F1 counting a match only when the speaker is right."""
        return self.prf("attributed")[2]

    @property
    def direct_recall(self) -> float:
        """Share of gold groups with a direct quote that were found."""
        return self._ratio("direct_found", "direct_gold")

    @property
    def direct_speaker(self) -> float:
        """Share of found direct groups with the right speaker."""
        return self._ratio("direct_right", "direct_found")

    @property
    def date_accuracy(self) -> float:
        """Share of found statements with the gold date (a month matches any day in it)."""
        return self._ratio("date_ok", "found")

    @property
    def topic_accuracy(self) -> float:
        """Share of found statements (with gold topics) sharing at least one topic."""
        return self._ratio("topic_ok", "topic_n")


def score(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]], tally: Tally | None = None
) -> Tally:
    """Add one article's comparison to ``tally`` (a new one when None) and return it."""
    t = tally or Tally()
    group = _groups(gold)
    members: dict[int, list[int]] = {}
    for i, gid in enumerate(group):
        members.setdefault(gid, []).append(i)
    required = {gid for gid, ms in members.items() if not all(gold[m].get("optional") for m in ms)}
    candidates = []
    for gi, g in enumerate(gold):
        need = THRESHOLDS.get(str(g.get("kind")), 0.5)
        for pi, p in enumerate(pred):
            f = overlap_f1(str(p.get("text", "")), g["text"])
            if f >= need:
                candidates.append((f, gi, pi))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
    taken_g: set[int] = set()
    taken_p: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in taken_g and pi not in taken_p:
            taken_g.add(gi)
            taken_p.add(pi)
            pairs.append((gi, pi))
    best: dict[int, tuple[int, int, bool]] = {}
    for gi, pi in pairs:
        right = name_key(str(pred[pi].get("speaker") or "")) in _names(gold[gi])
        gid = group[gi]
        if gid not in best or (right and not best[gid][2]):
            best[gid] = (gi, pi, right)
    neutral = sum(1 for gi, pi in pairs if group[gi] not in required or best[group[gi]][1] != pi)
    for gid in required:
        has_direct = any(gold[m].get("kind") == "direct" for m in members[gid])
        t.counts["direct_gold"] += has_direct
        if gid not in best:
            continue
        gi, pi, right = best[gid]
        t.counts["found"] += 1
        t.counts["attributed"] += right
        if has_direct:
            t.counts["direct_found"] += 1
            t.counts["direct_right"] += right
        day = str(gold[gi].get("date") or "")
        t.counts["date_ok"] += bool(day) and str(pred[pi].get("date") or "").startswith(day)
        topics = {x for m in members[gid] for x in (gold[m].get("topics") or [])}
        if topics:
            t.counts["topic_n"] += 1
            t.counts["topic_ok"] += bool(topics & set(pred[pi].get("topics") or []))
    t.counts["gold"] += len(required)
    t.counts["pred"] += len(pred) - neutral
    return t


def score_all(articles: Iterable[tuple[Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]]) -> Tally:
    """Score many (gold, predictions) pairs into one tally."""
    t = Tally()
    for gold, pred in articles:
        score(gold, pred, t)
    return t
