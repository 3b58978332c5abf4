"""Speakers, session 18: a gazetteer person's stated gender in he/she agreement; a quoted paragraph after a
reported statement whose only quotation is a fragment of its own words; a principal's name before a staff
member's role; "her"/"him" read as a cue's subject. Every name, place and sentence is invented."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_helpers import run

from quoteline.knowledge import gazetteer

# An invented office holder whose given name the given-name table does not hold ("Ysolde"), so that only the
# gazetteer's `gender` shows she is a woman; and one without the field, to show what it changes.
FAMOUS = """
people:
  - name: Ysolde Carrow
    gender: f
    country: Lusmark
    roles:
      - {office: foreign_minister, title: foreign secretary, country: Lusmark, start: 2015-01-10, end: null}
  - name: Orla Brennick
    country: Lusmark
    roles:
      - {office: head_of_government, title: prime minister, country: Lusmark, start: 2016-02-01, end: null}
"""


@pytest.fixture(autouse=True)
def famous_people(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A gazetteer folder with the invented office holders above, loaded beside the shipped files."""
    (tmp_path / "famous.yaml").write_text(FAMOUS, encoding="utf-8")
    monkeypatch.setenv("QUOTELINE_GAZETTEER_DIRS", str(tmp_path))


def _speaker_of(body: str, start: str) -> str | None:
    """The speaker of the statement whose text starts with ``start``, or None when there is none."""
    found = [s.speaker for s in run(body, published="2019-05-02") if s.text.startswith(start)]
    return found[0] if found else None


# --- a gazetteer person's stated gender --------------------------------------------------------------------


def _if_elected(name: str) -> str:
    return (
        "The harbour levy dominated the debate in Halvik on Monday.\n\n"
        '"The pier will close by winter," the former mayor Bram Tessler said. '
        f'If {name} is elected, he said, "the ferries will stop running."'
    )


def test_a_stated_gender_keeps_he_from_a_woman_opening_the_clause() -> None:
    # Carrow opens the sentence in the "if" clause; "he" is the man just quoted, not her.
    assert _speaker_of(_if_elected("Carrow"), "the ferries will stop") == "Bram Tessler"


def test_without_a_stated_gender_the_clause_opener_takes_the_pronoun() -> None:
    # The same sentence about a gazetteer woman whose given name shows nothing: no evidence against "he".
    assert _speaker_of(_if_elected("Brennick"), "the ferries will stop") == "Orla Brennick"


def test_a_stated_gender_outweighs_the_article_pronouns() -> None:
    # A "he" the evidence scan reads after her name (it is Tessler's) does not make her a man.
    body = (
        '"We will not pay the levy," Bram Tessler said on Monday. '
        "Carrow, he added, had misled the council.\n\n"
        'Carrow "wrecked the harbour and everything around it," he said.'
    )
    assert _speaker_of(body, "wrecked the harbour") == "Bram Tessler"


def test_the_gazetteer_rejects_an_unknown_gender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "people:\n  - name: Carwen Halden\n    gender: x\n    country: Lusmark\n", encoding="utf-8"
    )
    entries, errors, _ = gazetteer.read_files([bad])
    assert not entries
    assert len(errors) == 1
    assert "(Carwen Halden): `gender` must be m or f" in errors[0], errors


# --- a quoted paragraph after a reported statement with a quoted fragment ----------------------------------


def test_a_quoted_paragraph_carries_on_a_reported_statement_holding_a_fragment() -> None:
    body = (
        '"We will win the harbour seat," said Bram Tessler, a dock worker from Halvik.\n\n'
        'Her neighbours have mocked the ferry plan, calling it "a boat to nowhere," '
        "Edda Varn said at the quay.\n\n"
        '"But it is our boat to nowhere, and we love it!"'
    )
    assert _speaker_of(body, "But it is our boat") == "Edda Varn"


def test_a_paragraph_quoting_someone_else_keeps_the_last_quote_speaker() -> None:
    # The fragment lies outside the reported statement (it is Tessler's words, quoted before Varn speaks).
    body = (
        '"We will win the harbour seat," said Bram Tessler, a dock worker from Halvik.\n\n'
        'Tessler called the ferry "a boat to nowhere." Edda Varn said the plan would fail.\n\n'
        '"But it is our boat to nowhere, and we love it!"'
    )
    assert _speaker_of(body, "But it is our boat") != "Edda Varn"


# --- a principal's name before a staff member's role ------------------------------------------------------


def _staff(sentence: str) -> str:
    return (
        '"The toll is a disgrace," Bram Tessler said at the quay.\n\n'
        f"{sentence}\n\n"
        '"Nobody on the council has read the harbour report," he said.'
    )


def test_a_name_before_communications_director_only_modifies_the_role() -> None:
    body = _staff("Tessler communications director Ivo Marsk spoke next at the rally.")
    assert _speaker_of(body, "Nobody on the council") == "Ivo Marsk"


def test_a_name_before_economic_adviser_only_modifies_the_role() -> None:
    body = _staff("Tessler economic adviser Ivo Marsk spoke next at the rally.")
    assert _speaker_of(body, "Nobody on the council") == "Ivo Marsk"


def test_a_verb_before_a_role_noun_keeps_the_name_as_the_subject() -> None:
    body = _staff("Tessler told reporter Ivo Marsk about the rally.")
    assert _speaker_of(body, "Nobody on the council") == "Bram Tessler"


# --- an object pronoun read as a cue's subject ------------------------------------------------------------


def test_her_read_as_a_subject_names_no_one() -> None:
    # A stated gender lets "her" find Carrow; the coordinated "said" still shares Tessler's subject.
    body = (
        '"The levy is a fraud," Bram Tessler said at the quay on Monday.\n\n'
        "Tessler also summed up Carrow as “reckless,” denounced her record as foreign secretary and said "
        "she should resign before the harbour vote."
    )
    assert _speaker_of(body, "she should resign") == "Bram Tessler"


def test_according_to_him_still_names_the_source() -> None:
    body = (
        "Bram Tessler met the harbour board on Monday.\n\n"
        "According to him, the pier will reopen before the winter storms."
    )
    assert _speaker_of(body, "the pier will reopen") == "Bram Tessler"
