"""Colours and marker shapes the charts use, fixed per topic and per stance.

A topic has the same colour on every chart, whatever else is shown, so "energy" is recognised at a glance.
The colours come from palettes designed to stay apart for colour-blind readers: Okabe and Ito's eight, and
Paul Tol's "muted" set. Sixteen topics are more than any such palette can keep apart by colour alone, so each
topic also has a marker shape, and topics whose colours are close get different shapes.
"""

from __future__ import annotations

import hashlib
from typing import Final

# Okabe-Ito (2008) and Paul Tol's "muted" scheme, without yellow and pale grey: they vanish on white.
OKABE_ITO: Final = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#000000")
TOL_MUTED: Final = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255")
TOL_EXTRA: Final = ("#AA4499", "#661100")
SHAPES: Final = ("circle", "square", "diamond", "triangle-up")
GREY: Final = "#999999"  # "(no topic)", "neutral" and "other speakers": present, but not a category to read

# Topic id (data/topics.yaml) -> (colour, shape). Topics that often share a statement differ in colour
# family: security/conflict_peace/arms_control, economy_trade/sanctions/energy, alignment/terrorism.
TOPIC_STYLE: Final[dict[str, tuple[str, str]]] = {
    "security": ("#0072B2", "circle"),
    "conflict_peace": ("#D55E00", "circle"),
    "arms_control": ("#332288", "diamond"),
    "alignment": ("#44AA99", "square"),
    "sovereignty": ("#882255", "circle"),
    "diplomacy": ("#56B4E9", "diamond"),
    "elections": ("#CC79A7", "circle"),
    "governance": ("#999933", "square"),
    "energy": ("#E69F00", "circle"),
    "economy_trade": ("#009E73", "circle"),
    "sanctions": ("#000000", "square"),
    "human_rights": ("#AA4499", "triangle-up"),
    "migration": ("#DDCC77", "diamond"),
    "climate_environment": ("#117733", "triangle-up"),
    "health": ("#CC6677", "square"),
    "terrorism": ("#661100", "triangle-up"),
}
NO_TOPIC_STYLE: Final = (GREY, "circle")
_SPARE: Final = tuple((c, s) for s in SHAPES for c in (*OKABE_ITO, *TOL_MUTED))

# Stances: Okabe-Ito, with neutral grey. Warm tones for hostile stances, cool ones for conciliatory ones.
STANCE_COLOURS: Final[dict[str, str]] = {
    "assurance": "#009E73",
    "denial": "#CC79A7",
    "admission": "#44AA99",
    "rejection": "#D55E00",
    "criticism": "#E69F00",
    "threat": "#000000",
    "demand": "#0072B2",
    "praise": "#56B4E9",
    "neutral": GREY,
}
# Leaders when markers are coloured by speaker: the busiest few get a colour, the rest share grey.
LEADER_COLOURS: Final = OKABE_ITO
OTHER_SPEAKERS: Final = "(other speakers)"


def topic_style(topic: str) -> tuple[str, str]:
    """The colour and marker shape of a topic id; a topic the table does not know gets a stable spare one."""
    if topic in TOPIC_STYLE:
        return TOPIC_STYLE[topic]
    if topic.startswith("("):  # "(no topic)"
        return NO_TOPIC_STYLE
    # A topic an analyst added: the same spare style in every process (Python's own hash is salted).
    digest = int(hashlib.sha1(topic.encode("utf-8")).hexdigest(), 16)
    return _SPARE[digest % len(_SPARE)]


def stance_colour(stance: str) -> str:
    """The colour of a stance (grey for an unknown one)."""
    return STANCE_COLOURS.get(stance, GREY)


def leader_colours(leaders: list[str]) -> dict[str, str]:
    """Colours for the given speakers (busiest first); past the palette, and "other speakers", are grey."""
    return {
        name: LEADER_COLOURS[i] if i < len(LEADER_COLOURS) and name != OTHER_SPEAKERS else GREY
        for i, name in enumerate(leaders)
    }
