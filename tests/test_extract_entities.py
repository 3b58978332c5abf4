"""Speaker resolution driven by the article's own people: the gazetteer only canonicalises someone the article
introduces, checks office dates against the article's date, and never lets a famous bearer of a surname take
over a person the article names.

All people, places and outlets are invented. The famous people live in a gazetteer folder written per test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_helpers import run

from quoteline.extract.model import Speaker
from quoteline.extract.resolution import Registry
from quoteline.knowledge import gazetteer

FAMOUS = """
people:
  - name: Helga Pentrup
    country: Tarsenia
    roles:
      - {office: head_of_government, title: chancellor, country: Tarsenia, start: 2005-11-22, end: 2021-12-08}
  - name: Corvin Aldermast
    country: Lusmark
    roles:
      - {office: foreign_minister, title: foreign secretary, country: Lusmark,
         start: 1995-05-02, end: 2001-06-08}
"""


@pytest.fixture(autouse=True)
def famous_people(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A gazetteer folder with two famous (invented) office holders, loaded beside the shipped files."""
    (tmp_path / "famous.yaml").write_text(FAMOUS, encoding="utf-8")
    monkeypatch.setenv("QUOTELINE_GAZETTEER_DIRS", str(tmp_path))


def _speakers(body: str, published: str = "2019-05-02") -> list[str]:
    return [s.speaker for s in run(body, published=published)]


def test_a_local_namesake_is_not_the_famous_person() -> None:
    body = (
        "Grain prices fell again in the valley. Local farmer Hanna Pentrup told reporters the harvest was "
        "the worst in a decade. “We lost half the barley,” Pentrup said."
    )
    assert _speakers(body) == ["Hanna Pentrup", "Hanna Pentrup"]


def test_a_surname_stays_with_the_person_the_article_introduced() -> None:
    body = (
        "The budget passed on Tuesday. The treasury aide Tomas Aldermast said the figures were sound. "
        "Aldermast said the deficit would shrink next year."
    )
    assert _speakers(body, "1999-03-10") == ["Tomas Aldermast", "Tomas Aldermast"]


def test_a_bare_surname_does_not_pick_a_bearer_long_out_of_office() -> None:
    body = "Shares in Orvel Freight fell sharply. “We will recover,” Aldermast told the Halvik Courier."
    assert "Corvin Aldermast" not in _speakers(body, "2019-05-02")


def test_a_bare_surname_picks_the_office_holder_of_the_day() -> None:
    body = "The talks ended late. “We will return next month,” Aldermast told the Halvik Courier."
    assert _speakers(body, "1999-03-10") == ["Corvin Aldermast"]


def test_the_full_name_of_a_famous_person_is_still_canonical() -> None:
    body = "Helga Pentrup said the coalition would hold. Pentrup said new elections were not needed."
    assert _speakers(body) == ["Helga Pentrup", "Helga Pentrup"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Korvin Aldermast", "Corvin Aldermast"),  # a transliteration of the same given name
        ("C. Aldermast", "Corvin Aldermast"),  # an initial
        ("Helgа Pentrup", "Helga Pentrup"),  # a look-alike letter
        ("Hanna Pentrup", None),  # another given name that merely shares letters
        ("Tomas Aldermast", None),
    ],
)
def test_gazetteer_given_names_must_agree(written: str, expected: str | None) -> None:
    found = gazetteer.load().resolve(written)
    assert (found.canonical if found is not None else None) == expected


def _pairs(body: str, published: str = "2023-03-15") -> list[tuple[str, str]]:
    return [(s.speaker, s.text) for s in run(body, published=published)]


def test_a_joint_subject_takes_the_people_of_the_meeting_not_the_last_named() -> None:
    body = (
        "President Mara Velcheva of Valdoria met President Arkady Voronets of Drevnia in Halvik on Monday. "
        "Foreign minister Nikola Zorev said the visit went well. "
        "The two presidents agreed to meet again in May."
    )
    joint = [sp for sp, text in _pairs(body) if text.startswith("meet again")]
    assert joint == ["Mara Velcheva", "Arkady Voronets"]


def test_a_joint_subject_never_takes_someone_named_inside_a_quotation() -> None:
    body = (
        "Prime Minister Henrik Aalstad of Lusmark spoke by phone with President Mara Velcheva of Valdoria. "
        "“We trust Kaja Lindhart to lead the mission,” Aalstad said. "
        "The two leaders agreed to keep in touch."
    )
    joint = [sp for sp, text in _pairs(body) if text.startswith("keep in touch")]
    assert sorted(joint) == ["Henrik Aalstad", "Mara Velcheva"]


def _registry(body: str) -> tuple[Registry, int]:
    text = f"Fictional test article\n\n{body}"
    reg = Registry("2023-03-15")
    reg.build(text, 0, len(text))
    return reg, len(text)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("the Halvik daily Morgenpost", Speaker("Morgenpost", "institution", "Lusmark")),
        ("the state news agency VNA", Speaker("VNA", "institution", None)),
        ("Tarsenia's state media", Speaker("Tarsenian state media", "institution", "Tarsenia")),
        ("Tarsenian state television", Speaker("Tarsenian state television", "institution", "Tarsenia")),
        (
            "the Tarsenian Embassy in Halvik",
            Speaker("Tarsenian Embassy in Halvik", "institution", "Tarsenia"),
        ),
        ("police in Mirel", Speaker("Mirel Police", "institution", "Tarsenia")),
        ("Mirel police", Speaker("Mirel Police", "institution", "Tarsenia")),
    ],
)
def test_bodies_that_speak_on_their_own_authority(phrase: str, expected: Speaker) -> None:
    reg, end = _registry("Ferry crossings between the two states resumed on Tuesday after a week of storms.")
    assert reg.resolve(phrase, end, None) == expected


