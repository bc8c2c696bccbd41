"""Interoperability commands: ``dateline eval`` (and ``dateline dict convert``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.summary import err_console


def register(app: typer.Typer) -> None:
    app.command(
        "eval",
        epilog="Examples: `dateline eval --gold gold.jsonl --system out.jsonl`  ·  "
        "`dateline eval --gold gold.jsonl --types ASSAULT,PROTEST --show 0`",
    )(eval_cmd)


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
