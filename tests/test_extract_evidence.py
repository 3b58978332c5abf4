"""Evidence fields: the phrase that set each statement's date (with its offsets and basis) and the speaker's
mention chain, from the extractor through the store to the exports. All names and places are invented."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from extract_helpers import by_text

from quoteline import dates
from quoteline.export import csv_bytes, jsonl_bytes, with_evidence
from quoteline.extract import extract_frame, extract_statements
from quoteline.extract.command import record, safe_cell
from quoteline.extract.evidence import DATE_BASES, chain_label
from quoteline.query import evidence as ev
from quoteline.schema import DATE_BASES as SCHEMA_DATE_BASES
from quoteline.schema import EVIDENCE_COLUMNS, S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch

ARTICLE = """published: 2023-09-14

Quarry Tax Divides the Valley

Lusmarkian Minister Edda Korvain toured the Brenholt quarry with mill owners.

"The tax stays where it is," the Lusmarkian minister told reporters on Tuesday.

"Nobody in Brenholt will pay twice," she added.

Piet Amsel, a stonecutter from Ravnik, said the tax would close small pits.
"""


def _span_text(text: str, start: int | None, end: int | None) -> str:
    assert start is not None
    assert end is not None
    return " ".join(text[start:end].split())


def test_a_day_in_the_reporting_words_is_the_date_phrase_with_its_offsets() -> None:
    st = by_text(extract_statements(ARTICLE), "stays where")
    assert st.date == "2023-09-12"
    assert st.date_basis == "phrase"
    assert st.date_phrase == "Tuesday"
    assert _span_text(ARTICLE, st.date_phrase_start, st.date_phrase_end) == "Tuesday"
    # The phrase is the one in the reporting words, after the quote, not anywhere else.
    assert st.date_phrase_start is not None
    assert st.date_phrase_start > st.end


def test_a_date_taken_from_the_speakers_statement_before_is_inherited_with_that_phrase() -> None:
    statements = extract_statements(ARTICLE)
    first = by_text(statements, "stays where")
    second = by_text(statements, "pay twice")
    assert second.date == first.date
    assert second.date_basis == "inherited"
    assert (second.date_phrase_start, second.date_phrase_end) == (
        first.date_phrase_start,
        first.date_phrase_end,
    )


def test_a_statement_without_a_day_says_the_publication_date_was_used() -> None:
    st = by_text(extract_statements(ARTICLE), "close small pits")
    assert st.date == "2023-09-14"
    assert st.date_basis == "published"
    assert (st.date_phrase, st.date_phrase_start, st.date_phrase_end) == (None, None, None)


def test_a_dateline_is_the_evidence_of_an_undated_story() -> None:
    text = (
        "Mill Levy Vote\n\nRAVNIK, Sept 14 (Valley Wire) - Piet Amsel, a stonecutter, "
        "said the levy would close small pits in 2022.\n"
    )
    st = by_text(extract_statements(text), "close small pits")
    assert st.date_source == "dateline"
    assert st.date_basis == "dateline"
    assert st.date_phrase is not None
    assert st.date_phrase.startswith("RAVNIK, Sept 14")
    assert _span_text(text, st.date_phrase_start, st.date_phrase_end) == st.date_phrase


def test_no_date_at_all_is_basis_none() -> None:
    text = "Mill Levy Vote\n\nPiet Amsel, a stonecutter, said the levy would close small pits.\n"
    st = by_text(extract_statements(text), "close small pits")
    assert st.date is None
    assert (st.date_basis, st.date_phrase) == ("none", None)


def test_the_speaker_chain_runs_from_the_pronoun_through_the_description_to_the_name() -> None:
    statements = extract_statements(ARTICLE)
    second = by_text(statements, "pay twice")
    assert second.speaker == "Edda Korvain"
    assert [link["text"] for link in second.speaker_chain] == [
        "she",
        "the Lusmarkian minister",
        "Edda Korvain",
    ]
    first = by_text(statements, "stays where")
    assert [link["text"] for link in first.speaker_chain] == ["the Lusmarkian minister", "Edda Korvain"]


def test_a_surname_subject_points_to_the_full_name() -> None:
    text = (
        "published: 2023-09-14\n\nQuarry Tax\n\nMill owner Piet Amsel opened the meeting.\n\n"
        '"We cannot pay," Amsel said.\n'
    )
    st = by_text(extract_statements(text), "cannot pay")
    assert [link["text"] for link in st.speaker_chain] == ["Amsel", "Piet Amsel"]


def test_every_link_and_phrase_indexes_the_article_text() -> None:
    for st in extract_statements(ARTICLE):
        for link in st.speaker_chain:
            assert _span_text(ARTICLE, link["start"], link["end"]) == link["text"]
        if st.date_phrase_start is not None:
            assert _span_text(ARTICLE, st.date_phrase_start, st.date_phrase_end) == st.date_phrase
        assert st.date_basis in DATE_BASES


def test_the_date_bases_are_the_schemas() -> None:
    assert DATE_BASES == SCHEMA_DATE_BASES


def test_the_frame_carries_the_evidence_and_the_jsonl_record_a_list() -> None:
    df = extract_frame(ARTICLE)
    assert set(EVIDENCE_COLUMNS) <= set(df.columns)
    chain = json.loads(df[df[S.text].str.contains("pay twice")][S.speaker_chain].iloc[0])
    assert chain[0]["text"] == "she"
    st = by_text(extract_statements(ARTICLE), "pay twice")
    assert record(st)[S.speaker_chain][0] == {
        "text": "she",
        "start": chain[0]["start"],
        "end": chain[0]["end"],
    }
    assert safe_cell(record(st)[S.speaker_chain]).startswith("she [")


def test_relative_phrase_skips_a_day_that_dates_another_event() -> None:
    text = "After Monday's vote, the minister said on Thursday"
    span = dates.relative_phrase(text, "2023-09-15")
    assert span is not None
    assert text[span[0] : span[1]] == "Thursday"
    assert dates.relative_phrase("the minister said", "2023-09-15") is None


def test_dateline_span_covers_the_dateline_only() -> None:
    body = "  RAVNIK, Sept 14 (Valley Wire) - The mill closed.\n"
    span = dates.dateline_span(body, "2023-09-20")
    assert span is not None
    assert body[span[0] : span[1]] == "RAVNIK, Sept 14 (Valley Wire) -"
    assert dates.dateline_span("The mill closed on Monday.\n") is None


# ------------------------------------------------------------------------------------------- the store


def test_a_store_written_before_the_evidence_columns_stays_readable_and_writable(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.add(*fake_batch(4, 2, seed=5))
    for path in tmp_path.glob("statements-*.parquet"):
        old = pq.read_table(path)
        old = old.drop_columns(list(EVIDENCE_COLUMNS)).replace_schema_metadata(old.schema.metadata)
        pq.write_table(old, path)
    assert all(S.date_basis not in pq.read_schema(p).names for p in tmp_path.glob("statements-*.parquet"))
    back = store.statements()
    assert back[S.date_basis].isna().all()
    assert back[S.speaker_chain].isna().all()
    store.add(*fake_batch(3, 2, seed=6))  # the write path accepts the older files beside new ones
    assert len(store.statements()) == 14
    one = store.statement(str(back[S.statement_id].iloc[0]))
    assert one is not None
    assert one[S.date_basis] is None


def test_extracted_evidence_round_trips_through_the_store_and_the_exports(tmp_path: Path) -> None:
    df = extract_frame(ARTICLE).assign(**{S.outlet: "Valley Courier"})
    articles, _ = fake_batch(1, 1, seed=7)
    articles = articles.assign(article_id=df[S.article_id].iloc[0])
    store = Store(tmp_path)
    store.add(articles, df)
    back = store.statements()
    row = back[back[S.text].str.contains("pay twice")].iloc[0]
    assert row[S.date_basis] == "inherited"
    assert row[S.date_phrase] == "Tuesday"
    assert json.loads(row[S.speaker_chain])[0]["text"] == "she"
    rows = list(csv.DictReader(io.StringIO(csv_bytes(back).decode("utf-8-sig"), newline="")))
    chained = next(r for r in rows if "pay twice" in r[S.text])
    assert chained[S.speaker_chain].startswith("she [")
    assert "→ the Lusmarkian minister [" in chained[S.speaker_chain]
    lines = [json.loads(x) for x in jsonl_bytes(back).decode().splitlines()]
    assert isinstance(lines[0][S.speaker_chain], list)
    bare = back.drop(columns=list(EVIDENCE_COLUMNS))
    joined = with_evidence(bare, back[[S.statement_id, *EVIDENCE_COLUMNS]])
    assert joined[S.date_phrase].tolist() == back[S.date_phrase].tolist()


# ------------------------------------------------------------------------------------------- display


def test_marked_text_escapes_markup_and_links_each_statement() -> None:
    text = 'Title <script>x()</script>\n\n"Hold **fast**," said Orla Venn & co.'
    start = text.index("Hold")
    html = ev.marked(text, [ev.Highlight(start, start + 13, "ql-stmt", "abc123")], link="page=table&sel=old")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "**fast**" in html
    assert "&amp; co." in html
    assert "href='?page=table&amp;sel=abc123'" in html
    assert "data-statement-id='abc123'" in html


def test_overlapping_highlights_are_clipped_not_nested() -> None:
    text = "one two three four"
    html = ev.marked(text, [ev.Highlight(0, 13, "a"), ev.Highlight(4, 18, "b")])
    assert html == "<mark class='a'>one two three</mark><mark class='b'> four</mark>"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({S.date_basis: None}, ev.NOT_RECORDED),
        (
            {S.date_basis: "phrase", S.date_phrase: "on Sunday"},
            "set by a phrase in the reporting words: “on Sunday”",
        ),
        ({S.date_basis: "published"}, ev.DATE_BASIS_TEXT["published"]),
    ],
)
def test_date_evidence_wording(row: dict[str, object], expected: str) -> None:
    assert ev.date_evidence_text(row) == expected


def test_a_chain_not_recorded_or_broken_reads_as_none() -> None:
    assert ev.chain_links(None) is None
    assert ev.chain_links("not json") is None
    assert ev.chain_links('[{"text":"he","start":4,"end":6}]') == [ev.Link("he", 4, 6)]
    assert chain_label('[{"text":"he","start":4,"end":6},{"text":"Orla Venn","start":0,"end":9}]') == (
        "he [4:6] → Orla Venn [0:9]"
    )


def test_a_transcript_label_is_its_turns_speaker_evidence() -> None:
    text = (
        "published: 2023-09-14\n\nRemarks at the Brenholt Quarry\n\n"
        "MAYOR KORVAIN: The quarry stays open for every family here.\n\n"
        "MR. AMSEL: The pits need a fair tax, and we will keep asking for one.\n\n"
        "MAYOR KORVAIN: We hear you, and the council will answer by spring.\n"
    )
    statements = extract_statements(text)
    assert len(statements) == 3
    for st in statements:
        assert st.speaker_chain
        assert st.speaker_chain[0]["start"] == st.cue_start
        assert st.speaker_chain[0]["text"] in ("MAYOR KORVAIN:", "MR. AMSEL:")


def test_an_excerpt_marks_ellipses_only_where_it_cuts_a_paragraph() -> None:
    text = "Title\n\nOrla Venn spoke first.\n\n" + "word " * 60 + "Venn said so. " + "more " * 60
    at = text.index("Orla")
    whole = ev.excerpt(text, [ev.Highlight(at, at + 9, "m")], at, at + 9)
    assert whole == "<mark class='m'>Orla Venn</mark> spoke first."
    later = text.index("Venn said")
    cut = ev.excerpt(text, [ev.Highlight(later, later + 4, "m")], later, later + 4)
    assert cut.startswith("…")
    assert cut.endswith("…")


def test_the_dashboard_csv_carries_the_evidence_and_the_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from components import downloads
    from quoteline.query.load import load_corpus

    df = extract_frame(ARTICLE).assign(**{S.outlet: "Valley Courier"})
    articles, _ = fake_batch(1, 1, seed=8)
    store = Store(tmp_path)
    store.add(articles.assign(article_id=df[S.article_id].iloc[0], title="=SUM(1) Quarry Tax"), df)
    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(tmp_path))
    corpus = load_corpus(store)
    rows = list(
        csv.DictReader(io.StringIO(downloads.csv_bytes(corpus, np.arange(len(corpus))).decode("utf-8-sig")))
    )
    row = next(r for r in rows if "pay twice" in r[S.text])
    assert row[S.date_basis] == "inherited"
    assert row[S.date_phrase] == "Tuesday"
    assert row[S.speaker_chain].startswith("she [")
    assert row[S.cue_start] != ""
    assert row[S.outlet] == "Valley Courier"
    assert row["article_title"] == "'=SUM(1) Quarry Tax"  # the formula guard still holds
