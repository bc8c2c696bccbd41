"""The actor network as GraphML and GEXF."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dateline.export.graph import build_network, export_graph
from dateline.store import Store
from dateline.store.merged import refresh

GML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"

POLICE = ("Kenya Police Service", "KEN", "COP")
PROTESTERS = ("protesters", "KEN", "CVL")
CHILE = ("Chile", "CHL", "GOV")


def test_edges_count_events_and_take_the_majority_class() -> None:
    net = build_network(
        [
            {"type": "COERCE", "mode": "arrest", "source": [POLICE], "target": [PROTESTERS]},
            {"type": "ASSAULT", "mode": None, "source": [POLICE], "target": [PROTESTERS]},
            {"type": "CONSULT", "mode": None, "source": [POLICE], "target": [PROTESTERS]},
            {"type": "PROTEST", "mode": "demo", "source": [PROTESTERS], "target": []},
        ]
    )
    edge = net.edges[(POLICE, PROTESTERS)]
    assert (edge.events, edge.conflict, edge.cooperation) == (3, 2, 1)
    assert edge.kind == "conflict" and edge.quads[4] == 2 and edge.quads[1] == 1
    assert net.nodes == {POLICE: 3, PROTESTERS: 4}
    assert len(net.edges) == 1


def _graphml(path: Path) -> tuple[dict[str, dict[str, str]], list[dict[str, str]]]:
    root = ET.parse(path).getroot()
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(f"{GML}key")}
    nodes = {
        n.get("id", ""): {keys[d.get("key")]: d.text or "" for d in n.iter(f"{GML}data")}
        for n in root.iter(f"{GML}node")
    }
    edges = [
        {
            "source": nodes[e.get("source", "")]["name"],
            "target": nodes[e.get("target", "")]["name"],
            **{keys[d.get("key")]: d.text or "" for d in e.iter(f"{GML}data")},
        }
        for e in root.iter(f"{GML}edge")
    ]
    return nodes, edges


def test_graphml_of_the_store(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "actors.graphml"
    assert export_graph(store, out, "graphml") == (6, 3)
    nodes, edges = _graphml(out)
    assert {n["name"] for n in nodes.values()} >= {"Kenya Police Service", "Chile", "Peru"}
    by_pair = {(e["source"], e["target"]): e for e in edges}
    arrests = by_pair[("Kenya Police Service", "protesters")]
    assert arrests["events"] == "2" and arrests["kind"] == "conflict"  # two reports, no merge
    assert arrests["color"] == "#d73027"
    assert by_pair[("Chile", "Peru")]["kind"] == "cooperation"
    assert by_pair[("Chile", "Peru")]["color"] == "#2ea043"


def test_merged_view_counts_each_event_once(store: Store, tmp_path: Path) -> None:
    refresh(store)
    out = tmp_path / "actors.graphml"
    export_graph(store, out, "graphml")
    _, edges = _graphml(out)
    by_pair = {(e["source"], e["target"]): e for e in edges}
    assert by_pair[("Kenya Police Service", "protesters")]["events"] == "1"


def test_gexf_of_the_store(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "actors.gexf"
    assert export_graph(store, out, "gexf") == (6, 3)
    root = ET.parse(out).getroot()
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    labels = {n.get("id"): n.get("label") for n in root.iter(f"{GEXF}node")}
    edges = {
        (labels[e.get("source")], labels[e.get("target")]): e for e in root.iter(f"{GEXF}edge")
    }
    un = edges[("United Nations", "Chile")]
    color = un.find(f"{VIZ}color")
    assert color is not None and color.get("g") == "160"
    arrests = edges[("Kenya Police Service", "protesters")]
    assert arrests.get("weight") == "2"
    values = {v.get("for"): v.get("value") for v in arrests.iter(f"{GEXF}attvalue")}
    assert values["conflict"] == "2" and values["quad4"] == "2"


def test_unknown_graph_format_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="graphml or gexf"):
        export_graph(store, tmp_path / "x", "dot")  # type: ignore[arg-type]
