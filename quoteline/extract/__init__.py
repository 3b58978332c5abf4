"""Statement extraction: article text in, dated and attributed statements out.

Public API:
- ``extract_statements(text, published=None, article_id=None) -> list[Statement]``
- ``extract_frame(text, published=None, article_id=None) -> pandas.DataFrame`` (validated by ``schema``)
"""
