"""Safe YAML reading for the knowledge files, with errors that name the file, entry and field."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


class KnowledgeError(ValueError):
    """A knowledge file (gazetteer, countries, topics) is unreadable or holds an invalid entry."""


# libyaml's safe loader when PyYAML was built with it (about ten times faster), else the pure-Python one.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader, except that dates stay strings.

    Unquoted dates are then checked by the loaders, which can name the entry and field of an impossible one
    ("2020-13-01") instead of failing the whole file inside PyYAML.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """A mapping, refusing a key written twice (PyYAML would silently keep the last one)."""
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int | float | bool) and key in seen:
                line = key_node.start_mark.line + 1
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is written twice (line {line})"
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_constructors = dict(yaml.SafeLoader.yaml_constructors)
_Loader.yaml_constructors["tag:yaml.org,2002:timestamp"] = yaml.SafeLoader.construct_yaml_str


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off the cycle collector while a loader builds many long-lived objects, then restore it.

    Loading the knowledge files allocates some 100,000 containers and none of them is garbage; the collector
    would walk them again and again (about a quarter of the load time) to free nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_yaml(path: Path) -> Any:
    """Parse ``path`` with the safe loader; raise KnowledgeError naming the file on any failure.

    Parsed documents are cached per file version (several loaders read the same gazetteer files); callers
    must not modify what they get.
    """
    try:
        stat = path.stat()
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read the file: {exc}") from exc
    return _parse_cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _parse_cached(path: Path, mtime_ns: int, size: int) -> Any:
    """Parse one version of one file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"{path}: cannot read the file: {exc}") from exc
    try:
        try:
            with paused_gc():
                return _load_plain(text)
        except _NotPlain:
            # Anchors shared in a cycle, merge keys, explicit tags, a key written twice: PyYAML's own
            # constructor handles them (or reports them) exactly as before.
            return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader subclass
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise KnowledgeError(f"{path}: not valid YAML: {exc}") from exc


class _NotPlain(Exception):
    """The document uses something the fast constructor leaves to PyYAML's."""


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# Implicit scalar types, built by the same constructor functions PyYAML's safe loader (or _Loader) uses.
_SCALAR_TAGS = tuple(f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "timestamp"))
_BUILDING = object()  # marks a collection whose items are being built


def _load_plain(text: str) -> Any:
    """Parse ``text`` with libyaml and build plain dicts, lists and scalars in one pass over the nodes.

    Same result as ``yaml.load(text, Loader=_Loader)`` for the documents the knowledge files hold, about twice
    as fast: PyYAML's constructor spends most of its time in generic machinery (generators, per-node state).
    Raises _NotPlain when the document needs that machinery.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        scalars = {tag: loader.yaml_constructors[tag] for tag in _SCALAR_TAGS}
        built: dict[int, Any] = {}

        def build(node: yaml.Node) -> Any:
            done = built.get(id(node), built)
            if done is _BUILDING:
                raise _NotPlain("a collection that contains itself")
            if done is not built:  # an alias: the same object, as PyYAML gives
                return done
            tag = node.tag
            if isinstance(node, yaml.ScalarNode):
                if tag == _STR:
                    value: Any = node.value
                elif tag in scalars:
                    value = scalars[tag](loader, node)
                else:
                    raise _NotPlain(tag)
            elif isinstance(node, yaml.SequenceNode) and tag == _SEQ:
                built[id(node)] = _BUILDING
                value = [build(item) for item in node.value]
            elif isinstance(node, yaml.MappingNode) and tag == _MAP:
                built[id(node)] = _BUILDING
                value = {}
                for key_node, value_node in node.value:
                    key = build(key_node)
                    if isinstance(key_node, yaml.CollectionNode):
                        raise _NotPlain("a list or mapping as a key")
                    if key in value:
                        raise _NotPlain("duplicate key")
                    value[key] = build(value_node)
            else:
                raise _NotPlain(tag)
            built[id(node)] = value
            return value

        try:
            return build(node)
        except RecursionError as exc:
            raise _NotPlain("nested too deep") from exc
    finally:
        loader.dispose()


def as_day(value: Any) -> dt.date | None:
    """Turn a YAML date value (date, ISO string, or null) into a date; raise ValueError when it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and 1000 <= value <= 9999:
        # A bare year stands for the first day of that year: the date is only as precise as given.
        return dt.date(value, 1, 1)
    if isinstance(value, str):
        text = value.strip()
        parts = text.split("-")
        try:
            if len(parts) == 3:
                return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            if len(parts) == 2:
                return dt.date(int(parts[0]), int(parts[1]), 1)
            if len(parts) == 1:
                return dt.date(int(parts[0]), 1, 1)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a valid date ({exc})") from exc
    raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD")


def str_list(value: Any) -> list[str]:
    """A YAML scalar or list as a list of non-empty strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    raise ValueError(f"expected a list of names, got {type(value).__name__}")
