"""The web UI of ``dateline serve`` in a real browser: the main paths a reader takes.

Each test ends with the ``ui`` fixture's checks: no request left the loopback interface and
the console logged no error (a CSP violation is a console error, so these also prove the
pages work under the server's self-only Content-Security-Policy).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import UI

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROWS = "#view table.events tbody tr"


def _rows(ui: UI) -> int:
    return ui.page.locator(ROWS).count()


def _column(ui: UI, index: int) -> list[str]:
    cells = ui.page.locator(f"{ROWS} td:nth-child({index})").all_inner_texts()
    return [c.strip() for c in cells]


def _hash_params(ui: UI) -> dict[str, str]:
    fragment = urlsplit(ui.page.url).fragment
    query = fragment.split("?", 1)[1] if "?" in fragment else ""
    return {k: v[0] for k, v in parse_qs(query).items()}


def _wait_url(ui: UI, predicate: Callable[[str], bool]) -> None:
    """Wait for the URL (hash routes included) to match, then for the view to be drawn.

    Not page.wait_for_function: it evaluates a string, which the self-only CSP forbids.
    """
    ui.page.wait_for_url(predicate, wait_until="commit", timeout=10_000)
    ui.wait_ready()


def _wait_hash(ui: UI, key: str) -> None:
    _wait_url(ui, lambda url: f"{key}=" in urlsplit(url).fragment)


def _timeline_x(ui: UI, day: str) -> tuple[float, float]:
    """Page coordinates of the middle of ``day``'s bar in the timeline."""
    box = ui.page.locator("#timeline .u-over").bounding_box()
    assert box is not None
    chart = ui.page.locator("#timeline")
    x_min = float(chart.get_attribute("data-x-min") or 0)
    x_max = float(chart.get_attribute("data-x-max") or 0)
    t = datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()
    return box["x"] + (t - x_min) / (x_max - x_min) * box["width"], box["y"] + box["height"] - 4


def test_page_is_served_with_self_only_csp(ui: UI) -> None:
    response = ui.page.goto(f"{ui.base}/")
    assert response is not None and response.ok
    csp = response.headers.get("content-security-policy", "")
    assert "'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    ui.wait_ready()
    assert ui.page.locator("#store-summary").inner_text().startswith("8 articles")


def _without(key: str) -> Callable[[str], bool]:
    return lambda url: f"{key}=" not in urlsplit(url).fragment


def _keys(ui: UI) -> list[tuple[str | None, str | None]]:
    rows = ui.page.locator(ROWS).all()
    return [(r.get_attribute("data-doc-id"), r.get_attribute("data-event-id")) for r in rows]


def _api_keys(ui: UI, query: str) -> list[tuple[str | None, str | None]]:
    items = ui.api(f"/api/events?limit=500&{query}")["items"]
    return [(it["doc_id"], it["event_id"]) for it in items]


