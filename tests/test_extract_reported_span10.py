"""Where a statement's content starts and ends when its span would otherwise run past the gold one or stop
short of it: a relative "that" read as the complementizer, a "that" owned by a cue inside the content, a
time set against another event after the cue, an apposition glossing an object, a subordinate clause whose
named subject reports, a participle telling a noun's content, split quotes around a description or a
participle, and cues that wire copy inverts after their content. All names and sentences are invented."""

from __future__ import annotations

import pytest
from extract_helpers import run


def _indirect(body: str) -> list[tuple[str, str, str]]:
    return [(st.speaker, st.cue, st.text) for st in run(body) if st.kind == "indirect"]


def _direct(body: str) -> list[tuple[str, str]]:
    return [(st.speaker, st.text) for st in run(body) if st.kind == "direct"]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        # "that" before a finite verb is a relative pronoun: the object noun opens the content.
        (
            "Harbour chief Edda Varn rejected measures that would have closed the northern quay.",
            "measures that would have closed the northern quay",
        ),
        (
            "Harbour chief Edda Varn described sweeping changes that were driving the trawlers south.",
            "sweeping changes that were driving the trawlers south",
        ),
        # ... or the content's subject: "said that would be wrong".
        ("Harbour chief Edda Varn said that would be a grave mistake.", "that would be a grave mistake"),
        # A "that" after a cue of the content's own subject is that cue's, so the whole clause was said.
        (
            "Harbour chief Edda Varn said the Lusmark port board requested that the ferry be moved.",
            "the Lusmark port board requested that the ferry be moved",
        ),
        # A complementizer "that" is still skipped, also after an adjunct holding a participle.
        ("Harbour chief Edda Varn has suggested that Ilvany is in danger.", "Ilvany is in danger"),
        (
            "Harbour chief Edda Varn said in a statement released Monday that the quay would close.",
            "the quay would close",
        ),
    ],
)
def test_that_belongs_to_the_right_clause(body: str, text: str) -> None:
    assert [t for _, _, t in _indirect(body)] == [text]


@pytest.mark.parametrize(
    ("body", "speaker", "text"),
    [
        # A comma-set time against another event after the cue is when, not what: the content comes first.
        (
            "The ferry contract went to Edda Varn, the Harbour Courier declared on Friday, a week after "
            "the tenders were opened.",
            "Harbour Courier",
            "The ferry contract went to Edda Varn",
        ),
        (
            "The quay will stay shut until spring, Tomas Orrin said Friday, hours before the council met.",
            "Tomas Orrin",
            "The quay will stay shut until spring",
        ),
        # An infinitive's "be" is no finite verb: "during his speech to be a delegate" is only an adjunct.
        (
            "His loyalty has moved from the Greens to the Blues, Tomas Orrin said during his speech to be a "
            "delegate.",
            "Tomas Orrin",
            "His loyalty has moved from the Greens to the Blues",
        ),
    ],
)
def test_time_and_occasion_after_the_cue_leave_the_content_first(body: str, speaker: str, text: str) -> None:
    assert (speaker, text) in [(sp, t) for sp, _, t in _indirect(body)]


def test_a_time_without_a_comma_opens_no_content_first() -> None:
    got = _indirect("Tomas Orrin said two days after the vote that the quay would close.")
    assert [t for _, _, t in got] == ["the quay would close"]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        # An indefinite apposition with a modifier of its own glosses the object: the writer's, not said.
        (
            "Harbour chief Edda Varn has sought the guild's advice, an offer the guild rebuffed on Monday.",
            "the guild's advice",
        ),
        (
            "Harbour chief Edda Varn cited the case of Vell Freight, a haulier known for night crossings.",
            "the case of Vell Freight",
        ),
        # A list of noun phrases carries no such modifier and stays whole.
        ("Harbour chief Edda Varn called for a ban, a levy and a toll.", "a ban, a levy and a toll"),
        # No object before the comma: an adjunct, after which a clause follows, is not glossed.
        (
            "Harbour chief Edda Varn claimed at one point, a sailor asked the crowd to leave.",
            "at one point, a sailor asked the crowd to leave",
        ),
    ],
)
def test_an_apposition_glossing_the_object_ends_it(body: str, text: str) -> None:
    assert [t for _, _, t in _indirect(body)] == [text]


def test_a_subordinate_clause_whose_named_subject_reports_is_its_own_statement() -> None:
    got = _indirect(
        "Harbour chief Edda Varn announced the two ports were parting after the Harbour Courier revealed the "
        "deal had failed."
    )
    assert ("Edda Varn", "announced", "the two ports were parting") in got
    assert ("Harbour Courier", "revealed", "the deal had failed") in got


def test_a_subordinate_clause_without_a_cue_stays_in_the_content() -> None:
    got = _indirect("Harbour chief Edda Varn said the port closed after Storm Orla hit the coast.")
    assert [t for _, _, t in got] == ["the port closed after Storm Orla hit the coast"]


