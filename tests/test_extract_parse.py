"""The statistical parse (spaCy): name boundaries from named entities and the parse, the subject of the cue
verb, the cascade that parses only attribution sentences, and the loud failure when the model is missing.

All people, organisations and sentences are invented.
"""

from __future__ import annotations

import importlib.util

import pytest
from extract_helpers import run

from quoteline.extract import extract_statements, parse
from quoteline.extract import pipeline as extract_pipeline


def _speakers(body: str, kind: str | None = None) -> list[str]:
    return [s.speaker for s in run(body) if kind is None or s.kind == kind]


# ----- name boundaries -----


def test_a_title_and_posting_before_a_name_are_not_part_of_it() -> None:
    body = "Lusmarkian Ambassador to Tarsenia Hugo Brandt said the embassy would reopen in the spring."
    assert _speakers(body) == ["Hugo Brandt"]


def test_a_capitalised_job_title_before_a_name_is_not_part_of_it() -> None:
    body = "Chief Executive Lena Marchetti said the new plant would hire four hundred workers next year."
    assert _speakers(body) == ["Lena Marchetti"]


def test_a_sentence_opening_adverb_is_not_part_of_a_surname() -> None:
    body = (
        "Ruth Okafor has chaired the harbour board since the spring. "
        "Now Okafor said the vote on the new pier would wait until the autumn."
    )
    assert _speakers(body) == ["Ruth Okafor"]


def test_a_firm_before_its_economist_is_not_the_speaker() -> None:
    body = "Halvern Capital's chief economist Mira Kessler warned that growth would slow sharply next year."
    assert _speakers(body) == ["Mira Kessler"]


# ----- the subject of the cue verb -----


def test_a_relative_clause_naming_someone_else_does_not_take_the_attribution() -> None:
    body = (
        "Ilse Varga, whose brother, Tomas Varga, was detained last year, said the hearings had been unfair "
        "from the start."
    )
    assert _speakers(body) == ["Ilse Varga"]


def test_an_organisation_and_its_description_after_a_name_are_skipped() -> None:
    body = "Dario Lind of the Open Ledger Trust, a watchdog group, said the figures had been wrong all along."
    assert _speakers(body) == ["Dario Lind"]


def test_a_long_clause_between_a_quote_and_its_cue_keeps_the_attribution() -> None:
    body = (
        "“The hearings were unfair from the very first day,” Ilse Varga, whose brother was detained "
        "after the port strike last year, said."
    )
    assert _speakers(body, "direct") == ["Ilse Varga"]


def test_an_inverted_attribution_with_an_abbreviated_title_names_the_person() -> None:
    body = (
        "“We will not vote for this budget as it stands,” said Sen. Nora Halley, a Democrat from the "
        "northern district."
    )
    assert _speakers(body, "direct") == ["Nora Halley"]


# ----- the cascade -----


def test_only_sentences_with_an_unsettled_cue_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, int]] = []
    real = parse.parse_windows

    def spy(work: str, windows: list) -> parse.ArticleParse:
        seen.extend((lo, hi) for lo, hi, _ in windows)
        return real(work, windows)

    monkeypatch.setattr(extract_pipeline.parse, "parse_windows", spy)
    plain = "The ferry left the harbour at dawn and reached the island by noon. " * 5
    body = (
        plain + "Chief Executive Lena Marchetti said the route would stay open. "
        "“It is a lifeline,” she said. " + plain
    )
    text = f"Ferry news\n\n{body}"
    statements = extract_statements(text, published="2023-03-15")
    assert [s.speaker for s in statements] == ["Lena Marchetti", "Lena Marchetti"]
    # One window: the sentence with a named subject; the pronoun's sentence and the narration are not parsed.
    assert len(seen) == 1
    lo, hi = seen[0]
    assert "Lena Marchetti said" in text[lo:hi]
    assert "ferry left" not in text[lo:hi]


def test_a_long_quote_is_parsed_as_a_stand_in() -> None:
    words = "Every word of this long quote is kept out of the parse entirely, " * 3
    work = "“" + words + "” said Nora Halley."
    hi = len(work)
    quotes = [(0, 1, work.index("”"), work.index("”") + 1)]
    text, _, _, stand_in = parse.window_pieces(work, 0, hi, quotes)
    assert "Every word" not in text
    assert any(stand_in)
    assert text.endswith("” said Nora Halley.")


# ----- set-up -----

_BRIDGE = "Title\n\nIrma Tolvik said the bridge would close next week."


def test_the_default_model_is_an_installed_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUOTELINE_SPACY_MODEL", raising=False)
    name = parse.model_name()
    assert name in (parse.OFFICIAL_MODEL, parse.MIRROR_MODEL)
    assert importlib.util.find_spec(name) is not None


def test_a_missing_model_fails_loudly_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTELINE_SPACY_MODEL", "no_such_quoteline_model")
    with pytest.raises(parse.ParserMissingError, match="no_such_quoteline_model"):
        extract_statements(_BRIDGE, published="2023-03-15")


def test_rules_only_is_an_explicit_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTELINE_SPACY_MODEL", "none")
    assert parse.load() is None
    out = extract_statements(_BRIDGE, published="2023-03-15")
    assert [s.speaker for s in out] == ["Irma Tolvik"]
