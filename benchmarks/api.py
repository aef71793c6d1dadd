"""The API under load: 200 concurrent clients against ``crimestats serve`` on a published demo release.

Run: python benchmarks/api.py [PROJECT_DIR] [--records 20000] [--clients 200] [--requests 20000]
                              [--client raw|httpx] [--workers 1] [--think 0]

Without PROJECT_DIR the script makes a demo country in a temporary folder (``crimestats demo DIR
--records N``) and publishes it (``crimestats publish DIR --release bench``); with one it serves
that project's releases as they are. The server runs in a subprocess (``crimestats serve
[--workers N]``). Each client sends its requests one after another on one kept-alive connection (a
closed loop; ``--think MS`` makes each client pause a random time of that mean before each request,
as people reading pages do), from a realistic mix:

    32 %  observations as JSON: one table, one to three ICCS codes, up to two more filters
          (year, measure, sex, area)
    18 %  observations as CSV, the same kind of query
     2 %  a whole table as JSON or CSV
    13 %  an SDMX-REST data query (a key with dots, ``+`` and empty parts)
    15 %  a portal page (gzip accepted, as browsers do)
    10 %  the release list; 5 % a table list; 5 % the footnotes

The baseline is the same clients fetching ``/api/health`` (a constant JSON answer of the same
server): it shows what the HTTP stack itself costs, so the ratio says what the queries add. The
script prints p50, p99 and maximum latency, throughput, the ratios mix/baseline, and per kind of
request its share, latency and mean body size.

Without think time, latency is clients / throughput (Little's law): p99 under 50 ms for 200
clients needs more than 4,000 answers a second. The load generator shares the machine's two cores
with the server, so the ``raw`` client (a few lines of asyncio that write HTTP/1.1 requests and read
Content-Length bodies) is the default: httpx spends more CPU per request than the server does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pandas as pd

#: The command line, run with this interpreter.
CRIMESTATS = [sys.executable, "-c", "from crimestats.cli import main; main()"]


@dataclass(frozen=True)
class Sample:
    """One request: its kind, latency (seconds), body size as sent and status."""

    kind: str
    latency: float
    size: int
    status: int


@dataclass(frozen=True)
class Result:
    """The samples of one run and its wall time."""

    name: str
    samples: list[Sample]
    wall: float

    @staticmethod
    def _quantile(values: Sequence[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def quantile(self, q: float) -> float:
        return self._quantile([s.latency for s in self.samples], q)

    @property
    def throughput(self) -> float:
        return len(self.samples) / self.wall

    def line(self) -> str:
        statuses = Counter(s.status for s in self.samples)
        return (
            f"{self.name:<9} {len(self.samples):>7,} req  p50 {self.quantile(0.5) * 1e3:7.2f} ms  "
            f"p99 {self.quantile(0.99) * 1e3:7.2f} ms  "
            f"max {max(s.latency for s in self.samples) * 1e3:7.2f} ms  "
            f"{self.throughput:8,.0f} req/s  status {dict(sorted(statuses.items()))}"
        )

    def by_kind(self) -> list[str]:
        """A line per kind of request: share, latency and mean body size."""
        lines = []
        for kind in dict.fromkeys(s.kind for s in self.samples):
            mine = [s for s in self.samples if s.kind == kind]
            latencies = [s.latency for s in mine]
            lines.append(
                f"  {kind:<10} {len(mine) / len(self.samples):6.1%}  "
                f"p50 {self._quantile(latencies, 0.5) * 1e3:7.2f} ms  "
                f"p99 {self._quantile(latencies, 0.99) * 1e3:7.2f} ms  "
                f"body {sum(s.size for s in mine) / len(mine) / 1e3:8.1f} kB"
            )
        return lines


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_project(root: Path, records: int) -> None:
    """A demo country with one published release named ``bench``."""
    run = CRIMESTATS
    subprocess.run(
        [*run, "demo", str(root), "--records", str(records)], check=True, capture_output=True
    )
    subprocess.run(
        [*run, "publish", str(root), "--release", "bench"], check=True, capture_output=True
    )


def start_server(root: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [*CRIMESTATS, "serve", str(root), "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, start_new_session=True)
    started = time.monotonic()
    deadline = started + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                # each process loads the release before it accepts requests: give the others
                # as long as the first one took
                if workers > 1:
                    time.sleep(max(2.0, time.monotonic() - started))
                return server
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
        time.sleep(0.2)
    raise SystemExit("the server did not answer within 120 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def query_mix(root: Path, release: str, seed: int, n: int) -> list[tuple[str, str]]:
    """``n`` (kind, request path) drawn from the realistic mix (see the module docstring)."""
    folder = root / "releases" / release
    manifest = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    tables = manifest["datasets"]
    obs = pd.read_parquet(folder / "observations.parquet")
    codes = {t: sorted(rows["iccs_code"].unique()) for t, rows in obs.groupby("dataset")}
    level1 = sorted(obs.loc[obs["iccs_level"] == 1, "iccs_code"].unique())
    years = sorted(obs["year"].unique())
    areas = sorted(a for a in obs["area"].unique() if a != "_T")
    pages = sorted(p.name for p in (folder / "portal" / "en").glob("*.html"))
    rng = random.Random(seed)

    def filters(table: dict[str, Any]) -> dict[str, str]:
        dims = list(table["dims"])
        params = {"iccs_code": ",".join(rng.sample(codes[table["id"]], rng.randint(1, 3)))}
        options: dict[str, Callable[[], str]] = {
            "year": lambda: str(rng.choice(years)),
            "measure": lambda: rng.choice(["count", "rate"]),
        }
        if "sex" in dims:
            options["sex"] = lambda: rng.choice(["F", "M", "F,M"])
        if "area" in dims:
            options["area"] = lambda: ",".join(rng.sample(areas, rng.randint(1, 2)))
        for name in rng.sample(sorted(options), rng.randint(0, 2)):
            params[name] = options[name]()
        return params

    def observations(fmt: str, whole: bool = False) -> str:
        table = rng.choice(tables)
        params = {"dataset": table["id"], **({} if whole else filters(table))}
        if fmt == "csv":
            params["format"] = "csv"
        return f"/api/releases/{release}/observations?{urlencode(params)}"

    def sdmx() -> str:
        table = rng.choice(tables)
        iccs = "+".join(rng.sample(level1, rng.randint(1, 2)))
        sex = rng.choice(["", "F", "F+M"]) if "sex" in table["dims"] else ""
        key = f"A....{iccs}..{sex}....count"
        return f"/sdmx/data/{table['flow']}/{key}?release={release}"

    makers: dict[str, tuple[float, Callable[[], str]]] = {
        "obs json": (0.32, lambda: observations("json")),
        "obs csv": (0.18, lambda: observations("csv")),
        "table": (0.02, lambda: observations(rng.choice(["json", "csv"]), whole=True)),
        "sdmx": (0.13, sdmx),
        "releases": (0.10, lambda: "/api/releases"),
        "portal": (0.15, lambda: f"/releases/{release}/portal/en/{rng.choice(pages)}"),
        "datasets": (0.05, lambda: f"/api/releases/{release}/datasets"),
        "footnotes": (0.05, lambda: f"/api/releases/{release}/footnotes"),
    }
    kinds = list(makers)
    weights = [makers[k][0] for k in kinds]
    return [(kind, makers[kind][1]()) for kind in rng.choices(kinds, weights, k=n)]


class RawConnection:
    """One kept-alive HTTP/1.1 connection: GET, then read headers and a Content-Length body."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def get(self, path: str) -> tuple[int, int]:
        """Status and body size."""
        if self.writer is None or self.reader is None:
            await self.connect()
        assert self.reader is not None and self.writer is not None
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: bench\r\nAccept-Encoding: gzip\r\n\r\n".encode()
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {k.lower(): v for k, _, v in (line.partition(": ") for line in lines[1:])}
        length = headers.get("content-length")
        if length is None:
            raise RuntimeError(f"{path}: no Content-Length (chunked answers are not read)")
        await self.reader.readexactly(int(length))
        return status, int(length)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def drive(
    name: str,
    port: int,
    paths: Sequence[tuple[str, str]],
    clients: int,
    kind: str,
    think: float = 0.0,
) -> Result:
    """``clients`` concurrent clients sharing ``paths`` (each takes the next one), each waiting a
    random time of mean ``think`` seconds before each request (0: none, a closed loop at full
    speed). Connections are opened before the clock starts, as a browser or script keeps them."""
    pause = random.Random(7)
    samples: list[Sample] = []
    queue = iter(paths)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    shared = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60)
    raws = [RawConnection(port) for _ in range(clients)]
    if kind == "raw":
        # one after another, as clients arrive: opened all at once, the connections would mostly
        # be accepted by whichever server process woke first
        for raw in raws:
            await raw.connect()
    else:
        await asyncio.gather(*(shared.get("/api/health") for _ in range(clients)))

    async def client(raw: RawConnection) -> None:
        for what, path in queue:
            if think:
                await asyncio.sleep(pause.expovariate(1 / think))
            start = time.perf_counter()
            if kind == "raw":
                status, size = await raw.get(path)
            else:
                response = await shared.get(path)
                status, size = response.status_code, len(response.content)
            samples.append(Sample(what, time.perf_counter() - start, size, status))

    start = time.perf_counter()
    try:
        await asyncio.gather(*(client(raw) for raw in raws))
    finally:
        wall = time.perf_counter() - start
        for raw in raws:
            raw.close()
        await shared.aclose()
    return Result(name, samples, wall)