def test_event_table_filters_and_sorting(ui: UI) -> None:
    ui.open("#/events")
    stats = ui.api("/api/stats")
    total = stats["n_events"]
    assert _rows(ui) == total > 10
    assert ui.page.locator("#event-count").inner_text().startswith(f"{total} ")

    # each filter of the form: the table shows exactly the API's events for it, in its order
    commonest = max(stats["by_type"], key=lambda t: stats["by_type"][t])
    ui.page.select_option("#f-type", commonest)
    _wait_hash(ui, "type")
    assert _keys(ui) == _api_keys(ui, f"type={commonest}")
    assert 0 < _rows(ui) < total
    assert {t.split("\n")[0] for t in _column(ui, 2)} == {commonest}
    ui.page.click("#f-clear")
    _wait_url(ui, lambda url: "type=" not in urlsplit(url).fragment)

    for name, value in (("q", "tear gas"), ("actor", "Iran"), ("country", "POL")):
        ui.page.fill(f"#filters input[name={name}]", value)
        _wait_hash(ui, name)
        expected = _api_keys(ui, f"{name}={quote(value)}")
        assert _keys(ui) == expected and 0 < len(expected) < total, name
        ui.page.click("#f-clear")
        _wait_url(ui, _without(name))
    assert _rows(ui) == total

    # sort by type both ways, then by confidence
    ui.page.click("th[data-sort=type]")
    _wait_hash(ui, "sort")
    types = [t.split("\n")[0] for t in _column(ui, 2)]
    assert types == sorted(types, reverse=True)
    ui.page.click("th[data-sort=type]")
    _wait_url(ui, lambda url: "sort=type" in urlsplit(url).fragment)
    types = [t.split("\n")[0] for t in _column(ui, 2)]
    assert types == sorted(types)
    ui.page.click("th[data-sort=confidence]")
    _wait_url(ui, lambda url: "sort=-confidence" in urlsplit(url).fragment)
    confidences = [float(c) for c in _column(ui, 9)]
    assert confidences == sorted(confidences, reverse=True)

    # outlet and corroborated-only
    ui.page.select_option("#f-outlet", "Coastline Daily")
    _wait_hash(ui, "outlet")
    assert set(_column(ui, 7)) == {"Coastline Daily"}
    ui.page.click("#f-clear")
    _wait_url(ui, lambda url: "outlet=" not in urlsplit(url).fragment)
    ui.page.check("#filters input[name=corroborated]")
    _wait_hash(ui, "corroborated")
    assert _keys(ui) == _api_keys(ui, "corroborated=true")
    assert _rows(ui) and all(int(n) >= 2 for n in _column(ui, 8))
    ui.screenshot("events-corroborated")


def test_event_detail_highlights_evidence_and_mentions(ui: UI) -> None:
    ui.open("#/events?q=tear%20gas&corroborated=true")
    first = ui.page.locator(ROWS).first
    doc_id = first.get_attribute("data-doc-id")
    event_id = first.get_attribute("data-event-id")
    first.locator("td.sentence").click()
    _wait_url(ui, lambda url: urlsplit(url).fragment.startswith("/event/"))
    event: dict[str, Any] = ui.api(f"/api/events/{quote(doc_id or '')}/{quote(event_id or '')}")

    evidence = ui.page.locator("#view p.evidence")
    assert evidence.inner_text() == event["sentence"]
    assert evidence.locator("mark.hl-trigger").inner_text() == event["trigger"]["text"]
    sources = evidence.locator("mark.hl-source").all_inner_texts()
    assert sources
    for mark in sources:
        assert any(mark == a["text"] for a in event["sources"])
    weekday = re.search(r"on (Monday|Tuesday|Wednesday|Thursday|Friday)", event["sentence"])
    if weekday and event["date_basis"] != "publication":
        assert evidence.locator("mark.hl-date").inner_text() == weekday.group(0)
    places = evidence.locator("mark.hl-place").all_inner_texts()
    if places:  # the place is marked where the sentence names it (unless an actor covers it)
        assert event["location"]
        assert [p.lower() for p in places] == [event["location"]["name"].lower()]

    # the same event as told by every outlet
    mentions = ui.page.locator("#view ul.mentions > li")
    assert mentions.count() == len(event["mentions"]) >= 2
    outlets = {m["outlet"] for m in event["mentions"]}
    assert {"Harbor Wire", "Coastline Daily"} <= outlets
    for i in range(mentions.count()):
        assert mentions.nth(i).locator("mark.hl-trigger").count() == 1
    ui.screenshot("event-detail")

    # the sentence in its article
    ui.page.click("button.show-article")
    context = ui.page.locator(".article-text mark.hl-context")
    context.wait_for()
    assert context.inner_text() == event["sentence"]
    document = ui.api(f"/api/documents/{quote(doc_id or '')}")
    assert ui.page.locator(".article-text").inner_text().strip() == document["text"].strip()


