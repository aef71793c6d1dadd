"""What a source YAML says: where an agency's records are, what they are, and how to read them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from crimestats.model.records import CANONICAL_COLUMNS, Stage, Unit

__all__ = ["SourceSpec"]

_CANONICAL = {c.name for c in CANONICAL_COLUMNS}


class SourceSpec(BaseModel):
    """One input of a project, as written in ``sources/<name>.yaml``.

    ``columns`` maps canonical column names (see :mod:`crimestats.model.records`) to the agency's own
    column names; ``codes`` maps, per canonical column, the agency's values to canonical ones (e.g.
    ``sex: {H: M, M: F}``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="Short name used in reports, e.g. 'police_north'.")
    kind: str = Field("records", description="Reader: 'records' (any table) or 'nibrs'.")
    path: str | None = Field(None, description="File or folder, relative to the project.")
    connection: str | None = Field(
        None, description="Database URL for Ibis, e.g. 'postgres://user@host/db' (instead of path)."
    )
    table: str | None = Field(None, description="Table in the database, or sheet of a workbook.")
    encoding: str | None = Field(None, description="Text encoding; found from the bytes if empty.")
    delimiter: str | None = Field(None, description="CSV delimiter; sniffed if empty.")
    stage: Stage = Field(description="police, prosecution, courts or prisons.")
    unit: Unit = Field(description="What one row is: incident, offence, victim, person or case.")
    correspondence: str | None = Field(
        None, description="Correspondence CSV (national code → ICCS), relative to the project."
    )
    columns: dict[str, str] = Field(
        default_factory=dict, description="Canonical column → the source's column."
    )
    codes: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="Canonical column → {source value: canonical value}."
    )
    date_format: str = Field(
        "%Y-%m-%d", description="strftime format of text dates, e.g. '%d/%m/%Y'."
    )
    reference_date: Literal["recorded_date", "occurred_date"] | None = Field(
        None, description="Overrides counting.reference_date for this source."
    )
    agency: str | None = Field(None, description="Agency name when the file has no agency column.")

    @model_validator(mode="before")
    @classmethod
    def _nibrs_defaults(cls, data: Any) -> Any:
        # A NIBRS download is police data and gives every unit (the reader sets each part's unit).
        if isinstance(data, dict) and data.get("kind") == "nibrs":
            return {"stage": Stage.POLICE, "unit": Unit.OFFENCE, **data}
        return data

    @model_validator(mode="after")
    def _check(self) -> SourceSpec:
        unknown = sorted(set(self.columns) - _CANONICAL)
        if unknown:
            raise ValueError(
                f"unknown canonical column(s) {', '.join(unknown)} in 'columns'; known: "
                + ", ".join(c.name for c in CANONICAL_COLUMNS)
            )
        unknown = sorted(set(self.codes) - _CANONICAL)
        if unknown:
            raise ValueError(f"'codes' names unknown canonical column(s) {', '.join(unknown)}")
        if self.kind == "records":
            if (self.path is None) == (self.connection is None):
                raise ValueError("give exactly one of 'path' or 'connection'")
            if self.connection is not None and not self.table:
                raise ValueError("a 'connection' needs a 'table'")
            if "offence_code" not in self.columns:
                raise ValueError("'columns' must map offence_code (the national offence code)")
            if self.correspondence is None:
                raise ValueError("'correspondence' must name the mapping CSV for offence_code")
        if self.kind == "nibrs":
            if self.path is None or self.connection is not None:
                raise ValueError(
                    "kind nibrs reads a download folder: give 'path', not 'connection'"
                )
            if self.columns or self.codes:
                raise ValueError("kind nibrs knows the NIBRS columns; remove 'columns' and 'codes'")
            if self.stage is not Stage.POLICE:
                raise ValueError("a NIBRS download is police data: 'stage' must be police")
        return self
