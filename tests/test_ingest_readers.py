"""Readers: every input format and encoding, read from real files written in the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quoteline.ingest.errors import InputError
from quoteline.ingest.raw import FieldMap
from quoteline.ingest.readers import read_bytes, read_path

BODY = (
    "“The harbour will stay open to every ship,” said Premier Tomas Kellin of Ostrelia.\n\n"
    "He spoke on Monday."
)


def test_text_with_header_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        f"published: 2023-04-05\nsource: Ostrel Herald (fictional)\nurl: https://x.test/a\n\n"
        f"Kellin keeps harbour open\n\n{BODY}\n",
        encoding="utf-8",
    )
    [art] = read_path(path)
    assert art.title == "Kellin keeps harbour open"
    assert art.body == BODY
    assert (art.published, art.outlet, art.url) == (
        "2023-04-05",
        "Ostrel Herald (fictional)",
        "https://x.test/a",
    )
    assert art.text == f"Kellin keeps harbour open\n\n{BODY}"


def test_markdown_without_header(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(f"# Kellin keeps harbour open\n\n{BODY}\n", encoding="utf-8")
    [art] = read_path(path)
    assert art.title == "Kellin keeps harbour open"
    assert art.published is None
    assert art.outlet is None


def test_source_line_without_blank_line_is_body_not_header(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("Source: the minister's office\nMore text follows here.\n", encoding="utf-8")
    [art] = read_path(path)
    assert art.title == "Source: the minister's office"
    assert art.outlet is None


@pytest.mark.parametrize(
    ("encoding", "title", "prefix"),
    [
        ("utf-16", "Премьер Келлин: гавань открыта", b"\xff\xfe"),
        ("cp1251", "Премьер Келлин заявил, что гавань останется открытой для всех судов", b""),
        ("latin-1", "Le premier ministre Kellin garantit que le port restera ouvert à tous", b""),
        # Text whose accents read the same in cp1250, cp1252 and cp1257: the tie goes to cp1252.
        ("cp1252", "Anaïs Kellin: le café de Sète reste fermé", b""),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, title: str, prefix: bytes) -> None:
    body = {
        "cp1251": "«Гавань останется открытой для всех судов», — заявил в понедельник премьер Томас Келлин. "
        "По его словам, правительство не допустит блокады, и переговоры с соседями продолжатся.",
        "latin-1": "« Le port restera ouvert à tous les navires », a déclaré lundi le premier ministre. "
        "Selon lui, le gouvernement n'acceptera aucun blocus et les négociations continueront.",
        "cp1252": "« Le café est fermé jusqu'à l'été », a déclaré Anaïs Kellin.",
    }.get(encoding, "«Гавань открыта», — сказал он.")
    path = tmp_path / f"enc-{encoding}.txt"
    data = f"{title}\n\n{body}\n".encode(encoding)
    path.write_bytes(data if data.startswith(prefix) else prefix + data)
    [art] = read_path(path)
    assert art.title == title
    assert art.body == body


def test_html_main_text_title_date_and_site(tmp_path: Path) -> None:
    page = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Kellin keeps harbour open | Ostrel Herald</title>
<meta property="og:site_name" content="Ostrel Herald (fictional)">
<meta property="og:title" content="Kellin keeps harbour open">
<meta property="article:published_time" content="2023-04-05T09:00:00+02:00">
<script>var quote = "“Not a statement,” said nobody.";</script></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav><main><article>
<h1>Kellin keeps harbour open</h1>
<p>“The harbour will stay open to every ship,” said Premier Tomas Kellin of Ostrelia on Monday,
after a week of talks with shipping firms and the port authority about the winter schedule.</p>
<p>He added that the government would review port fees in the spring, and that no vessel would be turned away
while the review was under way.</p>
</article></main><footer>© Ostrel Herald</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    [art] = read_path(path)
    assert art.title == "Kellin keeps harbour open"
    assert art.published == "2023-04-05"
    assert art.outlet == "Ostrel Herald (fictional)"
    assert art.body.startswith("“The harbour will stay open")
    assert "Not a statement" not in art.body
    assert "\n\nHe added" in art.body


def test_json_list_wrapper_and_field_names(tmp_path: Path) -> None:
    records = [
        {"headline": "Kellin keeps harbour open", "body": BODY, "date": "2023-04-05", "site": "Wire"},
        {"headline": "Second", "body": "Another body.", "date": "2023-04-06"},
    ]
    path = tmp_path / "dump.json"
    path.write_text(json.dumps({"articles": records}), encoding="utf-8")
    fields = FieldMap.from_pairs(["title=headline", "text=body", "published=date", "source=site"])
    arts = read_path(path, fields)
    assert [a.title for a in arts] == ["Kellin keeps harbour open", "Second"]
    assert arts[0].outlet == "Wire"
    assert arts[1].published == "2023-04-06"
    with pytest.raises(InputError, match=r"dump.json record 1: field 'text'"):
        read_path(path)  # default field names do not match these records


def test_jsonl_and_csv(tmp_path: Path) -> None:
    jl = tmp_path / "a.jsonl"
    jl.write_text(
        "\n".join(json.dumps({"title": f"T{i}", "text": BODY, "published": "2023-01-02"}) for i in range(3)),
        encoding="utf-8",
    )
    assert [a.title for a in read_path(jl)] == ["T0", "T1", "T2"]
    csv_path = tmp_path / "a.csv"
    csv_path.write_text(
        'title,text,published,source,url\nT1,"' + BODY.replace('"', '""') + '",05/04/2023,W,\n',
        encoding="utf-8",
    )
    [art] = read_path(csv_path)
    assert art.body == BODY
    assert art.published == "05/04/2023"  # checked later, when dates are settled
    assert art.url is None


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_give_one_article_per_entry_with_content(tmp_path: Path, kind: str) -> None:
    para = "<p>“The harbour will stay open,” Kellin said.</p><p>Talks go on.</p>"
    if kind == "rss":
        doc = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Ostrel Wire</title>
<item><title>Harbour stays open</title><link>https://w.test/1</link>
<pubDate>Wed, 05 Apr 2023 08:00:00 +0000</pubDate>
<content:encoded><![CDATA[{para}]]></content:encoded></item>
<item><title>Empty item</title><link>https://w.test/2</link></item></channel></rss>"""
    else:
        doc = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Ostrel Wire</title><entry><title>Harbour stays open</title><link href="https://w.test/1"/>
<updated>2023-04-05T08:00:00Z</updated><published>2023-04-05T08:00:00Z</published>
<content type="html"><![CDATA[{para}]]></content></entry></feed>"""
    path = tmp_path / f"feed.{'xml' if kind == 'rss' else 'atom'}"
    path.write_text(doc, encoding="utf-8")
    [art] = read_path(path)
    assert art.title == "Harbour stays open"
    assert art.published == "2023-04-05"
    assert art.outlet == "Ostrel Wire"
    assert art.url == "https://w.test/1"
    assert art.body == "“The harbour will stay open,” Kellin said.\n\nTalks go on."


def test_read_bytes_for_uploads() -> None:
    [art] = read_bytes("upload.txt", f"Title\n\n{BODY}".encode())
    assert art.title == "Title"
    with pytest.raises(InputError, match=r"^upload\.pdf: unsupported file type"):
        read_bytes("upload.pdf", b"%PDF-1.7")
    with pytest.raises(InputError, match=r"^upload\.jsonl line 2: invalid or truncated JSON"):
        read_bytes("upload.jsonl", b'{"title": "a", "text": "b"}\n{"title": "c", "te')
