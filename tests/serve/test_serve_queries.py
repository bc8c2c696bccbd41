"""The SQL builders: request values only ever travel as bound parameters."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.serve import queries as qb

T = qb.Tables(7)
IDS: qb.Ids = {name: 1 for name, _, _ in qb.ID_FILTERS}
marker = st.text(min_size=1, max_size=30).map(lambda s: f"ZQX{s}ZQX")


@settings(max_examples=60, deadline=None)
@given(
    value=marker,
    role=st.sampled_from(["source", "target", "any"]),
    flag=st.booleans(),
    sort=st.sampled_from(sorted(qb.SORTS)),
)
def test_values_never_reach_the_sql_text(value: str, role: qb.Role, flag: bool, sort: str) -> None:
    f = qb.EventFilters(
        types=(value,), mode=value, actor=value, role=role, country=value,
        source_country=value, target_country=value, sector=value, source_sector=value,
        target_sector=value, date_from=date(2024, 1, 1), date_to=date(2024, 2, 1),
        outlet=value, doc_id=value, q=value, corroborated=flag, negated=flag,
        future=flag, hypothetical=flag,
    )  # fmt: skip
    built = [
        qb.events_page(f, T, sort, 51, 17, IDS),
        qb.events_count(f, T, IDS),
        qb.timeline(f, T, IDS),
        qb.map_points(f, T, 10, IDS),
        qb.network(f, T, 10, IDS),
        qb.id_lookup(f, T),
        qb.documents_page(qb.DocumentFilters(outlet=value, q=value, status=value), 5, (3, value)),
        qb.actors_list(T, value, 5, 2),
        qb.rank_by_key(T, value, value),
    ]
    for item in built:
        assert item is not None
        sql, params = item
        assert "ZQX" not in sql
        assert sql.count("?") == len(params)


def test_only_actor_filters_page_from_the_actor_set() -> None:
    f = qb.EventFilters(actor="Chile", role="source")
    sql, params = qb.events_page(f, T, "-date", 51, None, {"actor": 3})
    assert T.ev not in sql and T.by("aid") in sql and params == [3, 51]
    sql, _ = qb.events_page(f, T, "type", 51, None, {"actor": 3})
    assert T.ev in sql  # another order needs the events table
    f2 = qb.EventFilters(actor="Chile", types=("AGREE",))
    assert T.ev in qb.events_count(f2, T, {"actor": 3})[0]


def test_split_types() -> None:
    assert qb.split_types(["agree, aid", "AGREE", " ", "consult"]) == ("AGREE", "AID", "CONSULT")
    assert qb.split_types(None) == ()


def test_cursor_round_trip_and_garbage() -> None:
    c = qb.Cursor("-type", 4, 99, "doc/1", "doc/1:e0")
    assert qb.Cursor.decode(c.encode()) == c
    for bad in ("", "!!!", "bnVsbA", "WyJ4IiwxLDIsImEiLCJiIl0"):  # null, ["x",1,2,"a","b"]
        try:
            qb.Cursor.decode(bad)
        except qb.QueryError:
            continue
        raise AssertionError(bad)
