"""Add articles: upload files or paste text, preview the extracted statements, then add them to the store.

Reading, dating and extraction are the ingest pipeline's own steps (``read_items``, ``article_row`` and
``extract_many``, which parses a group of articles in one spaCy batch), so an upload is checked, dated and
extracted exactly as ``python -m quoteline ingest`` would, with the same messages naming the file, record
and problem; a bad article is named and the others carry on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import streamlit as st
from pandera.errors import SchemaError, SchemaErrors

# Streamlit's own signal that the session asked its script to stop (tab closed, rerun): pinned version.
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from components import data as store_data
from quoteline import settings
from quoteline.extract.batch import ArticleInput, extract_many
from quoteline.extract.parse import ParserMissingError
from quoteline.ingest.errors import InputError
from quoteline.ingest.names import printable
from quoteline.ingest.pipeline import Options, article_row, statement_rows, statements_frame
from quoteline.ingest.published import check_published, today_utc
from quoteline.ingest.raw import RawArticle
from quoteline.ingest.readers import SUFFIXES, read_items
from quoteline.query.text import plural
from quoteline.schema import EXTRACT_COLUMNS, A, S, validate_statements
from quoteline.store import StoreError

LOGGER = logging.getLogger(__name__)
PREVIEW_KEY = "_upload_preview"
PREVIEW_COLUMNS = [S.speaker, S.text, S.date, S.date_source, S.stance, S.kind, S.topics, S.counterparts]


@dataclass
class Preview:
    """Articles ready to add, the statements found in them, and what could not be read."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    statements: list[pd.DataFrame] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    duplicates: int = 0


def _limit_bytes() -> int:
    return int(settings.get_float("max_upload_mb") * 1024 * 1024)


@dataclass
class _Bar:
    """The progress bar of one preview, counting articles across every file; ``extracted`` says how far it
    got (logged when the session ends under it)."""

    bar: Any = None
    extracted: int = 0

    def tick(self, done: int, total: int, name: str) -> None:
        """Article ``done`` of ``total`` (from 1), which came from file ``name``, has been extracted."""
        self.extracted = done
        if self.bar is not None:
            # Any st call raises StopException once the session has ended, so the run stops within one
            # group of ``extract_many``.
            text = f"Extracting {name}: article {done:,} of {total:,}"
            self.bar.progress(min(done / max(total, 1), 1.0), text=text)


def _prepare(
    items: list[tuple[str, RawArticle | InputError]],
    opts: Options,
    preview: Preview,
    known: set[str],
    bar: _Bar | None = None,
) -> None:
    """Date each article and skip those already stored, then extract the rest in groups
    (``extract_many``, as the ingest does); ``items`` pairs each with the name of the file it came from.

    An article whose reading, dating or extraction fails is named among the problems and the others carry
    on; a missing parser is one problem for the whole preview (nothing can be extracted)."""
    now = datetime.now(UTC)
    waiting: list[tuple[dict[str, Any], str, str]] = []  # each article to extract: row, where, file name
    for name, item in items:
        if isinstance(item, InputError):
            preview.problems.append(str(item))
            continue
        try:
            row = article_row(item, opts, now)
        except InputError as err:
            preview.problems.append(str(err))
            continue
        except Exception as exc:
            LOGGER.debug("preparing %s failed", printable(item.where), exc_info=True)
            preview.problems.append(f"{item.where}: extraction failed: {type(exc).__name__}: {exc}")
            continue
        if row[A.article_id] in known:
            preview.duplicates += 1
            continue
        known.add(row[A.article_id])
        waiting.append((row, item.where, name))
    rows: list[dict[str, Any]] = []
    found: list[list[dict[str, Any]]] = []
    wheres: list[str] = []
    inputs = (ArticleInput(row[A.text], row[A.published], row[A.article_id]) for row, _, _ in waiting)
    results = extract_many(inputs)  # one result per input, in order: statements or the article's exception
    try:
        for done, ((row, where, name), result) in enumerate(zip(waiting, results, strict=True), 1):
            if bar is not None:
                bar.tick(done, len(waiting), name)
            if isinstance(result, Exception):
                LOGGER.debug("extracting %s failed", printable(where), exc_info=result)
                preview.problems.append(f"{where}: extraction failed: {type(result).__name__}: {result}")
                continue
            rows.append(row)
            found.append(statement_rows(result, row))
            wheres.append(where)
    except ParserMissingError as err:
        LOGGER.error("upload preview: extraction is not set up: %s", err)
        preview.problems.append(f"extraction is not set up: {err}")
        return
    _validate(rows, found, wheres, preview)


