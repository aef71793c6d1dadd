"""``crimestats survey``: design-based estimates from survey microdata, matching R's ``survey``."""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Annotated

import typer

from crimestats.cli.options import FormatOption, OutputOption
from crimestats.cli.render import OutputFormat, emit_rows
from crimestats.engine import connect
from crimestats.errors import InputError
from crimestats.estimation.survey import estimate
from crimestats.estimation.survey.indicators import estimate_indicators
from crimestats.model.survey import (
    ESTIMATE_COLUMNS,
    EstimateRequest,
    LonelyPSU,
    ReplicateType,
    ReplicateWeights,
    Statistic,
    SurveyDesign,
)
from crimestats.model.survey_indicators import INDICATOR_COLUMNS
from crimestats.sources.survey import read_survey
from crimestats.sources.survey_indicators import load_indicator_config

app = typer.Typer(
    help="Victimization surveys: design-based estimates with R-exact standard errors."
)

_CI_METHODS = ("wald", "logit", "likelihood", "korn-graubard", "wilson", "xlogit", "mean")


def _split(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def _pair(text: str | None, option: str) -> tuple[str | None, str | None]:
    parts = _split(text)
    if len(parts) > 2:
        raise InputError(f"{option} takes one or two columns separated by a comma, got {text!r}")
    return (parts[0] if parts else None, parts[1] if len(parts) > 1 else None)


def _rscales(text: str | None) -> tuple[float, ...] | None:
    if not text:
        return None
    path = Path(text)
    raw = (
        path.read_text(encoding="utf-8").replace(",", " ").split()
        if path.exists()
        else _split(text)
    )
    try:
        return tuple(float(x) for x in raw)
    except ValueError:
        raise InputError(f"--rscales must be numbers or a file of numbers, got {text!r}") from None


def _replicates(
    columns: list[str],
    spec: str | None,
    reptype: str | None,
    rho: float | None,
    scale: float | None,
    rscales: str | None,
    mse: bool,
) -> ReplicateWeights | None:
    if not spec:
        if reptype:
            raise InputError("--reptype needs --repweights (the replicate weight columns)")
        return None
    if not reptype:
        raise InputError("--repweights needs --reptype JK1|JKn|BRR|Fay|bootstrap")
    names: list[str] = []
    for part in _split(spec):
        matched = fnmatch.filter(columns, part) if any(ch in part for ch in "*?[") else [part]
        if not matched:
            raise InputError(
                f"--repweights {part!r} matches no column; the file has: {', '.join(columns)}"
            )
        names.extend(m for m in matched if m not in names)
    try:
        kind = ReplicateType(reptype)
    except ValueError:
        raise InputError(
            f"--reptype {reptype!r} is not one of JK1, JKn, BRR, Fay, bootstrap"
        ) from None
    return ReplicateWeights(
        tuple(names), kind, rho=rho, scale=scale, rscales=_rscales(rscales), mse=mse
    )


def _requests(
    means: list[str], totals: list[str], props: list[str], ratios: list[str], quantiles: list[str]
) -> list[EstimateRequest]:
    out = [EstimateRequest(Statistic.MEAN, v) for v in means]
    out += [EstimateRequest(Statistic.TOTAL, v) for v in totals]
    out += [EstimateRequest(Statistic.PROPORTION, v) for v in props]
    for r in ratios:
        num, sep, den = r.partition(":")
        if not sep or not num or not den:
            raise InputError(f"--ratio takes NUM:DEN, got {r!r}")
        out.append(EstimateRequest(Statistic.RATIO, num, den))
    for q in quantiles:
        var, sep, probs = q.partition(":")
        try:
            ps = tuple(float(p) for p in _split(probs))
        except ValueError:
            ps = ()
        if not sep or not ps or not all(0 <= p <= 1 for p in ps):
            raise InputError(f"--quantile takes VAR:P[,P...] with P between 0 and 1, got {q!r}")
        out.append(EstimateRequest(Statistic.QUANTILE, var, probs=ps))
    return out


@app.command("estimate")
def estimate_command(
    data: Annotated[Path, typer.Argument(help="Microdata: .csv, .csv.gz, .parquet, .sav or .dta.")],
    weight: Annotated[str | None, typer.Option("--weight", help="Sampling weight column.")] = None,
    strata: Annotated[str | None, typer.Option("--strata", help="Stratum column.")] = None,
    psu: Annotated[
        str | None, typer.Option("--psu", help="PSU column, optionally ,SSU column.")
    ] = None,
    fpc: Annotated[
        str | None, typer.Option("--fpc", help="FPC column(s): population sizes or fractions.")
    ] = None,
    nest: Annotated[
        bool, typer.Option("--nest", help="PSU ids restart within each stratum.")
    ] = False,
    lonely_psu: Annotated[
        str, typer.Option("--lonely-psu", help="fail|remove|adjust|average|certainty.")
    ] = "fail",
    repweights: Annotated[
        str | None, typer.Option("--repweights", help="Replicate weight columns or a glob.")
    ] = None,
    reptype: Annotated[
        str | None, typer.Option("--reptype", help="JK1|JKn|BRR|Fay|bootstrap.")
    ] = None,
    rho: Annotated[float | None, typer.Option("--rho", help="Fay coefficient.")] = None,
    scale: Annotated[
        float | None, typer.Option("--scale", help="Replicate variance scale.")
    ] = None,
    rscales: Annotated[
        str | None, typer.Option("--rscales", help="Per-replicate scales: a file or a list.")
    ] = None,
    mse: Annotated[
        bool, typer.Option("--mse", help="Centre replicates on the full-sample estimate.")
    ] = False,
    mean: Annotated[
        list[str] | None, typer.Option("--mean", help="Mean of VAR (repeatable).")
    ] = None,
    total: Annotated[list[str] | None, typer.Option("--total", help="Total of VAR.")] = None,
    proportion: Annotated[
        list[str] | None, typer.Option("--proportion", help="Proportion of VAR.")
    ] = None,
    ratio: Annotated[list[str] | None, typer.Option("--ratio", help="Ratio NUM:DEN.")] = None,
    quantile: Annotated[
        list[str] | None, typer.Option("--quantile", help="Quantiles VAR:P[,P...].")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Domain columns, comma separated.")] = None,
    na_rm: Annotated[
        bool, typer.Option("--na-rm", help="Drop missing values of each variable.")
    ] = False,
    deff: Annotated[bool, typer.Option("--deff", help="Compute design effects.")] = False,
    ci_method: Annotated[
        str | None,
        typer.Option("--ci-method", help="Interval for proportions: " + "|".join(_CI_METHODS)),
    ] = None,
    level: Annotated[float, typer.Option("--level", help="Confidence level.")] = 0.95,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Means, totals, proportions, ratios and quantiles with SE, CI, CV, deff and df, as R's survey."""
    if ci_method is not None and ci_method not in _CI_METHODS:
        raise InputError(f"--ci-method {ci_method!r} is not one of {', '.join(_CI_METHODS)}")
    try:
        lonely = LonelyPSU(lonely_psu)
    except ValueError:
        raise InputError(
            f"--lonely-psu {lonely_psu!r} is not one of fail, remove, adjust, average, certainty"
        ) from None
    con = connect()
    table = read_survey(con, data)
    psu1, ssu = _pair(psu, "--psu")
    fpc1, fpc2 = _pair(fpc, "--fpc")
    if fpc2 and not ssu:
        raise InputError(
            "--fpc has two columns but --psu names no second-stage unit (--psu PSU,SSU)"
        )
    if ssu and fpc1 and not fpc2:
        raise InputError(
            "with two-stage --psu PSU,SSU give --fpc for both stages (--fpc FPC1,FPC2) or none"
        )
    reps = _replicates(list(table.columns), repweights, reptype, rho, scale, rscales, mse)
    design = SurveyDesign(
        weight=weight,
        strata=strata,
        psu=psu1,
        ssu=ssu,
        fpc=fpc1,
        fpc2=fpc2,
        nest=nest,
        lonely_psu=lonely,
        replicates=reps,
    )
    requests = _requests(mean or [], total or [], proportion or [], ratio or [], quantile or [])
    by_cols = _split(by)
    results = estimate(
        table,
        design,
        requests,
        by=by_cols,
        na_rm=na_rm,
        deff=deff,
        ci_method=ci_method,
        level=level,
        source=str(data),
    )
    emit_rows(
        [r.as_row() for r in results],
        [*by_cols, *ESTIMATE_COLUMNS],
        fmt,
        output,
        title=f"survey estimates: {data.name}",
    )


@app.command("indicators")
def indicators_command(
    data: Annotated[Path, typer.Argument(help="Microdata: .csv, .csv.gz, .parquet, .sav or .dta.")],
    config: Annotated[
        Path,
        typer.Option("--config", help="Indicator configuration (YAML): design and indicators."),
    ],
    by: Annotated[
        str | None,
        typer.Option("--by", help="Domain columns, comma separated (default: the config's 'by')."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Victimization indicators with SE, CI, CV and reliability flags, as the config defines them."""
    settings = load_indicator_config(config)
    table = read_survey(connect(), data)
    by_cols = _split(by) if by is not None else list(settings.by)
    results = estimate_indicators(table, settings, by=by_cols, source=str(data))
    emit_rows(
        [r.as_row() for r in results],
        [*by_cols, *INDICATOR_COLUMNS],
        fmt,
        output,
        title=f"survey indicators: {data.name}",
    )
