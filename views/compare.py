"""Compare page: chosen leaders side by side on one topic."""

from components import compare, detail, notices, page, zoom
from components import data as store_data

ctx = page.begin("compare", "Compare leaders")
topic = compare.pick_topic(ctx.corpus)
if not notices.empty(ctx.corpus, ctx.view.filters, ctx.selection.dated):
    zoom.render(ctx, key="compare_zoom")
    # The lens' limit holds here too: at most `top` speakers side by side.
    leaders = ctx.view.filters.leaders[: ctx.view.top]
    compare.render(ctx.corpus, ctx.selection.dated, leaders, topic, ctx.view.colour, ctx.span)
store_data.warm(ctx.corpus)  # after the charts: text and ids for the next search or click
detail.render(ctx.corpus)
