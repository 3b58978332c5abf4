"""The cue lexicon in data/cues.yaml: size, inflection, stance rules and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from quoteline import schema
from quoteline.extract import cues


def test_stance_labels_match_the_schema() -> None:
    from quoteline.extract.model import STANCES

    assert STANCES == schema.STANCES


def test_lexicon_has_at_least_150_cues_each_with_forms_and_a_known_stance() -> None:
    lex = cues.load()
    assert len(lex.entries) >= 150
    for e in lex.entries:
        assert e.forms, e.cue
        assert e.stance in schema.STANCES


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("stress", ["stresses", "stressed", "stressing"]),
        ("urge", ["urges", "urged", "urging"]),
        ("deny", ["denies", "denied", "denying"]),
        ("warn", ["warns", "warned", "warning"]),
    ],
)
def test_regular_inflection(verb: str, forms: list[str]) -> None:
    assert cues.inflect(verb) == forms


def test_doubling_and_phrasal_forms() -> None:
    assert cues.inflect("admit", double=True) == ["admits", "admitted", "admitting"]
    lex = cues.load()
    assert "ruled out" in lex.by_form
    assert "expressed concern" in lex.by_form


@pytest.mark.parametrize(
    ("cue", "obj", "stance"),
    [
        ("deny", "the report of troop movements", "denial"),
        ("deny", "the request for a meeting", "rejection"),
        ("reject", "the proposal for talks", "rejection"),
        ("reject", "the accusation of spying", "denial"),
        ("say", "threats against the border", "threat"),
        ("say", "nothing in particular", "neutral"),
    ],
)
def test_cameo_style_object_rules(cue: str, obj: str, stance: str) -> None:
    lex = cues.load()
    entry = next(e for e in lex.entries if e.cue == cue)
    assert cues.stance_for(entry, obj, lex) == stance


def test_noun_uses_are_not_cues() -> None:
    lex = cues.load()
    text = "The claims were false, and his warnings went unheard."
    assert [m.form for m in lex.find(text, 0, len(text))] == []
    text = "Velcheva claims the talks failed."
    assert [m.form for m in lex.find(text, 0, len(text))] == ["claims"]


def test_malformed_lexicon_names_the_file_and_entry(tmp_path: Path) -> None:
    bad = tmp_path / "cues.yaml"
    bad.write_text("cues:\n  - {cue: say, stance: cheerful}\n", encoding="utf-8")
    with pytest.raises(cues.LexiconError, match=r"cues\.yaml.*say.*cheerful"):
        cues.load(bad)
    bad.write_text("cues: [", encoding="utf-8")
    with pytest.raises(cues.LexiconError, match="not valid YAML"):
        cues.load(bad)


def test_not_before_words_must_be_strings(tmp_path: Path) -> None:
    bad = tmp_path / "cues.yaml"
    bad.write_text("cues:\n  - {cue: back, stance: praise, not_before: [off]}\n", encoding="utf-8")
    with pytest.raises(cues.LexiconError, match=r"back.*not_before"):
        cues.load(bad)


def test_not_before_marks_a_use_that_is_not_saying() -> None:
    entry = next(e for e in cues.load().entries if e.cue == "report")
    assert not entry.reports(" directly to the harbour board")
    assert entry.reports(" the harbour plan")


@pytest.mark.parametrize("verb", ["admitted", "conceded", "acknowledged"])
def test_conceding_verbs_carry_the_admission_stance(verb: str) -> None:
    """What a speaker had denied and now concedes is a line of its own, not a neutral report."""
    from quoteline.extract import extract_statements

    text = f"Harbour talks\n\nThe port minister, Ilse Maarten, {verb} on Monday that the pier had been shut."
    [found] = extract_statements(text, published="2022-05-04")
    assert found.stance == "admission"


def test_find_remembers_a_text_without_carrying_matches_to_another() -> None:
    """The matches of a sentence are remembered for the text last searched: asking again gives the same
    matches (a caller changing its list changes nothing); another text at the same offsets gets its own."""
    lex = cues.load()
    first = "Orla Venn said the pier would reopen, and the mayor insisted it would not."
    found = lex.find(first, 0, len(first))
    assert [m.form for m in found] == ["said", "insisted"]
    found.clear()
    assert [m.form for m in lex.find(first, 0, len(first))] == ["said", "insisted"]
    other = "Orla Venn warned the pier would close, and the mayor conceded it might well."
    assert [m.form for m in lex.find(other, 0, len(first))] == ["warned", "conceded"]
    assert [m.form for m in lex.find(first, 0, 15)] == ["said"]
