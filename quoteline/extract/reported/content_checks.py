"""Tests that a cue's would-be content is something said: not only an adjunct or a listener ("said in an
interview", "told advisers afterward"), not "declined to comment", and for naming verbs a complement
("called it a sham", not "called a meeting")."""

from __future__ import annotations

import itertools
import re

from quoteline.extract import clauses, kb
from quoteline.extract.context import Context
from quoteline.extract.cues import CueMatch
from quoteline.extract.mentions import abbreviation_at
from quoteline.extract.quote_words import word_count
from quoteline.extract.reported.text_scan import BARE_DAY_RE, FINITE_RE, THAT_RE, first_quote_from
from quoteline.extract.text import word_set

# Verbs of plain saying: their content is a clause (or a "to" directive after "told"), never a bare
# prepositional phrase ("said of the campaign", "wrote to investors", "said at the time").
PLAIN_SAYING = frozenset(
    {
        "say",
        "tell",
        "add",
        "write",
        "state",
        "explain",
        "reply",
        "respond",
        "note",
        "tweet",
        "post",
        "remark",
    }
)
_PREPOSITION_LEADS = word_set(
    """in on at to from of about during after before via through with while for afterward afterwards later
    earlier as when monday tuesday wednesday thursday friday saturday sunday"""
)


def to_saying(ctx: Context, i: int, b: int) -> bool:
    """True for "went on to say ...", "continued to insist ...": the infinitive is itself a verb of saying."""
    m = re.match(r"\s*to\s+([a-z]+)\b", ctx.work[i:b])
    entry = ctx.lex.by_form.get(m.group(1)) if m else None
    # Object-only verbs ("continued to back the plan") are acts of support, not of saying.
    return entry is not None and entry.takes != "object"


# Where or when, not what: "appeared before the board last spring", "declared in the capital", "suggested at
# the meeting", "reported a few days later". Prepositions that open an object of their own ("warned of",
# "argued for", "commented on") are not among them.
_SCENE_LEADS = word_set("""in at before during from afterward afterwards later earlier yesterday today""")
_SCENE_WORDS = 8  # a longer prepositional "content" may go on to say something ("in a speech against ...")
_OBJECT_AFTER_SCENE_RE = re.compile(r"\s(?:against|about|over|for|of|on|to|toward|towards)\s", re.IGNORECASE)
# A time told against another event, opening what follows the cue: "two days after the vote", "hours before
# the count", "shortly after she left", "a week later".
_TIME_RELATION_RE = re.compile(
    r"(?:(?:just|only|even|shortly|soon|not\s+long|moments|minutes|hours|days|weeks|months|years|"
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|a\s+few|a\s+couple\s+of)\s+"
    r"(?:minutes?|hours?|days?|weeks?|months?|years?))\s+)+(?:after|before|later|earlier)\b",
    re.IGNORECASE,
)
_INFINITIVE_RE = re.compile(r"\bto\s+(?:be|have|do)\b")
_LATER_RE = re.compile(
    r"(?:a\s+(?:few|couple\s+of)|several|two|three)\s+(?:days|weeks|months|years)\s+later$"
)


# After a plain saying verb, an "of" phrase names what the words were about ("said of the visit he paid
# last week"), and an "as" clause with its own subject and verb tells when they were said ("said as she
# turned to go", "said matter-of-factly as the lights dimmed"): neither is what was said, whatever verbs
# they hold. "as many as", "as a result" and "as president he ..." are no such clause.
_ABOUT_OR_WHILE_RE = re.compile(
    r"(?:[a-z\-]+ly\s+)?(?:of\s|as\s+(?:(?:he|she|they|we|i|you)\s|(?:the\s+|a\s+)?[a-z]+\s+[a-z]+ed\b))"
)


