"""Fixed topic colours, colouring by speaker, plurals and the store-holdings sentence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import synthetic_frame
from components.charts import marker_styles, timeline_figure
from quoteline.knowledge import topics as topic_knowledge
from quoteline.query import Corpus
from quoteline.query import aggregate as agg
from quoteline.query.holdings import Holdings, describe, holdings
from quoteline.query.palette import (
    GREY,
    OKABE_ITO,
    OTHER_SPEAKERS,
    STANCE_COLOURS,
    TOL_EXTRA,
    TOL_MUTED,
    TOPIC_STYLE,
    topic_style,
)
from quoteline.query.text import plural
from quoteline.schema import STANCES, S

SAFE = {*OKABE_ITO, *TOL_MUTED, *TOL_EXTRA, GREY}


def _taxonomy() -> list[str]:
    return list(topic_knowledge.load().topics)


def test_every_taxonomy_topic_has_its_own_fixed_style() -> None:
    ids = _taxonomy()
    assert set(ids) <= set(TOPIC_STYLE), "a topic of data/topics.yaml has no entry in TOPIC_STYLE"
    styles = [TOPIC_STYLE[t] for t in ids]
    assert len(set(styles)) == len(styles), "two topics share a colour and a shape"
    assert {colour for colour, _ in styles} <= SAFE
    assert all(colour != GREY for colour, _ in styles)  # grey means "no topic"


def test_stance_colours_are_colour_blind_safe_and_distinct() -> None:
    assert set(STANCE_COLOURS) == set(STANCES)
    assert set(STANCE_COLOURS.values()) <= SAFE
    assert len(set(STANCE_COLOURS.values())) == len(STANCES)


def test_a_topic_keeps_its_style_whatever_else_is_shown() -> None:
    alone = marker_styles("topic", ["energy"])
    crowd = marker_styles("topic", sorted(TOPIC_STYLE, reverse=True))
    assert alone["energy"] == crowd["energy"] == TOPIC_STYLE["energy"]
    # A topic an analyst adds gets a spare style that does not depend on the process or the order.
    assert topic_style("glacier_rights") == topic_style("glacier_rights")
    assert topic_style("(no topic)")[0] == GREY


def test_figure_colours_follow_the_topic_not_its_position() -> None:
    corpus = Corpus.from_frame(synthetic_frame(400, seed=9))
    rows = np.flatnonzero(~np.isnan(corpus.frame["day"].to_numpy()))
    every, _ = timeline_figure(corpus, rows, "leader", "topic")
    few, _ = timeline_figure(corpus, rows[:25], "leader", "topic")
    colours = {t["name"]: t["marker"]["color"] for t in every["data"]}
    for trace in few["data"]:
        assert trace["marker"]["color"] == colours[trace["name"]]


def test_colouring_by_speaker_names_the_busiest_and_greys_the_rest() -> None:
    names = ["Wren Alder"] * 5 + ["Ivo Marsh"] * 3 + [f"Quiet {i}" for i in range(12)]
    frame = synthetic_frame(len(names), seed=2)
    frame[S.speaker] = pd.Series(names, dtype="string[pyarrow]")
    corpus = Corpus.from_frame(frame)
    markers = agg.lanes(corpus, np.arange(len(names)), "topic")
    codes, labels = agg.colours(corpus, markers, "leader")
    assert labels[:2] == ("Wren Alder", "Ivo Marsh")
    assert labels[-1] == OTHER_SPEAKERS
    assert len(labels) == len(OKABE_ITO) + 1
    styles = marker_styles("leader", list(labels))
    assert styles[OTHER_SPEAKERS][0] == GREY
    assert styles["Wren Alder"][0] != styles["Ivo Marsh"][0]
    shown = np.asarray(labels, dtype=object)[codes]
    assert (shown == "Wren Alder").sum() >= 5  # every topic marker of her statements


@pytest.mark.parametrize(
    ("lane", "asked", "used"),
    [
        ("topic", "topic", "stance"),  # never colour topic lanes by topic again
        ("topic", "leader", "leader"),
        ("topic", "stance", "stance"),
        ("leader", "leader", "topic"),
        ("leader", "topic", "topic"),
    ],
)
def test_colour_never_repeats_the_lanes(lane: agg.Lane, asked: str, used: str) -> None:
    assert agg.effective_colour(lane, asked) == used


@pytest.mark.parametrize(
    ("count", "noun", "text"),
    [
        (1, "statement", "1 statement"),
        (0, "statement", "0 statements"),
        (2, "speaker", "2 speakers"),
        (12345, "statement", "12,345 statements"),
        (1, "distinct quote", "1 distinct quote"),
    ],
)
def test_plural(count: int, noun: str, text: str) -> None:
    assert plural(count, noun) == text


def test_holdings_name_the_outlets_and_the_sample_share() -> None:
    frame = synthetic_frame(300, seed=4)
    outlets = ["Harbour Daily"] * 200 + ["Quill Weekly"] * 60 + ["Fen Courier (fictional)"] * 40
    frame[S.outlet] = pd.Series(outlets, dtype="string[pyarrow]")
    held = holdings(Corpus.from_frame(frame))
    assert (held.statements, held.fictional) == (300, 40)
    assert list(held.outlets) == ["Harbour Daily", "Quill Weekly"]
    assert not held.only_sample
    text = describe(held)
    assert "260 statements from 2 outlets: Harbour Daily (200), Quill Weekly (60)" in text
    assert "40 statements of the fictional sample" in text


def test_a_sample_only_store_is_only_the_sample() -> None:
    assert Holdings(10, 10, {}, "2024-01-01", "2024-02-01").only_sample
    assert not Holdings(0, 0, {}, None, None).only_sample
    one = describe(Holdings(1, 0, {"Harbour Daily": 1}, "2024-01-01", "2024-01-01"))
    assert one == "This store holds 1 statement from 1 outlet: Harbour Daily (1), dated 2024-01-01."
