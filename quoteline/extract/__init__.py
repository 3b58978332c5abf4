"""Statement extraction: article text in, dated and attributed statements out.

Public API:
- ``extract_statements(text, published=None, article_id=None) -> list[Statement]``
- ``extract_frame(text, published=None, article_id=None) -> pandas.DataFrame`` (validated by ``schema``)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quoteline.extract.model import Statement
from quoteline.extract.pipeline import extract_statements

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Statement", "extract_frame", "extract_statements", "statements_frame"]


def statements_frame(statements: list[Statement]) -> pd.DataFrame:
    """A validated statements frame (exactly ``schema.EXTRACT_COLUMNS``) from Statement records."""
    import pandas as pd

    from quoteline import schema

    rows = [s.to_dict() for s in statements]
    if not rows:
        return schema.validate_statements(schema.empty_statements())
    df = pd.DataFrame(rows, columns=list(schema.EXTRACT_COLUMNS))
    for col in (schema.S.cue_start, schema.S.cue_end):
        df[col] = df[col].astype("Int64")
    return schema.validate_statements(df)


def extract_frame(text: str, published: str | None = None, article_id: str | None = None) -> pd.DataFrame:
    """Statements of one article as a validated DataFrame with exactly ``schema.EXTRACT_COLUMNS``."""
    return statements_frame(extract_statements(text, published=published, article_id=article_id))
