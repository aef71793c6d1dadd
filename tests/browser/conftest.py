"""Browser fixtures: ``crimestats serve`` on a free port over the published demo, and a headless
Debian Chromium driven by Playwright that records console errors and every request it makes.

Skipped when Playwright's Python package or the ``chromium`` executable is missing, unless
``CRIMESTATS_REQUIRE_BROWSER=1`` (set by ``.ci/run``, which installs both). Screenshots go to ``tests/browser/screenshots/`` (ignored by git), or to
``$CRIMESTATS_SCREENSHOTS`` when set.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# CI sets this so that a machine without the browser fails the tests instead of skipping them.
REQUIRED = os.environ.get("CRIMESTATS_REQUIRE_BROWSER") == "1"
if REQUIRED:
    from playwright import sync_api
else:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = os.environ.get("CRIMESTATS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(
    os.environ.get("CRIMESTATS_SCREENSHOTS") or Path(__file__).parent / "screenshots"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Portal:
    """A running ``crimestats serve``: its base URL and the release it serves."""

    base: str
    release: Any

    def page_url(self, lang: str, page: str = "index.html") -> str:
        return f"{self.base}/releases/{self.release.name}/portal/{lang}/{page}"


@pytest.fixture(scope="session")
def portal(published_demo: Any) -> Iterator[Portal]:
    """``crimestats serve`` in a subprocess; waits (up to two minutes) until it answers."""
    if not Path(CHROMIUM).exists():
        message = f"no chromium at {CHROMIUM} (apt-get install chromium)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    command = [sys.executable, "-c", "from crimestats.cli import main; main()", "serve"]
    command += [str(published_demo.root), "--port", str(port)]
    log = published_demo.root.parent / f"serve-{port}.log"
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/releases", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"crimestats serve did not start:\n{log.read_text()}")
            time.sleep(0.25)
        yield Portal(base, published_demo.release)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


@dataclass
class Recorder:
    """What a page did: console errors, uncaught exceptions, and every URL it requested."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def page(browser: Any, recorder: Recorder) -> Iterator[Any]:
    """A fresh page (1280×900) that accepts downloads and records errors and requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    new = context.new_page()
    new.on(
        "console",
        lambda m: recorder.errors.append(f"{m.type}: {m.text}") if m.type == "error" else None,
    )
    new.on("pageerror", lambda e: recorder.errors.append(f"exception: {e}"))
    new.on("request", lambda r: recorder.requests.append(r.url))
    yield new
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