def adjunct_only(cue: CueMatch, content: str) -> bool:
    """True when a plain saying verb's "content" is only an adjunct or a listener, with no verb of its own,
    or any cue's content is only a short phrase of place or time."""
    if THAT_RE.search(content):
        return False
    if cue.entry.cue in PLAIN_SAYING and _ABOUT_OR_WHILE_RE.match(content):
        return True
    # "during his speech to be a delegate": an infinitive's "be" or "have" is no finite verb.
    if FINITE_RE.search(_INFINITIVE_RE.sub(" ", content.lower())):
        return False
    words = content.split()
    if not words:
        return True
    if cue.entry.cue not in PLAIN_SAYING:
        if re.search("[\"“”]|''", content):
            return False  # "cautioned against ''a betrayal''": quoted words are said
        short = len(words) <= _SCENE_WORDS and cue.entry.takes != "object"
        scene = words[0].lower().strip(",") in _SCENE_LEADS or bool(_LATER_RE.match(content.strip(" ,.")))
        # "warned in a speech against complacency": an object follows the scene.
        return short and scene and not _OBJECT_AFTER_SCENE_RE.search(content)
    if words[0].lower().strip(",") in _PREPOSITION_LEADS:
        return True
    return cue.entry.cue == "tell" and " to " not in f" {content} "


# "called it a sham", "called the vote the worst in years", "calls himself a socialist": an object, then
# a noun phrase naming it. A name may open with an abbreviated title and run to five words ("called Mrs.
# Varn a schemer", "calling Harbour Board Chair Ada Varn a liar").
_OBJECT_NAME = r"(?:[A-Z][a-z]{0,3}\.\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,4}"
_COMPLEMENT_RE = re.compile(
    r"(?:it|him|her|them|himself|herself|themselves|this|that|these|those|(?:the|his|her|their|its)\s+[\w'’\-]+(?:\s+[\w'’\-]+){0,4}?|"
    + _OBJECT_NAME
    + r")\s+(?:a|an|the\s+(?:most|worst|best|biggest|greatest|first|only|real|true)|[a-z]+est)\s"
    # "calls it the big prize", "called him his hero": after an object pronoun (not a common noun's phrase,
    # which may run into "at his home", nor a name, where PolNeAR showed no gain), any "the" phrase but one
    # of time ("called him the next day" phoned him), or a possessive one, names the object.
    r"|(?:it|him|her|them|himself|herself|themselves)\s+(?:the\s+"
    r"(?!(?:next|following|other|same|previous|last|day|night|morning|evening|week|weekend)\b)"
    r"|(?:his|her|their|its|my|our)\s)"
)
_COMPLEMENT_WORDS = 10  # a quoted complement opens within this many words of the cue
# "called him divisive", "calls himself pro-choice", "called Kessel unfair": a person's pronoun, a reflexive
# or a name, then an adjective naming it (by its form: a suffix of quality or a negating "un-"/"dis-" prefix,
# maybe after "very"/"too"), where the clause ends. Not after a common noun: "called the local official"
# phoned one.
ADJECTIVE_COMPLEMENT_RE = re.compile(
    r"(?:him|her|them|himself|herself|themselves|[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3})\s+"
    r"(?:(?:very|too|so|more|less|most|deeply|truly)\s+)?"
    r"(?P<adj>(?:un|dis|in|il|ir)[a-z]{4,}|pro-[a-z]+|anti-[a-z]+|"
    r"[a-z]+(?:ive|ous|ful|less|able|ible|ic|ist|ish|ent|ant|ary|al))"
    r"(?=\s*[,.;:!?)]|\s+(?:and|but|for|because|over|after|while|as)\b)"
)


def has_complement(ctx: Context, a: int, b: int) -> bool:
    """True when a naming verb's object is followed by its name: a quoted label or a noun phrase."""
    w = ctx.work
    if _COMPLEMENT_RE.match(w, a, b):
        return True
    adjective = ADJECTIVE_COMPLEMENT_RE.match(w, a)  # no end bound: the clause end after it is looked at
    if adjective is not None and adjective.end() <= b:
        return True
    k = first_quote_from(ctx, a)
    if 0 <= k < len(ctx.quotes) and ctx.quotes[k].open < b:
        lead = w[a : ctx.quotes[k].open]
        return 0 < word_count(lead) <= _COMPLEMENT_WORDS and not stop_between(w, a, ctx.quotes[k].open)
    return False


