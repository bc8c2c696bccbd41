"""The whole pipeline, from JSON Lines through the CLI to output-v1 (slow: loads everything)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app

pytestmark = pytest.mark.slow

README_ARTICLE = {
    "id": "a1",
    "published": "2025-03-14",
    "text": (
        "The Kenyan foreign minister said on Tuesday that his government had rejected a request "
        "from Uganda to extradite two opposition leaders, according to state television."
    ),
}


def _extract(tmp_path: Path, records: list[dict[str, str]]) -> list[dict]:  # type: ignore[type-arg]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_readme_example(tmp_path: Path) -> None:
    (doc,) = _extract(tmp_path, [README_ARTICLE])
    (event,) = doc["events"]
    assert event["type"] == "REJECT"
    assert [(a["country"], a["sector"]) for a in event["source"]] == [("KEN", "GOV")]
    assert [a["country"] for a in event["target"]] == ["UGA"]
    assert event["date"] == "2025-03-11" and event["date_basis"] == "relative"
    assert event["attributed_to"] == "The Kenyan foreign minister"
    text = README_ARTICLE["text"]
    ev = event["evidence"]
    assert text[ev["start"] : ev["end"]] == ev["sentence"]
    assert text[ev["trigger_start"] : ev["trigger_end"]] == ev["trigger"] == "rejected"


def test_every_offset_points_at_its_text(tmp_path: Path) -> None:
    articles = [
        README_ARTICLE,
        {
            "id": "a2",
            "published": "2024-11-02",
            "text": (
                "NAIROBI — Police fired tear gas at about 2,000 protesters in central Nairobi on "
                'Thursday, witnesses said. "We will not stop until the tax bill is withdrawn," '
                "said Grace Wanjiru, a student leader. At least 12 people were arrested, according "
                "to the Kenya Human Rights Commission.\n\nThe interior ministry said officers had "
                "acted lawfully and accused opposition politicians of paying the demonstrators."
            ),
        },
    ]
    docs = _extract(tmp_path, articles)
    texts = {a["id"]: a["text"] for a in articles}
    for doc in docs:
        text = texts[doc["doc_id"]]
        for key in ("entities", "counts", "dates", "quotes"):
            for item in doc[key]:
                assert text[item["start"] : item["end"]] == item["text"], (key, item)
        for ev in doc["events"]:
            e = ev["evidence"]
            assert text[e["start"] : e["end"]] == e["sentence"]
            for actor in ev["source"] + ev["target"]:
                if actor.get("start") is not None:
                    assert text[actor["start"] : actor["end"]] == actor["text"]
    second = next(d for d in docs if d["doc_id"] == "a2")
    types = {e["type"] for e in second["events"]}
    assert {"COERCE", "ACCUSE"} <= types
    assert any(q["speaker"] == "Grace Wanjiru" for q in second["quotes"])
    assert any(c["value"] == 12 for c in second["counts"])


def test_bad_records_do_not_stop_the_run(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    src.write_text(
        json.dumps(README_ARTICLE)
        + "\n"
        + '{"id": "broken", "text": "truncated\n'
        + json.dumps({"id": "empty", "text": ""})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(
        app, ["extract", str(src), "-o", str(out), "--errors", str(errors), "--quiet"]
    )
    assert result.exit_code == 1
    assert [json.loads(x)["doc_id"] for x in out.read_text().splitlines()] == ["a1"]
    reasons = [json.loads(x) for x in errors.read_text().splitlines()]
    assert len(reasons) == 2 and all(r["origin"].startswith(str(src)) for r in reasons)


def test_definite_description_and_pronoun_resolve_to_the_group(tmp_path: Path) -> None:
    text = (
        "Gunmen from al-Shabab stormed a hotel in Beledweyne on Tuesday. "
        "Later the group claimed that it had shot dead 10 soldiers at the hotel."
    )
    (doc,) = _extract(tmp_path, [{"id": "g1", "published": "2025-03-11", "text": text}])
    second = [e for e in doc["events"] if e["evidence"]["start"] > 60]
    assert second and second[0]["type"] == "ASSAULT"
    assert [(a["country"], a["sector"]) for a in second[0]["source"]] == [("SOM", "REB")]
    assert second[0]["attributed_to"] == "the group"


def test_short_name_takes_full_name_and_earlier_coding(tmp_path: Path) -> None:
    text = (
        "Kenyan opposition leader Jane Wambui met the foreign minister on Monday. "
        "On Tuesday, Wambui criticized the government over the new tax."
    )
    (doc,) = _extract(tmp_path, [{"id": "w1", "published": "2025-03-11", "text": text}])
    accuse = next(e for e in doc["events"] if e["type"] == "ACCUSE")
    (src,) = accuse["source"]
    assert (src["text"], src["name"], src["country"], src["sector"]) == (
        "Wambui",
        "Jane Wambui",
        "KEN",
        "OPP",
    )
    assert accuse["date"] == "2025-03-11"


def test_plural_pronouns_and_came_under_attack(tmp_path: Path) -> None:
    text = (
        "The militants ordered the travellers to stand in two lines, a survivor recalled. "
        '"Next they took aside police officers and shot them at close range." '
        "The convoy came under attack near Kalat on Tuesday. "
        "An emergency was declared at the government hospital to receive the injured."
    )
    (doc,) = _extract(tmp_path, [{"id": "m1", "published": "2025-03-12", "text": text}])
    shot = next(e for e in doc["events"] if e["evidence"]["trigger"] == "shot")
    assert [a["sector"] for a in shot["source"]] == ["REB"]
    assert [a["sector"] for a in shot["target"]] == ["COP"]
    assert not any(
        e["type"] == "COERCE" for e in doc["events"]
    )  # a hospital emergency is no martial law
    assert not any(
        e["evidence"]["trigger"] == "attack" for e in doc["events"]
    )  # agentless: no source


def test_sources_must_act_and_interviews_are_not_meetings(tmp_path: Path) -> None:
    text = (
        "Syria's new constitution is facing criticism from legal experts. "
        "A pupil from Shenzhen, who spoke with VOA by phone, backed the rules. "
        "US drone strikes killed eight militants in Waziristan on Sunday."
    )
    (doc,) = _extract(tmp_path, [{"id": "s1", "published": "2025-03-14", "text": text}])
    assert not any(a["name"].startswith("Syria") for e in doc["events"] for a in e["source"])
    assert not any(e["type"] == "CONSULT" for e in doc["events"])
    strike = next(e for e in doc["events"] if e["type"] == "ASSAULT")
    assert [(a["country"], a["sector"]) for a in strike["source"]] == [("USA", "MIL")]


def test_event_inside_a_quote_is_attributed_to_its_speaker(tmp_path: Path) -> None:
    text = '"Russian troops shelled our village all night," said Olena Kovalenko, a teacher in Kherson.'
    (doc,) = _extract(tmp_path, [{"id": "q2", "published": "2025-03-11", "text": text}])
    (ev,) = doc["events"]
    assert ev["type"] == "ASSAULT" and ev["attributed_to"] == "Olena Kovalenko"
    assert [(a["country"], a["sector"]) for a in ev["source"]] == [("RUS", "MIL")]


def test_dateline_city_is_the_location_of_local_events(tmp_path: Path) -> None:
    text = (
        "NAIROBI — Kenyan police arrested 12 protesters on Thursday, witnesses said. "
        "Separately, Israeli jets struck targets in Gaza, the army said."
    )
    (doc,) = _extract(tmp_path, [{"id": "d1", "published": "2024-11-02", "text": text}])
    arrest = next(e for e in doc["events"] if e["type"] == "COERCE")
    assert arrest["location"]["name"] == "Nairobi" and arrest["location"]["country"] == "KEN"
    strike = next(e for e in doc["events"] if e["type"] == "ASSAULT")
    assert strike["location"] is None or strike["location"]["country"] != "KEN"


def test_event_date_skips_dates_inside_noun_phrases(tmp_path: Path) -> None:
    text = (
        "North Korean leader Kim Jong Un crossed into South Korea on Friday, the first such visit "
        "since the 1950-53 Korean War, for a summit at which both sides pledged to work toward peace."
    )
    (doc,) = _extract(tmp_path, [{"id": "k", "published": "2018-04-28", "text": text}])
    agree = next(e for e in doc["events"] if e["type"] == "AGREE")
    assert agree["date"] == "2018-04-27" and agree["date_basis"] == "relative"


def test_event_ids_are_unique_and_sequential(tmp_path: Path) -> None:
    text = (
        "A pupil from Shenzhen, who spoke with VOA by phone, backed the rules. "
        "Police arrested two activists in Shanghai on Monday. "
        "Officials also detained a lawyer in Beijing on Tuesday."
    )
    (doc,) = _extract(tmp_path, [{"id": "u", "published": "2025-03-14", "text": text}])
    ids = [e["id"] for e in doc["events"]]
    assert ids == [f"u:e{n}" for n in range(1, len(ids) + 1)]


def test_bundled_samples_ingest_without_failures(tmp_path: Path) -> None:
    """The README's main job: every sample article is processed and stored (one is skipped)."""
    samples = Path(__file__).resolve().parents[2] / "samples"
    db = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(samples), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    stats = CliRunner().invoke(app, ["stats", "--db", str(db), "--format", "json"])
    assert stats.exit_code == 0, stats.output
    data = json.loads(stats.stdout)
    assert data["documents"] == 47 and data["by_status"] == {"ok": 46, "skipped": 1}
    assert data["events"] > 100 and data["quotes"] > 0 and data["counts"] > 0


