"""Mechanisms found by reading extraction output at scale on real articles, round 14, in invented words."""

from __future__ import annotations

from extract_helpers import run

# Welcoming a person or a party of people is hosting them, narration of a visit; welcoming a thing is praise.


def _welcomed(body: str) -> list[str]:
    return [s.text for s in run(body) if s.cue.startswith("welcom")]


def test_welcoming_a_named_guest_to_a_place_is_no_statement() -> None:
    body = (
        "President Mara Velcheva welcomed Prime Minister Henrik Aalstad of Lusmark to Valdgrad on Tuesday. "
        "The two leaders discussed the ferry link."
    )
    assert _welcomed(body) == []


def test_welcoming_a_guest_after_a_long_title_run_is_no_statement() -> None:
    body = (
        "Chancellor Ivo Brannock welcomed Deputy Harbour Commissioner and Senior Pilot Ada Lenska to "
        "Portwick on Friday to tour the new quay."
    )
    assert _welcomed(body) == []


def test_welcoming_a_pronoun_or_a_delegation_is_no_statement() -> None:
    body = (
        "President Mara Velcheva warmly welcomed them to the palace. Later Velcheva welcomed the visiting "
        "delegation from Halvik. She also welcomed harbour workers from Dolsk to the capital."
    )
    assert _welcomed(body) == []


def test_welcoming_a_guests_decision_or_a_thing_is_still_praise() -> None:
    body = (
        "President Mara Velcheva welcomed Henrik Aalstad's decision to open a consulate in Dolsk. "
        "Velcheva also welcomed progress on the pipeline and welcomed the agreement on fishing quotas."
    )
    texts = _welcomed(body)
    assert any(t.startswith("Henrik Aalstad's decision") for t in texts)
    assert "progress on the pipeline" in texts
    assert any(t.startswith("the agreement on fishing quotas") for t in texts)


# "Concluded" with an act's object (a summit, a call, agreements) and no clause verb ends or signs something;
# with a clause or a that-clause it reports a judgement.


def _concluded(body: str) -> list[str]:
    return [s.text for s in run(body) if s.cue == "concluded"]


def test_concluding_a_summit_or_agreements_is_no_statement() -> None:
    body = (
        "Prime Minister Henrik Aalstad concluded the harbour summit by thanking the hosts. The two "
        "governments concluded loan agreements with the Portwick shipyard. Aalstad concluded his call "
        "with a promise to visit. President Mara Velcheva concluded with a dinner at the palace."
    )
    assert _concluded(body) == []


def test_concluding_a_judgement_is_still_a_statement() -> None:
    body = (
        "Prime Minister Henrik Aalstad concluded the talks had failed. Aalstad concluded that the pier "
        "was unsafe."
    )
    texts = _concluded(body)
    assert "the talks had failed" in texts
    assert "the pier was unsafe" in texts


# A content cut where a later gerund cue opens ("stressed A, in particular by | asking B") does not end on the
# preposition of means and its focusing phrase; the gerund is a statement of its own, or with an act's object
# no cue at all, and then the content keeps it.


def test_a_content_cut_at_a_means_gerund_drops_the_preposition() -> None:
    body = (
        "Prime Minister Henrik Aalstad stressed the importance of a stronger treaty, in particular by "
        "concluding agreements on fishing. Aalstad rejected cutting the harbour levy by asking the "
        "shipowners to pay more."
    )
    texts = {s.cue: s.text for s in run(body) if s.kind == "indirect"}
    assert texts["stressed"].endswith("in particular by concluding agreements on fishing")
    assert texts["rejected"] == "cutting the harbour levy"
    assert texts["asking"] == "the shipowners to pay more"


def test_a_cue_opening_with_by_leaves_the_gerund_its_own_statement() -> None:
    body = "Prime Minister Henrik Aalstad concluded by noting that the talks would resume in May."
    statements = [s for s in run(body) if s.kind == "indirect"]
    assert [(s.cue, s.text) for s in statements] == [("noting", "the talks would resume in May")]


# Markdown emphasis at a sentence's end or start ("everyone.** He added", ". **President Vell** said") and a
# rule of asterisks between sections ("burning.*** Next") do not hide the sentence break.


def test_a_bold_sentence_ends_before_the_next_one() -> None:
    body = (
        "**President Aldo Vell noted we should set harbour targets for everyone, everywhere.** He concluded "
        "by noting this would not be the last meeting. The ferries ran late. **Minister Ada Lenska** "
        "added that the quay would reopen."
    )
    texts = {s.cue: s.text for s in run(body) if s.kind == "indirect"}
    assert texts["noted"] == "we should set harbour targets for everyone, everywhere"
    assert texts["noting"] == "this would not be the last meeting"
    assert texts["added"] == "the quay would reopen"


def test_a_rule_of_asterisks_separates_two_sections() -> None:
    body = (
        "The summit of the harbour states ended on Friday.*** Arkady Voronets said that the ferry treaty "
        "would be signed in May."
    )
    said = [s for s in run(body) if s.cue == "said"]
    assert [s.text for s in said] == ["the ferry treaty would be signed in May"]
    assert said[0].speaker == "Arkady Voronets"
