"""The trigger lexicon and grammar word lists, loaded from YAML data files.

``dateline/data/events/triggers.yaml`` maps words to PLOVER types and modes;
``dateline/data/events/grammar.yaml`` holds the grammatical word lists (reporting verbs,
support verbs, control verbs ...). Users add their own trigger files of the same shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


class LexiconError(ValueError):
    """A trigger file that does not follow the documented shape."""


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry: a word (with optional particle / object / modifiers) -> type, mode."""

    type: str
    mode: str | None
    lemma: str  # head lemma: the verb, or the noun's head
    pos: str  # "VERB" or "NOUN"
    particle: str | None = None  # verb particle / preposition ("call for"), noun "of" phrase head
    obj: str | None = None  # verb object lemma ("open fire"); noun modifier ("air strike")
    obj_mod: str | None = None  # verb: a modifier the object must have ("impose martial law")
    object_in: frozenset[str] | None = None
    subject_in: frozenset[str] | None = None
    object_entity: frozenset[str] | None = None
    intransitive: bool = False
    not_modifier: frozenset[str] | None = None  # modifiers / objects that rule it out
    complement: bool = False  # needs a to-infinitive complement ("asked X to ...")
    order: int = 0
    user: bool = False  # from a user's file: wins over packaged entries of the same lemma

    @property
    def specificity(self) -> int:
        return (
            2 * bool(self.particle)
            + 2 * bool(self.obj)
            + bool(self.object_in)
            + bool(self.subject_in)
            + bool(self.object_entity)
            + bool(self.intransitive)
            + bool(self.not_modifier)
            + bool(self.complement)
        )


@dataclass(frozen=True)
class Grammar:
    reporting_verbs: frozenset[str]
    support_verbs: frozenset[str]
    future_control: frozenset[str]
    neutral_control: frozenset[str]
    embedding_types: frozenset[str]
    patient_nouns: frozenset[str]
    target_preps: dict[str, frozenset[str]]
    place_preps: frozenset[str]
    conflict_types: frozenset[str]
    embedded_modes: dict[str, dict[str, str]]
    hypothetical_marks: frozenset[str]
    hypothetical_modals: frozenset[str]
    future_modals: frozenset[str]
    pronouns: dict[str, frozenset[str]]
    obligation_modals: frozenset[str] = frozenset()
    cooperative_types: frozenset[str] = frozenset()
    threat_types: frozenset[str] = frozenset()
    agent_nouns: frozenset[str] = frozenset()
    stative_passives: frozenset[str] = frozenset()
    anaphoric_nouns: dict[str, frozenset[str]] = field(default_factory=dict)
    denial_verbs: frozenset[str] = frozenset()
    receiving_verbs: frozenset[str] = frozenset()
    counterpart_preps: frozenset[str] = frozenset()
    schedule_control: frozenset[str] = frozenset()
    allegation_verbs: frozenset[str] = frozenset()
    violent_causes: frozenset[str] = frozenset()
    visit_preps: frozenset[str] = frozenset()
    preparation_verbs: frozenset[str] = frozenset()
    owner_target_types: frozenset[str] = frozenset()
    grievance_types: frozenset[str] = frozenset()
    grievance_preps: frozenset[str] = frozenset()
    manner_nouns: frozenset[str] = frozenset()
    manner_preps: frozenset[str] = frozenset()
    role_heads: frozenset[str] = frozenset()
    means_types: frozenset[str] = frozenset()
    means_nouns: frozenset[str] = frozenset()

    def preps_for(self, event_type: str) -> frozenset[str]:
        return self.target_preps.get(event_type, frozenset()) | self.target_preps.get(
            "*", frozenset()
        )


