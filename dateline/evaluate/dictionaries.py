"""Import verb dictionaries in the PETRARCH (TABARI/PETRARCH-2) CAMEO format as dateline
trigger files (the YAML shape of dateline/data/events/triggers.yaml).

The PETRARCH format, as read here:

- ``&NAME`` starts a synonym set; its ``+WORD`` lines follow (``_`` joins words);
- ``--- NAME [code] ---`` starts a verb block with a CAMEO code; the block's lines that do not
  start with ``-`` are its verbs (``VERB {FORMS}``, ``+GO_BY {...}`` for a phrasal verb);
- ``- ... * ... [code]`` is a pattern: ``*`` stands for the verb, words after it for its object
  (``WORD``, ``{NOUN PHRASE}``, ``&SET``) or a prepositional phrase (``(PREP WORDS)``);
  ``+``, ``$`` and ``%`` mark target, source and compound actors; ``[---]`` codes nothing;
  ``[a:b]`` is a paired code (the first is used);
- ``#`` starts a comment; ``<!-- -->`` lines are skipped.

Conversion: a verb becomes a one-word trigger of the PLOVER type of its block's code
(:func:`dateline.evaluate.cameo.cameo_to_plover`); a pattern becomes a two- or three-word trigger
(verb + object head, verb + preposition, or verb + preposition + object head) of its own code's
type, a synonym set giving one entry per member. Words before ``*`` (the subject side) are not
represented; patterns whose code has no PLOVER type (public statements, ``---``) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dateline.evaluate.cameo import cameo_to_plover

_BLOCK = re.compile(r"^-{3}\s*(?P<name>[^\[]+?)\s*\[(?P<code>[^\]]*)\]\s*-{3}")
_PATTERN = re.compile(r"^-\s*(?P<body>.*?)\s*\[(?P<code>[^\]]*)\]")
_BRACES = re.compile(r"\{[^}]*\}")

# Prepositions and particles of the packaged trigger file (second word read as a particle).
PARTICLES = frozenset(
    [
        "on",
        "at",
        "upon",
        "for",
        "with",
        "against",
        "to",
        "into",
        "down",
        "up",
        "off",
        "out",
        "back",
        "over",
        "away",
        "from",
        "in",
        "of",
    ]
)


class DictionaryError(ValueError):
    """A verb dictionary that cannot be read."""


@dataclass(frozen=True, slots=True)
class Pattern:
    code: str
    before: tuple[str, ...]  # tokens before the verb (subject side)
    after: tuple[str, ...]  # tokens after the verb


@dataclass(slots=True)
class VerbBlock:
    name: str
    code: str
    verbs: list[str] = field(default_factory=list)  # lower-case lemmas, words joined by spaces
    patterns: list[Pattern] = field(default_factory=list)


@dataclass(slots=True)
class VerbDictionary:
    synsets: dict[str, list[str]] = field(default_factory=dict)  # "&NAME" -> member phrases
    blocks: list[VerbBlock] = field(default_factory=list)


def _words(token: str) -> str:
    return token.strip("+$%_").replace("_", " ").strip().lower()


def parse_petrarch_verbs(text: str) -> VerbDictionary:
    """Read a PETRARCH verb dictionary."""
    out = VerbDictionary()
    synset: list[str] | None = None
    block: VerbBlock | None = None
    for raw in text.splitlines():
        if raw.lstrip().startswith("<!--"):
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            synset = None
            continue
        line = line.strip()
        if m := _BLOCK.match(line):
            block, synset = VerbBlock(m["name"].strip(), m["code"].strip()), None
            out.blocks.append(block)
        elif line.startswith("&"):
            synset = out.synsets.setdefault(line.split()[0].upper(), [])
            block = None
        elif synset is not None and line.startswith("+"):
            synset.append(_words(_BRACES.sub("", line).split()[0]))
        elif block is not None and (m := _PATTERN.match(line)):
            tokens = m["body"].split()
            if "*" in tokens:
                star = tokens.index("*")
                block.patterns.append(
                    Pattern(m["code"].strip(), tuple(tokens[:star]), tuple(tokens[star + 1 :]))
                )
        elif block is not None and not line.startswith("-"):
            head = _BRACES.sub("", line).split()
            if head:
                block.verbs.append(_words(head[0]))
    return out


def _heads(tokens: Iterable[str], synsets: dict[str, list[str]]) -> tuple[str | None, list[str]]:
    """(preposition, object heads) of the words after the verb in a pattern."""
    toks = [t for t in tokens if t not in ("+", "$", "%", "^")]
    if not toks:
        return None, []
    prep = None
    first = toks[0]
    if first.startswith("("):
        prep = _words(first.strip("()"))
        toks = [t.strip("()") for t in toks[1:]]
        toks = [t for t in toks if t]
    if not toks:
        return prep, []
    phrase: list[str] = []
    if toks[0].startswith("{"):
        for t in toks:
            phrase.append(t.strip("{}"))
            if t.endswith("}"):
                break
    else:
        phrase = [toks[0]]
    last = phrase[-1]
    if last.startswith("&"):
        members = synsets.get(last.upper(), [])
        return prep, [m.split()[-1] for m in members if m]
    head = _words(last)
    return prep, [head.split()[-1]] if head else []


def _simple(verb: str) -> bool:
    """A verb the trigger format can hold alone: one word, or a verb and its particle."""
    words = verb.split()
    return len(words) == 1 or (len(words) == 2 and words[1] in PARTICLES)


def _entry(phrase: str, mode: str | None) -> Any:
    return {phrase: mode} if mode else phrase


def convert_verbs(dictionary: VerbDictionary) -> dict[str, Any]:
    """The trigger-file mapping (PLOVER type -> {verbs: [...]}) of a PETRARCH verb dictionary."""
    by_type: dict[str, dict[str, str | None]] = {}
    # objects for which a verb's pattern codes no PLOVER event ("CELEBRATE [051]" with
    # "- * EID [017]"): in PETRARCH the pattern wins over the verb's own code, so "celebrated
    # Eid" is no SUPPORT; they become the verb entry's not_modifier
    blocked: dict[str, set[str]] = {}

    def add(plover: tuple[str, str | None] | None, phrase: str) -> None:
        if plover is None or not phrase or phrase.split()[0] in PARTICLES:
            return
        entries = by_type.setdefault(plover[0], {})
        entries.setdefault(phrase, plover[1])

    for block in dictionary.blocks:
        default = cameo_to_plover(block.code.split(":")[0])
        verbs = block.verbs or [_words(block.name)]
        for verb in verbs:
            if _simple(verb):
                add(default, verb)
        for pattern in block.patterns:
            plover = cameo_to_plover(pattern.code.split(":")[0])
            if plover is None and default is not None and not pattern.before:
                prep, heads = _heads(pattern.after, dictionary.synsets)
                if prep is None:
                    for verb in verbs:
                        blocked.setdefault(verb, set()).update(h for h in heads if h)
                continue
            if plover is None or plover == default:
                continue
            prep, heads = _heads(pattern.after, dictionary.synsets)
            if prep is not None and prep not in PARTICLES:
                continue
            for verb in verbs:
                if " " in verb:  # a phrasal verb takes no further words
                    continue
                if not heads and prep:
                    add(plover, f"{verb} {prep}")
                for head in heads:
                    add(plover, " ".join(w for w in (verb, prep, head) if w))

    def entry(phrase: str, mode: str | None) -> Any:
        if not blocked.get(phrase):
            return _entry(phrase, mode)
        out: dict[str, Any] = {"lemma": phrase, "not_modifier": sorted(blocked[phrase])}
        if mode:
            out["mode"] = mode
        return out

    return {
        plover: {"verbs": [entry(p, m) for p, m in sorted(entries.items())]}
        for plover, entries in sorted(by_type.items())
    }


def convert_verb_file(source: str | Path, target: str | Path) -> dict[str, int]:
    """Convert a PETRARCH verb dictionary file to a dateline trigger YAML file; returns the
    number of trigger entries per PLOVER type."""
    try:
        text = Path(source).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DictionaryError(f"{source}: {exc.strerror or exc}") from exc
    converted = convert_verbs(parse_petrarch_verbs(text))
    if not converted:
        raise DictionaryError(f"{source}: no verb blocks with a PLOVER-codable CAMEO code")
    header = (
        f"# dateline trigger file converted from the PETRARCH verb dictionary {Path(source).name}\n"
        "# (dateline dict convert); same shape as dateline/data/events/triggers.yaml.\n"
    )
    body = yaml.safe_dump(converted, sort_keys=False, allow_unicode=True, width=100)
    Path(target).write_text(header + body, encoding="utf-8")
    return {plover: len(v["verbs"]) for plover, v in converted.items()}


_XML_COMMENT = re.compile(r"<!\s*--.*?-->", re.DOTALL)
_CODE_GROUP = re.compile(r"\[([^\]]*)\]")


def strip_xml_comments(text: str) -> str:
    """A PETRARCH dictionary without its ``<!-- ... -->`` comments (which may span lines)."""
    return _XML_COMMENT.sub("", text)


def _code_group(content: str) -> str | None:
    """One ``[CODE dates]`` group in the resolver's form; None for a null (``---``) or
    non-CAMEO (``G77``) code."""
    code = content.strip()
    first = code.split()[0].lstrip("~") if code else ""
    if not re.fullmatch(r"([A-Za-z]{3})+", first):  # null codes ("---") and non-CAMEO ("G77")
        return None
    code = re.sub(r"([<>])\s+", r"\1", code)
    code = re.sub(r"\b\d{2}(\d{6})\b", r"\1", code)  # YYYYMMDD -> YYMMDD
    code = re.sub(r"(\d)\s*-\s*(\d)", r"\1-\2", code)
    return f"[{code}]"


def _codes(line: str) -> list[str]:
    return [g for g in (_code_group(c) for c in _CODE_GROUP.findall(line)) if g]


def clean_petrarch_actors(text: str) -> str:
    """An actor or agent dictionary in the one-line form the actor resolver reads.

    XML comments are removed; null codes (``[---]``) dropped, with the names that have no other
    code; the multi-line forms (a name line, ``+SYNONYM`` lines and indented ``[CODE]`` lines;
    or indented dated codes after an actor line) joined into ``NAME [CODE] [CODE]`` and its
    synonyms; dates written ``< 950601`` or ``19950601 - 19990815`` become ``<950601`` and
    ``950601-990815``.
    """
    actors: list[tuple[str, list[str], list[str]]] = []  # name, codes, synonyms
    other: list[str] = []
    current: tuple[str, list[str], list[str]] | None = None
    for raw in strip_xml_comments(text).splitlines():
        line = raw.split("#", 1)[0].rstrip()
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("+"):
            if current is not None:
                current[2].append(stripped)
            continue
        if stripped.startswith("[") and raw[:1].isspace() and current is not None:
            current[1].extend(_codes(stripped))
            continue
        if stripped.startswith("!") or "=" in stripped:
            other.append(stripped)
            current = None
            continue
        name = re.split(r"[\[{]", stripped, maxsplit=1)[0].strip()
        plurals = re.findall(r"\{[^}]*\}", stripped)
        current = (" ".join([name, *plurals]), _codes(stripped), [])
        actors.append(current)
        if "[" in stripped and not current[1]:
            current[2].append("")  # null-coded: mark to drop
    out = list(other)
    for name, codes, synonyms in actors:
        if codes and "" not in synonyms:
            out.append(f"{name} {' '.join(codes)}")
            out.extend(synonyms)
    return "\n".join(out) + "\n"
