"""Turn event candidates (token positions) into output records: actors resolved to country and
sector, the event's own date, its place, its attribution, its counts and a confidence."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date as date_cls

from spacy.tokens import Doc, Span, Token

from dateline.extract.attribution import attribution_for_span
from dateline.extract.events.coder import EventCandidate, conjuncts
from dateline.extract.events.lexicon import Grammar
from dateline.records import (
    ActorRef,
    Attribution,
    Count,
    DateBasis,
    DateMention,
    EventMention,
    Location,
    Quote,
)

LEFT_MODS = {
    "det",
    "amod",
    "compound",
    "poss",
    "nmod",
    "nummod",
    "quantmod",
    "case",
    "npadvmod",
    "advmod",
}
RIGHT_PREPS = {"of", "in", "from"}
MAX_ACTOR_TOKENS = 10
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NAMED = {"PERSON", "ORG", "GPE", "NORP"}
ACTOR_CODES = {"IGO", "NGO", "ISM", "MNC"}
OWN_PRONOUNS = {"its", "their", "his", "her", "our"}
PLACE_TARGET_TYPES = {"ASSAULT", "COERCE", "MOBILIZE", "CONSULT", "RETREAT", "AID"}
INSTRUMENTS = {"bomb", "bombing", "explosion", "blast", "device", "mine", "landmine", "rocket", "missile",
               "shell", "grenade", "ied", "attack", "airstrike", "strike", "drone", "shelling", "fire",
               "gunfire", "explosive", "car"}  # fmt: skip
COUNT_WORDS = {
    "ASSAULT": {"killed", "dead", "died", "injured", "wounded", "hurt", "casualties", "deaths", "missing",
                "abducted", "kidnapped", "displaced", "people", "civilians"},
    "COERCE": {"arrested", "detained", "jailed", "held", "deported", "people", "protesters"},
    "PROTEST": {"protesters", "demonstrators", "people", "marchers", "workers", "students", "arrested", "injured"},
    "MOBILIZE": {"troops", "soldiers", "police", "officers"},
    "AID": {"dollars", "usd", "euros", "tons", "tonnes", "refugees"},
    "RETREAT": {"prisoners", "hostages", "troops", "released", "freed"},
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ResolvedActor:
    name: str
    country: str | None
    sector: str | None


ResolveFn = Callable[[Span], ResolvedActor | None]
GeocodeFn = Callable[[str, str | None], Location | None]


def actor_span(tok: Token) -> Span:
    """The noun phrase headed by ``tok``: its left modifiers and short of/in/from phrases."""
    doc = tok.doc
    if tok.ent_type_ and tok.ent_iob_ != "O":
        ent = next((e for e in doc_ents(doc) if e.start <= tok.i < e.end), None)
    else:
        ent = None
    start, end = tok.i, tok.i + 1
    for c in tok.lefts:
        if c.dep_ in LEFT_MODS:
            start = min(start, c.left_edge.i)
    for c in tok.rights:
        if (
            c.dep_ == "prep"
            and c.lower_ in RIGHT_PREPS
            and c.right_edge.i - start < MAX_ACTOR_TOKENS
        ) or c.dep_ in ("compound", "amod"):
            end = max(end, c.right_edge.i + 1)
    if ent is not None:
        start, end = min(start, ent.start), max(end, ent.end)
    # trim punctuation and leading determiners of no meaning for display
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def distributed_over(tok: Token) -> list[Token]:
    """The coordinated names one group noun spreads over: "lawmakers in Arnor and Gondor",
    "the ambassadors of Kenya, Uganda and Tanzania", "Kenyan and Ugandan officials" are
    lawmakers (ambassadors, officials) of each. Empty when ``tok`` is no such noun."""
    if tok.pos_ != "NOUN":
        return []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in RIGHT_PREPS:
            heads = [o for o in c.children if o.dep_ == "pobj"]
        elif c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i:
            heads = [c]
        else:
            continue
        if not heads:
            continue
        members = conjuncts(heads[0])
        if len(members) > 1 and all(
            m.pos_ == "PROPN" or m.ent_type_ in ("GPE", "NORP", "ORG") for m in members
        ):
            return members
    # "lawmakers and officials in A and B": a bare noun coordinated with a spread one
    head = _bare_conjunct_head(tok)
    if head is not None:
        return distributed_over(head)
    return []


def _bare_conjunct_head(tok: Token) -> Token | None:
    """The first conjunct of ``tok`` when ``tok`` is a later conjunct with no modifiers of its
    own ("government" in "Danish media and government"); None otherwise."""
    if tok.dep_ != "conj" or any(
        c.dep_ in ("amod", "compound", "nmod", "poss", "det", "prep") for c in tok.children
    ):
        return None
    head = tok.head
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    return head if head.i != tok.i else None


def shared_modifiers(tok: Token) -> Span | None:
    """ "Danish media and government", "Kenyan police and soldiers": a bare common noun
    coordinated with a modified one shares its modifiers. Those modifiers ("Danish"), when
    ``tok`` is such a noun; None otherwise."""
    head = _bare_conjunct_head(tok) if tok.pos_ == "NOUN" else None
    if head is None or head.pos_ != "NOUN":
        return None
    mods = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod") and c.i < head.i]
    if not mods:
        return None
    return tok.doc[min(m.left_edge.i for m in mods) : max(m.right_edge.i for m in mods) + 1]


def own_part(span: Span, tok: Token, conjoined: Sequence[Token]) -> Span:
    """The part of ``span`` that is ``tok``'s own when the span also holds actors coordinated
    with it: the small NER model often reads "Gondor and Arnor" as one entity."""
    start, end = span.start, span.end
    for other in conjoined:
        if other.i == tok.i or not start <= other.i < end:
            continue
        if other.i > tok.i:
            end = min(end, other.left_edge.i)
        else:
            start = max(start, other.i + 1)
    doc = span.doc
    while start < end - 1 and doc[start].pos_ in ("CCONJ", "PUNCT"):
        start += 1
    while end - 1 > start and doc[end - 1].pos_ in ("CCONJ", "PUNCT"):
        end -= 1
    if not start <= tok.i < end:
        return span
    return span if (start, end) == (span.start, span.end) else doc[start:end]


def _complete(
    tok: Token,
    resolved: ResolvedActor | None,
    name: str,
    resolve: ResolveFn,
    g: Grammar,
    violent: bool = True,
) -> ResolvedActor | None:
    """Fill what the phrase alone does not say from its apposition, its possessor, or its
    being an instrument rather than a person."""
    if resolved is None or not resolved.country:
        # "Kenzo Oshima, the UN relief coordinator": the apposition says who
        for ap in (c for c in tok.children if c.dep_ == "appos"):
            alt = resolve(actor_span(ap))
            if alt is not None and alt.country:
                sector = resolved.sector if resolved is not None and resolved.sector else alt.sector
                return ResolvedActor(resolved.name if resolved else name, alt.country, sector)
    labels = g.anaphoric_nouns.get(tok.lemma_.lower())
    if (
        labels
        and (resolved is None or not resolved.country)
        and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
    ):
        # "al-Shabab ... the group said": the nearest earlier entity of that kind
        ante = _nearest_entity(tok, labels)
        alt = resolve(ante) if ante is not None else None
        if alt is not None and (alt.country or alt.sector):
            return ResolvedActor(alt.name, alt.country, alt.sector)
    if resolved is not None and not resolved.country:
        # "his government", "their forces": the possessor gives the country
        for poss in (c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"):
            ante = _resolve_pronoun(poss, g)
            owner = resolve(ante) if ante is not None else None
            if owner is not None and owner.country:
                return ResolvedActor(resolved.name, owner.country, resolved.sector)
    if violent and tok.lemma_.lower() in INSTRUMENTS and (resolved is None or not resolved.sector):
        # "a roadside bomb killed ...": an unidentified armed actor; "US drone strikes": the
        # named country's military
        country = resolved.country if resolved is not None else None
        return ResolvedActor(
            resolved.name if resolved else name, country, "MIL" if country else "UAF"
        )
    return resolved


def _nearest_entity(tok: Token, labels: frozenset[str]) -> Span | None:
    best = None
    for ent in doc_ents(tok.doc):
        if ent.end > tok.i:
            break
        if ent.label_ in labels:
            best = ent
    return best


FIRST_PERSON = {"we", "i", "us", "our", "my", "me"}


def _quote_speaker(tok: Token, quotes: Sequence[Quote]) -> Span | None:
    """First-person pronouns inside a direct quote are its speaker ("'We reject ...,' said X")."""
    for q in quotes:
        if q.start <= tok.idx < q.end and q.speaker_start is not None and q.speaker_end is not None:
            span = tok.doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand")
            if span is not None and span.root.pos_ != "PRON":
                return actor_span(
                    span.root
                )  # with its title: "Taliban spokesman Zabihullah Mujahid"
    return None


def _recent_plural_subject(tok: Token, max_sentences: int = 3) -> Span | None:
    """ "The militants asked passengers ... Then they shot them": 'they' is the nearest earlier
    plural subject (of this or the last few sentences), not the nearest name."""
    doc = tok.doc
    starts_passed = 0
    for i in range(tok.i - 1, -1, -1):
        t = doc[i]
        if (
            t.dep_ in ("nsubj", "nsubjpass")
            and t.pos_ != "PRON"
            and (t.tag_ in ("NNS", "NNPS") or t.ent_type_ in ("ORG", "NORP"))
        ):
            return actor_span(t)
        if t.is_sent_start:
            starts_passed += 1
            if starts_passed > max_sentences:
                return None
    return None


def _unique(actors: list[ActorRef]) -> list[ActorRef]:
    """One entry per actor name (a pronoun and its antecedent can both be listed)."""
    seen: set[str] = set()
    out = []
    for a in actors:
        if a.name not in seen:
            seen.add(a.name)
            out.append(a)
    return out


def _recent_person_subject(tok: Token, max_sentences: int = 2) -> Span | None:
    """A subject "he"/"she" continues the nearest earlier person who was a subject ("Pedersen
    issued an appeal ... He called for ..."), rather than the last person merely named."""
    doc = tok.doc
    starts_passed = 0
    for i in range(tok.i - 1, -1, -1):
        t = doc[i]
        if t.dep_ in ("nsubj", "nsubjpass") and t.ent_type_ == "PERSON":
            return _ent_of(t)
        if t.is_sent_start:
            starts_passed += 1
            if starts_passed > max_sentences:
                return None
    return None


def doc_ents(doc: Doc) -> list[Span]:
    """``doc.ents`` builds new Span objects on every access: compute them once per Doc."""
    cached = doc.user_data.get("dateline_ents")
    if cached is None:
        cached = list(doc.ents)
        doc.user_data["dateline_ents"] = cached
    return cached


def _resolve_pronoun(tok: Token, g: Grammar, quotes: Sequence[Quote] = ()) -> Span | None:
    if tok.lower_ in FIRST_PERSON:
        speaker = _quote_speaker(tok, quotes)
        if speaker is not None:
            return speaker
    labels = g.pronouns.get(tok.lower_)
    if not labels:
        return None
    if tok.lower_ in ("they", "their"):
        subject = _recent_plural_subject(tok)
        if subject is not None:
            return subject
    if tok.lower_ in ("he", "she", "his", "her") and tok.dep_ in ("nsubj", "nsubjpass", "poss"):
        person = _recent_person_subject(tok)
        if person is not None:
            return person
    if tok.lower_ == "them":
        # an object pronoun is the nearest earlier plural noun that is not its clause's subject
        clause_subjects = {s.i for s in tok.head.children if s.dep_ in ("nsubj", "nsubjpass")}
        for i in range(tok.i - 1, max(tok.sent.start - 40, -1), -1):
            t = tok.doc[i]
            if (
                t.tag_ in ("NNS", "NNPS")
                and t.i not in clause_subjects
                and t.dep_ not in ("compound", "amod")
            ):
                return actor_span(t)
    # "X said it/they/he would ...": the pronoun in a reported clause is the reporter
    cur = tok.head
    for _ in range(6):
        if cur.lemma_.lower() in g.reporting_verbs and cur.pos_ == "VERB":
            subj = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and subj[0].pos_ != "PRON" and subj[0].i < tok.i:
                return actor_span(subj[0])
            break
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return _nearest_entity(tok, labels)


def _pick_date(
    cand: EventCandidate, sent: Span, dates: Sequence[DateMention]
) -> DateMention | None:
    """The date mention that belongs to the event: inside the trigger's clause, else in the sentence."""
    inside = [d for d in dates if sent.start_char <= d.start and d.end <= sent.end_char and d.value]
    if not inside:
        return None
    clause = cand.token if cand.token.pos_ == "VERB" else cand.token.head
    lo, hi = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)
    near = [d for d in inside if lo <= d.start and d.end <= hi]
    # outside the event's clause, only a date that modifies a verb ("... on Friday") can be the
    # event's; one inside a noun phrase ("the 1950-53 Korean War") names something else
    pool = near or [d for d in inside if _adverbial(sent.doc, d)] or inside
    return min(pool, key=lambda d: abs(d.start - cand.token.idx))


