"""Topic timeline page: one swimlane per topic, plus leader and topic volume heatmaps."""

from components import detail, heatmaps, notices, page, timeline, undated

ctx = page.begin("topics", "Topic timelines")
notices.counts(ctx.corpus, ctx.selection.dated, ctx.selection.undated)
if not notices.empty(ctx.corpus, ctx.view.filters, ctx.selection.dated):
    timeline.render(ctx.corpus, ctx.selection.dated, "topic", ctx.view.colour, key="topic_chart")
    heatmaps.render(ctx.corpus, ctx.selection.dated, ctx.view.grain)
undated.render(ctx.corpus, ctx.selection.undated)
detail.render(ctx.corpus)
