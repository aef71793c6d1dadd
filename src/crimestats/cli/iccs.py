"""``crimestats iccs``: browse ICCS, search it, and validate correspondence tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.tree import Tree

from crimestats.classification import check_correspondence, iccs, search
from crimestats.cli.options import FormatOption, LangOption, OutputOption
from crimestats.cli.render import OutputFormat, console, emit_rows, rows_to_csv, write_text
from crimestats.engine import connect
from crimestats.errors import InputError
from crimestats.model import Category, Classification, Severity, has_errors
from crimestats.sources.files import code_counts, read_table

app = typer.Typer(help="The International Classification of Crime for Statistical Purposes.")

VersionOption = Annotated[str, typer.Option("--version", help="ICCS version.")]

_LANGS = ("en", "es")


def _lang(lang: str) -> str:
    if lang not in _LANGS:
        raise InputError(f"--lang {lang!r} is not available; choose one of: {', '.join(_LANGS)}")
    return lang


def category_record(classification: Classification, code: str, lang: str) -> dict[str, Any]:
    """Everything about one category, as plain data."""
    category = classification.get(code)
    text = category.text(lang)
    return {
        "code": category.code,
        "level": category.level,
        "label": text.label,
        "description": text.description,
        "inclusions": list(text.inclusions),
        "exclusions": list(text.exclusions),
        "notes": list(category.notes),
        "footnotes": {
            str(n): classification.footnotes[n]
            for n in category.footnotes
            if n in classification.footnotes
        },
        "path": [{"code": c.code, "label": c.label(lang)} for c in classification.path(code)],
        "children": [
            {"code": c.code, "label": c.label(lang)} for c in classification.children(code)
        ],
        "classification": classification.title,
        "language": lang,
    }


@app.command()
def show(
    code: Annotated[str, typer.Argument(help="ICCS code, with leading zeros: 0101, 05012.")],
    lang: LangOption = "en",
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    version: VersionOption = "1.0",
) -> None:
    """Show one ICCS category: text, inclusions, exclusions, notes, path and children."""
    classification = iccs(version)
    record = category_record(classification, code.strip(), _lang(lang))
    if fmt is OutputFormat.json:
        write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", output)
        return
    if fmt is OutputFormat.csv:
        rows = [{"field": k, "value": _flat(v)} for k, v in record.items()]
        write_text(rows_to_csv(rows, ["field", "value"]), output)
        return
    _print_category(record)


def _flat(value: Any) -> str:
    if isinstance(value, list):
        return " | ".join(
            f"{v['code']} {v['label']}" if isinstance(v, dict) else str(v) for v in value
        )
    if isinstance(value, dict):
        return " | ".join(f"[{k}] {v}" for k, v in value.items())
    return str(value)


def _print_category(record: dict[str, Any]) -> None:
    es = record["language"] == "es"
    words = (
        ("Descripción", "Incluye", "Excluye", "Notas", "Ruta", "Subcategorías", "nivel")
        if es
        else ("Description", "Includes", "Excludes", "Notes", "Path", "Children", "level")
    )
    path = " › ".join(f"{p['code']} {p['label']}" for p in record["path"])
    lines = [f"[dim]{words[4]}:[/] {escape(path)}", ""]
    if record["description"]:
        lines += [f"[bold]{words[0]}[/]", escape(record["description"]), ""]
    for title, key in ((words[1], "inclusions"), (words[2], "exclusions")):
        if record[key]:
            lines.append(f"[bold]{title}[/]")
            lines += [f"  • {escape(item)}" for item in record[key]]
            lines.append("")
    if record["notes"]:
        lines.append(f"[bold]{words[3]}[/]")
        lines += [f"  {escape(n)}" for n in record["notes"]]
        lines += [f"  [dim][{k}][/] {escape(v)}" for k, v in record["footnotes"].items()]
        lines.append("")
    if record["children"]:
        lines.append(f"[bold]{words[5]}[/]")
        lines += [f"  {c['code']}  {escape(c['label'])}" for c in record["children"]]
    title = (
        f"[bold]{record['code']}[/] {escape(record['label'])}  [dim]({words[6]} {record['level']})"
    )
    console.print(Panel("\n".join(lines).rstrip(), title=title, subtitle=record["classification"]))


@app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="Words to look for, e.g. 'burglary'.")],
    lang: LangOption = "en",
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Results to show.")] = 10,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    version: VersionOption = "1.0",
) -> None:
    """Search ICCS labels, descriptions, inclusions and the alphabetical index."""
    classification = iccs(version)
    hits = search(classification, text, lang=_lang(lang), limit=limit)
    rows = [
        {
            "rank": i,
            "code": h.code,
            "level": classification.get(h.code).level,
            "label": classification.get(h.code).label(lang),
            "score": h.score,
            "matched": f"{h.field}: {h.matched}",
        }
        for i, h in enumerate(hits, start=1)
    ]
    if not rows and fmt is OutputFormat.table:
        console.print(f"No ICCS category matches {text!r}.")
        return
    emit_rows(
        rows,
        ["rank", "code", "level", "label", "score", "matched"],
        fmt,
        output,
        title=f"{classification.title}: {text}",
    )


@app.command()
def tree(
    level: Annotated[
        int | None, typer.Option("--level", min=1, max=4, help="Deepest level to show.")
    ] = None,
    under: Annotated[str | None, typer.Option("--under", help="Show only below this code.")] = None,
    lang: LangOption = "en",
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    version: VersionOption = "1.0",
) -> None:
    """Print the ICCS hierarchy, whole or below one category, down to a level."""
    classification = iccs(version)
    lang = _lang(lang)
    if under:
        top: tuple[Category, ...] = (classification.get(under.strip()),)
    else:
        top = classification.roots()
    deepest = level or 4
    if fmt is not OutputFormat.table:
        rows = []
        for root in top:
            for c in (root, *classification.descendants(root.code)):
                if c.level <= deepest:
                    rows.append(
                        {
                            "code": c.code,
                            "level": c.level,
                            "parent": c.parent,
                            "label": c.label(lang),
                        }
                    )
        emit_rows(rows, ["code", "level", "parent", "label"], fmt, output)
        return
    view = Tree(f"[bold]{classification.title}[/]")
    for root in top:
        _grow(view, classification, root, deepest, lang)
    console.print(view)


def _grow(
    node: Tree, classification: Classification, category: Category, deepest: int, lang: str
) -> None:
    branch = node.add(f"[bold]{category.code}[/] {escape(category.label(lang))}")
    if category.level < deepest:
        for child in classification.children(category.code):
            _grow(branch, classification, child, deepest, lang)


@app.command("validate-mapping")
def validate_mapping(
    mapping: Annotated[
        Path, typer.Argument(help="Correspondence CSV: national_code, iccs_code, ...")
    ],
    data: Annotated[
        Path | None, typer.Option("--data", help="Record file to check the table against.")
    ] = None,
    code_column: Annotated[
        str | None, typer.Option("--code-column", help="National offence code column in --data.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    version: VersionOption = "1.0",
) -> None:
    """Check a national → ICCS correspondence table; exit 1 if any finding is an error."""
    if data is not None and not code_column:
        raise InputError("--data needs --code-column: the column holding national offence codes")
    counts = None
    if data is not None and code_column:
        con = connect()
        table = read_table(con, data, text_columns=[code_column])
        counts = code_counts(table, code_column, str(data))
    corr, findings = check_correspondence(
        mapping, iccs(version), data_codes=counts, data_source=str(data or "")
    )
    rows = [f.as_row() for f in findings]
    columns = ["severity", "code", "source", "row", "column", "message", "count"]
    if fmt is OutputFormat.table:
        if rows:
            emit_rows(rows, columns, fmt, output, title=f"Findings for {mapping}")
        by = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
        console.print(
            f"{mapping}: {len(corr)} usable row(s), {len(corr.national_codes)} national code(s); "
            f"{by[Severity.ERROR]} error(s), {by[Severity.WARNING]} warning(s), "
            f"{by[Severity.INFO]} note(s)."
        )
    else:
        emit_rows(rows, columns, fmt, output)
    if has_errors(findings):
        raise typer.Exit(1)
