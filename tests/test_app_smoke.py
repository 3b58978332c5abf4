"""Every dashboard page through Streamlit's AppTest: on the sample store, on an empty store, on a large
synthetic store (binned charts), and with hostile query parameters. None may raise."""

from __future__ import annotations

import multiprocessing
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.synthetic import synthetic_frame, write_store
from quoteline.store import Store

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "timeline": "Leader timelines",
    "topics": "Topic timelines",
    "compare": "Compare leaders",
    "changes": "What changed",
    "table": "Statements",
    "add": "Add articles",
    "corrections": "Corrections",
}
HOSTILE = {
    "page": ["<script>alert(1)</script>"],
    "leader": ["<script>alert(1)</script>", "x" * 10_000, "Nobody Real"],
    "topic": ["<img src=x onerror=alert(1)>"],
    "from": ["2024-13-45"],
    "to": ["not a date"],
    "q": ["<b>bold</b>"],
    "sel": ["javascript:alert(1)"],
    "colour": ["red"],
    "grain": ["fortnight"],
    "ctopic": ["x" * 500],
    "unknown<param>": ["1"],
}


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/sample ingested by the real CLI into a temporary store."""
    store_dir = tmp_path_factory.mktemp("sample-store")
    env = {"QUOTELINE_STORE_DIR": str(store_dir), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "quoteline", "ingest", str(ROOT / "data" / "sample")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert Store(store_dir).exists()
    return store_dir


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic store large enough that the timelines bin and switch to WebGL."""
    return write_store(tmp_path_factory.mktemp("big-store") / "store", 12_000)


