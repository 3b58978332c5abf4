"""Topic taxonomy (``data/topics.yaml``) and a fast weighted-keyword classifier.

Every keyword of every topic goes into one compiled pattern, matched at each word start so that a phrase
("peace talks") and the words inside it ("talks") all count. A topic's score is the sum of the weights of the
distinct keywords found; a statement gets every topic scoring at least ``min_score`` and at least ``relative``
times the best score, best first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from quoteline.knowledge import sources
from quoteline.knowledge.normalize import fold
from quoteline.knowledge.yamlio import KnowledgeError, read_yaml

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_CHARS = 20_000  # a statement longer than this is boilerplate or an attack; its start decides the topic


@dataclass(frozen=True)
class Topic:
    """One topic: id, label for the dashboard, description, and keyword weights."""

    id: str
    label: str
    description: str
    keywords: dict[str, float] = field(default_factory=dict, hash=False, compare=False)


class TopicClassifier:
    """Multi-label keyword classifier over a taxonomy."""

    def __init__(self, topics: list[Topic], min_score: float = 1.0, relative: float = 0.5) -> None:
        self.topics = {t.id: t for t in topics}
        self.order = {t.id: i for i, t in enumerate(topics)}
        self.min_score = min_score
        self.relative = relative
        self._exact: dict[str, list[tuple[str, float]]] = {}
        self._prefix: list[tuple[str, str, float]] = []
        parts: list[str] = []
        for topic in topics:
            for raw, weight in topic.keywords.items():
                key = fold(raw)
                if key.endswith("*"):
                    stem = key[:-1].strip()
                    self._prefix.append((stem, topic.id, weight))
                    parts.append(_phrase(stem) + r"\w*")
                else:
                    self._exact.setdefault(key, []).append((topic.id, weight))
                    parts.append(_phrase(key))
        self._prefix.sort(key=lambda p: len(p[0]), reverse=True)
        parts = sorted(set(parts), key=len, reverse=True)
        self.pattern = re.compile(r"\b(?=(" + "|".join(parts) + r")\b)") if parts else None

    def scores(self, text: str) -> dict[str, float]:
        """Score of every topic that has at least one keyword in ``text``."""
        if not self.pattern or not text:
            return {}
        folded = fold(text[:MAX_CHARS])
        seen: set[tuple[str, str]] = set()
        totals: dict[str, float] = {}
        for match in self.pattern.finditer(folded):
            found = " ".join(match.group(1).split())
            for topic_id, weight, key in self._hits(found):
                if (topic_id, key) not in seen:
                    seen.add((topic_id, key))
                    totals[topic_id] = totals.get(topic_id, 0.0) + weight
        return totals

    def _hits(self, found: str) -> list[tuple[str, float, str]]:
        """Every (topic, weight, keyword) a matched string stands for, exact and prefix keywords alike."""
        out = [(t, w, found) for t, w in self._exact.get(found, [])]
        out += [(t, w, stem + "*") for stem, t, w in self._prefix if found.startswith(stem)]
        return out

    def classify(self, text: str, context: str = "") -> list[str]:
        """Topic ids for ``text``, best first; ``context`` is used only when the text alone yields none."""
        result = self._rank(self.scores(text))
        if not result and context:
            result = self._rank(self.scores(context))
        return result

    def _rank(self, totals: dict[str, float]) -> list[str]:
        """Topics above both floors, ordered by score then by taxonomy order."""
        if not totals:
            return []
        best = max(totals.values())
        floor = max(self.min_score, best * self.relative)
        kept = [t for t, s in totals.items() if s >= floor]
        return sorted(kept, key=lambda t: (-totals[t], self.order[t]))


def _phrase(words: str) -> str:
    """Regex for a folded phrase that tolerates any run of spaces between its words."""
    return r"\s+".join(re.escape(w) for w in words.split())


def read_taxonomy(path: Path) -> TopicClassifier:
    """Read a topics file; KnowledgeError names the file, topic and field on bad input."""
    doc = read_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("topics"), dict):
        raise KnowledgeError(f"{path}: expected a mapping `topics:` of topic ids")
    topics: list[Topic] = []
    for topic_id, raw in doc["topics"].items():
        where = f"{path}: topics.{topic_id}"
        if not isinstance(topic_id, str) or not _ID.match(topic_id):
            raise KnowledgeError(f"{where}: a topic id is lower-case letters, digits and underscores")
        if not isinstance(raw, dict):
            raise KnowledgeError(f"{where}: expected label, description and keywords")
        keywords = raw.get("keywords") or {}
        if not isinstance(keywords, dict):
            raise KnowledgeError(f"{where}.keywords: expected `keyword: weight` lines")
        weights: dict[str, float] = {}
        for key, weight in keywords.items():
            if not isinstance(weight, int | float) or isinstance(weight, bool) or weight < 0:
                raise KnowledgeError(f"{where}.keywords.{key}: weight must be a number >= 0, not {weight!r}")
            if not str(key).strip("* "):
                raise KnowledgeError(f"{where}.keywords: empty keyword")
            weights[str(key)] = float(weight)
        topics.append(
            Topic(topic_id, str(raw.get("label") or topic_id), str(raw.get("description") or ""), weights)
        )
    return TopicClassifier(topics, _number(doc, "min_score", 1.0, path), _number(doc, "relative", 0.5, path))


def _number(doc: dict[str, Any], key: str, default: float, path: Path) -> float:
    """A top-level numeric option of the topics file."""
    value = doc.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise KnowledgeError(f"{path}: `{key}` must be a number, not {value!r}")
    return float(value)


@lru_cache(maxsize=4)
def load(path: Path | None = None) -> TopicClassifier:
    """The classifier over ``data/topics.yaml`` (or ``path``), built once."""
    return read_taxonomy(path or sources.topics_file())


def classify(text: str, context: str = "") -> list[str]:
    """Topic ids of a statement, best first; ``context`` (e.g. the paragraph) only when text yields none."""
    return load().classify(text, context)


def taxonomy() -> dict[str, Topic]:
    """Every topic by id, in file order."""
    return dict(load().topics)
