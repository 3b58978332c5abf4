"""Content-derived ids are stable across cosmetic differences and distinct across content."""

from __future__ import annotations

from quoteline.ids import article_id, statement_id


def test_article_id_ignores_whitespace_and_unicode_form() -> None:
    assert article_id("Title", "Body  text\n") == article_id("Title ", "Body text")
    assert article_id("Caf\u00e9", "x") == article_id("Cafe\u0301", "x")


def test_article_id_changes_with_content() -> None:
    assert article_id("Title", "Body one") != article_id("Title", "Body two")
    assert article_id("A", "B C") != article_id("A B", "C")


def test_statement_id_depends_on_every_part() -> None:
    base = statement_id("a1", "direct", "X", 1, 5)
    assert len(base) == 16
    assert base == statement_id("a1", "direct", "X", 1, 5)
    variants = [
        statement_id("a2", "direct", "X", 1, 5),
        statement_id("a1", "indirect", "X", 1, 5),
        statement_id("a1", "direct", "Y", 1, 5),
        statement_id("a1", "direct", "X", 2, 5),
        statement_id("a1", "direct", "X", 1, 6),
    ]
    assert base not in variants
    assert len(set(variants)) == len(variants)
