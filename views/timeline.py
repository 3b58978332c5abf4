"""Leader timeline page: one swimlane per speaker (the busiest, or those chosen), click for the detail."""

from components import data as store_data
from components import detail, lens, notices, page, timeline, undated, zoom
from quoteline.query.lens import rows_in_lens

ctx = page.begin("timeline", "Leader timelines")
notices.counts(ctx.corpus, ctx.selection.dated, ctx.selection.undated)
if not notices.empty(ctx.corpus, ctx.view.filters, ctx.selection.dated):
    drawn = rows_in_lens(ctx.corpus, ctx.selection.dated, ctx.lens)
    zoom.render(ctx, key="leader_zoom")
    timeline.render(
        ctx.corpus, drawn, "leader", ctx.view.colour, key="leader_chart", span=ctx.span, view=ctx.view
    )
    lens.render(ctx.lens, key="more_leader_lanes")
undated.render(ctx.corpus, ctx.selection.undated)
store_data.warm(ctx.corpus)  # after the charts: text and ids for the next search or click
detail.render(ctx.corpus)
