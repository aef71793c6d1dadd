"""The demo country: a realistic synthetic project with four justice stages and planted problems."""

from __future__ import annotations

from pathlib import Path

from crimestats.project.demo.generate import DemoData, generate
from crimestats.project.demo.write import write_demo

__all__ = ["DemoData", "generate", "make_demo"]


def make_demo(
    root: Path, records: int = 1_000_000, seed: int = 2024
) -> tuple[DemoData, dict[str, int]]:
    """Generate the demo country and write it as a project under ``root``."""
    data = generate(records, seed)
    return data, write_demo(root, data)
