"""Topic timeline page: one swimlane per topic, volume per outlet over time, and volume heatmaps, each in
its own tab. Only the open tab's charts are built and sent (``components.tabs``)."""

from components import data as store_data
from components import detail, heatmaps, notices, page, tabs, timeline, undated, volume, zoom

ctx = page.begin("topics", "Topic timelines")
notices.counts(ctx.corpus, ctx.selection.dated, ctx.selection.undated)
if not notices.empty(ctx.corpus, ctx.view.filters, ctx.selection.dated):
    span = ctx.span  # one time axis for every chart of the page, so that they line up
    zoom.render(ctx, key="topic_zoom")
    open_tab = tabs.render("topics")
    if "lanes" in open_tab:
        with open_tab["lanes"]:
            timeline.render(
                ctx.corpus,
                ctx.selection.dated,
                "topic",
                ctx.view.colour,
                key="topic_chart",
                span=span,
                view=ctx.view,
            )
    if "volume" in open_tab:
        with open_tab["volume"]:
            # The volume lines get only the statements inside the span they draw: a few statements dated a
            # century back would otherwise add thousands of weekly points that lie off the axis (37,636
            # points instead of 2,016 on the real corpus).
            shown = timeline.within(ctx.corpus, ctx.selection.dated, span)
            volume.render(ctx.corpus, shown, ctx.view.grain, span)
    if "heatmaps" in open_tab:
        with open_tab["heatmaps"]:
            heatmaps.render(ctx.corpus, ctx.selection.dated, ctx.view.grain, ctx.lens, span)
undated.render(ctx.corpus, ctx.selection.undated)
store_data.warm(ctx.corpus)  # after the charts: text and ids for the next search or click
detail.render(ctx.corpus)
