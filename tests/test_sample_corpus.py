"""The bundled fictional sample corpus, its gazetteer and the gold fixtures meet their requirements (issue 4).

These tests read the files directly with the standard library (plus the pinned feedparser and rapidfuzz), so
they check the corpus itself and not the ingest code that other tests cover.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import pytest
import yaml
from annotation import ANNOTATION_TOPIC_IDS
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
GAZETTEER = ROOT / "data" / "gazetteer" / "fictional.yaml"
GOLD = ROOT / "tests" / "fixtures" / "gold"
SAMPLE_DOC = ROOT / "docs" / "SAMPLE.md"

SAMPLE_MARK = "[Fictional article written for the Quoteline sample corpus.]"
GOLD_MARK = "[Fictional article written for the Quoteline test fixtures.]"
# The 16 topic ids of ../shared/corpus/ANNOTATION.md: the contract the gold files are written against.
TOPIC_IDS = frozenset(ANNOTATION_TOPIC_IDS)
OFFICES = frozenset({"head_of_state", "head_of_government", "foreign_minister", "international", "other"})
LEADER_OFFICES = frozenset({"head_of_state", "head_of_government", "foreign_minister"})
GOLD_FIELDS = frozenset({"article", "published", "note", "statements"})
STATEMENT_FIELDS = frozenset(
    {
        "speaker",
        "speaker_aliases",
        "kind",
        "cue",
        "text",
        "date",
        "topics",
        "counterparts",
        "referenced_dates",
        "optional",
    }
)
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
RESERVED_HOSTS = ("example.org", "example.com")
HEADER = re.compile(r"^(published|source|url):\s*(.*)$")
DATE_LINE = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\w+ \d{1,2}, \d{4})\s*$", re.M
)
QUOTE_PAIRS = re.compile(
    r"“([^”]{20,}?)”|\"([^\"]{20,}?)\"|‘([^’]{20,}?)’|«([^»]{20,}?)»|„([^“]{20,}?)“|‹([^›]{20,}?)›"
)


@dataclass(frozen=True)
class Article:
    """One sample article as found on disk, with the metadata its file format carries."""

    origin: str
    title: str
    text: str
    published: str | None
    source: str | None
    url: str | None


def decode(data: bytes) -> str:
    """Decode a sample file the way its byte-order mark, or failing that UTF-8 or cp1251, says."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def _text_article(path: Path) -> Article:
    lines = decode(path.read_bytes()).splitlines()
    meta: dict[str, str] = {}
    while lines and (m := HEADER.match(lines[0])):
        meta[m.group(1)] = m.group(2).strip()
        lines.pop(0)
    body = "\n".join(lines).strip("\n")
    title = body.split("\n", 1)[0].lstrip("# ").strip()
    published = meta.get("published")
    if published is None and (m := DATE_LINE.search(body)):
        published = datetime.strptime(m.group(1), "%B %d, %Y").date().isoformat()
    return Article(path.name, title, body, published, meta.get("source"), meta.get("url"))