@dataclass
class Lexicon:
    verbs: dict[str, list[Trigger]] = field(default_factory=dict)
    nouns: dict[str, list[Trigger]] = field(default_factory=dict)
    particles: frozenset[str] = frozenset()

    def add(self, trig: Trigger) -> None:
        table = self._table(trig.pos)
        entries = table.setdefault(trig.lemma, [])
        entries.append(trig)
        entries.sort(key=lambda t: (not t.user, -t.specificity, t.order))

    adjectives: dict[str, list[Trigger]] = field(default_factory=dict)

    def _table(self, pos: str) -> dict[str, list[Trigger]]:
        return {"VERB": self.verbs, "NOUN": self.nouns, "ADJ": self.adjectives}[pos]

    def entries(self, lemma: str, pos: str) -> list[Trigger]:
        return self._table(pos).get(lemma, [])

    def __len__(self) -> int:
        return sum(len(v) for t in (self.verbs, self.nouns, self.adjectives) for v in t.values())


def _words(value: Any, classes: dict[str, list[str]], where: str) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise LexiconError(f"{where}: expected a list, got {value!r}")
    out: set[str] = set()
    for item in value:
        item = str(item)
        if item.startswith("@"):
            if item[1:] not in classes:
                raise LexiconError(f"{where}: unknown word class {item}")
            out.update(classes[item[1:]])
        else:
            out.add(item.lower())
    return frozenset(out)


def _not_modifiers(value: Any, classes: dict[str, list[str]], where: str) -> frozenset[str] | None:
    """Words that rule an entry out; word classes expand, "@person_poss" is a test of its own."""
    if not value:
        return None
    special = [str(v) for v in value if str(v) == "@person_poss"]
    words = _words([v for v in value if str(v) != "@person_poss"], classes, where) or frozenset()
    return words | frozenset(special)


def _parse_entry(
    raw: Any,
    etype: str,
    pos: str,
    particles: frozenset[str],
    classes: dict[str, list[str]],
    order: int,
) -> Trigger:
    where = f"{etype}.{pos.lower()}s entry {raw!r}"
    opts: dict[str, Any] = {}
    if isinstance(raw, str):
        phrase, mode = raw, None
    elif isinstance(raw, dict) and "lemma" in raw:
        phrase, mode = str(raw["lemma"]), raw.get("mode")
        if raw.get("particle"):
            phrase = f"{phrase} {raw['particle']}"
        opts = raw
    elif isinstance(raw, dict) and len(raw) == 1:
        ((phrase, mode),) = raw.items()
    else:
        raise LexiconError(f"{where}: not a lemma, 'lemma: mode' or a mapping with 'lemma'")
    words = str(phrase).lower().split()
    if not words:
        raise LexiconError(f"{where}: empty lemma")
    particle = obj = obj_mod = None
    if pos in ("VERB", "ADJ"):
        lemma = words[0]
        rest = words[1:]
        if rest and rest[0] in particles:
            particle = rest.pop(0)
        if rest:
            obj = rest[-1]
        if len(rest) >= 2:
            obj_mod = rest[-2]
    elif "of" in words[1:]:  # "state of emergency": head 'state', of-phrase 'emergency'
        k = words.index("of")
        lemma, particle, obj = " ".join(words[:k]), "of", words[-1]
    else:
        lemma = words[-1]
        obj = " ".join(words[:-1]) or None
    return Trigger(
        type=etype,
        mode=str(mode) if mode is not None else None,
        lemma=lemma,
        pos=pos,
        particle=particle,
        obj=obj,
        obj_mod=obj_mod,
        object_in=_words(opts.get("object"), classes, where),
        subject_in=_words(opts.get("subject"), classes, where),
        object_entity=frozenset(opts["object_entity"]) if opts.get("object_entity") else None,
        intransitive=bool(opts.get("intransitive", False)),
        complement=bool(opts.get("complement", False)),
        not_modifier=_not_modifiers(opts.get("not_modifier"), classes, where),
        order=order,
    )


def _load_yaml(source: str | Path | None) -> dict[str, Any]:
    if source is None:
        text = resources.files("dateline.data.events").joinpath("triggers.yaml").read_text("utf-8")
    else:
        text = Path(source).read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise LexiconError(f"{source or 'triggers.yaml'}: top level must be a mapping")
    return data