def run(coroutine: Coroutine[Any, Any, Result]) -> Result:
    """Run on uvloop when it is installed (as uvicorn does), else on asyncio's loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("project", nargs="?", type=Path, help="a project with published releases")
    parser.add_argument("--release", default=None, help="release to query (default: the latest)")
    parser.add_argument("--records", type=int, default=20_000, help="demo size without PROJECT")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean pause (ms) of each client before each request; 0 = none (full speed)",
    )
    args = parser.parse_args(argv)

    temp = None
    root = args.project
    if root is None:
        temp = Path(tempfile.mkdtemp(prefix="crimestats-api-"))
        root = temp / "demo"
        print(f"making a demo of {args.records:,} records and publishing it in {root} ...")
        make_project(root, args.records)
    port = free_port()
    server = start_server(root, port, args.workers)
    try:
        listed = httpx.get(f"http://127.0.0.1:{port}/api/releases").json()
        release = args.release or listed[-1]["name"]
        rows = len(pd.read_parquet(root / "releases" / release / "observations.parquet"))
        print(
            f"release {release}: {rows:,} observations; {args.clients} clients, "
            f"{args.requests:,} requests per run, {args.client} client, "
            f"{args.workers} server worker(s), {os.cpu_count()} CPUs, "
            + (f"{args.think:g} ms mean think time" if args.think else "no think time")
        )
        warmup = query_mix(root, release, args.seed + 1, 2_000)
        mix = query_mix(root, release, args.seed, args.requests)
        health = [("health", "/api/health")] * args.requests
        think = args.think / 1000
        run(drive("warm-up", port, warmup, args.clients, args.client))
        baseline = run(drive("baseline", port, health, args.clients, args.client, think))
        measured = run(drive("mix", port, mix, args.clients, args.client, think))
    finally:
        stop_server(server)
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    print(baseline.line())
    print(measured.line())
    print("\n".join(measured.by_kind()))
    print(
        f"ratio mix/baseline: p50 {measured.quantile(0.5) / baseline.quantile(0.5):.2f}x  "
        f"p99 {measured.quantile(0.99) / baseline.quantile(0.99):.2f}x  "
        f"throughput {measured.throughput / baseline.throughput:.2f}x"
    )
    target = "met" if measured.quantile(0.99) < 0.05 else "missed"
    print(f"target p99 < 50 ms: {target}")


if __name__ == "__main__":
    main()
