"""How a cue's subject becomes its speaker(s): a table of small resolvers, one per kind of subject, tried in
the order stated here once.

A subject is either a phrase the cue has ("she", "the two leaders", "Ada Vell") or none of its own, when the
cue shares another clause's subject (a participle, "..., saying"). Each resolver returns the speakers, an
empty list when the subject is no one's (which ends the search: unresolved beats wrong), or None to pass the
subject to the next resolver. The last resolver of each table always answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from quoteline.extract.clauses import Subject
from quoteline.extract.model import Speaker
from quoteline.extract.subjects import inherited, phrases

if TYPE_CHECKING:
    from quoteline.extract.context import Context

_T = TypeVar("_T")
Resolver = Callable[["Context", _T], "list[Speaker] | None"]

# A cue with no subject of its own, tried at the cue's position.
INHERITED: tuple[Resolver[int], ...] = (
    inherited.earlier_cue_subject,  # "Vell said A, adding B"
    inherited.main_clause_subject,  # "When Orrin spoke, Vell rose, saying ..."
    inherited.sentence_speaker,  # the speaker this sentence's own subject resolved to
    inherited.opening_named_subject,  # "Crew member Flint shared the news, writing "..."" (no known name)
    inherited.sentence_opener,  # the person the sentence opens with
    inherited.opening_description,  # "The Drevnian leader, speaking in the capital, said ..."
    inherited.opening_body,  # "The Courier intervened, arguing ...": that body or no one
    inherited.thing_in_a_state,  # "the lull has downsides, suggesting ...": no one
    inherited.speaker_in_focus,  # the speaker in focus, if any
)

# A subject phrase, read once (``phrases.Phrase``).
PHRASE: tuple[Resolver[phrases.Phrase], ...] = (
    phrases.they,  # the state side, the pair, or the institution just spoken
    phrases.it,  # the institution just spoken, or the body just named
    phrases.joined_states,  # "Tarsenia and Lusmark welcomed ...": each state
    phrases.office_holders,  # "the presidents of A and B", every holder known
    phrases.joint_subject,  # "the two leaders": the article's own pair
    phrases.group_as_written,  # "the presidents of A and B", a holder unknown
    phrases.city_as_modifier,  # "the Halvik attacks": a modifier, no one
    phrases.named_or_described,  # staff, honorific, name, description, pronoun, body
)


def _first(table: tuple[Resolver[_T], ...], ctx: Context, arg: _T) -> list[Speaker]:
    for resolver in table:
        found = resolver(ctx, arg)
        if found is not None:
            return found
    return []


def resolve(ctx: Context, subj: Subject) -> list[Speaker]:
    """The speaker(s) of a subject; a joint subject ("the two leaders") gives two, no one gives none."""
    if subj.kind == "inherit":
        return _first(INHERITED, ctx, subj.start)
    if subj.kind != "phrase":
        return []
    return _first(PHRASE, ctx, phrases.Phrase.read(ctx, subj))
