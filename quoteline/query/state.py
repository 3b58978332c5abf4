"""The dashboard's view as a URL: every filter, the page, the selection, the colour mode, the statements
table's sort order and page, the time charts' zoom window, the open tab of a page with tabs and the line-shift
settings (the What changed page's, which the timelines' shift marks use too).

``ViewState.to_query_params`` writes every value explicitly (``*`` for "any", ``none`` for no selection),
so a link keeps its meaning when defaults or data change. ``ViewState.from_query_params`` treats the query
string as hostile: unknown names, malformed dates, over-long values and markup are ignored, each with a notice
that never echoes the raw value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Final

from quoteline.query.filters import Filters
from quoteline.query.lens import DEFAULT_TOP, MAX_TOP
from quoteline.query.shifts import CHANGE_RANGE, CHANGE_STEP, WINDOW_RANGE, ShiftSettings
from quoteline.query.speakers import SPEAKER_TYPES
from quoteline.query.table_pages import DEFAULT_PAGE_SIZE, MAX_PAGE, PAGE_SIZES, page_of_row
from quoteline.schema import KINDS, STANCES

PAGES: Final = ("timeline", "topics", "compare", "changes", "table", "add", "corrections")
COLOURS: Final = ("topic", "stance", "leader")
GRAINS: Final = ("week", "month")
# The statements table's sort keys (quoteline.query.order maps each to its column).
SORT_KEYS: Final = ("date", "speaker", "text", "stance", "kind", "outlet", "sources", "datefrom", "cue")
ORDERS: Final = ("desc", "asc")
# The tabs of the pages that have them, the first one open by default: the Topic timelines page's topic
# lanes, volume lines and heatmaps. Only the open tab's content is built and sent, so a first paint costs
# the browser one chart, not four (docs/DASHBOARD.md, "Lazy tabs").
TABS: Final = {"topics": ("lanes", "volume", "heatmaps")}
TAB_NAMES: Final = tuple(name for names in TABS.values() for name in names)
ZOOM_SEP: Final = ".."  # zoom=2023-01-01..2023-03-31
ANY: Final = "*"
NONE: Final = "none"
MAX_VALUE_CHARS: Final = 200
MAX_VALUES: Final = 50
MAX_NOTICES: Final = 12
MIN_YEAR, MAX_YEAR = 1800, 2200  # the date pickers' bounds
# Streamlit's own parameters, which the dashboard neither writes nor complains about.
PASSTHROUGH: Final = frozenset({"embed", "embed_options"})

_ID = re.compile(r"^[0-9a-f]{8,64}$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MARKUP = re.compile(r"[<>\x00-\x1f\x7f]")
_PREVIEW = re.compile(r"[^A-Za-z0-9 ._-]")

# Multi-valued filter fields: URL name -> (Filters attribute, vocabulary name).
MULTI: Final = {
    "leader": ("leaders", "leaders"),
    "topic": ("topics", "topics"),
    "counterpart": ("counterparts", "counterparts"),
    "stance": ("stances", "stances"),
    "kind": ("kinds", "kinds"),
    "outlet": ("outlets", "outlets"),
    "stype": ("speaker_types", "speaker_types"),
    "country": ("countries", "countries"),
}
SINGLE: Final = (
    "page",
    "from",
    "to",
    "q",
    "sel",
    "colour",
    "grain",
    "ctopic",
    "incumbent",
    "top",
    "sort",
    "order",
    "zoom",
    "tab",
    "tpage",
    "tsize",
    "swindow",
    "smin",
    "schange",
)
YES_NO: Final = ("yes", "no")


@dataclass(frozen=True)
class Vocabulary:
    """The values a link may name; anything else is ignored with a notice."""

    leaders: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    counterparts: frozenset[str] = frozenset()
    outlets: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    speaker_types: frozenset[str] = frozenset(SPEAKER_TYPES)
    stances: frozenset[str] = frozenset(STANCES)
    kinds: frozenset[str] = frozenset(KINDS)
    has_statement: Callable[[str], bool] | None = None  # None: accept any well-formed id


@dataclass(frozen=True)
class ViewState:
    """Everything that defines what the analyst is looking at."""

    page: str = "timeline"
    filters: Filters = field(default_factory=Filters)
    selected: str | None = None
    colour: str = "topic"
    grain: str = "week"
    compare_topic: str | None = None
    top: int = DEFAULT_TOP  # speakers drawn as lanes or rows (quoteline.query.lens)
    sort: str = "date"  # the statements table's sort key (SORT_KEYS), applied to every matching row
    descending: bool = True
    # The days the time charts draw (first, last), or None for the span of the date filter and data. A zoom
    # changes what the charts show, never which statements match: counts and the table keep the filters.
    zoom: tuple[date, date] | None = None
    tab: str = "lanes"  # the open tab of a page with tabs (TABS); other pages carry it along
    # The statements table's page (from 1) and rows per page (quoteline.query.table_pages). The link names
    # them ``tpage`` and ``tsize``: ``page`` already names the dashboard page.
    table_page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    # How line shifts are found (the What changed page's settings; ``swindow``, ``smin``, ``schange``): the
    # timelines mark shifts with the same settings, so a mark and the panel it links to agree.
    shift: ShiftSettings = field(default_factory=ShiftSettings)

    def to_query_params(self) -> dict[str, list[str]]:
        """Every field, written explicitly, as repeated-key query parameters."""
        f = self.filters
        params: dict[str, list[str]] = {"page": [self.page]}
        for name, (attr, _) in MULTI.items():
            values: tuple[str, ...] = getattr(f, attr)
            params[name] = list(values) if values else [ANY]
        params["from"] = [f.date_from.isoformat() if f.date_from else ANY]
        params["to"] = [f.date_to.isoformat() if f.date_to else ANY]
        params["q"] = [f.search]
        params["sel"] = [self.selected or NONE]
        params["colour"] = [self.colour]
        params["grain"] = [self.grain]
        params["ctopic"] = [self.compare_topic or ANY]
        params["incumbent"] = ["yes" if f.in_office else "no"]
        params["top"] = [str(self.top)]
        params["sort"] = [self.sort]
        params["order"] = ["desc" if self.descending else "asc"]
        params["zoom"] = [zoom_text(self.zoom)]
        params["tab"] = [self.tab]
        params["tpage"] = [str(self.table_page)]
        params["tsize"] = [str(self.page_size)]
        params["swindow"] = [str(self.shift.window)]
        params["smin"] = [str(self.shift.min_statements)]
        params["schange"] = [f"{self.shift.min_change:.2f}"]
        return params

    @classmethod
    def from_query_params(
        cls, params: Mapping[str, str | Iterable[str]], vocab: Vocabulary
    ) -> tuple[ViewState, list[str]]:
        """Parse a query string's parameters; returns the state and notices about what was ignored."""
        reader = _Reader(vocab)
        state = reader.read(params)
        return state, reader.notices_out()


