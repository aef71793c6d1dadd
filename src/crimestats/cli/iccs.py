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


# --- suggest and draft-mapping: ICCS codes for national offence texts -------------------------------

_SUGGEST_LANGS = ("auto", "en", "es")
SuggestLangOption = Annotated[
    str, typer.Option("--lang", "-l", help="Language of the texts: en, es or auto (detect).")
]


def _read_text_columns(path: Path, columns: dict[str, str | None]) -> dict[str, list[str]]:
    """The named columns of a CSV/Parquet/Excel file as lists of text (missing values as "")."""
    from crimestats.engine import to_arrow

    wanted = {option: name for option, name in columns.items() if name}
    if path.is_file() and path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty; give a header row and one offence per row")
    table = read_table(connect(), path, text_columns=list(dict.fromkeys(wanted.values())))
    for option, name in wanted.items():
        if name not in table.columns:
            have = ", ".join(table.columns)
            raise InputError(f"{path}: no column {name!r} for {option}; the file has: {have}")
    data = to_arrow(table.select(*dict.fromkeys(wanted.values())))
    if data.num_rows == 0:
        raise InputError(f"{path}: the file has no data rows; give one offence text per row")
    return {
        option: ["" if v is None else str(v) for v in data.column(name).to_pylist()]
        for option, name in wanted.items()
    }


def _suggest_lang(lang: str) -> str:
    if lang not in _SUGGEST_LANGS:
        raise InputError(
            f"--lang {lang!r} is not available; choose one of: {', '.join(_SUGGEST_LANGS)}"
        )
    return lang


@app.command("suggest")
def suggest_command(
    file: Annotated[Path, typer.Argument(help="CSV, Parquet or Excel file of offence texts.")],
    text_column: Annotated[
        str, typer.Option("--text-column", help="Column with the national offence text.")
    ],
    id_column: Annotated[
        str | None,
        typer.Option("--id-column", help="Column identifying each text (else row number)."),
    ] = None,
    lang: SuggestLangOption = "auto",
    top: Annotated[
        int, typer.Option("--top", "-k", min=1, max=20, help="Suggestions per text.")
    ] = 3,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    version: VersionOption = "1.0",
) -> None:
    """Suggest ICCS codes for each national offence text, best first, with the reason."""
    from crimestats.classification.suggest import SUGGEST_COLUMNS, suggest

    columns = _read_text_columns(file, {"--text-column": text_column, "--id-column": id_column})
    texts = columns["--text-column"]
    ids = columns.get("--id-column") or [str(i) for i in range(1, len(texts) + 1)]
    rows = suggest(texts, _suggest_lang(lang), top, ids=ids, classification=iccs(version))
    emit_rows(
        [r.as_row() for r in rows],
        SUGGEST_COLUMNS,
        fmt,
        output,
        title=f"ICCS suggestions for {file}",
    )


@app.command("draft-mapping")
def draft_mapping_command(
    file: Annotated[Path, typer.Argument(help="CSV, Parquet or Excel file of national offences.")],
    code_column: Annotated[
        str, typer.Option("--code-column", help="Column with the national offence code.")
    ],
    text_column: Annotated[
        str, typer.Option("--text-column", help="Column with the national offence text.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Correspondence CSV to write.")],
    lang: SuggestLangOption = "auto",
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="csv (a correspondence table), table or json."),
    ] = OutputFormat.csv,
    version: VersionOption = "1.0",
) -> None:
    """Draft a national → ICCS correspondence table for expert review; flags low-confidence rows."""
    from crimestats.classification.suggest import DRAFT_COLUMNS, draft_mapping

    columns = _read_text_columns(file, {"--code-column": code_column, "--text-column": text_column})
    codes, texts = columns["--code-column"], columns["--text-column"]
    rows = draft_mapping(codes, texts, _suggest_lang(lang), classification=iccs(version))
    if not rows:
        raise InputError(f"{file}: column {code_column!r} has no national codes")
    emit_rows([r.as_row() for r in rows], DRAFT_COLUMNS, fmt, output)
    blank = sum(1 for c in codes if not c.strip())
    flagged = sum(1 for r in rows if r.review)
    from crimestats.cli.render import err_console

    err_console.print(
        f"{len(rows)} national code(s) drafted; {flagged} flagged for review (review = check)"
        + (f"; {blank} row(s) without a national code left out" if blank else "")
        + f". Check it with: crimestats iccs validate-mapping {output}"
    )
