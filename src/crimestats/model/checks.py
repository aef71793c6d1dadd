"""Local quality rules a project writes in ``checks/*.yaml``, on top of the built-in catalogue."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crimestats.model.findings import Severity

__all__ = ["CountBoundsRule"]


class CountBoundsRule(BaseModel):
    """Cells of the counts table selected by ``where`` must lie within ``min`` and ``max``.

    For example, "police-recorded intentional homicides in the country are at least 1 a year", or
    "prisoners awaiting trial are at most 5,000 in any region".
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(description="Stable code of the finding, starting with 'local.'.")
    severity: Severity = Field(Severity.WARNING, description="error, warning or info.")
    description: str = Field(description="What the rule checks, shown in the quality report.")
    where: dict[str, str | int | list[str | int]] = Field(
        default_factory=dict,
        description="Counts columns and the value (or list of values) a cell must have to be checked.",
    )
    min: float | None = Field(None, description="Smallest acceptable value.")
    max: float | None = Field(None, description="Largest acceptable value.")

    @field_validator("code")
    @classmethod
    def _local(cls, code: str) -> str:
        if not code.startswith("local."):
            raise ValueError("local rule codes start with 'local.' (e.g. local.homicide-floor)")
        return code
