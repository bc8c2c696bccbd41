"""The actor network as GraphML or GEXF (written with xml.etree; no graph library needed).

Nodes are actors, one per (canonical name, country, sector). Edges go from each source actor
of an event to each of its target actors, one edge per ordered pair, with counts:
``events`` (all), ``cooperation`` (QuadClass 1-2), ``conflict`` (QuadClass 3-4) and one count
per QuadClass; ``kind`` is the majority (cooperation on a tie) and ``color`` is green for
cooperation, red for conflict. When the store has a merged view each merged event counts once;
otherwise each event mention counts once.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from dateline.export.gdelt import cameo_table
from dateline.store import Store

GraphFormat = Literal["graphml", "gexf"]
COOPERATION_RGB = (46, 160, 67)
CONFLICT_RGB = (215, 48, 39)

_ROWS_SQL = """
    SELECT e.doc_id, e.event_id, e.type, e.mode, a.role, a.name, a.country, a.sector
    FROM events e
    JOIN event_actors a ON a.doc_id = e.doc_id AND a.event_id = e.event_id
    JOIN documents d ON d.doc_id = e.doc_id
    ORDER BY d.seq, e.position, a.role, a.position
"""
_MERGED_SQL = "SELECT doc_id, mention_id, event_id FROM merged_mentions"

Actor = tuple[str, str, str]  # name, country, sector ("" when unknown)


@dataclass(slots=True)
class Edge:
    quads: Counter[int] = field(default_factory=Counter)

    @property
    def events(self) -> int:
        return sum(self.quads.values())

    @property
    def cooperation(self) -> int:
        return self.quads[1] + self.quads[2]

    @property
    def conflict(self) -> int:
        return self.quads[3] + self.quads[4]

    @property
    def kind(self) -> str:
        return "cooperation" if self.cooperation >= self.conflict else "conflict"

    @property
    def rgb(self) -> tuple[int, int, int]:
        return COOPERATION_RGB if self.kind == "cooperation" else CONFLICT_RGB


@dataclass(slots=True)
class ActorNetwork:
    nodes: dict[Actor, int] = field(default_factory=dict)  # actor -> events it takes part in
    edges: dict[tuple[Actor, Actor], Edge] = field(default_factory=dict)


def build_network(events: Iterable[Mapping[str, Any]]) -> ActorNetwork:
    """The network of events given as dicts with ``type``, ``mode``, ``source`` and ``target``
    (lists of (name, country, sector))."""
    table = cameo_table()
    net = ActorNetwork()
    for ev in events:
        cameo = table.event(str(ev["type"]), ev.get("mode"))
        for actor in {*ev["source"], *ev["target"]}:
            net.nodes[actor] = net.nodes.get(actor, 0) + 1
        if cameo is None:
            continue
        for src in ev["source"]:
            for tgt in ev["target"]:
                if src != tgt:
                    net.edges.setdefault((src, tgt), Edge()).quads[cameo.quad_class] += 1
    return net


def store_events(store: Store) -> list[dict[str, Any]]:
    """The store's events with their actors; one per merged event when a merged view exists."""
    con = store.connection
    try:
        merged = {(d, m): e for d, m, e in con.execute(_MERGED_SQL).fetchall()}
    except Exception:  # no merged view (schema 1)
        merged = {}
    events: dict[str, dict[str, Any]] = {}
    chosen: dict[str, tuple[str, str]] = {}  # merged key -> the mention that stands for it
    for doc_id, event_id, etype, mode, role, name, country, sector in con.execute(
        _ROWS_SQL
    ).fetchall():
        key = merged.get((doc_id, event_id), f"{doc_id}:{event_id}")
        if chosen.setdefault(key, (doc_id, event_id)) != (doc_id, event_id):
            continue
        ev = events.setdefault(key, {"type": etype, "mode": mode, "source": [], "target": []})
        ev[role].append((name or "", (country or "").upper(), (sector or "").upper()))
    return list(events.values())


def _label(actor: Actor) -> str:
    return actor[0] or "/".join(x for x in actor[1:] if x) or "?"


_NODE_ATTRS = (("name", "string"), ("country", "string"), ("sector", "string"), ("events", "int"))
_EDGE_ATTRS = (
    ("events", "int"),
    ("cooperation", "int"),
    ("conflict", "int"),
    ("quad1", "int"),
    ("quad2", "int"),
    ("quad3", "int"),
    ("quad4", "int"),
    ("kind", "string"),
    ("color", "string"),
)


