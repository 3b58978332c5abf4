"""Statements table page: every matching statement in the link's sort order, with CSV and JSON downloads."""

import numpy as np

from components import data as store_data
from components import detail, downloads, notices, page, statements_table
from quoteline.query.order import sort_rows

ctx = page.begin("table", "Statements")
rows = np.concatenate([ctx.selection.dated, ctx.selection.undated])
notices.counts(ctx.corpus, ctx.selection.dated, ctx.selection.undated)
if len(ctx.corpus) == 0 or rows.size == 0:
    notices.empty(ctx.corpus, ctx.view.filters, rows)
else:
    # One order for the table and the downloads: the link's sort, over every matching statement.
    ordered = sort_rows(ctx.corpus, rows, ctx.view.sort, ctx.view.descending)
    downloads.render(ctx.corpus, ordered)
    statements_table.sort_controls()
    statements_table.render(
        ctx.corpus, ordered, key="statements_table", urls=store_data.article_urls(), header_sort=True
    )
detail.render(ctx.corpus)
