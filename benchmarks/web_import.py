#!/usr/bin/env python3
"""Benchmark: import N web pages served on 127.0.0.1, end to end; print pages per second and
the importer's peak memory.

    .venv/bin/python benchmarks/web_import.py [--count 300] [--postgres URL] [--no-sqlite]

Each database gets the real GCAT catalog first. The pages are news pages as sites serve them
(navigation, cookie banner, share buttons, newsletter box, related stories, footer, JSON-LD and
Open Graph metadata) around the synthetic articles of import_speed.py, written to a folder and
served by `python -m http.server` in a process of its own. The importer fetches each page
(robots.txt once, the pause between requests to one host off: it is loopback), extracts it
with trafilatura, links it and stores it: what `manage.py import_urls` does. One process.
Target: at least 20 pages/s and under 300 MB.
"""

import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import run_benchmark, setup_django, worker_output  # noqa: E402

BENCH_DB = "incidents_bench_web"


def write_pages(folder: Path, count: int) -> list[str]:
    """N pages in `folder`; their paths."""
    from benchmarks.import_speed import synthetic_articles
    from tests.articles.web.samples import news_page

    paths = []
    for index, (_, data) in enumerate(synthetic_articles(count)):
        title, _, rest = data.decode("utf-8").partition("\n\n")
        paragraphs = tuple(p.replace("\n", " ") for p in rest.split("\n\n") if p.strip())
        page = news_page(
            headline=title,
            paragraphs=paragraphs,
            canonical=f"https://wire.example/news/{index}",
            site="Example Wire",
        )
        path = f"news-{index:06d}.html"
        (folder / path).write_text(page, encoding="utf-8")
        paths.append(path)
    return paths


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(folder: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("the page server did not start")


def worker(count: int) -> None:
    setup_django()
    from articles.importer import import_files
    from articles.models import ImportRun
    from articles.web.pages import fetched_inputs, fetcher

    with tempfile.TemporaryDirectory() as folder:
        paths = write_pages(Path(folder), count)
        server, port = serve(Path(folder))
        try:
            addresses = [f"http://127.0.0.1:{port}/{path}" for path in paths]
            started = time.perf_counter()
            with fetcher(allow_private=True, host_interval=0) as pages:
                _, results = import_files(
                    fetched_inputs(addresses, pages), source=ImportRun.Source.COMMAND
                )
            seconds = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait()
    created = sum(r.outcome == "created" for r in results)
    failed = [r.reason for r in results if r.outcome == "failed"]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"{created} {len(failed)} {seconds:.3f} {peak_mb:.0f}")
    if failed:
        print(f"first failure: {failed[0]}", file=sys.stderr)


def measure(database_url: str, count: int) -> tuple[int, int, float, float]:
    output = worker_output(__file__, database_url, "--count", str(count))
    return int(output[0]), int(output[1]), float(output[2]), float(output[3])


def report(name: str, database_url: str, count: int) -> None:
    created, failed, seconds, peak_mb = measure(database_url, count)
    print(
        f"{name:12} {created:7d} {failed:6d} {seconds:8.1f}s {created / seconds:9.1f}"
        f" {peak_mb:9.0f}"
    )


if __name__ == "__main__":
    run_benchmark(
        __doc__,
        size=("count", 300),
        scratch_name=BENCH_DB,
        worker=worker,
        measure=report,
        header=f"{'database':12} {'created':>7} {'failed':>6} {'time':>9} {'pages/s':>9}"
        f" {'peak MB':>9}",
    )