@pytest.fixture
def use_store(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Point the app at a store folder for this test."""

    def point(store_dir: Path) -> None:
        monkeypatch.setenv("QUOTELINE_STORE_DIR", str(store_dir))

    return point


def run(params: dict[str, object] | None = None) -> AppTest:
    """Run app.py once with the given query parameters."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params = dict(params or {})
    return at.run()


def _no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_the_sample(sample_store: Path, use_store: Callable[[Path], None], page: str) -> None:
    use_store(sample_store)
    at = run({"page": page})
    _no_exception(at)
    assert [t.value for t in at.title] == [PAGES[page]]
    assert any("Fictional sample data" in i.value for i in at.info)
    assert at.query_params["page"] == page


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_an_empty_store(tmp_path: Path, use_store: Callable[[Path], None], page: str) -> None:
    use_store(tmp_path / "nothing-here")
    at = run({"page": page})
    _no_exception(at)
    if page != "add":
        assert any("The store is empty" in i.value for i in at.info)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_a_large_store(big_store: Path, use_store: Callable[[Path], None], page: str) -> None:
    use_store(big_store)
    at = run({"page": page, "ctopic": "trade"})
    _no_exception(at)
    if page in ("timeline", "topics"):
        assert any("each marker is a week or month" in c.value for c in at.caption)
    two = run({"page": page, "leader": ["Leader 00 of Arcadia", "Leader 01 of Borduria"], "ctopic": "trade"})
    _no_exception(two)
    if page == "timeline":
        assert any("WebGL" in c.value for c in two.caption)


@pytest.mark.parametrize("page", PAGES)
def test_hostile_query_parameters_are_ignored_with_a_notice(
    big_store: Path, use_store: Callable[[Path], None], page: str
) -> None:
    use_store(big_store)
    at = run({**HOSTILE, "page": [page]})
    _no_exception(at)
    notice = " ".join(w.value for w in at.warning)
    assert "Parts of this link were ignored" in notice
    for name in ("leader", "topic", "from", "to", "q", "sel", "colour", "grain", "ctopic"):
        assert f"'{name}'" in notice
    assert "<" not in notice
    # The URL is rewritten with clean, explicit values.
    assert at.query_params["leader"] == "*"
    assert at.query_params["sel"] == "none"
    assert "unknown<param>" not in at.query_params


def test_filters_and_selection_reach_the_url(big_store: Path, use_store: Callable[[Path], None]) -> None:
    use_store(big_store)
    at = run()
    at.multiselect(key="w_leaders").select("Leader 02 of Syldavia").run()
    at.radio(key="w_colour").set_value("stance").run()
    _no_exception(at)
    assert at.query_params["leader"] == "Leader 02 of Syldavia"
    assert at.query_params["colour"] == "stance"
    at.session_state["_selected"] = "0000000010000005"
    at.run()
    _no_exception(at)
    assert at.query_params["sel"] == "0000000010000005"
    assert any(s.value == "Selected statement" for s in at.subheader)
    at.button(key="clear_selection").click().run()
    assert at.query_params["sel"] == "none"


def test_a_link_restores_filters_after_a_page_change(
    big_store: Path, use_store: Callable[[Path], None]
) -> None:
    use_store(big_store)
    at = run(
        {"page": "timeline", "leader": "Leader 03 of Freedonia", "from": "2022-01-01", "to": "2022-12-31"}
    )
    assert at.multiselect(key="w_leaders").value == ["Leader 03 of Freedonia"]
    at.query_params = {}  # the menu clears the query string when the analyst changes page
    at.switch_page("views/topics.py").run()
    _no_exception(at)
    assert at.multiselect(key="w_leaders").value == ["Leader 03 of Freedonia"]
    assert at.query_params["page"] == "topics"
    assert at.query_params["from"] == "2022-01-01"


def test_downloads_guard_formulas_and_write_valid_json() -> None:
    import json

    from components import downloads
    from quoteline.query import Corpus

    frame = synthetic_frame(20, seed=2)
    frame.loc[0, "text"] = '=HYPERLINK("http://evil.test","click")'
    frame.loc[1, "speaker"] = "@SUM(A1:A2)"
    frame.loc[2, "date"] = None
    corpus = Corpus.from_frame(frame)
    rows = np.arange(len(corpus))
    csv_text = downloads.csv_bytes(corpus, rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    assert "'@SUM(A1:A2)" in csv_text
    assert "\n=HYPERLINK" not in csv_text
    assert ",=HYPERLINK" not in csv_text
    records = json.loads(downloads.json_bytes(corpus, rows))
    assert len(records) == 20
    undated = [r for r in records if r["statement_id"] == frame.loc[2, "statement_id"]]
    assert undated[0]["date"] is None
    assert isinstance(records[0]["topics"], list)


def test_downloads_built_in_chunks_equal_one_built_whole(
    sample_store: Path, use_store: Callable[[Path], None]
) -> None:
    """The downloads are built a chunk of rows at a time; the file must not depend on the chunk size."""
    import json

    from components import data as store_data
    from components import downloads

    use_store(sample_store)
    corpus = store_data.corpus()
    rows = np.arange(len(corpus))[::-1]  # any order: the file keeps the table's
    whole_csv, whole_json = (
        downloads.csv_bytes(corpus, rows, len(rows)),
        downloads.json_bytes(corpus, rows, len(rows)),
    )
    assert downloads.csv_bytes(corpus, rows, 7) == whole_csv
    assert downloads.json_bytes(corpus, rows, 7) == whole_json
    assert whole_csv.startswith(b"\xef\xbb\xbfdate,")
    assert whole_csv.count(b"\xef\xbb\xbf") == 1
    assert [r["statement_id"] for r in json.loads(whole_json)] == list(
        corpus.take(rows, ["statement_id"])["statement_id"]
    )


def test_compare_lists_each_statement_with_its_cue_stance_speaker_and_date(
    sample_store: Path, use_store: Callable[[Path], None]
) -> None:
    use_store(sample_store)
    at = run({"page": "compare", "ctopic": "security"})
    at.multiselect(key="w_leaders").set_value(["Arkady Voronets", "Mara Velcheva"]).run()
    _no_exception(at)
    tables = [d.value for d in at.dataframe]
    assert len(tables) == 2
    for table in tables:
        assert list(table.columns) == ["Date", "Speaker", "Cue", "Stance", "Statement", "Outlet"]
    voronets = tables[0]
    assert set(voronets["Speaker"]) == {"Arkady Voronets"}
    assert "admitted" in set(voronets["Cue"])  # a reported fragment is shown with the verb that frames it


def test_what_changed_shows_the_sample_deny_then_admit_arc(
    sample_store: Path, use_store: Callable[[Path], None]
) -> None:
    use_store(sample_store)
    at = run({"page": "changes", "leader": ["Arkady Voronets"]})
    _no_exception(at)
    shown = " ".join(h.proto.body for h in at.get("html"))
    assert "Arkady Voronets on security: denial → admission / concession" in shown


def test_malformed_settings_are_named_on_the_page(
    tmp_path: Path, use_store: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_store(tmp_path / "store")
    monkeypatch.setenv("QUOTELINE_WORKERS", "many")
    monkeypatch.setenv("QUOTELINE_LOG_LEVEL", "chatty")
    at = run({"page": "timeline"})
    _no_exception(at)
    [error] = [e.value for e in at.error]
    assert "QUOTELINE_WORKERS" in error
    assert "QUOTELINE_LOG_LEVEL" in error
    assert not at.title  # no page ran on the broken settings


def test_downloads_carry_what_a_citation_needs(sample_store: Path, use_store: Callable[[Path], None]) -> None:
    """Each downloaded row names its article (title, link, publication date) and its span in the text."""
    import json

    from components import data as store_data
    from components import downloads

    use_store(sample_store)
    corpus = store_data.corpus()
    rows = np.arange(len(corpus))
    records = json.loads(downloads.json_bytes(corpus, rows))
    assert len(records) == len(corpus)
    store = Store(sample_store)
    for r in records[:25]:
        article = store.article(r["article_id"])
        assert article is not None
        assert r["article_title"] == article["title"]
        assert r["article_url"] == article["url"]
        assert r["article_published"] == article["published"]
        if r["kind"] == "direct":
            # The span covers the quote (a split quote's parts and the cue between them included).
            words, span = r["text"].split(), article["text"][r["start"] : r["end"]].split()
            assert (span[0], span[-1]) == (words[0], words[-1])


def test_paste_preview_and_add(tmp_path: Path, use_store: Callable[[Path], None]) -> None:
    store_dir = tmp_path / "store"
    use_store(store_dir)
    at = run({"page": "add"})
    at.text_input(key="paste_title").input("Harbour opens (fictional)")
    at.text_input(key="paste_outlet").input("Upload Test Courier (fictional)")
    at.date_input(key="paste_date").set_value(date(2025, 6, 2))
    at.text_area(key="paste_body").input(
        'President Mara Velcheva said on Monday that "the harbour will open a new chapter for our coast".'
    )
    at.button[-1].click().run()  # the form's Preview button
    _no_exception(at)
    assert any(re.search(r"\d+ statements? found", s.value) for s in at.success)
    assert not Store(store_dir).exists()  # nothing is stored before the analyst confirms
    at.button(key="add_to_store").click().run()
    _no_exception(at)
    assert any("Added 1 article and" in s.value for s in at.success)
    stored = Store(store_dir).statements()
    assert len(stored) >= 1
    assert set(stored["date"]) == {"2025-06-02"}


class _Upload:
    """What st.file_uploader hands the page: a name and the bytes."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


def test_bad_uploads_are_refused_with_the_cli_messages(
    tmp_path: Path, use_store: Callable[[Path], None]
) -> None:
    from components import upload
    from quoteline.ingest.errors import InputError
    from quoteline.ingest.readers import read_items

    use_store(tmp_path / "store")
    with pytest.raises(InputError) as raised:
        read_items("broken.json", b"{not json")
    files = [
        _Upload("broken.json", b"{not json"),
        _Upload("huge.txt", b"x" * (11 * 1024 * 1024)),
        _Upload("notes.exe", b"MZ"),
    ]
    preview = upload.preview_files(files, None)
    assert preview.articles == []
    assert str(raised.value) in preview.problems
    assert any(p.startswith("huge.txt: the file is 11.5 MB, over the upload limit") for p in preview.problems)
    assert any(p.startswith("notes.exe: unsupported file type") for p in preview.problems)


def test_a_bin_click_target_round_trips_and_hostile_events_are_ignored() -> None:
    from components import charts, timeline
    from quoteline.query import Corpus, Filters, select

    frame = synthetic_frame(12_000, seed=4)
    frame.loc[frame.index[:3000], "speaker"] = 'Leader "<b>quoted</b>" of Arcadia'  # JSON- and HTML-special
    corpus = Corpus.from_frame(frame)
    rows = select(corpus, Filters()).dated
    figure, mode = charts.timeline_figure(corpus, rows, "leader", "stance")
    assert mode == "binned"
    lanes = set(corpus.speaker_counts())
    seen = set()
    for trace in figure["data"]:
        for hover, target in trace["customdata"]:
            parsed = timeline.parse_bin_target([hover, target])
            assert parsed is not None
            kind, lane, start, end = parsed
            assert target == charts.bin_target(kind, lane, start, end)
            assert kind == "leader"
            assert lane in lanes
            assert date.fromisoformat(start) <= date.fromisoformat(end)
            assert "<b>" not in hover  # the hover line is escaped
            seen.add(lane)
    assert 'Leader "<b>quoted</b>" of Arcadia' in seen
    for hostile in (["x", "not json"], ["x", "[1, 2, 3, 4]"], ["x", '{"a": 1}'], ["x"], ["x", "y" * 5000]):
        assert timeline.parse_bin_target(list(hostile)) is None


def test_a_link_zooms_the_time_charts_without_narrowing_the_counts(
    big_store: Path, use_store: Callable[[Path], None]
) -> None:
    use_store(big_store)
    whole = run({"page": "timeline"})
    at = run({"page": "timeline", "zoom": "2022-03-01..2022-03-20"})
    _no_exception(at)
    assert at.query_params["zoom"] == "2022-03-01..2022-03-20"
    assert any("Zoomed to 2022-03-01 – 2022-03-20" in m.value for m in at.markdown)
    # The zoom draws fewer statements, one marker each, while the count of matching statements is unchanged.
    assert any("each marker is a week or month" in c.value for c in whole.caption)
    assert not any("each marker is a week or month" in c.value for c in at.caption)
    assert [c.value for c in at.caption if "statements match" in c.value] == [
        c.value for c in whole.caption if "statements match" in c.value
    ]
    at.button(key="leader_zoom_to_filter").click().run()
    _no_exception(at)
    assert (at.query_params["from"], at.query_params["to"]) == ("2022-03-01", "2022-03-20")
    assert at.query_params["zoom"] == "*"
    again = run({"page": "topics", "zoom": "2022-03-01..2022-03-20"})
    assert again.slider(key="topic_zoom_days").value == (date(2022, 3, 1), date(2022, 3, 20))
    again.button(key="topic_zoom_reset").click().run()
    _no_exception(again)
    assert again.query_params["zoom"] == "*"
    # The zoom slider sets the window too; back at the whole span, there is no zoom.
    whole_span = again.slider(key="topic_zoom_days").value
    again.slider(key="topic_zoom_days").set_value((date(2023, 5, 1), date(2023, 6, 30))).run()
    _no_exception(again)
    assert again.query_params["zoom"] == "2023-05-01..2023-06-30"
    again.slider(key="topic_zoom_days").set_value(whole_span).run()
    assert again.query_params["zoom"] == "*"


def test_a_link_sorts_the_whole_table(big_store: Path, use_store: Callable[[Path], None]) -> None:
    use_store(big_store)
    at = run({"page": "table", "sort": "speaker", "order": "asc"})
    _no_exception(at)
    assert at.selectbox(key="w_sort").value == "speaker"
    assert (at.query_params["sort"], at.query_params["order"]) == ("speaker", "asc")
    speakers = [str(s).casefold() for s in at.dataframe[0].value["speaker"]]
    assert speakers == sorted(speakers)
    at.selectbox(key="w_sort").set_value("sources").run()
    _no_exception(at)
    assert at.query_params["sort"] == "sources"
    # The sort moves between pages with the rest of the view.
    at.query_params = {}
    at.switch_page("views/timeline.py").run()
    assert (at.query_params["sort"], at.query_params["order"]) == ("sources", "asc")


def _range_caption(at: AppTest) -> str:
    """The table's row range caption, e.g. "Showing rows 101-200 of 12,000, ..."."""
    shown = [c.value for c in at.caption if c.value.startswith("Showing rows")]
    assert len(shown) == 1, [c.value for c in at.caption]
    return str(shown[0])


def test_the_table_pages_through_every_matching_statement(
    big_store: Path, use_store: Callable[[Path], None]
) -> None:
    use_store(big_store)
    every = run({"page": "table", "tsize": "5000"})
    total = len(Store(big_store).statements())
    first_ids = list(every.dataframe[0].value["statement_id"])
    assert len(first_ids) == 5_000
    at = run({"page": "table", "tsize": "100", "tpage": "2"})
    _no_exception(at)
    assert _range_caption(at).startswith(f"Showing rows 101-200 of {total:,}")
    # Page 2 of 100 is rows 101-200 of the same order.
    assert list(at.dataframe[0].value["statement_id"]) == first_ids[100:200]
    at.button(key="tpage_next").click().run()
    _no_exception(at)
    assert at.query_params["tpage"] == "3"
    assert list(at.dataframe[0].value["statement_id"]) == first_ids[200:300]
    # A bigger page keeps the first row in view: row 201 is on page 1 of 500.
    at.selectbox(key="w_tsize").set_value(500).run()
    assert (at.query_params["tpage"], at.query_params["tsize"]) == ("1", "500")
    at.button(key="tpage_last").click().run()
    last = -(-total // 500)
    assert at.query_params["tpage"] == str(last)
    # A new sort starts again at page 1.
    at.selectbox(key="w_sort").set_value("speaker").run()
    _no_exception(at)
    assert at.query_params["tpage"] == "1"
    assert _range_caption(at).startswith(f"Showing rows 1-500 of {total:,}")
    # A link past the last page shows the last one, and says so.
    past = run({"page": "table", "tsize": "500", "tpage": "9999"})
    _no_exception(past)
    assert any("The link named page 9,999" in c.value for c in past.caption)
    assert past.query_params["tpage"] == str(last)


def test_a_filtered_link_keeps_its_page_until_a_filter_changes(
    big_store: Path, use_store: Callable[[Path], None]
) -> None:
    use_store(big_store)
    link: dict[str, object] = {
        "page": "table",
        "tsize": "100",
        "tpage": "3",
        "from": "2022-01-01",
        "to": "2023-12-31",
        "q": "the",
    }
    at = run(link)
    _no_exception(at)
    # The widgets read back the link's filters unchanged, so the link's page stands.
    assert at.query_params["tpage"] == "3"
    assert _range_caption(at).startswith("Showing rows 201-300 of")
    # The page moves between pages with the rest of the view.
    at.query_params = {}
    at.switch_page("views/timeline.py").run()
    assert at.query_params["tpage"] == "3"
    at.query_params = {}
    at.switch_page("views/table.py").run()
    assert at.query_params["tpage"] == "3"
    # A new filter (in the sidebar) starts the table again at page 1.
    at.multiselect(key="w_leaders").select("Leader 02 of Syldavia").run()
    _no_exception(at)
    assert at.query_params["tpage"] == "1"
    assert _range_caption(at).startswith("Showing rows 1-100 of")


def test_a_lake_page_reads_only_its_rows_and_equals_the_in_memory_page(
    big_store: Path, use_store: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    from components import data as store_data
    from quoteline.query.lake_rows import LakeRows

    use_store(big_store)
    link: dict[str, object] = {
        "page": "table",
        "tsize": "100",
        "tpage": "4",
        "sort": "speaker",
        "order": "asc",
    }
    held = run(link).dataframe[0].value
    asked: list[int] = []
    rows = LakeRows.rows

    def counted(self: LakeRows, ids: list[str], dates: list[object], columns: list[str]) -> object:
        asked.append(len(ids))
        return rows(self, ids, dates, columns)

    monkeypatch.setattr(LakeRows, "rows", counted)
    monkeypatch.setenv("QUOTELINE_LAKE_ROWS_MIN_STATEMENTS", "0")  # the text stays in the lake
    store_data._load.clear()  # the corpus is cached per store version, whatever the threshold
    try:
        at = run(link)
    finally:
        store_data._load.clear()
    _no_exception(at)
    lake = at.dataframe[0].value
    assert list(lake["statement_id"]) == list(held["statement_id"])
    assert list(lake["text"]) == list(held["text"])
    # The table asked the lake for its page's 100 rows, never for the 12,000 the filters match.
    assert 100 in asked
    assert max(asked) == 100


def _child_ran() -> None:
    """The target of a spawned process: nothing but to start."""


def test_a_process_spawned_after_the_app_ran_starts_without_drawing_it(
    sample_store: Path, use_store: Callable[[Path], None]
) -> None:
    # Streamlit leaves the app script as sys.modules["__main__"] after a run, and multiprocessing's "spawn"
    # (Dask's nannies, the search index's workers) re-imports that script in the child as "__mp_main__".
    use_store(sample_store)
    _no_exception(run({"page": "topics"}))
    child = multiprocessing.get_context("spawn").Process(target=_child_ran)
    child.start()
    child.join(120)
    assert child.exitcode == 0


def test_a_chart_too_large_for_shift_marks_says_so(
    big_store: Path, sample_store: Path, use_store: Callable[[Path], None]
) -> None:
    use_store(big_store)
    at = run({"page": "timeline"})
    _no_exception(at)
    notes = [c.value for c in at.caption if "Line shifts are marked" in c.value]
    assert len(notes) == 1, [c.value for c in at.caption]
    assert "page=changes" in notes[0]
    use_store(sample_store)
    at = run({"page": "timeline"})
    _no_exception(at)
    assert not [c.value for c in at.caption if "Line shifts are marked" in c.value]