def test_he_continues_the_last_person_who_was_a_subject(tmp_path: Path) -> None:
    text = (
        "UN envoy Geir Pedersen issued an appeal on Friday, the anniversary of the uprising "
        "against Bashar al-Assad. He called for an inclusive transitional government."
    )
    (doc,) = _extract(tmp_path, [{"id": "he", "published": "2025-03-14", "text": text}])
    request = [e for e in doc["events"] if e["evidence"]["trigger"] == "called"]
    assert request and [a["name"] for a in request[0]["source"]] == ["Geir Pedersen"]


def _events_by_trigger(tmp_path: Path, doc_id: str, text: str) -> dict[str, dict]:  # type: ignore[type-arg]
    """The events of one article extracted through the CLI, by their trigger word."""
    [doc] = _extract(tmp_path, [{"id": doc_id, "published": "2025-03-14", "text": text}])
    return {e["evidence"]["trigger"]: e for e in doc["events"]}


def _roles(event: dict) -> tuple[list[str | None], list[str | None]]:  # type: ignore[type-arg]
    return [a["country"] for a in event["source"]], [a["country"] for a in event["target"]]


def test_counterparts_of_abstract_objects_and_scheduled_acts(tmp_path: Path) -> None:
    text = (
        "Chile is about to restore full diplomatic relations with Peru and Bolivia, a senior "
        "official said on Monday. Argentina welcomed the resumption of talks between Ecuador and "
        "Colombia. Ghana has broken off relations with Togo after the border incident."
    )
    by_trigger = _events_by_trigger(tmp_path, "ties", text)
    restore = by_trigger["restore"]
    # a scheduled act ("is about to") told by a third party is a planned event, not a promise
    assert restore["type"] != "AGREE" and restore["future"]
    # "relations with Peru and Bolivia": the counterpart, both conjuncts, not the abstract noun
    assert _roles(restore) == (["CHL"], ["PER", "BOL"])
    assert _roles(by_trigger["welcomed"]) == (["ARG"], ["ECU", "COL"])
    assert _roles(by_trigger["broken"]) == (["GHA"], ["TGO"])


