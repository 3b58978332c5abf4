"""Facts of the annotation convention (ANNOTATION.md) that tests check the project against.

Written out here, not read from data/topics.yaml, so a test fails if the taxonomy drops one of them.
"""

from __future__ import annotations

# The 16 topic ids every statement's topics are drawn from.
ANNOTATION_TOPIC_IDS: tuple[str, ...] = (
    "security",
    "conflict_peace",
    "arms_control",
    "alignment",
    "sovereignty",
    "diplomacy",
    "elections",
    "governance",
    "energy",
    "economy_trade",
    "sanctions",
    "human_rights",
    "migration",
    "climate_environment",
    "health",
    "terrorism",
)
