"""extract_entities: clean spans and one canonical name per person or organisation."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest

from dateline.extract.entities import (
    NON_NAME_LABELS,
    _initials,
    _is_acronym,
    _name_key,
    _person_name,
    extract_entities,
    load_name_lexicon,
)
from dateline.nlp import ParsedArticle
from dateline.records import Entity

Parse = Callable[..., ParsedArticle]


def entities(parse: Parse, text: str) -> list[Entity]:
    ents = extract_entities(parse(text).doc)
    for e in ents:
        assert text[e.start : e.end] == e.text, e
    return ents


def canon(ents: list[Entity], text: str) -> list[str]:
    """Canonical names of every entity whose text is ``text``, in order."""
    return [e.canonical for e in ents if e.text == text]


# ---------------------------------------------------------------------------------- people

SECRETARY = (
    "Secretary of State Antony Blinken arrived in Cairo on Tuesday for talks on a ceasefire. "
    "Blinken met Egyptian officials for three hours. Mr. Blinken later told reporters that "
    "the talks had been useful. The secretary is expected in Jerusalem on Wednesday."
)


def test_surname_and_honorific_resolve_to_the_full_name(parse: Parse) -> None:
    ents = entities(parse, SECRETARY)
    people = [e for e in ents if e.label == "PERSON"]
    assert [e.text for e in people][:3] == ["Antony Blinken", "Blinken", "Blinken"]
    assert {e.canonical for e in people} == {"Antony Blinken"}


def test_title_is_not_part_of_the_name_nor_an_entity(parse: Parse) -> None:
    ents = entities(parse, SECRETARY)
    first = ents[0]
    assert (first.text, first.start, first.end) == ("Antony Blinken", 19, 33)
    # "State" in "Secretary of State" is a title word, not an organisation
    assert not [e for e in ents if e.text == "State"]


def test_nominal_title_refers_to_the_titled_person(parse: Parse) -> None:
    ents = entities(parse, SECRETARY)
    (nominal,) = [e for e in ents if e.text == "secretary"]
    assert nominal.label == "PERSON"
    assert nominal.canonical == "Antony Blinken"
    assert SECRETARY[nominal.start - 4 : nominal.end] == "The secretary"


def test_nominal_title_needs_a_single_candidate(parse: Parse) -> None:
    text = (
        "Foreign Minister Sergei Lavrov met Foreign Minister Wang Yi in Beijing on Monday. "
        "The minister said the two countries would work together."
    )
    ents = entities(parse, text)
    assert not [e for e in ents if e.text == "minister"]


def test_two_people_with_one_surname_resolve_to_the_nearest(parse: Parse) -> None:
    text = (
        "The court in Lagos heard evidence from Grace Okafor, a nurse at the hospital. "
        "Okafor said the ward had been closed for a week. Her brother, Daniel Okafor, "
        "a lawyer, told the court he had warned the manager. Okafor said nobody replied."
    )
    ents = entities(parse, text)
    okafor = [e for e in ents if e.text == "Okafor"]
    assert [e.canonical for e in okafor] == ["Grace Okafor", "Daniel Okafor"]
    assert {e.label for e in okafor} == {"PERSON"}


def test_surname_before_the_full_name_takes_the_next_full_name(parse: Parse) -> None:
    text = (
        "Merkel visits Paris\n"
        "German Chancellor Angela Merkel arrived in Paris on Friday for talks with the "
        "French president."
    )
    ents = entities(parse, text)
    assert canon(ents, "Merkel") == ["Angela Merkel"]


def test_title_inside_a_person_span_is_cut(parse: Parse) -> None:
    text = "President Joe Biden signed the bill on Friday. Biden said it would lower prices."
    ents = entities(parse, text)
    people = [e for e in ents if e.label == "PERSON"]
    assert people[0].text == "Joe Biden"
    assert text[people[0].start : people[0].end] == "Joe Biden"
    assert {e.canonical for e in people} == {"Joe Biden"}


def test_possessive_is_not_part_of_the_name(parse: Parse) -> None:
    text = (
        "Prime Minister Keir Starmer spoke in London on Monday. "
        "Starmer's spokesman said the plan would go ahead."
    )
    ents = entities(parse, text)
    starmer = [e for e in ents if e.text.startswith("Starmer")]
    assert [e.text for e in starmer] == ["Starmer"]
    assert starmer[0].canonical == "Keir Starmer"
    assert starmer[0].label == "PERSON"


# ------------------------------------------------------------------------ organisations


def test_acronyms_resolve_to_the_written_out_name(parse: Parse) -> None:
    text = (
        "The United Nations said on Monday that aid trucks had reached the city. "
        "A UN spokesman said more convoys were planned, and U.N. staff were on the ground."
    )
    ents = entities(parse, text)
    un = [e for e in ents if e.text in {"United Nations", "UN", "U.N."}]
    assert [e.text for e in un] == ["United Nations", "UN", "U.N."]
    assert {e.canonical for e in un} == {"United Nations"}
    assert un[0].start == 4  # "The" is not part of the name


def test_bracketed_acronym_is_an_alias(parse: Parse) -> None:
    text = (
        "Leaders of the Asia-Pacific Economic Cooperation (APEC) met in Lima on Saturday. "
        "APEC members agreed to cut tariffs on green goods."
    )
    ents = entities(parse, text)
    apec = [e for e in ents if "APEC" in e.text or "Asia-Pacific" in e.text]
    assert [e.text for e in apec] == ["Asia-Pacific Economic Cooperation", "APEC", "APEC"]
    assert {e.canonical for e in apec} == {"Asia-Pacific Economic Cooperation"}
    assert len({e.label for e in apec}) == 1  # one organisation, one label


def test_country_abbreviation_joins_the_full_name(parse: Parse) -> None:
    text = (
        "The United States imposed new sanctions on Tuesday. "
        "U.S. officials said the measures would take effect at once."
    )
    ents = entities(parse, text)
    assert canon(ents, "U.S.") == ["United States"]


def test_dates_and_numbers_are_not_entities(parse: Parse) -> None:
    text = "On March 3, 2024, about 300 people marched in Nairobi, paying $5 each."
    ents = entities(parse, text)
    assert {e.label for e in ents}.isdisjoint(NON_NAME_LABELS)
    assert [e.text for e in ents] == ["Nairobi"]


def test_offsets_hold_with_blanked_foreign_sentence(parse: Parse) -> None:
    text = (
        "Chancellor Olaf Scholz spoke in Berlin on Monday about the budget.\n"
        "Der Bundeskanzler sagte, die Regierung werde den Haushalt bald vorlegen.\n"
        "Scholz later met union leaders in Hamburg."
    )
    ents = entities(parse, text)
    assert canon(ents, "Scholz") == ["Olaf Scholz"]
    for e in ents:
        assert text[e.start : e.end] == e.text


def test_entities_are_in_text_order_and_do_not_overlap(parse: Parse) -> None:
    ents = entities(parse, SECRETARY)
    starts = [e.start for e in ents]
    assert starts == sorted(starts)
    for a, b in pairwise(ents):
        assert a.end <= b.start


def test_empty_text(parse: Parse) -> None:
    assert entities(parse, " ") == []


def test_abbreviated_rank_is_a_title_and_a_nominal_antecedent(parse: Parse) -> None:
    text = (
        "Army spokesman Col. Amina Hassan said two bridges had been repaired. "
        "Gov. Peter Mwangi visited the site on Sunday. The governor thanked the engineers, "
        "and Hassan said traffic would resume."
    )
    ents = entities(parse, text)
    assert not [e for e in ents if e.text.rstrip(".") in {"Col", "Gov"}]
    assert canon(ents, "governor") == ["Peter Mwangi"]
    assert canon(ents, "Hassan") == ["Amina Hassan"]


def test_short_form_of_an_organisation(parse: Parse) -> None:
    text = (
        "The Kenyan Supreme Court of Appeal ruled on Friday that the election was valid. "
        "The Supreme Court said the electoral commission had followed the law."
    )
    ents = entities(parse, text)
    short = [e for e in ents if e.text == "Supreme Court"]
    assert short and {e.canonical for e in short} == {"Kenyan Supreme Court of Appeal"}


def test_coordinated_names_do_not_absorb_their_parts(parse: Parse) -> None:
    text = (
        "Talks between North and South Korea resumed on Monday. North Korea sent two "
        "delegates, and South Korea sent three."
    )
    ents = entities(parse, text)
    north, south = canon(ents, "North Korea"), canon(ents, "South Korea")
    assert north and south and north[0] != south[0]


def tagged(parse: Parse, text: str, spans: list[tuple[str, str]]) -> list[Entity]:
    """extract_entities over ``text`` with exactly these NER spans (each searched after the
    previous), so the tests do not depend on what the statistical model happens to find."""
    doc = parse(text).doc
    ents, at = [], 0
    for words, label in spans:
        start = text.index(words, at)
        span = doc.char_span(start, start + len(words), label=label)
        assert span is not None, words
        ents.append(span)
        at = start + len(words)
    doc.ents = ents
    out = extract_entities(doc)
    for e in out:
        assert text[e.start : e.end] == e.text
    return out


def test_a_name_the_model_missed_is_found_again(parse: Parse) -> None:
    text = (
        "Rescue workers led by engineer Tomasz Wojcik reached the miners on Friday. "
        "Speaking at the mine, Wojcik said the men were safe. Wojcikowski Street was closed."
    )
    ents = tagged(parse, text, [("Tomasz Wojcik", "PERSON"), ("Friday", "DATE")])
    found = [e for e in ents if e.text == "Wojcik"]
    assert [(e.start, e.label, e.canonical) for e in found] == [
        (text.index("Wojcik said"), "PERSON", "Tomasz Wojcik")
    ]


def test_a_name_inside_a_longer_name_is_not_found_again(parse: Parse) -> None:
    text = "Officials in Washington denied it. The Washington Post and pro-Washington groups disagreed."
    ents = tagged(parse, text, [("Washington", "GPE")])
    assert [e.text for e in ents] == ["Washington"]


def test_surname_labelled_org_becomes_the_person(parse: Parse) -> None:
    text = "Anthony Fauci testified on Tuesday. Fauci said the institute would help."
    ents = tagged(parse, text, [("Anthony Fauci", "PERSON"), ("Fauci", "ORG")])
    assert [(e.text, e.label, e.canonical) for e in ents] == [
        ("Anthony Fauci", "PERSON", "Anthony Fauci"),
        ("Fauci", "PERSON", "Anthony Fauci"),
    ]


def test_surname_labelled_gpe_stays_a_place_unless_mostly_a_person(parse: Parse) -> None:
    text = "Michael Jordan flew to Jordan on Monday. Jordan is a country of ten million people."
    ents = tagged(parse, text, [("Michael Jordan", "PERSON"), ("Jordan", "GPE"), ("Jordan", "GPE")])
    assert [e.label for e in ents] == ["PERSON", "GPE", "GPE"]


def test_name_after_a_title_labelled_org_is_a_person(parse: Parse) -> None:
    text = "Chancellor Olaf Scholz spoke in Berlin. Scholz said the budget was ready."
    ents = tagged(parse, text, [("Olaf Scholz", "ORG"), ("Berlin", "GPE")])
    assert [(e.text, e.label, e.canonical) for e in ents] == [
        ("Olaf Scholz", "PERSON", "Olaf Scholz"),
        ("Berlin", "GPE", "Berlin"),
        ("Scholz", "PERSON", "Olaf Scholz"),
    ]


def test_bracketed_acronym_the_model_missed_is_added_and_found_again(parse: Parse) -> None:
    text = (
        "The Kenya Defence Forces (KDF) said the base was secure. "
        "A KDF spokesman said patrols would continue."
    )
    ents = tagged(parse, text, [("Kenya Defence Forces", "ORG")])
    assert [(e.text, e.label, e.canonical) for e in ents] == [
        ("Kenya Defence Forces", "ORG", "Kenya Defence Forces"),
        ("KDF", "ORG", "Kenya Defence Forces"),
        ("KDF", "ORG", "Kenya Defence Forces"),
    ]


def test_acronym_needs_its_name_first_unless_well_known(parse: Parse) -> None:
    text = (
        "Aid reached the port on Monday. The U.S. and the EU paid for it, officials said. "
        "Students at the University of Sussex organised a vigil. United States and European "
        "Union envoys attended."
    )
    ents = tagged(
        parse,
        text,
        [
            ("U.S.", "GPE"),
            ("EU", "ORG"),
            ("University of Sussex", "ORG"),
            ("United States", "GPE"),
            ("European Union", "ORG"),
        ],
    )
    assert canon(ents, "U.S.") == ["United States"]  # not the university's initials
    assert canon(ents, "EU") == ["European Union"]


def test_acronym_does_not_take_a_later_name_with_its_initials(parse: Parse) -> None:
    text = (
        "The plan was published on Monday. Officials said the ABC would review it. Later, "
        "the Alberta Bridge Council published its own figures."
    )
    ents = tagged(parse, text, [("ABC", "ORG"), ("Alberta Bridge Council", "ORG")])
    assert canon(ents, "ABC") == ["ABC"]


def test_acronym_in_a_headline_takes_the_name_below(parse: Parse) -> None:
    text = "ABC to review bridge plan\nThe Alberta Bridge Council said on Monday it would act."
    ents = tagged(parse, text, [("ABC", "ORG"), ("Alberta Bridge Council", "ORG")])
    assert canon(ents, "ABC") == ["Alberta Bridge Council"]


def test_same_name_takes_its_majority_label(parse: Parse) -> None:
    text = "Talks in Luanda resumed. Luanda said the talks would last a week, and Luanda agreed."
    ents = tagged(parse, text, [("Luanda", "GPE"), ("Luanda", "PERSON"), ("Luanda", "GPE")])
    assert [e.label for e in ents] == ["GPE", "GPE", "GPE"]


def test_country_name_is_a_place(parse: Parse) -> None:
    text = "Mauritius signed the treaty on Monday."
    ents = tagged(parse, text, [("Mauritius", "PERSON")])
    assert [(e.text, e.label) for e in ents] == [("Mauritius", "GPE")]


def test_lone_title_tagged_person_is_dropped(parse: Parse) -> None:
    text = "Army spokesman Col. Amina Hassan said the bridge was open."
    ents = tagged(parse, text, [("Col", "PERSON"), ("Amina Hassan", "PERSON")])
    assert [e.text for e in ents] == ["Amina Hassan"]


def test_span_cleaning(parse: Parse) -> None:
    text = (
        'Reporters asked magician David Gish about "the Magic Circle", and the '
        "World Health Organisation (WHO said nothing.\nLondon Bridge reopened. "
        "FILE - Kem Ley spoke to the Court of Bosnia and Herzegovina."
    )
    ents = tagged(
        parse,
        text,
        [
            ("magician David Gish", "PERSON"),
            ('"the Magic Circle"', "ORG"),
            ("World Health Organisation (WHO", "ORG"),
            ("nothing.\nLondon Bridge", "FAC"),
            ("FILE - Kem Ley", "PERSON"),
            ("Court of Bosnia and", "ORG"),
        ],
    )
    assert [e.text for e in ents] == [
        "David Gish",
        "Magic Circle",
        "World Health Organisation",
        "London Bridge",
        "Kem Ley",
        "Court of Bosnia",
    ]


def test_adjacent_person_pieces_are_one_name(parse: Parse) -> None:
    text = "Dries Mertens scored twice."
    ents = tagged(parse, text, [("Dries", "PERSON"), ("Mertens", "PERSON")])
    assert [(e.text, e.start, e.end) for e in ents] == [("Dries Mertens", 0, 13)]


# -------------------------------------------------------------------------------- pieces


def test_person_name_parts() -> None:
    lex = load_name_lexicon()
    name = _person_name("Ursula von der Leyen", lex)
    assert (name.first, name.surname) == ("ursula", "leyen")
    assert _person_name("von der Leyen", lex).surname == "leyen"
    assert not _person_name("von der Leyen", lex).full
    assert _person_name("Abu Khadija", lex).full
    assert _person_name("Mohammed Shia al-Sudani", lex).surname == "sudani"
    king = _person_name("Martin Luther King Jr.", lex)
    assert king.surname == "king"
    alone = _person_name("Blinken", lex)
    assert not alone.full and alone.surname == "blinken"


def test_acronym_helpers() -> None:
    lex = load_name_lexicon()
    assert _is_acronym("U.N.") and _is_acronym("NATO") and not _is_acronym("Nato")
    assert "un" in _initials("United Nations", lex)
    assert "apec" in _initials("Asia-Pacific Economic Cooperation", lex)
    assert "oas" in _initials("Organization of American States", lex)
    assert _initials("Kenya", lex) == set()
    assert _name_key("the U.N.", "ORG", lex) == "un"
    assert _name_key("Acme Corp.", "ORG", lex) == _name_key("Acme", "ORG", lex)


# ------------------------------------------------------------------------------- lexicon


def test_lexicon_sections_are_normalised() -> None:
    lex = load_name_lexicon()
    assert ("mr",) in lex.honorifics  # "Mr." matches with or without the period
    assert ("secretary", "of", "state") in lex.titles
    assert ("secretary", "-", "general") in lex.titles  # hyphens as spaCy splits them
    assert "on" in lex.acronym_skip  # not YAML's boolean
    assert "jr" in lex.name_suffixes
    assert lex.max_phrase >= 4


def test_lexicon_file_must_have_every_section(tmp_path: Path) -> None:
    bad = tmp_path / "titles.yaml"
    bad.write_text("honorifics: [mr]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="titles"):
        load_name_lexicon(bad)