def test_state_media_without_an_owner_is_the_article_states_own() -> None:
    reg, end = _registry("Tarsenia closed its ports on Monday. Tarsenia said the storms were the worst yet.")
    expected = Speaker("Tarsenian state radio", "institution", "Tarsenia")
    assert reg.resolve("state radio", end, None) == expected


def test_a_spokesperson_for_a_body_speaks_for_it() -> None:
    reg, end = _registry("The Tarsenian Interior Ministry closed the border crossing at Mirel on Monday.")
    got = reg.resolve("a spokeswoman for the ministry", end, None)
    assert got is not None
    assert (got.name, got.type) == ("Tarsenian Interior Ministry", "institution")


def test_a_newspaper_named_by_a_plain_description_needs_the_article_to_say_whose() -> None:
    reg, end = _registry("Ferry crossings between the two states resumed on Tuesday.")
    assert reg.resolve("the newspaper", end, None) is None


def test_a_collective_subject_gives_each_states_office_holder() -> None:
    body = (
        "President Mara Velcheva of Valdoria hosted the summit in Valdgrad. "
        "The presidents of Valdoria and Drevnia said the border talks would resume in June."
    )
    resumed = [sp for sp, text in _pairs(body) if "border talks" in text]
    assert resumed == ["Mara Velcheva", "Arkady Voronets"]


def test_a_collective_subject_with_an_unknown_office_holder_stays_a_group() -> None:
    reg, end = _registry("Ferry crossings between the two states resumed on Tuesday.")
    got = reg.group_members("the foreign ministers of Lusmark and Cordavia", end)
    assert got == [Speaker("foreign ministers of Lusmark and Cordavia", "institution", None)]


def test_a_shared_surname_stays_with_the_first_bearer() -> None:
    body = (
        "Doran Wexley, 51, a ferry captain from Mirel, pleaded guilty on Monday. His sister, Ilse Wexley, "
        "wrote to the court asking for mercy. Wexley told investigators he had acted alone."
    )
    told = [sp for sp, text in _pairs(body) if "acted alone" in text]
    assert told == ["Doran Wexley"]


def test_a_surname_the_article_gives_alone_is_a_speaker_of_its_own() -> None:
    body = (
        "The ferry union met the port board on Monday. The strike would end by Friday, Brannock said. "
        "Having heard the offer, the board adjourned."
    )
    assert [sp for sp, _ in _pairs(body)] == ["Brannock"]


@pytest.mark.parametrize(
    "body",
    [
        "Deputy Mayor Edda Varn of North Halvik said the ferry fares were too high.",
        "Edda Varn of the Halvik Courier said the ferry fares were too high.",
        "Edda Varn, a shipowner from North Halvik, said the ferry fares were too high.",
    ],
)
def test_a_place_or_employer_after_a_name_is_not_the_speaker(body: str) -> None:
    assert [sp for sp, _ in _pairs(body)] == ["Edda Varn"]


@pytest.mark.parametrize(
    "body",
    [
        "Ferry fares rose again in Portwick this spring. The strike would end by Friday, Portwick said.",
        "The Greens walked out of the chamber. The strike would end by Friday, Greens said.",
        "A Harbourist on the board disagreed. The fares were too high, Harbourist said.",
        "Only 40 percent of Harbourists backed the plan. The fares were too high, Harbourists said.",
        "Asked about the port, Edda Varn (R-Halv.) nodded. The strike would end by Friday, R-Halv said.",
    ],
)
def test_a_lone_word_used_as_a_place_or_group_is_no_person(body: str) -> None:
    assert [sp for sp, _ in _pairs(body)] == []


def test_capitalised_phrases_taken_for_names_do_not_join_a_joint_subject() -> None:
    body = (
        "President Mara Velcheva of Valdoria hosted President Arkady Voronets of Drevnia on Monday. "
        "Velcheva named Drevnia a Trusted Harbour Partner and a Major Grain Ally in recognition of its aid. "
        "The leaders agreed to reopen the northern ferry line."
    )
    joint = [sp for sp, text in _pairs(body) if "ferry line" in text]
    assert sorted(joint) == ["Arkady Voronets", "Mara Velcheva"]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Edda Varn of the Harbour Party", "Edda Varn"),
        ("Northern Concord Edda Varn", "Edda Varn"),
        ("The Belmoran Council for Civil Rights", "Belmoran Council for Civil Rights"),
        ("President of Valdoria Mara Velcheva", "Mara Velcheva"),
    ],
)
def test_a_person_named_with_their_organisation_is_the_person(phrase: str, expected: str) -> None:
    reg, end = _registry("Ferry crossings between the two states resumed on Tuesday.")
    got = reg.resolve(phrase, end, None)
    assert got is not None
    assert got.name == expected
