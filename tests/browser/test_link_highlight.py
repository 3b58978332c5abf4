"""In Chromium: a link that names a statement opens with that statement's marker highlighted, in a fresh
browser that never clicked it."""

from __future__ import annotations

from urllib.parse import urlencode

from playwright.sync_api import Page, expect

from quoteline.schema import S
from quoteline.store import Store

from .harness import Server, markers_js, wait_for_app

TIMELINE = "[data-testid='stPlotlyChart'] .js-plotly-plot"
# Each marker of the first timeline: its statement id and its drawn opacity (Plotly dims unselected points).
OPACITY_JS = markers_js("{id: cd[0].trace.customdata[i], opacity: parseFloat(getComputedStyle(el).opacity)}")


def test_a_linked_statement_is_highlighted_on_the_timeline(server: Server, page: Page) -> None:
    frame = Store(server.store_dir).statements()
    dated = frame[frame[S.date].notna() & frame[S.date].str.len().eq(10)]
    leader = str(dated[S.speaker].value_counts().index[0])
    chosen = str(dated[dated[S.speaker] == leader][S.statement_id].iloc[0])
    page.goto(f"{server.url}/?{urlencode({'page': 'timeline', 'leader': leader, 'sel': chosen})}")
    wait_for_app(page)
    plot = page.locator(TIMELINE).first
    expect(plot).to_be_visible()
    points = {str(p["id"]): float(p["opacity"]) for p in plot.evaluate(OPACITY_JS)}
    assert chosen in points
    others = [o for sid, o in points.items() if sid != chosen]
    assert others, "the leader has only one statement"
    assert points[chosen] > max(others), "the linked statement is not drawn above the others"
    expect(page.locator(f".ql-detail[data-statement-id='{chosen}']")).to_be_visible()
