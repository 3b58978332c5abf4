"""Article text preparation: header lines, title/body, boilerplate, reflow, paragraphs and sentences.

Every transformation here is length-preserving: ``Document.work`` has exactly the length of the text
passed in, so any offset found in ``work`` indexes the original text too. Boilerplate is blanked to
spaces, soft line breaks of hard-wrapped copy become spaces, and paragraphs are spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADER_KEYS = ("published", "source", "url")
_HEADER_RE = re.compile(r"(?i)(published|source|url)[ \t]*:[ \t]*(.*)")

# Paragraphs that carry no statements: share counters, ads, newsletter and social prompts, rule lines.
_BOILERPLATE_RES = (
    re.compile(r"[\d\s,.]+"),  # share / view counters such as "0 1,905"
    re.compile(r"(?i)[-–—\s]*advertisement[-–—\s]*"),
    re.compile(r"(?i)[-–—\s]*(story|article) continues (below|after).*"),
    re.compile(r"[#*=_~\-–—\s]+"),  # "###", "* * *", rule lines
    re.compile(r"(?i)\d{1,2}:\d{2}\s*[ap]\.?\s?m\.?(\s+[a-z]{2,5})?"),  # transcript time stamps
    re.compile(
        r"(?i)(end|more|photo|image|video|caption|credit|source|share|tags?|related|see also|read also|"
        r"watch|listen|file photo)\s*:?.{0,60}"
    ),
)
_NOTE_RE = re.compile(
    r"\[[^\[\]]{0,300}\]|\((?:reporting|writing|editing|additional reporting)[^()]{0,300}\)", re.IGNORECASE
)
_PROMPT_RE = re.compile(
    r"(?i)\b(subscribe|sign up|newsletter|follow us|share this|click here|"
    r"read more(?! (?:into|than|about|of|from|carefully|closely))|all rights reserved|"
    r"cookies?|get real time updates|download (our|the) app|join our|related (articles|stories)|"
    r"copyright|©|log ?in to|register to|you might also like|recommended for you)\b"
)
# A link list's header line ("Related", "Read more:", "More on this story"): the block under it is links.
_LINK_HEADER_RE = re.compile(
    r"(?i)\s*(related(?: (?:articles|stories|coverage|content|news))?|read (?:more|also|next)|see also|"
    r"more (?:on this(?: story)?|from [\w ]{1,30}|stories|news)|also read|most read|latest news|"
    r"trending|you may also like|recommended|further reading)\s*:?\s*"
)
# One line of a link list: a bullet, or a short headline with no sentence end ("Opinion: ...").
_LINK_ITEM_RE = re.compile(
    r"\s*(?:[-–—•*·▪►>]\s+.{1,160}|(?:opinion|analysis|explainer|watch|video|live)\s*:.{1,160})"
)
# Bylines, photo credits and wire trailers: "By Name, Outlet", "Photo: Outlet / Name", "-- Reporting by ...".
_BYLINE_RE = re.compile(
    r"(?:By|Interview by|Words by|Text by)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
    r"(?:\s*(?:,|\||/|and|in)\s*[^.!?\n]{0,80})?"
)
_CAPTION_END_RE = re.compile(
    r"(?i)(?:\(|\s)(?:photo|picture|image|file photo|photograph|credit|source)\s*(?::|by)\s*"
    r"[^.!?]{1,80}\)?\.?\s*$"
)
_TRAILER_RE = re.compile(
    r"(?i)\s*(?:[-–—]{1,2}\s*)?(?:\(\s*)?(?:reporting|additional reporting|writing|editing|compiled)\s+by\b"
    r"[^\n]{0,300}"
)
_DATESTAMP_RE = re.compile(r"(?i)\s*(?:published|updated|posted|last updated)\b[^\n]{0,100}")
_PROMPT_MAX_WORDS = 30
_SHORT_TAG_MAX_WORDS = 6


def word_set(words: str) -> frozenset[str]:
    """A frozen set of the whitespace-separated words (keeps long word lists readable)."""
    return frozenset(words.split())


# Adverbs without "-ly" that stand between a cue and what leads it ("by first saying", "and then telling"):
# the cue finders and the content ends read them alike. Not "never" or "not", which deny the words.
ADVERBS_BEFORE_CUE = word_set("""first again even still once twice then also""")
# Pronouns and relative words that take a contracted auxiliary ("he’s", "they’ve", "who’d", "that’s").
_CONTRACTING_WORDS = "he|she|it|they|we|you|i|who|that"


def contracted_pronoun_pattern(auxiliaries: str) -> str:
    """A regex of a pronoun (group 1) and a contracted auxiliary of ``auxiliaries`` ("s|re")."""
    return rf"({_CONTRACTING_WORDS})['’](?:{auxiliaries})"


@dataclass(frozen=True)
class Span:
    """A half-open character span [start, end)."""

    start: int
    end: int


@dataclass
class Document:
    """An article prepared for extraction; all spans index ``raw`` (and ``work``, of equal length)."""

    raw: str
    work: str
    header: dict[str, str]
    title: Span
    body_start: int
    paragraphs: list[Span] = field(default_factory=list)
    boilerplate: list[Span] = field(default_factory=list)


def parse_header(text: str) -> tuple[dict[str, str], int]:
    """Read the optional ``published:/source:/url:`` header lines; return them and where the title starts."""
    header: dict[str, str] = {}
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        line_end = n if nl < 0 else nl
        m = _HEADER_RE.fullmatch(text[pos:line_end].strip())
        if not m or m.group(1).lower() in header:
            break
        header[m.group(1).lower()] = m.group(2).strip()
        pos = line_end + 1
    if not header:
        return {}, 0
    # Skip the blank line(s) after the header.
    while pos < n and text[pos] in " \t\r\n":
        pos += 1
    return header, min(pos, n)


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        if nl < 0:
            spans.append((pos, end))
            break
        spans.append((pos, nl))
        pos = nl + 1
    return spans


def is_boilerplate(par: str) -> bool:
    """True for a paragraph that carries no statements (counters, ads, prompts)."""
    s = par.strip()
    if not s:
        return True
    words = len(s.split())
    if _NOTE_RE.fullmatch(s) or _TRAILER_RE.fullmatch(s):
        return True  # editorial notes: "[Applause]", "(Reporting by ...; Editing by ...)", "-- Editing by"
    if _has_quote(s):
        pass
    elif words <= 20 and (
        _BYLINE_RE.fullmatch(s) or _DATESTAMP_RE.fullmatch(s) or _LINK_ITEM_RE.fullmatch(s)
    ):
        return True
    elif words <= 40 and _CAPTION_END_RE.search(s):
        return True  # a photo caption ending in its credit
    lines = [ln for ln in s.split("\n") if ln.strip()]
    if len(lines) > 1 and _LINK_HEADER_RE.fullmatch(lines[0]):
        return True  # "Related" and the links under it
    if not _has_quote(s) and all(_is_link_line(ln) for ln in lines):
        return True
    if words <= _SHORT_TAG_MAX_WORDS and any(r.fullmatch(s) for r in _BOILERPLATE_RES):
        return True
    return words <= _PROMPT_MAX_WORDS and bool(_PROMPT_RE.search(s)) and not _has_quote(s)


def _is_link_line(line: str) -> bool:
    """A bulleted or labelled headline line of a link list (short, no sentence end)."""
    t = line.strip()
    return len(t.split()) <= 20 and t[-1:] not in ".!?:;," and bool(_LINK_ITEM_RE.fullmatch(t))


def _has_quote(s: str) -> bool:
    return any(c in s for c in '"“”«»„')


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a blank-line-delimited block into paragraphs, joining hard-wrapped lines."""
    lines = [(a, b) for a, b in _line_spans(text, start, end) if text[a:b].strip()]
    if len(lines) <= 1:
        return lines
    lengths = [len(text[a:b].rstrip()) for a, b in lines]
    wrap_width = max(lengths)
    indented = [text[a:b][:1] in " \t" for a, b in lines]
    # Wire copy marks paragraphs by indenting their first line; only then is indentation a break.
    indent_marks = 0 < sum(indented) < len(lines) or (all(indented) and len(set(_indent(text, lines))) > 1)
    items = _list_items(text, lines)
    if items:
        indent_marks = False  # a Markdown list's wrapped items indent their continuation, not a new paragraph
    out: list[tuple[int, int]] = []
    cur_start, cur_end = lines[0]
    open_quotes = _quote_balance(text[lines[0][0] : lines[0][1]])
    for i in range(1, len(lines)):
        a, b = lines[i]
        prev_len = lengths[i - 1]
        prev_text = text[lines[i - 1][0] : lines[i - 1][1]].rstrip()
        line_text = text[a:b]
        new_par = False
        if (indent_marks and _indent_len(line_text) > _min_indent(text, lines)) or _looks_like_label(
            line_text
        ):
            new_par = True
        elif items:
            new_par = items[i]  # each item is a paragraph; its wrapped lines run on, whatever their length
        elif _TAG_LINE_RE.match(line_text):
            new_par = True  # "Photo: ...", "Related: ..." lines are their own paragraphs
        elif open_quotes > 0:
            new_par = False  # a quote still open runs on across the line break
        elif (prev_len < 0.6 * wrap_width and prev_text[-1:] in '.!?:"”’»') or prev_len < 0.35 * wrap_width:
            new_par = True
        if new_par:
            out.append((cur_start, cur_end))
            cur_start = a
            open_quotes = 0
        cur_end = b
        open_quotes = max(0, open_quotes + _quote_balance(line_text))
    out.append((cur_start, cur_end))
    return out


