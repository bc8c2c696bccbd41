"""Find PLOVER events in a dependency parse.

For every sentence:

1. **Triggers.** Verbs and event nouns found in the lexicon (``triggers.yaml``), with their
   constraints checked against the parse (particle, object, subject, entity label).
2. **Absorption.** An event inside the complement of an embedding act is its content, not a
   separate event: "agreed to withdraw" is AGREE, "rejected a request" is REJECT, "threatened
   to impose sanctions" is THREATEN (mode from what is threatened). An event noun that is the
   object of another trigger verb is absorbed by it ("imposed sanctions").
3. **Arguments.** Source and target come from grammatical roles: subject / object in the
   active voice, agent / subject in the passive, the subject of a support verb for an event
   noun ("held talks"), possessors and "by"-phrases of nominalisations ("the minister's visit
   to Damascus"), subjects inherited through control verbs, conjunctions, participles and
   relative clauses; coordinated actors become compound actors.
4. **Merge.** One event per type per sentence: further triggers of that type add their actors.

The output is :class:`EventCandidate` records with token positions; ``assemble.py`` turns them
into ``EventMention`` with resolved actors, dates, places and flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from dateline.extract.events.lexicon import Grammar, Lexicon, Trigger

ACTOR_POS = {"NOUN", "PROPN", "PRON", "NUM", "ADJ"}
SUBJ = {"nsubj", "csubj"}
PASSIVE_SUBJ = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "obj", "dative", "attr", "oprd"}
COMPLEMENT = {
    "xcomp",
    "ccomp",
    "dobj",
    "obj",
    "pobj",
    "prep",
    "pcomp",
    "attr",
    "oprd",
    "acomp",
    "advcl",
    "conj",
    "acl",
}
IMPLICIT_STATE_AGENT = {"COERCE"}
INTENTION_VERBS = {
    "want",
    "plan",
    "intend",
    "prepare",
    "vow",
    "threaten",
    "aim",
    "seek",
    "hope",
    "wish",
}
NOT_ACTOR = {
    "time", "day", "week", "month", "year", "today", "yesterday", "morning", "evening", "night",
    "statement", "report", "way", "part", "effort", "thing", "lot", "kind", "number", "total",
    "percent", "%", "fact", "issue", "case", "situation", "area", "region", "decision", "plan",
    "declaration", "letter", "communique", "resolution", "document", "note", "reminder",
    "message", "speech", "interview", "announcement", "post", "tweet",
}  # fmt: skip


@dataclass
class EventCandidate:
    trigger: Trigger
    token: Token  # the trigger's head token
    sources: list[Token] = field(default_factory=list)  # actor head tokens
    targets: list[Token] = field(default_factory=list)
    passive: bool = False
    mode: str | None = None
    type: str = ""
    absorbed: list[EventCandidate] = field(default_factory=list)
    reporter: Token | None = None  # subject of the reporting verb above the event
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    scheduled: bool = False  # "is about to", "is set to": a planned act, not a promise
    implicit_source: bool = False  # agentless passive whose evident agent is the state
    # an announcement coded as AGREE/THREATEN/REJECT: the type of the act announced or refused
    # ("Norway said it will provide aid" is AGREE with act type AID)
    act_type: str | None = None
    # further target candidates, best first, tried when ``targets`` resolve to no actor
    # ("sent arms to Pakistan": the object is a thing, the recipient is the target)
    target_options: list[list[Token]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.type = self.type or self.trigger.type
        self.mode = self.mode if self.mode is not None else self.trigger.mode


# --------------------------------------------------------------------------- triggers


def _children(tok: Token, deps: set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _objects(tok: Token, particle: str | None = None) -> list[Token]:
    """Direct objects, passive subjects, objects of the particle / preposition, xcomp heads."""
    out = _children(tok, OBJ | PASSIVE_SUBJ)
    for child in tok.children:
        if child.dep_ in ("prep", "agent", "prt") and (
            particle is None or _lemma(child) == particle
        ):
            if child.dep_ == "prep" and particle is None:
                continue
            out.extend(_children(child, {"pobj", "pcomp"}))
        if child.dep_ == "xcomp":
            out.append(child)
    return out


def _has_particle(tok: Token, particle: str) -> bool:
    for child in tok.children:
        if child.dep_ in ("prt", "prep", "agent", "advmod", "dative") and _lemma(child) == particle:
            return True
    # "hacked to death": particle may hang from the object
    return any(
        c.dep_ in ("prep", "prt") and _lemma(c) == particle
        for o in _children(tok, OBJ)
        for c in o.children
    )


def _entity_label(tok: Token) -> str | None:
    return tok.ent_type_ or None


def _verb_entry_ok(trig: Trigger, tok: Token) -> bool:
    if trig.particle and not _has_particle(tok, trig.particle):
        return False
    objs = _objects(tok, trig.particle)
    # "suspended part of a military aid program": the of-phrase, compounds and conjuncts of the
    # object count ("providing photographs and other intelligence")
    objs = objs + [
        x
        for o in objs
        for c in o.children
        for x in (
            [c] if c.dep_ in ("compound", "amod", "conj") else _pobj(c) if _lemma(c) == "of" else []
        )
    ]
    if trig.obj_mod and not any(
        (_lemma(o) == trig.obj or o.lower_ == trig.obj)
        and any(_lemma(m) == trig.obj_mod or m.lower_ == trig.obj_mod for m in o.children)
        for o in objs
    ):
        return False  # "impose martial law" needs "martial" on "law"
    if trig.obj:
        words = {_lemma(o) for o in objs} | {o.lower_ for o in objs}
        if trig.obj not in words and not any(
            trig.obj == _lemma(c) for o in objs for c in o.children
        ):
            return False
    if trig.not_modifier is not None and any(
        _lemma(o) in trig.not_modifier
        for o in _children(tok, OBJ | PASSIVE_SUBJ | {"prt"})
        + [o for p in _children(tok, {"prep"}) if _lemma(p) in ("against", "on") for o in _pobj(p)]
    ):
        return False  # "requested anonymity", "back off", "fight (against) poverty"
    if trig.complement and not _children(tok, {"xcomp"}):
        return False  # "asked whether ..." is a question, "asked X to ..." a request
    if trig.intransitive and _children(tok, OBJ | {"ccomp"}):  # "demonstrate that ..." = show
        return False
    if trig.object_in is not None:
        if not any(_lemma(o) in trig.object_in or o.lower_ in trig.object_in for o in objs):
            return False
    if trig.object_entity is not None:
        direct = _children(tok, OBJ | PASSIVE_SUBJ)
        if trig.particle:
            pobjs = [o for c in tok.children if _lemma(c) == trig.particle for o in _pobj(c)]
            # "spoke with Qatar's prime minister": the possessor or compound names who
            direct += pobjs + [
                c for o in pobjs for c in o.children if c.dep_ in ("poss", "compound")
            ]
        if not any(_entity_label(o) in trig.object_entity for o in direct):
            return False
    if trig.subject_in is not None:
        subj = subject_of(tok)
        # "hundreds of protesters", "a group of students": the of-phrase says who
        subj = subj + [o for x in subj for p in x.children if _lemma(p) == "of" for o in _pobj(p)]
        if not subj or not any(
            _lemma(s) in trig.subject_in or s.lower_ in trig.subject_in for s in subj
        ):
            return False
    return True


def _adj_entry_ok(trig: Trigger, tok: Token) -> bool:
    """Predicative adjectives of intent: "is willing to withdraw", "is opposed to talks"."""
    if (
        tok.dep_ not in ("acomp", "ROOT", "conj", "xcomp", "ccomp", "advcl", "amod")
        or tok.dep_ == "amod"
    ):
        return False
    if trig.particle and not _has_particle(tok, trig.particle):
        return any(c.dep_ == "xcomp" for c in tok.children) and trig.particle == "to"
    return True


def _noun_forms(tok: Token) -> list[str]:
    forms = [_lemma(tok), tok.lower_]
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_:
        forms.insert(0, f"{doc[tok.i - 2].lower_}-{_lemma(tok)}")
    return forms


def _noun_entry_ok(trig: Trigger, tok: Token) -> bool:
    if trig.not_modifier is not None:
        for p in tok.children:  # "a request for comment"
            if p.dep_ == "prep" and any(_lemma(o) in trig.not_modifier for o in _pobj(p)):
                return False
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod", "poss") and _lemma(c) in trig.not_modifier:
                return False
            if (
                c.dep_ == "poss"
                and "@person_poss" in trig.not_modifier
                and (c.ent_type_ == "PERSON" or _lemma(c) in ("his", "her"))
            ):
                return False
    if trig.particle == "of":
        return any(
            _lemma(p) == "of" and any(_lemma(o) == trig.obj for o in p.children)
            for p in tok.children
        )
    if trig.obj:
        mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
        mods |= {_lemma(c) for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
        if trig.obj not in mods:
            return False
    if trig.object_in is not None:
        objs = [o for p in tok.children if _lemma(p) == "of" for o in p.children]
        if not any(_lemma(o) in trig.object_in for o in objs):
            return False
    return True


def verb_forms(tok: Token) -> list[str]:
    """The lemma, plus guesses from the inflected form where the small model's lemmatiser
    errs ("staged" -> "stag")."""
    forms = [_lemma(tok)]
    w = tok.lower_
    if tok.tag_ in ("VBD", "VBN") and w.endswith("ed"):
        forms += [w[:-1], w[:-2], w[:-3] + "y" if w.endswith("ied") else w[:-2]]
        if len(w) > 4 and w[-3] == w[-4]:
            forms.append(w[:-3])  # "shelled" -> "shell"? handled above; "planned" -> "plan"
    elif tok.tag_ == "VBG" and w.endswith("ing"):
        forms += [w[:-3], w[:-3] + "e"]
    elif tok.tag_ == "VBZ" and w.endswith("s"):
        forms += [w[:-1], w[:-2]]
    seen: list[str] = []
    for f in forms:
        if f and f not in seen:
            seen.append(f)
    return seen


BACKGROUND_PREPS = {"after", "before", "following", "since", "amid", "despite", "because"}
BACKGROUND_MARKS = {"after", "before", "since", "until", "once"}


def _background_clause(tok: Token) -> bool:
    """A verb in a temporal subordinate clause ("two weeks after rebels kidnapped ...") tells
    the background of the sentence's event."""
    cur = tok
    for _ in range(6):
        if cur.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in cur.children
        ):
            return True
        if cur.dep_ in ("conj", "xcomp", "ccomp") and cur.head.i != cur.i:
            cur = cur.head
            continue
        return False
    return False


