"""Where an object content ends (content_end._object_end): before a dash no second dash closes, a clause
of its own after "and"/"but", an -ing coordinate, a subordinate clause, or an occasion; a said-content
keeps its own dashes and coordinates."""

from __future__ import annotations

import pytest
from extract_helpers import run


def _texts(body: str, cue: str) -> list[str]:
    return [st.text for st in run(body) if st.kind == "indirect" and st.cue == cue]


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        (
            "Ada Vellmar rejected the Halvik ferry levy — one of the biggest goals of the harbour board.",
            "rejected",
            "the Halvik ferry levy",
        ),
        (
            "Ada Vellmar called on the harbour board to drop the levy, but Portwick shipowners were not the "
            "only ones worried.",
            "called on",
            "the harbour board to drop the levy",
        ),
        (
            'Ada Vellmar has called the levy "unfair," and her allies have made a major effort to repeal it.',
            "called",
            'the levy "unfair,"',
        ),
        (
            "Ada Vellmar has been a fierce critic, attacking Orrin Halde and visiting the ferry crews at the "
            "quay.",
            "attacking",
            "Orrin Halde",
        ),
        (
            "Ada Vellmar criticized Orrin Halde during a rally on Friday in Portwick.",
            "criticized",
            "Orrin Halde",
        ),
        (
            "Ada Vellmar declared her support after arriving at the quay unsure of the plan.",
            "declared",
            "her support",
        ),
    ],
)
def test_object_content_ends_before_the_subjects_next_act(body: str, cue: str, text: str) -> None:
    assert _texts(body, cue) == [text]


@pytest.mark.parametrize(
    ("body", "cue", "text"),
    [
        # A bare clause keeps its coordinated subject, and a reason stays with what was stressed.
        (
            "Ada Vellmar agreed Portwick and Halvik will keep the ferry running until the spring thaw.",
            "agreed",
            "Portwick and Halvik will keep the ferry running until the spring thaw",
        ),
        (
            "Ada Vellmar stressed the importance of open piers because closing them hurts the fishing crews.",
            "stressed",
            "the importance of open piers because closing them hurts the fishing crews",
        ),
        # A said-content is a clause: its own dashes and coordinates stay.
        (
            "Ada Vellmar said the pier - there were two, in fact - was never closed.",
            "said",
            "the pier - there were two, in fact - was never closed",
        ),
        # A dash a second dash closes is an aside inside the content.
        (
            "Ada Vellmar urged every skipper to list the costs — including the fuel — of each crossing.",
            "urged",
            "every skipper to list the costs — including the fuel — of each crossing",
        ),
        # An occasion inside "described X during Y as Z" leaves the description whole.
        (
            "Ada Vellmar described the levy during a Tuesday debate as a tax on islanders.",
            "described",
            "the levy during a Tuesday debate as a tax on islanders",
        ),
    ],
)
def test_content_kept_whole(body: str, cue: str, text: str) -> None:
    assert _texts(body, cue) == [text]