def test_timeline_brush_narrows_the_table(ui: UI) -> None:
    ui.open("#/events")
    before = _rows(ui)
    x0, y = _timeline_x(ui, "2025-03-04")
    x1, _ = _timeline_x(ui, "2025-03-07")
    ui.page.mouse.move(x0 + 5, y - 20)
    ui.page.mouse.down()
    ui.page.mouse.move((x0 + x1) / 2, y - 20, steps=4)
    ui.page.mouse.move(x1 + 5, y - 20, steps=4)
    ui.page.mouse.up()
    _wait_hash(ui, "date_from")
    params = _hash_params(ui)
    assert (params["date_from"], params["date_to"]) == ("2025-03-05", "2025-03-07")
    days = _column(ui, 1)
    assert 0 < len(days) < before
    assert all("2025-03-05" <= d <= "2025-03-07" for d in days)
    # the range filters the other views too
    ui.page.click(".tabs a[data-view=network]")
    ui.wait_ready()
    assert "date_from=2025-03-05" in ui.page.url
    ui.screenshot("timeline-brushed-network")
    # double-click resets
    ui.page.dblclick("#timeline .u-over")
    _wait_url(ui, lambda url: "date_from" not in urlsplit(url).fragment)


def test_spike_to_sentences_in_three_clicks(ui: UI) -> None:
    ui.open("#/events")
    per_day: dict[str, int] = {}
    for row in ui.api("/api/stats/timeline")["days"]:
        per_day[row["day"]] = per_day.get(row["day"], 0) + row["n"]
    spike = max(per_day, key=lambda d: per_day[d])

    x, y = _timeline_x(ui, spike)
    ui.page.mouse.click(x, y - 10)  # click 1: the spike
    _wait_hash(ui, "date_from")
    assert set(_column(ui, 1)) == {spike}
    assert _rows(ui) == per_day[spike]

    ui.page.locator(f"{ROWS} td.sentence").first.click()  # click 2: one of its events
    _wait_url(ui, lambda url: urlsplit(url).fragment.startswith("/event/"))
    assert ui.page.locator("#view p.evidence mark.hl-trigger").count() == 1
    sentences = ui.page.locator("#view ul.mentions > li .sentence").all_inner_texts()
    assert sentences and all(s.strip() for s in sentences)  # every outlet's sentence
    ui.screenshot("spike-to-sentences")

    ui.page.click("#view a.back")  # back to the spike's table, filters kept
    ui.wait_ready()
    assert set(_column(ui, 1)) == {spike}


def test_network_renders_actors_and_opens_an_actor(ui: UI) -> None:
    ui.open("#/network")
    expected = ui.api("/api/network")
    graph = ui.page.locator("#network")
    assert int(graph.get_attribute("data-nodes") or 0) == len(expected["nodes"]) > 0
    assert int(graph.get_attribute("data-edges") or 0) == len(expected["edges"]) > 0
    assert ui.page.locator("#network canvas").count() >= 1
    ui.screenshot("network")

    # click the biggest actor on the canvas: its page opens
    layout = json.loads(graph.get_attribute("data-layout") or "[]")
    biggest = max(expected["nodes"], key=lambda n: n["n"])["name"]
    spot = next(p for p in layout if p["name"] == biggest)
    # a locator click scrolls the canvas into view first: the node can lie below the fold of the
    # 860-pixel window (a page-coordinate mouse click there hit nothing and the test flaked)
    graph.click(position={"x": spot["x"], "y": spot["y"]})
    ui.page.wait_for_url(
        lambda url: urlsplit(url).fragment.startswith("/actor/"), wait_until="commit"
    )
    ui.wait_ready()
    assert ui.page.locator("#view h1").inner_text() == biggest


def test_map_draws_basemap_and_points(ui: UI) -> None:
    ui.open("#/map")
    points = [p for p in ui.api("/api/map")["points"] if p["lat"] is not None]
    assert ui.page.locator("svg.map path.country").count() > 150
    circles = ui.page.locator("svg.map circle.point")
    assert circles.count() == len(points) > 0
    circles.first.click(force=True)
    ui.page.wait_for_selector("aside.side ul.place-events li")
    first = ui.page.locator("aside.side ul.place-events li").first.inner_text()
    assert first.startswith("2025-03-")
    ui.screenshot("map")