def _values(raw: str | Iterable[str]) -> list[str]:
    return [raw] if isinstance(raw, str) else [str(v) for v in raw]


def _day_or_none(value: str) -> date | None:
    """``value`` as a day if it is a real ``YYYY-MM-DD`` within the date pickers' bounds, else None."""
    if not _ISO_DAY.match(value):
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if MIN_YEAR <= parsed.year <= MAX_YEAR else None


def _float_or_none(value: str) -> float | None:
    """``value`` as a finite decimal number written plainly ("0.55"), else None."""
    if not re.fullmatch(r"\d{1,3}(\.\d{1,6})?", value):
        return None
    return float(value)


def zoom_text(zoom: tuple[date, date] | None) -> str:
    """The ``zoom`` parameter's value: ``first..last``, or ``*`` for no zoom."""
    return ANY if zoom is None else f"{zoom[0].isoformat()}{ZOOM_SEP}{zoom[1].isoformat()}"


def preview(name: str) -> str:
    """A short, inert rendering of an unknown parameter name for a notice."""
    cleaned = _PREVIEW.sub("", name)[:24]
    return cleaned or "(unprintable)"


class _Reader:
    """Reads parameters one by one, collecting notices instead of raising."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.notices: list[str] = []

    def note(self, text: str) -> None:
        self.notices.append(text)

    def notices_out(self) -> list[str]:
        if len(self.notices) <= MAX_NOTICES:
            return self.notices
        extra = len(self.notices) - MAX_NOTICES
        return [*self.notices[:MAX_NOTICES], f"…and {extra} more ignored link parameter(s)."]

    def clean(self, name: str, raw: str | Iterable[str]) -> list[str]:
        """Drop values that are too long or carry markup, with a notice each."""
        values = _values(raw)
        if len(values) > MAX_VALUES:
            self.note(f"Link parameter '{name}': only the first {MAX_VALUES} values were used.")
            values = values[:MAX_VALUES]
        kept = []
        for value in values:
            if len(value) > MAX_VALUE_CHARS:
                self.note(f"Link parameter '{name}': a value over {MAX_VALUE_CHARS} characters was ignored.")
            elif _MARKUP.search(value):
                self.note(
                    f"Link parameter '{name}': a value containing markup or control characters was ignored."
                )
            else:
                kept.append(value)
        return kept

    def single(self, name: str, raw: str | Iterable[str]) -> str | None:
        values = self.clean(name, raw)
        if len(values) > 1:
            self.note(f"Link parameter '{name}' was given {len(values)} times; the last one was used.")
        return values[-1] if values else None

    def choice(
        self, name: str, raw: str | Iterable[str] | None, allowed: tuple[str, ...], default: str
    ) -> str:
        if raw is None:
            return default
        value = self.single(name, raw)
        if value is None:
            return default
        if value not in allowed:
            self.note(
                f"Link parameter '{name}': unknown value ignored (expected one of {', '.join(allowed)})."
            )
            return default
        return value

    def day(self, name: str, raw: str | Iterable[str] | None) -> date | None:
        value = None if raw is None else self.single(name, raw)
        if value is None or value == ANY:
            return None
        parsed = _day_or_none(value)
        if parsed is not None:
            return parsed
        self.note(
            f"Link parameter '{name}': malformed date ignored (expected YYYY-MM-DD between "
            f"{MIN_YEAR} and {MAX_YEAR}, or *)."
        )
        return None

    def multi(self, name: str, raw: str | Iterable[str] | None, allowed: frozenset[str]) -> tuple[str, ...]:
        if raw is None:
            return ()
        values = [v for v in self.clean(name, raw) if v != ANY]
        known = [v for v in dict.fromkeys(values) if v in allowed]
        unknown = len(dict.fromkeys(values)) - len(known)
        if unknown:
            self.note(f"Link parameter '{name}': {unknown} unknown value(s) ignored.")
        return tuple(known)

    def read(self, params: Mapping[str, str | Iterable[str]]) -> ViewState:
        for name in params:
            if name not in MULTI and name not in SINGLE and name not in PASSTHROUGH:
                self.note(f"Unknown link parameter '{preview(name)}' ignored.")
        get = params.get
        chosen = {
            attr: self.multi(name, get(name), getattr(self.vocab, vocab_name))
            for name, (attr, vocab_name) in MULTI.items()
        }
        date_from, date_to = self.day("from", get("from")), self.day("to", get("to"))
        if date_from and date_to and date_from > date_to:
            self.note("Link parameters 'from'/'to': the range ends before it starts, so both were ignored.")
            date_from = date_to = None
        q = get("q")
        search = (self.single("q", q) or "") if q is not None else ""
        in_office = self.choice("incumbent", get("incumbent"), YES_NO, "no") == "yes"
        filters = Filters(date_from=date_from, date_to=date_to, search=search, in_office=in_office, **chosen)
        return ViewState(
            page=self.choice("page", get("page"), PAGES, "timeline"),
            filters=filters,
            selected=self.selection(get("sel")),
            colour=self.choice("colour", get("colour"), COLOURS, "topic"),
            grain=self.choice("grain", get("grain"), GRAINS, "week"),
            compare_topic=self.compare_topic(get("ctopic")),
            top=self.top(get("top")),
            sort=self.choice("sort", get("sort"), SORT_KEYS, "date"),
            descending=self.choice("order", get("order"), ORDERS, "desc") == "desc",
            zoom=self.zoom(get("zoom")),
            tab=self.choice("tab", get("tab"), TAB_NAMES, "lanes"),
            table_page=self.table_page(get("tpage")),
            page_size=self.page_size(get("tsize")),
            shift=self.shift(get("swindow"), get("smin"), get("schange")),
        )

    def zoom(self, raw: str | Iterable[str] | None) -> tuple[date, date] | None:
        value = None if raw is None else self.single("zoom", raw)
        if value is None or value == ANY:
            return None
        first, sep, last = value.partition(ZOOM_SEP)
        start, end = _day_or_none(first), _day_or_none(last)
        if not sep or start is None or end is None:
            self.note(
                f"Link parameter 'zoom': malformed window ignored (expected YYYY-MM-DD{ZOOM_SEP}YYYY-MM-DD "
                f"between {MIN_YEAR} and {MAX_YEAR}, or *)."
            )
            return None
        if start > end:
            self.note("Link parameter 'zoom': the window ends before it starts, so it was ignored.")
            return None
        return start, end

    def table_page(self, raw: str | Iterable[str] | None) -> int:
        value = None if raw is None else self.single("tpage", raw)
        if value is None:
            return 1
        if value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_PAGE:
            return int(value)
        self.note(f"Link parameter 'tpage': expected a whole number from 1 to {MAX_PAGE:,}; page 1 shown.")
        return 1

    def page_size(self, raw: str | Iterable[str] | None) -> int:
        value = None if raw is None else self.single("tsize", raw)
        if value is None:
            return DEFAULT_PAGE_SIZE
        if value in {str(size) for size in PAGE_SIZES}:
            return int(value)
        sizes = ", ".join(str(size) for size in PAGE_SIZES)
        self.note(f"Link parameter 'tsize': expected one of {sizes}; {DEFAULT_PAGE_SIZE} rows a page used.")
        return DEFAULT_PAGE_SIZE

    def shift(
        self,
        window_raw: str | Iterable[str] | None,
        least_raw: str | Iterable[str] | None,
        change_raw: str | Iterable[str] | None,
    ) -> ShiftSettings:
        """The line-shift settings, each within what the What changed page's sliders offer (a value outside
        is noted and the default used); the fewest statements on a side is at most the window."""
        default = ShiftSettings()
        low, high = WINDOW_RANGE
        window = self.whole("swindow", window_raw, low, high, default.window)
        least = self.whole("smin", least_raw, 1, window, default.min_statements)
        change = self.change(change_raw, default.min_change)
        return ShiftSettings(window=window, min_statements=least, min_change=change)

    def change(self, raw: str | Iterable[str] | None, default: float) -> float:
        """The smallest change of stance mix: a step of the page's slider within its range (else noted)."""
        value = None if raw is None else self.single("schange", raw)
        if value is None:
            return default
        number = _float_or_none(value)
        lo, hi = CHANGE_RANGE
        if number is not None:
            steps = round(number / CHANGE_STEP)
            on_step = abs(number - steps * CHANGE_STEP) < 1e-9
            if on_step and lo - 1e-9 <= number <= hi + 1e-9:
                return round(steps * CHANGE_STEP, 2)
        self.note(
            f"Link parameter 'schange': expected a number from {lo} to {hi} in steps of {CHANGE_STEP}; "
            f"{default} used."
        )
        return default

    def whole(self, name: str, raw: str | Iterable[str] | None, low: int, high: int, default: int) -> int:
        """A whole number from ``low`` to ``high`` (else noted, and ``default``)."""
        value = None if raw is None else self.single(name, raw)
        if value is None:
            return default
        if value.isascii() and value.isdigit() and low <= int(value) <= high:
            return int(value)
        self.note(f"Link parameter '{name}': expected a whole number from {low} to {high}; {default} used.")
        return default

    def top(self, raw: str | Iterable[str] | None) -> int:
        value = None if raw is None else self.single("top", raw)
        if value is None:
            return DEFAULT_TOP
        if value.isdigit() and 1 <= int(value) <= MAX_TOP:
            return int(value)
        self.note(f"Link parameter 'top': expected a whole number from 1 to {MAX_TOP}; {DEFAULT_TOP} used.")
        return DEFAULT_TOP

    def selection(self, raw: str | Iterable[str] | None) -> str | None:
        value = None if raw is None else self.single("sel", raw)
        if value is None or value == NONE:
            return None
        exists = self.vocab.has_statement
        if not _ID.match(value) or (exists is not None and not exists(value)):
            self.note("Link parameter 'sel': no such statement; nothing is selected.")
            return None
        return value

    def compare_topic(self, raw: str | Iterable[str] | None) -> str | None:
        value = None if raw is None else self.single("ctopic", raw)
        if value is None or value == ANY:
            return None
        if value not in self.vocab.topics:
            self.note("Link parameter 'ctopic': unknown topic ignored.")
            return None
        return value


def table_page_after(before: ViewState, after: ViewState) -> int:
    """The statements table's page once the view goes from ``before`` (what the link said) to ``after``
    (what the widgets say): page 1 when the filters, the sort or its direction changed, since the old page
    number would point into another list; after a change of page size, the page that holds the first row
    shown before; else ``after``'s page."""
    if (before.filters, before.sort, before.descending) != (after.filters, after.sort, after.descending):
        return 1
    if before.page_size != after.page_size:
        return page_of_row((before.table_page - 1) * before.page_size, after.page_size)
    return after.table_page


def with_page(state: ViewState, page: str) -> ViewState:
    """The same view on another page."""
    return replace(state, page=page)
