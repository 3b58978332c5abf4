"""Topic taxonomy and the keyword classifier."""

from __future__ import annotations

from pathlib import Path

import pytest
from annotation import ANNOTATION_TOPIC_IDS
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteline.knowledge import topics
from quoteline.knowledge.yamlio import KnowledgeError

# Hostile text: arbitrary unicode mixed with the pieces the helpers look for.
PIECES = st.sampled_from(
    ["Moscow", "'s", " said ", "U.S.", "in ", "on Monday", "March 3", ", 2020", "-", "—", "Putin", "Jr.", " "]
)
TEXT = st.lists(st.one_of(st.text(max_size=20), PIECES), max_size=30).map("".join)


ANNOTATION_IDS = list(ANNOTATION_TOPIC_IDS)


def test_taxonomy_has_the_annotation_ids_with_labels_and_keywords() -> None:
    tax = topics.taxonomy()
    assert set(ANNOTATION_IDS) <= set(tax)
    for topic_id in ANNOTATION_IDS:
        assert tax[topic_id].label
        assert tax[topic_id].description
        assert len(tax[topic_id].keywords) >= 10


# Invented sentences about fictional states: each names one clear topic first.
@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Ostravia will deploy two more tank battalions and its troops to the frontier", "security"),
        ("the ceasefire must hold so that peace talks can resume", "conflict_peace"),
        (
            "the treaty limiting nuclear warheads and intermediate-range missiles must be extended",
            "arms_control",
        ),
        ("Velgrad will never turn away from the West and its pro-Western course", "alignment"),
        ("the annexation violates Ostravia's sovereignty and territorial integrity", "sovereignty"),
        ("the envoy will hold talks with the ambassador before the summit", "diplomacy"),
        ("she will seek re-election and the referendum will take place after the vote", "elections"),
        ("parliament will amend the constitution and pass the reform law", "governance"),
        ("gas supplies through the pipeline will resume and oil prices will fall", "energy"),
        ("tariffs on exports will hurt trade and investment", "economy_trade"),
        ("new sanctions and an embargo will be imposed", "sanctions"),
        ("the detention of journalists and the crackdown on protesters violate human rights", "human_rights"),
        ("refugees and migrants seeking asylum crossed in their thousands", "migration"),
        ("emissions must fall to meet the climate targets", "climate_environment"),
        ("the pandemic has overwhelmed hospitals and vaccines are scarce", "health"),
        ("terrorist groups and violent extremism remain a danger", "terrorism"),
    ],
)
def test_first_label(text: str, first: str) -> None:
    assert topics.classify(text)[0] == first


def test_multi_label_is_ordered_by_score() -> None:
    labels = topics.classify("sanctions on gas exports and the oil pipeline after the invasion")
    assert labels[0] == "energy"
    assert {"sanctions", "energy"} <= set(labels)


def test_context_is_used_only_when_the_text_yields_nothing() -> None:
    assert topics.classify("it was a good day", context="the election campaign") == ["elections"]
    assert topics.classify("the troops withdrew", context="the election campaign") == ["security"]
    assert topics.classify("it was a good day") == []


def test_keywords_ignore_case_accents_and_hyphens() -> None:
    assert topics.classify("NON-PROLIFERATION")[0] == "arms_control"
    assert topics.classify("Sanctioned")[0] == "sanctions"
    assert "import" not in "".join(topics.classify("an important thing"))
    assert topics.classify("an important thing") == []


def test_analysts_can_add_a_topic(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text(
        "topics:\n  space:\n    label: Space\n    description: Launches\n"
        "    keywords: {satellite*: 3, orbit: 2}\n",
        encoding="utf-8",
    )
    clf = topics.read_taxonomy(path)
    assert clf.classify("two satellites reached orbit") == ["space"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("topics:\n  Bad Id:\n    keywords: {a: 1}\n", "topic id"),
        ("topics:\n  space:\n    keywords: {orbit: heavy}\n", "weight"),
        ("topics:\n  space:\n    keywords: [orbit]\n", "keyword: weight"),
        ("topics: [space]\n", "mapping"),
        ("min_score: high\ntopics:\n  space:\n    keywords: {orbit: 1}\n", "min_score"),
    ],
)
def test_bad_topics_file_names_file_and_topic(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"topics\.yaml") as caught:
        topics.read_taxonomy(path)
    assert problem in str(caught.value)


def test_hostile_text_is_classified_without_error() -> None:
    text = "war " * 50000 + "\x00\u202e" * 100
    assert topics.classify(text)[0] == "conflict_peace"


