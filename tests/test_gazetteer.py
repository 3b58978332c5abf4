"""Gazetteer: name resolution, office holders, institutions and validation of the YAML files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteline.knowledge import gazetteer
from quoteline.knowledge.gazetteer import Gazetteer, GazetteerError

# Hostile text: arbitrary unicode mixed with the pieces the helpers look for.
PIECES = st.sampled_from(
    ["Moscow", "'s", " said ", "U.S.", "in ", "on Monday", "March 3", ", 2020", "-", "—", "Putin", "Jr.", " "]
)
TEXT = st.lists(st.one_of(st.text(max_size=20), PIECES), max_size=30).map("".join)


FICTIONAL = """
people:
  - name: Mara Velchenko
    country: Ostravia
    fictional: true
    aliases: [Mara Veltchenko, Velchenko]
    roles:
      - {office: head_of_state, title: president, country: Ostravia, start: 2015-03-01, end: 2021-02-28}
  - name: Tomas Brenik-Varga
    country: Ostravia
    fictional: true
    aliases: [Tomáš Brenik-Varga]
    roles:
      - {office: head_of_state, title: president, country: Ostravia, start: 2021-03-01, end: null}
  - name: Joseph Q. Halloran
    country: Ostravia
    fictional: true
    aliases: [Joe Halloran]
    roles:
      - {office: head_of_government, title: prime minister, country: Ostravia, start: 2019-05-01}
  - name: Anna Kestrel
    country: Ostravia
    fictional: true
    roles:
      - {office: foreign_minister, title: foreign minister, country: Ostravia, start: 2018-01-01}
  - name: Piet Kestrel
    country: Ostravia
    fictional: true
institutions:
  - name: Ostravian Chancery
    country: Ostravia
    aliases: [the Chancery of Ostravia]
