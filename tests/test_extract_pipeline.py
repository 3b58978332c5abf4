"""The extraction contract: the validated frame, ids, and statement dates."""

from __future__ import annotations

import datetime as dt

from extract_helpers import article, by_text, run

from quoteline import ids, schema
from quoteline.extract import extract_frame, extract_statements

BODY = (
    "Mara Velcheva said on Monday that Valdoria would finish its reforms in 2024.\n\n"
    "“We are ready,” Velcheva told reporters yesterday.\n\n"
    "Nikola Zorev said Valdoria expects an answer from the Union."
)


def test_frame_has_exactly_the_schema_columns_and_validates() -> None:
    df = extract_frame(article(BODY), published="2023-03-15")
    assert tuple(df.columns) == schema.EXTRACT_COLUMNS
    schema.validate_statements(df)
    assert len(df) == 3


def test_empty_article_gives_an_empty_valid_frame() -> None:
    df = extract_frame("")
    assert tuple(df.columns) == schema.EXTRACT_COLUMNS
    assert df.empty


def test_ids_are_stable_and_default_article_id_comes_from_the_content() -> None:
    text = article(BODY)
    a = extract_statements(text, published="2023-03-15")
    b = extract_statements(text, published="2023-03-15")
    assert [s.statement_id for s in a] == [s.statement_id for s in b]
    assert a[0].article_id == ids.article_id("Fictional test article", BODY)
    assert extract_statements(text, article_id="given-id-123")[0].article_id == "given-id-123"


def test_dates_published_relative_and_referenced() -> None:
    sts = run(BODY, published="2023-03-15")  # a Wednesday
    monday = by_text(sts, "finish its reforms")
    assert (monday.date, monday.date_source) == ("2023-03-13", "relative")
    assert "2024" in monday.referenced_dates
    assert by_text(sts, "We are ready").date == "2023-03-14"
    plain = by_text(sts, "expects an answer")
    assert (plain.date, plain.date_source) == ("2023-03-15", "published")


def test_header_date_and_dateline_are_used_and_never_today() -> None:
    header = "published: 2022-02-10\n\n" + article("Mara Velcheva said the talks would go on.")
    assert extract_statements(header)[0].date == "2022-02-10"
    assert extract_statements(header, published="2022-03-01")[0].date == "2022-03-01"
    dateline = article("HALVIK, March 3, 2021 - Mara Velcheva said the talks would go on.")
    st = extract_statements(dateline)[0]
    assert (st.date, st.date_source) == ("2021-03-03", "dateline")
    undated = extract_statements(article("Mara Velcheva said the talks would go on yesterday."))[0]
    assert (undated.date, undated.date_source) == (None, "unknown")
    assert undated.date != dt.date.today().isoformat()


def test_topics_and_counterparts_are_filled() -> None:
    st = run(
        "Arkady Voronets warned that Drevnia would deploy missiles if Belmora hosted Concord launchers."
    )[0]
    assert st.topics
    assert "Belmora" in st.counterparts