TOPIC_PREPS = {"on", "about", "over", "regarding", "concerning"}
TOPIC_HEADS = {"talk", "talks", "summit", "meeting", "conference", "debate", "discussion",
               "report", "statement", "briefing", "hearing", "session", "dialogue", "negotiation",
               "speech", "question", "concern", "concerns", "worry", "fear", "law", "bill",
               "resolution", "study", "inquiry", "investigation", "article", "book", "film"}  # fmt: skip


def _background(tok: Token) -> bool:
    """An event noun in a temporal or concessive phrase ("after a week of unrest", "amid
    clashes") is background to the sentence's event, not reported as news itself; so is the
    topic of a meeting or report ("a summit on the unrest in Iran")."""
    if tok.dep_ == "pobj" and tok.head.lower_ in TOPIC_PREPS:
        holder = tok.head.head  # "a summit on X", or "attend a summit ... on X"
        if holder.lemma_.lower() in TOPIC_HEADS or any(
            c.dep_ in ("dobj", "obj") and c.lemma_.lower() in TOPIC_HEADS for c in holder.children
        ):
            return True
    if (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "in"
        and tok.head.head.pos_ == "NOUN"
        and _is_event_noun(tok.head.head)
    ):
        return True  # "the worst attack in the current uprising": the frame of another event
    cur = tok
    for _ in range(4):
        if cur.dep_ in ("pobj", "dobj") and cur.head.lower_ in BACKGROUND_PREPS:
            return True  # "after the attack", "following a government offensive"
        if cur.dep_ not in ("pobj", "prep", "conj", "compound"):
            return False
        cur = cur.head
    return False


def _names_a_role(tok: Token, trig: Trigger, g: Grammar) -> bool:
    """An event noun that only classifies the people of its head noun ("UN truce monitors",
    "border patrol agents", "protest leaders", "aid workers") reports no event."""
    head = tok.head
    return (
        trig.pos == "NOUN"
        and tok.dep_ in ("compound", "nmod")
        and head.pos_ == "NOUN"
        and (_lemma(head) in g.role_heads or _lemma(head) in g.agent_nouns)
    )


def match_trigger(tok: Token, lex: Lexicon) -> Trigger | None:
    """The lexicon entry ``tok`` evokes in its context, or None."""
    if tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB") and tok.pos_ != "AUX"):
        if _background_clause(tok):
            return None
        for form in verb_forms(tok):
            for trig in lex.entries(form, "VERB"):
                if _verb_entry_ok(trig, tok):
                    return trig
        return None
    if tok.pos_ == "ADJ":
        for trig in lex.entries(_lemma(tok), "ADJ"):
            if _adj_entry_ok(trig, tok):
                return trig
        return None
    if tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in (
        "PERSON",
        "GPE",
        "ORG",
        "NORP",
        "DATE",
        "TIME",
    ):
        if _background(tok):
            return None
        if (
            tok.dep_ == "compound"
            and tok.head.pos_ in ("NOUN", "PROPN")
            and lex.entries(_lemma(tok.head), "NOUN")
        ):
            return None  # "arrest warrant", "protest march": the head noun decides
        for form in _noun_forms(tok):
            for trig in lex.entries(form, "NOUN"):
                if _noun_entry_ok(trig, tok):
                    return trig
    return None


