"""Statements table page: every matching statement, sortable, with CSV and JSON downloads."""

import numpy as np

from components import data as store_data
from components import detail, downloads, notices, page, statements_table

ctx = page.begin("table", "Statements")
rows = np.concatenate([ctx.selection.dated, ctx.selection.undated])
notices.counts(ctx.corpus, ctx.selection.dated, ctx.selection.undated)
if len(ctx.corpus) == 0 or rows.size == 0:
    notices.empty(ctx.corpus, ctx.view.filters, rows)
else:
    downloads.render(ctx.corpus, rows)
    statements_table.sort_controls()
    statements_table.render(
        ctx.corpus,
        rows,
        key="statements_table",
        urls=store_data.article_urls(),
        sort=ctx.view.sort,
        descending=ctx.view.descending,
    )
detail.render(ctx.corpus)
