"""Reported speech: a reporting cue, its subject and its content clause ("Lukashenko denied that ...",
"Biden reaffirmed the United States' support for ...", "according to X, ..."), plus agentless passives.

A quote of five or more words inside the content is a mixed quote: it becomes a direct statement of the
same speaker, and the reported statement is kept only when the quote is a minor part of it. Shorter
quoted fragments simply stay inside the reported content.

Modules: `drafts` (the per-sentence loop), `content_start` / `content_end` / `content_checks` (the
content of a forward cue), `content_first` ("CONTENT, X said"), `according_to`, `subjects` (labels,
documents, joint statements), `mixed` (quotes inside reported content), `passive` (readout passives),
`text_scan` (shared helpers).
"""

from quoteline.extract.reported.drafts import reported_drafts

__all__ = ["reported_drafts"]
