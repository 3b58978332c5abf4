"""Who a he/she quote belongs to when the evidence is thin: the person a sentence opens with behind a compound
occupation or dotted initials, the one person of the pronoun's gender its own sentence names, a possessive
inside an apposition, and a participle's subject in a colon lead-in (docs/EXTRACTION.md, "Pronouns"). All
people, places and outlets are invented."""

from __future__ import annotations

from extract_helpers import run

from quoteline.extract.text import Span, sentences


def _speakers(body: str) -> dict[str, str]:
    return {s.text: s.speaker for s in run(body) if s.kind == "direct"}


def _split(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentences(text, Span(0, len(text)), [])]


def test_a_compound_occupation_before_a_name_puts_that_person_in_focus() -> None:
    body = (
        "Judge Tomas Brindle retired from the harbour court in 2019. “The pier case was my last,” Brindle "
        "said.\n\n"
        "Harbour Party co-leader Sunniva Rask drew applause on Tuesday as a dock hand wanted to know whether "
        "she would name Brindle to the board.\n\n"
        "“The board needs people who know the tides, and I will keep that in mind,” she answered."
    )
    got = _speakers(body)
    assert got["The board needs people who know the tides, and I will keep that in mind,"] == "Sunniva Rask"


def test_dotted_initials_before_a_surname_end_no_sentence() -> None:
    assert _split("He asked the historian J.K. Ivo Marsh at the harbour college. Then he left.") == [
        "He asked the historian J.K. Ivo Marsh at the harbour college.",
        "Then he left.",
    ]
    # A place's dotted capitals after a comma or a preposition still close a sentence.
    assert _split("The yard is in Portwick, N.H. The mayor spoke.") == [
        "The yard is in Portwick, N.H.",
        "The mayor spoke.",
    ]
    assert _split("She moved to D.C. The mayor spoke.") == ["She moved to D.C.", "The mayor spoke."]


def test_dotted_initials_do_not_make_the_surname_the_speaker_in_focus() -> None:
    body = (
        "Governor Ivo Halvek signed the ferry order on Friday. “We will open the piers,” Halvek said.\n\n"
        "Anticipating a fight, Halvek noted that he had shown the order to the port lawyer Eda Vorn and the "
        "historian J.K. Tobin Marsh of the harbour college, both of whom backed him.\n\n"
        "“Nobody loses a berth under this order,” he said."
    )
    assert _speakers(body)["Nobody loses a berth under this order,"] == "Ivo Halvek"


def test_the_one_person_of_the_pronouns_gender_in_its_sentence_takes_it_from_a_focus_of_no_known_gender() -> (
    None
):
    body = (
        "Sunniva Rask spoke at the harbour forum. She said the ferries would run, and she said the piers "
        "would open.\n\n"
        "Tomas Brindle did not hold back at the forum either.\n\n"
        "Days after Rask walked out of the ferry hearing, slamming her folder on the desk as she said, "
        "“These numbers were made up in Brindle’s office,” the two met again."
    )
    assert _speakers(body)["These numbers were made up in Brindle’s office,"] == "Sunniva Rask"


def test_a_focus_of_known_gender_keeps_a_pronoun_of_its_gender() -> None:
    body = (
        "Tomas Brindle spoke at the harbour forum. He said the ferries would run.\n\n"
        "After Ivo Marsh met the council, he said, “The piers will open in May.”"
    )
    # Two men: the pronoun's gender points at no one in particular, and the rule leaves the reading as it was.
    assert _speakers(body)["The piers will open in May."] in ("Tomas Brindle", "Ivo Marsh")


def test_a_possessive_inside_an_apposition_is_no_evidence_of_the_named_persons_gender() -> None:
    body = (
        "Ada Orrin ran the Halvik ferry line for a decade. “We never missed a sailing,” Orrin said. She "
        "said the line had always paid its way.\n\n"
        "Talks began in March, after Tobin Marsh, her rival at the Portwick line, sent a letter. Under one "
        "company, he said, both fleets would keep their crews."
    )
    indirect = {s.text: s.speaker for s in run(body) if s.kind == "indirect"}
    merged = [speaker for text, speaker in indirect.items() if "both fleets would keep their crews" in text]
    assert merged == ["Tobin Marsh"]


def test_a_participle_in_a_colon_lead_in_shares_the_subject_of_its_own_sentence() -> None:
    body = (
        "Author Ivo Vell wrote that the pier had been sold in secret.\n\n"
        "The Halvik Courier answered the charge on Monday, saying:\n\n"
        "“The sale was signed in a back room of the harbour office, and the trust was told nothing until the "
        "cranes were gone.”"
    )
    got = _speakers(body)
    quote = next(t for t in got if t.startswith("The sale was signed"))
    # The newspaper, however much of its name the subject's parse keeps; never the author in focus.
    assert got[quote].endswith("Courier")


def test_a_verb_first_attribution_before_a_colon_is_the_names_after_it() -> None:
    body = (
        "Author Ivo Vell wrote that the pier had been sold in secret.\n\n"
        "Said Ada Orrin: “The pier money went to the trust, and nobody on the council asked where.”\n\n"
        "Put more plainly, asked Radio Mirel host Ivo Marsh: “Who signed for the cranes that night?”"
    )
    got = _speakers(body)
    assert got["The pier money went to the trust, and nobody on the council asked where."] == "Ada Orrin"
    assert got["Who signed for the cranes that night?"] == "Ivo Marsh"


def test_a_name_before_the_verb_keeps_the_attribution_and_a_name_after_of_is_its_object() -> None:
    body = (
        "Readers wrote in all week about the pier sale.\n\n"
        "Another reader, Tomas Brel, wrote of Ms. Orrin: “Your office is still selling our piers to "
        "strangers.”"
    )
    assert _speakers(body)["Your office is still selling our piers to strangers."] == "Tomas Brel"


def test_a_name_after_the_verb_of_an_inverted_sentence_is_its_subject_and_takes_the_focus() -> None:
    body = (
        "Governor Ivo Halvek spoke to the dock workers. “We will keep every berth,” Halvek said.\n\n"
        "The hall cheered. Far from the stage, though, was Tobin Marsh, a crane driver. He did not clap.\n\n"
        "“I have heard that promise three times before,” he said."
    )
    assert _speakers(body)["I have heard that promise three times before,"] == "Tobin Marsh"


def test_a_sentence_opening_with_a_determiner_keeps_its_subject_before_the_verb() -> None:
    body = (
        "Ada Orrin ran the Halvik ferry line for a decade. “We never missed a sailing,” Orrin said.\n\n"
        "Her deputy was Tobin Marsh, a former pilot.\n\n"
        "“The boats were always full,” she said."
    )
    assert _speakers(body)["The boats were always full,"] == "Ada Orrin"
