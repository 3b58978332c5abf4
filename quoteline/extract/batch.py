"""Extraction over many articles: the parse windows of a group of articles go through one ``nlp.pipe`` call.

spaCy's cost per ``pipe`` batch is large against the few short windows one article has (about four), so
``extract_many`` reads a group of articles up to their parse (``pipeline.begin_article``), parses all their
windows together (``parse.parse_articles``), then finishes each article on its own parse
(``pipeline.complete_article``). Each article's statements are exactly those ``extract_statements`` gives it
alone: a window's annotations do not depend on the batch it is parsed in, and nothing else is shared.

A bad article fails alone: its exception is yielded in its place and the others carry on. A parse of the
group that raises is retried article by article, so that only the article whose windows break the parser
fails. A missing parser or model (``ParserMissingError``) is a set-up problem, not an article's: it raises.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from quoteline import settings
from quoteline.extract import parse
from quoteline.extract.model import Statement
from quoteline.extract.parse import ArticleParse, ParserMissingError
from quoteline.extract.pipeline import PendingArticle, begin_article, complete_article

logger = logging.getLogger(__name__)

# Articles read before their windows are parsed together: about 70 windows, past the point where a larger
# batch still saves spaCy's per-batch cost, and few enough that their half-done state costs little memory.
GROUP = 16


class ArticleInput(NamedTuple):
    """One article to extract, with what ``extract_statements`` takes beside its text."""

    text: str
    published: str | None = None
    article_id: str | None = None


def extract_many(
    articles: Iterable[ArticleInput], group: int = GROUP
) -> Iterator[list[Statement] | Exception]:
    """For each article, in order, its statements or the exception its extraction raised."""
    chunk: list[ArticleInput] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= group:
            yield from _extract_group(chunk)
            chunk = []
    if chunk:
        yield from _extract_group(chunk)


def _extract_group(chunk: list[ArticleInput]) -> list[list[Statement] | Exception]:
    """The results of a group, all computed before any is handed back (so that the settings held for the
    group are released before the caller runs again)."""
    with settings.held():  # one configuration for the group, as for one article
        begun = [_begin(a) for a in chunk]
        pending = [b for b in begun if isinstance(b, PendingArticle)]
        parses = iter(_parse_group(pending))
        out: list[list[Statement] | Exception] = []
        for b in begun:
            if isinstance(b, Exception):
                out.append(b)
                continue
            parsed = next(parses)
            out.append(parsed if isinstance(parsed, Exception) else _complete(b, parsed))
        return out


def _begin(article: ArticleInput) -> PendingArticle | Exception:
    try:
        return begin_article(article.text, article.published, article.article_id)
    except ParserMissingError:
        raise
    except Exception as exc:
        logger.debug("extracting article %s failed before its parse", article.article_id, exc_info=True)
        return exc


def _complete(pending: PendingArticle, parsed: ArticleParse) -> list[Statement] | Exception:
    try:
        return complete_article(pending, parsed)
    except ParserMissingError:
        raise
    except Exception as exc:
        logger.debug("extracting article %s failed after its parse", pending.article, exc_info=True)
        return exc


def _parse_group(pending: list[PendingArticle]) -> list[ArticleParse | Exception]:
    """Each article's parse, from one batch; article by article when the batch raises."""
    try:
        return list(parse.parse_articles([(p.ctx.work, p.windows) for p in pending]))
    except ParserMissingError:
        raise
    except Exception:
        logger.warning(
            "parsing a group of %d articles failed; parsing them one by one", len(pending), exc_info=True
        )
    out: list[ArticleParse | Exception] = []
    for p in pending:
        try:
            out.append(parse.parse_windows(p.ctx.work, p.windows))
        except ParserMissingError:
            raise
        except Exception as exc:
            logger.debug("parsing article %s failed", p.article, exc_info=True)
            out.append(exc)
    return out
