"""The attribute ruler by table (``ruler_table``): every annotation of the parsed windows is the one spaCy's
own ruler gives, and a pattern the table cannot copy keeps spaCy's ruler.

All sentences are invented.
"""

from __future__ import annotations

from typing import Any

import pytest

from quoteline.extract import parse, ruler_table

# Each exercises other patterns: pronouns and auxiliaries, "there is" (a two-token pattern whose second
# word is set), negation, contractions, subordinators, a run of spaces, a word the ruler lemmatises.
_SENTENCES = [
    "There is no reason to wait, Harbour Master Ilse Varro said on Friday.",
    "“We ain't gonna close the pier,” she told the board, which had asked whether it would.",
    "Tomas Eld, who has run the ferry since 2019, said he didn't know if  the levy   was fair.",
    "Let's be clear: the council does not, and never did, own the quay , Ms. Orrin wrote.",
    "Nobody said anything; everyone knew that once the tide turned there were no boats.",
    "\t Yes  , said the mayor\n of Gull Quay.",
]


def _annotations(doc: Any) -> list[tuple[object, ...]]:
    return [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, str(t.morph), t.lemma_, t.ent_type_) for t in doc]


@pytest.fixture(scope="module")
def pipelines() -> tuple[Any, Any, ruler_table.RulerTable]:
    import spacy

    name = parse.model_name()
    own = spacy.load(name, exclude=list(parse._EXCLUDED_PIPES))
    nlp, table = parse._load(name)
    assert table is not None
    return own, nlp, table


def test_the_loaded_pipeline_leaves_the_ruler_to_the_table(pipelines: tuple[Any, Any, Any]) -> None:
    _own, nlp, _table = pipelines
    assert parse._RULER not in nlp.pipe_names
    assert parse._RULER in nlp.disabled


def test_the_table_gives_every_annotation_the_ruler_gives(pipelines: tuple[Any, Any, Any]) -> None:
    own, nlp, table = pipelines
    for text in _SENTENCES:
        expected = _annotations(own(text))
        assert _annotations(table(nlp(text))) == expected, text


def test_coarse_tags_come_from_the_table(pipelines: tuple[Any, Any, Any]) -> None:
    _own, nlp, table = pipelines
    doc = table(nlp("There is a storm, she said."))
    pos = {t.text: t.pos_ for t in doc}
    assert pos["she"] == "PRON"
    assert pos["is"] == "VERB"  # "is" after an expletive "there": the ruler's two-token pattern
    assert pos[","] == "PUNCT"


class _FakeRuler:
    def __init__(self, patterns: list[dict[str, Any]]) -> None:
        self.patterns = patterns
        self.attrs = [p["attrs"] for p in patterns]


def test_a_pattern_with_an_operator_keeps_spacys_ruler() -> None:
    ruler = _FakeRuler([{"patterns": [[{"LOWER": "quay", "OP": "+"}]], "attrs": {"POS": "NOUN"}, "index": 0}])
    assert ruler_table.compile_ruler(ruler) is None


def test_a_pattern_on_another_attribute_keeps_spacys_ruler() -> None:
    ruler = _FakeRuler([{"patterns": [[{"ENT_TYPE": "PERSON"}]], "attrs": {"POS": "PROPN"}, "index": 0}])
    assert ruler_table.compile_ruler(ruler) is None