def _validate(
    rows: list[dict[str, Any]], found: list[list[dict[str, Any]]], wheres: list[str], preview: Preview
) -> None:
    """Validate the upload's statements in one pass (a pass costs the same for one article or many); only if
    that fails is each article checked alone, so a bad one is named and the rest kept."""
    if not rows:
        return
    try:
        frame = statements_frame([s for per_article in found for s in per_article])
        validate_statements(frame[list(EXTRACT_COLUMNS)])
        checked = [statements_frame(s) for s in found]
    except (SchemaError, SchemaErrors):
        checked = []
        for row, statements, where in zip(rows, found, wheres, strict=True):
            try:
                frame = statements_frame(statements)
                validate_statements(frame[list(EXTRACT_COLUMNS)])
            except (SchemaError, SchemaErrors) as exc:
                preview.problems.append(f"{where}: extraction failed: {type(exc).__name__}: {exc}")
                continue
            checked.append(frame)
            preview.articles.append(row)
        preview.statements += checked
        return
    preview.articles += rows
    preview.statements += checked


def _options(published: date | None) -> Options:
    day = check_published(published.isoformat(), "publication date", today_utc()) if published else None
    return Options(published=day, today=today_utc())


def _known_ids() -> set[str]:
    store = store_data.store()
    return set(store.article_ids()) if store.exists() else set()


def preview_files(files: list[Any], published: date | None) -> Preview:
    """Read the uploaded files, then extract their articles together with a progress bar counting articles;
    nothing is stored yet."""
    preview, known, limit = Preview(), _known_ids(), _limit_bytes()
    max_records = settings.get_int("max_upload_records")
    opts = _options(published)
    items: list[tuple[str, RawArticle | InputError]] = []
    for upload in files:
        data = upload.getvalue()
        if len(data) > limit:
            preview.problems.append(
                f"{upload.name}: the file is {len(data) / 1e6:.1f} MB, over the upload limit "
                f"of {limit / 1e6:.0f} MB (QUOTELINE_MAX_UPLOAD_MB)"
            )
            continue
        try:
            items += [(upload.name, item) for item in read_items(upload.name, data, max_records=max_records)]
        except InputError as err:
            preview.problems.append(str(err))
    bar = _Bar(st.progress(0.0, text=f"Reading {plural(len(files), 'file')}…"))
    try:
        _prepare(items, opts, preview, known, bar)
    except StopException:
        # The tab closed or the session ended: the work stops here rather than run on for nobody.
        LOGGER.info(
            "upload preview stopped: the session ended while %s was read (%d article(s) extracted)",
            printable(", ".join(upload.name for upload in files)),
            bar.extracted,
        )
        raise
    bar.bar.empty()
    return preview


def preview_paste(title: str, body: str, outlet: str, url: str, published: date | None) -> Preview:
    """Extract a pasted article (title, body and its publication date)."""
    preview = Preview()
    if not body.strip():
        preview.problems.append("pasted text: the article text is empty")
        return preview
    raw = RawArticle(
        title=title.strip() or "Pasted article",
        body=body.strip(),
        where="pasted text",
        outlet=outlet.strip() or None,
        url=url.strip() or None,
    )
    try:
        _prepare([("pasted text", raw)], _options(published), preview, _known_ids())
    except InputError as err:
        preview.problems.append(str(err))
    return preview