def test_a_participle_after_a_noun_tells_that_nouns_content() -> None:
    # Inside a clause content "a signed letter affirming ..." is the letter's content, not a second statement.
    got = _indirect("Harbour chief Edda Varn said the guild sent a signed letter affirming its independence.")
    assert [t for _, _, t in got] == ["the guild sent a signed letter affirming its independence"]


def test_a_participle_after_a_comma_is_still_a_second_statement() -> None:
    got = _indirect("Harbour chief Edda Varn said the quay would close, warning that jobs would go.")
    assert [(c, t) for _, c, t in got] == [("said", "the quay would close"), ("warning", "jobs would go")]


def test_a_relative_cue_followed_by_a_subordinate_clause_says_nothing() -> None:
    # "which X conceded when ...": the cue's object is the relative word.
    assert not _indirect("Vell's victory, which Edda Orrin conceded when the polls closed, upended the race.")


def test_a_that_clause_after_a_relative_cue_is_still_a_content() -> None:
    got = _direct(
        'Tomas Orrin read out a letter at Halvik in which he promised that, once elected, he would stay "a '
        'friend to the fishing towns and to the ferry crews."'
    )
    assert got == [("Tomas Orrin", "a friend to the fishing towns and to the ferry crews.")]


def test_a_title_in_the_description_does_not_keep_split_quotes_apart() -> None:
    got = _direct(
        "''She knows how to beat a bully,'' said Ada Warrick, who has often borne the brunt of Mr. Vell's "
        "radio attacks. ''She does not whine. She does not run to the radio.''"
    )
    assert got == [
        ("Ada Warrick", "She knows how to beat a bully, She does not whine. She does not run to the radio.")
    ]


def test_a_participle_that_says_nothing_between_two_parts_joins_them() -> None:
    got = _direct('"These people know words," said Brad Oslund, speaking of politicians, "and leave room."')
    assert got == [("Brad Oslund", "These people know words, and leave room.")]


def test_a_saying_participle_between_two_parts_is_a_second_statement() -> None:
    got = _direct('"We will sail," Ada Vell said, adding, "but not today."')
    assert [t for _, t in got] == ["We will sail,", "but not today."]


def test_a_second_part_with_a_cue_of_its_own_is_not_joined() -> None:
    got = _direct(
        'Ada Kunstler spoke on Monday. "His temper is short," she said, but for all the heat, '
        '"I think he will do it," said Kunstler.'
    )
    assert [t for _, t in got] == ["His temper is short,", "I think he will do it,"]


@pytest.mark.parametrize(
    ("body", "speaker", "cue"),
    [
        (
            "Tomas Orrin will back Ada Vell before the convention, predicted Mira Kunstler, the former "
            "governor challenged by Orrin years ago.",
            "Mira Kunstler",
            "predicted",
        ),
        ("The harbour will close by May, declared the mayor, Ada Vell.", "Ada Vell", "declared"),
    ],
)
def test_more_cues_read_inverted_after_their_content(body: str, speaker: str, cue: str) -> None:
    got = _indirect(body)
    assert [g[:2] for g in got] == [(speaker, cue)]


def test_an_inverting_cue_with_its_object_after_a_subject_reads_forward() -> None:
    assert _indirect("Ada Vell, the mayor, declared a state of emergency.") == [
        ("Ada Vell", "declared", "a state of emergency")
    ]


def test_an_elided_year_opens_no_quote() -> None:
    # "in ‘08": the opening single mark is an apostrophe, so the quotes after it pair as printed.
    body = (
        "Rep. Hal Jansson said in ‘08 that voters had thrown old assumptions into doubt. “People sense a "
        "change. It opens their eyes,” he said. “It puts an end to the ‘finger pointing’ for good.”"
    )
    assert _direct(body) == [
        (
            "Hal Jansson",
            "People sense a change. It opens their eyes, It puts an end to the ‘finger pointing’ for good.",
        )
    ]


def test_a_short_label_after_a_naming_verbs_object_stays_reported() -> None:
    got = run('Jeff Ubbeson called the chief executive, Mira Pell, "incredibly driven" on Monday.')
    assert [(st.kind, st.text) for st in got] == [
        ("indirect", 'the chief executive, Mira Pell, "incredibly driven"')
    ]


def test_an_as_clause_attributes_the_whole_main_clause() -> None:
    got = _indirect(
        "As the Harbour Courier reported, even if Vell split the seats with Orrin, she would trail by 200."
    )
    assert got == [
        (
            "Harbour Courier",
            "reported",
            "even if Vell split the seats with Orrin, she would trail by 200",
        )
    ]


def test_a_pronouns_aside_inside_the_content_does_not_end_it() -> None:
    got = _indirect("Tomas Orrin lamented the old days when, he said, sailors were treated more harshly.")
    assert got == [
        ("Tomas Orrin", "lamented", "the old days when, he said, sailors were treated more harshly")
    ]


def test_an_aside_right_after_the_cue_is_not_inside_a_content() -> None:
    got = _indirect("Tomas Orrin hoped, he said, that the council would drop such plans.")
    assert [t for _, _, t in got] != ["he said, that the council would drop such plans"]
