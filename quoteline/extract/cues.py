"""The reporting-cue lexicon (``data/cues.yaml``): loading, inflection, matching, CAMEO-style stance rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from quoteline import settings
from quoteline.extract.kb import given_name
from quoteline.extract.model import STANCES
from quoteline.extract.text import ADVERBS_BEFORE_CUE, contracted_pronoun_pattern, word_set

# Words after which an -s/-ed form is a noun or adjective ("the claims", "his alleged"), not a cue.
_DETERMINERS = word_set(
    """the a an this that these those his her its their our my your such any no some every each of for
    in on with by to from about over against new latest recent two three several many"""
)
# Words after which an -ing form is a participle clause hanging on the main subject ("..., saying"), or on
# the document a subject issued ("issued a statement calling on ...").
_ING_LEADS = word_set(
    """and while before after also further then thereby by statement communique communiqué declaration
    resolution"""
)
_DENYING_LY = word_set("""hardly barely scarcely""")
# A capitalised name right before an -ing form, after "with", "and", "including" or a dash: an absolute
# clause with a subject of its own ("..., with Ada Vell saying ...", "– Vell saying she was pleased and Brask
# calling it ..."). `reported.subjects.absolute_subject` keeps it only when that name is a person's. Not after
# a comma, which as often closes a place ("outside Kamor, N.V. saying ...": the participle of a text).
# A possessive before it makes the -ing form a gerund, whose clause says nothing ("with Mr. Lew's raising").
NAME_BEFORE_ING_RE = re.compile(
    r"(?:\b(?:with|and|included|including)|[–—])\s+(?:[A-Z][\w'’.\-]*\s+){1,4}(?<!['’]s\s)(?:[a-z]+ly\s+)?$"
)
# A text its subject wrote or posted, maybe with its platform or addressee ("posted a message on Twitter
# blaming ...", "wrote a letter to the board urging ..."): an -ing form after it tells what the text says, so
# it is the author's. Not after "sent a letter requesting ...", whose content runs into the addressee.
_TEXT_BEFORE_ING_RE = re.compile(
    r"\b(?:posted|posts|wrote|writes|published|publishes|tweeted)\s+(?:a|an|the|his|her|their|its)\s+"
    r"(?:[a-z]+\s+)?(?:message|letter|tweet|post|note|video|op-ed|column|statement)"
    r"(?:\s+(?:on|to|in)\s+(?:the\s+)?(?:[A-Z][\w'’\-]*\s+){1,3})?\s*$"
)
# Adjectives that mark the cue word as a noun ("empty promises", "repeated warnings").
_NOUN_ADJECTIVES = word_set(
    """empty hollow vague repeated earlier previous fresh similar public official formal mutual firm
    broken false mere unfulfilled loud growing renewed such further"""
)
# Words that follow a plural noun subject but never a reporting verb ("promises need guarantees").
_PLURAL_SUBJECT_NEXT = word_set(
    """need needs are were have must can cannot could should would will may might do did remain seem
    appear mean count matter alone"""
)
# A relative clause with a plural verb after an -s form: the form is a plural noun ("the protests that have
# gone on"), as "X says that were …" is no English.
_PLURAL_RELATIVE_RE = re.compile(r"\s+(?:that|which)\s+(?:have|were|are|had|remain)\b", re.IGNORECASE)
_POSSESSIVES = word_set("""his her their its my our your""")
# A pronoun's "’s" is "has" or "is", never a possessive: "he’s said", "who’s argued for years that".
_CONTRACTED_HAS_RE = re.compile(contracted_pronoun_pattern("s"), re.IGNORECASE)
# Texts whose cue matches the lexicon remembers: more than the articles a batch plans before walking them.
_RECENT_TEXTS = 40
_EXPRESS_LEADS = ("express", "voic")
_EXPRESS_INNER = (
    r"(?:\s+(?:his|her|their|its|our))?(?:\s+(?:deep|deepest|sincere|serious|grave|strong|full|firm|profound|"
    r"great|heartfelt|particular|special))?"
)
# "drew the minister's attention to": the listener's possessive inside "draw attention to".
_DRAW_INNER = r"(?:(?:\s+[\w\-]+){0,4}['’]s?)?"
# An adverb, "again" or a bare weekday between a verb and the preposition of its cue ("called again for",
# "called Wednesday for", "railed bitterly against", "spoke warmly of"): wire copy and profiles put the
# verb's adjuncts there. Lower-case -ly words that are nouns ("a rally for") are no adverbs.
_MANNER = (
    r"\s+(?-i:(?!(?:rally|ally|family|assembly|supply|reply)\b)[a-z]+ly|again|anew|today|yesterday|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![\w’'-])"
)
_PHRASAL_INNER = f"(?:{_MANNER})?"
_PHRASAL_ENDS = frozenset({"for", "of", "about", "against"})
# "speak of" / "speak about" also take "at length" or "highly", and "speak about" a listener by name (a person
# or an outlet: capitalised, whatever the matcher's case): "spoke to Valo Radio about"; the topic after it is
# what was said ("speak with leaders of the group" names no topic).
_SPEAK_FORMS = frozenset({"speak", "speaks", "spoke", "spoken", "speaking"})
_SPEAK_MANNER = rf"{_MANNER}|\s+(?:at\s+length|highly|well|ill)(?![\w’'-])"
_NAMED_LISTENER = r"(?-i:(?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'.\-]*)(?<![.,])"
_SPEAK_INNER = {
    "of": f"(?:{_SPEAK_MANNER})?",  # a listener before "of" is a title's head: "spoke with Chief of Staff X"
    "about": rf"(?:{_SPEAK_MANNER}|\s+(?:to|with)\s+{_NAMED_LISTENER})?",
}
_WE_ADVERBS = word_set("""also both all jointly together again strongly firmly fully further hereby once""")
_VALID_TAKES = ("clause", "object", "both")
_PREP_ENDINGS = (" on", " to", " for", " of", " about", " upon")
_TIME_AFTER_RE = re.compile(
    r"\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|the (?:sidelines|eve|day|morning|evening|phone)|\d)",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"(?<![\w’'-])[A-Za-z]+(?![\w’'-])")


_OBJECT_HEAD_WORDS = 4  # words of a content searched for an allowed object noun ("the most serious concerns")


class LexiconError(ValueError):
    """The cue lexicon file is malformed."""


@dataclass(frozen=True)
class CueEntry:
    """One lexicon entry."""

    cue: str
    forms: tuple[str, ...]
    stance: str
    takes: str = "both"
    objects: dict[str, str] = field(default_factory=dict)
    noun_ok: bool = False
    # Words that, opening the content, show the verb is not one of saying ("continues to grow").
    not_before: frozenset[str] = frozenset()
    # A naming verb ("called the plan a disgrace"): a statement only with a complement after its object.
    complement: bool = False
    # Object nouns that make the cue tell an event, not a statement ("announced his candidacy").
    events: frozenset[str] = frozenset()
    # When given, the only object nouns with which the verb reports words ("raised concerns", "raised the
    # issue of"); with any other object it tells a deed ("raised both fists", "raised profits").
    only_objects: frozenset[str] = frozenset()
    # A hosting verb ("welcome"): with a person or a party of people for its object it tells a visit
    # ("welcomed the Prime Minister to the capital"), not a statement; with a thing it reports praise.
    guest_object: bool = False
    # Object nouns with which the verb tells an act, when no clause follows ("concluded the summit",
    # "concluded loan agreements", not "concluded the talks had failed" nor "concluded that ...").
    act_objects: frozenset[str] = frozenset()
    # A verb whose object is a listener or a thing brought up ("briefed the mayor", "recalled the floods"):
    # only a that-clause after it is content.
    that_only: bool = False
    # A verb of urging whose object is a person or a thing brought about ("invited Vell to visit", "encouraged
    # voters to stay home"): it reports a request only with the infinitive after its object (or a
    # that-clause); "invited two guests", "encouraging the shift", "advising the bank on a sale" tell an act.
    infinitive_only: bool = False
    # With ``infinitive_only``: any "to" phrase after the object says where a guest is asked to come, the
    # request itself ("invited Vell to Ostrava"); "invited two guests" tells who came.
    destination: bool = False

    def reports(self, content: str) -> bool:
        """False when the content's first word shows a non-reporting use of the verb."""
        words = content.split(None, 1)
        if not words:
            return True
        if self.events:
            head = [x.lower().strip(",.") for x in content.split()[:4]]
            if head and _possessive(head[0]) and any(x in self.events for x in head[1:]):
                return False
        if self.only_objects:
            head = [x.lower().strip(",.") for x in content.split()[:_OBJECT_HEAD_WORDS]]
            if not any(x in self.only_objects for x in head):
                return False
        if self.act_objects and _act_object(content, self.act_objects):
            return False
        first = words[0].lower().strip(",")
        if first and (first[0].isdigit() or first[0] in "$€£"):  # a lone "," is no amount
            return "<amount>" not in self.not_before
        if "<ing>" in self.not_before and first.endswith("ing") and len(first) > 5:
            return False  # "continued discussing the border", "continues easing its policy": an act goes on
        return first not in self.not_before