"""


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """A gazetteer over one fictional file, built by the real loader."""
    folder = tmp_path_factory.mktemp("gaz")
    (folder / "ostravia.yaml").write_text(FICTIONAL, encoding="utf-8")
    return gazetteer.build([folder / "ostravia.yaml"])


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Mara Velchenko", "Mara Velchenko"),
        ("mara velchenko", "Mara Velchenko"),
        ("Mara Veltchenko", "Mara Velchenko"),
        ("President Mara Velchenko", "Mara Velchenko"),
        ("Former President Mara Velchenko", "Mara Velchenko"),
        ("Velchenko's", "Mara Velchenko"),
        ("Mrs. Velchenko", "Mara Velchenko"),
        ("Tomas Brenik Varga", "Tomas Brenik-Varga"),
        ("Tomáš Brenik–Varga", "Tomas Brenik-Varga"),
        ("Brenik-Varga", "Tomas Brenik-Varga"),
        ("Joseph Halloran", "Joseph Q. Halloran"),
        ("Joseph Q Halloran, Jr.", "Joseph Q. Halloran"),
        ("Prime Minister Joe Halloran", "Joseph Q. Halloran"),
        ("Halloran", "Joseph Q. Halloran"),
        ("Mara Weltchenko", "Mara Velchenko"),  # a transliteration the file lacks: fuzzy
        ("Joe Hallorann", "Joseph Q. Halloran"),
        ("the Chancery of Ostravia", "Ostravian Chancery"),
    ],
)
def test_resolve_finds_the_canonical_entry(world: Gazetteer, written: str, canonical: str) -> None:
    person = world.resolve(written)
    assert person is not None, written
    assert person.canonical == canonical


@pytest.mark.parametrize(
    "written",
    [
        "Kestrel",  # shared by two people: ambiguous
        "Kestrels",  # near a shared surname: must not drift to one of them
        "Hugo Velchenko",  # right surname, different first name
        "Mara",  # a first name alone
        "Velch",  # too short and too far for fuzzy matching
        "",
        "President",
        "x" * 500,
    ],
)
def test_resolve_refuses_guesses(world: Gazetteer, written: str) -> None:
    assert world.resolve(written) is None


def test_fuzzy_threshold_setting_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "o.yaml").write_text(FICTIONAL, encoding="utf-8")
    monkeypatch.setenv("QUOTELINE_FUZZY_THRESHOLD", "100")
    strict = gazetteer.build([tmp_path / "o.yaml"])
    assert strict.resolve("Mara Weltchenko") is None
    assert strict.resolve("Mara Veltchenko") is not None


def test_holder_by_date_and_most_recent(world: Gazetteer) -> None:
    first = world.holder("Ostravia", "president", dt.date(2020, 6, 1))
    assert first is not None
    assert first.canonical == "Mara Velchenko"
    now = world.holder("Ostravia", "head_of_state", None)
    assert now is not None
    assert now.canonical == "Tomas Brenik-Varga"
    assert world.holder("Ostravia", "president", dt.date(2010, 1, 1)) is None
    pm = world.holder("Ostravia", "Prime Minister", dt.date(2022, 1, 1))
    assert pm is not None
    assert pm.canonical == "Joseph Q. Halloran"
    fm = world.holder("Ostravia", "foreign minister", None)
    assert fm is not None
    assert fm.canonical == "Anna Kestrel"


def test_held_matches_office_or_title(world: Gazetteer) -> None:
    mara = world.resolve("Mara Velchenko")
    assert mara is not None
    assert mara.held("president", dt.date(2016, 1, 1))
    assert mara.held("head_of_state")
    assert not mara.held("president", dt.date(2022, 1, 1))
    assert not mara.held("prime minister")
    assert mara.fictional
    assert mara.kind == "person"


def test_institutions_are_entries_of_their_own_kind(world: Gazetteer) -> None:
    chancery = world.resolve("Ostravian Chancery")
    assert chancery is not None
    assert chancery.kind == "institution"
    assert chancery not in world.people


# The shipped data: names from issue 3 and the annotation conventions. They need the leaders files.
@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Lukashenko", "Alexander Lukashenko"),
        ("Lukashenka", "Alexander Lukashenko"),
        ("Aliaksandr Lukashenka", "Alexander Lukashenko"),
        ("Alexandr Lukashenko", "Alexander Lukashenko"),
        ("Belarusian President Alexander Lukashenko", "Alexander Lukashenko"),
        ("Zelensky", "Volodymyr Zelensky"),
        ("Zelenskyy", "Volodymyr Zelensky"),
        ("Zelenskiy", "Volodymyr Zelensky"),
        ("Zelenski", "Volodymyr Zelensky"),
        ("Volodimir Zelenski", "Volodymyr Zelensky"),
        ("President Volodymyr Zelenskyy", "Volodymyr Zelensky"),
        ("Gorbachev", "Mikhail Gorbachev"),
        ("Gorbachov", "Mikhail Gorbachev"),
        ("Mikhail Gorbachov", "Mikhail Gorbachev"),
        ("Joseph R. Biden, Jr.", "Joe Biden"),
        ("President Joseph R. Biden, Jr.", "Joe Biden"),
        ("Vladimir Putin's", "Vladimir Putin"),
        ("Russian President Vladimir Putin", "Vladimir Putin"),
        ("President Xi", "Xi Jinping"),  # family name first: "Xi" is the surname
        ("Chinese President Xi Jinping", "Xi Jinping"),
        ("President Vladimir Putin of Russia", "Vladimir Putin"),
        ("Xi", "Xi Jinping"),  # family name first: the first word alone is the surname
        ("King Charles", "Charles III"),
        ("Charles III", "Charles III"),
        ("King Hassan II", "Hassan II of Morocco"),
    ],
)
def test_shipped_leaders_resolve_to_one_canonical(written: str, canonical: str) -> None:
    person = gazetteer.load().resolve(written)
    assert person is not None, f"{written!r} is not in the gazetteer"
    names = {person.canonical, *person.aliases}
    # One canonical per person: the leaders files pick the spelling, every variant lands on it.
    assert canonical in names or person.canonical == canonical


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("the Kremlin", "Kremlin"),
        ("Kremlin press service", "Kremlin"),
        ("White House", "White House"),
        ("the State Department", "United States Department of State"),
        ("Iran's foreign ministry", "Iranian Foreign Ministry"),
        ("Iranian Foreign Ministry", "Iranian Foreign Ministry"),
        ("Russia's defence ministry", "Russian Defence Ministry"),
        ("the IMF", "International Monetary Fund"),
        ("Nigerian government", "Nigeria"),
        ("African Union", "African Union"),
    ],
)
def test_shipped_institutions(written: str, canonical: str) -> None:
    person = gazetteer.load().resolve(written)
    assert person is not None
    assert person.canonical == canonical
    assert person.kind == "institution"


def test_shipped_holder_uses_the_countrys_leading_office() -> None:
    gaz = gazetteer.load()
    leader = gaz.holder("Belarusian", "leader", dt.date(2019, 11, 17))
    assert leader is not None
    assert leader.canonical == "Alexander Lukashenko"
    soviet = gaz.holder("Soviet", "leader", dt.date(1990, 6, 1))
    assert soviet is not None
    assert soviet.canonical == "Mikhail Gorbachev"


def test_shipped_files_validate_cleanly() -> None:
    assert gazetteer.validate() == []
    assert len(gazetteer.load().people) >= 250


@pytest.mark.parametrize(
    "written",
    [
        "John",  # not the family name of "John Lee Ka-chiu": a Western given name comes first
        "Hassan",  # cut from "Hassan II of Morocco", yet Hassan is a given name
        "Charles",  # cut from "Charles III"
    ],
)
def test_shipped_bare_first_names_resolve_to_nobody(written: str) -> None:
    assert gazetteer.load().resolve(written) is None


REGNAL = """
people:
  - name: Oskar IV of Valdoria
    country: Valdoria
    fictional: true
    aliases: [King Oskar IV, King Oskar]
    roles:
      - {office: head_of_state, title: king, country: Valdoria, start: 2001-05-01}
  - name: Ludo Brask
    country: Valdoria
    fictional: true
