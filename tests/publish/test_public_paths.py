"""A public release never shows where the project sits on the machine that published it."""

from __future__ import annotations

import json
import zipfile


def test_no_absolute_project_path_in_public_files(published_demo) -> None:  # type: ignore[no-untyped-def]
    root = str(published_demo.root.resolve())
    release = published_demo.release.path
    texts = {
        p.relative_to(release).as_posix(): p.read_text("utf-8")
        for p in release.rglob("*")
        if p.is_file() and p.suffix in {".json", ".csv", ".xml", ".html"}
    }
    with zipfile.ZipFile(release / "bulk.zip") as bulk:
        texts.update(
            {
                f"bulk.zip:{n}": bulk.read(n).decode("utf-8")
                for n in bulk.namelist()
                if n.endswith(".csv")
            }
        )
    assert len(texts) > 20
    leaking = sorted(name for name, text in texts.items() if root in text)
    assert leaking == []
    manifest = json.loads((release / "release.json").read_text("utf-8"))
    locations = {s["location"] for s in manifest["build"]["sources"]}
    assert locations and all(loc.startswith("data/") for loc in locations), locations