_ACT_OBJECT_WORDS = 6  # words of a content looked at for an act's object noun and for a clause's verb
_CLAUSE_VERB_RE = re.compile(r"(?:is|was|were|are|has|have|had|will|would|could|can|should|must|may|might)")


def _act_object(content: str, nouns: frozenset[str]) -> bool:
    """True when the content is an object naming an act's thing (one of ``nouns``) with no clause verb."""
    head = [x.lower().strip(",.;:()") for x in content.split()[:_ACT_OBJECT_WORDS]]
    if not head or head[0] == "that" or any(_CLAUSE_VERB_RE.fullmatch(x) for x in head):
        return False
    return any(x in nouns for x in head)


def _possessive(word: str) -> bool:
    """A possessive determiner or noun ("his", "the council's", "journalists'")."""
    return word in _POSSESSIVES or word.endswith(("'s", "’s", "s'", "s’"))


@dataclass(frozen=True)
class CueMatch:
    """A cue found in text."""

    entry: CueEntry
    start: int
    end: int
    form: str
    # An -ing form after a form of "be" ("Varn is criticizing the levy"): a finite verb with a subject of its
    # own, not a participle hanging on the main clause.
    progressive: bool = False

    @property
    def is_participle(self) -> bool:
        """True for an -ing form ("saying"), which takes its subject from the main clause."""
        return (
            self.form.split()[0].endswith("ing") and self.entry.cue != "according to" and not self.progressive
        )