"""


def test_a_given_name_cut_from_a_regnal_name_is_no_surname(tmp_path: Path) -> None:
    (tmp_path / "kings.yaml").write_text(REGNAL, encoding="utf-8")
    gaz = gazetteer.build([tmp_path / "kings.yaml"])
    for written in ("Oskar", "oskar", "Oskars"):
        assert gaz.resolve(written) is None, written
    for written in ("King Oskar", "Oskar IV", "King Oskar IV", "Oskar IV of Valdoria", "the King Oskar"):
        person = gaz.resolve(written)
        assert person is not None, written
        assert person.canonical == "Oskar IV of Valdoria"
    brask = gaz.resolve("Brask")  # a real surname still resolves alone
    assert brask is not None
    assert brask.canonical == "Ludo Brask"


STYLED = """
people:
  - name: Edvard, Margrave of Valdoria
    country: Valdoria
    fictional: true
    aliases: [Margrave Edvard]
    roles:
      - {office: head_of_state, title: margrave, country: Valdoria, start: 2001-01-01, end: null}
  - name: Rosalind, Hereditary Princess of Valdoria
    country: Valdoria
    fictional: true
    aliases: [Princess Rosalind]
    roles:
      - {office: other, title: regent, country: Valdoria, start: 2010-01-01, end: null}
  - name: Wenda Bishop
    country: Valdoria
    fictional: true
    roles:
      - {office: foreign_minister, title: foreign minister, country: Valdoria, start: 2012-01-01}
  - name: Oona Trask
    country: Valdoria
    fictional: true
    roles:
      - {office: head_of_government, title: prime minister, country: Valdoria, start: 2012-01-01}
"""


def test_a_style_after_a_comma_gives_no_surname(tmp_path: Path) -> None:
    # "<Given>, <Title> of <State>": the title is a style, so "Margrave" or "Princess" alone (or a surname a
    # letter away from it) stands for no one. The styled names themselves still resolve.
    (tmp_path / "styled.yaml").write_text(STYLED, encoding="utf-8")
    gaz = gazetteer.build([tmp_path / "styled.yaml"])
    for written in ("Margrave", "Princess", "Hereditary Princess", "Mr. Princess", "Ulla Princes"):
        assert gaz.resolve(written) is None, written
    for written, canonical in (
        ("Margrave Edvard", "Edvard, Margrave of Valdoria"),
        ("Princess Rosalind", "Rosalind, Hereditary Princess of Valdoria"),
        ("Bishop", "Wenda Bishop"),  # a plain name's surname stays one, though it is also a title
    ):
        person = gaz.resolve(written)
        assert person is not None, written
        assert person.canonical == canonical


def test_a_fuzzy_surname_keeps_its_first_letter(tmp_path: Path) -> None:
    # "Btrask" and "Strask" are other names, not spellings of "Trask"; "Traske" is one.
    (tmp_path / "styled.yaml").write_text(STYLED, encoding="utf-8")
    gaz = gazetteer.build([tmp_path / "styled.yaml"])
    assert gaz.resolve("Strask") is None
    near = gaz.resolve("Traske")
    assert near is not None
    assert near.canonical == "Oona Trask"


HYPHENATED = """
people:
  - name: Pak Sol-min
    country: South Korea
    fictional: true
    aliases: [Pak Sol Min]
    roles:
      - {office: foreign_minister, title: foreign minister, country: South Korea, start: 2011-01-01}
