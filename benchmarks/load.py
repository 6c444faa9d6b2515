#!/usr/bin/env python3
"""Benchmark: the site under load on loopback; print requests/s, p95 and errors for a page mix,
then (on PostgreSQL) the errors while the database restarts in the middle of a run.

    .venv/bin/pip install --require-hashes -r requirements-bench.txt     # locust
    .venv/bin/python benchmarks/load.py [--users 20] [--seconds 30] [--workers 3]
        [--postgres URL [--restart "pg_ctlcluster 15 main restart" | --no-restart]]

A scratch database gets the GCAT catalog and the seed articles; gunicorn serves the
production settings (DEBUG off, static files collected) on 127.0.0.1 only; locust
(benchmarks/locustfile.py) sends the page mix for a bounded time. Load generator and server
share this machine's cores, so the figures are a floor.
"""

import argparse
import collections
import csv
import json
import os
import random
import shlex
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import manage, scratch_databases, setup_django  # noqa: E402

BENCH_DB = f"incidents_bench_load_{os.getpid()}"  # (one server may serve several runs)
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "load-benchmark-only",
        "HTTPS_ONLY": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }


def prepare_site(env: dict) -> None:
    """The scratch database of `env` migrated, with the catalog and the seed articles (and an
    editor account), and the static files collected, as production serves them."""
    manage("migrate", "--noinput", env=env)
    manage("setup_demo", "--username", "load", "--password", "load-benchmark", env=env)
    if not collected_static_files_current():
        manage("collectstatic", "--noinput", env=env)


def collected_static_files_current() -> bool:
    """Whether staticfiles/ was collected after the last change to the project's static files
    and the last package installed: collectstatic takes minutes here (whitenoise compresses
    every file, the API docs' bundles with brotli), longer than the rest of a benchmark."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    packages = Path(sysconfig.get_paths()["purelib"])
    sources = [*(ROOT / "static").rglob("*"), *packages.glob("*.dist-info")]
    return all(path.stat().st_mtime < manifest.stat().st_mtime for path in sources)


def prepare(env: dict, folder: Path) -> Path:
    prepare_site(env)
    paths = subprocess.run(
        [sys.executable, __file__, "--paths"], env=env, check=True, capture_output=True, text=True
    ).stdout
    target = folder / "paths.json"
    target.write_text(paths)
    return target


def list_paths() -> None:
    setup_django()
    from articles.models import Article
    from incidents import menus
    from incidents.models import Incident, Vehicle

    published = Incident.objects.published()
    # (the list's family filter takes the families in its menu: those with a published
    # incident; any other is a form error)
    families = [entry.slug for entry in menus.FAMILIES.refresh().entries]
    print(
        json.dumps(
            {
                "incidents": [i.get_absolute_url() for i in published.order_by("?")[:300]],
                "articles": [a.get_absolute_url() for a in Article.objects.all()[:50]],
                "vehicles": [
                    f"/vehicles/{s}/" for s in Vehicle.objects.values_list("slug", flat=True)[:200]
                ],
                "families": random.sample(families, min(50, len(families))),
            }
        )
    )


class Server:
    def __init__(self, env: dict, workers: int):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "error",
                "--access-logfile",
                "/dev/null",  # (gunicorn.conf.py logs every request; not here)
            ],
            cwd=ROOT,
            env=env,
            # (Ctrl-C reaches the benchmark alone, which then stops gunicorn: no worker dies
            # in the middle of a request, printing a traceback)
            start_new_session=True,
        )
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def cpu_seconds(self) -> float:
        """CPU time the workers used so far (running ones, and those gunicorn has reaped):
        what a request costs the server, however busy the machine is with other work."""
        ticks = _cpu_ticks(self.process.pid, children=True)
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # (it has just exited)
            if int(fields[1]) == self.process.pid:
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")


def _cpu_ticks(pid: int, *, children: bool) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[13]) + int(fields[14]) if children else int(fields[11]) + int(fields[12])


def run_locust(port: int, paths: Path, users: int, seconds: int, folder: Path) -> dict:
    prefix = folder / f"run-{time.monotonic_ns()}"
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
        ],
        env={**os.environ, "LOAD_PATHS": str(paths)},
        check=False,
        capture_output=True,
    )
    with open(f"{prefix}_stats.csv") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    with open(f"{prefix}_failures.csv") as failures:
        errors: collections.Counter[str] = collections.Counter()
        for row in csv.DictReader(failures):
            errors[row["Error"]] += int(row["Occurrences"])
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "per_second": float(total["Requests/s"]),
        "p50": total["50%"],
        "p95": total["95%"],
        "errors": errors,
    }


def run_measured(server: Server, paths: Path, args, folder: Path) -> dict:
    before = server.cpu_seconds()
    result = run_locust(server.port, paths, args.users, args.seconds, folder)
    spent = server.cpu_seconds() - before
    return {**result, "cpu_ms": 1000 * spent / max(result["requests"], 1)}


def report(label: str, result: dict) -> None:
    print(
        f"{label:28} {result['requests']:7d} requests {result['per_second']:7.1f}/s "
        f"p50 {result['p50']:>5} ms  p95 {result['p95']:>5} ms  errors {result['failures']}  "
        f"server CPU {result['cpu_ms']:.1f} ms/request"
    )
    for error, count in sorted(result["errors"].items(), key=lambda item: -item[1]):
        print(f"{'':28} {count:7d} × {error}")


def measure(database_url: str, args, restart: str | None) -> None:
    env = server_env(database_url)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        paths = prepare(env, folder)
        server = Server(env, args.workers)
        try:
            report("page mix", run_measured(server, paths, args, folder))
            if restart:
                timer = threading.Timer(args.seconds / 3, _restart, args=(restart,))
                timer.start()
                result = run_measured(server, paths, args, folder)
                timer.join()
                report("page mix, database restarts", result)
        finally:
            server.stop()


def _restart(command: str) -> None:
    started = time.monotonic()
    subprocess.run(shlex.split(command), check=True, capture_output=True)
    print(f"(the database restarted in {time.monotonic() - started:.1f} s)", flush=True)


def default_restart() -> str | None:
    if not shutil.which("pg_ctlcluster"):
        return None
    version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])[
        -1
    ]
    return f"pg_ctlcluster --skip-systemctl-redirect {version} main restart"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--postgres", help="a PostgreSQL URL whose server may hold a scratch db")
    parser.add_argument("--restart", help="the command that restarts that PostgreSQL server")
    parser.add_argument(
        "--no-restart",
        action="store_true",
        help="leave the PostgreSQL server alone (one that others are using)",
    )
    parser.add_argument("--paths", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.paths:
        list_paths()
        return
    print(f"{args.users} users for {args.seconds} s each run, {args.workers} gunicorn workers")
    for name, url in scratch_databases(args.postgres, BENCH_DB):
        print(name)
        restart = None if name == "SQLite" or args.no_restart else args.restart or default_restart()
        measure(url, args, restart=restart)


if __name__ == "__main__":
    main()
