"""What a reader produces: one raw article, before dates are settled and statements extracted."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawArticle:
    """An article as read from a file: text plus whatever metadata the file carried."""

    title: str
    body: str
    where: str  # the file (and entry/row) it came from, for messages
    published: str | None = None  # the raw date string as found, not yet checked
    published_source: str = "unknown"  # one of schema.PUBLISHED_SOURCES
    outlet: str | None = None
    url: str | None = None
    source_path: str | None = None
    note: str | None = None  # a warning about how it was read (mixed encodings), shown with the summary

    @property
    def text(self) -> str:
        """The article as stored and extracted: title line, blank line, body."""
        return f"{self.title}\n\n{self.body}"


@dataclass(frozen=True)
class FieldMap:
    """Names of the fields/columns that hold each value in JSON, JSONL and CSV records."""

    title: str = "title"
    text: str = "text"
    published: str = "published"
    source: str = "source"
    url: str = "url"

    @classmethod
    def from_pairs(cls, pairs: list[str]) -> FieldMap:
        """Build from CLI ``NAME=FIELD`` pairs, e.g. ``text=body``; unknown names are an error."""
        names = {"title", "text", "published", "source", "url"}
        values: dict[str, str] = {}
        for pair in pairs:
            name, sep, column = pair.partition("=")
            if not sep or name.strip() not in names or not column.strip():
                raise ValueError(f"--field {pair!r}: expected NAME=FIELD with NAME one of {sorted(names)}")
            values[name.strip()] = column.strip()
        return cls(**values)