# A Markdown list item's marker ("-   ", "*   ", "1.  "), as pandoc writes hard-wrapped lists: the item's
# wrapped lines are indented to the column its text starts at.
# A nested list indents its markers too ("    -   item"); its lines then sit at the nested item's column.
_LIST_ITEM_RE = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+(?=\S)")


def _list_items(text: str, lines: list[tuple[int, int]]) -> list[bool]:
    """For a block that is a hard-wrapped Markdown list, whether each line opens an item; else empty.

    The block must open with an item, and every other line must open one or be indented exactly to the text
    column of the item before it. Wire copy indents a paragraph's first line instead, by no list marker.
    """
    opens: list[bool] = []
    column = -1
    for a, b in lines:
        line = text[a:b]
        m = _LIST_ITEM_RE.match(line)
        if m:
            column = m.end()
            opens.append(True)
        elif column > 0 and _indent_len(line) == column:
            opens.append(False)
        else:
            return []
    return opens if len(opens) > 1 and not all(opens) else []


def _quote_balance(line: str) -> int:
    """Opening minus closing typographic double quotes, plus 1 for an odd number of straight ones."""
    return line.count("“") + line.count("«") - line.count("”") - line.count("»") + line.count('"') % 2


def _indent_len(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _indent(text: str, lines: list[tuple[int, int]]) -> list[int]:
    return [_indent_len(text[a:b]) for a, b in lines]


def _min_indent(text: str, lines: list[tuple[int, int]]) -> int:
    return min(_indent(text, lines))


_LABEL_RE = re.compile(r"\s*[A-Z][A-Z.'’\- ]{0,50}[A-Z.]\s*:\s")


_TAG_LINE_RE = re.compile(r"\s*[A-Z][a-z]+(?: [a-z]+)?:\s")


def _looks_like_label(line: str) -> bool:
    return bool(_LABEL_RE.match(line))


# The work text's one-for-one replacements: odd spaces become a space, line and page separators a newline
# (a pattern's substitution: a loop over every character, or str.translate's per-character look-ups, cost
# ten times as much).
_ODD_SPACE_RE = re.compile("[\r\t\u00a0\u200b\ufeff]")
_ODD_LINE_BREAK_RE = re.compile("[\u2028\u2029\x0b\x0c]")


# Markdown emphasis, which touches the words it marks ("**President Vell** said", "everyone.** He added",
# "*the Harbour Act*"): blank in the work text, so that a bold name is a sentence's subject and a bold
# sentence ends where its full stop is. A list item's marker ("*   item") has spaces after it and stays, and
# so does a rule of three asterisks, which the transcript finder reads as a section break.
_EMPHASIS_RE = re.compile(r"(?<=[^\s*])\*{1,2}(?!\*)|(?<!\*)\*{1,2}(?=[^\s*])")


def _blank(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


# Wire copy marks a listed company's ticker after its name ("Texaco Inc <TX> said", "&lt;TX>" where the
# archive keeps the markup escaped) and a company with none by angle brackets around its name ("<Orvel
# Freight Ltd> said"). A ticker is blank in the work text, so that the name before it is the cue's subject;
# around a name only the brackets are, so that the name is read as printed.
_TICKER_RE = re.compile(r"(?:<|&lt;)[A-Z][A-Z0-9.]{0,7}(?:>|&gt;)")
_BRACKETED_NAME_RE = re.compile(r"(<|&lt;)([A-Z][\w&.,'\- ]{1,80}?)(>|&gt;)")


def _blank_brackets(m: re.Match[str]) -> str:
    return " " * len(m.group(1)) + m.group(2) + " " * len(m.group(3))


def _blank_tickers(work: str) -> str:
    if "<" not in work and "&lt;" not in work:
        return work
    return _BRACKETED_NAME_RE.sub(_blank_brackets, _TICKER_RE.sub(_blank, work))


# A Markdown link, as official releases mirrored from the web print them ("[$40 million](https://...)",
# "the [Harbour Act](/briefing-room/...)"): only its label is read. Its brackets and address are blank in the
# work text, so that the full stops of an address ("www.gov") end no sentence and its words are no cue's
# content, and statement texts drop them (``link_text``). The address must look like one (a scheme, "www.",
# a path or an anchor): "[the] talks (in May)" is an editor's insertion, not a link.
_LINK_ADDRESS = r"\]\((?:https?:|mailto:|www\.|/|#)[^)\s]*\)"
_LINK_RE = re.compile(r"\[([^\[\]]{0,400})" + _LINK_ADDRESS)
# What a statement's text keeps of a link cut by its start or end: the address of a link whose label opened
# before the statement ("Harbour Fund](https://...) that ..."), an address cut by the statement's end, and a
# bracket opening a label the statement ends inside ("the [Harbour").
_LINK_PIECE_RE = re.compile(r"\]\((?:https?:|mailto:|www\.|/|#)[^)\s]*\)?|\[(?=[^\]]*$)")


# A link piece at a statement's start (the bracket opening a link, or the address of a link whose label opened
# before the statement) and at its end (an address).
_LINK_PIECE_END = r"\]\((?:https?:|mailto:|www\.|/|#)[^)\s]*\)?"
_LEAD_LINK_RE = re.compile(
    r"(?:\[(?=[^\[\]]{0,400}" + _LINK_ADDRESS + r"|[^\]]*$)|" + _LINK_PIECE_END + r")\s*"
)
_TAIL_LINK_RE = re.compile(r"\s*" + _LINK_PIECE_END + "$")


def link_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` narrowed past the link pieces ``link_text`` drops at either end, so that the offsets
    still open and close on the statement's first and last words."""
    m = _LEAD_LINK_RE.match(text, start, end)
    while m is not None and start < m.end() < end:
        start = m.end()
        m = _LEAD_LINK_RE.match(text, start, end)
    m = _TAIL_LINK_RE.search(text, start, end)
    if m is not None and m.start() > start:
        end = m.start()
    return start, end


def _blank_link(m: re.Match[str]) -> str:
    label = m.group(1)
    return " " + label + " " * (m.end() - m.start() - 1 - len(label))


def link_text(text: str) -> str:
    """``text`` with its Markdown links reduced to their labels, and spaces collapsed ("the [Harbour
    Act](https://example.org/act) passes" gives "the Harbour Act passes")."""
    if "[" not in text and "](" not in text:
        return text
    return " ".join(_LINK_PIECE_RE.sub(" ", _LINK_RE.sub(r"\1", text)).split())


def prepare(text: str) -> Document:
    """Parse header and title, find paragraphs and boilerplate, and build the length-preserving work text."""
    header, title_start = parse_header(text)
    n = len(text)
    # The title is the first non-empty line after the header.
    pos = title_start
    while pos < n and text[pos] in " \t\r\n":
        pos += 1
    nl = text.find("\n", pos)
    title_end = n if nl < 0 else nl
    title = Span(pos, title_end)
    body_start = min(title_end + 1, n) if nl >= 0 else n
    work_s = _ODD_LINE_BREAK_RE.sub("\n", _ODD_SPACE_RE.sub(" ", text))
    paragraphs: list[Span] = []
    boiler: list[Span] = []
    for bstart, bend in _blocks(work_s, body_start, n):
        for a, b in _split_block(work_s, bstart, bend):
            seg = work_s[a:b]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg.rstrip())
            span = Span(a + lead, a + trail)
            if span.end <= span.start:
                continue
            if is_boilerplate(work_s[span.start : span.end]):
                boiler.append(span)
            else:
                paragraphs.append(span)
    chars = list(work_s)
    for sp in boiler:
        for i in range(sp.start, sp.end):
            if chars[i] != "\n":
                chars[i] = " "
    for sp in paragraphs:
        # Soft line breaks inside a paragraph become spaces so quotes and cues run across them.
        i = work_s.find("\n", sp.start, sp.end)
        while i >= 0:
            chars[i] = " "
            i = work_s.find("\n", i + 1, sp.end)
    # After the paragraphs are found: a list item's wrapped lines are told by the column its words open at.
    work = _blank_tickers(_LINK_RE.sub(_blank_link, _EMPHASIS_RE.sub(_blank, "".join(chars))))
    return Document(text, work, header, title, body_start, paragraphs, boiler)


_BLANK_RE = re.compile(r"\n[ \t\r]*\n")


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for m in _BLANK_RE.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


# Abbreviations after which a full stop does not end a sentence.
_ABBREV = word_set(
    """mr mrs ms dr prof gen sen rep gov lt col maj capt sgt st jr sr no vs etc inc corp ltd co dept
    est fig jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m i.e e.g amb adm
    cmdr hon rev pres supt insp messrs mme mlle sgt. cf al approx"""
)
# A name's dotted initials ("J.K." of "J.K. Vell", "H.W." of "Ada H.W. Orrin").
_DOTTED_INITIALS_RE = re.compile(r"(?:[A-Z]\.){1,2}[A-Z]")
# Words before dotted capitals that make them a place closing a sentence ("in D.C.", "to N.J."), not initials.
_BEFORE_PLACE = word_set("in at of to from near across around outside inside the")
# Closing and opening marks include the doubled apostrophes of newspaper archives (`.'' Next`, `. ''Next`).
_SENT_END_RE = re.compile(
    r"[.!?]+[\"”’»)\]']*(?=\s+(?:''|``|[\"“‘«(\[])?[A-Z0-9À-ÞА-Я])|[.!?](?:''|[\"”’»])?(?=\s*$)"
)


def sentences(work: str, span: Span, masked: list[tuple[int, int]]) -> list[Span]:
    """Split a paragraph into sentence spans, never inside a masked (quoted) span."""
    out: list[Span] = []
    pos = span.start
    seg = work[span.start : span.end]
    mi = 0
    for m in _SENT_END_RE.finditer(seg):
        cut = span.start + m.end()
        while mi < len(masked) and masked[mi][1] <= cut - 1:
            mi += 1
        if mi < len(masked) and masked[mi][0] < cut - 1 < masked[mi][1] - 1:
            continue
        dot = span.start + m.start()
        if work[dot] == ".":
            wstart = dot
            while wstart > span.start and not work[wstart - 1].isspace():
                wstart -= 1
            word = work[wstart:dot].lower().lstrip('("“')
            if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                continue
            if _initials(work, span.start, wstart, dot):
                continue
        if cut > pos:
            out.append(Span(pos, cut))
        pos = cut
        while pos < span.end and work[pos].isspace():
            pos += 1
    if pos < span.end:
        out.append(Span(pos, span.end))
    return out


def _initials(work: str, lo: int, wstart: int, dot: int) -> bool:
    """Whether the dotted capitals work[wstart:dot + 1] are a name's initials ("the historian J.K. Vell", "Ada
    H.W. Orrin"), after which no sentence ends: a word of the same sentence comes before them, with no comma
    (a place: "Portwick, N.H.") and not a preposition or article ("in D.C.")."""
    if not _DOTTED_INITIALS_RE.fullmatch(work, wstart, dot):
        return False
    before = work[lo:wstart].split()
    return (
        bool(before)
        and not before[-1].endswith((",", ".", ";", ":"))
        and before[-1].lower() not in _BEFORE_PLACE
    )


def prev_nonspace(text: str, lo: int, pos: int) -> str:
    """The last non-space character of text[lo:pos], or '' (scans back only over spaces)."""
    i = pos - 1
    while i >= lo and text[i].isspace():
        i -= 1
    return text[i] if i >= lo else ""


def only_punct_until(text: str, pos: int, hi: int, punct: str) -> bool:
    """True when text[pos:hi] holds only spaces and the given punctuation (stops at the first other char)."""
    i = pos
    while i < hi:
        c = text[i]
        if not (c.isspace() or c in punct):
            return False
        i += 1
    return True
