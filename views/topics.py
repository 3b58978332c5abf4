"""Topic timeline page: one swimlane per topic, plus speaker and topic volume heatmaps."""

from components import data as store_data
from components import detail, heatmaps, notices, page, timeline, undated

ctx = page.begin("topics", "Topic timelines")
notices.counts(ctx.corpus, ctx.selection.dated, ctx.selection.undated)
if not notices.empty(ctx.corpus, ctx.view.filters, ctx.selection.dated):
    timeline.render(ctx.corpus, ctx.selection.dated, "topic", ctx.view.colour, key="topic_chart")
    heatmaps.render(ctx.corpus, ctx.selection.dated, ctx.view.grain, ctx.lens)
undated.render(ctx.corpus, ctx.selection.undated)
store_data.warm(ctx.corpus)  # after the charts: text and ids for the next search or click
detail.render(ctx.corpus)
