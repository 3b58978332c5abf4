"""The model's attribute ruler applied by table look-up instead of spaCy's ``Matcher``.

The ruler of the English model sets the coarse part of speech (and morphology, lemmas, a space's tag and
label) from the tagger's fine tag, the word and its dependency label. spaCy runs it through its general
token ``Matcher``, which on the short windows the extractor parses cost about as much as the whole dependency
parser. Its patterns are all fixed sequences of word tests (equal to, in a set, not in a set, a regular
expression on the tag, the lower-case word, the label or the whitespace flag), so they are read once from
the loaded ruler and indexed by the fine tag and the lower-case word of the token a pattern sets; each token
then checks only the few patterns filed under its own tag and word. The matches are applied in the ruler's
own order (pattern number, then start), with spaCy's own setter, so every annotation is the one the ruler
gives. A pattern outside these shapes (an operator, another attribute) keeps spaCy's ruler: ``compile_ruler``
returns None and says so in the log.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

# The token attributes a pattern may test, read as strings or flags from a spaCy token.
_GETTERS: dict[str, Callable[[Any], Any]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
    "ORTH": lambda t: t.text,
}
_ValueTest = Callable[[Any], bool]
_MEMO_LIMIT = 100_000  # distinct (tag, word, label, space) keys remembered before the memo starts again


class UnsupportedPattern(ValueError):
    """A ruler pattern uses something the table does not reproduce exactly."""


@dataclass(frozen=True)
class _Rule:
    order: int  # the pattern's number in the ruler: later numbers are applied later and so win
    # Per token of the pattern: (attribute, test, the values it accepts when it names them, else None).
    tests: tuple[tuple[tuple[str, _ValueTest, frozenset[Any] | None], ...], ...]
    target: int  # which token of the pattern gets the attributes (from 0)
    attrs: dict[Any, Any]  # the ruler's normalised attributes, as its own setter takes them

    def matches_at(self, cols: dict[str, list[Any]], start: int, n: int) -> bool:
        """Whether the pattern matches the doc whose attribute columns are ``cols`` (``n`` tokens) at
        ``start``."""
        if start < 0 or start + len(self.tests) > n:
            return False
        return all(
            test(cols[attr][start + k]) for k, pairs in enumerate(self.tests) for attr, test, _v in pairs
        )


def _value_test(spec: Any) -> tuple[_ValueTest, frozenset[Any] | None]:
    """The test of one attribute's value that a Matcher token spec makes, and the values it accepts when it
    names them."""
    if isinstance(spec, bool | str):
        return (lambda v: bool(v == spec)), frozenset([spec])
    if isinstance(spec, dict) and len(spec) == 1:
        op, value = next(iter(spec.items()))
        if op == "IN" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            accepted = frozenset(value)
            return (lambda v: v in accepted), accepted
        if op == "NOT_IN" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            refused = frozenset(value)
            return (lambda v: v not in refused), None
        if op == "REGEX" and isinstance(value, str):
            pattern = re.compile(value)
            return (lambda v: bool(pattern.search(v))), None
    raise UnsupportedPattern(repr(spec))


class RulerTable:
    """The ruler's one-token patterns, whose outcome depends only on the token's own attributes, remembered
    per combination of those attributes; its longer patterns checked where a word they name occurs."""

    def __init__(self, rules: Iterable[_Rule]) -> None:
        rules = list(rules)
        self._attrs = tuple(sorted({attr for r in rules for pairs in r.tests for attr, _t, _v in pairs}))
        self._memo: dict[tuple[Any, ...], tuple[_Rule, ...]] = {}
        # One-token patterns filed by each value they require of an attribute (a token tries only the
        # patterns filed under its own values and those that require none).
        self._single_by_value: dict[tuple[str, Any], list[_Rule]] = {}
        self._single_open: list[_Rule] = []
        for rule in rules:
            if len(rule.tests) > 1:
                continue
            required = next(((attr, values) for attr, _t, values in rule.tests[0] if values), None)
            if required is None:
                self._single_open.append(rule)
            else:
                for value in required[1]:
                    self._single_by_value.setdefault((required[0], value), []).append(rule)
        # A longer pattern is looked for only around a token that has a value one of its tests requires.
        self._anchored: dict[tuple[str, Any], list[tuple[_Rule, int]]] = {}
        self._unanchored: list[_Rule] = []
        for rule in rules:
            if len(rule.tests) == 1:
                continue
            anchors = [(a, k, vs) for k, pairs in enumerate(rule.tests) for a, _t, vs in pairs if vs]
            if not anchors:
                self._unanchored.append(rule)
                continue
            attr, k, values = anchors[0]
            for value in values:
                self._anchored.setdefault((attr, value), []).append((rule, k))

    def _singles_for(self, key: tuple[Any, ...]) -> tuple[_Rule, ...]:
        """The one-token patterns a token with these attribute values matches."""
        found = self._memo.get(key)
        if found is None:
            cols = {attr: [value] for attr, value in zip(self._attrs, key, strict=True)}
            candidates = list(self._single_open)
            for attr, value in zip(self._attrs, key, strict=True):
                candidates.extend(self._single_by_value.get((attr, value), ()))
            found = tuple(r for r in candidates if r.matches_at(cols, 0, 1))
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = found
        return found

    def __call__(self, doc: Any) -> Any:
        """Set the ruler's attributes on every token of ``doc``, as the ruler would; returns ``doc``."""
        from spacy.tokens._retokenize import set_token_attrs

        getters = [_GETTERS[attr] for attr in self._attrs]
        keys = [tuple(get(tok) for get in getters) for tok in doc]
        cols = {attr: [key[a] for key in keys] for a, attr in enumerate(self._attrs)}
        n = len(keys)
        found: list[tuple[int, int, _Rule]] = []
        for i, key in enumerate(keys):
            found.extend((rule.order, i, rule) for rule in self._singles_for(key))
            if self._anchored:
                for attr, value in zip(self._attrs, key, strict=True):
                    for rule, k in self._anchored.get((attr, value), ()):
                        if rule.matches_at(cols, i - k, n):
                            found.append((rule.order, i - k, rule))
        for rule in self._unanchored:
            found.extend((rule.order, i, rule) for i in range(n) if rule.matches_at(cols, i, n))
        # The ruler sorts its matches by pattern number, then start, and sets them in that order.
        found.sort(key=lambda m: (m[0], m[1]))
        for _order, start, rule in found:
            set_token_attrs(doc[start + rule.target], rule.attrs)
        return doc


def compile_ruler(ruler: Any) -> RulerTable | None:
    """The table of a loaded spaCy ``AttributeRuler``, or None when one of its patterns has another shape."""
    rules = []
    try:
        for order, entry in enumerate(ruler.patterns):
            index = entry["index"]
            for pattern in entry["patterns"]:
                target = index if index >= 0 else len(pattern) + index
                if not 0 <= target < len(pattern):
                    raise UnsupportedPattern(f"index {index} outside a pattern of {len(pattern)}")
                tests = []
                for token_spec in pattern:
                    unknown = set(token_spec) - set(_GETTERS)
                    if unknown:
                        raise UnsupportedPattern(f"attributes {sorted(unknown)}")
                    tests.append(tuple((attr, *_value_test(spec)) for attr, spec in token_spec.items()))
                rules.append(_Rule(order, tuple(tests), target, ruler.attrs[order]))
    except UnsupportedPattern as exc:
        logger.info("the attribute ruler runs as spaCy's own: a pattern the table cannot copy (%s)", exc)
        return None
    return RulerTable(rules)
