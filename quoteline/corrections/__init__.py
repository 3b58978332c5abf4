"""Corrections: analysts fix what the extractor got wrong, as an append-only log in the store.

``edit`` makes corrections (statement fields, deletions, added statements, article fields, speaker merges,
undo); ``values`` validates every value; ``redate`` re-derives dates when an article's publication date
changes; ``log`` lists, filters and exports the log and finds orphaned entries; ``gold`` writes corrected
articles as gold files. The store applies the log on read (``quoteline.store.overlay``). See
docs/CORRECTIONS.md.
"""

from quoteline.corrections.values import CorrectionError

__all__ = ["CorrectionError"]
