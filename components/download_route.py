"""The Statements table's downloads as an HTTP route of the dashboard's own server, streamed as they are made.

Streamlit's download button takes the file as bytes (a file object or a deferred callable's result is read
whole), so a download of a million statements was built and held in the server's memory before the first
byte reached the browser. ``GET /api/statements.csv?<the link's filters and sort>`` (or ``.json``) instead
selects and orders the statements exactly as the table does (``quoteline.query.order.table_order``), then
sends the file a batch of rows at a time, read from the lake (``components.downloads``), each batch written
to the socket and dropped: the server holds a batch, never the file. The CSV goes through
``quoteline.export``'s formula guard as before (``quoteline.query.lake_download.csv_parts``).

The route is added by ``components.serve`` (``make run``), which starts ``app.py`` as a Streamlit ``st.App``
with it (``asgi.py``); ``served()`` says whether this process serves it, and the page falls back to
Streamlit's own button when it does not (a bare ``streamlit run app.py``). A query string the dashboard
would not accept (an unknown leader, a malformed date) is refused with 400 and the reasons, not silently
widened to more rows than the link named.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Final
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from quoteline.query.search import search_problem
from quoteline.query.state import MULTI, ViewState, preview

LOGGER = logging.getLogger(__name__)

PATH: Final = "/api/statements.{fmt}"
MEDIA: Final = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
# The link parameters that decide a download's rows and their order; the rest of the view (page, colour,
# selection, zoom) does not change them and is left out of the download's address.
PARAMS: Final = (*MULTI, "from", "to", "q", "incumbent", "sort", "order")
# Unknown parameter names a refusal lists; the rest are counted.
_LISTED: Final = 10
_served = False


def file_name(fmt: str) -> str:
    """The name a download is saved under."""
    return f"quoteline-statements.{fmt}"


def url(fmt: str, view: ViewState) -> str:
    """The route's address for a download of ``view``'s statements in ``fmt`` (relative to the server)."""
    if fmt not in MEDIA:
        raise ValueError(f"unknown download format {fmt!r}; choose one of {', '.join(MEDIA)}")
    params = {k: v for k, v in view.to_query_params().items() if k in PARAMS}
    return f"{PATH.format(fmt=fmt)}?{urlencode(params, doseq=True)}"


def served() -> bool:
    """Whether this process' server has the download route (``routes()`` was asked for it)."""
    return _served


def routes() -> list[Route]:
    """The route, for ``st.App(..., routes=...)``; from then on ``served()`` is true in this process."""
    global _served
    _served = True
    return [Route(PATH, _download, methods=["GET"])]


def _selected(query: dict[str, list[str]], fmt: str) -> tuple[Iterator[bytes] | None, list[str]]:
    """The download's parts for the query, or None and the notices that refuse it (run in a thread: the
    selection and sort are the table's, CPU work that must not hold the server's event loop)."""
    # Imported here: the Streamlit-cached store readers and the pandas export need the runtime, which the
    # launcher creates after importing this module.
    from components import data as store_data
    from components import downloads
    from quoteline.query.order import table_order

    corpus = store_data.corpus()
    view, notices = ViewState.from_query_params(query, store_data.vocabulary(corpus))
    problem = search_problem(view.filters.search)  # the page checks it before its select; so must we
    if problem:
        notices = [*notices, f"Link parameter 'q': {problem}."]
    if notices:
        return None, notices
    ordered = table_order(corpus, view.filters, view.sort, view.descending)
    LOGGER.info("streaming a %s download of %d statements (version %s)", fmt, len(ordered), corpus.version)
    parts = downloads.csv_parts if fmt == "csv" else downloads.json_parts
    return parts(corpus, ordered, filters=view.filters, sort=view.sort), []


async def _download(request: Request) -> Response:
    fmt = str(request.path_params["fmt"])
    if fmt not in MEDIA:
        return PlainTextResponse("No such download: use statements.csv or statements.json.", status_code=404)
    query: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        query.setdefault(key, []).append(value)
    unknown = sorted({preview(name) for name in set(query) - set(PARAMS)})
    if unknown:  # hostile names come back short and inert, at most a few of them
        listed = ", ".join(unknown[:_LISTED]) + (
            f" and {len(unknown) - _LISTED} more" if len(unknown) > _LISTED else ""
        )
        return PlainTextResponse(f"Unknown download parameter(s): {listed}.", status_code=400)
    parts, notices = await run_in_threadpool(_selected, query, fmt)
    if parts is None:
        LOGGER.warning("download refused: %s", "; ".join(notices))
        return PlainTextResponse("The download was refused: " + " ".join(notices), status_code=400)
    # A sync iterator: Starlette runs each step in its thread pool, and waits for the socket to drain
    # before asking for the next part, so a slow browser holds back the making of the file.
    return StreamingResponse(
        parts,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{file_name(fmt)}"'},
    )