def test_group_nouns_spread_over_coordinated_countries(tmp_path: Path) -> None:
    text = (
        "Lawmakers in Kenya and Uganda welcomed the resumption of talks with Ethiopia. "
        "The ambassadors of France, Germany and Italy met the Kenyan president on Monday. "
        "Ghana, the Gambia, Togo and Benin condemned the attack on Mali. "
        "Danish police and soldiers arrested two suspects in Copenhagen on Friday. "
        "Judges and prosecutors from Chile and Peru praised the ruling."
    )
    by_trigger = _events_by_trigger(tmp_path, "spread", text)
    welcomed = by_trigger["welcomed"]
    # one actor per country, each with the group noun's sector, same evidence span
    assert [(a["country"], a["sector"]) for a in welcomed["source"]] == [
        ("KEN", "LEG"),
        ("UGA", "LEG"),
    ]
    assert {a["text"] for a in welcomed["source"]} == {"Lawmakers in Kenya and Uganda"}
    assert _roles(by_trigger["met"])[0] == ["FRA", "DEU", "ITA"]
    # a list whose second name the parser reads as an apposition of the first
    assert _roles(by_trigger["condemned"])[0] == ["GHA", "GMB", "TGO", "BEN"]
    # "Danish police and soldiers": the bare second noun shares the nationality
    arrested = by_trigger["arrested"]
    assert [(a["country"], a["sector"]) for a in arrested["source"]] == [
        ("DNK", "COP"),
        ("DNK", "MIL"),
    ]
    # the bare first noun shares the second's "from Chile and Peru"
    praised = by_trigger["praised"]
    assert sorted((a["name"], a["country"]) for a in praised["source"]) == [
        ("Chile judges", "CHL"),
        ("Chile prosecutors", "CHL"),
        ("Peru judges", "PER"),
        ("Peru prosecutors", "PER"),
    ]


