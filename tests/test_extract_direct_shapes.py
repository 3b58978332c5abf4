"""Direct-quote shapes: a lower-case description run into the name before the cue, and a quote a colon
introduces after a subject and a verb outside the cue lexicon. Every name and sentence here is fictional."""

from __future__ import annotations

from extract_helpers import run

_LEAD = "Anneke Dorval chairs the ferry board of Ostraven. "


def _direct(body: str) -> list[tuple[str, str]]:
    return [(s.speaker, s.text) for s in run(body) if s.kind == "direct"]


def test_description_before_the_name_gives_the_name_as_speaker() -> None:
    body = _LEAD + '"The harbour will reopen in the spring," veteran ferry captain Pell Marrow said today.'
    assert _direct(body) == [("Pell Marrow", "The harbour will reopen in the spring,")]


def test_description_before_the_name_with_told() -> None:
    body = _LEAD + '"We waited long enough for the bridge," longtime harbour aide Ana Ruiz told reporters.'
    assert [sp for sp, _ in _direct(body)] == ["Ana Ruiz"]


def test_clause_word_before_the_name_is_not_a_description() -> None:
    # "as" opens a clause: the quote is not Marrow's words by this shape.
    body = (
        "Pell Marrow runs the quay. "
        '"The harbour will reopen in the spring and stay open," the notice read as Marrow said.'
    )
    assert all(sp != "Pell Marrow" for sp, _ in _direct(body))


def test_colon_after_an_echo_verb() -> None:
    body = 'Pell Marrow spoke first. Ana Ruiz echoed: "The bridge must be finished before winter."'
    assert ("Ana Ruiz", "The bridge must be finished before winter.") in _direct(body)


def test_colon_after_put_it_with_an_adverb() -> None:
    body = 'Ana Ruiz met the board. Ruiz put it bluntly: "The bridge must be finished before winter."'
    assert [sp for sp, _ in _direct(body)] == ["Ana Ruiz"]


def test_colon_after_a_label_is_not_a_statement() -> None:
    body = 'Ana Ruiz met the board.\n\nPosted notice: "The bridge must be finished before winter."'
    assert _direct(body) == []


def test_colon_after_a_passive_participle_is_not_a_statement() -> None:
    body = 'Ana Ruiz met the board. The ferry was never delayed: "The bridge must be finished before winter."'
    assert _direct(body) == []


def test_colon_after_a_vague_pronoun_is_not_a_statement() -> None:
    body = 'Ana Ruiz met the board. We gathered on the quay: "The bridge must be finished before winter."'
    assert _direct(body) == []


def test_colon_verb_after_a_place_with_two_parts_is_not_the_place() -> None:
    body = (
        "Ana Ruiz studies tides. Pell Marrow of the College of Ostraven, Upper Marsh disagreed: "
        '"The tide tables were never wrong in our years."'
    )
    assert all(sp not in ("Upper Marsh", "Marsh") for sp, _ in _direct(body))


def test_short_quote_inside_narration_is_not_given_to_the_described_name() -> None:
    body = (
        'After the mayor gave a speech that called the pilots "smugglers", harbour captain Ana Ruiz '
        "wrote a long letter about the quay."
    )
    assert _direct(body) == []