def build_lexicon(documents: Iterable[dict[str, Any]], user_from: int | None = None) -> Lexicon:
    """Build a lexicon; documents from index ``user_from`` on are the user's (they win)."""
    lex = Lexicon()
    classes: dict[str, list[str]] = {}
    particles: set[str] = set()
    docs = list(documents)
    for data in docs:
        classes.update(
            {k: [str(w).lower() for w in v] for k, v in (data.get("CLASSES") or {}).items()}
        )
        particles.update(str(p) for p in data.get("PARTICLES") or [])
    lex.particles = frozenset(particles)
    order = 0
    for index, data in enumerate(docs):
        user = user_from is not None and index >= user_from
        for etype, body in data.items():
            if etype in ("CLASSES", "PARTICLES"):
                continue
            if etype not in PLOVER_TYPES:
                raise LexiconError(
                    f"unknown event type {etype!r} (expected one of the 16 PLOVER types)"
                )
            for key, pos in (("verbs", "VERB"), ("nouns", "NOUN"), ("adjectives", "ADJ")):
                for raw in (body or {}).get(key) or []:
                    order += 1
                    entry = _parse_entry(raw, etype, pos, lex.particles, classes, order)
                    lex.add(replace(entry, user=True) if user else entry)
    return lex


@lru_cache(maxsize=8)
def load_lexicon(extra: Sequence[str] = ()) -> Lexicon:
    """The packaged lexicon plus the user's trigger files (same YAML shape), cached."""
    return build_lexicon([_load_yaml(None), *(_load_yaml(p) for p in extra)], user_from=1)


def _fs(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values)


@lru_cache(maxsize=1)
def load_grammar() -> Grammar:
    text = resources.files("dateline.data.events").joinpath("grammar.yaml").read_text("utf-8")
    g = yaml.safe_load(text)
    return Grammar(
        reporting_verbs=_fs(g["reporting_verbs"]),
        support_verbs=_fs(g["support_verbs"]),
        future_control=_fs(g["control_verbs"]["future"]),
        neutral_control=_fs(g["control_verbs"]["neutral"]),
        embedding_types=frozenset(g["embedding_types"]),
        patient_nouns=_fs(g["patient_nouns"]),
        target_preps={k: _fs(v) for k, v in g["target_preps"].items()},
        place_preps=_fs(g["place_preps"]),
        conflict_types=frozenset(g["conflict_types"]),
        embedded_modes={k: dict(v) for k, v in g["embedded_modes"].items()},
        hypothetical_marks=_fs(g["hypothetical_marks"]),
        hypothetical_modals=_fs(g["hypothetical_modals"]),
        future_modals=_fs(g["future_modals"]),
        pronouns={k: frozenset(v) for k, v in g["pronouns"].items()},
        obligation_modals=_fs(g.get("obligation_modals", [])),
        cooperative_types=frozenset(g.get("cooperative_types", [])),
        threat_types=frozenset(g.get("threat_types", [])),
        agent_nouns=_fs(g.get("agent_nouns", [])),
        stative_passives=_fs(g.get("stative_passives", [])),
        anaphoric_nouns={k: frozenset(v) for k, v in (g.get("anaphoric_nouns") or {}).items()},
        denial_verbs=_fs(g.get("denial_verbs", [])),
        receiving_verbs=_fs(g.get("receiving_verbs", [])),
        counterpart_preps=_fs(g.get("counterpart_preps", [])),
        schedule_control=_fs(g.get("schedule_control", [])),
        allegation_verbs=_fs(g.get("allegation_verbs", [])),
        violent_causes=_fs(g.get("violent_causes", [])),
        visit_preps=_fs(g.get("visit_preps", [])),
        preparation_verbs=_fs(g.get("preparation_verbs", [])),
        owner_target_types=frozenset(g.get("owner_target_types", [])),
        grievance_types=frozenset(g.get("grievance_types", [])),
        grievance_preps=_fs(g.get("grievance_preps", [])),
        manner_nouns=_fs(g.get("manner_nouns", [])),
        manner_preps=_fs(g.get("manner_preps", [])),
        role_heads=_fs(g.get("role_heads", [])),
        means_types=frozenset(g.get("means_types", [])),
        means_nouns=_fs(g.get("means_nouns", [])),
    )