# --------------------------------------------------------------------------- arguments


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the nouns coordinated with it ("Qatar, Saudi Arabia and Egypt")."""
    out = [tok]
    stack = [tok]
    while stack:
        cur = stack.pop()
        for c in cur.children:
            if c not in out and (
                (c.dep_ == "conj" and c.pos_ in ACTOR_POS) or _listed_appos(cur, c)
            ):
                out.append(c)
                stack.append(c)
    return out


def _listed_appos(head: Token, tok: Token) -> bool:
    """ "Mordor, the Shire, Arnor and Bree": the parser reads the second name of a list as an
    apposition of the first; a proper name that heads coordinated names is a list member, not
    a description of ``head`` ("Kenzo Oshima, the UN relief coordinator" has no conjuncts)."""
    if tok.dep_ != "appos" or head.pos_ != "PROPN" or tok.pos_ != "PROPN":
        return False
    if any(c.dep_ == "conj" and c.pos_ == "PROPN" for c in tok.children):
        return True
    # "Evil Mordor, the awful Arnor, and good Gondor": a named country or group between two
    # members of the list the head opens
    return tok.ent_type_ in ("GPE", "ORG", "NORP") and any(
        c.dep_ == "conj" and c.pos_ == "PROPN" and c.i > tok.i for c in head.children
    )


def _is_actorish(tok: Token) -> bool:
    if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and tok.pos_ not in (
        "VERB",
        "AUX",
        "PUNCT",
    ):
        return True  # the small tagger sometimes mis-tags a name ("Barack/ADP")
    if tok.pos_ not in ACTOR_POS:
        return False
    if tok.pos_ == "ADJ" and tok.ent_type_ not in ("NORP", "GPE"):
        return False
    if _lemma(tok) in NOT_ACTOR or tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"):
        return False
    return not (
        tok.pos_ == "PRON" and _lemma(tok) in ("that", "which", "this", "what", "who", "whom")
    )


def _relative_head(tok: Token) -> Token | None:
    """For a relative pronoun subject ("who", "which", "that"), the noun the clause modifies."""
    clause = tok.head
    while clause.dep_ == "conj" and clause.head != clause:
        clause = clause.head
    if clause.dep_ == "relcl":
        return clause.head
    return None


def subject_of(verb: Token, depth: int = 0) -> list[Token]:
    """The subject of ``verb``, inherited through conjunction, control, participles, relatives."""
    if depth > 6:
        return []
    subj = _children(verb, SUBJ)
    if subj:
        s = subj[0]
        if s.pos_ == "PRON" and _lemma(s) in ("who", "which", "that"):
            head = _relative_head(s)
            return conjuncts(head) if head is not None else []
        return conjuncts(s)
    agent = [o for a in _children(verb, {"agent"}) for o in _children(a, {"pobj"})]
    if agent:
        return conjuncts(agent[0])
    dep = verb.dep_
    head = verb.head
    if head.i == verb.i:
        return []
    if dep == "conj" and not _children(verb, PASSIVE_SUBJ):
        return subject_of(head, depth + 1)
    if dep == "acomp":  # "is about to restore", "is ready to talk": the copula's subject
        return subject_of(head, depth + 1)
    if dep == "xcomp":
        passive_subj = _children(head, PASSIVE_SUBJ)
        if passive_subj and not _children(head, {"dobj", "obj"}):  # "is scheduled to attend"
            return conjuncts(passive_subj[0])
        # object control: "urged Iran to release" -> Iran; subject control: "agreed to withdraw"
        obj = _children(head, {"dobj", "obj"})
        if obj and _lemma(head) not in ("promise",):
            return conjuncts(obj[0])
        return subject_of(head, depth + 1)
    if dep == "relcl" and not _children(verb, PASSIVE_SUBJ):
        return conjuncts(head) if _is_actorish(head) else []
    to_inf = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if dep == "advcl" and to_inf:  # "he is in London to meet ..."
        return subject_of(head, depth + 1)
    if _active_misparse(verb) and _is_actorish(head):
        return conjuncts(head)  # misparse of "Thousands of students protested ..." as a noun phrase
    if dep in ("advcl", "acl") and verb.tag_ == "VBG":  # "..., killing 31" / "after meeting"
        if dep == "acl" and _is_actorish(head):
            return conjuncts(head)
        if dep == "acl" and _lemma(head) in NOT_ACTOR and head.head.i != head.i:
            return subject_of(head.head, depth + 1)  # "issued a declaration demanding ..."
        return subject_of(head, depth + 1)
    return []


def _verbless_root(head: Token) -> bool:
    """The sentence's root is a noun with no verb above it: the parser read a clause as a noun
    phrase with a participle ("Thousands of students protested in ..."), so the participle is
    the real main verb, in the active voice."""
    return head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN", "NUM")


def _headline_passive(verb: Token) -> bool:
    """ "Two journalists detained in Cairo": a bare participle as the root, with no auxiliary
    and no object, is a headline passive (its subject is the patient)."""
    return (
        verb.dep_ == "ROOT"
        and verb.tag_ == "VBN"
        and not _children(verb, {"aux", "auxpass", "dobj", "obj", "agent"})
        and _lemma(verb) not in _INTRANSITIVE_EVENT_VERBS
    )


def _active_misparse(verb: Token) -> bool:
    """A participle under a verbless root that is really an active main verb: it has an object,
    or it is an intransitive event verb ("protested", "marched"); "journalists detained in
    Cairo" stays a (headline) passive."""
    return (
        verb.dep_ == "acl"
        and _verbless_root(verb.head)
        and not _children(verb, {"agent"})
        and (bool(_children(verb, {"dobj", "obj"})) or _lemma(verb) in _INTRANSITIVE_EVENT_VERBS)
    )


def _pobj(prep: Token) -> list[Token]:
    return _children(prep, {"pobj"})


