"""The indicator registry: built-ins, series codes from the SDG DSD, registering an extension."""

from __future__ import annotations

import pytest

from crimestats.errors import UnknownCodeError
from crimestats.estimation.indicators import (
    COMPUTE,
    INDICATORS,
    IndicatorInputs,
    can_compute,
    compute_indicators,
    get,
    register,
)
from crimestats.model.indicators import IndicatorSpec, IndicatorValue


def test_builtins_and_series_codes() -> None:
    # Series codes as listed in CL_SERIES of the SDG DSD 1.4.
    assert get("16.1.1").series == ("VC_IHR_PSRC", "VC_IHR_PSRCN")
    assert get("16.3.2").series[0] == "VC_PRS_UNSNT"
    assert get("16.2.2").series[0] == "VC_HTF_DETV"
    assert get("16.4.2").series == ("VC_ARM_SZTRACE",)
    assert get("16.1.4").series == ("VC_SNS_WALN",)
    assert get("16.5.1").series == ("IU_COR_BRIB",)
    assert set(get("16.1.3").series) == {"VC_VOV_PHYL", "VC_VOV_ROBB", "VC_VOV_SEXL"}
    assert set(get("16.3.1").series) == {"VC_PRR_PHYV", "VC_PRR_SEXV", "VC_PRR_ROBB"}
    assert get("16.1.1").multiplier == 100_000
    assert get("16.3.2").unit == "PT"


def test_specs_are_frozen() -> None:
    with pytest.raises(AttributeError):
        get("16.1.1").unit = "x"  # type: ignore[misc]


def test_survey_and_trafficking_registered_with_compute() -> None:
    for indicator in ("16.1.3", "16.1.4", "16.3.1", "16.5.1", "16.2.2"):
        assert indicator in INDICATORS
        assert indicator in COMPUTE
    assert get("16.5.1").inputs == (("survey",),)
    assert get("16.2.2").inputs == (("glotip", "population"),)


def test_unknown_indicator() -> None:
    with pytest.raises(UnknownCodeError, match=r"16\.1\.1"):
        get("16.1.9")


def test_an_extension_registers_like_a_builtin() -> None:
    spec = IndicatorSpec(
        "X.1", "test", ("X_SERIES",), "d", "n", "d", "NUMBER", 1.0, inputs=(("arms",),)
    )

    def compute(s: IndicatorSpec, inputs: IndicatorInputs) -> tuple[list[IndicatorValue], list]:  # type: ignore[type-arg]
        return [IndicatorValue(s.id, s.series[0], "AAA", 2020, 42.0, s.unit, sources="ext")], []

    register(spec, compute)
    try:
        import pyarrow as pa

        inputs = IndicatorInputs(arms=pa.table({"x": [1]}))
        assert can_compute(spec, inputs.available())
        values, _ = compute_indicators(inputs, ["X.1"])
        assert [(v.area, v.value) for v in values] == [("AAA", 42.0)]
    finally:
        INDICATORS.pop("X.1")
        COMPUTE.pop("X.1")


def test_missing_inputs_are_reported_not_raised() -> None:
    values, findings = compute_indicators(IndicatorInputs())
    assert values == []
    codes = {f.message.split(":")[0]: f.code for f in findings}
    assert codes["16.1.1"] == "IND-INPUTS-MISSING"
    assert codes["16.1.3"] == "IND-INPUTS-MISSING"  # needs survey microdata and its config
