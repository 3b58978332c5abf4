"""Corrections: the log in the store, applied on every read, surviving re-extraction, undone by new entries.

Stores here are real folders; articles are fictional (invented names and places).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from quoteline.cli import main
from quoteline.corrections import edit, gold, log
from quoteline.corrections.values import CorrectionError
from quoteline.schema import A, C, S
from quoteline.store import Store
from quoteline.store.overlay import CORRECTED
from quoteline.store.synthetic import fake_batch


@pytest.fixture
def store(tmp_path: Path) -> Store:
    st = Store(tmp_path / "store")
    st.add(*fake_batch(6, 3, seed=4))
    return st


def _first(store: Store) -> pd.Series:
    """The statement with the lowest id among those that hold none of the values these tests correct to (the
    store's own order follows its file layout, which sorts by speaker, so "first in the store" is no fixed
    statement, and one that already held "denial" would leave nothing to correct)."""
    rows = store.statements(
        [S.statement_id, S.article_id, S.speaker, S.date, S.text, S.start, S.end, S.stance]
    ).sort_values(S.statement_id)
    free = rows[
        (rows[S.stance] != "denial") & (rows[S.date] != "2020-05") & (rows[S.speaker] != "Ilvo Marent")
    ]
    return free.iloc[0]


def test_a_speaker_correction_is_read_everywhere_but_raw(store: Store) -> None:
    row = _first(store)
    done = edit.correct_statement(
        store, row[S.statement_id], {"speaker": "Ilvo Marent"}, by="ana", reason="x"
    )
    assert len(done.entries) == 1
    assert done.entries.iloc[0][C.by] == "ana"
    fixed = store.statements([S.statement_id, S.speaker, CORRECTED]).set_index(S.statement_id)
    assert fixed.loc[row[S.statement_id], S.speaker] == "Ilvo Marent"
    assert bool(fixed.loc[row[S.statement_id], CORRECTED])
    assert fixed[CORRECTED].sum() == 1
    raw = store.statements([S.statement_id, S.speaker], raw=True).set_index(S.statement_id)
    assert raw.loc[row[S.statement_id], S.speaker] == row[S.speaker]
    # Lazily read column sets of one commit line up row for row (the dashboard reads them apart).
    table, manifest = store.read_arrow("statements", [S.statement_id])
    other = store.read_arrow_at(manifest, "statements", [S.speaker, S.statement_id])
    assert table[S.statement_id].to_pylist() == other[S.statement_id].to_pylist()


def test_the_log_records_old_new_by_at_and_reason(store: Store) -> None:
    row = _first(store)
    edit.correct_statement(store, row[S.statement_id], {"stance": "denial", "date": "2020-05"}, reason="why")
    entries = store.corrections()
    assert set(entries[C.field]) == {"stance", "date"}
    date_entry = entries[entries[C.field] == "date"].iloc[0]
    assert json.loads(date_entry[C.old]) == row[S.date]
    assert json.loads(date_entry[C.new]) == "2020-05"
    assert date_entry[C.reason] == "why"
    assert date_entry[C.by]
    assert date_entry[C.at] <= pd.Timestamp.now(tz="UTC")
    fixed = store.statements([S.statement_id, S.date, S.date_source]).set_index(S.statement_id)
    assert fixed.loc[row[S.statement_id], S.date_source] == "corrected"


def test_undo_is_an_entry_and_can_itself_be_undone(store: Store) -> None:
    row = _first(store)
    done = edit.correct_statement(store, row[S.statement_id], {"speaker": "Ilvo Marent"})
    first_version = store.version()
    undo = edit.undo(store, done.ids[0], reason="wrong one")
    assert store.version() != first_version
    assert len(store.corrections()) == 2  # nothing rewritten
    speakers = store.statements([S.statement_id, S.speaker]).set_index(S.statement_id)[S.speaker]
    assert speakers[row[S.statement_id]] == row[S.speaker]
    with pytest.raises(CorrectionError, match="already undone"):
        edit.undo(store, done.ids[0])
    edit.undo(store, undo.ids[0])
    speakers = store.statements([S.statement_id, S.speaker]).set_index(S.statement_id)[S.speaker]
    assert speakers[row[S.statement_id]] == "Ilvo Marent"


def test_delete_and_add_statements(store: Store) -> None:
    row = _first(store)
    n = len(store.statements([S.statement_id]))
    edit.delete_statement(store, row[S.statement_id], reason="narration")
    assert row[S.statement_id] not in set(store.statements([S.statement_id])[S.statement_id])
    assert len(store.statements([S.statement_id], raw=True)) == n
    article = store.article(row[S.article_id])
    assert article is not None
    text = str(article[A.text])
    start = text.index("\n\n") + 2
    done = edit.add_statement(store, row[S.article_id], start, start + 12, "Odra Vennet", kind="direct")
    sid = done.entries.iloc[0][C.target]
    added = store.statements().set_index(S.statement_id).loc[sid]
    assert added[S.text] == text[start : start + 12]
    assert added[S.speaker] == "Odra Vennet"
    assert added[S.date] == article[A.published]
    with pytest.raises(CorrectionError, match="already in the store"):
        edit.add_statement(store, row[S.article_id], start, start + 12, "Odra Vennet", kind="direct")
    with pytest.raises(CorrectionError, match="span: 0:99999"):
        edit.add_statement(store, row[S.article_id], 0, 99999, "Odra Vennet")


def test_span_correction_takes_the_article_text(store: Store) -> None:
    row = _first(store)
    edit.correct_statement(store, row[S.statement_id], {"span": f"{row[S.start]}:{row[S.end] - 3}"})
    fixed = (
        store.statements([S.statement_id, S.text, S.end]).set_index(S.statement_id).loc[row[S.statement_id]]
    )
    assert fixed[S.text] == row[S.text][:-3]
    assert fixed[S.end] == row[S.end] - 3


def test_merge_speakers_is_one_entry_and_undoable(store: Store) -> None:
    raw = store.statements([S.speaker])
    name = raw[S.speaker].value_counts().index[0]
    count = int(raw[S.speaker].value_counts().iloc[0])
    done = edit.merge_speakers(store, name, "Merged Person")
    assert len(done.entries) == 1
    after = store.statements([S.speaker, CORRECTED])
    assert (after[S.speaker] == "Merged Person").sum() == count
    assert after[CORRECTED].sum() == count
    edit.undo(store, done.ids[0])
    assert (store.statements([S.speaker])[S.speaker] == name).sum() == count
    with pytest.raises(CorrectionError, match="no statement in the store has the speaker"):
        edit.merge_speakers(store, "Nobody Here", "Someone")


def test_article_outlet_and_title(store: Store) -> None:
    row = _first(store)
    edit.correct_article(store, row[S.article_id], {"outlet": "Tarn Gazette", "title": "A better title"})
    article = store.article(row[S.article_id])
    assert article is not None
    assert article[A.outlet] == "Tarn Gazette"
    assert article[A.title] == "A better title"
    raw = store.article(row[S.article_id], raw=True)
    assert raw is not None
    assert raw[A.title] != "A better title"
    outlets = store.statements([S.article_id, S.outlet])
    assert set(outlets.loc[outlets[S.article_id] == row[S.article_id], S.outlet]) == {"Tarn Gazette"}
    marked = store.articles([A.article_id, CORRECTED]).set_index(A.article_id)[CORRECTED]
    assert marked[row[S.article_id]]
    assert marked.sum() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"speaker": ""}, "speaker: is empty"),
        ({"speaker": "x" * 201}, "speaker: 201 characters"),
        ({"speaker": "bad\x07name"}, "speaker: holds control characters"),
        ({"date": "2020-13-01"}, "date: '2020-13-01' is not"),
        ({"date": "0999"}, "before the year 1000"),
        ({"kind": "rumour"}, "kind: 'rumour' is not one of"),
        ({"stance": "glee"}, "stance: 'glee'"),
        ({"topics": "energy,made_up"}, "topics: 'made_up' not known"),
        ({"counterparts": ["x" * 81]}, "counterparts: 81 characters"),
        ({"span": "5:2"}, "span: 5:2 is not a span"),
        ({"colour": "red"}, "colour: not a correctable statement field"),
    ],
)
def test_every_value_is_validated_with_its_field_named(store: Store, changes: dict, message: str) -> None:
    before = store.version()
    with pytest.raises(CorrectionError, match=message):
        edit.correct_statement(store, _first(store)[S.statement_id], changes)
    assert store.version() == before


def test_reason_and_by_are_capped(store: Store) -> None:
    sid = _first(store)[S.statement_id]
    with pytest.raises(CorrectionError, match="reason: 1001 characters"):
        edit.correct_statement(store, sid, {"stance": "denial"}, reason="r" * 1001)
    with pytest.raises(CorrectionError, match="by: 101 characters"):
        edit.correct_statement(store, sid, {"stance": "denial"}, by="b" * 101)


def test_read_only_refuses_every_correction(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTELINE_READ_ONLY", "true")
    before = store.version()
    with pytest.raises(edit.ReadOnlyError):
        edit.correct_statement(store, _first(store)[S.statement_id], {"stance": "denial"})
    with pytest.raises(edit.ReadOnlyError):
        edit.merge_speakers(store, "A", "B")
    assert store.version() == before


def test_corrections_survive_new_ingests_and_orphans_are_listed(store: Store) -> None:
    row = _first(store)
    edit.correct_statement(store, row[S.statement_id], {"speaker": "Ilvo Marent"})
    store.add(*fake_batch(3, 2, seed=77))  # a later ingest commit carries the log over
    speakers = store.statements([S.statement_id, S.speaker]).set_index(S.statement_id)[S.speaker]
    assert speakers[row[S.statement_id]] == "Ilvo Marent"
    # A re-extraction that no longer finds the statement: the entry is kept and listed as orphaned.
    articles = store.articles(raw=True)
    statements = store.statements(raw=True)
    statements = statements[statements[S.statement_id] != row[S.statement_id]]
    store.replace_extraction(articles, statements.drop(columns=[S.cluster_id, S.n_sources]))
    listed = log.annotated(store)
    assert listed[log.ORPHANED].tolist() == [True]
    assert len(log.select(listed, orphaned=True)) == 1
    assert len(store.corrections()) == 1


def test_statement_ids_are_stable_for_unchanged_spans() -> None:
    from quoteline import ids

    assert ids.statement_id("a1b2c3d4e5", "direct", "Ilvo Marent", 10, 40) == ids.statement_id(
        "a1b2c3d4e5", "direct", "Ilvo Marent", 10, 40
    )
    assert ids.statement_id("a1b2c3d4e5", "direct", "Ilvo Marent", 10, 41) != ids.statement_id(
        "a1b2c3d4e5", "direct", "Ilvo Marent", 10, 40
    )


ARTICLE = (
    "Kellmar harbour talks stall\n\n"
    "Harbour minister Ilvo Marent said on Tuesday that the new quay would open in spring.\n\n"
    "\u201cWe will not sell the harbour,\u201d said Saya Olund, the port director.\n"
)


@pytest.fixture
def undated_store(tmp_path: Path) -> Store:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    root = tmp_path / "store"
    assert main(["ingest", str(folder), "--store", str(root)]) == 0
    return Store(root)


def test_dating_an_undated_article_re_derives_its_statement_dates(undated_store: Store) -> None:
    store = undated_store
    before = store.statements([S.statement_id, S.date, S.date_source])
    assert before[S.date].isna().all()
    article_id = store.articles([A.article_id])[A.article_id].iloc[0]
    done = edit.correct_article(store, article_id, {"published": "2023-03-09"}, reason="header lost")
    assert done.entries.iloc[0][C.derived]
    after = store.statements([S.statement_id, S.text, S.date, S.date_source]).set_index(S.text)
    # 2023-03-09 is a Thursday: "on Tuesday" resolves to the 7th; the quote takes the publication day.
    relative = after[after.index.str.contains("quay")].iloc[0]
    assert (relative[S.date], relative[S.date_source]) == ("2023-03-07", "relative")
    quote = after.loc["We will not sell the harbour,"]
    assert (quote[S.date], quote[S.date_source]) == ("2023-03-09", "published")
    assert store.statements([S.date], raw=True)[S.date].isna().all()


def test_the_undated_article_count_follows_the_corrections(undated_store: Store) -> None:
    store = undated_store
    assert log.undated_article_count(store) == len(log.undated_articles(store)) == 1
    article_id = store.articles([A.article_id])[A.article_id].iloc[0]
    edit.correct_article(store, article_id, {"published": "2023-03-09"})
    assert log.undated_article_count(store) == len(log.undated_articles(store)) == 0


def test_reextract_keeps_corrections_and_uses_the_corrected_date(
    undated_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = undated_store
    article_id = store.articles([A.article_id])[A.article_id].iloc[0]
    edit.correct_article(store, article_id, {"published": "2023-03-09"})
    quote = store.statements([S.statement_id, S.text]).set_index(S.text).loc["We will not sell the harbour,"]
    edit.correct_statement(store, str(quote[S.statement_id]), {"speaker": "Ilvo Marent", "stance": "denial"})
    monkeypatch.setattr("quoteline.EXTRACTOR_VERSION", "a-newer-extractor")
    assert main(["ingest", "--reextract", "--store", str(store.root)]) == 0
    raw = store.statements([S.statement_id, S.date], raw=True)
    assert raw[S.date].notna().all()  # re-extracted with the corrected publication day
    fixed = store.statements([S.statement_id, S.speaker, S.stance, S.date]).set_index(S.statement_id)
    assert fixed.loc[quote[S.statement_id], S.stance] == "denial"
    assert fixed.loc[quote[S.statement_id], S.date] == "2023-03-09"
    assert not log.annotated(store)[log.ORPHANED].any()


def test_as_gold_writes_the_corrected_articles(undated_store: Store, tmp_path: Path) -> None:
    store = undated_store
    article_id = store.articles([A.article_id])[A.article_id].iloc[0]
    edit.correct_article(store, article_id, {"published": "2023-03-09"})
    paths = gold.write_gold(store, tmp_path / "gold")
    assert [p.name for p in paths] == [f"{article_id}.gold.json"]
    data = json.loads(paths[0].read_text(encoding="utf-8"))
    assert data["published"] == "2023-03-09"
    assert data["article"] == f"{article_id}.txt"
    assert (tmp_path / "gold" / data["article"]).read_text(encoding="utf-8").startswith("Kellmar harbour")
    for st in data["statements"]:
        assert {
            "speaker",
            "kind",
            "cue",
            "text",
            "date",
            "topics",
            "counterparts",
            "referenced_dates",
        } <= set(st)
        assert st["date"] is not None


def test_cli_correct_list_export_and_undo(
    undated_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(undated_store.root)
    article_id = undated_store.articles([A.article_id])[A.article_id].iloc[0]
    assert main(["corrections", "--undated", "--store", root]) == 0
    assert article_id in capsys.readouterr().out
    assert (
        main(["correct", "article", article_id, "--published", "2023-03-09", "--by", "desk", "--store", root])
        == 0
    )
    sid = undated_store.statements([S.statement_id])[S.statement_id].iloc[0]
    assert main(["correct", "statement", sid, "--speaker", "Brenna Tolv", "--store", root]) == 0
    assert main(["correct", "statement", sid, "--date", "not-a-date", "--store", root]) == 1
    assert "date: 'not-a-date'" in capsys.readouterr().err
    assert main(["corrections", "--format", "jsonl", "--store", root]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["field"] for x in lines] == ["published", "speaker"]
    assert lines[0]["by"] == "desk"
    out = tmp_path / "log.csv"
    assert main(["corrections", "--format", "csv", "-o", str(out), "--since", "2000", "--store", root]) == 0
    assert "published" in out.read_text(encoding="utf-8-sig")
    assert main(["export", "--format", "jsonl", "--store", root]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert all(r["corrected"] for r in rows)
    assert all(r["date"] for r in rows)
    assert main(["export", "--raw", "--format", "jsonl", "--store", root]) == 0
    raw = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert "corrected" not in raw[0]
    assert not any(r["date"] for r in raw)
    assert main(["undo", lines[1]["entry_id"], "--store", root]) == 0
    assert main(["merge-speakers", "Nobody", "Somebody", "--store", root]) == 1
    assert main(["corrections", "--orphaned", "--store", root]) == 0
    assert "no corrections match" in capsys.readouterr().out


def test_ingest_counts_undated_articles_and_says_how_to_date_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["ingest", str(folder), "--store", str(tmp_path / "store")]) == 0
    out = capsys.readouterr().out
    assert "undated articles in the store: 1" in out
    assert "--published" in out
    assert "correct article ID --published" in out


def test_a_store_without_a_log_reads_as_before(store: Store) -> None:
    assert store.corrections().empty
    assert not store.statements([CORRECTED])[CORRECTED].any()
    assert store.statements(raw=True).equals(store.statements())


def test_one_statement_reads_corrected_raw_deleted_and_added(store: Store) -> None:
    row = _first(store)
    sid = str(row[S.statement_id])
    edit.correct_statement(store, sid, {"speaker": "Ilvo Marent"})
    one = store.statement(sid)
    assert one is not None
    assert one[S.speaker] == "Ilvo Marent"
    raw = store.statement(sid, raw=True)
    assert raw is not None
    assert raw[S.speaker] == row[S.speaker]
    edit.delete_statement(store, sid)
    assert store.statement(sid) is None
    assert store.statement("0123456789abcdef") is None


def test_column_sets_read_apart_line_up_and_flags_need_no_other_column(store: Store) -> None:
    frame = store.statements([S.statement_id, S.speaker, S.article_id], raw=True)
    first, second = str(frame[S.statement_id].iloc[0]), str(frame[S.statement_id].iloc[4])
    edit.correct_statement(store, first, {"topics": ["energy"]})
    edit.correct_article(store, str(frame[S.article_id].iloc[7]), {"outlet": "Tarn Gazette"})
    edit.merge_speakers(store, str(frame[S.speaker].iloc[9]), "Merged Person")
    edit.delete_statement(store, second)
    table, manifest = store.read_arrow("statements", [S.topics])
    ids = store.read_arrow_at(manifest, "statements", [S.statement_id])[S.statement_id].to_pylist()
    assert table.num_rows == len(ids) == len(frame) - 1
    assert table[S.topics][ids.index(first)].as_py() == ["energy"]
    flags = store.read_arrow_at(manifest, "statements", [CORRECTED])[CORRECTED].to_pylist()
    full = store.statements([S.statement_id, CORRECTED]).set_index(S.statement_id)[CORRECTED]
    assert flags == full.loc[ids].tolist()
    merged = (frame[S.speaker] == frame[S.speaker].iloc[9]) & (frame[S.statement_id] != second)
    outlet = (frame[S.article_id] == frame[S.article_id].iloc[7]) & (frame[S.statement_id] != second)
    assert sum(flags) == len(set(frame.loc[merged | outlet, S.statement_id]) | {first})


def test_repair_keeps_the_corrections_log(store: Store) -> None:
    from quoteline.store.repair import repair

    sid = str(_first(store)[S.statement_id])
    done = edit.correct_statement(store, sid, {"speaker": "Ilvo Marent"})
    edit.undo(store, done.ids[0])
    edit.correct_statement(store, sid, {"stance": "denial"})
    before = store.corrections()[C.entry_id].tolist()
    speaker = store.statements([S.statement_id, S.speaker]).set_index(S.statement_id)[S.speaker][sid]
    (store.root / "commit.json").unlink()
    report = repair(Store(store.root))
    assert report.problem is not None
    repaired = Store(store.root)
    assert repaired.corrections()[C.entry_id].tolist() == before
    one = repaired.statement(sid)
    assert one is not None
    assert (one[S.speaker], one[S.stance]) == (speaker, "denial")