class _PageParser(HTMLParser):
    """Collects the metadata and the visible text of a saved web page, skipping scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "meta" and "property" in a:
            self.meta[a["property"]] = a.get("content", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


def _html_article(path: Path) -> Article:
    page = _PageParser()
    page.feed(decode(path.read_bytes()))
    published = page.meta.get("article:published_time", "")[:10] or None
    title = next(c for c in page.chunks if len(c) > 40)
    return Article(
        path.name, title, "\n".join(page.chunks), published, page.meta.get("og:site_name"), page.canonical
    )


def _record(origin: str, rec: dict[str, str]) -> Article:
    return Article(origin, rec["title"], rec["text"], rec["published"], rec["source"], rec["url"])


def _feed_articles(path: Path) -> list[Article]:
    feed = feedparser.parse(path.read_bytes())
    out = []
    for i, entry in enumerate(feed.entries):
        text = re.sub(r"<[^>]+>", "\n", entry.content[0].value)
        published = date(*entry.published_parsed[:3]).isoformat()
        out.append(Article(f"{path.name}#{i}", entry.title, text, published, feed.feed.title, entry.link))
    return out


@cache
def sample_articles() -> tuple[Article, ...]:
    """Every article in data/sample, one per record for multi-record formats."""
    out: list[Article] = []
    for path in sorted(SAMPLE.iterdir()):
        suffix = path.suffix.lower()
        if suffix in (".txt", ".md"):
            out.append(_text_article(path))
        elif suffix in (".html", ".htm"):
            out.append(_html_article(path))
        elif suffix == ".jsonl":
            lines = path.read_text(encoding="utf-8").splitlines()
            out += [_record(f"{path.name}:{i}", json.loads(line)) for i, line in enumerate(lines, 1)]
        elif suffix == ".csv":
            rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
            out += [_record(f"{path.name}:{i}", row) for i, row in enumerate(rows, 2)]
        elif suffix == ".xml":
            out += _feed_articles(path)
        else:
            pytest.fail(f"{path.name}: unexpected file type in data/sample (only articles belong there)")
    return tuple(out)


@cache
def gazetteer() -> dict:
    """The fictional gazetteer as loaded from YAML."""
    return yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return " ".join(text.split())


def _mentions(text: str, names: list[str]) -> set[str]:
    return {n for n in names if re.search(rf"\b{re.escape(n)}\b", text)}


# --- the sample corpus ---


def test_sample_has_enough_articles_in_every_format() -> None:
    articles = sample_articles()
    assert len(articles) >= 60
    assert len(list(SAMPLE.glob("*.txt"))) >= 64
    assert {p.suffix for p in SAMPLE.iterdir()} >= {".txt", ".md", ".html", ".jsonl", ".csv", ".xml"}


def test_every_sample_article_says_it_is_fictional() -> None:
    for a in sample_articles():
        assert (a.source or "").endswith("(fictional)"), (
            f"{a.origin}: source {a.source!r} lacks '(fictional)'"
        )
        assert SAMPLE_MARK in a.text, f"{a.origin}: no fictional marker"
    for path in [*SAMPLE.glob("*.txt"), *SAMPLE.glob("*.md")]:
        last = decode(path.read_bytes()).rstrip().splitlines()[-1]
        assert last == SAMPLE_MARK, f"{path.name}: the fictional marker is not the last line"


def test_sample_metadata_is_valid_and_spans_three_years_and_six_outlets() -> None:
    years, outlets = set(), set()
    for a in sample_articles():
        assert a.published, f"{a.origin}: no publication date (header, date line or record field)"
        day = date.fromisoformat(a.published)
        assert date(2022, 1, 1) <= day <= date(2025, 12, 31), f"{a.origin}: {day} is outside 2022-2025"
        host = urlparse(a.url or "").hostname or ""
        assert host.endswith(RESERVED_HOSTS) or host.endswith(".test"), (
            f"{a.origin}: {a.url!r} is not reserved"
        )
        assert a.title, f"{a.origin}: empty title"
        years.add(day.year)
        outlets.add(a.source)
    assert len(years) >= 3
    assert len(outlets) >= 6


def test_special_encodings_are_really_encoded() -> None:
    cp1251 = next(SAMPLE.glob("*cp1251*.txt")).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        cp1251.decode("utf-8")
    assert re.search("[А-я]", cp1251.decode("cp1251"))
    assert next(SAMPLE.glob("*utf16*.txt")).read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")


def test_sample_shows_every_style_the_extractor_handles() -> None:
    texts = [a.text for a in sample_articles()]
    joined = "\n".join(texts)
    patterns = {
        "wire dateline": r"(?m)^    [A-Z][A-Z ]+, [A-Z][a-z]+\.? \d{1,2} \([A-Z][\w ]+\) -",
        "hard wrap inside a quote": r"\"[^\"\n]+\n[^\"\n]+\"",
        "transcript turn": r"(?m)^(PRESIDENT|PRIME MINISTER) [A-Z]+: ",
        "share counter": r"(?m)^0 [\d,]+$",
        "advertisement": r"(?m)^- Advertisement -$",
        "newsletter prompt": r"(?i)newsletter",
        "readout": r"President \w+ reaffirmed",
        "guillemets": r"«[^»]+»",
        "low-high quotes": r"„[^“]+“",
        "angle quotes": r"‹[^›]+›",
        "curly quotes": r"“[^”]+”",
        "single curly quotes": r"‘[^’]+’",
        "according to": r"(?i)according to",
        "split quote": r",[”\"] [^“\"\n]{1,80} said[^“\"\n]{0,80}, [“\"][a-z]",
        "relative weekday": r"on (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)",
        "yesterday": r"yesterday",
        "possessive weekday": r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)'s (offer|news)",
        "last week": r"last week",
        "description speaker": r"the (\d+-year-old|Valdorian|Drevnian|Tarsenian) (leader|president)",
        "unnamed source": r"on condition of anonymity|asked not to be named",
        "institution speaker": r"[Ff]oreign [Mm]inistry said",
    }
    missing = [name for name, pattern in patterns.items() if not re.search(pattern, joined)]
    assert missing == []


def _long_quotes(text: str) -> list[str]:
    return [_norm(next(g for g in m.groups() if g)) for m in QUOTE_PAIRS.finditer(text)]


def test_some_quotes_are_carried_by_three_outlets_with_small_edits() -> None:
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for a in sample_articles():
        by_outlet[a.source or ""].extend(_long_quotes(a.text))
    outlets = list(by_outlet)
    clusters = 0
    for i, outlet in enumerate(outlets):
        for quote in by_outlet[outlet]:
            carriers = {outlet} | {
                o for o in outlets[i + 1 :] if any(fuzz.ratio(quote, q) >= 90 for q in by_outlet[o])
            }
            if len(carriers) >= 3 and not any(quote == q for o in carriers - {outlet} for q in by_outlet[o]):
                clusters += 1
    assert clusters >= 2, "expected near-duplicate quotes (not identical strings) across three outlets"


def _files_with(phrase: str) -> list[Article]:
    return [a for a in sample_articles() if phrase in _norm(a.text)]


def test_story_arcs_deny_first_and_admit_later() -> None:
    arcs = [
        ("There are no Drevnian soldiers in the Hallin Strip", "our units were in the Hallin Strip"),
        ("No agreement on Amberline has been signed", "We began talking about Amberline"),
    ]
    for denial, admission in arcs:
        denied = [a.published or "" for a in _files_with(denial)]
        admitted = [a.published or "" for a in _files_with(admission)]
        assert denied, denial
        assert admitted, admission
        assert max(denied) < min(admitted), f"{admission!r} should come after {denial!r}"


def _topic_table() -> dict[str, list[str]]:
    block = SAMPLE_DOC.read_text(encoding="utf-8").split("<!-- topic-coverage -->")[1].split("<!--")[0]
    table = {}
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] in TOPIC_IDS:
            table[cells[0]] = [f.strip() for f in cells[1].split(",")]
    return table


# Words that any article on the topic must contain at least one of: a check that the table is not just names.
TOPIC_HINTS = {
    "security": "troops units soldiers army defence",
    "conflict_peace": "ceasefire peace talks fighting",
    "arms_control": "missile treaty launchers",
    "alignment": "Union Concord west east",
    "sovereignty": "sovereignty territorial Tarsenian land border",
    "diplomacy": "talks visit met mediat",
    "elections": "election vote candida",
    "governance": "constitution parliament reform",
    "energy": "gas pipeline power",
    "economy_trade": "trade tariff invest duties",
    "sanctions": "sanction freeze ban",
    "human_rights": "journalist detain protest press",
    "migration": "refugee asylum families",
    "climate_environment": "flood climate environment",
    "health": "fever vaccin cholera",
    "terrorism": "terror extremist bomb",
}


@pytest.mark.parametrize("topic", sorted(TOPIC_IDS))
def test_every_topic_has_sample_articles_listed_in_docs(topic: str) -> None:
    files = _topic_table().get(topic)
    assert files, f"docs/SAMPLE.md lists no sample file for {topic}"
    for name in files:
        text = (SAMPLE / name).read_text(encoding="utf-8")
        assert any(h.lower() in text.lower() for h in TOPIC_HINTS[topic].split()), (
            f"{name} is not about {topic}"
        )


# --- the fictional gazetteer ---


def test_gazetteer_is_a_marked_fictional_world_of_five_states_and_eight_leaders() -> None:
    g = gazetteer()
    assert "FICTIONAL" in GAZETTEER.read_text(encoding="utf-8").splitlines()[0]
    entries = g["people"] + g["institutions"]
    assert all(e.get("fictional") is True for e in entries), "every entry needs fictional: true"
    leaders = [p for p in g["people"] if any(r["office"] in LEADER_OFFICES for r in p["roles"])]
    assert len(leaders) >= 8
    assert len({p["country"] for p in leaders}) >= 5
    assert len(g["institutions"]) >= 5
    for p in g["people"]:
        assert p["aliases"], f"{p['name']}: no aliases"
        for r in p["roles"]:
            assert r["office"] in OFFICES, f"{p['name']}: unknown office {r['office']!r}"
            assert isinstance(r["start"], date), p["name"]
            assert r["end"] is None or r["end"] > r["start"], p["name"]


def _documented_names() -> set[str]:
    g = gazetteer()
    return {c["name"] for c in g["countries"] + g["organisations"]}


def test_gazetteer_states_are_fictional_countries_with_demonyms_and_capitals() -> None:
    g = gazetteer()
    states = {c["name"] for c in g["countries"]}
    assert all(c["fictional"] is True for c in g["countries"] + g["organisations"])
    assert all(c["demonyms"] and c["capital"] for c in g["countries"])
    assert {p["country"] for p in g["people"]} <= states
    assert {i["country"] for i in g["institutions"]} <= states | {None}
    assert len(states) >= 5
    doc = SAMPLE_DOC.read_text(encoding="utf-8")
    assert all(f"| {name} |" in doc for name in states), "docs/SAMPLE.md should describe every state"


def test_every_leader_speaks_in_the_sample_and_outlets_spell_some_differently() -> None:
    corpus = "\n".join(a.text for a in sample_articles())
    variants = 0
    for p in gazetteer()["people"]:
        names = [p["name"], *p["aliases"]]
        assert _mentions(corpus, names), f"{p['name']} never appears in the sample"
        full_forms = {n for n in _mentions(corpus, names) if " " in n and not n.startswith("President ")}
        variants += len(full_forms) >= 2
    assert variants >= 3, "at least three leaders should appear under two spellings of their full name"


# --- the gold fixtures ---

GOLD_FILES = sorted(GOLD.glob("*.gold.json"))


def test_there_are_at_least_ten_gold_articles_each_with_its_annotation() -> None:
    assert len(GOLD_FILES) >= 10
    articles = {p.name for p in GOLD.glob("*.txt")}
    annotated = {json.loads(p.read_text(encoding="utf-8"))["article"] for p in GOLD_FILES}
    assert articles == annotated


def _occurs(text: str, article: str) -> bool:
    """True when the text is in the article, or is a split quote whose parts are joined by one space."""
    if text in article:
        return True
    return any(
        text[:i] in article and text[i + 1 :] in article
        for i, ch in enumerate(text)
        if ch == " " and 0 < i < len(text)
    )


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.name)
def test_gold_file_follows_the_annotation_conventions(gold_file: Path) -> None:
    doc = json.loads(gold_file.read_text(encoding="utf-8"))
    assert set(doc) == GOLD_FIELDS, gold_file.name
    article_path = GOLD / doc["article"]
    raw = article_path.read_text(encoding="utf-8")
    article = _norm(raw)
    assert raw.rstrip().endswith(GOLD_MARK), f"{doc['article']}: not marked fictional"
    published = date.fromisoformat(doc["published"]).isoformat()
    people = {e["name"] for e in gazetteer()["people"] + gazetteer()["institutions"]}
    for i, s in enumerate(doc["statements"]):
        where = f"{gold_file.name} statement {i}"
        assert set(s) == STATEMENT_FIELDS, where
        assert s["kind"] in ("direct", "indirect"), where
        assert isinstance(s["optional"], bool), where
        assert set(s["topics"]) <= TOPIC_IDS, f"{where}: unknown topics {s['topics']}"
        assert s["topics"] or s["optional"], f"{where}: a required statement needs a topic"
        assert set(s["counterparts"]) <= _documented_names(), f"{where}: counterparts {s['counterparts']}"
        assert PARTIAL_DATE.match(s["date"]), f"{where}: date {s['date']}"
        assert s["date"] <= published, f"{where}: date {s['date']} is after publication"
        assert all(PARTIAL_DATE.match(d) for d in s["referenced_dates"]), where
        assert s["speaker"] in s["speaker_aliases"], where
        assert s["speaker"] in people or s["speaker"] in raw, f"{where}: speaker {s['speaker']!r} is unknown"
        assert s["cue"] or s["kind"] == "direct", f"{where}: only a floating quote may lack a cue"
        assert _occurs(_norm(s["text"]), article), f"{where}: text is not verbatim in the article"


def test_gold_files_cover_the_hard_cases() -> None:
    statements = [s for f in GOLD_FILES for s in json.loads(f.read_text(encoding="utf-8"))["statements"]]
    corpus = "\n".join(_norm(p.read_text(encoding="utf-8")) for p in GOLD.glob("*.txt"))
    direct = [s for s in statements if s["kind"] == "direct"]
    assert any(s["cue"].endswith(":") for s in direct), "transcript turn"
    assert any(s["cue"] == "" for s in direct), "floating quote"
    assert any(_norm(s["text"]) not in corpus for s in direct), "split quote"
    assert any(s["optional"] for s in statements), "optional statements (unnamed sources, interjections)"
    assert any(s["kind"] == "indirect" for s in statements), "reported speech"
    assert len({s["date"] for s in statements if len(s["date"]) == 7}) >= 2, "month-precision dates"
    assert any(s["cue"].lower() == "according to" for s in statements), "according to"


def test_gold_articles_are_not_copies_of_sample_articles() -> None:
    sample_titles = {a.title for a in sample_articles()}
    for f in GOLD.glob("*.txt"):
        assert f.read_text(encoding="utf-8").split("\n", 1)[0] not in sample_titles, f.name