def stop_between(w: str, a: int, b: int) -> bool:
    """True when a full stop, colon or semicolon ends a clause in w[a:b]; the full stop of a title or an
    initial ("called Mrs. Varn a 'traitor'", "J. Varn") does not."""
    return any(
        w[i] in ";:" or (w[i] == "." and not abbreviation_at(w, i)) for i in range(a, b) if w[i] in ".;:"
    )


# "declined to comment", "refused to be named": a cue with no statement behind it.
NO_CONTENT_RE = re.compile(
    r"to (?:comment|elaborate|say more|speculate|give (?:further )?details|be (?:named|identified)|"
    r"discuss (?:the matter|details))\b|"
    # "said this during a meeting", "told this to the media": a demonstrative pointing back at words
    # already reported, then where or to whom they were said.
    r"this\s+(?:to|during|in|at|on|while|after|following|when|before|via|from|with|as)\b",
    re.IGNORECASE,
)


# A content right after the cue that opens with a clause or phrase of time tells when the cue was said, not
# what: "conceded when the polls closed", "declared two days after the vote", "reported, even on Friday
# morning, ..." (a content after "that" has been found by then, so it never opens so).
_THAT_WORD_RE = re.compile(r"\bthat\b")
TIME_CLAUSE_OPENING_RE = re.compile(
    r"[,\s]*(?:even\s+|just\s+|shortly\s+|only\s+)?(?:"
    r"(?:when|whenever|once|until)\s"
    r"|(?:a|one|two|three|four|five|six|several|few|\d+)\s+(?:hours?|days?|weeks?|months?|years?)\s+(?:after|before)\s"
    # A bare "before"/"after" only before a clause or a gerund: "testified before Congress" is a venue.
    r"|(?:after|before)\s+(?:he|she|they|it|we|i|[a-z]+ing)\b"
    r"|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(?:morning|afternoon|evening|night),)",
    re.IGNORECASE,
)


def opens_with_time(w: str, a: int, b: int) -> bool:
    """True when the content right after the cue opens with a clause or phrase of time and holds no "that":
    it tells when the cue was said ("conceded when the polls closed"), not what."""
    return TIME_CLAUSE_OPENING_RE.match(w, a, b) is not None and not _THAT_WORD_RE.search(w[a:b])


def only_adjunct(w: str, a: int, b: int) -> bool:
    """True when a cue's content is empty or only a time adjunct ("said on Tuesday"), also one set off by a
    comma that relates the time to another event ("said on Tuesday, two days after the vote was held")."""
    seg = w[a:b].strip(" ,.")
    if (
        seg
        and w[a:b].startswith(seg)
        and w[max(0, a - 4) : a].rstrip().endswith(",")
        and _TIME_RELATION_RE.match(seg)
    ):
        return True  # "wrote on Friday, a day after the polls closed": when, not what
    return not seg or bool(clauses.TEMPORAL_LEAD_RE.fullmatch(seg + " ") or BARE_DAY_RE.fullmatch(seg))


# "everything Edda Varn says is true": the cue's object sits before it (a relative clause), and what follows
# is the main clause's verb. "was raised in the port": an object cue followed by a place is no object at all.
_MAIN_VERB_LEADS = word_set("""is was were are has have had""")
_PLACE_LEADS = word_set("""in at during since from while""")


def no_object(cue: CueMatch, content: str) -> bool:
    """True when the words right after a cue cannot be its content: a main clause's verb, or a place."""
    words = content.split(None, 1)
    if not words:
        return True
    first = words[0].lower()
    if first in _MAIN_VERB_LEADS:
        return True
    return cue.entry.takes == "object" and first in _PLACE_LEADS


