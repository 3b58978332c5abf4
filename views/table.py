"""Statements table page: every matching statement in the link's sort order, a page at a time, with CSV and
JSON downloads of them all."""

from components import data as store_data
from components import detail, downloads, notices, page, statements_table, table_pages
from quoteline.query.order import table_order

ctx = page.begin("table", "Statements")
notices.counts(ctx.corpus, ctx.selection.dated, ctx.selection.undated)
if len(ctx.corpus) == 0 or ctx.selection.total == 0:
    notices.empty(ctx.corpus, ctx.view.filters, ctx.selection.dated)
else:
    # One order for the table and the downloads: the link's sort, over every matching statement.
    ordered = table_order(ctx.corpus, ctx.view.filters, ctx.view.sort, ctx.view.descending, ctx.selection)
    downloads.render(ctx.corpus, ordered, ctx.view)
    statements_table.sort_controls()
    # Only the page's rows go on: frame_of reads their display columns (from the lake, by id, on a store
    # past lake_rows_min_statements), never the whole selection's.
    # The selected statement: followed to its page when it was chosen elsewhere, and highlighted in the grid.
    at = table_pages.selected_position(ctx.corpus, ordered, ctx.view.selected)
    view = table_pages.follow_selection(ctx.view, at, ctx.opens_at_selection)
    asked = ctx.table_page_asked if view is ctx.view else None
    start, stop = table_pages.render(view, len(ordered), asked, selected_at=at)
    urls = store_data.article_urls()
    page_rows = ordered[start:stop]
    statements_table.render(
        ctx.corpus,
        page_rows,
        key="statements_table",
        urls=urls,
        header_sort=True,
        selected=view.selected,
    )
detail.render(ctx.corpus)