def _adverbial(doc: Doc, date: DateMention) -> bool:
    span = doc.char_span(date.start, date.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    head = span.root
    if head.dep_ in ("npadvmod", "tmod", "advmod") and head.head.pos_ in ("VERB", "AUX"):
        return True
    return (
        head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ in ("VERB", "AUX")
    )


def _nearest_place(cand: EventCandidate, sent: Span, actor_tokens: set[int]) -> Span | None:
    """The place of the sentence nearest the trigger that is not one of the actors (when none is
    attached to the trigger)."""
    candidates = [
        e
        for e in sent.ents
        if e.label_ in PLACE_LABELS and not any(i in actor_tokens for i in range(e.start, e.end))
    ]
    if candidates:
        return min(candidates, key=lambda e: abs(e.start - cand.token.i))
    return None


def _attached_place(cand: EventCandidate, actor_tokens: set[int], g: Grammar) -> Span | None:
    """A place attached to the trigger (or its clause's verb) by a locative preposition, else
    to the act it announces ("threatened to impose a curfew in Mombasa", "refused to deploy
    troops in Mali": where the threatened or refused act is aimed)."""
    tok = cand.token
    clause = tok if tok.pos_ == "VERB" else tok.head
    if clause.pos_ == "ADP" and clause.dep_ == "prep":
        clause = clause.head  # "arrived in Amman on a visit": the visit's verb holds the place
    heads = [tok, clause, *(inner.token for inner in cand.absorbed)]
    for h in heads:
        for prep in h.children:
            if prep.dep_ == "prep" and prep.lower_ in g.place_preps:
                for o in prep.children:
                    if o.dep_ != "pobj" or o.i in actor_tokens:
                        continue
                    if o.ent_type_ in PLACE_LABELS:
                        return _ent_of(o)
                    if (
                        o.pos_ == "PROPN"
                        and prep.lower_ in ("in", "near", "outside")
                        and _is_city(o)
                    ):
                        return _ent_of(o)  # a city the tagger mislabelled ("in Kyiv" as PERSON)
    return None


def _means_last(options: list[list[Token]], etype: str, g: Grammar) -> list[list[Token]]:
    """Target options with what the source acts with, not on, moved after the others (in their
    order): its own means ("withdrew its troops from Lebanon", "offered their soldiers to the
    force") and what an act of cooperation sends ("agreed to send troops to Somalia")."""
    return sorted(options, key=lambda o: _own_means(o) or _sent_means(o, etype, g))


def _own_means(option: list[Token]) -> bool:
    """An option headed by a noun with a possessive pronoun ("its troops", "their forces")."""
    return bool(option) and any(
        c.dep_ == "poss" and c.lower_ in OWN_PRONOUNS for c in option[0].children
    )


def _sent_means(option: list[Token], etype: str, g: Grammar) -> bool:
    """Troops, aid or arms an act of cooperation sends ("agreed to send more troops to
    Somalia"): what is moved, not whom it goes to."""
    return (
        bool(option)
        and etype in g.means_types
        and option[0].dep_ in ("dobj", "obj")
        and option[0].lemma_.lower() in g.means_nouns
    )


def _is_city(tok: Token) -> bool:
    from dateline.resolve.places import geocode

    found = geocode(_ent_of(tok).text)
    return found is not None and found.kind in ("city", "admin", "region")


def _ent_of(tok: Token) -> Span:
    for e in doc_ents(tok.doc):
        if e.start <= tok.i < e.end:
            return e
    return tok.doc[tok.i : tok.i + 1]


def dominant_country(doc: Doc, resolve: ResolveFn) -> str | None:
    """The country most named in the article, when it dominates (used for bare 'police')."""
    counts: Counter[str] = Counter()
    for ent in doc_ents(doc):
        if ent.label_ in ("GPE", "NORP"):
            r = resolve(ent)
            if (
                r
                and r.country
                and len(r.country) == 3
                and r.country not in ("IGO", "NGO", "ISM", "MNC")
            ):
                counts[r.country] += 1
    if not counts:
        return None
    (top, n), total = counts.most_common(1)[0], sum(counts.values())
    return top if (n >= 2 or total == 1) and n / total >= 0.5 else None


def _confidence(cand: EventCandidate, sources: list[ActorRef], targets: list[ActorRef]) -> float:
    score = 0.45
    score += 0.15 if cand.trigger.pos == "VERB" else 0.05
    score += 0.1 if cand.trigger.specificity else 0.0
    score += 0.15 if any(a.country for a in sources) else (0.05 if sources else -0.2)
    score += 0.05 if targets else 0.0
    score -= 0.1 if cand.hypothetical else 0.0
    return max(0.05, min(0.99, score))


def assemble(
    cands: Sequence[EventCandidate],
    sent: Span,
    sentence_index: int,
    *,
    doc_id: str,
    first_id: int,
    published: str | None,
    dates: Sequence[DateMention],
    counts: Sequence[Count],
    attributions: Sequence[Attribution],
    resolve: ResolveFn,
    geocode: GeocodeFn,
    grammar: Grammar,
    fallback_country: str | None,
    canonical: dict[int, str] | None = None,
    known: dict[str, ResolvedActor] | None = None,
    quotes: Sequence[Quote] = (),
    dateline_place: Location | None = None,
) -> list[EventMention]:
    canonical = canonical or {}
    known = known if known is not None else {}
    out: list[EventMention] = []
    for n, cand in enumerate(cands):
        actor_tokens: set[int] = set()

        def refs(
            tokens: list[Token],
            actor_tokens: set[int] = actor_tokens,
            named_only: bool = False,
            strict: bool = False,
            violent: bool = cand.type == "ASSAULT",
        ) -> list[ActorRef]:
            result = []
            for t in tokens:
                span = own_part(actor_span(t), t, tokens)
                members = distributed_over(t) if t.pos_ != "PRON" else []
                if members:
                    whole = resolve(span)
                    split: list[ActorRef] = []
                    for m in members:
                        own = resolve(own_part(actor_span(m), m, members))
                        if own is None or not own.country:
                            split = []
                            break  # not every name is placed: keep the phrase whole
                        split.append(
                            ActorRef(
                                text=span.text,
                                name=f"{own.name} {t.lower_}",
                                country=own.country,
                                sector=(whole.sector if whole and whole.sector else own.sector),
                                start=span.start_char,
                                end=span.end_char,
                            )
                        )
                    if split:
                        actor_tokens.update(range(span.start, span.end))
                        result.extend(split)
                        continue
                if t.pos_ == "PRON":
                    antecedent = _resolve_pronoun(t, grammar, quotes)
                    if antecedent is None:
                        continue
                    resolved = _complete(
                        antecedent.root, resolve(antecedent), antecedent.text, resolve, grammar
                    )
                    name = antecedent.text
                else:
                    resolved = resolve(span)
                    name = span.text
                    shared = shared_modifiers(t)
                    if shared is not None and (resolved is None or not resolved.country):
                        owner = resolve(shared)
                        if owner is not None and owner.country:
                            name = f"{shared.text} {t.text}"
                            resolved = ResolvedActor(
                                name,
                                owner.country,
                                resolved.sector if resolved is not None else None,
                            )
                    resolved = _complete(t, resolved, name, resolve, grammar, violent)
                    if (
                        named_only
                        and not (
                            resolved
                            and (
                                resolved.sector
                                or resolved.country in ACTOR_CODES
                                or (resolved.country and not strict)
                            )
                        )
                        and t.pos_ != "PROPN"
                        and not any(x.ent_type_ in ("ORG", "PERSON") for x in span)
                        and t.ent_type_ not in NAMED
                        and t.lemma_.lower() not in grammar.agent_nouns
                    ):
                        continue  # a thing ("arms", "a formula"), not an actor
                actor_tokens.update(range(span.start, span.end))
                full = next((canonical[t2.idx] for t2 in span if t2.idx in canonical), None)
                if full and (resolved is None or resolved.name in (span.text, name)):
                    name = full  # "Blinken" -> "Antony Blinken" (the article's full name)
                    if resolved is not None:
                        resolved = ResolvedActor(full, resolved.country, resolved.sector)
                # what an earlier mention of the same actor said ("Kenyan opposition leader Jane
                # Wambui ... Wambui said") fills what this one lacks
                key = full or (resolved.name if resolved is not None else name)
                earlier = known.get(key)
                if earlier is not None and (resolved is None or not resolved.country):
                    resolved = ResolvedActor(
                        key,
                        earlier.country,
                        (resolved.sector if resolved and resolved.sector else earlier.sector),
                    )
                elif resolved is not None and resolved.country and key not in known:
                    known[key] = resolved
                result.append(
                    ActorRef(
                        text=span.text,
                        name=resolved.name if resolved else name,
                        country=resolved.country if resolved else None,
                        sector=resolved.sector if resolved else None,
                        start=span.start_char,
                        end=span.end_char,
                    )
                )
            return result

        # a source must act: a sector, a name or a person/group noun ("Syria's constitution",
        # with only a country from its modifier, is no actor); a target may be a place
        sources = _unique(refs(cand.sources, named_only=True, strict=True))
        targets: list[ActorRef] = []
        for option in _means_last([cand.targets, *cand.target_options], cand.type, grammar):
            found = _unique(refs(option, named_only=True))
            if found:
                targets = found
                break
        if cand.type == "CONSULT" and any(a.sector == "JRN" for a in sources + targets):
            continue  # an interview with a journalist or an outlet is no consultation
        if not sources and not cand.implicit_source:
            continue  # the only source was a pronoun with no antecedent
        attached = _attached_place(cand, actor_tokens, grammar)
        place = attached or _nearest_place(cand, sent, actor_tokens)
        location = None
        if place is not None:
            hint = next(
                (a.country for a in sources + targets if a.country and len(a.country) == 3), None
            )
            location = geocode(place.text, hint) or Location(name=place.text)
        elif cand.type in PLACE_TARGET_TYPES:
            # "drones hit Lviv", "troops entered Kidal": a city or region attacked is where it happened
            for t in cand.targets:
                if t.ent_type_ in PLACE_LABELS or (t.pos_ == "PROPN" and _is_city(t)):
                    spot = geocode(_ent_of(t).text, None)
                    if spot is not None and spot.kind != "country":
                        location = spot
                        break
        if location is None and dateline_place is not None:
            # "NAIROBI — Kenyan police arrested ...": the dateline city, when the event's actors
            # belong to its country (a Washington dateline says nothing of an attack in Gaza)
            if any(a.country == dateline_place.country for a in sources + targets):
                location = dateline_place
        if (
            not targets
            and attached is not None
            and location is not None
            and location.country
            and len(location.country) == 3
        ):
            # "lifted a curfew in Montenegro", "arrived in Amman on a visit", "withdrew forces
            # from Panama": with no actor acted on, the place the act is aimed at stands for its
            # country (no sector: who there is not said)
            targets = [
                ActorRef(
                    text=attached.text,
                    name=location.name,
                    country=location.country,
                    sector=None,
                    start=attached.start_char,
                    end=attached.end_char,
                )
            ]
        # a sector without a country ("police", "the army") takes the place's or article's country
        default_country = (location.country if location else None) or fallback_country
        if cand.implicit_source and not sources:
            sources = [ActorRef(text="", name="police", country=default_country, sector="COP")]
        if default_country:
            sources = [_with_country(a, default_country) for a in sources]
            targets = [_with_country(a, default_country) for a in targets]
        date = _pick_date(cand, sent, dates)
        calendar = event_date(date.value) if date is not None else None
        date_value: str | None
        basis: DateBasis
        if date is not None and calendar:
            date_value, basis = calendar, date.basis
        else:
            date_value, basis = (published[:10] if published else None), "publication"
        future = cand.future or bool(
            date_value and published and basis != "publication" and date_value[:10] > published[:10]
        )
        attributed = None
        if cand.reporter is not None:
            rep_span = actor_span(cand.reporter)
            if cand.reporter.pos_ == "PRON":
                ante = _resolve_pronoun(cand.reporter, grammar)
                attributed = ante.text if ante is not None else rep_span.text
            else:
                attributed = rep_span.text
        else:
            att = attribution_for_span(attributions, sent.start_char, sent.end_char)
            attributed = att.source if att is not None and att.source else None
            if attributed is None:
                # an event told inside a direct quote is attributed to the quote's speaker
                quote = next(
                    (q for q in quotes if q.start <= cand.token.idx < q.end and q.speaker), None
                )
                attributed = quote.speaker if quote is not None else None
        event_counts = tuple(
            c for c in counts
            if sent.start_char <= c.start < sent.end_char
            and (c.what or "").lower() in COUNT_WORDS.get(cand.type, set())
        )  # fmt: skip
        tok = cand.token
        out.append(
            EventMention(
                id=f"{doc_id}:e{first_id + n}",
                type=cand.type,
                mode=cand.mode,
                source=tuple(sources),
                target=tuple(targets),
                date=date_value,
                date_basis=basis,
                location=location,
                sentence=sentence_index,
                sentence_text=sent.text,
                start=sent.start_char,
                end=sent.end_char,
                trigger=tok.text,
                trigger_start=tok.idx,
                trigger_end=tok.idx + len(tok.text),
                negated=cand.negated,
                future=future,
                hypothetical=cand.hypothetical,
                attributed_to=attributed,
                confidence=_confidence(cand, sources, targets),
                counts=event_counts,
                act_type=cand.act_type,
            )
        )
    return out


_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")


def event_date(value: str | None) -> str | None:
    """A TIMEX3 value as an output-v1 event date (YYYY, YYYY-MM or YYYY-MM-DD), or None.

    Times keep their day ("2025-03-10TNI" -> "2025-03-10"); a week becomes the month of its
    Thursday; decades, seasons, quarters and references (PAST_REF) give no event date.
    """
    if not value:
        return None
    week = _WEEK.match(value)
    if week:
        thursday = date_cls.fromisocalendar(int(week[1]), int(week[2]), 4)
        return thursday.strftime("%Y-%m")
    m = _DAY.match(value)
    if not m:
        return None
    rest = value[m.end() :]
    if rest and not rest.startswith("T"):
        return None  # "2025-SU", "2025-Q1"
    return m.group(0)


_DATELINE = re.compile(
    r"^\s*([A-Z][A-Za-z.'\- ]{1,40}?)(?:,\s*[A-Z][A-Za-z.\- ]{1,30})?\s*(?:\([^)]{1,30}\))?\s*[—–-]{1,2}\s"
)


def dateline_location(text: str) -> Location | None:
    """The city of a news dateline ("NAIROBI — ...", "GAZA CITY, Palestinian Territories — ..."),
    geocoded; None when the article has none."""
    m = _DATELINE.match(text[:120])
    if not m:
        return None
    name = m.group(1).strip()
    if not name.isupper() and len(name.split()) > 3:
        return None
    from dateline.resolve.places import geocode

    found = geocode(name.title())
    return found if found is not None and found.kind in ("city", "admin", "region") else None


def _with_country(a: ActorRef, country: str) -> ActorRef:
    if a.country or not a.sector:
        return a
    return ActorRef(a.text, a.name, country, a.sector, a.start, a.end)
