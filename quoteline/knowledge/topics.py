"""Topic taxonomy (``data/topics.yaml``) and a fast weighted-keyword classifier.

Keywords are looked up word by word in dicts (by first word, and by stem for "word*"), so a phrase
("peace talks") and the words inside it ("talks") all count and the cost grows with the text only. A
topic's score is the sum of the weights of the distinct keywords found; a statement gets every topic scoring
at least ``min_score`` and at least ``relative`` times the best score, best first. A classification whose
best score is below ``weak_score`` is weak: the caller should add topics from the statement's context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from quoteline.knowledge import sources
from quoteline.knowledge.normalize import fold
from quoteline.knowledge.yamlio import KnowledgeError, read_yaml

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOKEN = re.compile(r"\w+")
MAX_CHARS = 20_000  # a statement longer than this is boilerplate or an attack; its start decides the topic
_MEMO_TEXTS = 256  # texts whose scores a classifier remembers (the latest ones)
_MEMO_WORDS = 100_000  # words whose stem keywords it remembers


@dataclass(frozen=True)
class Topic:
    """One topic: id, label for the dashboard, description, and keyword weights."""

    id: str
    label: str
    description: str
    keywords: dict[str, float] = field(default_factory=dict, hash=False, compare=False)


class _Keyword(NamedTuple):
    """One keyword of one topic, split into folded words; ``prefix`` applies to the last word."""

    words: tuple[str, ...]
    prefix: bool
    topic: str
    weight: float


class TopicClassifier:
    """Multi-label keyword classifier over a taxonomy."""

    def __init__(
        self,
        topics: list[Topic],
        min_score: float = 1.0,
        relative: float = 0.5,
        shadows: tuple[str, ...] = (),
        weak_score: float = 2.0,
    ) -> None:
        self.topics = {t.id: t for t in topics}
        # Phrases whose words mislead on their own ("freedom of navigation" is not a rights matter): inside
        # one, only keywords that cover the whole phrase count.
        self._shadows: dict[str, list[tuple[str, ...]]] = {}
        for phrase in shadows:
            words = tuple(_TOKEN.findall(fold(phrase)))
            if words:
                self._shadows.setdefault(words[0], []).append(words)
        self.order = {t.id: i for i, t in enumerate(topics)}
        self.min_score = min_score
        self.relative = relative
        self.weak_score = weak_score
        # Keywords are looked up word by word, so the cost grows with the text, not with the taxonomy.
        self._by_first: dict[str, list[_Keyword]] = {}
        self._by_stem: dict[str, list[_Keyword]] = {}
        for topic in topics:
            for raw, weight in topic.keywords.items():
                key = fold(raw)
                words = tuple(_TOKEN.findall(key))
                if not words:
                    continue
                kw = _Keyword(words, key.endswith("*"), topic.id, weight)
                if kw.prefix and len(words) == 1:
                    self._by_stem.setdefault(words[0], []).append(kw)
                else:
                    self._by_first.setdefault(words[0], []).append(kw)
        self._stem_lengths = sorted({len(stem) for stem in self._by_stem})
        # Memos of this taxonomy's own answers: the scores of the latest texts (a statement is scored on its
        # own, then again when its topics are picked) and the stem keywords each word starts with.
        self._recent: dict[str, dict[str, float]] = {}
        self._stems_of: dict[str, tuple[_Keyword, ...]] = {}

    def scores(self, text: str) -> dict[str, float]:
        """Score of every topic that has at least one keyword in ``text`` (each keyword counted once)."""
        if not text:
            return {}
        totals = self._recent.get(text)
        if totals is None:
            if len(self._recent) >= _MEMO_TEXTS:
                self._recent.clear()
            totals = self._recent[text] = self._scores(text)
        return dict(totals)

    def _stems(self, word: str) -> tuple[_Keyword, ...]:
        """The "word*" keywords whose stem starts ``word``."""
        found = self._stems_of.get(word)
        if found is None:
            hits: list[_Keyword] = []
            for length in self._stem_lengths:
                if length > len(word):
                    break
                hits += self._by_stem.get(word[:length], ())
            if len(self._stems_of) >= _MEMO_WORDS:
                self._stems_of.clear()
            found = self._stems_of[word] = tuple(hits)
        return found

    def _scores(self, text: str) -> dict[str, float]:
        words = _TOKEN.findall(fold(text[:MAX_CHARS]))
        shadowed = self._shadowed(words) if self._shadows else {}
        seen: set[_Keyword] = set()
        for i, word in enumerate(words):
            stems = self._stems_of.get(word)
            if stems is None:
                stems = self._stems(word)
            firsts = self._by_first.get(word, ())
            if not firsts and not stems:
                continue  # most words start no keyword
            phrase = shadowed.get(i)
            for kw in firsts:
                if kw in seen or not _matches_at(kw, words, i):
                    continue
                if phrase is None or (i <= phrase[0] and i + len(kw.words) >= phrase[1]):
                    seen.add(kw)
            if phrase is not None:
                continue  # a word inside a misleading phrase: single-word keywords do not count
            seen.update(stems)
        totals: dict[str, float] = {}
        for kw in seen:
            totals[kw.topic] = totals.get(kw.topic, 0.0) + kw.weight
        return totals

    def _shadowed(self, words: list[str]) -> dict[int, tuple[int, int]]:
        """Word index -> (start, end) word indexes of the misleading phrase covering it."""
        out: dict[int, tuple[int, int]] = {}
        for i, word in enumerate(words):
            for phrase in self._shadows.get(word, ()):
                n = len(phrase)
                if tuple(words[i : i + n]) == phrase:
                    for j in range(i, i + n):
                        out.setdefault(j, (i, i + n))
        return out

    def classify(self, text: str, context: str = "") -> list[str]:
        """Topic ids for ``text``, best first; ``context`` is used only when the text alone yields none."""
        result = self._rank(self.scores(text))
        if not result and context:
            result = self._rank(self.scores(context))
        return result

    def assess(self, text: str) -> tuple[list[str], bool]:
        """Topic ids of ``text`` alone, best first, and whether that answer is weak (below ``weak_score``)."""
        totals = self.scores(text)
        best = max(totals.values(), default=0.0)
        return self._rank(totals), best < self.weak_score

    def _rank(self, totals: dict[str, float]) -> list[str]:
        """Topics above both floors, ordered by score then by taxonomy order."""
        if not totals:
            return []
        best = max(totals.values())
        floor = max(self.min_score, best * self.relative)
        kept = [t for t, s in totals.items() if s >= floor]
        return sorted(kept, key=lambda t: (-totals[t], self.order[t]))


def _matches_at(kw: _Keyword, words: list[str], i: int) -> bool:
    """Whether the keyword's words start at ``words[i]`` (the last one as a prefix for "word*")."""
    n = len(kw.words)
    if i + n > len(words):
        return False
    for j in range(1, n):
        word, want = words[i + j], kw.words[j]
        if not (word == want or (kw.prefix and j == n - 1 and word.startswith(want))):
            return False
    return n > 1 or not kw.prefix


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
    shadows = doc.get("misleading_phrases") or []
    if not isinstance(shadows, list) or not all(isinstance(p, str) and p.strip() for p in shadows):
        raise KnowledgeError(f"{path}: misleading_phrases: expected a list of non-empty phrases")
    return TopicClassifier(
        topics,
        _number(doc, "min_score", 1.0, path),
        _number(doc, "relative", 0.5, path),
        tuple(shadows),
        _number(doc, "weak_score", 2.0, path),
    )


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


def assess(text: str) -> tuple[list[str], bool]:
    """Topic ids of a statement's own words, best first, and whether they are too weak to stand alone."""
    return load().assess(text)


def taxonomy() -> dict[str, Topic]:
    """Every topic by id, in file order."""
    return dict(load().topics)
