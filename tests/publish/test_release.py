"""Releases: refused twice, immutable, whole or absent, with provenance checked against hashes computed
here, and embargoes that keep a release private until their time."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import stat
import tomllib
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pytest

from crimestats.cli import main
from crimestats.errors import CrimestatsError, InputError
from crimestats.project import load_project, publish_project
from crimestats.publish.api import public_releases
from crimestats.publish.release import (
    ReleaseInputs,
    list_releases,
    parse_embargo,
    read_release,
    write_release,
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- one name, one release -----------------------------------------------------------------------


def test_publishing_a_name_twice_is_refused(
    demo_copy_with_release: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = demo_copy_with_release
    before = _sha256(root / "releases" / "2025" / "release.json")

    with pytest.raises(CrimestatsError, match="release '2025' already exists"):
        publish_project(load_project(root), "2025")

    code, out, err = _run(capsys, "publish", str(root), "--release", "2025")
    assert code == 2
    assert "already exists" in err
    assert "publish under a new name" in err
    assert "Traceback" not in out + err
    assert _sha256(root / "releases" / "2025" / "release.json") == before
    assert [p.name for p in (root / "releases").iterdir()] == ["2025"]


@pytest.mark.parametrize("name", ["", "../escape", "a b", ".hidden", "x" * 65, "2025/q1"])
def test_release_names_are_checked_before_anything_is_written(
    small_inputs: ReleaseInputs, tmp_path: Path, name: str
) -> None:
    inputs = dataclasses.replace(small_inputs, name=name)
    with pytest.raises(InputError, match="release name"):
        write_release(inputs, tmp_path / "releases")
    assert not (tmp_path / "releases").exists()


# -- immutable, whole or absent --------------------------------------------------------------------


def test_release_files_and_folders_are_read_only(published_demo: Any) -> None:
    root = published_demo.release.path
    entries = [root, *root.rglob("*")]
    assert len(entries) > 50
    writable = [p for p in entries if stat.S_IMODE(p.stat().st_mode) & 0o222]
    assert writable == []
    # Folders stay readable and searchable by everyone (the server reads them).
    for folder in (p for p in entries if p.is_dir()):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o555


def test_a_failed_publish_leaves_no_folder(small_inputs: ReleaseInputs, tmp_path: Path) -> None:
    releases = tmp_path / "releases"

    def broken_portal(_: Path) -> list[Path]:
        raise RuntimeError("portal template missing")

    with pytest.raises(RuntimeError, match="portal template missing"):
        write_release(small_inputs, releases, portal=broken_portal)
    assert list(releases.iterdir()) == []
    assert list_releases(releases) == []

    # The release can then be published under the same name.
    info, _ = write_release(small_inputs, releases)
    assert info.name == "small"
    assert [p.name for p in releases.iterdir()] == ["small"]


def test_a_code_missing_from_its_codelist_refuses_the_release(
    small_inputs: ReleaseInputs, tmp_path: Path
) -> None:
    counts = small_inputs.counts
    attempt = pc.replace_substring(counts["attempt"], "attempted", "tried")
    bad = counts.set_column(counts.schema.get_field_index("attempt"), "attempt", attempt)
    inputs = dataclasses.replace(small_inputs, counts=bad)
    with pytest.raises(InputError) as caught:
        write_release(inputs, tmp_path / "releases")
    message = str(caught.value)
    assert "police_offences" in message
    assert "ATTEMPT: tried" in message
    assert "CL_ATTEMPT" in message
    assert list((tmp_path / "releases").iterdir()) == []


def test_the_same_name_published_concurrently_keeps_the_first(
    small_inputs: ReleaseInputs, tmp_path: Path
) -> None:
    """A second publication that finds the name taken only when it renames its folder gives up
    cleanly: the first release is untouched and no working folder is left behind."""
    releases = tmp_path / "releases"
    first, _ = write_release(small_inputs, releases)
    manifest = _sha256(first.path / "release.json")
    # The race, staged: the first release is out of sight when the second checks the name, and
    # back in place when the second has written everything.
    hidden = releases / ".away"
    first.path.rename(hidden)

    def put_back(_: Path) -> list[Path]:
        hidden.rename(releases / "small")
        return []

    with pytest.raises(InputError, match="already exists"):
        write_release(small_inputs, releases, portal=put_back)
    assert [p.name for p in releases.iterdir()] == ["small"]
    assert _sha256(releases / "small" / "release.json") == manifest


# -- provenance ------------------------------------------------------------------------------------


def test_manifest_hashes_every_input_file(published_demo: Any) -> None:
    root: Path = published_demo.root
    build = published_demo.release.manifest["build"]
    # locations are relative to the project: a public release does not show server paths
    by_path = {(root / s["location"]).resolve(): s["sha256"] for s in build["sources"]}
    data_files = sorted((root / "data").iterdir())
    assert len(data_files) == 8
    for file in data_files:
        assert by_path[file.resolve()] == _sha256(file), file.name
    mappings = {(root / c["path"]).resolve(): c["sha256"] for c in build["correspondences"]}
    for file in (root / "mappings").glob("*.csv"):
        assert mappings[file.resolve()] == _sha256(file)


def test_manifest_names_classification_rules_versions_and_engine(published_demo: Any) -> None:
    manifest = published_demo.release.manifest
    settings = tomllib.loads((published_demo.root / "crimestats.toml").read_text("utf-8"))
    assert manifest["name"] == "2025"
    assert manifest["crimestats"] == version("crimestats")
    assert manifest["build"]["crimestats"] == version("crimestats")
    assert manifest["build"]["engine"] == settings["engine"]["backend"] == "duckdb"
    assert manifest["classification"] == f"ICCS {settings['classification']['iccs_version']}"
    recorded = manifest["build"]["settings"]
    for key, value in settings["counting"].items():
        assert recorded["counting"][key] == value, key
    control = manifest["disclosure_control"]
    assert control["threshold"] == settings["publish"]["threshold"]
    assert control["protection"] == settings["publish"]["protection"]
    assert control["rounding"] == settings["publish"]["rounding"]
    assert manifest["previous"] is None
    assert manifest["embargo"] is None


def test_manifest_lists_every_file_with_its_sha256(published_demo: Any) -> None:
    root: Path = published_demo.release.path
    listed = published_demo.release.manifest["files"]
    on_disk = {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name not in ("release.json", "bulk.zip")
        if p.relative_to(root).parts[0] != "portal"
    }
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert digest == _sha256(root / name), name
    # The manifest on disk is the one read back.
    assert json.loads((root / "release.json").read_text("utf-8")) == dict(
        read_release(root).manifest
    )


# -- embargo ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["2026-03-01T10:00:00Z", "2026-03-01T11:00:00+01:00", " 2026-03-01T05:00:00-05:00 "],
)
def test_embargo_times_with_a_zone_are_kept_in_utc(text: str) -> None:
    assert parse_embargo(text) == datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    assert parse_embargo(text).tzinfo == UTC  # type: ignore[union-attr]


@pytest.mark.parametrize("text", [None, "", "   "])
def test_no_embargo(text: str | None) -> None:
    assert parse_embargo(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tomorrow", "not an ISO 8601 time"),
        ("01/03/2026 10:00", "not an ISO 8601 time"),
        ("2026-13-01T10:00:00Z", "not an ISO 8601 time"),
        ("2026-03-01T25:00:00Z", "not an ISO 8601 time"),
        ("2026-03-01T10:00:00", "has no time zone"),
        ("2026-03-01", "has no time zone"),
    ],
)
def test_bad_embargo_times_are_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse_embargo(text)
    assert "2026-03-01T10:00:00Z" in str(caught.value)


@pytest.mark.parametrize("text", ["next monday", "2026-03-01T10:00:00"])
def test_cli_refuses_a_bad_embargo_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    code, out, err = _run(capsys, "publish", str(tmp_path), "--release", "x", "--embargo", text)
    assert code == 2
    assert "--embargo" in err
    assert "Traceback" not in out + err
    assert not (tmp_path / "releases").exists()


def test_a_naive_embargo_time_is_refused_by_the_writer(
    small_inputs: ReleaseInputs, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="no time zone"):
        write_release(small_inputs, tmp_path / "releases", embargo=datetime(2030, 1, 1))
    assert not (tmp_path / "releases").exists()


def test_an_embargoed_release_is_not_public_before_its_time(
    small_inputs: ReleaseInputs, tmp_path: Path
) -> None:
    releases = tmp_path / "releases"
    write_release(dataclasses.replace(small_inputs, name="open"), releases)
    embargo = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    info, _ = write_release(small_inputs, releases, embargo=embargo)

    assert info.embargo == embargo
    assert info.manifest["embargo"] == embargo.isoformat()
    assert not info.public()
    assert not info.public(embargo - timedelta(seconds=1))
    assert info.public(embargo)
    # A naive "now" is read as UTC rather than failing on the comparison.
    assert not info.public(embargo.replace(tzinfo=None) - timedelta(seconds=1))
    assert info.public(embargo.replace(tzinfo=None))
    # A time given in another zone is the same instant.
    assert info.public(embargo.astimezone(tz=None))

    listed = {r.name: r for r in list_releases(releases)}
    assert set(listed) == {"open", "small"}
    assert listed["small"].embargo == embargo
    assert [r.name for r in public_releases(releases)] == ["open"]
    assert [r.name for r in public_releases(releases, embargo)] == ["open", "small"]
    # The embargoed release still counts as the previous one for revisions.
    after, _ = write_release(dataclasses.replace(small_inputs, name="later"), releases)
    assert after.manifest["previous"] == "small"


def test_a_broken_manifest_is_reported_with_its_path(tmp_path: Path) -> None:
    folder = tmp_path / "releases" / "2025"
    folder.mkdir(parents=True)
    (folder / "release.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"release\.json: not a readable release manifest"):
        list_releases(tmp_path / "releases")


def test_a_small_release_has_the_same_layout(small_inputs: ReleaseInputs, tmp_path: Path) -> None:
    info, findings = write_release(small_inputs, tmp_path / "releases")
    names = {p.relative_to(info.path).as_posix() for p in info.path.rglob("*") if p.is_file()}
    assert {
        "release.json",
        "bulk.zip",
        "observations.parquet",
        "revisions.csv",
        "footnotes.csv",
        "indicators.csv",
        "data/police_offences.csv",
        "excel/crimestats_small.xlsx",
        "sdmx/structure.xml",
        "sdmx/police_offences.xml",
        "sdmx/police_offences.csv",
    } <= names
    assert [f.code for f in findings] == ["sdg.code-not-in-codelist"]
