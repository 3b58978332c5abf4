"""Documents named as speakers: a plan, a law, an order or a declaration speaks for whoever issued it.

ANNOTATION.md's speaker is a person or an institution speaking as one, and the dev gold gives a document's
words to its issuer ("a UN report concluded" is the United Nations', "the Turkish statement called for" the
Turkish Presidency's); a document no issuer stands behind ("The United States Constitution specifies") is at
most optional. The resolver, reading "The Budget proposes ..." or "the plan calls on ..." as a body named by
its kind, can land on the document itself ("President's Budget", "Bipartisan Infrastructure Law",
"Clean Energy Transformation Compact"): such a statement goes to the document's possessive owner when the
article names who that is, and is left out otherwise.
"""

from __future__ import annotations

import re

from quoteline.extract import kb
from quoteline.extract.context import Context
from quoteline.extract.entities import Entity
from quoteline.extract.model import Draft, Speaker
from quoteline.extract.text import word_set
from quoteline.knowledge.normalize import fold

# Head nouns of documents: the last word of a name that is a text, not a body. Left out: "Report" (the
# Drudge Report, Consumer Reports are outlets), "Program" and "Initiative" (often bodies: the UN World Food
# Program, the Nuclear Threat Initiative), "Convention" (an assembly as often as a treaty), "Bill" (a name).
_DOCUMENT_HEADS = word_set(
    """budget order law act plan compact charter amendment constitution declaration treaty agreement accord
    accords strategy memorandum framework roadmap decree proclamation resolution directive"""
)
# "Office of Management and Budget", "Center for Mental Health Law": a body named after its field.
_CONNECTORS = word_set("of for and on to")
_OWNER_RE = re.compile(r"^(?P<owner>.+?)['’]s?\s+(?P<rest>\S.*)$")


def document_owner(name: str) -> tuple[bool, str | None]:
    """(whether ``name`` names a document, the possessive owner it prints or None)."""
    words = name.split()
    if not words or words[-1].lower() not in _DOCUMENT_HEADS or any(w.lower() in _CONNECTORS for w in words):
        return False, None
    m = _OWNER_RE.match(name)
    owner, rest = (m.group("owner"), m.group("rest").split()) if m else (None, words)
    if not all(w[:1].isupper() or w[:1].isdigit() for w in rest):
        return False, None
    if len(rest) >= 2 and fold(rest[0]) in kb.given_name_table():
        return False, None  # "Nathan Law", "Richard Charter": a person
    return True, owner


def issued(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """``drafts`` with each statement whose speaker is a document given to the document's owner, or left
    out when no owner the article names stands behind it."""
    out: list[Draft] = []
    for d in drafts:
        is_document, owner = document_owner(d.speaker.name)
        if not is_document:
            out.append(d)
            continue
        found = ctx.registry.resolve_entity(owner, d.start, None) if owner else None
        speaker = found.speaker() if isinstance(found, Entity) else found
        if isinstance(speaker, Speaker) and speaker.type != "unnamed" and not document_owner(speaker.name)[0]:
            d.speaker = speaker
            out.append(d)
    return out
