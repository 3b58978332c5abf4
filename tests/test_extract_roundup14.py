"""Round-ups of reactions: a paragraph that opens with a name (and a description) and a colon before a quote
gives the quote to that name, in invented words."""

from __future__ import annotations

from extract_helpers import run

_INTRO = (
    "Governor Ivo Brannock signed the Harbour Renewal Act on Monday, and leaders across the coast welcomed "
    "the new law.\n\nHere is what they are saying:\n\n"
)


def _speakers(body: str) -> dict[str, str]:
    """Each direct statement's first words and its speaker."""
    return {" ".join(s.text.split()[:3]): s.speaker for s in run(body) if s.kind == "direct"}


def test_a_name_and_a_description_before_a_colon_name_the_speaker() -> None:
    body = _INTRO + (
        "**Mara Velcheva, Executive Director, Coastal Fishers Alliance:** “This law gives every small crew a "
        "fair chance at the quay.”\n\n"
        "**Tomas Orrin, President, Portwick Chamber of Trade:** “Our members have waited ten years for the "
        "new berths to open.”\n"
    )
    got = _speakers(body)
    assert got["This law gives"] == "Mara Velcheva"
    assert got["Our members have"] == "Tomas Orrin"


def test_a_title_before_the_name_and_a_party_note_after_it() -> None:
    body = _INTRO + (
        "**Ranking Member, Harbour Committee, Dolsk Senator Ada Lenska (D-DL):** “The quay will carry our "
        "trade for a generation.”\n\n"
        "**Rep. Henrik Aalstad (R-DL-04):** “I am proud to have voted for every berth in it.”\n"
    )
    got = _speakers(body)
    assert got["The quay will"] == "Ada Lenska"
    assert got["I am proud"] == "Henrik Aalstad"


def test_an_organisation_before_the_colon_speaks_as_a_body() -> None:
    body = _INTRO + "**Harbour Pilots Association:** “The new channel markers will save lives all winter.”\n"
    got = run(body)
    quote = [s for s in got if s.text.startswith("The new channel")]
    assert [(s.speaker, s.speaker_type) for s in quote] == [("Harbour Pilots Association", "institution")]


def test_a_list_item_opening_with_a_name_is_read_the_same_way() -> None:
    # A hard-wrapped Markdown list, whose items the paragraph finder sets apart.
    body = _INTRO + (
        "-   Mara Velcheva, Coastal Fishers Alliance: “This law gives every small crew a fair\n"
        "    chance at the quay.”\n"
        "-   Tomas Orrin, Portwick Chamber of Trade: “Our members have waited ten years\n"
        "    for the new berths.”\n"
    )
    got = _speakers(body)
    assert got["This law gives"] == "Mara Velcheva"
    assert got["Our members have"] == "Tomas Orrin"


def test_a_topic_label_before_the_colon_names_nobody() -> None:
    body = (
        "Governor Ivo Brannock spoke at the quay on Monday.\n\n"
        "Headline of the week: “Ferries will run all winter long from now on.”\n\n"
        "Watch: “The harbour is open for business again today.”\n"
    )
    speakers = {s.speaker for s in run(body) if s.kind == "direct"}
    assert "Headline" not in " ".join(speakers)
    assert "Watch" not in " ".join(speakers)


def test_a_cue_before_the_colon_stays_with_the_cue_readers() -> None:
    body = _INTRO + "Mara Velcheva, the alliance's director, said: “This law gives every crew a chance.”\n"
    got = [s for s in run(body) if s.text.startswith("This law")]
    assert [(s.speaker, s.cue) for s in got] == [("Mara Velcheva", "said")]


def test_narration_before_the_colon_is_no_name_label() -> None:
    body = (
        "Mara Velcheva chairs the alliance.\n\n"
        "The berths were finished in March. The result for Tomas Orrin: “a quay that finally works.”\n"
    )
    assert all(s.speaker != "Tomas Orrin" for s in run(body))


def test_a_name_with_a_posting_after_it_is_read_even_unlisted() -> None:
    body = _INTRO + (
        "**Ulla Brask, President, Guild of Net Menders:** “We will mend every net the storms tore.”\n"
    )
    got = _speakers(body)
    assert got["We will mend"] == "Ulla Brask"


def test_a_reaction_running_over_paragraphs_is_one_statement() -> None:
    body = _INTRO + (
        "**Mara Velcheva, Executive Director, Coastal Fishers Alliance:** “This law gives every small crew a "
        "fair chance at the quay.\n\n"
        "“It also keeps the winter berths open to the boats that need them most.”\n"
    )
    got = [s for s in run(body) if s.kind == "direct"]
    assert [s.speaker for s in got] == ["Mara Velcheva"]
    assert got[0].text.endswith("need them most.")


def test_a_labelled_full_name_is_not_taken_for_a_namesake() -> None:
    body = (
        "Governor Ivo Orrin signed the Harbour Renewal Act on Monday.\n\n"
        "**Kasia Orrin, President, Guild of Net Menders:** “We will mend every net the storms tore.”\n"
    )
    got = _speakers(body)
    assert got["We will mend"] == "Kasia Orrin"


def test_a_name_and_a_colon_in_plain_prose_are_no_label() -> None:
    # Running news text, no bold, italics or list bullet: the label reading is not taken.
    body = _INTRO + (
        "Mara Velcheva, Executive Director, Coastal Fishers Alliance: “This law gives every small crew a "
        "fair chance at the quay.”\n"
    )
    assert _speakers(body).get("This law gives") != "Mara Velcheva"