def _verb_targets(tok: Token, etype: str, g: Grammar, passive: bool) -> list[list[Token]]:
    """Target candidates of a verb trigger, best first."""
    if passive:
        ps = _children(tok, PASSIVE_SUBJ) or (
            _children(tok, SUBJ) if _headline_passive(tok) else []
        )
        if ps:
            s = ps[0]
            if s.pos_ == "PRON" and _lemma(s) in ("who", "which", "that"):
                head = _relative_head(s)
                return [conjuncts(head)] if head is not None else []
            return [conjuncts(s)]
        if tok.dep_ in ("acl", "relcl") and _is_actorish(
            tok.head
        ):  # "the journalist detained by police"
            return [conjuncts(tok.head)]
        return []
    options: list[list[Token]] = []
    if etype == "REQUEST":
        options.extend(_addressee_of_clause(tok))  # "demanded that Israel ease restrictions"
    for o in _children(tok, {"dative"}):  # "gave Tanzania a grant"
        options.append(conjuncts(o))
    for o in _children(tok, {"dobj", "obj"}):
        if not (o.ent_type_ or _lemma(o) in g.agent_nouns or o.pos_ != "NOUN"):
            # "broke off relations with X", "welcomed the resumption of ties between X and Y":
            # an abstract object's counterpart is the target, before the object itself
            options.extend(_counterparts(o, g))
        if not _is_event_noun(o):
            options.append(conjuncts(o))
        if etype in g.owner_target_types and _is_thing(o, g):
            owner = _owner(o, g)  # "protested Kenya's new land law": opposing its owner
            if owner:
                options.insert(0, owner)
    preps = g.preps_for(etype)
    for holder in [
        tok,
        *_children(tok, {"dobj", "obj"}),
    ]:  # "sent arms to X", "staged rallies against X"
        for child in holder.children:
            if child.dep_ == "prep" and _lemma(child) in preps:
                options.extend(_prep_targets(child, etype, g))
    if etype in g.grievance_types:
        # "complained to the UN over Israeli air raids": whoever did what the complaint is
        # about is the target, before the one complained to
        for child in tok.children:
            if child.dep_ == "prep" and _lemma(child) in g.grievance_preps:
                for o in _pobj(child):
                    doer = _doer(o, g) if _is_event_noun(o) else []
                    if doer:
                        options.insert(0, doer)
                        break
    # the other party of the act, named on the verb: "signed with X", "broke with X"
    for option in _counterparts(tok, g, chain=False):
        if option not in options:
            options.append(option)
    return options


def passive_or_object(tok: Token) -> bool:
    """The verb has a direct object or is passive (its object names the other party)."""
    return bool(_children(tok, OBJ | PASSIVE_SUBJ))


def _counterparts(holder: Token, g: Grammar, chain: bool = True) -> list[list[Token]]:
    """Actors of the counterpart phrases ("with X", "between X and Y") on ``holder`` or, with
    ``chain``, on the "of" phrases under it ("the resumption of ties with X")."""
    found = []
    for h in _of_chain(holder) if chain else [holder]:
        for child in h.children:
            if child.dep_ == "prep" and _lemma(child) in g.counterpart_preps:
                objs = [o for o in _pobj(child) if _is_actorish(o) and not _is_event_noun(o)]
                if objs:
                    found.append(conjuncts(objs[0]))
    return found


def _owner(thing: Token, g: Grammar) -> list[Token]:
    """Who a thing belongs to or is done by: its actor possessor ("Kenya's new land law", "the
    Russian government's refusal"), the actor of its "by" phrase ("the closure of the port by
    the authorities") or of its "of" phrase ("the policies of the junta"; not after a noun
    of what is done to someone: "the arrest of its leader" names who was arrested)."""
    wanted = ("by", "of") if _lemma(thing) not in g.patient_nouns else ("by",)
    for child in thing.children:
        if child.dep_ == "poss" and _is_actorish(child):
            return conjuncts(child)
    for prep in wanted:
        for child in thing.children:
            if child.dep_ in ("prep", "agent") and _lemma(child) == prep:
                objs = [o for o in _pobj(child) if _is_actorish(o) and not _is_event_noun(o)]
                if objs:
                    return conjuncts(objs[0])
    return []


def _doer(noun: Token, g: Grammar) -> list[Token]:
    """Who did what an event noun names: its possessor ("Sudan's raids"), a national or named
    modifier ("Israeli air raids", "NATO strikes") or its "by" phrase."""
    if _lemma(noun) in g.patient_nouns and any(
        c.dep_ == "prep" and _lemma(c) == "of" for c in noun.children
    ):
        return [c for c in noun.children if c.dep_ == "poss" and _is_actorish(c)][:1]
    for c in noun.children:
        if c.dep_ == "poss" and _is_actorish(c):
            return conjuncts(c)
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i:
            if c.ent_type_ in ("NORP", "GPE", "ORG"):
                return [c]
    for c in noun.children:
        if c.dep_ in ("prep", "agent") and _lemma(c) == "by":
            objs = [o for o in _pobj(c) if _is_actorish(o)]
            if objs:
                return conjuncts(objs[0])
    return []


def _is_thing(tok: Token, g: Grammar) -> bool:
    """A common noun that names no actor kind: "law", "rules", "decision" (not "officials")."""
    return tok.pos_ == "NOUN" and not tok.ent_type_ and _lemma(tok) not in g.agent_nouns


def _prep_targets(prep: Token, etype: str, g: Grammar) -> list[list[Token]]:
    """The actors a target phrase names, best first: its object; for the types that oppose
    things (``owner_target_types``) the owner of the thing it names comes first ("against
    the cabinet's new rules" -> the cabinet)."""
    options: list[list[Token]] = []
    objs = [o for o in _pobj(prep) if _is_actorish(o) and not _is_event_noun(o)]
    if objs:
        options.append(conjuncts(objs[0]))
    if etype in g.owner_target_types:
        for o in _pobj(prep):
            owner = _owner(o, g) if (_is_thing(o, g) or o not in objs) else []
            if owner:
                options.insert(0, owner)
                break
    return options


def _of_chain(noun: Token, depth: int = 2) -> list[Token]:
    """``noun`` and the nouns of the "of" phrases under it ("the resumption of ties")."""
    chain = [noun]
    cur = noun
    for _ in range(depth):
        nxt = [o for p in cur.children if p.dep_ == "prep" and _lemma(p) == "of" for o in _pobj(p)]
        if not nxt:
            break
        cur = nxt[0]
        chain.append(cur)
    return chain


_EVENT_NOUNS: set[str] = set()
_LEXICON_SEEN: list[Lexicon | None] = [None]
_INTRANSITIVE_EVENT_VERBS: set[str] = set()


def _is_event_noun(tok: Token) -> bool:
    return tok.pos_ == "NOUN" and _lemma(tok) in _EVENT_NOUNS


def _is_passive(tok: Token) -> bool:
    if _children(tok, PASSIVE_SUBJ | {"auxpass"}):
        return True
    # reduced relative / participle: "the journalist detained by police", "troops stationed near"
    if _active_misparse(tok):
        return False
    if _headline_passive(tok):
        return True
    return tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") and not _children(tok, {"aux"})