@dataclass
class Lexicon:
    """All cues, the passive phrases, the global object rules and a compiled matcher."""

    entries: list[CueEntry]
    passive: list[CueEntry]
    object_rules: dict[str, str]
    by_form: dict[str, CueEntry]
    passive_pattern: re.Pattern[str]
    _first: dict[str, list[tuple[str, re.Pattern[str] | None]]] | None = None
    # Uninflected forms ("reaffirm", "call on"): cues only after a first-person plural subject.
    base_only: frozenset[str] = frozenset()
    # Uninflected forms that are also cues after any plural subject ("they say", "critics argue").
    plural_present: frozenset[str] = frozenset()
    # Uninflected forms that are also cues after "do" or "would" ("did say", "would only say").
    after_auxiliary: frozenset[str] = frozenset()
    # Nouns of saying after an owner's possessive ("Vell's claim that ..."): noun -> (the verb cue whose
    # stance it takes, the complements that carry its content: "that", "to", "for").
    saying_nouns: dict[str, tuple[CueEntry, frozenset[str]]] = field(default_factory=dict)
    # The matches found in the latest texts, by (start, end): the planner, the parse cascade and the reported
    # pass each look for the cues of the same sentences. The latest few text objects are kept, by identity
    # (the text is held, so its id is not reused): a group of articles is planned before any is walked.
    _recent: dict[int, tuple[str, dict[tuple[int, int], tuple[CueMatch, ...]]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def find(self, text: str, start: int, end: int) -> list[CueMatch]:
        """Cue matches in text[start:end], longest form first, filtered for noun uses."""
        memo = self._recent.get(id(text))
        if memo is None or memo[0] is not text:
            memo = self._recent[id(text)] = (text, {})
            if len(self._recent) > _RECENT_TEXTS:
                del self._recent[next(iter(self._recent))]  # the oldest
        found = memo[1]
        matches = found.get((start, end))
        if matches is None:
            matches = found[(start, end)] = tuple(self._find(text, start, end))
        return list(matches)

    def _find(self, text: str, start: int, end: int) -> list[CueMatch]:
        out: list[CueMatch] = []
        index = self.first_words
        pos = start
        title_case = _title_case_headline(text, start, end)
        for m in _WORD_RE.finditer(text, start, end):
            if m.start() < pos:
                continue
            forms = index.get(m.group(0).lower())
            if not forms:
                continue
            for form, rest in forms:
                stop = m.end()
                if rest is not None:
                    r = rest.match(text, stop, end)
                    if r is None or (
                        form.endswith(_PREP_ENDINGS) and _TIME_AFTER_RE.match(text, r.end(), end)
                    ):
                        continue  # "insisted on Tuesday that": the preposition belongs to the date
                    stop = r.end()
                entry = self.by_form[form]
                lead = (
                    _catenative_before(text, m.start(), start)
                    if form in self.base_only
                    and (form in self.plural_present or form in self.after_auxiliary or form == "add")
                    else None
                )
                if lead is None and form in self.base_only and form not in _MIND_CUES:
                    lead = _carrying_verb_before(text, m.start(), start)
                    if lead is not None and out and out[-1].start >= lead:
                        out.pop()  # "went on to say": the carried cue, not the carrying verb alone
                if lead is not None:
                    # "was quick to add that ...", "tried to attack the plan": the verb that carries the
                    # infinitive is part of the cue, so its subject is the cue's.
                    out.append(CueMatch(entry, lead, stop, text[lead:stop]))
                    pos = stop
                elif self._verbal(text, m.start(), form, entry, start, title_case):
                    progressive = (
                        form.split()[0].endswith("ing")
                        and entry.cue not in _NOT_SAYING_PROGRESSIVE
                        and _progressive(text, m.start(), start)
                    )
                    out.append(CueMatch(entry, m.start(), stop, text[m.start() : stop], progressive))
                    pos = stop
                break
        return out

    def infinitive_cues(self, text: str, start: int, end: int) -> list[CueMatch]:
        """Uninflected cue forms right after "to" in text[start:end] ("stood up to say", "prompted Brask to
        accuse"), which ``find`` keeps only after a known carrying verb: the caller asks the parse whether
        the infinitive has a controller who says it (`Context.controller_subject`)."""
        out: list[CueMatch] = []
        for m in _INFINITIVE_RE.finditer(text, start, end):
            for form, rest in self.first_words.get(m.group(1).lower(), []):
                if form not in self.base_only or form in _MIND_CUES:
                    continue
                stop = m.end(1)
                if rest is not None:
                    r = rest.match(text, stop, end)
                    if r is None:
                        continue
                    stop = r.end()
                out.append(CueMatch(self.by_form[form], m.start(1), stop, text[m.start(1) : stop]))
                break
        return out

    @property
    def first_words(self) -> dict[str, list[tuple[str, re.Pattern[str] | None]]]:
        """Forms indexed by their first word, longest first, each with a matcher for the remaining words."""
        if self._first is None:
            idx: dict[str, list[tuple[str, re.Pattern[str] | None]]] = {}
            for form in sorted(self.by_form, key=len, reverse=True):
                words = form.split()
                rest = None
                if len(words) > 1:
                    # "expressed his deep concern": a possessive and an intensifier may sit inside the phrase.
                    inner = (
                        _EXPRESS_INNER
                        if words[0].startswith(_EXPRESS_LEADS) and words[1] not in _POSSESSIVES
                        else _DRAW_INNER
                        if words[0].startswith(("draw", "drew")) and words[1] == "attention"
                        else _SPEAK_INNER[words[1]]
                        if words[0] in _SPEAK_FORMS and words[1:] in (["about"], ["of"])
                        else _PHRASAL_INNER
                        if len(words) == 2 and words[1] in _PHRASAL_ENDS
                        else ""
                    )
                    rest = re.compile(
                        inner + r"".join(r"\s+" + re.escape(w) for w in words[1:]) + r"(?![\w’'-])",
                        re.IGNORECASE,
                    )
                idx.setdefault(words[0], []).append((form, rest))
            self._first = idx
        return self._first

    def _verbal(
        self, text: str, pos: int, form: str, entry: CueEntry, lo: int, title_case: bool = False
    ) -> bool:
        prev = _prev_word(text, pos, lo)
        first = form.split()[0]
        if entry.cue == "according to":
            return True
        if form in self.base_only:
            return (
                _we_before(text, pos, lo)
                or _coordinated_names_before(text, pos, lo)
                or (entry.cue in self.plural_present and _plural_subject_before(text, pos, lo))
                or (
                    entry.cue in self.after_auxiliary
                    and _auxiliary_before(text, pos, lo)
                    and not _NOTHING_SAID_RE.match(text, pos + len(form))
                )
            )
        if first.endswith("ing"):
            return (
                participle_lead(text, pos, lo)
                or NAME_BEFORE_ING_RE.search(text, max(lo, pos - 80), pos) is not None
                or (entry.cue not in _NOT_SAYING_PROGRESSIVE and _progressive(text, pos, lo))
            )
        if prev in _DETERMINERS and not entry.noun_ok:
            return False
        # "she further stated", "Vell earlier said": a verb of saying ("further highlighted" tells an effect).
        adverb = prev in _ADVERBS_TOO and _past_form(first) and entry.cue in _PLAIN_SAYING_PASTS
        if prev in _NOUN_ADJECTIVES and not entry.noun_ok and not adverb:
            return False  # "his repeated claims"
        possessive = prev.endswith(("'s", "’s", "s'", "s’")) and not _CONTRACTED_HAS_RE.fullmatch(prev)
        if possessive and not entry.noun_ok:
            return False  # "Lestia's claims", "Hollins’ demands": a possessive makes the cue word a noun
        if " " not in form and form.endswith("s") and not form.endswith("ss") and not entry.noun_ok:
            nxt = _next_word(text, pos + len(form), pos + len(form) + 20)
            if nxt in _PLURAL_SUBJECT_NEXT:
                return False  # "promises need guarantees": a plural noun subject, not "X promises"
            if _PLURAL_RELATIVE_RE.match(text, pos + len(form)):
                return False  # "protests that have gone on", "comments which were echoed": a plural noun
        if form == "states" and _proper_modifier_before(text, pos, lo):
            return False  # "moves on to Western states this week", "Rust Belt states such as …": US states
        # A capitalised cue word mid-sentence is a name ("Said", "Hope"), unless it opens the sentence or
        # stands in a headline that capitalises every word ("Varn Slams Harbour Levy").
        return title_case or not (text[pos].isupper() and prev not in ("", "."))


# A verb that carries a cue's infinitive and tells how the subject went about saying it: "was quick to
# add", "were careful to note", "tried to explain", "took pains to stress", "is at pains to point out", "went
# so far as to say". Not a duty or a refusal ("had to", "declined to", "refused to": nothing, or not this,
# was said), nor "go on to", "continue to" and "seek to", which are cues of their own. Only verbs of saying
# proper (`plural_present`, `after_auxiliary`, "add"): "were quick to offer condolences", "tried to ask" tell
# an act or an attempt.
_CATENATIVE_RE = re.compile(
    r"(?<![\w’'])(?:(?:is|are|was|were|been)\s+(?:quick|quicker|careful|eager|keen|swift|the\s+first|at\s+pains)|"
    r"tried|tries|trying|(?:took|takes|take|taking)\s+pains|(?:went|goes|go|going|gone)\s+so\s+far\s+as)"
    r"\s+to\s+$",
    re.IGNORECASE,
)


def _catenative_before(text: str, pos: int, lo: int) -> int | None:
    """Where a verb carrying the infinitive cue at ``pos`` starts ("was quick to add"), or None."""
    m = _CATENATIVE_RE.search(text, max(lo, pos - 40), pos)
    return m.start() if m is not None else None


# A verb phrase whose infinitive is the cue, and whose subject says it: the saying goes on ("went on to
# attack", "seemed to urge"), or is what the subject's act was for ("used her speech to call for", "held
# a news conference to defend", "took the stage to acknowledge", "took to Twitter to attack"). An adverb may
# sit before the cue ("went on to sharply criticize"). Not a wish, plan, duty or refusal ("wants to",
# "plans to", "had to", "declined to"), where nothing, or not this, was said; and not an -ing form ("with
# Varn taking to the radio to call ..."), which hangs on another clause's subject.
_CARRYING_VERB_RE = re.compile(
    r"(?<![\w’'])(?:"
    r"(?:went|goes)\s+on|seemed|seems|appeared|appears"
    r"|(?:used|uses)\s+(?:his|her|their|its|the|a|an|this|that)(?:\s+[\w’'\-]+){1,6}?"
    r"|(?:held|holds)\s+(?:a|an)(?:\s+[\w’'\-]+){0,4}?\s+(?:conference|briefing|call|rally|event|meeting)"
    r"|(?:took|takes)\s+(?:the\s+(?:stage|floor|podium|microphone|opportunity|occasion)|to\s+[A-Z][\w’'\-]*)"
    r"(?:\s+[\w’'\-]+){0,4}?"
    r")\s+to\s+(?:[a-z]+ly\s+)?$"
)


# A lower-case word after the infinitive marker, maybe after an adverb ("to say", "to sharply criticize").
_INFINITIVE_RE = re.compile(r"(?<![\w’'])to\s+(?:[a-z]+ly\s+)?([a-z]+)\b")
_TO_BEFORE_RE = re.compile(r"(?<![\w’'])to\s+(?:[a-z]+ly\s+)?$")
# Verbs of mind: after "seemed to", "went on to" or "used the speech to" they tell an attitude the writer
# reads into the subject ("seems to think the rules spare him"), not words said.
_MIND_CUES = frozenset({"think", "believe", "expect", "hope", "feel", "know"})


def _carrying_verb_before(text: str, pos: int, lo: int) -> int | None:
    """Where a verb phrase carrying the infinitive cue at ``pos`` starts ("went on to attack"), or None."""
    if not _TO_BEFORE_RE.search(text, max(lo, pos - 20), pos):
        return None  # the cheap check first: most base forms follow no "to"
    m = _CARRYING_VERB_RE.search(text, max(lo, pos - 90), pos)
    return m.start() if m is not None else None


# "Varn is criticizing", "the board was telling reporters", "she's pointing out", "has been saying": a form
# of "be" (a contracted one after a pronoun), then up to two adverbs, before an -ing cue.
_PROGRESSIVE_BEFORE_RE = re.compile(
    r"(?<![\w’'])(?:is|are|was|were|been|(?:he|she|it|that|who|they|we)[’'](?:s|re))\s+"
    r"(?:(?:also|now|still|again|already|increasingly|repeatedly|publicly|privately|quietly|openly|not|"
    r"continuing\s+to|only)\s+){0,2}$",
    re.IGNORECASE,
)


# Cues whose progressive tells a wish, a campaign or a vote rather than words ("are hoping for a nod", "is
# challenging the senator in the primary", "are backing up their endorsements", "are confirming judges").
_NOT_SAYING_PROGRESSIVE = frozenset(
    {
        "hope",
        "back",
        "challenge",
        "confirm",
        "offer",
        "seek",
        "expect",
        "resist",
        "think",
        "believe",
    }
)


# Words of that list that are also adverbs before a verb in the past ("she further stated").
_ADVERBS_TOO = word_set("""further earlier""")
# The verbs of saying whose past an adverb "further" or "earlier" may stand before.
_PLAIN_SAYING_PASTS = word_set(
    """say state add note tell write explain stress emphasize emphasise claim argue warn insist assert"""
)
# Irregular past forms of verbs of saying, which no adjective turns into a noun.
_IRREGULAR_PASTS = word_set("""said told wrote spoke""")


def _past_form(word: str) -> bool:
    """A past tense or participle ("stated", "said"): never a noun, so a word before it is an adverb."""
    low = word.lower()
    return low.endswith("ed") or low in _IRREGULAR_PASTS


def _progressive(text: str, pos: int, lo: int) -> bool:
    """True when the -ing word at ``pos`` is the verb of a progressive tense ("is criticizing")."""
    return bool(_PROGRESSIVE_BEFORE_RE.search(text, max(lo, pos - 40), pos))


# "states" is far more often the plural noun than the verb in political copy ("Southern states", "EU member
# states"), and a proper adjective or a capitalised modifier names which ones: a compass or party adjective
# ("Western", "Democratic", "Baltic"), or a capitalised run mid-sentence with no determiner before it
# ("crucial Rust Belt states", "and Super Tuesday states"). A run led by a determiner names a document or a
# body that may state ("the Executive Order states, in part, that ..."), and one opening the sentence may be
# its subject ("Vell states that ..."), unless its last word is such an adjective ("Most Southern states").
_PROPER_ADJECTIVE_RE = re.compile(r"[A-Z][a-z]+(?:ern|ic|ese|ish)")
_CAPITALISED_RUN_RE = re.compile(r"((?:[A-Z][\w’'\-]*\s+)+)$")
_RUN_LEADS = _DETERMINERS | _POSSESSIVES


def _proper_modifier_before(text: str, pos: int, lo: int) -> bool:
    """Whether a capitalised modifier right before ``pos`` makes the word there a plural noun."""
    run = _CAPITALISED_RUN_RE.search(text, max(lo, pos - 60), pos)
    if run is None:
        return False
    last = run.group(1).split()[-1]
    if _PROPER_ADJECTIVE_RE.fullmatch(last) and not given_name(last):
        return True
    before = text[lo : run.start()].rstrip()
    if not before or before[-1] in ".!?\"“”'‘’":
        return False  # the run opens the sentence (or a quote): it may be the verb's subject
    lead = _prev_word(text, run.start(), lo)
    return lead not in _RUN_LEADS and not lead[:1].isdigit()


# A preposition opening the sentence before an -ing form ("In asking the court to ..., the group noted",
# "Instead of calling himself X, Vell said", "In addition to stating that ..., she has vowed"): the gerund's
# subject is the main clause's, as after "after" or "while". Only at the sentence's start: inside a clause,
# "in" and "for" hang the gerund on a noun or an adjective ("a role in denying", "praised X for pursuing").
_OPENING_PREPOSITION_RE = re.compile(
    r"\s*(?:(?:And|But|Yet)\s+)?(?:In|in|Besides|besides|Instead\s+of|instead\s+of|In\s+addition\s+to|"
    r"in\s+addition\s+to|Since|since|Despite|despite|Rather\s+than|rather\s+than|Apart\s+from|Aside\s+from)"
    r"\s+(?:[a-z]+ly\s+)?"
)


def opening_preposition(text: str, lo: int, pos: int) -> bool:
    """Whether text[lo:pos], from the sentence's start to an -ing form, is a preposition that makes it a
    gerund of the main clause's subject ("In asking ...", "Instead of calling ...")."""
    return pos - lo < 40 and _OPENING_PREPOSITION_RE.fullmatch(text, lo, pos) is not None


def participle_lead(text: str, pos: int, lo: int) -> bool:
    """Whether what stands before the -ing form at ``pos`` makes it a participle clause hanging on the main
    subject or on a text the subject issued ("..., saying", "and adding", "issued a statement calling")."""
    if opening_preposition(text, lo, pos):
        return True
    prev = _prev_word(text, pos, lo)
    manner = prev in ADVERBS_BEFORE_CUE or (prev.endswith("ly") and len(prev) > 4 and prev not in _DENYING_LY)
    if prev not in _ING_LEADS and manner:
        # "by first saying", "after repeatedly dismissing": an adverb of the -ing form stands between it and
        # its lead; not after "and", where it as often joins adjectives ("unorthodox and broadly appealing")
        # or a second gerund ("condoning and apparently encouraging violence").
        at = text.rfind(prev, lo, pos)
        before = _prev_word(text, at, lo)
        if (before in _ING_LEADS and before != "and") or _prev_char(text, at, lo) in ",;(—–":
            return True  # also "..., recently telling a friend that ..."
    return (
        prev in _ING_LEADS
        or _TEXT_BEFORE_ING_RE.search(text, max(lo, pos - 90), pos) is not None
        or _prev_char(text, pos, lo) in ",;(—–"
    )


# A headline in title case ("Edda Varn Says The Pier Will Reopen"): the article's first line, with four
# words or more of four letters or more, nearly all capitalised. Its capitalised cue words are verbs.
_TITLE_WORD_RE = re.compile(r"[A-Za-z][\w’'\-]{3,}")
_TITLE_CASE_SHARE = 0.8
_NON_SPACE_RE = re.compile(r"\S")


def _title_case_headline(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a title-case headline opening the text."""
    if _NON_SPACE_RE.search(text, 0, start) is not None or "\n" in text[start:end].strip():
        return False  # not the text's first line (the search stops at the text's first character)
    words = _TITLE_WORD_RE.findall(text, start, end)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= _TITLE_CASE_SHARE * len(words)


def _prev_word(text: str, pos: int, lo: int) -> str:
    i = pos - 1
    while i >= lo and text[i] == " ":
        i -= 1
    j = i
    while j >= lo and (text[j].isalpha() or text[j] in "'’-"):
        j -= 1
    return text[j + 1 : i + 1].lower()


def _we_before(text: str, pos: int, lo: int) -> bool:
    """True when "we" (with at most two adverbs between) is the subject of the word at ``pos``."""
    words = re.findall(r"[A-Za-z]+", text[max(lo, pos - 40) : pos])[-3:]
    for w in reversed(words):
        low = w.lower()
        if low == "we":
            return True
        if low == "and":
            # "We condemn X, and commit to Y": a coordinated verb of the same "we" earlier in the sentence.
            return bool(re.search(r"(?<![\w-])we\s", text[max(lo, pos - 300) : pos], re.IGNORECASE))
        if low not in _WE_ADVERBS:
            return False
    return False


# A sentence opening on names joined by "and" ("The United States and Lusmark reaffirm ...", "Tarsenia and
# the European Union commit to ..."): a joint statement's "we", so an uninflected verb after it is finite.
_JOINED_NAME = r"[A-Z][\w.'’\-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w.'’\-]*){0,4}"
_COORDINATED_NAMES_RE = re.compile(
    rf"(?:^|[.!?;:]\s+)(?:[Tt]he\s+)?{_JOINED_NAME}(?:,\s+(?:the\s+)?{_JOINED_NAME})*,?\s+and\s+(?:the\s+)?"
    rf"{_JOINED_NAME}\s+((?:[a-z]+\s+){{0,2}})$"
)
_SUBJECT_WINDOW = 250


def _coordinated_names_before(text: str, pos: int, lo: int) -> bool:
    """True when names joined by "and" open the sentence and are the subject of the word at ``pos`` (at
    most two adverbs between, as after "we")."""
    if not text[pos : pos + 1].islower():
        return False  # "National Artist of Lusmark and Tarsenia State Prize winner": a name goes on
    start = max(lo, pos - _SUBJECT_WINDOW)
    # A slice, not search(text, start, pos): "^" would match only at the text's own start.
    m = _COORDINATED_NAMES_RE.search(text[start:pos])
    if m is None or (m.start() == 0 and start != lo and text[start - 1] not in ".!?;:\n"):
        return False
    return all(w in _WE_ADVERBS for w in m.group(1).split())


# "they say", "critics who argue", "many insist": a plural noun or pronoun subject right before an
# uninflected verb (up to two adverbs between) makes it a present tense. A plural noun is a word ending in
# -s that is no possessive, pronoun or adverb ("his", "always"), or an irregular plural.
_PLURAL_PRONOUNS = word_set("""they who many some others both all few""")
_IRREGULAR_PLURALS = word_set("""people men women police children folks""")
_NOT_PLURAL_S = word_set(
    """this his its is was has does as us yes thus perhaps always sometimes unless whereas besides
    afterwards towards nevertheless news series politics its always chaos bus"""
)
_PRESENT_ADVERBS = word_set(
    """also still often now too privately publicly openly repeatedly generally frequently increasingly
    already rightly long always sometimes even further simply""",
)
# Before the subject: an auxiliary asks or negates ("do they say", "did critics argue"), a causative or
# perception verb takes the subject as its object ("let them say", "heard voters say").
_NOT_FINITE_BEFORE = word_set(
    """do does did don't doesn't didn't will would can could should might may must shall let lets letting
    make makes made making help helps helped helping hear hears heard hearing see sees saw seeing watch
    watched have has had having to"""
)


# "did say", "does acknowledge", "would only say", "would later argue": "do" or the "would" of a past
# narration with up to two adverbs before an uninflected verb of saying. Other modals tell a prediction or a
# possibility ("critics will say", "he could argue"), a negation nothing said ("did not say"), and an
# auxiliary that opens its clause asks a question ("Did she say ...?", "what would critics argue").
_AUXILIARY_BEFORE_RE = re.compile(
    r"(?<![\w’'])(?:did|does|do|would)"
    r"\s+(?:(?:only|also|later|then|now|again|indeed|probably|likely|certainly|publicly|privately|still|"
    r"repeatedly|surely|clearly|undoubtedly|simply|just|even)\s+){0,2}$",
    re.IGNORECASE,
)
# "would say nothing about the talks", "did say little": an object that tells that nothing was said.
_NOTHING_SAID_RE = re.compile(r"\s+(?:nothing|little|anything|much|no)\b", re.IGNORECASE)
# Before the auxiliary stands its subject, not a question word or a conditional ("what would ...", "if you
# would ...").
_QUESTION_LEADS = word_set("""what why how when where whether which who whom if unless""")


def _auxiliary_before(text: str, pos: int, lo: int) -> bool:
    """True when "do" or "would" of a stated subject stands right before the uninflected word at ``pos``."""
    m = _AUXILIARY_BEFORE_RE.search(text, max(lo, pos - 60), pos)
    if m is None:
        return False
    before = re.findall(r"[A-Za-z][\w'’\-]*|[.?!:;]", text[max(lo, m.start() - 60) : m.start()])
    if not before or before[-1] in ".?!:;":
        return False  # "Did she say ...": the auxiliary opens its clause
    return before[-1].lower() not in _QUESTION_LEADS and before[-1].lower() not in _NOT_FINITE_BEFORE


# After the verb, a clause opens: "that" or a subject pronoun ("say that …", "argue they …"); "…, say experts"
# has the inverted subject there instead.
_CLAUSE_AFTER_RE = re.compile(r"[A-Za-z]+(?:\s+out)?\s+(?:that|they|he|she|it|we|there)\b")


def _plural_subject_before(text: str, pos: int, lo: int) -> bool:
    """True when a plural subject (up to two adverbs between) stands right before the word at ``pos``."""
    head = text[max(lo, pos - 120) : pos]
    if head.rstrip().endswith(",") and _CLAUSE_AFTER_RE.match(text, pos):
        # "Critics of the levy, however, say it ...", "Many of its owners, some of them skippers, argue that
        # ...": an aside between commas after the plural subject, and a clause after the verb.
        comma = pos - (len(head) - len(head.rstrip())) - 1
        aside = text.rfind(",", max(lo, pos - 120), comma)
        if (
            aside < 0
            or re.search(r"[\"“”;:.!?()]", text[aside + 1 : comma])
            or len(text[aside:comma].split()) > 10
        ):
            return False
        return _plural_subject_before(text, aside, lo)
    if head.rstrip()[-1:] in tuple(",;:.!?)\"”’'—–"):
        return False  # "..., say experts": an inverted attribution, its subject after the verb
    words = re.findall(r"[A-Za-z][\w'’\-]*", head)
    i = len(words) - 1
    while i >= 0 and len(words) - 1 - i < 2 and words[i].lower() in _PRESENT_ADVERBS:
        i -= 1
    if i < 0:
        return False
    word = words[i]
    low = word.lower()
    # Within the subject's few words before it: "do harbour critics say", "let Vell's aides say".
    # A relative "who" makes its clause finite whatever stands before it ("gave hope to critics who say").
    if low != "who" and any(x.lower() in _NOT_FINITE_BEFORE for x in words[max(0, i - 3) : i]):
        return False
    if low in _PLURAL_PRONOUNS or low in _IRREGULAR_PLURALS:
        return True
    return (
        low.endswith("s")
        and not low.endswith(("ss", "us", "is", "'s", "’s"))
        and len(low) >= 4
        and low not in _NOT_PLURAL_S
        and low not in _DETERMINERS
    )


def _next_word(text: str, pos: int, hi: int) -> str:
    m = _WORD_RE.search(text, pos, min(hi, len(text)))
    return m.group(0).lower() if m and not text[pos : m.start()].strip() else ""


def _prev_char(text: str, pos: int, lo: int) -> str:
    i = pos - 1
    while i >= lo and text[i] == " ":
        i -= 1
    # `called it "a sham," accusing ...`, `... wall,'' saying ...`: a comma inside closing quote marks is the
    # comma before the word.
    j = i
    while j >= lo and text[j] in "\"”’'":
        j -= 1
    if lo <= j < i and text[j] == ",":
        return ","
    return text[i] if i >= lo else ""


def inflect(verb: str, double: bool = False) -> list[str]:
    """Regular English inflections of a verb: -s, -ed, -ing."""
    v = verb.lower()
    if v.endswith("e") and not v.endswith(("ee", "ye")):
        return [v + "s", v + "d", v[:-1] + "ing"]
    if v.endswith("y") and len(v) > 2 and v[-2] not in "aeiou":
        return [v[:-1] + "ies", v[:-1] + "ied", v + "ing"]
    if v.endswith(("s", "sh", "ch", "x", "z")):
        return [v + "es", v + "ed", v + "ing"]
    if double:
        return [v + "s", v + v[-1] + "ed", v + v[-1] + "ing"]
    return [v + "s", v + "ed", v + "ing"]


def _forms(raw: dict[str, Any]) -> tuple[str, ...]:
    if raw.get("forms"):
        return tuple(" ".join(str(f).lower().split()) for f in raw["forms"])
    words = str(raw["cue"]).lower().split()
    return tuple(" ".join([f, *words[1:]]) for f in inflect(words[0], bool(raw.get("double"))))


def _entry(raw: Any, where: str) -> CueEntry:
    if not isinstance(raw, dict) or not raw.get("cue"):
        raise LexiconError(f"{where}: each entry needs a 'cue'")
    stance = str(raw.get("stance", "neutral"))
    if stance not in STANCES:
        raise LexiconError(f"{where} ({raw['cue']}): unknown stance {stance!r}")
    takes = str(raw.get("takes", "both"))
    if takes not in _VALID_TAKES:
        raise LexiconError(f"{where} ({raw['cue']}): 'takes' must be one of {_VALID_TAKES}")
    objects = {str(k).lower(): str(v) for k, v in (raw.get("objects") or {}).items()}
    for k, v in objects.items():
        if v not in STANCES:
            raise LexiconError(f"{where} ({raw['cue']}): object rule {k} -> unknown stance {v!r}")
    not_before = raw.get("not_before") or []
    if not isinstance(not_before, list) or not all(isinstance(x, str) for x in not_before):
        # YAML reads a bare on / off / yes / no as a boolean: such words must be quoted.
        raise LexiconError(
            f"{where} ({raw['cue']}): 'not_before' must be a list of words (quote on/off/yes/no)"
        )
    return CueEntry(
        str(raw["cue"]).lower(),
        _forms(raw),
        stance,
        takes,
        objects,
        bool(raw.get("noun_ok")),
        frozenset(str(x).lower() for x in not_before),
        bool(raw.get("complement")),
        frozenset(str(x).lower() for x in raw.get("events") or []),
        frozenset(str(x).lower() for x in raw.get("only_objects") or []),
        bool(raw.get("guest_object")),
        frozenset(str(x).lower() for x in raw.get("act_objects") or []),
        bool(raw.get("that_only")),
        bool(raw.get("infinitive_only")),
        bool(raw.get("destination")),
    )


def _alternation(forms: list[str]) -> str:
    parts = sorted(set(forms), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in parts)


def parse_lexicon(data: Any, where: str = "cues.yaml") -> Lexicon:
    """Build a lexicon from the parsed YAML document; raises LexiconError naming the problem."""
    if not isinstance(data, dict) or not isinstance(data.get("cues"), list):
        raise LexiconError(f"{where}: expected a mapping with a 'cues' list")
    entries = [_entry(r, f"{where} cues[{i}]") for i, r in enumerate(data["cues"])]
    passive = [_entry(r, f"{where} passive[{i}]") for i, r in enumerate(data.get("passive") or [])]
    rules: dict[str, str] = {}
    for stance, words in (data.get("object_rules") or {}).items():
        if stance not in STANCES:
            raise LexiconError(f"{where} object_rules: unknown stance {stance!r}")
        for w in words or []:
            rules[str(w).lower()] = str(stance)
    by_form: dict[str, CueEntry] = {}
    for e in entries:
        for f in e.forms:
            by_form.setdefault(f, e)
    base_only = set()
    for e in entries:
        if e.cue not in by_form and e.cue != "according to":
            by_form[e.cue] = e
            base_only.add(e.cue)
    passive_pattern = re.compile(
        r"(?<![\w-])(?:" + _alternation([e.cue for e in passive]) + r")(?![\w-])", re.IGNORECASE
    )
    return Lexicon(
        entries,
        passive,
        rules,
        by_form,
        passive_pattern,
        base_only=frozenset(base_only),
        plural_present=_base_forms(data, "plural_present", base_only, where),
        after_auxiliary=_base_forms(data, "after_auxiliary", base_only, where),
        saying_nouns=_saying_nouns(data.get("saying_nouns") or {}, entries, where),
    )


def _base_forms(data: dict[str, Any], key: str, base_only: set[str], where: str) -> frozenset[str]:
    """A list of uninflected cues under ``key`` (``plural_present``, ``after_auxiliary``), each checked."""
    verbs = data.get(key) or []
    if not isinstance(verbs, list) or not all(isinstance(x, str) for x in verbs):
        raise LexiconError(f"{where} {key}: expected a list of verbs")
    unknown = [x for x in verbs if x.lower() not in base_only]
    if unknown:
        raise LexiconError(f"{where} {key}: not the base form of a cue: {', '.join(unknown)}")
    return frozenset(x.lower() for x in verbs)


# "on" and "against" take the target of a verbal attack ("her attacks on the levy"): see ``noun_cues``.
_NOUN_COMPLEMENTS = frozenset({"that", "to", "for", "on", "against"})


def _saying_nouns(
    data: Any, entries: list[CueEntry], where: str
) -> dict[str, tuple[CueEntry, frozenset[str]]]:
    """The ``saying_nouns`` table: each noun form, the verb cue it stands for and its complements."""
    if not isinstance(data, dict):
        raise LexiconError(f"{where} saying_nouns: expected a mapping of nouns")
    by_cue = {e.cue: e for e in entries}
    out: dict[str, tuple[CueEntry, frozenset[str]]] = {}
    for noun, spec in data.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("takes"), list):
            raise LexiconError(f"{where} saying_nouns[{noun}]: expected {{verb: ..., takes: [...]}}")
        entry = by_cue.get(str(spec.get("verb", "")).lower())
        if entry is None:
            raise LexiconError(f"{where} saying_nouns[{noun}]: verb {spec.get('verb')!r} is not a cue")
        takes = frozenset(str(t) for t in spec["takes"])
        if not takes or not takes <= _NOUN_COMPLEMENTS:
            raise LexiconError(
                f"{where} saying_nouns[{noun}]: takes must be some of that, to, for, on, against"
            )
        out[str(noun).lower()] = (entry, takes)
    return out


def _load_passive_forms(lex: Lexicon) -> Lexicon:
    # Passive phrases are matched whole, not inflected.
    fixed = [
        CueEntry(e.cue, (e.cue,), e.stance, e.takes, e.objects, True, e.not_before, e.complement, e.events)
        for e in lex.passive
    ]
    lex.passive = fixed
    return lex


def lexicon_path() -> Path:
    """Where the cue lexicon lives (``QUOTELINE_DATA_DIR``/cues.yaml)."""
    return settings.get_path("data_dir") / "cues.yaml"


@lru_cache(maxsize=4)
def _load(path: str) -> Lexicon:
    try:
        with open(path, encoding="utf-8") as fh:
            # libyaml's safe loader when built in: same result as safe_load, several times faster.
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except OSError as e:
        raise LexiconError(f"{path}: cannot read the cue lexicon ({e.strerror})") from e
    except yaml.YAMLError as e:
        raise LexiconError(f"{path}: not valid YAML ({e})") from e
    return _load_passive_forms(parse_lexicon(data, path))


def load(path: Path | None = None) -> Lexicon:
    """The cue lexicon (cached per path)."""
    return _load(str(path or lexicon_path()))


def stance_for(entry: CueEntry, obj: str, lex: Lexicon) -> str:
    """Stance of a cue given the text of its object: the cue's object rules, then the global ones."""
    words = re.findall(r"[a-z]+", obj.lower())[:8]
    for w in words:
        if w in entry.objects:
            return entry.objects[w]
    if entry.stance == "neutral":
        for w in words[:4]:
            if w in lex.object_rules:
                return lex.object_rules[w]
    return entry.stance
