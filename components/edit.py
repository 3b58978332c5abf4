"""Edit controls: correct the selected statement or its article, add a missed statement, say who you are.

Every change goes through ``quoteline.corrections.edit``, which validates each value and refuses everything
when the deployment is read-only (setting ``read_only``); these controls are not drawn there at all. After a
correction the store has a new version, so the next run loads the corrected corpus.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from components import data as store_data
from quoteline import settings
from quoteline.corrections import edit
from quoteline.corrections.values import CorrectionError, find_span
from quoteline.query.corpus import Corpus
from quoteline.schema import KINDS, STANCE_LABELS, STANCES, A, S

BY_KEY = "w_by"
MARK = "✎"
MARK_HTML = "<span class='ql-corrected' title='corrected by an analyst'>✎</span>"
NOTICE_KEY = "_correction_notice"


def enabled() -> bool:
    """Whether this deployment allows corrections."""
    return not settings.get_bool("read_only")


def mark(field: str, marks: frozenset[str]) -> str:
    """The corrected mark (HTML) when ``field`` was corrected, else nothing."""
    return f" {MARK_HTML}" if field in marks else ""


def by_name() -> str | None:
    """Who is correcting: the name typed in the sidebar (default: the server's OS user)."""
    name = st.session_state.get(BY_KEY)
    return name if isinstance(name, str) and name.strip() else None


def sidebar() -> None:
    """The 'Your name' box, recorded with each correction."""
    if enabled():
        st.sidebar.text_input("Your name (for corrections)", key=BY_KEY, max_chars=100)


def notice() -> None:
    """The outcome of the last correction, shown once after the rerun it caused."""
    message = st.session_state.pop(NOTICE_KEY, None)
    if message:
        st.success(message, icon=":material/edit:")


def commit(action: Any, done_text: str) -> None:
    """Run a correction; on success rerun with a notice, on refusal show why (escaped)."""
    try:
        action()
    except CorrectionError as err:
        st.error(f"Not saved: {_escape_md(str(err))}", icon=":material/block:")
        return
    st.session_state[NOTICE_KEY] = done_text
    st.rerun()


def statement_editor(data: Corpus, row: Any, topics: list[str], about: list[str]) -> None:
    """An 'Edit' form for the selected statement, and its deletion."""
    if not enabled():
        return
    sid = str(row[S.statement_id])
    with st.expander("Edit this statement", icon=":material/edit:"):
        with st.form(f"edit_{sid}"):
            speakers = sorted(data.speaker_counts())
            current = str(row[S.speaker])
            speaker = st.selectbox(
                "Speaker (choose, or type a new name)",
                [current, *(s for s in speakers if s != current)],
                accept_new_options=True,
                key=f"edit_speaker_{sid}",
            )
            date = st.text_input("Date (YYYY, YYYY-MM or YYYY-MM-DD)", value=_text(row[S.date]))
            kind = st.selectbox("Kind", KINDS, index=KINDS.index(str(row[S.kind])))
            stance = st.selectbox(
                "Stance",
                list(STANCES),
                index=STANCES.index(str(row[S.stance])),
                format_func=lambda s: STANCE_LABELS.get(s, s),
            )
            all_topics = sorted(set(data.topics.labels) | set(topics) | set(_taxonomy()))
            new_topics = st.multiselect("Topics", all_topics, default=topics)
            new_about = st.text_input("About (counterparts, comma-separated)", value=", ".join(about))
            span = st.text_input("Text span (START:END in the article)", value=f"{row[S.start]}:{row[S.end]}")
            reason = st.text_input("Reason (optional)", max_chars=1000)
            saved = st.form_submit_button("Save correction")
        if saved:
            changes: dict[str, Any] = {}
            if speaker and speaker != current:
                changes["speaker"] = speaker
            if date.strip() and date.strip() != _text(row[S.date]):
                changes["date"] = date
            if kind != row[S.kind]:
                changes["kind"] = kind
            if stance != row[S.stance]:
                changes["stance"] = stance
            if list(new_topics) != list(topics):
                changes["topics"] = list(new_topics)
            parts = [p.strip() for p in new_about.split(",") if p.strip()]
            if parts != list(about):
                changes["counterparts"] = parts
            if span.strip() != f"{row[S.start]}:{row[S.end]}":
                changes["span"] = span
            commit(
                lambda: edit.correct_statement(
                    store_data.store(), sid, changes, by=by_name(), reason=reason or None
                ),
                f"Saved: {', '.join(changes) or 'nothing'} corrected.",
            )
        with st.form(f"delete_{sid}"):
            reason = st.text_input("Why is this not a statement? (optional)", max_chars=1000)
            if st.form_submit_button("Delete: not a statement"):
                commit(
                    lambda: edit.delete_statement(
                        store_data.store(), sid, by=by_name(), reason=reason or None
                    ),
                    "Deleted: the statement is left out of every view (undo it on the Corrections page).",
                )


def article_editor(article: dict[str, Any]) -> None:
    """An 'Edit' form for an article's date, outlet and title, and one to add a statement it holds."""
    if not enabled():
        return
    aid = str(article[A.article_id])
    with st.expander("Edit the source article", icon=":material/edit_note:"):
        with st.form(f"article_{aid}"):
            published = st.text_input("Publication date (YYYY-MM-DD)", value=_text(article.get(A.published)))
            outlet = st.text_input("Outlet", value=_text(article.get(A.outlet)), max_chars=200)
            title = st.text_input("Title", value=_text(article.get(A.title)), max_chars=500)
            reason = st.text_input("Reason (optional)", max_chars=1000, key=f"article_reason_{aid}")
            saved = st.form_submit_button("Save article correction")
        if saved:
            changes = {
                k: v.strip()
                for k, v in (("published", published), ("outlet", outlet), ("title", title))
                if v.strip() and v.strip() != _text(article.get(k))
            }
            commit(
                lambda: edit.correct_article(
                    store_data.store(), aid, changes, by=by_name(), reason=reason or None
                ),
                f"Saved: the article's {', '.join(changes) or 'nothing'} corrected.",
            )
        statement_adder(article)


def statement_adder(article: dict[str, Any]) -> None:
    """Add a statement the extractor missed: select its words in the article, paste them here."""
    aid = str(article[A.article_id])
    with st.form(f"add_{aid}"):
        st.markdown("**Add a statement the extractor missed**")
        words = st.text_area("Its words, selected and pasted from the article", max_chars=5000)
        speaker = st.text_input("Speaker", max_chars=200)
        kind = st.selectbox("Kind", KINDS, key=f"add_kind_{aid}")
        date = st.text_input("Date (empty: the publication date)", key=f"add_date_{aid}")
        reason = st.text_input("Reason (optional)", max_chars=1000, key=f"add_reason_{aid}")
        added = st.form_submit_button("Add statement")
    if added:

        def action() -> edit.Done:
            start, end = find_span(str(article[A.text]), words)
            return edit.add_statement(
                store_data.store(),
                aid,
                start,
                end,
                speaker,
                kind=kind,
                date=date or None,
                by=by_name(),
                reason=reason or None,
            )

        commit(action, "Added: the statement is in every view now.")


def date_article_form(article_id: str, title: str, key: str) -> None:
    """A compact form to give an undated article its publication date."""
    with st.form(key):
        st.markdown(f"**{_escape_md(title)}** · `{article_id}`")
        day = st.text_input("Publication date (YYYY-MM-DD)", max_chars=10, key=f"{key}_day")
        if st.form_submit_button("Date this article"):
            commit(
                lambda: edit.correct_article(
                    store_data.store(), article_id, {"published": day}, by=by_name()
                ),
                f"Dated: the article's statements are re-dated from {day.strip()}.",
            )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _escape_md(value: str) -> str:
    """Markdown-inert text (titles come from articles)."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~$" else ch for ch in value)


def _taxonomy() -> list[str]:
    from quoteline.knowledge import topics

    return list(topics.taxonomy())