def _addressee_of_clause(tok: Token) -> list[list[Token]]:
    """A demand's clause names who is to act: "demanded that the United States match ...",
    "its demand that Israel ease restrictions" -> the clause's subject."""
    for clause in tok.children:
        if clause.dep_ in ("ccomp", "acl") and clause.pos_ in ("VERB", "AUX"):
            subj = _children(clause, SUBJ)
            if subj and _is_actorish(subj[0]):
                return [conjuncts(subj[0])]
    return []


def _noun_roles(tok: Token, trig: Trigger, g: Grammar) -> tuple[list[Token], list[Token]]:
    """Source and target of an event noun ("the minister's visit to Damascus")."""
    sources: list[Token] = []
    targets: list[Token] = []
    if trig.type == "REQUEST":
        for option in _addressee_of_clause(tok):
            targets.extend(option)
    patient = _lemma(tok) in g.patient_nouns
    preps = g.preps_for(trig.type)
    has_of = any(c.dep_ == "prep" and _lemma(c) == "of" and _pobj(c) for c in tok.children)
    for child in tok.children:
        lem = _lemma(child)
        if child.dep_ == "poss" and _is_actorish(child):
            # "the arrest of X": X is the target; "Iran's detention of US sailors": Iran is the source
            (targets if patient and not has_of else sources).extend(conjuncts(child))
        elif (
            child.dep_ in ("compound", "amod", "nmod") and child.i < tok.i and lem in g.agent_nouns
        ):
            sources.append(child)  # "police shooting", "rebel attack", "coalition airstrikes"
        elif child.dep_ in ("amod", "compound") and lem in ("lead", "back", "sponsor", "base"):
            # "Saudi-led strikes", "Iranian-backed militias"
            sources.extend(
                x for x in child.subtree if x.ent_type_ in ("NORP", "GPE", "ORG") and x.i < child.i
            )
        elif child.dep_ in ("compound", "amod", "nmod") and child.ent_type_ in (
            "NORP",
            "GPE",
            "ORG",
            "PERSON",
        ):
            if child.i < tok.i:
                (targets if patient and child.ent_type_ == "PERSON" else sources).append(child)
        elif child.dep_ in ("prep", "agent"):
            objs = [o for o in _pobj(child) if _is_actorish(o)]
            if trig.type in g.owner_target_types and (lem in preps or lem == "of"):
                owned = _prep_targets(child, trig.type, g)  # "in protest of X's new law"
                if owned and not (objs and owned[0][0] in conjuncts(objs[0])):
                    targets.extend(owned[0])
                    continue
            if not objs:
                continue
            if lem == "between" and trig.mode == "third-party":
                targets.extend(conjuncts(objs[0]))  # "mediation between X and Y": the parties
            elif (
                lem == "by"
                or child.dep_ == "agent"
                or lem == "between"
                or (lem == "among" and trig.type == "CONSULT")
            ):
                sources.extend(conjuncts(objs[0]))
            elif lem == "of":
                if trig.particle == "of" and _lemma(objs[0]) == trig.obj:
                    continue  # "state of emergency": part of the trigger
                (targets if patient else sources).extend(conjuncts(objs[0]))
            elif lem == "from" and trig.type in (
                "REQUEST",
                "AGREE",
                "THREATEN",
                "ACCUSE",
                "SUPPORT",
                "AID",
            ):
                sources.extend(conjuncts(objs[0]))
            elif lem in preps:
                targets.extend(conjuncts(objs[0]))
    return sources, targets


def _manner_subject(tok: Token, g: Grammar) -> list[Token]:
    """An event noun in an adverbial phrase of an active verb says how its subject acted:
    "teachers walked out in protest", "stayed home in protest against ..." -> the teachers."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or _lemma(prep) not in g.manner_preps:
        return []
    if _lemma(tok) not in g.manner_nouns or tok.tag_ != "NN":
        return []
    if any(d.dep_ == "det" and d.lower_ not in ("a", "an") for d in tok.children):
        return []
    verb = prep.head
    if verb.pos_ not in ("VERB", "AUX") or _is_passive(verb):
        return []
    return subject_of(verb)


def _support_subject(tok: Token, g: Grammar) -> tuple[list[Token], Token | None]:
    """For an event noun governed by a support verb ("held talks"), that verb's subject."""
    head = tok.head
    via = tok
    if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent"):  # "took part in talks"
        via, head = head, head.head
    if via.dep_ in ("dobj", "obj", "attr", "nsubjpass", "prep", "oprd", "conj") and head.pos_ in (
        "VERB",
        "AUX",
    ):
        if any(
            f in g.support_verbs for f in verb_forms(head)
        ):  # not reporting verbs: "cited threats" is no threat
            if via.dep_ == "nsubjpass":
                return [o for a in _children(head, {"agent"}) for o in _pobj(a)], head
            stative = _children(head, PASSIVE_SUBJ)
            if via.dep_ == "prep" and stative and _lemma(head) in g.stative_passives:
                return conjuncts(stative[0]), head  # "forces were engaged in ethnic cleansing"
            return subject_of(head), head
    return [], None


# --------------------------------------------------------------------------- sentence coder


def _clause_chain(tok: Token) -> list[Token]:
    """Tokens from ``tok`` up through the clause heads that govern it (for flags)."""
    chain = [tok]
    cur = tok
    while cur.head.i != cur.i and cur.dep_ in (
        "xcomp",
        "conj",
        "ccomp",
        "advcl",
        "pcomp",
        "pobj",
        "prep",
        "dobj",
        "acl",
        "relcl",
        "attr",
    ):
        cur = cur.head
        chain.append(cur)
        if len(chain) > 8:
            break
    return chain


def _flags(cand: EventCandidate, g: Grammar) -> None:
    tok = cand.token
    own = [tok]
    if tok.pos_ in ("NOUN", "PROPN"):
        own.append(tok.head)
    if tok.dep_ == "xcomp":
        own.append(tok.head)
    for t in own:
        for c in t.children:
            lem = _lemma(c)
            if c.dep_ == "neg" or (c.dep_ == "det" and lem == "no"):
                cand.negated = True
            if c.dep_ == "aux" and (lem in g.future_modals or c.lower_ in g.future_modals):
                cand.future = True
            if c.dep_ == "aux" and c.lower_ in g.hypothetical_modals:
                if c.lower_ == "would" and _reporter(t, g) is not None:
                    cand.future = True  # "said they would boycott": future in the past
                else:
                    cand.hypothetical = True
    for t in _clause_chain(tok):
        lem = _lemma(t)
        if t.i != tok.i and lem in g.denial_verbs:
            cand.negated = True  # "denied attacking the town"
        if (
            t.i != tok.i
            and lem in g.future_control
            and (t.pos_ in ("VERB", "ADJ", "AUX") or lem == "about")
        ):
            cand.future = True
            cand.scheduled = cand.scheduled or lem in g.schedule_control
        for c in t.children:
            if c.dep_ == "mark" and _lemma(c) in g.hypothetical_marks:
                cand.hypothetical = True
        if t.dep_ == "advcl" and any(
            _lemma(c) in g.hypothetical_marks for c in t.children if c.dep_ == "mark"
        ):
            cand.hypothetical = True


