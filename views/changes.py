"""What changed: where a speaker's line on a topic shifted, with the statements on either side."""

from components import data as store_data
from components import detail, notices, page, shifts

ctx = page.begin("changes", "What changed")
if not notices.empty(ctx.corpus, ctx.view.filters, ctx.selection.dated):
    shifts.render(ctx.corpus, ctx.selection.dated, store_data.article_urls())
detail.render(ctx.corpus)
