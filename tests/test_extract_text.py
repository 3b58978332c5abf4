"""Text preparation: header lines, boilerplate, reflow of wrapped wire copy, length-preserving work text."""

from __future__ import annotations

from extract_helpers import by_text, run

from quoteline.extract.text import is_boilerplate, parse_header, prepare


def test_header_lines_are_read_and_skipped() -> None:
    text = (
        "published: 2022-02-10\nsource: Meridian Wire\nurl: https://example.org/a\n\nTitle here\n\nBody text."
    )
    header, title_start = parse_header(text)
    assert header == {"published": "2022-02-10", "source": "Meridian Wire", "url": "https://example.org/a"}
    doc = prepare(text)
    assert text[doc.title.start : doc.title.end] == "Title here"
    assert title_start == text.index("Title here")


def test_work_text_has_the_same_length_and_blanks_boilerplate() -> None:
    text = "Title\n\n0 1,905\n\nBody one.\n\n- Advertisement -\n\nSubscribe to our newsletter for updates.\n"
    doc = prepare(text)
    assert len(doc.work) == len(text)
    assert "Advertisement" not in doc.work
    assert "1,905" not in doc.work
    assert "Subscribe" not in doc.work
    assert "Body one." in doc.work


def test_boilerplate_rules() -> None:
    assert is_boilerplate("0 1,905")
    assert is_boilerplate("- Advertisement -")
    assert is_boilerplate(
        "Sign up here to get the latest news, updates and special offers delivered to your inbox."
    )
    assert is_boilerplate("[Applause]")
    assert is_boilerplate("(Reporting by A. Writer; Editing by B. Editor)")
    assert not is_boilerplate("Velcheva said the reforms would be finished by spring.")
    assert not is_boilerplate("“Subscribe to our plan,” Velcheva said.")


def test_boilerplate_produces_no_statements() -> None:
    body = (
        "0 1,905\n\n“Sign up now,” the newsletter said.\n\n- Advertisement -\n\n"
        "Get real time updates directly on your device, subscribe now."
    )
    assert [s for s in run(body) if "Sign up" in s.text or "subscribe" in s.text] == []


def test_hard_wrapped_wire_copy_is_reflowed() -> None:
    body = (
        "    KAMENGRAD, Sept 16 (Meridian Wire) - Drevnian President Arkady\n"
        "Voronets warned on Thursday that Drevnia would respond if the\n"
        "Northern Concord deployed new missile launchers in Belmora.\n"
        '    "If launchers appear in Belmora, we will be forced to respond,\n'
        'and everyone should understand that," Voronets told reporters after\n'
        "a meeting of his Security Council.\n"
    )
    sts = run(body, published="2022-09-16")
    warned = by_text(sts, "would respond if")
    assert warned.speaker == "Arkady Voronets"
    assert warned.date == "2022-09-15"
    quote = by_text(sts, "forced to respond")
    assert quote.text.startswith("If launchers appear in Belmora, we will be forced to respond, and everyone")
    assert quote.text.endswith("should understand that,")
    assert quote.speaker == "Arkady Voronets"
    assert len(prepare("T\n\n" + body).paragraphs) == 2


def test_the_work_text_replaces_odd_spaces_one_for_one() -> None:
    # Tabs, no-break and zero-width spaces become spaces; line and page separators newlines: a space inside a
    # paragraph, a paragraph break before another newline. Offsets stay those of the text.
    text = (
        "Harbour vote\n\nIvo\u00a0Marsk\tsaid\u200b the\ufeff pier\r would\u2028reopen.\x0c\n"
        "Ada Vell\u2029agreed."
    )
    doc = prepare(text)
    assert len(doc.work) == len(text)
    assert doc.work[doc.body_start :] == "\nIvo Marsk said  the  pier  would reopen.\n\nAda Vell agreed."
    assert len(doc.paragraphs) == 2
