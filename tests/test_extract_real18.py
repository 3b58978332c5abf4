"""Mechanisms found reading real official news and thinking through 1980s wire copy (session 18): company
names and "the company", tickers, flattened two-person transcripts, bare capitalised titles. All names,
companies and places are invented; articles are published on Wednesday 2023-03-15 (``extract_helpers.run``)
unless a test gives its own day."""

from __future__ import annotations

from extract_helpers import by_text, run

from quoteline.extract.text import prepare

# A wire story as archives keep it: upper-case headline, indented paragraphs, dateline, doubled apostrophes
# for quotation marks, the agency's sign-off.
WIRE = (
    "    NEW HARBOR, March 3 - Brandmoor Shipping Corp said it expects\n"
    "first quarter earnings to fall sharply because of the strike at its\n"
    "Portwick terminal.\n"
    "    The company said the strike had cost it about 20 mln dlrs in\n"
    "lost revenue so far.\n"
    "    ''We do not see a recovery before the summer,'' the company\n"
    "said in a statement.\n"
    "    Chairman Ivo Rastel told reporters the board would meet on\n"
    "Thursday to discuss the dividend.\n"
    "    Brandmoor earned 1.2 dlrs a share in the first quarter of 1986.\n"
    "    The company also said it would cut 300 jobs.\n"
    " Reuter\n"
)


def test_a_company_named_with_its_legal_form_speaks_as_an_institution() -> None:
    out = run(WIRE, published="1987-03-03", title="BRANDMOOR SHIPPING SEES LOWER PROFIT")
    st = by_text(out, "first quarter earnings to fall")
    assert st.speaker == "Brandmoor Shipping Corp"
    assert st.speaker_type == "institution"


def test_the_company_is_the_company_that_spoke_before() -> None:
    out = run(WIRE, published="1987-03-03", title="BRANDMOOR SHIPPING SEES LOWER PROFIT")
    # the sentence right after the lead, a quote the company closes, and a report paragraphs later
    assert by_text(out, "20 mln dlrs").speaker == "Brandmoor Shipping Corp"
    quote = by_text(out, "We do not see a recovery")
    assert quote.kind == "direct"
    assert quote.speaker == "Brandmoor Shipping Corp"
    assert by_text(out, "cut 300 jobs").speaker == "Brandmoor Shipping Corp"
    # the sign-off is no part of the last statement
    assert "Reuter" not in by_text(out, "cut 300 jobs").text


def test_the_company_stays_unresolved_without_a_company() -> None:
    # No company has spoken: "the company" names no one, and a body without a legal form is no company.
    body = (
        "The Harbour Trust cut its grants in May. Ivo Rastel said the cuts were needed.\n\n"
        "The mayor opened the new quay on Monday.\n\n"
        "The company said it would appeal the ruling.\n"
    )
    assert not [s for s in run(body) if "appeal the ruling" in s.text]


def test_a_ticker_after_a_company_name_does_not_hide_the_subject() -> None:
    for ticker in ("<BRSH>", "&lt;BRSH>"):
        out = run(f"NEW HARBOR, March 3 - Brandmoor Shipping Corp {ticker} said it would appeal.\n")
        assert by_text(out, "would appeal").speaker == "Brandmoor Shipping Corp"
    out = run("NEW HARBOR, March 3 - <Orvel Freight Ltd> said it had agreed to sell its barge unit.\n")
    assert by_text(out, "sell its barge unit").speaker == "Orvel Freight Ltd"


def test_ticker_blanking_keeps_offsets_and_spares_markup() -> None:
    text = "Title\n\nOrvel Corp <ORV> said a <u>bold</u> claim, and <Lenna Ferries Ltd> agreed."
    doc = prepare(text)
    assert len(doc.work) == len(text)
    assert "<ORV>" not in doc.work
    assert "<u>bold</u>" in doc.work  # lower-case markup is no ticker
    assert " Lenna Ferries Ltd " in doc.work


