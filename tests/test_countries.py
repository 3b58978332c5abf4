"""Countries and organisations: name normalisation and counterpart finding with capital metonymy."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteline.knowledge import countries
from quoteline.knowledge.yamlio import KnowledgeError

# Hostile text: arbitrary unicode mixed with the pieces the helpers look for.
PIECES = st.sampled_from(
    ["Moscow", "'s", " said ", "U.S.", "in ", "on Monday", "March 3", ", 2020", "-", "—", "Putin", "Jr.", " "]
)
TEXT = st.lists(st.one_of(st.text(max_size=20), PIECES), max_size=30).map("".join)


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("Belarusian", "Belarus"),
        ("Belarusians", "Belarus"),
        ("U.S.", "United States"),
        ("US", "United States"),
        ("USA", "United States"),
        ("America", "United States"),
        ("Americans", "United States"),
        ("Kyiv", "Ukraine"),
        ("Kiev", "Ukraine"),
        ("Moscow", "Russia"),
        ("Russia's", "Russia"),
        ("Russian Federation", "Russia"),
        ("the Netherlands", "Netherlands"),
        ("Türkiye", "Turkey"),
        ("Côte d'Ivoire", "Côte d'Ivoire"),
        ("Cote d'Ivoire", "Côte d'Ivoire"),
        ("NATO", "NATO"),
        ("North Atlantic Treaty Organization", "NATO"),
        ("EU", "European Union"),
        ("U.N.", "United Nations"),
        ("CSTO", "CSTO"),
        ("WHO", "World Health Organization"),
        ("Soviet", "Soviet Union"),
        ("Taiwanese", "Taiwan"),
    ],
)
def test_country_of(word: str, name: str) -> None:
    assert countries.country_of(word) == name


@pytest.mark.parametrize("word", ["the West", "us", "who", "Europe", "Latin America", "", "Zembla"])
def test_country_of_rejects_non_countries(word: str) -> None:
    assert countries.country_of(word) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Americans, the U.S. and Washington", ["United States"]),
        ("Washington said it would respond.", ["United States"]),
        ("He rejected Moscow's demands.", ["Russia"]),
        ("They discussed ties with Beijing.", ["China"]),
        ("A meeting in Minsk was held.", []),
        ("The talks in Geneva and Minsk ended.", []),
        ("contacts between EU representatives and Minsk", ["European Union", "Belarus"]),
        ("violations by Kiev of the Minsk agreements", ["Ukraine"]),
        ("He flew to Moscow on Friday.", []),
        ("Moscow-backed separatists", ["Russia"]),
        ("under pressure from Washington", ["United States"]),
        ("a flight from Washington", []),
        ("an appeal to Moscow", ["Russia"]),
        ("the Washington Post reported", []),
        ("The North Atlantic Treaty Organization (NATO) met.", ["NATO"]),
        ("The Kremlin said the Pentagon had lied.", ["Russia", "United States"]),
        ("the Belarus-EU border", ["Belarus", "European Union"]),
        ("exports to Latin America and South Africa", ["South Africa"]),
        ("Papua New Guinea and Guinea-Bissau", ["Papua New Guinea", "Guinea-Bissau"]),
        ("the West is not a country", []),
        ("the Ukrainian president and Russian troops", ["Ukraine", "Russia"]),
        ("let us talk, who knows", []),
    ],
)
def test_find_counterparts(text: str, expected: list[str]) -> None:
    assert countries.find_counterparts(text) == expected


def test_counterparts_keep_first_mention_order_and_exclude() -> None:
    text = "Belarus follows Russia's trail with NATO and the EU, Russia again, and Belarusians."
    assert countries.find_counterparts(text) == ["Belarus", "Russia", "NATO", "European Union"]
    assert countries.find_counterparts(text, exclude=["Belarusian"]) == ["Russia", "NATO", "European Union"]


def test_every_un_member_and_the_required_organisations_are_listed() -> None:
    ents = countries.entities()
    current = [e for e in ents.values() if e.kind == "country" and not e.historical]
    assert len(current) >= 193 + 3
    for name in ("Taiwan", "Kosovo", "Palestine", "Eswatini", "Timor-Leste", "South Sudan"):
        assert ents[name].kind == "country"
    required = {
        "NATO", "European Union", "United Nations", "CSTO", "OSCE", "African Union", "G7", "G20", "BRICS",
        "Shanghai Cooperation Organisation", "Eurasian Economic Union", "Commonwealth of Independent States",
        "ASEAN", "World Health Organization", "International Monetary Fund", "World Bank",
        "World Trade Organization", "International Atomic Energy Agency", "International Criminal Court",
        "Council of Europe", "OPEC", "Arab League",
    }  # fmt: skip
    assert required <= {e.name for e in ents.values() if e.kind == "organisation"}


def test_leader_office_follows_the_system_of_government() -> None:
    assert countries.leader_office("German") == "head_of_government"
    assert countries.leader_office("Belarus") == "head_of_state"


def test_gazetteer_files_may_add_states(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "world.yaml").write_text(
        "countries:\n  - {name: Ostravia, demonyms: [Ostravian], capital: Velgrad}\n"
        "organisations:\n  - {name: Amber Pact, abbreviations: [AMP]}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("QUOTELINE_GAZETTEER_DIRS", str(tmp_path))
    assert countries.country_of("Ostravians") == "Ostravia"
    text = "Velgrad said the AMP would not protect the Ostravian border, a meeting in Velgrad heard."
    assert countries.find_counterparts(text) == ["Ostravia", "Amber Pact"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("countries:\n  - {demonyms: [X]}\n", "needs a `name`"),
        ("countries:\n  - {name: Ostravia, leader: king}\n", "leader"),
        ("countries:\n  - {name: Ostravia}\n  - {name: Ostravia}\n", "already listed"),
        ("countries: [\n", "not valid YAML"),
    ],
)
def test_bad_countries_file_names_file_and_entry(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "countries.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"countries\.yaml") as caught:
        countries.read_index([path])
    assert problem in str(caught.value)


def test_long_hostile_text_is_handled() -> None:
    text = "Moscow's " * 20000 + "\u202e" * 1000 + " U.S." * 1000
    assert countries.find_counterparts(text) == ["Russia", "United States"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Baltic States violate their obligations", ["Lithuania", "Latvia", "Estonia"]),
        ("at NATO through the NATO-Russia Council", ["NATO", "Russia"]),
        ("which obviously Putin never expected", ["Russia"]),
        ("a meeting with Ilham Aliyev and Nikol Pashinyan", ["Azerbaijan", "Armenia"]),
        ("I am grateful to Mr. Guterres", ["United Nations"]),
        ("In May, Brown said Rice would come", []),  # everyday words are not surnames here
        ("the Aliyev family", []),  # a surname two people share says nothing
        ("Velcheva told Dragomirov", ["Valdoria"]),  # fictional leaders named by surname alone
        ("as Zorev and Mara Velcheva said", ["Valdoria"]),
    ],
)
def test_counterparts_from_groups_and_named_leaders(text: str, expected: list[str]) -> None:
    assert countries.find_counterparts(text) == expected


def test_named_leaders_can_be_left_out() -> None:
    assert countries.find_counterparts("Putin never expected it", people=False) == []


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_countries_never_raise(text: str) -> None:
    found = countries.find_counterparts(text)
    assert len(found) == len(set(found))
    countries.country_of(text)
