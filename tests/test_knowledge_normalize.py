"""Text folding of the knowledge layer: the fast paths give what the plain definition gives."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from quoteline.knowledge import normalize

# Characters the folding treats specially, mixed with arbitrary text.
PIECES = st.sampled_from(
    ["-", "`", "\u2019", "\u2014", "\u00ad", "e\u0301", "\u00e9", "\u0130", " \t\n", "\u01c4", "\ufb01"]
)
TEXT = st.lists(st.one_of(st.text(max_size=12), PIECES), max_size=25).map("".join)


def _plain_fold(text: str) -> str:
    """The definition: decompose, drop combining marks, map apostrophes and dashes, lower-case, one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = text.translate(normalize._APOSTROPHES).translate(normalize._DASHES).lower()
    return re.sub(r"\s+", " ", text).strip()


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_fold_is_its_plain_definition(text: str) -> None:
    assert normalize.fold.__wrapped__(text) == _plain_fold(text)


def test_fold_strips_marks_dashes_and_spacing() -> None:
    assert normalize.fold("  Ivo  Ve\u0301lmar\u2019s  HARBOUR\u2014ferry-line `pier`\n") == (
        "ivo velmar's harbour ferry line 'pier'"
    )
    assert normalize.strip_accents("Zo\u00eb Br\u00e5then") == "Zoe Brathen"