def _show(preview: Preview) -> None:
    if preview.problems:
        st.error(f"{plural(len(preview.problems), 'problem')}: not read.", icon=":material/error:")
        st.code("\n".join(preview.problems), language=None)  # a code block shows file names inertly
    if preview.duplicates:
        st.info(f"{plural(preview.duplicates, 'article')} already in the store will be skipped.")
    if not preview.articles:
        return
    found = sum(len(s) for s in preview.statements)
    articles = plural(len(preview.articles), "article")
    st.success(f"{articles}, {plural(found, 'statement')} found. Check them, then add them.")
    frames = [s.assign(article=a[A.title]) for a, s in zip(preview.articles, preview.statements, strict=True)]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if not table.empty:
        st.dataframe(
            table[["article", *PREVIEW_COLUMNS]],
            hide_index=True,
            key="upload_preview_table",
            column_config={"text": st.column_config.TextColumn("Statement", width="large")},
        )


def _commit(preview: Preview) -> None:
    bar = st.progress(0.3, text="Adding to the store…")
    frames = [s for s in preview.statements if not s.empty]
    statements = pd.concat(frames, ignore_index=True) if frames else preview.statements[0]
    try:
        result = store_data.store().add(pd.DataFrame(preview.articles), statements)
    except (StoreError, ValueError) as err:
        bar.empty()
        st.error("The store refused the articles.", icon=":material/error:")
        st.code(str(err), language=None)
        return
    bar.progress(1.0, text="Done")
    st.session_state.pop(PREVIEW_KEY, None)
    duplicates = result.articles_duplicate
    already = f"; {plural(duplicates, 'article')} {'was' if duplicates == 1 else 'were'} already there"
    st.session_state["_upload_done"] = (
        f"Added {plural(result.articles_added, 'article')} and "
        f"{plural(result.statements_added, 'statement')} to the store" + (already if duplicates else "") + "."
    )


def render() -> None:
    """The upload and paste forms, the preview, and the add button."""
    limit = settings.get_float("max_upload_mb")
    done = st.session_state.pop("_upload_done", None)
    if done:
        st.success(done + " They are on the timelines now.", icon=":material/check_circle:")
    files_tab, paste_tab = st.tabs(["Upload files", "Paste text"])
    with files_tab:
        files = st.file_uploader(
            f"Article files ({', '.join(SUFFIXES)}; up to {limit:g} MB each)",
            accept_multiple_files=True,
            type=[s.lstrip(".") for s in SUFFIXES],
            key="upload_files",
        )
        published = st.date_input(
            "Publication date (optional: overrides the dates in the files)",
            value=None,
            key="upload_published",
            format="YYYY-MM-DD",
        )
        if files and st.button("Preview statements", key="preview_files", type="primary"):
            st.session_state[PREVIEW_KEY] = preview_files(list(files), published)
    with paste_tab, st.form("paste_form"):
        title = st.text_input("Title", key="paste_title")
        outlet = st.text_input("Outlet", key="paste_outlet")
        url = st.text_input("Link (optional)", key="paste_url")
        pasted_date = st.date_input("Publication date", value=None, format="YYYY-MM-DD", key="paste_date")
        body = st.text_area("Article text", height=220, max_chars=int(limit * 1024 * 1024), key="paste_body")
        if st.form_submit_button("Preview statements", type="primary"):
            st.session_state[PREVIEW_KEY] = preview_paste(title, body, outlet, url, pasted_date)
    preview: Preview | None = st.session_state.get(PREVIEW_KEY)
    if preview is None:
        return
    _show(preview)
    if preview.articles and st.button("Add to the store", key="add_to_store", type="primary"):
        _commit(preview)
        st.rerun()