# What no reported content opens with: a coordinator, a comma or a dash before a verb continue the phrase the
# cue word sits in ("the Baltic states and Poland", "member states, territories and cities", "Gulf states -
# are small"), so that word is a noun or a verb of another sense, not a verb of saying.
# A comma before quoted words opens them: "noting, “It will be ...”" (Markdown emphasis may sit between). A
# dash opens an apposition that may be the content ("the kind she had described - gifts of her own cash"),
# unless a verb follows it ("the Baltic states - is under threat").
_MID_PHRASE_RE = re.compile(
    r"(?:(?:and|or|nor)\s|,(?!\s*[*_]*[\"“‘'])|[\-–—]\s*(?:is|are|was|were|has|have|had)\b)", re.IGNORECASE
)


def opens_mid_phrase(content: str) -> bool:
    """True when a forward cue's content opens with a coordinator, a comma or a dash before a verb."""
    return bool(_MID_PHRASE_RE.match(content))


# A gerund governed by a preposition or a "thereby" ("by raising the levy", "before agreeing to more
# tests", "while adding two seats"): the act is a means or a time of the main clause.
_GERUND_LEAD_RE = re.compile(
    r"\b(?:by|before|after|while|without|through|upon|from|for|of|in|thereby|thus)\s+$", re.IGNORECASE
)
_CLAUSE_WORDS = 6  # words of a content looked at for the finite verb of a clause


def gerund_act(w: str, lo: int, cue: CueMatch, a: int, b: int) -> bool:
    """True when a gerund cue after a preposition has only an object for content: "by raising the levy"
    tells an act, while "by arguing that …" and "after saying the talks had failed" report words."""
    if not cue.is_participle or not _GERUND_LEAD_RE.search(w, max(lo, cue.start - 10), cue.start):
        return False
    if cue.entry.stance != "neutral" or cue.entry.noun_ok:
        return False  # "by threatening their funds", "by announcing a fund": the act is itself a message
    if cue.entry.cue in PLAIN_SAYING and cue.entry.cue != "add":
        return False  # "by saying his plan was …": a verb of saying reports words ("adding seats" counts)
    if re.search(r"\bthat\s*$", w[max(0, a - 6) : a], re.IGNORECASE):
        return False
    head = " ".join(w[a:b].split()[:_CLAUSE_WORDS]).lower()
    if re.match(r"(?:against|for|in favou?r of)\b", head):
        return False  # "while arguing against the levy": a position taken
    if re.match(r"(?:i|we|you|he|she|they|it|there)\b", head):
        return False  # "by saying they forgave him": a subject pronoun opens a clause (an irregular past)
    if re.search(r"\w['’](?:d|ll|s|re|ve|m)\b|\b(?:how|what|why|whether|who|where|when|if)\b", head):
        return False  # "by saying he'd go", "after arguing with him on how …": a clause is said
    return not FINITE_RE.search(head) and not any(c in head for c in '"“”')


# Verbs of criticism or praise aimed at someone: their object is what was said about whom, so a name alone is
# content enough ("blasted Brask and said ...", "had warmly praised Varn, stating ...", "criticized Orrin
# during a rally"). Not verbs of support, opposition or rejection ("backed Brask", "opposed Varn",
# "disavowed Orrin"), which tell a choice, nor "welcome", "thank" or "question", which as often tell a visit,
# a courtesy or an interview.
_TARGET_CUES = frozenset(
    {
        "criticize",
        "criticise",
        "condemn",
        "denounce",
        "decry",
        "slam",
        "lambast",
        "castigate",
        "blast",
        "chide",
        "attack",
        "call out",
        "mock",
        "ridicule",
        "rail against",
        "speak out against",
        "praise",
        "hail",
        "commend",
        "applaud",
        "laud",
        "defend",
    }
)
_ONE_NAME_RE = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")


def named_target(cue: CueMatch, content: str) -> bool:
    """Whether a one-word content is the name of the person or body a verb of criticism or praise is aimed
    at ("slammed Brask"); a state's name is left out ("attacked Veldoria" may be an act of war)."""
    word = content.strip()
    return (
        cue.entry.cue in _TARGET_CUES and _ONE_NAME_RE.fullmatch(word) is not None and not kb.country_of(word)
    )


