"""Reported speech told by a noun of saying after its owner ("Vell's claim that ...", "her promise to ...",
"the harbour board's calls for ..."; data/cues.yaml saying_nouns), and sources after "according to" that
the rules used to drop: a capitalised word ending in -ed read as a verb ("the Associated Press"), a source
placed at an institution ("... at Marrow University in Halvik"), and a body the article names nowhere else
("according to Tidepoll")."""

from __future__ import annotations

import pytest
from extract_helpers import run

from quoteline.extract import cues


def _found(body: str) -> list[tuple[str, str, str]]:
    return [(st.speaker, st.cue, st.text) for st in run(body) if st.kind == "indirect"]


@pytest.mark.parametrize(
    ("body", "speaker", "cue", "text"),
    [
        (
            "Ada Vellmar won the Portwick vote. Nobody doubted Ada Vellmar’s claim that the pier is safe.",
            "Ada Vellmar",
            "claim",
            "the pier is safe",
        ),
        (
            "Ada Vellmar won the Portwick vote. She has gained ground with her promise to reopen the "
            "ferry to Halvik.",
            "Ada Vellmar",
            "promise",
            "to reopen the ferry to Halvik",
        ),
        (
            "Ada Vellmar won the Portwick vote. Despite Vellmar's repeated calls for a recount, the "
            "board met on Friday.",
            "Ada Vellmar",
            "calls",
            "a recount",
        ),
        (
            "Ada Vellmar won the Portwick vote. Vellmar's pledge last month to add 300 berths to the "
            "harbour, a costly plan, drew praise.",
            "Ada Vellmar",
            "pledge",
            "to add 300 berths to the harbour",
        ),
    ],
)
def test_noun_of_saying_after_its_owner(body: str, speaker: str, cue: str, text: str) -> None:
    assert (speaker, cue, text) in _found(body)


@pytest.mark.parametrize(
    "body",
    [
        # "to" before a listener, a plural noun or a name: no infinitive, so no content.
        "Ada Vellmar won the Portwick vote. Her call to the governor went unanswered for a week.",
        "Ada Vellmar won the Portwick vote. Her promise to voters in Halvik was vague at best.",
        "Ada Vellmar won the Portwick vote. Her call to Halvik lasted an hour on Monday.",
        "Ada Vellmar won the Portwick vote. She answered Orrin Halde's call to monastic life in Halvik.",
        # "that" as a relative pronoun: "the claim that was rejected" tells nothing the owner said.
        "Ada Vellmar won the Portwick vote. Her claim that was rejected by the court cost her dearly.",
        # A noun with no owner names no speaker.
        "Ada Vellmar won the Portwick vote. The claim that the pier is safe was widely mocked.",
    ],
)
def test_noun_of_saying_without_content_or_owner(body: str) -> None:
    assert not [f for f in _found(body) if f[1] in ("call", "promise", "claim")]


def test_noun_inside_a_quote_is_the_quote() -> None:
    body = "Ada Vellmar won the Portwick vote. “Her claim that the pier is safe is absurd,” said Orrin Halde."
    assert not [f for f in _found(body) if f[1] == "claim"]


def test_saying_nouns_table_is_checked() -> None:
    data = {
        "cues": [{"cue": "claim", "stance": "neutral"}],
        "saying_nouns": {"claim": {"verb": "boast", "takes": ["that"]}},
    }
    with pytest.raises(cues.LexiconError):
        cues.parse_lexicon(data)
    data["saying_nouns"] = {"claim": {"verb": "claim", "takes": ["with"]}}
    with pytest.raises(cues.LexiconError):
        cues.parse_lexicon(data)
    data["saying_nouns"] = {"claim": {"verb": "claim", "takes": ["that"]}}
    assert "claim" in cues.parse_lexicon(data).saying_nouns


@pytest.mark.parametrize(
    ("body", "speaker", "text"),
    [
        (
            "The ferry lost about 1,200 riders in a month, according to the Associated Press.",
            "Associated Press",
            "The ferry lost about 1,200 riders in a month",
        ),
        (
            "Tidal floods have doubled since the pier was built, according to the Orvel Centre for Tide "
            "Research at Marrow University in Halvik.",
            "Orvel Centre for Tide Research",
            "Tidal floods have doubled since the pier was built",
        ),
        (
            "Ferry use in Portwick fell to its lowest level in a decade, according to Tidepoll. A Tidepoll "
            "survey earlier found the same.",
            "Tidepoll",
            "Ferry use in Portwick fell to its lowest level in a decade",
        ),
    ],
)
def test_according_to_sources(body: str, speaker: str, text: str) -> None:
    assert (speaker, "according to", text) in _found(body)
