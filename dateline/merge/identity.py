"""Actor identity across articles: one stable key per real-world actor.

Different outlets name the same actor differently ("Zelenskyy", "Volodymyr Zelensky";
"al-Assad", "Al-Assad"; "Gaddafi", "Qadhafi"). :func:`normalise_name` folds case, accents,
name particles, transliteration pairs and doubled letters; :class:`ActorIdentity` maps the
folded name to a canonical id from ``data/identity.yaml`` (variants may hold only for some
years: "Assad" is Hafez before 2000 and Bashar after).

An actor's key (:meth:`ActorIdentity.actor_key`) is, in order:

* ``person:…`` / ``org:…`` — a known actor of the identity file;
* ``person:…`` — a title with its country at the time ("the Ukrainian president", 2025);
* ``person:<folded full name>`` — a named person (the article's PERSON entity gives the full
  name, so "Mojtaba Khamenei" and "Ali Khamenei" stay apart; a one-word name is a family
  name alone or a misread place, and falls through);
* ``country:XXX`` — any other actor of a known state (sectors vary between outlets' wording:
  "Russian forces" and "Russia" are the same side of a dyad);
* ``org:<folded name>`` — non-state actors (IGO, NGO …) without a country;
* ``name:<folded name>`` — anything else; such actors identify nobody and are left out of a
  dyad's sides (a side with no other actor is ``-``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dateline.records import ActorRef, Entity

NON_STATE = frozenset({"IGO", "NGO", "ISM", "IMG", "MNC", "UAF"})
_PERSON_LABELS = frozenset({"PERSON"})


class IdentityDataError(ValueError):
    """The identity file is malformed (the message names the entry)."""


@dataclass(frozen=True, slots=True)
class Variant:
    """A folded name that points to an actor id, optionally only for some years."""

    actor_id: str
    start: int | None = None
    end: int | None = None

    def covers(self, year: int | None) -> bool:
        if year is None:
            return True
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True, slots=True)
class NameRules:
    prefixes: frozenset[str]
    transliteration: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class SectorGroups:
    groups: Mapping[str, str]  # sector code -> group
    always: frozenset[str]  # groups kept apart in every dyad

    def group(self, sector: str | None, within_country: bool) -> str | None:
        """The group that joins a country key, or None for the country alone."""
        group = self.groups.get(sector or "", "state" if sector is None else None)
        if group in self.always or (within_country and group):
            return group
        return None


def _sector_groups(data: Mapping[str, Any], where: str) -> SectorGroups:
    raw = data.get("sector_groups") or {}
    if not isinstance(raw, Mapping):
        raise IdentityDataError(f"{where}: sector_groups must map a group to sector codes")
    groups: dict[str, str] = {}
    for group, codes in raw.items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise IdentityDataError(f"{where}: sector_groups.{group} must list sector codes")
        for code in codes:
            if code in groups:
                raise IdentityDataError(f"{where}: sector {code} is in two groups")
            groups[code] = str(group)
    always = data.get("always") or []
    if not isinstance(always, list) or not set(always) <= set(raw):
        raise IdentityDataError(f"{where}: always must list groups of sector_groups")
    return SectorGroups(groups, frozenset(always))


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _collapse_doubles(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def normalise_name(name: str, rules: NameRules) -> str:
    """Fold a name so that spelling and transliteration variants meet.

    Lower case, no accents or punctuation, particles ("al-", "el-") dropped, transliteration
    pairs rewritten, doubled letters collapsed: "Al-Qadhafi" and "Gaddafi" both give "gadafi".
    """
    text = _strip_accents(name).lower().replace("’", "'")
    text = re.sub(r"['`]", "", text)
    words = re.split(r"[^a-z0-9]+", text)
    out: list[str] = []
    for i, word in enumerate(words):
        if not word or (word in rules.prefixes and i + 1 < len(words)):
            continue
        if word == "the" and not out:
            continue
        for left, right in rules.transliteration:
            word = word.replace(left, right)
        out.append(_collapse_doubles(word))
    return " ".join(out)


def _year(when: str | None) -> int | None:
    if when and len(when) >= 4 and when[:4].isdigit():
        return int(when[:4])
    return None


def _variant(item: Any, actor_id: str, where: str) -> tuple[str, Variant]:
    if isinstance(item, str):
        return item, Variant(actor_id)
    if isinstance(item, Mapping) and isinstance(item.get("name"), str):
        start, end = item.get("from"), item.get("to")
        for v in (start, end):
            if v is not None and not isinstance(v, int):
                raise IdentityDataError(f"{where}: 'from'/'to' must be years, not {v!r}")
        return str(item["name"]), Variant(actor_id, start, end)
    raise IdentityDataError(f"{where}: a variant is a name or {{name, from, to}}, not {item!r}")


def _parse(data: Mapping[str, Any], where: str) -> tuple[NameRules, dict[str, list[Variant]]]:
    pairs = data.get("transliteration", [])
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs
    ):
        raise IdentityDataError(f"{where}: transliteration must be a list of [from, to] pairs")
    prefixes = data.get("prefixes", [])
    if not isinstance(prefixes, list) or not all(isinstance(p, str) for p in prefixes):
        raise IdentityDataError(f"{where}: prefixes must be a list of strings")
    rules = NameRules(frozenset(prefixes), tuple((a, b) for a, b in pairs))
    index: dict[str, list[Variant]] = {}
    seen: set[str] = set()
    for n, actor in enumerate(data.get("actors", [])):
        at = f"{where}: actors[{n}]"
        if not isinstance(actor, Mapping) or not isinstance(actor.get("id"), str):
            raise IdentityDataError(f"{at}: needs an id")
        actor_id = actor["id"]
        if not re.fullmatch(r"(person|org):[a-z0-9\-]+", actor_id):
            raise IdentityDataError(f"{at}: id {actor_id!r} must look like person:name-surname")
        if actor_id in seen:
            raise IdentityDataError(f"{at}: duplicate id {actor_id!r}")
        seen.add(actor_id)
        if not isinstance(actor.get("name"), str):
            raise IdentityDataError(f"{at}: needs a name")
        names = [(actor["name"], Variant(actor_id))]
        names += [_variant(v, actor_id, at) for v in actor.get("variants") or []]
        for name, variant in names:
            index.setdefault(normalise_name(name, rules), []).append(variant)
    return rules, index


class ActorIdentity:
    """Canonical actor keys from the packaged identity file (or another of the same schema)."""

    def __init__(self, path: str | Path | None = None) -> None:
        if path is None:
            source = resources.files("dateline.merge") / "data" / "identity.yaml"
            where = "dateline/merge/data/identity.yaml"
            text = source.read_text(encoding="utf-8")
        else:
            where = str(path)
            text = Path(path).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        if not isinstance(data, Mapping):
            raise IdentityDataError(f"{where}: expected a mapping at the top")
        self.rules, self._index = _parse(data, where)
        self.sectors = _sector_groups(data, where)
        blockers = data.get("title_blockers") or []
        if not isinstance(blockers, list) or not all(isinstance(b, str) for b in blockers):
            raise IdentityDataError(f"{where}: title_blockers must be a list of words")
        self._blockers = frozenset(b.lower() for b in blockers)
        self._titles: dict[tuple[str, str], list[Variant]] = {}
        if path is None:
            self._add_dictionary_actors()

    def _add_dictionary_actors(self) -> None:
        """People, and organisations without a state, of the actor dictionaries
        (dateline/data/actors): more canonical ids. The identity file wins where both name
        someone (its variants may be bounded by years)."""
        base = resources.files("dateline") / "data" / "actors"
        people = yaml.safe_load((base / "people.yaml").read_text(encoding="utf-8"))
        orgs = yaml.safe_load((base / "organizations.yaml").read_text(encoding="utf-8"))
        items = [("person", p) for p in people.get("people") or []]
        items += [
            ("org", o) for o in orgs.get("organizations") or [] if o.get("country") in NON_STATE
        ]
        for kind, item in items:
            name = re.sub(r"\s*\(.*?\)", "", str(item["name"])).strip()
            names = [name, *(str(a) for a in item.get("aliases") or [])]
            folded = [self.fold(n) for n in names]
            known = {v.actor_id for f in folded for v in self._index.get(f, ())}
            if len(known) > 1:
                continue  # the identity file keeps these names apart
            actor_id = known.pop() if known else f"{kind}:{_slug(name)}"
            for f in folded:
                if f and f not in self._index:
                    self._index[f] = [Variant(actor_id)]
            for role in item.get("roles") or [] if kind == "person" else []:
                country = role.get("country") or item.get("country")
                title = " ".join(str(role.get("title") or "").lower().split())
                if title and country:
                    self._titles.setdefault((country, title), []).append(
                        Variant(actor_id, role.get("from"), role.get("to"))
                    )

    def by_title(self, ref: ActorRef, when: str | None) -> str | None:
        """The person a title stands for at a date ("Ukrainian president", 2025), or None.

        The title must end the phrase, with at most two other words before it (a demonym,
        "the") and none of the blockers ("former", "deputy" ...); exactly one holder of that
        title in that country at that date.
        """
        year = _year(when)
        if year is None or not ref.country:
            return None
        words = re.findall(r"[a-z\-]+", _strip_accents(ref.name).lower())
        for n in range(min(4, len(words)), 0, -1):
            title, extra = " ".join(words[-n:]), words[:-n]
            holders = self._titles.get((ref.country, title))
            if holders is None:
                continue
            if len(extra) > 2 or self._blockers & set(extra):
                return None
            ids = {v.actor_id for v in holders if v.covers(year)}
            return ids.pop() if len(ids) == 1 else None
        return None

    def fold(self, name: str) -> str:
        return normalise_name(name, self.rules)

    def known(self, name: str, when: str | None = None) -> str | None:
        """The canonical id of a known actor named ``name`` (at date ``when``), or None."""
        year = _year(when)
        hits = sorted({v.actor_id for v in self._index.get(self.fold(name), ()) if v.covers(year)})
        return hits[0] if len(hits) == 1 else None

    def actor_key(
        self,
        ref: ActorRef,
        entities: Sequence[Entity] = (),
        when: str | None = None,
        within_country: bool = False,
    ) -> str:
        """The cross-article key of one event participant (see the module docstring).

        ``within_country``: both sides of the dyad share a country, so every sector group
        counts (the state against its own civilians, rebels or opposition).
        """
        entity = _entity_for(ref, entities)
        names = [ref.name, ref.text]
        if entity is not None:
            names.insert(0, entity.canonical)
        for name in names:
            actor_id = self.known(name, when)
            if actor_id:
                return actor_id
        actor_id = self.by_title(ref, when)
        if actor_id:
            return actor_id
        if entity is not None and entity.label in _PERSON_LABELS:
            # the fuller of the article's name for the person and the actor dictionary's;
            # a one-word "person" is a family name alone or a misread place ("Kyiv"): no key
            full = max((entity.canonical, ref.name), key=lambda n: len(n.split()))
            if len(full.split()) >= 2:
                return "person:" + self.fold(full).replace(" ", "-")
        country = ref.country or (entity.country if entity else None)
        if country and country not in NON_STATE:
            group = self.sectors.group(ref.sector, within_country)
            return f"country:{country}" + (f"/{group}" if group else "")
        prefix = "org:" if country else "name:"
        return prefix + self.fold(ref.name).replace(" ", "-")

    def dyad(
        self,
        source: Sequence[ActorRef],
        target: Sequence[ActorRef],
        entities: Sequence[Entity] = (),
        when: str | None = None,
    ) -> tuple[str, str]:
        """(source key, target key); sector groups count in full when both sides share a
        country."""
        src = {self.actor_key(r, entities, when) for r in source}
        tgt = {self.actor_key(r, entities, when) for r in target}
        if {_country(k) for k in src} & {_country(k) for k in tgt} - {None}:
            src = {self.actor_key(r, entities, when, True) for r in source}
            tgt = {self.actor_key(r, entities, when, True) for r in target}
        return _side(src), _side(tgt)

    def side_key(
        self, refs: Sequence[ActorRef], entities: Sequence[Entity] = (), when: str | None = None
    ) -> str:
        """One side of a dyad alone: the sorted, distinct keys of its actors ("-" when empty)."""
        return _side({self.actor_key(r, entities, when) for r in refs})


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _strip_accents(name).lower()).strip("-")


def _side(keys: set[str]) -> str:
    """The actors of one side; those known only by a phrase ("name:…": no country, no known
    id, not a person) are left out: they identify nobody ("a security agreement" read as a
    target, "the crowd")."""
    known = sorted(k for k in keys if not k.startswith("name:"))
    return "+".join(known) if known else "-"


def _country(key: str) -> str | None:
    if not key.startswith("country:"):
        return None
    return key.split(":", 1)[1].split("/", 1)[0]


def _entity_for(ref: ActorRef, entities: Sequence[Entity]) -> Entity | None:
    """The PERSON/ORG entity that the actor phrase names: the same words, or inside the span."""
    if ref.start is None or ref.end is None:
        return None
    best: Entity | None = None
    for ent in entities:
        if ent.label not in ("PERSON", "ORG"):
            continue
        if ref.start <= ent.start and ent.end <= ref.end and ref.name.endswith(ent.text):
            if best is None or (ent.end - ent.start) > (best.end - best.start):
                best = ent
    return best


@lru_cache(maxsize=4)
def default_identity(path: str | None = None) -> ActorIdentity:
    """The process-wide identity table (built once)."""
    return ActorIdentity(path)
