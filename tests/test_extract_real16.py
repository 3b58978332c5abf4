"""Mechanisms found reading the real corpus (session 16): Markdown links in official releases, joint
statements of states, and a role word that is a clause's subject rather than the title of the name after it.
All names, bodies and places are invented (Tarsenia and Lusmark are the test gazetteer's invented states)."""

from __future__ import annotations

from extract_helpers import by_text, run

from quoteline.extract.text import link_text


def test_a_link_is_read_as_its_label() -> None:
    body = (
        "The Harbour Agency announced [$40 million](https://example.org/press/harbour-grants) for new "
        "breakwaters in Portwick.\n\n"
        "The Harbour Agency also announced the [Coastal Jobs Fund](https://example.org/fund), which will "
        "train two thousand dock workers.\n"
    )
    out = run(body)
    money = by_text(out, "$40 million")
    assert money.text == "$40 million for new breakwaters in Portwick"
    assert money.speaker == "Harbour Agency"
    # The relative clause after the link stays the writer's, as after any object.
    assert by_text(out, "Coastal Jobs Fund").text == "the Coastal Jobs Fund"


def test_a_link_cut_by_a_statement_keeps_only_words() -> None:
    assert link_text("Harbour Fund](https://example.org/x) that will help") == "Harbour Fund that will help"
    assert link_text("referrals to the [Harbour") == "referrals to the Harbour"
    assert link_text("nearly $5 billion](https://example.org/a-b") == "nearly $5 billion"
    # An editor's bracket with no address after it is no link.
    assert link_text("proceed under [the] umbrella") == "proceed under [the] umbrella"


def test_joint_statement_of_two_states_gives_each_state() -> None:
    body = (
        "The talks ended in Kamengrad on Monday.\n\n"
        "Tarsenia and Lusmark reaffirm that the harbour must stay open to all ships.\n\n"
        "Tarsenia and Lusmark welcomed the opening of the new customs office.\n"
    )
    out = run(body)
    harbour = [s for s in out if "stay open" in s.text]
    assert sorted(s.speaker for s in harbour) == ["Lusmark", "Tarsenia"]
    assert all(s.cue == "reaffirm" for s in harbour)
    office = [s for s in out if "customs office" in s.text]
    assert sorted(s.speaker for s in office) == ["Lusmark", "Tarsenia"]


def test_states_named_after_a_preposition_or_as_peoples_are_no_joint_subject() -> None:
    body = (
        "The talks ended in Kamengrad on Monday.\n\n"
        "The delegations of Tarsenia and Lusmark clarified the details of the harbour corridors.\n"
    )
    assert all(s.speaker not in ("Tarsenia", "Lusmark") for s in run(body))


def test_an_uninflected_verb_after_other_subjects_stays_no_cue() -> None:
    # Only names joined by "and" opening the sentence read like a joint statement's "we".
    body = "Exports from Tarsenia and Lusmark reaffirm the trend of the last decade.\n"
    assert run(body) == []
    # A capitalised word after the pair goes on with a name: "State" is no verb there.
    body = "National Artist of Lusmark and Tarsenia State Prize winner Ivo Vell died in Portwick on May 3.\n"
    assert run(body) == []


def test_a_role_that_is_a_clause_subject_does_not_title_the_name_after_it() -> None:
    # "a wreath from the President was laid at the Harbour Memorial Complex": the role is the subject of the
    # clause, and the capitalised run after the verb is a place, never a president.
    body = (
        "On Sailors' Day, a wreath from the President was laid at the Harbour Memorial Complex in Portwick. "
        "“Time cannot erase the courage of our sailors,” said Elias Marant. "
        "The President stressed that the sailors of the coast would never be forgotten.\n"
    )
    out = run(body, title="President of Tarsenia honoured the sailors of the coast")
    assert by_text(out, "never be forgotten").speaker == "Elias Marant"
