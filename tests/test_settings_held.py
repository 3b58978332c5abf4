"""``settings.held()``: one reading of the environment per unit of work (an article's extraction)."""

from __future__ import annotations

import pytest

from quoteline import settings
from quoteline.extract import extract_statements


def test_a_held_block_keeps_the_value_it_first_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTELINE_FUZZY_THRESHOLD", "90")
    with settings.held():
        assert settings.get("fuzzy_threshold") == "90"
        monkeypatch.setenv("QUOTELINE_FUZZY_THRESHOLD", "75")
        assert settings.get("fuzzy_threshold") == "90"
        with settings.held():  # a nested block is the outer one's
            assert settings.get("fuzzy_threshold") == "90"
    assert settings.get("fuzzy_threshold") == "75"
    with settings.held():  # the next block reads the environment again
        assert settings.get("fuzzy_threshold") == "75"


def test_a_held_block_gives_defaults_and_environment_values_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUOTELINE_DATE_ORDER", raising=False)
    monkeypatch.setenv("QUOTELINE_FUZZY_THRESHOLD", "91")
    with settings.held():
        assert settings.get("date_order") == "DMY"
        assert settings.get_float("fuzzy_threshold") == 91.0


def test_each_extraction_reads_the_settings_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Harbour news\n\nIrma Tolvik said the bridge would close next week."
    monkeypatch.setenv("QUOTELINE_SPACY_MODEL", "none")
    assert [s.speaker for s in extract_statements(text, published="2023-03-15")] == ["Irma Tolvik"]
    monkeypatch.setenv("QUOTELINE_SPACY_MODEL", "no_such_quoteline_model")
    with pytest.raises(RuntimeError, match="no_such_quoteline_model"):
        extract_statements(text, published="2023-03-15")
