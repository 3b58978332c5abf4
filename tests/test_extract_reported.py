"""Reported speech: cues with their content, readout style, stance from cue and object, joint statements."""

from __future__ import annotations

import pytest
from extract_helpers import by_text, run


@pytest.mark.parametrize(
    ("body", "cue", "text", "stance"),
    [
        (
            "Arkady Voronets denied that Drevnia is massing troops on the border.",
            "denied",
            "Drevnia is massing troops on the border",
            "denial",
        ),
        (
            "Arkady Voronets denied reports of troop movements near Orsk.",
            "denied",
            "reports of troop movements near Orsk",
            "denial",
        ),
        (
            "Mara Velcheva rejected the proposal for a joint gas company.",
            "rejected",
            "the proposal for a joint gas company",
            "rejection",
        ),
        (
            "Mara Velcheva rejected the accusation of secret talks.",
            "rejected",
            "the accusation of secret talks",
            "denial",
        ),
        (
            "Elias Marant urged Drevnia to withdraw its forces from the Hallin Strip.",
            "urged",
            "Drevnia to withdraw its forces from the Hallin Strip",
            "demand",
        ),
        (
            "Henrik Aalstad reaffirmed Lusmark's commitment to Valdoria's accession.",
            "reaffirmed",
            "Lusmark's commitment to Valdoria's accession",
            "assurance",
        ),
        (
            "Yelena Sorokova warned that Drevnia would respond to any new launchers.",
            "warned",
            "Drevnia would respond to any new launchers",
            "threat",
        ),
        (
            "Lenka Vobrik accused Drevnia of sending regular troops into the strip.",
            "accused",
            "Drevnia of sending regular troops into the strip",
            "criticism",
        ),
        (
            "Aurelio Vanni praised the courage of the rescue teams in Cordavia.",
            "praised",
            "the courage of the rescue teams in Cordavia",
            "praise",
        ),
        (
            "Arkady Voronets ruled out any talks on the status of the strip.",
            "ruled out",
            "any talks on the status of the strip",
            "rejection",
        ),
        (
            "Lucía Ferrant expressed concern over the rising river levels.",
            "expressed concern",
            "the rising river levels",
            "criticism",
        ),
        (
            "Mara Velcheva left no doubt that she will run again in 2026.",
            "left no doubt",
            "she will run again in 2026",
            "assurance",
        ),
    ],
)
def test_cue_content_and_stance(body: str, cue: str, text: str, stance: str) -> None:
    sts = run(body)
    assert len(sts) == 1, [(s.cue, s.text) for s in sts]
    st = sts[0]
    assert (st.kind, st.cue, st.text, st.stance) == ("indirect", cue, text, stance)


def test_readout_style_statements_are_reported_speech() -> None:
    body = (
        "President Mara Velcheva spoke today with Prime Minister Henrik Aalstad of Lusmark. "
        "President Velcheva "
        "reaffirmed Valdoria's support for the Amber Sea Union's enlargement. She made clear that Valdoria "
        "would finish its reforms this year."
    )
    sts = run(body)
    assert by_text(sts, "support for the Amber Sea Union").speaker == "Mara Velcheva"
    assert by_text(sts, "finish its reforms").speaker == "Mara Velcheva"
    assert not [s for s in sts if "spoke" in s.cue]


def test_joint_subject_gives_a_statement_per_leader() -> None:
    body = (
        "Mara Velcheva spoke with Henrik Aalstad on Monday. The two leaders agreed on the importance of "
        "new power lines across the Amber Sea."
    )
    speakers = {s.speaker for s in run(body) if "power lines" in s.text}
    assert speakers == {"Mara Velcheva", "Henrik Aalstad"}


def test_coordinated_cues_share_the_subject() -> None:
    body = "Elias Marant thanked Henrik Aalstad for his support and invited him to visit Mirel."
    sts = run(body)
    assert [s.cue for s in sts] == ["thanked", "invited"]
    assert {s.speaker for s in sts} == {"Elias Marant"}
    assert by_text(sts, "for his support").text == "Henrik Aalstad for his support"


def test_participle_cue_takes_the_main_subject() -> None:
    body = (
        "Opposition leader Stefan Iliev launched a petition on Tuesday, "
        "saying the draft would weaken parliament."
    )
    assert by_text(run(body), "weaken parliament").speaker == "Stefan Iliev"


def test_content_before_the_attribution() -> None:
    body = (
        "Talks on the Hallin Strip have resumed after a month of silence, "
        "President Lucía Ferrant said on Tuesday."
    )
    st = by_text(run(body), "have resumed")
    assert st.speaker == "Lucía Ferrant"
    assert st.text == "Talks on the Hallin Strip have resumed after a month of silence"


def test_narration_is_not_a_statement() -> None:
    body = "Mara Velcheva spoke with Arkady Voronets by phone. The leaders discussed the gas price."
    assert run(body) == []
