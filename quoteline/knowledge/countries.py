"""Countries and organisations (``data/countries.yaml``): name normalisation and counterpart finding.

``country_of`` maps any name, alias, abbreviation, demonym or capital to the plain short name.
``find_counterparts`` finds every country or organisation a text speaks about, in order of first mention, with
one compiled regular expression built once. Capitals count only where they stand for the state as an actor
("Moscow said", "ties with Beijing", "Kyiv's demands"), never as a place ("a meeting in Minsk").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from quoteline import settings
from quoteline.knowledge import sources
from quoteline.knowledge.normalize import fold, words
from quoteline.knowledge.yamlio import KnowledgeError, paused_gc, read_yaml, str_list

OFFICES_FOR_LEADER = ("head_of_state", "head_of_government")


@dataclass(frozen=True)
class Entity:
    """A country or organisation with every surface form that names it."""

    name: str
    kind: str  # "country" | "organisation"
    aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    # Abbreviations of the organisation's own agencies ("UNICEF"): the organisation as a counterpart, but an
    # agency that speaks is named as itself ("UNICEF said" is UNICEF's statement, not the United Nations').
    agencies: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    metonymy: bool = True
    leader: str = "head_of_state"
    historical: bool = False
    family_name_first: bool = False


# Surface roles: how a matched form relates to its entity.
NAME, DEMONYM, CAPITAL, BLOCK, GROUP = "name", "demonym", "capital", "block", "group"

# A capital followed by one of these words is acting: "Moscow said", "Washington has", "Kyiv authorities".
_ACTOR_NEXT = words(
    """said says say has have had is was were are will would should could can cannot may might must wants
    wanted accused accuses denied denies warned warns insisted insists responded responds rejected
    rejects announced announces claims claimed believes believed refused refuses continues continued
    seeks sought sees saw considers considered hopes hoped expects expected demanded demands threatened
    threatens urged urges called calls agreed agrees did does didn't doesn't won't wouldn't isn't wasn't
    hasn't haven't reacted retaliated recognised recognized supports supported backs backed opposes
    opposed condemned condemns welcomed welcomes imposed imposes sanctioned launched sent sends stated
    states stressed argued argues maintains maintained noted notes plans planned intends intended views
    viewed regards regarded took takes made makes offered offers proposed proposes signed signs also
    still now never already reportedly officially itself too needs needed wanted blamed blames insisted
    tried tries government authorities regime leadership administration officials rulers establishment
    side"""
)
# A capital right after one of these words is an actor: "ties with Beijing", "violations by Kiev".
_ACTOR_BEFORE = words(
    """with by between against on toward towards versus vs urged accused told warned pressed blamed
    criticised criticized asked called pressured lobbied persuaded convinced trust trusted allies ally
    rivals rival back backs backed support supports supported help helps helped aid aided arm arms armed
    sanction sanctions sanctioned condemn condemns condemned recognise recognises recognised recognize
    recognizes recognized urge urges pressure pressures threaten threatens threatened attack attacks
    attacked invade invades invaded blame blames criticise criticises criticize criticizes accuse accuses
    warn warns tell tells ask asks reassure reassures reassured join joins joined reassuring"""
)
# A capital right after one of these words is a place: "a meeting in Minsk", "arrived in Kyiv".
_PLACE_BEFORE = frozenset(
    [
        "in",
        "at",
        "from",
        "near",
        "outside",
        "inside",
        "into",
        "via",
        "around",
        "across",
        "visit",
        "visited",
        "visiting",
        "visits",
        "downtown",
    ]
)
# "to"/"for" are places after movement words ("trip to Moscow", "left for Minsk"), actors otherwise.
_MOVEMENT = words(
    """trip visit travel travelled traveled journey flight flights flew fly go went come came return
    returned arrived moved move way road back left leave leaving departed bound headed heading drove"""
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_TRAILING_POSSESSIVE = re.compile(r"['’]s?$")
_POSSESSIVE_AFTER = re.compile(r"^['’]s?(?!\w)")
# "Moscow-backed separatists", "Washington-led coalition": the state acts.
_ACTOR_SUFFIX = re.compile(
    r"^[-‐](?:backed|led|friendly|allied|controlled|sponsored|brokered|aligned|leaning|installed|funded|imposed)\b"
)
# "pressure from Washington" is the state acting; "a flight from Moscow" is a place.
_FROM_ACTOR = words(
    """pressure support aid demands demand criticism response signal signals message messages warning warnings
    request requests threats threat backing assistance approval objections opposition orders instructions
    guarantees proposals proposal offer offers reaction"""
)


class CountryIndex:
    """Every surface form of every country and organisation, and one compiled pattern over them all."""

    def __init__(
        self,
        entities: Iterable[Entity],
        blocked: Iterable[str] = (),
        groups: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.entities: dict[str, Entity] = {}
        self.groups: dict[str, tuple[str, ...]] = dict(groups or {})
        self._surface: dict[str, tuple[str | None, str]] = {}
        self._folded: dict[str, str] = {}
        # country_of answers per word: the gazetteer asks about the same tokens thousands of times at load.
        self._answers: dict[str, str | None] = {}
        # Plural demonyms ("Kenyans", "Frenchmen"): a people, which speaks as many, not as its state.
        self._peoples: dict[str, str] = {}
        self.agencies: frozenset[str] = frozenset(a for ent in entities for a in ent.agencies)
        for ent in entities:
            self.entities[ent.name] = ent
            for form in (ent.name, *ent.aliases):
                self._add(form, ent.name, NAME)
            for abbr in (*ent.abbreviations, *ent.agencies):
                self._add(abbr, ent.name, NAME, case_only=True)
                if abbr.isalpha() and abbr.isupper() and 2 <= len(abbr) <= 4:
                    self._add(".".join(abbr) + ".", ent.name, NAME, case_only=True)  # "U.S.", "U.N."
            for dem in ent.demonyms:
                self._add(dem, ent.name, DEMONYM)
                plural = _plural(dem)
                if plural != dem:
                    self._add(plural, ent.name, DEMONYM)
                    self._peoples.setdefault(plural, ent.name)
            for cap in ent.capitals:
                if ent.metonymy:
                    self._add(cap, ent.name, CAPITAL)
                else:
                    self._folded.setdefault(fold(cap), ent.name)
        for phrase in blocked:
            self._surface.setdefault(phrase, (None, BLOCK))
        for phrase in self.groups:
            self._surface[phrase] = (phrase, GROUP)
        forms = sorted(self._surface, key=len, reverse=True)
        body = "|".join(re.escape(f) for f in forms)
        # Every form starts with a capital: the look-ahead skips other positions before the long alternation.
        self.pattern = re.compile(rf"(?<![\w.])(?=[^\W\d_a-z])(?:{body})(?!\w)(?!\.\w)")

    def _add(self, form: str, name: str, role: str, case_only: bool = False) -> None:
        form = form.strip()
        if not form:
            return
        self._surface.setdefault(form, (name, role))
        if not case_only:
            self._folded.setdefault(fold(form), name)

    def country_of(self, word: str) -> str | None:
        """The short name for any name, alias, abbreviation, demonym or capital; None when it is none."""
        try:
            return self._answers[word]
        except KeyError:
            pass
        if len(self._answers) > 50_000:  # bound memory on long batch runs
            self._answers.clear()
        answer = self._answers[word] = self._country_of(word)
        return answer

    def _country_of(self, word: str) -> str | None:
        """Uncached ``country_of``."""
        text = word.strip().strip(',;:()[]"“”')
        text = _TRAILING_POSSESSIVE.sub("", text).strip()
        if text.lower().startswith("the "):
            text = text[4:].strip()
        if not text:
            return None
        hit = self._surface.get(text)
        if hit is not None:
            return hit[0]
        compact = text.replace(".", "")
        hit = self._surface.get(compact)
        if hit is not None and compact.isupper():
            return hit[0]
        return self._folded.get(fold(text))

    def people_of(self, word: str) -> str | None:
        """The country whose people a plural demonym names ("Kenyans", "Frenchmen"; a possessive too); None
        for any other word, a country whose name looks plural included ("the Philippines")."""
        text = _TRAILING_POSSESSIVE.sub("", word.strip()).strip()
        name, role = self._surface.get(text, (None, BLOCK))
        return name if role == DEMONYM and text in self._peoples else None

    def mentions(self, text: str) -> list[tuple[int, str]]:
        """(offset, short name) of every country or organisation mention, capitals only as actors."""
        out: list[tuple[int, str]] = []
        for match in self.pattern.finditer(text):
            name, role = self._surface[match.group(0)]
            if name is None:
                continue
            if role == GROUP:
                out += [(match.start(), member) for member in self.groups[match.group(0)]]
                continue
            if role == CAPITAL and not _acts(text, match.start(), match.end()):
                continue
            out.append((match.start(), name))
        return out

    def find(self, text: str, exclude: Iterable[str] = ()) -> list[str]:
        """Short names of the countries and organisations in ``text``, in order of first mention."""
        return _ordered(self.mentions(text), {self.country_of(x) or x for x in exclude})


def _ordered(mentions: list[tuple[int, str]], skip: set[str]) -> list[str]:
    """Names in order of first mention, each once, without the skipped ones."""
    found: list[str] = []
    for _, name in sorted(mentions, key=lambda m: m[0]):
        if name not in skip and name not in found:
            found.append(name)
    return found


def _plural(demonym: str) -> str:
    """English plural of a demonym noun ("Belarusian" -> "Belarusians"); unchanged when it takes none."""
    if demonym.endswith(("s", "sh", "ch", "x", "z", "ese")):
        return demonym
    if demonym.endswith(("shman", "chman", "sman")):  # "Frenchman", not "German" or "Roman"
        return demonym[:-3] + "men"
    return demonym + "s"


def _words_before(text: str, start: int, n: int) -> list[str]:
    """The last ``n`` words before ``start``, lower-cased, nearest last; stops at a sentence end."""
    window = text[max(0, start - 80) : start]
    cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "), window.rfind("\n"))
    if cut >= 0:
        window = window[cut + 1 :]
    return [w.lower() for w in _WORD.findall(window)][-n:]


def _acts(text: str, start: int, end: int) -> bool:
    """Whether the capital at ``text[start:end]`` stands for its state as an actor rather than a place."""
    after = text[end : end + 40]
    if _POSSESSIVE_AFTER.match(after) or _ACTOR_SUFFIX.match(after):
        return True
    before = _words_before(text, start, 8)
    if len(before) >= 2 and before[-1] == "from" and before[-2] in _FROM_ACTOR:
        return True
    if before and (before[-1] in _PLACE_BEFORE or before[-1] in _MOVEMENT):
        return False  # "a meeting in Minsk was held": a place even before a verb
    nxt = _WORD.match(after.lstrip(" "))
    if nxt and after[: len(after) - len(after.lstrip(" "))] in (" ", ""):
        word = nxt.group(0)
        if word[0].isupper():
            return False  # "Minsk Group", "Washington Post": part of another name
        if word.lower() in _ACTOR_NEXT:
            return True
    if not before:
        return False
    prev = before[-1]
    if prev in ("and", "or", "nor", "&"):
        for word in reversed(before[:-1]):
            if word in _PLACE_BEFORE or word in _MOVEMENT:
                return False
            if word in _ACTOR_BEFORE:
                return True
        return False
    if prev in ("to", "for"):
        return len(before) < 2 or before[-2] not in _MOVEMENT
    return prev in _ACTOR_BEFORE


def _entity(raw: Any, kind: str, where: str) -> Entity:
    """Build one entry, raising KnowledgeError that names the file and entry on bad fields."""
    if not isinstance(raw, dict) or not str(raw.get("name") or "").strip():
        raise KnowledgeError(f"{where}: each entry needs a `name`")
    name = str(raw["name"]).strip()
    try:
        leader = str(raw.get("leader") or "head_of_state")
        if leader not in OFFICES_FOR_LEADER:
            raise ValueError(f"`leader` must be one of {', '.join(OFFICES_FOR_LEADER)}, not {leader!r}")
        return Entity(
            name=name,
            kind=kind,
            aliases=tuple(str_list(raw.get("aliases"))),
            abbreviations=tuple(str_list(raw.get("abbreviations"))),
            agencies=tuple(str_list(raw.get("agencies"))),
            demonyms=tuple(str_list(raw.get("demonyms"))),
            capitals=tuple(str_list(raw.get("capital"))),
            metonymy=bool(raw.get("metonymy", True)),
            leader=leader,
            historical=bool(raw.get("historical", False)),
            family_name_first=bool(raw.get("family_name_first", False)),
        )
    except ValueError as exc:
        raise KnowledgeError(f"{where} ({name}): {exc}") from exc


def read_index(paths: Sequence[Path]) -> CountryIndex:
    """Read the countries file and any ``countries``/``organisations`` sections of further files.

    The first path is the main file; later ones (gazetteer files such as a fictional world) may add states and
    blocs. KnowledgeError names the file and entry on bad input.
    """
    entities: list[Entity] = []
    seen: dict[str, str] = {}
    blocked: list[str] = []
    groups: dict[str, tuple[str, ...]] = {}
    for n, path in enumerate(paths):
        doc = read_yaml(path)
        if doc is None and n > 0:
            continue
        if not isinstance(doc, dict):
            raise KnowledgeError(f"{path}: expected the keys `countries` and `organisations`")
        for key, kind in (("countries", "country"), ("organisations", "organisation")):
            items = doc.get(key) or []
            if not isinstance(items, list):
                raise KnowledgeError(f"{path}: `{key}` must be a list")
            for i, raw in enumerate(items):
                where = f"{path}: {key}[{i}]"
                ent = _entity(raw, kind, where)
                if ent.name in seen:
                    raise KnowledgeError(f"{where}: {ent.name!r} is already listed at {seen[ent.name]}")
                seen[ent.name] = where
                entities.append(ent)
        try:
            blocked += str_list(doc.get("not_countries"))
            for phrase, members in (doc.get("groups") or {}).items():
                groups[str(phrase)] = tuple(str_list(members))
        except (ValueError, AttributeError) as exc:
            raise KnowledgeError(f"{path}: not_countries/groups: {exc}") from exc
    for phrase, members in groups.items():
        unknown = [m for m in members if m not in seen]
        if unknown:
            raise KnowledgeError(f"groups.{phrase}: {', '.join(unknown)} not listed as countries")
    return CountryIndex(entities, blocked, groups)


@lru_cache(maxsize=8)
def _load_default(data_dir: str, gazetteer_dirs: str) -> CountryIndex:
    """The index for one combination of the data settings."""
    with paused_gc():
        return read_index([sources.countries_file(), *sources.gazetteer_files()])


def load(path: Path | None = None) -> CountryIndex:
    """The index over ``data/countries.yaml`` plus gazetteer-file sections (or over ``path`` alone)."""
    if path is not None:
        return _load_path(path)
    return _load_default(settings.get("data_dir"), settings.get("gazetteer_dirs"))


@lru_cache(maxsize=4)
def _load_path(path: Path) -> CountryIndex:
    """The index over one explicit file."""
    return read_index([path])


def country_of(word: str) -> str | None:
    """Short English name for a country/organisation name, alias, demonym or capital (None otherwise)."""
    return load().country_of(word)


def people_of(word: str) -> str | None:
    """The country whose people a plural demonym names ("Kenyans"), None for any other word."""
    return load().people_of(word)


def is_agency(word: str) -> bool:
    """Whether ``word`` is an agency listed under an organisation's ``agencies`` ("UNICEF")."""
    return word.strip() in load().agencies


def find_counterparts(text: str, exclude: Iterable[str] = (), *, people: bool = True) -> list[str]:
    """Countries and organisations ``text`` speaks about, normalised, in order of first mention.

    With ``people`` (the default) a known leader or institution named in the text counts for the state or
    organisation they act for ("Putin never expected" -> Russia, "Mr. Guterres" -> United Nations).
    """
    index = load()
    mentions = index.mentions(text)
    if people:
        from quoteline.knowledge import gazetteer  # imported here: the gazetteer itself uses this module

        # A broken gazetteer file raises GazetteerError naming it: counterparts found without the people
        # would silently lose every "Putin said" -> Russia.
        mentions += gazetteer.load().mentions(text)
    return _ordered(mentions, {index.country_of(x) or x for x in exclude})


def leader_office(country: str) -> str:
    """Which office "the <country> leader" means there: head_of_state or head_of_government."""
    name = country_of(country) or country
    ent = load().entities.get(name)
    return ent.leader if ent else "head_of_state"


def entities() -> dict[str, Entity]:
    """Every country and organisation by short name."""
    return load().entities