def _edge_values(edge: Edge) -> dict[str, str]:
    return {
        "events": str(edge.events),
        "cooperation": str(edge.cooperation),
        "conflict": str(edge.conflict),
        **{f"quad{q}": str(edge.quads[q]) for q in (1, 2, 3, 4)},
        "kind": edge.kind,
        "color": "#{:02x}{:02x}{:02x}".format(*edge.rgb),
    }


def to_graphml(net: ActorNetwork) -> ET.ElementTree[ET.Element]:
    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}graphml")
    for domain, attrs in (("node", _NODE_ATTRS), ("edge", _EDGE_ATTRS)):
        for name, kind in attrs:
            ET.SubElement(
                root,
                f"{{{ns}}}key",
                {"id": f"{domain[0]}_{name}", "for": domain, "attr.name": name, "attr.type": kind},
            )
    graph = ET.SubElement(root, f"{{{ns}}}graph", {"id": "actors", "edgedefault": "directed"})
    ids = {actor: f"n{i}" for i, actor in enumerate(net.nodes)}
    for actor, count in net.nodes.items():
        node = ET.SubElement(graph, f"{{{ns}}}node", {"id": ids[actor]})
        values = {"name": _label(actor), "country": actor[1], "sector": actor[2]}
        for name, value in (*values.items(), ("events", str(count))):
            ET.SubElement(node, f"{{{ns}}}data", {"key": f"n_{name}"}).text = value
    for i, ((src, tgt), edge) in enumerate(net.edges.items()):
        el = ET.SubElement(
            graph, f"{{{ns}}}edge", {"id": f"e{i}", "source": ids[src], "target": ids[tgt]}
        )
        for name, value in _edge_values(edge).items():
            ET.SubElement(el, f"{{{ns}}}data", {"key": f"e_{name}"}).text = value
    return ET.ElementTree(root)


def to_gexf(net: ActorNetwork) -> ET.ElementTree[ET.Element]:
    ns, viz = "http://gexf.net/1.3", "http://gexf.net/1.3/viz"
    ET.register_namespace("", ns)
    ET.register_namespace("viz", viz)
    root = ET.Element(f"{{{ns}}}gexf", {"version": "1.3"})
    graph = ET.SubElement(root, f"{{{ns}}}graph", {"defaultedgetype": "directed"})
    for cls, attrs in (("node", _NODE_ATTRS[1:]), ("edge", _EDGE_ATTRS)):
        decl = ET.SubElement(graph, f"{{{ns}}}attributes", {"class": cls})
        for name, kind in attrs:
            gexf_type = "integer" if kind == "int" else "string"
            ET.SubElement(
                decl, f"{{{ns}}}attribute", {"id": name, "title": name, "type": gexf_type}
            )
    nodes = ET.SubElement(graph, f"{{{ns}}}nodes")
    ids = {actor: f"n{i}" for i, actor in enumerate(net.nodes)}
    for actor, count in net.nodes.items():
        node = ET.SubElement(nodes, f"{{{ns}}}node", {"id": ids[actor], "label": _label(actor)})
        values = ET.SubElement(node, f"{{{ns}}}attvalues")
        for name, value in (("country", actor[1]), ("sector", actor[2]), ("events", str(count))):
            ET.SubElement(values, f"{{{ns}}}attvalue", {"for": name, "value": value})
    edges = ET.SubElement(graph, f"{{{ns}}}edges")
    for i, ((src, tgt), edge) in enumerate(net.edges.items()):
        el = ET.SubElement(
            edges,
            f"{{{ns}}}edge",
            {"id": f"e{i}", "source": ids[src], "target": ids[tgt], "weight": str(edge.events)},
        )
        values = ET.SubElement(el, f"{{{ns}}}attvalues")
        for name, value in _edge_values(edge).items():
            ET.SubElement(values, f"{{{ns}}}attvalue", {"for": name, "value": value})
        r, g, b = edge.rgb
        ET.SubElement(el, f"{{{viz}}}color", {"r": str(r), "g": str(g), "b": str(b)})
    return ET.ElementTree(root)


def export_graph(store: Store, path: str | Path, fmt: GraphFormat = "graphml") -> tuple[int, int]:
    """Write the actor network; returns (nodes, edges)."""
    net = build_network(store_events(store))
    if fmt == "graphml":
        tree = to_graphml(net)
    elif fmt == "gexf":
        tree = to_gexf(net)
    else:
        raise ValueError(f"unknown graph format {fmt!r}: graphml or gexf")
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return len(net.nodes), len(net.edges)