"""


def test_the_pieces_of_a_hyphenated_given_name_are_no_surname(tmp_path: Path) -> None:
    # Family name first, then a hyphenated given name: "Pak" alone is the person; "Min" or "Sol Min" (a
    # spelling without the hyphen) is no one, however the aliases write it.
    (tmp_path / "pak.yaml").write_text(HYPHENATED, encoding="utf-8")
    gaz = gazetteer.build([tmp_path / "pak.yaml"])
    for written in ("Min", "Sol Min", "Sol-min"):
        assert gaz.resolve(written) is None, written
    for written in ("Pak", "Pak Sol-min", "Pak Sol Min", "Foreign Minister Pak"):
        person = gaz.resolve(written)
        assert person is not None, written
        assert person.canonical == "Pak Sol-min"


def test_yaml_reader_keeps_aliases_dates_and_refuses_repeated_keys(tmp_path: Path) -> None:
    from quoteline.knowledge import yamlio

    good = tmp_path / "anchors.yaml"
    good.write_text(
        "base: &b {office: other, start: 2020-01-02}\nroles: [*b, *b]\nyear: 2021\nflag: true\nnone: ~\n",
        encoding="utf-8",
    )
    doc = yamlio.read_yaml(good)
    assert doc["roles"] == [{"office": "other", "start": "2020-01-02"}] * 2
    assert doc["roles"][0] is doc["base"]  # an alias is the same object, as PyYAML builds it
    assert (doc["year"], doc["flag"], doc["none"]) == (2021, True, None)
    twice = tmp_path / "twice.yaml"
    twice.write_text("people: []\ninstitutions: []\npeople: []\n", encoding="utf-8")
    with pytest.raises(yamlio.KnowledgeError, match=r"twice\.yaml.*'people' is written twice \(line 3\)"):
        yamlio.read_yaml(twice)
    merged = tmp_path / "merged.yaml"
    merged.write_text("a: &a {x: 1}\nb:\n  <<: *a\n  y: 2\n", encoding="utf-8")
    with pytest.raises(yamlio.KnowledgeError, match=r"merged\.yaml: not valid YAML"):
        yamlio.read_yaml(merged)


def test_yaml_reader_builds_what_pyyaml_builds_for_the_shipped_files() -> None:
    import yaml

    from quoteline.knowledge import sources, yamlio

    for path in [sources.countries_file(), *gazetteer.gazetteer_files()]:
        expected = yaml.load(path.read_text(encoding="utf-8"), Loader=yamlio._Loader)  # noqa: S506
        assert yamlio.read_yaml(path) == expected, path


def _errors_for(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "analyst.yaml"
    path.write_text(text, encoding="utf-8")
    return gazetteer.read_files([path])[1]


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("roles: [{office: head_of_state, title: president, start: 2020-13-01}]", "start"),
        (
            "roles: [{office: head_of_state, title: president, start: 2020-01-01, end: 2019-01-01}]",
            "before start",
        ),
        ("roles: [{office: emperor_of_all, title: emperor, start: 2020-01-01}]", "office"),
        ("roles: [{office: head_of_state, title: president}]", "start: missing"),
        ("fictional: maybe", "fictional"),
    ],
)
def test_validation_names_file_entry_and_problem(tmp_path: Path, entry: str, problem: str) -> None:
    errors = _errors_for(tmp_path, f"people:\n  - name: Ivo Marrak\n    country: Ostravia\n    {entry}\n")
    assert len(errors) == 1
    assert "analyst.yaml" in errors[0]
    assert "Ivo Marrak" in errors[0]
    assert problem in errors[0]


def test_duplicate_alias_for_two_people_is_an_error(tmp_path: Path) -> None:
    errors = _errors_for(
        tmp_path,
        "people:\n  - name: Ivo Marrak\n    aliases: [The Boss]\n"
        "  - name: Ada Sorn\n    aliases: [the boss]\n",
    )
    assert len(errors) == 1
    assert "analyst.yaml" in errors[0]
    assert "the boss" in errors[0]
    assert "Ivo Marrak" in errors[0]


def test_load_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("people:\n  - name: Ivo Marrak\n    roles: [{office: king, start: 2001-01-01}]\n")
    with pytest.raises(GazetteerError, match=r"broken\.yaml.*Ivo Marrak.*office"):
        gazetteer.build([path])


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    errors = _errors_for(tmp_path, f"people: !!python/object/apply:os.system ['touch {marker}']\n")
    assert errors
    assert "analyst.yaml" in errors[0]
    assert "not valid YAML" in errors[0]
    assert not marker.exists()


def test_extra_dirs_and_setting_folders_are_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "ostravia.yml").write_text(FICTIONAL, encoding="utf-8")
    assert gazetteer.load([extra]).resolve("Mara Velchenko") is not None
    assert gazetteer.load().resolve("Mara Velchenko") is None
    monkeypatch.setenv("QUOTELINE_GAZETTEER_DIRS", str(extra))
    assert extra / "ostravia.yml" in gazetteer.gazetteer_files()
    assert gazetteer.load().resolve("Mara Velchenko") is not None


def test_check_command_reports_problems_with_exit_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from quoteline.knowledge import check

    assert check.main([]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
    bad = "people:\n  - name: Ivo Marrak\n    roles: [{office: tsar, start: 2001}]\n"
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    assert check.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "bad.yaml" in out
    assert "Ivo Marrak" in out


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_gazetteer_never_raises(text: str) -> None:
    gaz = gazetteer.load()
    person = gaz.resolve(text)
    assert person is None or person in gaz.entries
    gaz.holder(text, text)


@settings(max_examples=200, deadline=None)
@given(
    pick=st.integers(min_value=0),
    cut=st.integers(min_value=0, max_value=3),
    extra=st.text("aeioukrsz", max_size=3),
)
def test_fuzzy_lookup_compares_only_keys_whose_length_could_match(pick: int, cut: int, extra: str) -> None:
    """The length window and the letter-count bound keep every key that could reach the threshold: the best
    match and its score do not change."""
    from rapidfuzz import fuzz, process

    g = gazetteer.load()
    for keys, lengths in ((g._full_keys, g._full_lengths), (g._unique_surnames, g._surname_lengths)):
        key = keys[pick % len(keys)]
        query = key[: max(1, len(key) - cut)] + extra  # a misspelling: letters lost, others added
        full = process.extractOne(query, keys, scorer=fuzz.ratio, score_cutoff=g.fuzzy_threshold)
        windowed = g._closest(query, keys, lengths)
        assert (full[:2] if full else None) == (windowed[:2] if windowed else None), query
        assert windowed is None or keys[windowed[2]] == windowed[0]


@settings(max_examples=300, deadline=None)
@given(
    a=st.text("abkorsz ł-", max_size=40) | st.text(max_size=12),
    b=st.text("abkorsz ł-", max_size=40) | st.text(max_size=12),
    repeat=st.integers(min_value=1, max_value=160),
)
def test_letter_count_bound_never_exceeds_the_edit_distance(a: str, b: str, repeat: int) -> None:
    """The fuzzy look-up skips a key only when its letter counts differ from the query's by more than the
    threshold allows: that difference must never exceed the true number of insertions and deletions, whatever
    the characters (other characters share a bucket) and however often one repeats (counts are capped)."""
    from rapidfuzz.distance import Indel

    a = a + "o" * repeat
    counts = gazetteer._letter_counts([a, b]).astype(int)
    assert abs(counts[:, 0] - counts[:, 1]).sum() <= Indel.distance(a, b)
