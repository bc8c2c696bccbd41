"""Actor identity: spelling and transliteration variants meet; different people stay apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.merge.identity import ActorIdentity, IdentityDataError, default_identity
from dateline.records import ActorRef, Entity


@pytest.fixture(scope="module")
def ident() -> ActorIdentity:
    return default_identity()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zelenskyy", "Zelensky"),
        ("Zelenskiy", "Volodymyr Zelensky"),
        ("al-Assad", "Al-Assad"),
        ("Gaddafi", "Qadhafi"),
        ("Muammar al-Qadhafi", "Moammar Gadhafi"),
        ("Erdoğan", "Erdogan"),
        ("Hizbollah", "Hezbollah"),
        ("EU", "the European Union"),
    ],
)
def test_variants_share_one_id(ident: ActorIdentity, a: str, b: str) -> None:
    assert ident.known(a, "2020-01-01") is not None
    assert ident.known(a, "2020-01-01") == ident.known(b, "2020-01-01")


def test_folding_rules(ident: ActorIdentity) -> None:
    assert ident.fold("Al-Qadhafi") == ident.fold("Gaddafi") == "gadafi"
    assert ident.fold("Zelenskyy") == ident.fold("Zelensky")
    assert ident.fold("Müller") == ident.fold("Muller")


def test_same_family_name_different_people_stay_apart(ident: ActorIdentity) -> None:
    assert ident.known("Saif al-Islam Gaddafi") != ident.known("Muammar Gaddafi")
    assert ident.known("Mojtaba Khamenei") != ident.known("Ali Khamenei")
    # unknown people: the article's PERSON entity gives the full name, kept whole
    a = ActorRef("Ahmed Karimi", "Ahmed Karimi", "IRN", "GOV", 0, 12)
    b = ActorRef("Reza Karimi", "Reza Karimi", "IRN", "GOV", 0, 11)
    ka = ident.actor_key(a, [Entity("Ahmed Karimi", "PERSON", 0, 12, "Ahmed Karimi", "IRN")])
    kb = ident.actor_key(b, [Entity("Reza Karimi", "PERSON", 0, 11, "Reza Karimi", "IRN")])
    assert ka == "person:ahmed-karimi" and kb == "person:reza-karimi"


def test_a_bare_family_name_follows_the_date(ident: ActorIdentity) -> None:
    assert ident.known("Assad", "1995-05-01") == "person:hafez-al-assad"
    assert ident.known("Assad", "2013-01-06") == "person:bashar-al-assad"
    assert ident.known("Assad") is None  # without a date it is ambiguous


def test_actor_keys_fall_back_to_country_then_name(ident: ActorIdentity) -> None:
    assert ident.actor_key(ActorRef("Russian forces", "Russian forces", "RUS", "MIL")) == (
        "country:RUS"
    )
    assert ident.actor_key(ActorRef("Russia", "Russia", "RUS", "GOV")) == "country:RUS"
    assert ident.actor_key(ActorRef("the WHO", "WHO", "IGO", "IGO")) == (
        "org:world-health-organization"  # from the actor dictionary
    )
    council = ActorRef("the Andean Water Council", "Andean Water Council", "IGO", "IGO")
    assert ident.actor_key(council) == "org:" + ident.fold("Andean Water Council").replace(" ", "-")
    assert ident.actor_key(ActorRef("gunmen", "gunmen")) == "name:gunmen"
    assert ident.side_key([]) == "-"
    assert ident.side_key([ActorRef("the crowd", "crowd")]) == "-"  # identifies nobody
    two = [ActorRef("Chile", "Chile", "CHL"), ActorRef("Peru", "Peru", "PER")]
    assert ident.side_key(two) == ident.side_key(list(reversed(two))) == "country:CHL+country:PER"


def test_malformed_identity_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "identity.yaml"
    bad.write_text("actors:\n  - {id: 'Not An Id', name: X}\n", encoding="utf-8")
    with pytest.raises(IdentityDataError, match="must look like"):
        ActorIdentity(bad)
    bad.write_text("transliteration: [[a]]\n", encoding="utf-8")
    with pytest.raises(IdentityDataError, match="pairs"):
        ActorIdentity(bad)


def test_people_of_the_actor_dictionary_have_ids(ident: ActorIdentity) -> None:
    assert ident.known("Ruto") == ident.known("William Ruto") == "person:william-ruto"
    # known to both files: one id (the identity file's)
    assert ident.known("Volodymyr Zelenskiy") == "person:volodymyr-zelensky"


def test_sector_groups_split_dyads_inside_one_country(ident: ActorIdentity) -> None:
    rebels = ActorRef("M23 rebels", "M23", "COD", "REB")
    army = ActorRef("the army", "army", "COD", "MIL")
    convoy = ActorRef("an army convoy", "army convoy", "COD", "MIL")
    assert ident.dyad([rebels], [army]) == ("country:COD/armed", "country:COD/state")
    assert ident.dyad([army], [rebels]) == ("country:COD/state", "country:COD/armed")
    assert ident.dyad([rebels], [convoy]) == ident.dyad([rebels], [army])
    police = ActorRef("police", "police", "KEN", "COP")
    crowd = ActorRef("protesters", "protesters", "KEN", "CVL")
    assert ident.dyad([police], [crowd]) != ident.dyad([crowd], [police])
    # between countries the state's sectors do not matter ("Russia" = "Russian forces")
    kharkiv = ActorRef("Kharkiv residents", "Kharkiv residents", "UKR", "CVL")
    assert (
        ident.dyad([ActorRef("Russia", "Russia", "RUS", "GOV")], [kharkiv])
        == (ident.dyad([ActorRef("Russian forces", "Russian forces", "RUS", "MIL")], [kharkiv]))
        == ("country:RUS", "country:UKR")
    )


def test_a_title_stands_for_its_holder_at_the_time(ident: ActorIdentity) -> None:
    def key(name: str, country: str, when: str) -> str:
        return ident.actor_key(ActorRef(name, name, country, "GOV"), (), when)

    assert key("Ukrainian president", "UKR", "2025-03-11") == "person:volodymyr-zelensky"
    assert key("president", "UKR", "2015-06-01") == ident.known("Petro Poroshenko")
    assert key("US president", "USA", "2018-01-01") == "person:donald-trump"
    assert key("US president", "USA", "2022-01-01") == "person:joe-biden"
    assert key("vice president", "USA", "2022-01-01") == ident.known("Kamala Harris")
    # someone else, or nobody in particular
    assert key("former Ukrainian president", "UKR", "2025-03-11") == "country:UKR"
    assert key("Ukrainian officials", "UKR", "2025-03-11") == "country:UKR"
    assert ident.by_title(ActorRef("president", "president", "UKR"), None) is None


def test_identity_data_is_unambiguous_without_dates(ident: ActorIdentity) -> None:
    """Two actors may share a folded variant only when years keep them apart."""
    for folded, variants in ident._index.items():
        undated = {v.actor_id for v in variants if v.start is None and v.end is None}
        dated = {v.actor_id for v in variants} - undated
        assert len(undated) <= 1 or not folded, (folded, undated)
        if dated:
            assert not undated - dated, (folded, variants)


def test_a_one_word_person_is_not_a_person_key(ident: ActorIdentity) -> None:
    kyiv = ActorRef("Kyiv", "Kyiv", "UKR", "GOV", 0, 4)
    misread = [Entity("Kyiv", "PERSON", 0, 4, "Kyiv")]
    assert ident.actor_key(kyiv, misread) == "country:UKR"