# After a verb that reports only a clause ("recalled", "mentioned", "briefed"; `that_only` in the lexicon),
# a content with no "that" is still a clause when an auxiliary or a modal follows its subject within a few
# words, before any comma, relative word, "of" or "to": "mentioned the board will hire two pilots",
# "recalled he had warned them". An object has none there: "recalled the 2019 floods", "mentioned the
# skippers in Portwick, whom the guards have held", "recalled their commitment to reform".
_CLAUSE_HEAD_WORDS = 7
_CLAUSE_STOP_RE = re.compile(r"[,;:(]|\b(?:who|whom|whose|which|that|to|of)\b", re.IGNORECASE)
_CLAUSE_AUXILIARY_RE = re.compile(
    r"\s(?:is|was|were|are|has|have|had|will|would|could|can|should|must|may|might|did|does|[a-z]+n't)\b",
    re.IGNORECASE,
)


def bare_clause(w: str, a: int, b: int) -> bool:
    """True when w[a:b] opens with a clause of its own (a subject, then an auxiliary or a modal)."""
    head = " ".join(w[a:b].split()[:_CLAUSE_HEAD_WORDS])
    stop = _CLAUSE_STOP_RE.search(head)
    return _CLAUSE_AUXILIARY_RE.search(head[: stop.start()] if stop else head) is not None


# After a verb of urging (`infinitive_only` in the lexicon), the request is the infinitive after its object:
# "encouraged voters, young and old, to stay home", "advised the board not to wait" (or a that-clause). An
# object with no such verb tells an act: "encouraging the shift to shipping", "advising the bank on its sale
# to Gull Holdings". For an invitation (`destination` too) any "to" phrase after the object says where the
# guest is asked to come, the request itself: "invited Vell to Ostrava", "invited Vell to the summit";
# "invited two guests" has none.
_REQUEST_WORDS = 20  # words of a content searched for the infinitive (an object with an aside before it)
_NOT_VERB_AFTER_TO = word_set(
    """the a an his her their its our my your this that these those him them us me you all every each some any
    no"""
)


def request_infinitive(w: str, a: int, b: int, destination: bool = False) -> bool:
    """True when w[a:b] (the content of a verb of urging) holds the infinitive of a request (any "to" phrase
    when ``destination``), or opens with a that-clause."""
    words = w[a:b].split()[:_REQUEST_WORDS]
    if words and words[0].lower() == "that":
        return True
    for i, (word, after) in enumerate(itertools.pairwise(words)):
        if word.lower() != "to" or _in_range(words[max(0, i - 4) : i]):
            continue  # "the shift from ferries to bridges": a range, no infinitive
        if destination and i > 0:
            # A place after the object; with no object before it ("the leaders invited to the forum") the
            # participle asks no one, while an infinitive there is a request whose guest goes unsaid, as
            # readouts write ("invited to join the rebuilding").
            return True
        verb = after.strip(",.;:!?")
        low = verb.lower()
        if not verb.isalpha() or low in _NOT_VERB_AFTER_TO:
            continue
        if low.endswith("s") and not low.endswith(("ss", "us", "is")):
            continue  # "to voters", "to the quays": a plural noun, no verb
        # A capital after a lower-case "to" is a place or a name ("sale to Gull Holdings"); a headline
        # capitalises both ("Advised Vell To Wait").
        if verb[:1].isupper() and word != "To":
            continue
        return True
    return False


def _in_range(before: list[str]) -> bool:
    """True when the words before a "to" hold a "from" with no comma after it ("from ferries to bridges"; not
    "from the tower, to stay")."""
    lows = [x.lower() for x in before]
    if "from" not in lows:
        return False
    return not any(x.endswith(",") for x in before[len(lows) - 1 - lows[::-1].index("from") :])
