"""Interoperability commands: ``dateline eval``, ``dateline dict convert``, and the GDELT / POLECAT / GraphML / GEXF
formats of ``dateline export`` (dispatched here from store_cmds)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from dateline.cli.summary import err_console


def register(app: typer.Typer) -> None:
    app.command(
        "eval",
        epilog="Examples: `dateline eval --gold gold.jsonl --system out.jsonl`  ·  "
        "`dateline eval --gold gold.jsonl --types ASSAULT,PROTEST --show 0`",
    )(eval_cmd)
    dict_app = typer.Typer(
        help="User dictionaries: convert PETRARCH/CAMEO dictionaries for dateline.",
        no_args_is_help=True,
    )
    dict_app.command(
        "convert",
        epilog="Examples: `dateline dict convert PETR_verbs.txt -o my_triggers.yaml`  ·  "
        "`dateline dict convert PETR_actors.txt --kind actors -o my_actors.txt`",
    )(dict_convert)
    app.add_typer(dict_app, name="dict")


def _fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def eval_cmd(
    gold: Annotated[Path, typer.Option("--gold", help="Gold JSON Lines (../shared/eval format).")],
    system: Annotated[
        Path | None,
        typer.Option("--system", help="dateline output (output-v1). Default: run dateline now."),
    ] = None,
    types: Annotated[
        str | None,
        typer.Option("--types", help="Comma-separated event types: score only these."),
    ] = None,
    texts: Annotated[
        Path | None,
        typer.Option("--texts", help="JSON Lines with id and text, for gold without texts."),
    ] = None,
    show: Annotated[int, typer.Option("--show", help="Misses and extras to list.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print only the JSON summary.")] = False,
    save: Annotated[
        Path | None,
        typer.Option("--save", help="When dateline runs here, also write its output-v1 file."),
    ] = None,
) -> None:
    """Score dateline's events against gold data: the shared scorer's metrics, a per-type
    table, and the misses and extras."""
    from dateline.evaluate import EvalError, evaluate, keep_types, load_docs, render, run_system

    try:
        gold_docs = load_docs(gold)
        text_docs = load_docs(texts) if texts else {}
        if system is not None:
            sys_docs = load_docs(system)
        else:
            with_text = {
                k: {**d, "text": d.get("text") or text_docs.get(k, {}).get("text")}
                for k, d in gold_docs.items()
            }
            sys_docs = run_system(with_text)
            if save:
                with open(save, "w", encoding="utf-8") as f:
                    for doc in sys_docs.values():
                        f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    except (OSError, EvalError) as exc:
        raise _fail(str(exc)) from exc
    if types:
        wanted = [t.strip().upper() for t in types.split(",") if t.strip()]
        gold_docs, sys_docs = keep_types(gold_docs, wanted), keep_types(sys_docs, wanted)
    result = evaluate(gold_docs, sys_docs, text_docs)
    if as_json:
        typer.echo(json.dumps(result.summary()))
    else:
        typer.echo(render(result, show))


def dict_convert(
    source: Annotated[Path, typer.Argument(help="A PETRARCH/TABARI dictionary file.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="verbs: a verb dictionary -> a dateline trigger YAML (config [dictionaries] "
            "verbs). actors: an actor/agent dictionary -> the one-line form dateline reads "
            "(config [dictionaries] actors).",
        ),
    ] = "verbs",
) -> None:
    """Convert a PETRARCH dictionary for dateline: verb patterns become PLOVER triggers."""
    from dateline.evaluate.dictionaries import (
        DictionaryError,
        clean_petrarch_actors,
        convert_verb_file,
    )

    try:
        if kind == "verbs":
            counts = convert_verb_file(source, output)
            summary = ", ".join(f"{t} {n}" for t, n in counts.items())
            err_console.print(
                f"{sum(counts.values())} triggers written to {output}: {summary}", highlight=False
            )
        elif kind == "actors":
            text = source.read_text(encoding="utf-8", errors="replace")
            output.write_text(clean_petrarch_actors(text), encoding="utf-8")
            err_console.print(f"actor dictionary written to {output}", highlight=False)
        else:
            raise _fail(f"--kind {kind}: verbs or actors")
    except (OSError, DictionaryError) as exc:
        raise _fail(str(exc)) from exc


# ---------------------------------------------------------------- export (called by `export`)

INTEROP_FORMATS = ("gdelt", "polecat", "graphml", "gexf")
_INTEROP_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf"}


def interop_format(fmt: str | None, output: str) -> str | None:
    """The interoperability format of an export (--format, or a .graphml/.gexf output), if any."""
    if fmt in INTEROP_FORMATS:
        return fmt
    if fmt is None and output != "-":
        return _INTEROP_SUFFIXES.get(Path(output).suffix.lower())
    return None


def export_interop(store: Any, fmt: str, output: str, tables: Sequence[str] = ()) -> None:
    """Write a GDELT, POLECAT, GraphML or GEXF export of ``store`` to ``output``."""
    from dateline.export.gdelt import export_gdelt
    from dateline.export.graph import export_graph
    from dateline.export.polecat import PolecatFormat, export_polecat

    if tables:
        raise _fail("--table applies to csv and parquet exports only")
    if output == "-":
        raise _fail(f"--format {fmt} writes a file: give -o FILE")
    if _merged_view_is_stale(store):
        err_console.print(
            "[yellow]warning:[/] the merged view is out of date; run `dateline merge` for "
            "current event counts",
            highlight=False,
        )
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "gdelt":
        n = export_gdelt(store, path)
        err_console.print(f"{n} GDELT event lines written to {path}", highlight=False)
    elif fmt == "polecat":
        kind: PolecatFormat = "tsv" if path.suffix.lower() == ".tsv" else "json"
        n = export_polecat(store, path, kind)
        err_console.print(f"{n} POLECAT {kind} records written to {path}", highlight=False)
    elif fmt in ("graphml", "gexf"):
        nodes, edges = export_graph(store, path, "graphml" if fmt == "graphml" else "gexf")
        err_console.print(
            f"actor network ({nodes} actors, {edges} edges) written to {path}", highlight=False
        )
    else:
        raise _fail(f"unknown format {fmt}")


def _merged_view_is_stale(store: Any) -> bool:
    try:
        from dateline.store.merged import is_stale

        has_merged = store.connection.execute("SELECT count(*) FROM merged_events").fetchone()
        return bool(has_merged and has_merged[0]) and is_stale(store)
    except Exception:  # a store without the merged view
        return False