def _spread(ui: UI) -> float:
    xs = [float(c.get_attribute("cx") or 0) for c in ui.page.locator("circle.point").all()]
    return max(xs) - min(xs)


def test_map_zooms_to_the_events(ui: UI) -> None:
    ui.open("#/map?country=POL")
    assert ui.page.locator("circle.point").count() >= 2
    world = _spread(ui)
    ui.page.click("button.zoom")
    expect(ui.page.locator("button.zoom")).to_have_text("Whole world")
    assert _spread(ui) > 3 * world
    ui.screenshot("map-zoomed")
    ui.page.click("button.zoom")  # back to the world, for the other tests
    expect(ui.page.locator("button.zoom")).to_have_text("Zoom to the events")


def test_actor_page_lists_events_by_and_to(ui: UI) -> None:
    top = ui.api("/api/actors?limit=1")["items"][0]  # the actor with the most events
    name = top["name"]
    ui.open(f"#/events?actor={quote(name)}")
    ui.page.locator(f"{ROWS} a.actor").filter(has_text=name).first.click()
    _wait_url(ui, lambda url: urlsplit(url).fragment.startswith("/actor/"))
    actor = ui.api(f"/api/actors/{quote(name)}")
    assert ui.page.locator("#view h1").inner_text() == actor["name"]
    for scope, key in ((".events-by", "events_by"), (".events-to", "events_to")):
        expected = [it["type"] for it in actor[key]]
        assert _column_in(ui, scope, 2) == expected, key
    assert len(actor["events_by"]) + len(actor["events_to"]) >= 2
    assert ui.page.locator("#actor-timeline canvas").count() >= 1
    ui.screenshot("actor")


def test_load_more_pages_through_every_event(ui: UI) -> None:
    ui.open("#/events?limit=7")
    total = ui.api("/api/events?limit=500")["total"]
    assert _rows(ui) == 7 < total
    more = ui.page.locator("#view button.more")
    while more.count():
        before = _rows(ui)
        more.click()
        expect(ui.page.locator(ROWS)).to_have_count(min(before + 7, total))
    assert _rows(ui) == total
    keys = [
        (r.get_attribute("data-doc-id"), r.get_attribute("data-event-id"))
        for r in ui.page.locator(ROWS).all()
    ]
    assert len(set(keys)) == total  # no row twice, none missing
    days = _column(ui, 1)
    assert days == sorted(days, reverse=True)


def test_actor_list_search_opens_an_actor(ui: UI) -> None:
    ui.open("#/actors")
    ui.page.fill("input[name=actor-q]", "ira")
    expected = [a["name"] for a in ui.api("/api/actors?q=ira&limit=200")["items"]]
    assert "Iran" in expected
    expect(ui.page.locator("table.actors a")).to_have_count(len(expected))
    assert ui.page.locator("table.actors a").all_inner_texts() == expected
    link = ui.page.locator("table.actors a", has_text="Iran")
    link.first.click()
    _wait_url(ui, lambda url: urlsplit(url).fragment == "/actor/Iran")
    assert ui.page.locator("#view h1").inner_text() == "Iran"


def test_keyboard_opens_an_event_and_errors_are_shown(ui: UI) -> None:
    ui.open("#/events")
    ui.page.locator(ROWS).first.focus()
    ui.page.keyboard.press("Enter")
    _wait_url(ui, lambda url: urlsplit(url).fragment.startswith("/event/"))
    assert ui.page.locator("#view p.evidence mark.hl-trigger").count() == 1

    ui.open("#/event/no-such-doc/no-such-event")
    banner = ui.page.locator("#error")
    assert banner.is_visible() and banner.inner_text().strip()
    # the browser logs the 404 of that API call; it is the one error expected here
    assert ui.errors and all("404" in e for e in ui.errors)
    ui.errors.clear()


def _column_in(ui: UI, scope: str, index: int) -> list[str]:
    cells = ui.page.locator(f"{scope} table.events tbody td:nth-child({index})").all_inner_texts()
    return [c.split("\n")[0].strip() for c in cells]
