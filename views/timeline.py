"""Leader timeline page: one swimlane per leader, a marker per statement, click for the detail."""

from components import data as store_data
from components import detail, notices, page, timeline, undated

ctx = page.begin("timeline", "Leader timelines")
notices.counts(ctx.corpus, ctx.selection.dated, ctx.selection.undated)
if not notices.empty(ctx.corpus, ctx.view.filters, ctx.selection.dated):
    timeline.render(
        ctx.corpus, ctx.selection.dated, "leader", ctx.view.colour, key="leader_chart", span=ctx.span
    )
undated.render(ctx.corpus, ctx.selection.undated)
store_data.warm(ctx.corpus)  # after the charts: text and ids for the next search or click
detail.render(ctx.corpus)