def _reporter(tok: Token, g: Grammar) -> Token | None:
    cur = tok
    for _ in range(8):
        if cur.head.i == cur.i:
            return None
        if cur.dep_ in ("ccomp", "xcomp", "conj", "advcl", "parataxis") or cur.head.dep_ == "ROOT":
            head = cur.head
            if _lemma(head) in g.reporting_verbs and head.i != tok.i:
                subj = _children(head, SUBJ)
                return subj[0] if subj else None
            cur = head
        else:
            cur = cur.head
    return None


def _in_subtree(tok: Token, root: Token) -> bool:
    return root.left_edge.i <= tok.i <= root.right_edge.i and any(
        a.i == root.i for a in tok.ancestors
    )


def _complements(tok: Token) -> list[Token]:
    """The heads of an act's content: its clausal complements and objects."""
    out = []
    for c in tok.children:
        if (
            c.dep_ in ("xcomp", "ccomp", "dobj", "obj", "attr", "oprd", "nsubjpass", "acomp")
            or (
                c.dep_ == "prep"
                and _lemma(c)
                in (
                    "to",
                    "for",
                    "of",
                    "against",
                    "on",
                    "with",
                    "from",
                    "into",
                    "over",
                    "about",
                )
            )
            or (c.dep_ == "advcl" and _lemma(tok) in ("threaten", "warn"))
            or (c.dep_ == "advcl" and (_is_purpose(c) or c.tag_ == "VBG"))
        ):
            out.append(c)
    return out


