"""A capitalised run is not a person's name when it opens on a function word the sentence start capitalised
("Most Coastal states", "Several Tolvex executives") or ends on a group that speaks as many ("Harbour
Democrats", "Tarsenian Americans", "Dock Workers"). Such a run must neither speak as one person nor take the
"he" or "she" of a later quote from the person the text is about."""

from __future__ import annotations

import pytest
from extract_helpers import run

from quoteline.extract.mentions import group_word


@pytest.mark.parametrize("word", ["Democrats", "Republicans", "Workers", "Americans", "Tarsenians", "Voters"])
def test_a_plural_group_or_people_ends_a_group_name(word: str) -> None:
    assert group_word(word)


@pytest.mark.parametrize("word", ["Insider", "Analyst", "Sanders", "Ross", "Rivers", "Marsk"])
def test_a_singular_group_noun_or_a_surname_ends_no_group_name(word: str) -> None:
    assert not group_word(word)


def test_a_quantifier_opening_the_sentence_makes_no_person() -> None:
    out = run(
        "Senator Ardo Pellin spoke in Portwick on Monday. He said the region needed new ferries.\n\n"
        "Most Coastal states that vote next week have large fishing fleets.\n\n"
        '"We will all stand together to say that the harbour belongs to everyone," he said.'
    )
    speakers = {st.speaker for st in out}
    assert "Most Coastal" not in speakers
    quote = next(st for st in out if st.text.startswith("We will all stand"))
    assert quote.speaker == "Ardo Pellin"


@pytest.mark.parametrize("subject", ["Several Tolvex executives", "Some Harbour Democrats"])
def test_a_quantified_group_speaks_as_many(subject: str) -> None:
    out = run(f"{subject} said on Tuesday that the ferry fares would rise again.")
    st = next(st for st in out if "ferry fares" in st.text)
    assert st.speaker_type != "person"
    assert st.speaker.split()[0] not in ("Several", "Some")


@pytest.mark.parametrize("group", ["Harbour Democrats", "Tarsenian Americans", "Dock Workers"])
def test_a_run_ending_in_a_group_is_no_person(group: str) -> None:
    out = run(f"{group} said on Tuesday that they would not back the harbour plan.")
    st = next(st for st in out if "harbour plan" in st.text)
    assert st.speaker_type == "unnamed"


def test_a_group_named_between_a_woman_and_her_quote_does_not_take_she() -> None:
    out = run(
        "The coalition also includes Tarsenian Americans for Vell and several other groups.\n\n"
        "Ada Rusk, who chairs the harbour board, said the ferries would run on Sunday. "
        '"They are not part of our plan," she said.'
    )
    quote = next(st for st in out if st.text.startswith("They are not part"))
    assert quote.speaker == "Ada Rusk"


@pytest.mark.parametrize("opener", ["But", "And", "Or"])
def test_a_conjunction_opening_the_sentence_is_no_word_of_the_group(opener: str) -> None:
    # The sentence start capitalises the conjunction, so it reads as part of the capitalised subject.
    out = run(f"{opener} Harbour Democrats said on Tuesday that they would not back the ferry plan.")
    st = next(st for st in out if "ferry plan" in st.text)
    assert st.speaker == "Harbour Democrats"


def test_a_conjunction_opening_the_sentence_is_no_word_of_a_name() -> None:
    out = run(
        "Ada Rusk chairs the harbour board in Portwick.\n\n"
        "But Ada Rusk said on Tuesday that the ferry plan would cost the town its fishing fleet."
    )
    st = next(st for st in out if "ferry plan" in st.text)
    assert st.speaker == "Ada Rusk"
