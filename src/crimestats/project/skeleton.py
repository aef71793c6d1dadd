"""``crimestats init``: an empty project whose files explain every setting in comments."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crimestats.errors import InputError
from crimestats.settings import DEFAULT_SERIOUSNESS

__all__ = ["PROJECT_FOLDERS", "init_project", "settings_text"]

PROJECT_FOLDERS = ("sources", "mappings", "population", "checks", "data")


def _list(items: Sequence[str]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def settings_text(
    *, name: str = "My crime statistics", country: str = "", duplicate_keys: Sequence[str] = ()
) -> str:
    """The text of a ``crimestats.toml`` with every setting and what it means."""
    return f"""\
# crimestats project settings. Every key is optional; the values shown are the defaults unless noted.
# Environment variables override this file: CRIMESTATS_<SECTION>__<KEY>, e.g. CRIMESTATS_ENGINE__THREADS=2.

[project]
# Name shown in reports and releases.
name = "{name}"
# ISO 3166-1 alpha-3 code of the reporting country (codes XAA-XZZ are free for synthetic data).
country = "{country}"
# Languages of labels in outputs, the first is the default: en, es.
languages = ["en"]

[engine]
# Ibis backend: "duckdb" (embedded, default) or "pyspark" (pip install 'crimestats[spark]').
backend = "duckdb"
# DuckDB database: ":memory:" or a file path such as "build/crimestats.duckdb".
database = ":memory:"
# Worker threads (default: all cores), memory cap such as "8GB" (beyond it DuckDB spills to disk),
# and where it spills:
# threads = 2
# memory_limit = "8GB"
# temp_directory = "build/tmp"

[classification]
# ICCS version bundled with crimestats, and the language of ICCS labels (en or es).
iccs_version = "1.0"
language = "en"

[counting]
# The date that places a record in a period: "recorded_date" (when the agency recorded it) or
# "occurred_date" (when the offence happened). A source YAML may override it.
reference_date = "recorded_date"
# Also count incidents, each once under its most serious offence (principal offence rule),
# where sources give incident ids. Offences are always counted one by one as well.
principal_offence = true
# Seriousness order for the principal offence rule: ICCS code prefixes, most serious first.
# ICCS leaves this order to countries: set it to follow your penal code's penalties.
seriousness = {_list(DEFAULT_SERIOUSNESS)}
# Columns that identify one event; rows sharing them are reported as possible duplicates.
# Rows repeating a record_id are always removed as duplicates (and kept in the quarantine).
duplicate_keys = {_list(duplicate_keys)}
# Reference dates before this year are impossible (quarantined).
earliest_year = 1900

[publish]
# Disclosure control: counts above 0 and below the threshold are confidential; other cells are
# suppressed too so that none can be derived from totals. A table id can have its own threshold.
threshold = 3
# thresholds = {{police_victims = 5}}
# How far (in counts) above a confidential cell's value the range an attacker can derive must reach.
protection = 3
# Round published counts to a multiple of this base (0: exact counts).
rounding = 0
# Deepest ICCS level published for regions (the nation gets all four levels).
area_levels = 2
# Linked groups of cells up to this size are suppressed optimally (integer program); larger ones by a
# cheapest-witness heuristic. Every pattern is checked against an attacker either way.
sdc_exact_size = 1000
# SDMX agency id of the release's structures, and the SDG REF_AREA code (default: from the country).
sdmx_agency = "CRIMESTATS"
# sdg_area = "152"
"""


_SOURCE_EXAMPLE = """\
# One YAML file per input. Copy this file, rename it (e.g. police_2024.yaml) and edit it.
# The build ignores files whose name starts with an underscore.
path: data/police_2024.csv        # or: connection: "postgres://user@host/db" and table: offences
stage: police                     # police | prosecution | courts | prisons
unit: offence                     # incident | offence | victim | person | case
correspondence: mappings/penal_code.csv
# encoding: latin-1               # found from the bytes if not given
# delimiter: ";"                  # sniffed if not given
# date_format: "%d/%m/%Y"         # text dates; default "%Y-%m-%d"
# reference_date: occurred_date   # overrides [counting] reference_date for this source
# agency: National Police         # when the file has no agency column
columns:                          # canonical column: the file's column
  record_id: id
  incident_id: incident
  offence_code: offence
  recorded_date: date_recorded
  area: region
# codes:                          # the file's values → canonical values
#   sex: {H: M, M: F}
#   attempt: {S: "yes", N: "no"}
"""

_CHECKS_EXAMPLE = """\
# Local quality rules, checked by build and check on top of the built-in catalogue. Copy this file
# (names starting with an underscore are skipped). Each rule selects cells of output/counts with
# `where` and gives the bounds their value must keep.
- code: local.homicide-floor          # stable code, starting with "local."
  severity: error                     # error | warning | info
  description: Police-recorded intentional homicides in the country, every year
  where: {stage: police, unit: offences, iccs_code: "0101", area: _T, attempt: _T}
  min: 1
"""

_MAPPING_EXAMPLE = """\
national_code,national_label,iccs_code,weight,attempt,cyber,note
"""

_POPULATION_EXAMPLE = """\
area,year,sex,age,population
"""


def init_project(root: Path) -> list[Path]:
    """Create the skeleton; refuses to overwrite an existing ``crimestats.toml``."""
    settings = root / "crimestats.toml"
    if settings.exists():
        raise InputError(f"{root} already has a crimestats.toml; choose an empty directory")
    written = [settings]
    root.mkdir(parents=True, exist_ok=True)
    settings.write_text(settings_text(), encoding="utf-8")
    for folder in PROJECT_FOLDERS:
        (root / folder).mkdir(exist_ok=True)
    files = {
        root / "sources" / "_example.yaml": _SOURCE_EXAMPLE,
        root / "mappings" / "README.md": (
            "Correspondence tables: national offence code → ICCS (CSV). Columns: national_code, "
            "national_label, iccs_code, and optionally weight (1:n splits), attempt, cyber, note.\n"
            "Check one with: crimestats iccs validate-mapping mappings/FILE.csv\n"
        ),
        root / "mappings" / "penal_code.csv": _MAPPING_EXAMPLE,
        root / "population" / "README.md": (
            "Population for rates (CSV): area, year, sex (M, F, _T), age (Y0T14, Y15T29, Y30T44, "
            "Y45T59, Y_GE60, _T), population. Totals (_T) are added from the detail if not given; "
            "area _T is the whole country.\n"
        ),
        root / "population" / "population.csv": _POPULATION_EXAMPLE,
        root / "checks" / "_example.yaml": _CHECKS_EXAMPLE,
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