def test_an_announced_act_keeps_its_type(tmp_path: Path) -> None:
    text = "Norway will send medical supplies to Sudan, the foreign ministry said on Monday."
    [doc] = _extract(tmp_path, [{"id": "offer", "published": "2025-03-14", "text": text}])
    [offer] = [e for e in doc["events"] if e["evidence"]["trigger"] == "send"]
    assert (offer["type"], offer["act_type"]) == ("AGREE", "AID")
    assert all(e["act_type"] is None for e in doc["events"] if e is not offer)


def test_a_place_the_act_is_aimed_at_is_the_target_when_no_actor_is(tmp_path: Path) -> None:
    text = (
        "Serbia lifted the night curfew in Montenegro on Sunday. "
        "The Iraqi president arrived in Amman on a surprise visit on Wednesday. "
        "Kenyan police arrested two activists in Nairobi on Monday."
    )
    by_trigger = _events_by_trigger(tmp_path, "places", text)
    lifted = by_trigger["lifted"]
    assert _roles(lifted) == (["SRB"], ["MNE"])
    assert [(a["text"], a["sector"]) for a in lifted["target"]] == [("Montenegro", None)]
    assert _roles(by_trigger["visit"]) == (["IRQ"], ["JOR"])
    # an actor acted on stays the target: the place is only where it happened
    arrested = by_trigger["arrested"]
    assert [a["text"] for a in arrested["target"]] == ["two activists"]


def test_the_place_of_a_threatened_act_is_the_target(tmp_path: Path) -> None:
    # the act a threat announces is aimed at the place it names: its country is the target
    text = "Uganda's president threatened on Friday to impose a curfew in Gulu after the riots."
    threatened = _events_by_trigger(tmp_path, "curfew", text)["threatened"]
    assert threatened["type"] == "THREATEN"
    assert _roles(threatened) == (["UGA"], ["UGA"])
    assert [a["text"] for a in threatened["target"]] == ["Gulu"]


def test_the_sources_own_means_are_not_its_target(tmp_path: Path) -> None:
    # "its troops", "its engineers": what the source acts with; the other party is the target
    text = (
        "Ethiopia said on Monday that it was ready to withdraw its troops from Somalia. "
        "Eritrea offered its engineers to Sudan for the repair of the dam."
    )
    by_trigger = _events_by_trigger(tmp_path, "means", text)
    assert _roles(by_trigger["ready"]) == (["ETH"], ["SOM"])
    assert _roles(by_trigger["offered"]) == (["ERI"], ["SDN"])
    # troops or aid sent are what is moved; troops attacked are the target
    text = "Kenya agreed to send more troops to Somalia. Rebels attacked army troops near Kidal."
    by_trigger = _events_by_trigger(tmp_path, "sent", text)
    assert _roles(by_trigger["agreed"]) == (["KEN"], ["SOM"])
    assert [a["sector"] for a in by_trigger["attacked"]["target"]] == ["MIL"]


def test_an_ethnic_group_takes_the_country_of_the_event(tmp_path: Path) -> None:
    text = "About 300 ethnic Hungarians demonstrated in Cluj on Sunday against a language law."
    demonstrated = _events_by_trigger(tmp_path, "ethnic", text)["demonstrated"]
    assert [(a["country"], a["sector"]) for a in demonstrated["source"]] == [("ROU", "CVL")]
