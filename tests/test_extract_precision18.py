"""Precision: a verb of urging ("invite", "advise"; `infinitive_only` in the lexicon) reports a request only
with the infinitive after its object ("invited Vell to visit", "advised the board not to wait"); with an
object alone it tells an act ("invited two guests", "advising the bank on its sale"). "encourage" is not one
of them: a readout states a position with its object alone ("encouraged the peaceful resolution of …"). A
short quote in single marks that is a paragraph by itself is a section heading, not a floating quote.

All people, places and sentences are invented.
"""

from __future__ import annotations

import pytest
from extract_helpers import run

from quoteline.extract import cues
from quoteline.extract.reported.content_checks import request_infinitive

LEAD = "Ada Vellmar, the mayor of Ostrava, spoke at the quay on Monday.\n\n"


def _reported(body: str) -> list[tuple[str, str]]:
    return [(st.cue, st.text) for st in run(LEAD + body) if st.kind == "indirect"]


@pytest.mark.parametrize(
    ("body", "cue"),
    [
        ("Vellmar invited two guests: Tomas Brind and Ivo Rastel.", "invited"),
        ("Vellmar has invited Tomas Brind, the head of the Harbour Guild.", "invited"),
        ("Vellmar is advising the Harbour Bank on its sale to Gull Holdings.", "advising"),
        ("Vellmar is now advising the Rastel campaign on shipping policy.", "advising"),
    ],
)
def test_an_object_alone_is_no_request(body: str, cue: str) -> None:
    assert cue not in {c for c, _ in _reported(body)}


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        ("Vellmar invited Tomas Brind to visit Ostrava in the spring.", "invited", "to visit Ostrava"),
        (
            "Vellmar invited Tomas Brind to the quay to see the new cranes.",
            "invited",
            "to see the new cranes",
        ),
        ("Vellmar invited Tomas Brind to Ostrava for the regatta.", "invited", "to Ostrava"),
        ("Vellmar invited Tomas Brind to a rally against the toll.", "invited", "to a rally"),
        (
            "Vellmar invited the old skipper, then weak from the fever, to speak at the quay.",
            "invited",
            "to speak at the quay",
        ),
        ("Vellmar encouraged voters, young and old, to stay home.", "encouraged", "to stay home"),
        ("Vellmar advised the harbour board not to wait for the guild.", "advised", "not to wait"),
        ("Vellmar encouraged that the talks go on.", "encouraged", "the talks go on"),
        (
            "Vellmar encouraged a peaceful settlement of the dispute over the pier.",
            "encouraged",
            "a peaceful settlement",
        ),
        (
            "Vellmar encouraged the young pilots - often by radio, late at night, from the tower on the"
            " north pier - to stay.",
            "encouraged",
            "to stay",
        ),
    ],
)
def test_a_request_with_its_infinitive_stays(body: str, cue: str, text: str) -> None:
    found = _reported(body)
    assert any(c == cue and text in t for c, t in found), found


@pytest.mark.parametrize(
    ("content", "expected", "with_destination"),
    [
        ("Tomas Brind to visit Ostrava", True, True),
        ("the board not to wait", True, True),
        ("Brind To Wait For The Guild", True, True),  # a headline capitalises the verb
        ("that the talks go on", True, True),
        ("the pilots, weak from the fever, to stay", True, True),
        ("two guests: Tomas Brind and Ivo Rastel", False, False),
        ("Tomas Brind to Ostrava", False, True),
        ("Tomas Brind to a rally", False, True),
        ("the bank on its sale to Gull Holdings", False, True),
        ("the shift from ferries to 40 bridges", False, False),
        ("the shift from ferries to jumbo barges", False, False),
        ("Tomas Brind to voters in Ostrava", False, True),
        ("to the forum have been set", False, False),  # "the leaders invited to the forum …"
        ("to join the rebuilding of the quay", True, True),  # "… and invited to join the rebuilding"
    ],
)
def test_request_infinitive(content: str, expected: bool, with_destination: bool) -> None:
    assert request_infinitive(content, 0, len(content)) is expected
    assert request_infinitive(content, 0, len(content), destination=True) is with_destination


def test_infinitive_only_is_read_from_the_lexicon() -> None:
    by_cue = {e.cue: e for e in cues.load().entries}
    assert all(by_cue[verb].infinitive_only for verb in ("invite", "advise"))
    assert not by_cue["urge"].infinitive_only
    assert not by_cue["encourage"].infinitive_only
    assert by_cue["invite"].destination
    assert not by_cue["encourage"].destination
    lex = cues.parse_lexicon({"cues": [{"cue": "invite", "infinitive_only": True}, {"cue": "say"}]})
    assert [e.infinitive_only for e in lex.entries] == [True, False]


SECTION = (
    "“We will rebuild the quay before winter,” said Ada Vellmar, the mayor of Ostrava.\n\n"
    "{heading}\n\n"
    "The harbour board met on Monday to count the cost of the storm.\n\n"
    "“It is the right time to act,” Vellmar said."
)


@pytest.mark.parametrize("heading", ["'A change of course.'", "‘Cranes that last.’"])
def test_a_short_single_quoted_paragraph_is_a_heading(heading: str) -> None:
    got = run(SECTION.format(heading=heading))
    assert [st.text for st in got if st.kind == "direct"] == [
        "We will rebuild the quay before winter,",
        "It is the right time to act,",
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "“A change of course, and about time too.”",  # double marks: a floating quote
        "'We have waited long enough for the cranes, and the guild knows it, and so does the board.'",
        "Then she added: 'A change of course.'",  # not a paragraph by itself
    ],
)
def test_other_quotes_stay_floating_quotes(heading: str) -> None:
    texts = [st.text for st in run(SECTION.format(heading=heading)) if st.kind == "direct"]
    assert len(texts) == 3, texts
