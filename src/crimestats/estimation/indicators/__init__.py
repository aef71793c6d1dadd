"""The indicator registry (SDG 16 and more): specifications, compute functions and their inputs."""

from crimestats.estimation.indicators.builtin import BUILTIN_COMPUTE, register_builtins
from crimestats.estimation.indicators.compute import COMPUTE_CHECKS, can_compute, compute_indicators
from crimestats.estimation.indicators.inputs import gather_inputs
from crimestats.estimation.indicators.registry import (
    COMPUTE,
    INDICATORS,
    ComputeFunction,
    IndicatorInputs,
    get,
    register,
)
from crimestats.estimation.indicators.specs import BUILTIN_SPECS

register_builtins()

__all__ = [
    "BUILTIN_COMPUTE",
    "BUILTIN_SPECS",
    "COMPUTE",
    "COMPUTE_CHECKS",
    "INDICATORS",
    "ComputeFunction",
    "IndicatorInputs",
    "can_compute",
    "compute_indicators",
    "gather_inputs",
    "get",
    "register",
    "register_builtins",
]
