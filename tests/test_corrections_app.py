"""The dashboard's correction controls through Streamlit's AppTest, on a real store: edit a statement from
its detail, date an undated article and undo on the Corrections page, the marks, and read-only mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from quoteline.cli import main
from quoteline.schema import A, C, S
from quoteline.store import Store

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "Kellmar harbour talks stall\n\n"
    "Harbour minister Ilvo Marent said on Tuesday that the new quay would open in spring.\n\n"
    "\u201cWe will not sell the harbour,\u201d said Saya Olund, the port director.\n"
)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    root = tmp_path / "store"
    assert main(["ingest", str(folder), "--store", str(root)]) == 0
    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(root))
    monkeypatch.delenv("QUOTELINE_READ_ONLY", raising=False)
    return Store(root)


def _run(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params = params
    return at.run()


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _html(at: AppTest) -> str:
    return " ".join(str(getattr(h, "body", "")) for h in at.get("html"))


def test_date_an_undated_article_on_the_corrections_page(store: Store) -> None:
    article_id = store.articles([A.article_id])[A.article_id].iloc[0]
    at = _run({"page": "corrections"})
    _ok(at)
    assert [t.value for t in at.title] == ["Corrections"]
    at.text_input(key=f"date_{article_id}_day").input("2023-03-09")
    at.button(key=f"FormSubmitter:date_{article_id}-Date this article").click().run()
    _ok(at)
    assert store.article(article_id)[A.published] == "2023-03-09"  # type: ignore[index]
    assert store.statements([S.date])[S.date].notna().all()
    assert any("Dated" in s.value for s in at.success)


def test_edit_a_statement_from_its_detail_shows_the_mark_and_undo(store: Store) -> None:
    frame = store.statements([S.statement_id, S.speaker]).set_index(S.speaker)
    sid = str(frame.loc["Saya Olund", S.statement_id])
    at = _run({"page": "timeline", "sel": sid})
    _ok(at)
    assert any(e.label == "Edit this statement" for e in at.expander)
    assert "ql-corrected" not in _html(at)
    at.selectbox(key=f"edit_speaker_{sid}").set_value("Ilvo Marent")
    at.button(key=f"FormSubmitter:edit_{sid}-Save correction").click().run()
    _ok(at)
    speakers = store.statements([S.statement_id, S.speaker]).set_index(S.statement_id)[S.speaker]
    assert speakers[sid] == "Ilvo Marent"
    at = _run({"page": "timeline", "sel": sid})
    _ok(at)
    assert "ql-corrected" in _html(at)
    at = _run({"page": "corrections"})
    _ok(at)
    at.button(key="FormSubmitter:undo_form-Undo").click().run()
    _ok(at)
    assert store.corrections()[C.field].tolist() == ["speaker", "undo"]
    assert (
        store.statements([S.statement_id, S.speaker]).set_index(S.statement_id)[S.speaker][sid]
        == "Saya Olund"
    )


def test_read_only_draws_no_edit_control(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTELINE_READ_ONLY", "true")
    sid = store.statements([S.statement_id])[S.statement_id].iloc[0]
    at = _run({"page": "timeline", "sel": sid})
    _ok(at)
    assert not any(e.label == "Edit this statement" for e in at.expander)
    at = _run({"page": "corrections"})
    _ok(at)
    assert any("read-only" in i.value for i in at.info)
    assert not [b for b in at.button if "Date this article" in str(b.label)]


def test_merge_speakers_on_the_corrections_page(store: Store) -> None:
    at = _run({"page": "corrections"})
    _ok(at)
    at.selectbox(key="w_merge_a").set_value("Saya Olund")
    at.selectbox(key="w_merge_b").set_value("Ilvo Marent")
    at.button(key="FormSubmitter:merge_form-Merge").click().run()
    _ok(at)
    assert set(store.statements([S.speaker])[S.speaker]) == {"Ilvo Marent"}
    assert store.corrections()[C.field].tolist() == ["merge"]
