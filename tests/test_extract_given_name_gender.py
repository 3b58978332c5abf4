"""He/she agreement from a person's given name (docs/EXTRACTION.md, "Pronouns"): a given name borne almost
only by one gender is evidence of that person's gender, weaker than the article's own (an honorific, two
pronouns); a shared, rare or common-word first name gives none; the name table missing stops extraction.
All people and places are invented."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_helpers import run

from quoteline.extract.entities import Entity
from quoteline.knowledge import given_names
from quoteline.knowledge.yamlio import KnowledgeError


def _direct(body: str) -> dict[str, str | None]:
    return {s.text: s.speaker for s in run(body) if s.kind == "direct"}


def test_the_table_marks_one_gender_names_and_leaves_shared_ones_out() -> None:
    assert given_names.gender_of("Margaret") == "f"
    assert given_names.gender_of("Thomas") == "m"
    assert given_names.gender_of("Jordan") is None  # borne by men and women alike
    assert given_names.gender_of("Zzqxv") is None


def test_the_given_name_weighs_less_than_the_articles_evidence() -> None:
    ent = Entity("Margaret Tellund", given_gender="f")
    assert ent.gender == "f"
    ent.male = 1  # one "he" the scan took from a sentence that may be about someone else
    assert ent.gender == "f"
    ent.male = 2  # an honorific ("Mr.") or two pieces of evidence
    assert ent.gender == "m"


def test_she_skips_a_man_in_focus_known_by_his_given_name() -> None:
    body = (
        "Greta Halvorsen chairs the Portwick ferry board.\n\n"
        "The board heard from the engineer Marcus Tellund on Monday. Tellund told the board that the "
        "piers needed work.\n\n"
        "“We will find the money for the piers,” she said."
    )
    assert _direct(body)["We will find the money for the piers,"] == "Greta Halvorsen"


def test_a_shared_given_name_gives_no_evidence_against_the_pronoun() -> None:
    body = (
        "Jordan Tellund, the port engineer, spoke to the board on Monday. Tellund told the board that the "
        "piers needed work.\n\n"
        "“We will find the money for the piers,” she said."
    )
    assert _direct(body)["We will find the money for the piers,"] in ("Jordan Tellund", "Tellund")


def test_a_first_word_the_article_also_writes_in_lower_case_gives_no_evidence() -> None:
    body = (
        "Will Tellund, the port engineer, spoke to the board on Monday. Tellund said the piers will need "
        "work.\n\n"
        "“We will find the money for the piers,” she said."
    )
    assert _direct(body)["We will find the money for the piers,"] in ("Will Tellund", "Tellund")


def test_a_missing_name_table_stops_with_an_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="given-name table"):
        given_names.gender_of("Margaret", tmp_path / "missing.tsv")


def test_a_malformed_name_table_names_the_line(tmp_path: Path) -> None:
    table = tmp_path / "names.tsv"
    table.write_text("# header\nmargaret\tf\nthomas\tx\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"names\.tsv:3"):
        given_names.gender_of("Margaret", table)


def test_the_shipped_table_is_the_one_the_builder_writes(tmp_path: Path) -> None:
    source = tmp_path / "name_data.json"
    source.write_text(
        '{"ada": [9, 5000, 0.99, 3], "ivo": [9, 5000, 0.01, 3], "sam": [9, 5000, 0.5, 3], '
        '"rare": [9, 10, 1.0, 3], "o\'neil": [9, 5000, 0.0, 3]}',
        encoding="utf-8",
    )
    out = tmp_path / "names.tsv"
    assert given_names.build(source, out) == 2
    assert given_names.gender_of("Ada", out) == "f"
    assert given_names.gender_of("Ivo", out) == "m"
    assert given_names.gender_of("Sam", out) is None
    assert "MIT License" in out.read_text(encoding="utf-8")