# A flattened readout transcript: the lead, then the host's welcome and the guest's reply in one paragraph,
# each label printed once, the guest's with the site's doubled name tooltip.
EXCHANGE = (
    "Arkady Voronets met with President of Lusmark Ivo-Karl Rastel on the sidelines of the forum.\n\n"
    "President of Drevnia Arkady Voronets: Mr Rastel, good afternoon. Thank you for coming to the forum. Our "
    "trade is growing, and we will set a record this year. President of Lusmark Ivo-Karl Rastel Rastel "
    "Ivo-KarlPresident of the Republic of Lusmark: Mr Voronets, I was pleased to receive your invitation. "
    "The audience listened to your speech with great interest.\n"
)


def test_a_two_person_exchange_with_each_label_once_gives_two_turns() -> None:
    out = run(EXCHANGE)
    host = by_text(out, "good afternoon")
    guest = by_text(out, "pleased to receive your invitation")
    assert host.speaker == "Arkady Voronets"
    assert guest.speaker == "Ivo-Karl Rastel"
    assert "pleased to receive" not in host.text
    assert guest.kind == "direct"


def test_a_label_opening_the_lead_paragraph_is_no_transcript() -> None:
    # The lead itself opening on a label-like run is a heading, not a turn: nothing changes there.
    body = "Harbour Fund Board: the board met on Monday. Ivo Rastel said the fund would grow.\n"
    out = run(body)
    assert by_text(out, "fund would grow").speaker == "Ivo Rastel"


def test_a_long_office_label_counts_its_capitalised_words() -> None:
    body = (
        "Arkady Voronets met the head of the harbour federation.\n\n"
        "President of Drevnia Arkady Voronets: Mr Rastel, I am delighted to welcome you. "
        "President of the International Federation of the Harbour and Lighthouse Societies of Drevnia "
        "Ivo Rastel: Thank "
        "you, Mr President. Our crews are ready to help. Arkady Voronets: Thank you. All the best. "
        "Ivo Rastel: Thank you.\n"
    )
    out = run(body)
    assert by_text(out, "crews are ready").speaker == "Ivo Rastel"
    assert "crews are ready" not in by_text(out, "delighted to welcome").text


def test_a_bare_capitalised_title_is_the_person_it_introduced() -> None:
    body = (
        "First Lady Ada Vellmar addressed the conference on harbour safety. The First Lady noted the "
        'importance of safe quays. "Since the start of the storm season, the harbour has lost many '
        'boats. We ask the council to help the fishermen now," said the First Lady.\n'
    )
    out = run(body)
    assert by_text(out, "importance of safe quays").speaker == "Ada Vellmar"
    assert by_text(out, "lost many boats").speaker == "Ada Vellmar"


def test_a_bare_title_nobody_was_introduced_with_stays_unresolved() -> None:
    body = "Ada Vellmar addressed the conference. The First Lady noted the importance of safe quays.\n"
    assert not [s for s in run(body) if "safe quays" in s.text]


def test_a_wire_dateline_place_is_never_the_speaker() -> None:
    # The parse may read an upper-case place with a state and a day before the dash as the verb's subject.
    for dateline in ("NEW HARBOR, March 3 -", "EAST VELLING, Conn., March 3 -", "ORRIN, Neb., Sept. 14 -"):
        out = run(f"{dateline} Lenna Freight Ltd said it had agreed to sell its barge unit.\n")
        assert by_text(out, "sell its barge unit").speaker == "Lenna Freight Ltd"


def test_an_adjunct_before_a_bare_clause_is_the_cues() -> None:
    # Published on a Friday: "on Tuesday" and "on last Wednesday" date the statement, and the content is the
    # clause after the adjunct, with or without a day in it.
    cases = [
        ("Ivo Rastel said on last Wednesday they had no nets.", "they had no nets", "2020-03-11"),
        ("Ada Orr announced on Skyline on Tuesday there were arrests.", "there were arrests", "2020-03-10"),
        ("Orvel Corp said in a letter to owners it would fight.", "it would fight", None),
    ]
    for body, text, day in cases:
        (st,) = run(body + "\n", published="2020-03-13")
        assert st.text == text
        assert st.date == (day or "2020-03-13")