def _is_purpose(clause: Token) -> bool:
    """A to-infinitive with no subject of its own: an intention, not an act ("to demand")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children) and not _children(
        clause, SUBJ | PASSIVE_SUBJ
    )


def code_sentence(sent: Span, lex: Lexicon, g: Grammar) -> list[EventCandidate]:
    """All PLOVER event candidates in one sentence, absorbed and merged."""
    if _LEXICON_SEEN[0] is not lex:  # word sets follow the lexicon in use (user files too)
        _LEXICON_SEEN[0] = lex
        _EVENT_NOUNS.clear()
        _INTRANSITIVE_EVENT_VERBS.clear()
        _EVENT_NOUNS.update(lex.nouns)
        _INTRANSITIVE_EVENT_VERBS.update(
            lemma
            for lemma, entries in lex.verbs.items()
            if any(t.type == "PROTEST" or t.intransitive for t in entries)
        )
    cands: list[EventCandidate] = []
    for tok in sent:
        if tok.is_space or tok.is_punct:
            continue
        if _lemma(tok) in g.reporting_verbs and tok.pos_ == "VERB":
            trig = None
            # a reporting verb is an event only through a trigger entry with a particle/object
            for t in lex.entries(_lemma(tok), "VERB"):
                if (t.particle or t.obj) and _verb_entry_ok(t, tok):
                    trig = t
                    break
        else:
            trig = match_trigger(tok, lex)
        if trig is None or _names_a_role(tok, trig, g):
            continue
        cands.append(EventCandidate(trigger=trig, token=tok))
    if not cands:
        return []

    # absorption: content of embedding acts; event nouns that are objects of trigger verbs
    absorbed: set[int] = set()
    for c in sorted(cands, key=lambda c: _depth(c.token)):
        if c.token.i in absorbed:
            continue
        if c.type in g.embedding_types or c.trigger.pos in ("VERB", "ADJ") or c.type == "PROTEST":
            roots = _complements(c.token)
            if (
                c.trigger.pos == "NOUN"
                and c.token.dep_ in ("dobj", "obj")
                and c.token.head.pos_ == "VERB"
            ):
                # "began a hunger strike to demand ...": the support verb's purpose is the noun's
                roots += [
                    r for r in _complements(c.token.head) if r.i != c.token.i and r.dep_ == "advcl"
                ]
            for other in cands:
                if other is c or other.token.i in absorbed:
                    continue
                inside = any(other.token.i == r.i or _in_subtree(other.token, r) for r in roots)
                if not inside:
                    continue
                # a protest's demands are its content ("demonstrated, calling for ...")
                demands = c.type == "PROTEST" and other.type in ("REQUEST", "ACCUSE", "REJECT")
                purpose = demands or any(
                    r.dep_ == "advcl"
                    and _is_purpose(r)
                    and (other.token.i == r.i or _in_subtree(other.token, r))
                    for r in roots
                )
                if (
                    purpose
                    or c.type in g.embedding_types
                    or (other.trigger.pos == "NOUN" and other.token.head.i == c.token.i)
                ):
                    absorbed.add(other.token.i)
                    c.absorbed.append(other)
                    if purpose and not demands and other.type == "PROTEST" and c.type != "PROTEST":
                        # "workers shunned work to protest ...": the act is a form of protest
                        c.type, c.mode = "PROTEST", other.mode
    # embedded content decides vow/warn polarity and modes
    for c in cands:
        if c.token.i in absorbed or not c.absorbed:
            continue
        inner = c.absorbed[0]
        if (
            c.type == "AGREE"
            and (c.trigger.pos == "ADJ" or _lemma(c.token) in ("vow", "pledge", "promise", "swear"))
            and inner.type in g.conflict_types
        ):
            c.type, c.mode = "THREATEN", g.embedded_modes["THREATEN"].get(inner.type)
        elif c.mode is None and c.type in g.embedded_modes:
            c.mode = g.embedded_modes[c.type].get(inner.type)
        if c.type == "THREATEN" and inner.type == "THREATEN":
            c.mode = inner.mode

    kept = [c for c in cands if c.token.i not in absorbed and not _empty_warning(c, g)]
    for c in kept:
        _arguments(c, g)
        c.implicit_source = (
            not c.sources and c.passive and c.type in IMPLICIT_STATE_AGENT and _depth(c.token) <= 1
        )
        _flags(c, g)
        c.reporter = _reporter(c.token, g)
        # the content of an act can name its target: "demanded that the US cancel ..." (the
        # content's subject), "promised aid to Mozambique" (the content's recipient)
        for inner in c.absorbed:
            _arguments(inner, g)
            subj = (
                [t for t in subject_of(inner.token) if t not in c.sources]
                if inner.trigger.pos == "VERB"
                else []
            )
            if c.type in ("REQUEST", "THREATEN", "ACCUSE") and subj and inner.token.dep_ == "ccomp":
                c.target_options.append(subj)
            if (
                inner.trigger.pos == "NOUN"
                and inner.sources
                and c.type in ("REJECT", "SUPPORT", "ACCUSE", "AGREE", "CONCEDE")
            ):
                c.target_options.append([t for t in inner.sources if t not in c.sources])
            if inner.targets:
                c.target_options.append([t for t in inner.targets if t not in c.sources])
            c.target_options.extend(inner.target_options)
        if c.type in ("REQUEST", "THREATEN", "ACCUSE", "AGREE", "REJECT"):
            for comp in _children(
                c.token, {"ccomp"}
            ):  # "demanded that the US ..." with no trigger inside
                subj = [t for t in _children(comp, SUBJ | PASSIVE_SUBJ) if _is_actorish(t)]
                if subj and subj[0] not in c.sources:
                    c.target_options.append(conjuncts(subj[0]))
    for c in kept:
        _intentions(c, g)
    kept = [_allegation(c, g) for c in kept]
    for c in kept:
        if c.type == "ASSAULT" and c.passive and not c.sources:
            c.sources = _violent_cause(c.token, g)
    kept.extend(_obligations(sent, kept, g))
    # PLOVER codes an event only with an identifiable source actor; an agentless arrest in a
    # main clause has the state's police as its evident agent (filled in at assembly)
    return _merge([c for c in kept if c.sources or c.implicit_source])


def _violent_cause(tok: Token, g: Grammar) -> list[Token]:
    """ "killed in a car bomb explosion", "wounded by a roadside bomb": the weapon or attack that
    an agentless passive names (resolved later as an unidentified armed actor)."""
    for p in _children(tok, {"prep", "agent"}):
        if _lemma(p) not in ("in", "by"):
            continue
        for o in _pobj(p):
            inner = [
                c for c in o.children if c.dep_ == "compound" and _lemma(c) in g.violent_causes
            ]
            if inner:
                return inner[-1:]  # "a car bomb explosion": the bomb
            if _lemma(o) in g.violent_causes:
                return [o]
    return []


def _allegation(c: EventCandidate, g: Grammar) -> EventCandidate:
    """A hostile act that someone else claims or alleges happened is that someone's accusation
    of its source: "the US claimed that ISIL had attacked Iraq" is ACCUSE (US -> ISIL)."""
    rep = c.reporter
    if (
        rep is None
        or c.type not in g.conflict_types
        or c.future
        or c.hypothetical
        or _lemma(rep.head) not in g.allegation_verbs
        or rep.pos_ == "PRON"
        or any(s.i == rep.i or s.pos_ == "PRON" for s in c.sources)
        or not any(
            comp.dep_ == "ccomp" and (comp.i == c.token.i or _in_subtree(c.token, comp))
            for comp in rep.head.children
        )  # "claimed responsibility for the attack" is an admission, not an allegation
    ):
        return c  # "X claimed that they had attacked": maybe X's own act
    trig = Trigger(type="ACCUSE", mode="allege", lemma=_lemma(rep.head), pos="VERB")
    accusation = EventCandidate(
        trigger=trig,
        token=rep.head,
        sources=conjuncts(rep),
        targets=list(c.sources),
        absorbed=[c],
    )
    _flags(accusation, g)
    return accusation


def _intentions(c: EventCandidate, g: Grammar) -> None:
    """Announced future acts: cooperative ones are offers (AGREE), conflictual ones announced by
    their own source are threats (THREATEN) - PLOVER reads future cooperation as intention."""
    if (
        c.negated
        and c.type in g.cooperative_types | {"AGREE", "CONSULT"}
        and (c.future or c.reporter is not None)
    ):
        # "said he would not provide support" is a refusal
        c.absorbed.append(EventCandidate(trigger=c.trigger, token=c.token))
        c.act_type = c.type
        c.type, c.mode, c.negated = "REJECT", g.embedded_modes["REJECT"].get(c.type), False
        return
    if (
        (c.future or c.hypothetical)
        and not c.negated
        and c.type in g.cooperative_types | g.threat_types
        and _has_condition(c.token, g)
    ):
        # "will withdraw its force unless ...": a conditional announcement is a threat
        inner = c.type
        c.absorbed.append(EventCandidate(trigger=c.trigger, token=c.token))
        c.type, c.mode, c.act_type = "THREATEN", g.embedded_modes["THREATEN"].get(inner), inner
        c.hypothetical = False
        return
    if not c.future or c.negated or c.scheduled:
        return  # "X is about to restore ties, an official said" is a planned act, no promise
    if c.type in g.cooperative_types and (c.reporter is not None or _intended(c.token, g)):
        # "Norway said it will provide aid": an announced intention is a promise; a plain
        # "Norway will provide aid" stays AID with the future flag (a planned event)
        c.absorbed.append(EventCandidate(trigger=c.trigger, token=c.token))
        c.type, c.mode, c.act_type = "AGREE", None, c.type
    elif c.type == "ASSAULT" and _intention_verb(c.token) in g.preparation_verbs:
        # "the army prepared to resume shelling": a military move short of force
        c.type, c.mode = "MOBILIZE", "troops"
    elif c.type in g.threat_types and (c.reporter is not None or _intended(c.token, g)):
        inner = c.type
        c.type, c.mode, c.act_type = "THREATEN", g.embedded_modes["THREATEN"].get(inner), inner


def _has_condition(tok: Token, g: Grammar) -> bool:
    return any(
        c.dep_ == "advcl"
        and any(m.dep_ == "mark" and _lemma(m) in g.hypothetical_marks for m in c.children)
        for c in tok.children
    )


def _intended(tok: Token, g: Grammar) -> bool:
    """The act is the complement of an intention verb of its own source ("wants to attack")."""
    return _intention_verb(tok) is not None


def _intention_verb(tok: Token) -> str | None:
    """The lemma of the intention verb whose complement the act is ("prepared to resume")."""
    cur = tok
    for _ in range(4):  # "seeking to deepen a partnership", "wants to attack"
        if cur.dep_ not in ("xcomp", "dobj", "obj", "pobj", "prep") or cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.pos_ == "VERB" and _lemma(cur) in INTENTION_VERBS:
            return _lemma(cur)
    return None


def _obligations(sent: Span, kept: list[EventCandidate], g: Grammar) -> list[EventCandidate]:
    """ "X said Y must do Z": a REQUEST from X to Y; an event inside the clause is its content."""
    found = []
    for tok in sent:
        if not (tok.dep_ in ("ccomp", "advcl", "relcl", "acl") and tok.pos_ in ("VERB", "AUX")):
            continue
        if not any(c.dep_ == "aux" and c.lower_ in g.obligation_modals for c in tok.children):
            continue
        head = tok.head
        if _lemma(head) not in g.reporting_verbs and head.pos_ != "NOUN":
            continue
        sources = subject_of(head) if head.pos_ == "VERB" else []
        if not sources and head.pos_ == "NOUN":
            sources, _ = _support_subject(head, g)
        targets = _children(tok, SUBJ | PASSIVE_SUBJ)
        if (
            not sources
            or not targets
            or (targets[0].pos_ == "PRON" and _lemma(targets[0]) in ("it", "this"))
        ):
            continue
        trig = Trigger(type="REQUEST", mode=None, lemma=_lemma(tok), pos="VERB")
        req = EventCandidate(
            trigger=trig, token=tok, sources=sources, targets=conjuncts(targets[0])
        )
        for c in list(kept):
            if c.token.i == tok.i or _in_subtree(c.token, tok):
                kept.remove(c)
                req.absorbed.append(c)
        _flags(req, g)
        req.future = False
        found.append(req)
    return found


def _empty_warning(c: EventCandidate, g: Grammar) -> bool:
    """ "Researchers warn that diabetes could spread" is a statement, not a threat: a warning
    is a THREATEN only with a conflict act as its content or someone it is addressed to."""
    if c.type != "THREATEN" or _lemma(c.token) != "warn":
        return False
    if any(inner.type in g.conflict_types for inner in c.absorbed):
        return False
    addressees = [
        o
        for o in _children(c.token, {"dobj", "obj", "dative"})
        if o.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        or _lemma(o) in g.agent_nouns
        or o.pos_ in ("PRON", "PROPN")
    ]
    # "warned about the rebels": the warning is aimed at an actor
    aimed = [
        o
        for p in _children(c.token, {"prep"})
        if _lemma(p) in g.preps_for("THREATEN")
        for o in _pobj(p)
        if _is_actorish(o)
        and (o.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or o.pos_ == "PROPN")
    ]
    return not addressees and not aimed


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def _arguments(c: EventCandidate, g: Grammar) -> None:
    tok = c.token
    if c.trigger.pos == "ADJ":
        c.sources = subject_of(tok.head) if tok.dep_ == "acomp" else subject_of(tok)
        c.targets = []
    elif (
        c.trigger.pos == "VERB"
        and _lemma(tok) in g.stative_passives
        and not _children(tok, {"agent"})
        and _children(tok, PASSIVE_SUBJ)
    ):
        # "Israel is opposed to French mediation": a stance, its subject is the actor
        c.sources = conjuncts(_children(tok, PASSIVE_SUBJ)[0])
        c.targets = []
    elif c.trigger.pos == "VERB":
        c.passive = _is_passive(tok)
        if c.passive:
            c.sources = [o for a in _children(tok, {"agent"}) for o in _pobj(a)]
            c.sources = conjuncts(c.sources[0]) if c.sources else []
        else:
            c.sources = subject_of(tok)
        options = [o for o in _verb_targets(tok, c.type, g, c.passive) if o and _is_actorish(o[0])]
        if c.type in ("REJECT", "SUPPORT", "ACCUSE", "AGREE", "REQUEST", "CONCEDE"):
            # "rejected a request from Uganda": the object's own actor is the target
            for o in _children(tok, {"dobj", "obj"}):
                s, t = _noun_roles(o, c.trigger, g)
                options.extend(x for x in (s, t) if x)
        if c.mode == "visit" and not passive_or_object(tok):
            # "arrived in Nairobi on a state visit": the place visited names the host
            options.extend(
                conjuncts(o)
                for p in _children(tok, {"prep"})
                if _lemma(p) in g.visit_preps
                for o in _pobj(p)
                if o.ent_type_ == "GPE"
            )
        c.targets = options[0] if options else []
        c.target_options = options[1:]
    else:
        sources, targets = _noun_roles(tok, c.trigger, g)
        if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN"):
            # "launched a mediation effort between X and Y": the head noun carries the roles
            s2, t2 = _noun_roles(tok.head, c.trigger, g)
            sources, targets = sources or s2, targets or t2
            tok = tok.head
        support_subj, _ = _support_subject(tok, g)
        if not support_subj:
            support_subj = _manner_subject(tok, g)  # "walked out in protest"
        receiving = (
            tok.dep_ in ("dobj", "obj")
            and tok.head.pos_ == "VERB"
            and _lemma(tok.head) in g.receiving_verbs
        )
        if (tok.dep_ == "pobj" and tok.head.lower_ == "under") or receiving:
            # "the convoy came under attack", "the constitution faces criticism": the subject
            # is the target
            targets = targets or (subject_of(tok.head) if receiving else support_subj)
            support_subj = []
            if receiving and not sources:  # "received assurances from the ministry"
                givers = [
                    o
                    for p in _children(tok.head, {"prep"})
                    if _lemma(p) == "from"
                    for o in _pobj(p)
                ]
                sources = conjuncts(givers[0]) if givers else []
        if support_subj and (not sources or all(x.pos_ == "PRON" for x in sources)):
            sources = support_subj
        elif support_subj and _lemma(tok) in g.patient_nouns:
            # "police carried out the arrest of X": subject is the source, of-phrase the target
            sources = support_subj
        c.sources, c.targets = sources, targets
        head = tok.head
        if (
            tok.dep_ in ("dobj", "obj") and head.pos_ == "VERB"
        ):  # "sent aid to X", "imposed sanctions on X"
            c.target_options = [
                o
                for o in _verb_targets(head, c.type, g, False)
                if o and _is_actorish(o[0]) and tok not in o
            ]
    c.sources = [s for s in c.sources if _is_actorish(s)]
    c.targets = [t for t in c.targets if _is_actorish(t) and t not in c.sources]
    c.target_options = [[t for t in o if t not in c.sources] for o in c.target_options]


def _merge(cands: list[EventCandidate]) -> list[EventCandidate]:
    """One event per type per sentence; the best-supported trigger leads."""
    by_type: dict[str, list[EventCandidate]] = {}
    for c in cands:
        by_type.setdefault(c.type, []).append(c)
    out = []
    for group in by_type.values():
        group.sort(
            key=lambda c: (not c.sources, c.trigger.pos != "VERB", _depth(c.token), c.token.i)
        )
        if any(c.sources for c in group):
            group = [c for c in group if c.sources or c.trigger.pos == "VERB"]
        lead = group[0]
        for other in group[1:]:
            if other.targets:
                lead.target_options.append([t for t in other.targets if t not in lead.sources])
            lead.target_options.extend(other.target_options)
            if not lead.sources and other.sources:
                lead.sources = other.sources
            elif (
                lead.type == "ASSAULT"
                and other.sources
                and not set(other.sources) & set(lead.sources)
            ):
                # two-sided violence ("X shelled Y and Y fired back"): all sides are sources
                lead.sources = lead.sources + [t for t in other.sources if t not in lead.sources]
                lead.targets = [t for t in lead.targets if t not in lead.sources]
            lead.absorbed.append(other)
        out.append(lead)
    out.sort(key=lambda c: c.token.i)
    return out