def test_a_keyword_written_twice_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text("topics:\n  space:\n    keywords:\n      orbit: 1\n      orbit: 3\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"topics\.yaml.*'orbit' is written twice \(line 5\)"):
        topics.read_taxonomy(path)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_topics_never_raise(text: str) -> None:
    labels = topics.classify(text, context=text)
    assert set(labels) <= set(topics.taxonomy())


def test_misleading_phrase_words_do_not_count_alone() -> None:
    # "freedom" alone is a rights word; inside "freedom of navigation" it is maritime security.
    assert "human_rights" not in topics.classify("patrol boats will defend freedom of navigation in the gulf")
    assert "security" in topics.classify("patrol boats will defend freedom of navigation in the gulf")
    assert "human_rights" in topics.classify("the reporters demand freedom to publish")


def test_misleading_phrases_are_read_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text(
        "misleading_phrases: [star wars]\ntopics:\n  war:\n    keywords: {war*: 3}\n"
        "  film:\n    keywords: {star wars: 3}\n",
        encoding="utf-8",
    )
    clf = topics.read_taxonomy(path)
    assert clf.classify("the star wars saga") == ["film"]
    assert clf.classify("the war in the hills") == ["war"]
    path.write_text(
        "misleading_phrases: [1, '']\ntopics:\n  war:\n    keywords: {war: 3}\n", encoding="utf-8"
    )
    with pytest.raises(KnowledgeError, match="misleading_phrases"):
        topics.read_taxonomy(path)


def test_renewable_power_vocabulary_is_energy() -> None:
    assert topics.classify("each new turbine adds forty megawatts to the grid")[0] == "energy"


def test_a_shadowing_phrase_keeps_only_its_own_keyword() -> None:
    # "status" alone hints at territory; "candidate status" is an accession matter only.
    assert topics.classify("the future status of the Varn enclave")[0] == "sovereignty"
    assert topics.classify("Kessel was granted candidate status") == ["alignment"]


def test_assess_marks_a_single_hint_weak_and_a_decisive_keyword_strong(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text(
        "weak_score: 2.5\ntopics:\n  ports:\n    keywords: {quay: 1, harbour*: 3}\n"
        "  weather:\n    keywords: {storm*: 2}\n",
        encoding="utf-8",
    )
    clf = topics.read_taxonomy(path)
    assert clf.weak_score == 2.5
    assert clf.assess("the harbour will reopen") == (["ports"], False)
    assert clf.assess("the storm has passed") == (["weather"], True)
    assert clf.assess("nothing was decided") == ([], True)


def test_bad_weak_score_names_the_option(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text("weak_score: high\ntopics:\n  war:\n    keywords: {war: 3}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="weak_score"):
        topics.read_taxonomy(path)


# Invented article about a fictional state: energy dominates, one paragraph is about migrants at a crossing.
_ENERGY_BODY = """The Tarvian gas pipeline has been shut for a month, and gas prices and oil supply worries
are rising across the region.

Pipeline operator Odile Farrant said the pipeline must deliver gas to every refinery by winter.

At the Brennick border crossing, where refugees and asylum seekers have queued since March, Mayor Tobias
Lindqvar said the talks were slow.

Mayor Tobias Lindqvar also said the mood was grim.
"""


def _topics_by_speaker_text() -> dict[str, list[str]]:
    from extract_helpers import run

    return {s.text: s.topics for s in run(_ENERGY_BODY, title="Tarvian gas pipeline stays shut")}


def test_weak_statement_gets_its_own_topic_then_paragraph_then_article() -> None:
    got = _topics_by_speaker_text()
    assert got["the talks were slow"] == ["diplomacy", "migration", "energy"]


def test_statement_without_topic_words_takes_context_topics() -> None:
    got = _topics_by_speaker_text()["the mood was grim"]
    assert "energy" in got
    assert 1 <= len(got) <= 3


def test_strong_statement_keeps_only_its_own_topics() -> None:
    got = _topics_by_speaker_text()
    assert got["the pipeline must deliver gas to every refinery by winter"] == ["energy"]


def test_remembered_scores_are_the_scores_of_a_fresh_classifier_and_stay_unchanged() -> None:
    """A classifier remembers the latest texts' scores and each word's stem keywords: a second look gives the
    first answer, a caller changing the dict it got changes nothing, and a new classifier agrees."""
    taxonomy = [
        topics.Topic("ports", "Ports", "harbours", {"harbour*": 2.0, "ferry": 1.0, "dock strike": 3.0}),
        topics.Topic("farms", "Farms", "farming", {"harvest*": 2.0, "orchard": 1.0}),
    ]
    text = "The Velmar harbourmaster said the dock strike delayed the ferry and the orchard harvests"
    clf = topics.TopicClassifier(taxonomy)
    first = clf.scores(text)
    assert first == {"ports": 6.0, "farms": 3.0}
    first["ports"] = 0.0
    assert clf.scores(text) == {"ports": 6.0, "farms": 3.0}
    assert clf.scores("harbourside cafes") == {"ports": 2.0}  # the stem of a word seen before, in a new text
    assert topics.TopicClassifier(taxonomy).scores(text) == clf.scores(text)
