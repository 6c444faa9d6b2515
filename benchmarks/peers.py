#!/usr/bin/env python3
"""Benchmark: this app against its peer, Datasette, on the same data, the same machine, in
one interleaved run; p50 and p95 per page, the ratio app/peer, and requests/s.

    .venv/bin/pip install --require-hashes -r requirements-bench.txt     # Datasette
    .venv/bin/python benchmarks/peers.py [--rounds 50] [--clients 3] [--seconds 2]
        [--postgres URL] [--no-sqlite] [--cache-url redis://127.0.0.1:6379/5] [--write-docs]

A scratch database gets the real migrations, the GCAT catalog and the seed articles
(load.prepare_site); gunicorn serves it with 3 workers and the production settings, as
benchmarks/load.py does. Its published incidents, as the app's own export gives them
(incidents/exports.py) with their vehicle families and summaries, go into a second SQLite
file, the way a Datasette user would load them: one `incidents` table, indexes on the
filtered columns and the newest-first order, an FTS5 table for `?_search=`. Datasette serves
that file immutable (`-i`) in a process of its own, newest first and 25 rows a page like the
app, without suggested facets (the app suggests none either). Both listen on 127.0.0.1.

Pairs of pages, app against peer: an incident page against the row page; the incident list
of one vehicle family against the table filtered by that family; the search page against
the table's full-text search for ten typical queries; the API's incident list against the
table's JSON. Each client (httpx, one per server) asks for every page after a warm-up; then
`--rounds` rounds of sequential requests, app and peer in turn (who goes first alternates),
so a slow second on a shared machine slows both alike. Then each server alone answers
`--clients` concurrent clients for `--seconds` per page: requests/s. All of it twice: the app
as deployed (whole pages kept under the data version, config/page_cache.py), then with every
page made afresh (PAGE_CACHE_SECONDS=0), both servers started anew. `--cache-url` gives the
app Redis as its shared cache, as docker-compose.yml deploys it (default: the database cache).

Target (issue 25): each page at least as fast as its peer, at p50 and at p95 (ratio ≤ 1).
`--write-docs` puts the table, date, commit, machine speed and command into
docs/benchmarks.md, between the PEERS_START and PEERS_END markers.
"""

import argparse
import datetime
import json
import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import BIN, Server, free_port, prepare_site, server_env  # noqa: E402
from benchmarks.scratch import scratch_databases, setup_django, timed_get  # noqa: E402
from benchmarks.search_scale_report import machine_speed_line, percentiles  # noqa: E402

BENCH_DB = f"incidents_bench_peers_{os.getpid()}"
DOCS = ROOT / "docs" / "benchmarks.md"
PEERS_START = "<!-- peers:start -->"
PEERS_END = "<!-- peers:end -->"

# The peer's database: a file named incidents.db is Datasette's database "incidents".
PEER_DATABASE = "incidents"
PEER_TABLE = "incidents"
PEER_FTS = "incidents_fts"
# What a row of the app's list shows (incidents.rendering.incident_row), its page's address,
# and the texts that the app's search reads too (summary, GCAT's note), from the app's export
# rows (incidents/exports.py).
PEER_COLUMNS = (
    "title",
    "date",
    "outcome",
    "fatalities",
    "vehicles",
    "family",
    "agencies",
    "site",
    "sources",
    "mentions",
    "url",
    "summary",
    "note",
)
SEARCHED_COLUMNS = ("title", "summary", "note", "vehicles", "family", "agencies", "site")
# English stems, as the app's search has them (sqlite-utils' `enable_fts(tokenize="porter")`)
PEER_TOKENIZER = "porter"
# What the list filters on and sorts by, as a Datasette user who publishes it would index it.
PEER_INDEXES = {
    "incidents_date": ("date",),
    "incidents_family_date": ("family", "date"),
    "incidents_outcome_date": ("outcome", "date"),
    "incidents_site_date": ("site", "date"),
}
PAGE_SIZE = 25  # the app's lists and API (incidents.views.PAGE_SIZE)
PEER_SETTINGS = {"default_page_size": str(PAGE_SIZE), "suggest_facets": "off"}

# Typical searches on the catalog and the seeds: search_scale_measure.QUERIES with those that
# find no incident here (its synthetic articles' words) replaced by names with many incidents.
# "Soyus" is misspelt: the app corrects it, Datasette finds nothing.
SEARCHES = [
    "soyuz 2016",
    '"third stage"',
    "Proton",
    "falcon 9",
    "Baikonur engine failure",
    "Progress MS-04",
    "turbopump",
    "Atlas Agena",
    "Kosmos",
    "Soyus",
]

# Each pair: what the table calls it, and what the peer's page is.
PAIRS = {
    "incident": ("one incident", "row page"),
    "family": ("incident list, one family", "filtered table"),
    "search": (f"search, {len(SEARCHES)} queries", "FTS `?_search=`"),
    "api": ("API incident list", "table `.json`"),
}
INCIDENTS = 10  # incident pages measured: the most cited, then others spread by id
FAMILIES = 3


# --------------------------------------------------------------------- the peer's database


def peer_rows() -> list[dict]:
    """The published incidents (in a process with Django set up) as a Datasette user would
    load them: the id, then PEER_COLUMNS from the app's own export rows (incidents/exports.py)
    with the vehicle families, the summary and GCAT's note added, lists joined with "; " as
    the CSV export joins them."""
    from incidents import exports
    from incidents.models import Incident

    published = Incident.objects.published()
    families = _family_names(published)
    texts = {
        pk: (summary, note)
        for pk, summary, note in published.values_list("pk", "summary", "catalog_note")
    }
    address = exports.page_addresses(lambda path: path)
    rows = []
    for raw in exports.all_of(published.order_by("pk")):
        record = {
            **exports.record(raw, address),
            "family": families.get(raw["id"], []),
            "summary": texts[raw["id"]][0],
            "note": texts[raw["id"]][1],
        }
        rows.append({"id": raw["id"], **{name: _joined(record[name]) for name in PEER_COLUMNS}})
    return rows


def _family_names(incidents) -> dict[int, list[str]]:
    """Each incident's vehicle families' names, in name order."""
    from incidents.models import Incident

    links = Incident.vehicles.through.objects.filter(
        incident__in=incidents, vehicle__family__isnull=False
    ).values_list("incident_id", "vehicle__family__name")
    names: dict[int, set[str]] = {}
    for incident_id, name in links:
        names.setdefault(incident_id, set()).add(name)
    return {pk: sorted(found) for pk, found in names.items()}


def _joined(value):
    return "; ".join(value) if isinstance(value, list) else value


def write_peer_database(path: Path, rows: list[dict]) -> None:
    """`rows` (dicts with the same keys, an int "id" first) as the table `incidents` of a new
    SQLite file at `path`, with its indexes and its FTS5 table, analysed."""
    columns = list(rows[0])
    db = sqlite3.connect(path)
    try:
        db.execute(f"CREATE TABLE [{PEER_TABLE}] ({_column_definitions(columns, rows)})")
        db.executemany(
            f"INSERT INTO [{PEER_TABLE}] VALUES ({', '.join('?' for _ in columns)})",
            ([row[column] for column in columns] for row in rows),
        )
        for name, indexed in PEER_INDEXES.items():
            db.execute(f"CREATE INDEX [{name}] ON [{PEER_TABLE}] ({_names(indexed)})")
        # (the sqlite-utils way: an external-content table, which Datasette finds by itself)
        searched = _names(SEARCHED_COLUMNS)
        db.execute(
            f"CREATE VIRTUAL TABLE [{PEER_FTS}] USING FTS5 "
            f"({searched}, tokenize='{PEER_TOKENIZER}', content=[{PEER_TABLE}])"
        )
        db.execute(
            f"INSERT INTO [{PEER_FTS}] (rowid, {searched}) "
            f"SELECT rowid, {searched} FROM [{PEER_TABLE}]"
        )
        db.execute("ANALYZE")
        db.commit()
    finally:
        db.close()


def _column_definitions(columns: list[str], rows: list[dict]) -> str:
    def kind(column: str) -> str:
        values = [row[column] for row in rows if row[column] is not None]
        return "INTEGER" if values and all(isinstance(v, int) for v in values) else "TEXT"

    first, *others = columns
    return ", ".join([f"[{first}] INTEGER PRIMARY KEY", *(f"[{c}] {kind(c)}" for c in others)])


def _names(columns: Iterable[str]) -> str:
    return ", ".join(f"[{column}]" for column in columns)


def peer_metadata() -> dict:
    """Datasette's metadata.json: the table newest first (the app's lists' order), and which
    FTS table searches it (Datasette would find it alone; said here so it never guesses)."""
    table = {"sort_desc": "date", "fts_table": PEER_FTS, "fts_pk": "id", "label_column": "title"}
    return {"databases": {PEER_DATABASE: {"tables": {PEER_TABLE: table}}}}


def chosen_pairs(rows: list[dict], family_slugs: dict[str, str]) -> dict[str, list[list[str]]]:
    """For each kind of page, (app address, peer address) pairs on the same rows. Families:
    those whose filtered table has exactly the incidents the app's family filter lists (an
    incident of two families is in both of the app's lists, but equals neither name), most
    incidents first; `family_slugs` maps a family's name to its slug."""
    table = f"/{PEER_DATABASE}/{PEER_TABLE}"
    by_sources = sorted(rows, key=lambda row: (-row["sources"], row["id"]))
    cited = [row for row in by_sources[: INCIDENTS // 2] if row["sources"]]
    others = [row for row in rows if row not in cited]
    spread = others[:: max(1, len(others) // (INCIDENTS - len(cited)))][: INCIDENTS - len(cited)]
    listed: dict[str, int] = {}
    alone: dict[str, int] = {}
    for row in rows:
        names = row["family"].split("; ") if row["family"] else []
        for name in names:
            listed[name] = listed.get(name, 0) + 1
        if len(names) == 1:
            alone[names[0]] = alone.get(names[0], 0) + 1
    same = [name for name, count in listed.items() if alone.get(name) == count]
    families = sorted(same, key=lambda name: (-listed[name], name))[:FAMILIES]
    return {
        "incident": [[row["url"], f"{table}/{row['id']}"] for row in cited + spread],
        "family": [
            [f"/incidents/?{urlencode({'family': family_slugs[name]})}", f"{table}?{_q(name)}"]
            for name in families
        ],
        "search": [
            [f"/search/?{urlencode({'q': query})}", f"{table}?{urlencode({'_search': query})}"]
            for query in SEARCHES
        ],
        "api": [["/api/incidents/", f"{table}.json"]],
    }


def _q(family: str) -> str:
    return urlencode({"family": family})


def build_peer(folder: str) -> None:
    """As the worker (Django on the scratch database): write the peer's database and metadata
    into `folder`; print the pairs as JSON."""
    setup_django()
    from incidents.models import VehicleFamily

    rows = peer_rows()
    write_peer_database(Path(folder) / f"{PEER_DATABASE}.db", rows)
    (Path(folder) / "metadata.json").write_text(json.dumps(peer_metadata()))
    slugs = dict(VehicleFamily.objects.values_list("name", "slug"))
    print(json.dumps({"incidents": len(rows), "pairs": chosen_pairs(rows, slugs)}))


# ----------------------------------------------------------------------------- the servers


class Peer:
    """Datasette on the peer's database, immutable, on 127.0.0.1 in a process of its own."""

    def __init__(self, folder: Path):
        self.port = free_port()
        command = [str(BIN / "datasette"), "serve", "-i", str(folder / f"{PEER_DATABASE}.db")]
        command += ["--metadata", str(folder / "metadata.json")]
        command += ["-h", "127.0.0.1", "-p", str(self.port)]
        for name, value in PEER_SETTINGS.items():
            command += ["--setting", name, value]
        # (its access log, one line a request, goes nowhere: gunicorn's does too; uvicorn's
        # other messages go to a file, shown if Datasette does not start)
        self.log = folder / "datasette.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command,
                cwd=folder,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,  # (as gunicorn: stopped by us, not by Ctrl-C)
            )
        try:
            wait_until_answering(self.process, f"http://127.0.0.1:{self.port}/-/versions.json")
        except BaseException:
            self.stop()
            print(self.log.read_text()[-3000:], file=sys.stderr)
            raise

    def stop(self) -> None:
        stop_process(self.process)


def wait_until_answering(process: subprocess.Popen, url: str, seconds: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server for {url} exited ({process.returncode})")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# ---------------------------------------------------------------------------- measuring


@dataclass
class Figures:
    """One kind of page, app and peer: milliseconds per request, and requests/s."""

    app: list[float]
    peer: list[float]
    app_rate: float | None = None
    peer_rate: float | None = None


def warm_up(clients: tuple, pairs: dict[str, list[list[str]]], passes: int = 3) -> None:
    """Every page, `passes` times each (gunicorn's workers each have their own connections
    and caches in memory, and a request may reach any of them)."""
    for _ in range(passes):
        for addresses in pairs.values():
            for pair in addresses:
                for client, url in zip(clients, pair, strict=True):
                    timed_get(client, url)


def interleaved(clients: tuple, pairs: dict[str, list[list[str]]], rounds: int) -> dict:
    """Round after round, the next address of each kind of page from the app and from the
    peer, one right after the other; the peer goes first in every other round."""
    samples = {kind: Figures([], []) for kind in pairs}
    for round_ in range(rounds):
        for kind, addresses in pairs.items():
            app_url, peer_url = addresses[round_ % len(addresses)]
            order = [(0, app_url), (1, peer_url)]
            for side, url in order if round_ % 2 == 0 else order[::-1]:
                taken = timed_get(clients[side], url)
                (samples[kind].app if side == 0 else samples[kind].peer).append(taken)
    return samples


def requests_per_second(base_url: str, urls: list[str], clients: int, seconds: float) -> float:
    """How many requests `clients` concurrent clients (a thread each, one after another)
    get answered in `seconds`, per second."""
    import httpx

    answered = [0] * clients
    deadline = time.monotonic() + seconds

    def client_loop(number: int) -> None:
        with httpx.Client(base_url=base_url, timeout=60) as client:
            while time.monotonic() < deadline:
                timed_get(client, urls[(number + answered[number]) % len(urls)])
                answered[number] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(answered) / (time.monotonic() - started)


def measure(app_base: str, peer_base: str, pairs: dict, args) -> dict[str, Figures]:
    import httpx

    with (
        httpx.Client(base_url=app_base, timeout=60) as app,
        httpx.Client(base_url=peer_base, timeout=60) as peer,
    ):
        warm_up((app, peer), pairs)
        figures = interleaved((app, peer), pairs, args.rounds)
    if args.clients and args.seconds:
        for kind, addresses in pairs.items():
            app_urls, peer_urls = ([pair[side] for pair in addresses] for side in (0, 1))
            figures[kind].app_rate = requests_per_second(
                app_base, app_urls, args.clients, args.seconds
            )
            figures[kind].peer_rate = requests_per_second(
                peer_base, peer_urls, args.clients, args.seconds
            )
    return figures


# ------------------------------------------------------------------------------ reporting


def markdown_table(figures: dict[str, Figures]) -> str:
    """A row per kind of page: p50 and p95 of each side and their ratio app/peer, requests/s,
    and whether the app is at least as fast at both (ratio ≤ 1)."""
    lines = [
        "| page | peer page | app p50 ms | peer p50 ms | p50 app/peer | app p95 ms "
        "| peer p95 ms | p95 app/peer | app req/s | peer req/s | app ≤ peer |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for kind, measured in figures.items():
        page, peer_page = PAIRS[kind]
        app_p50, app_p95, _ = percentiles(measured.app)
        peer_p50, peer_p95, _ = percentiles(measured.peer)
        p50_ratio, p95_ratio = app_p50 / peer_p50, app_p95 / peer_p95
        mark = "✔" if p50_ratio <= 1 and p95_ratio <= 1 else "✘"
        lines.append(
            f"| {page} | {peer_page} | {app_p50:.1f} | {peer_p50:.1f} | {p50_ratio:.2f}× "
            f"| {app_p95:.1f} | {peer_p95:.1f} | {p95_ratio:.2f}× "
            f"| {_rate(measured.app_rate)} | {_rate(measured.peer_rate)} | {mark} |"
        )
    return "\n".join(lines)


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def docs_section(tables: list[tuple[str, str]], about: dict[str, str]) -> str:
    """What goes between the markers: how and when it was measured, then a table per
    database (name, markdown table)."""
    lines = [
        PEERS_START,
        f"Measured {about['date']} at {about['commit']}; {about['machine']}; "
        f"load average {about['load']}.",
        "",
        "    " + about["command"],
        "",
    ]
    for database, table in tables:
        lines += [f"{database} ({about['details']}):", "", table, ""]
    lines.append(PEERS_END)
    return "\n".join(lines)


def replace_section(text: str, section: str) -> str:
    """`text` with what lies between the markers (the markers included) replaced by `section`;
    `section` appended, after a heading, when `text` has no markers yet."""
    start, end = text.find(PEERS_START), text.find(PEERS_END)
    if start == -1 and end == -1:
        heading = "## Against its peer, Datasette (`benchmarks/peers.py`)"
        return f"{text.rstrip()}\n\n{heading}\n\n{section}\n"
    if start == -1 or end < start:
        raise ValueError(f"docs: {PEERS_START} and {PEERS_END} must both be there, in order")
    return text[:start] + section + text[end + len(PEERS_END) :]


def current_commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no")
    return f"{commit} (with uncommitted changes)" if changed else commit


# --------------------------------------------------------------------------------- running


# The app as deployed (its whole pages kept under the data version), and with every page made
# afresh (PAGE_CACHE_SECONDS=0): what a page costs the first time after a change.
PAGE_CACHE_MODES = {"page cache on": {}, "pages made afresh": {"PAGE_CACHE_SECONDS": "0"}}


def run_pair(database_url: str, args) -> tuple[dict[str, dict[str, Figures]], int]:
    """Prepare both servers on the data of `database_url`; measure the pairs with the app in
    each of PAGE_CACHE_MODES, both servers started anew for each; stop both."""
    # The API's rate limit for visitors (120 a minute) would answer this one client 429 within
    # the run: raised out of reach, the throttle still does its work (a cache read and write).
    env = {**server_env(database_url), "API_RATE_ANON": "1000000/minute"}
    if args.cache_url:  # as deployed (docker-compose.yml: Redis); else the database cache
        env["CACHE_URL"] = args.cache_url
    started = time.monotonic()
    prepare_site(env)
    print(f"migrated, catalog and seeds loaded in {time.monotonic() - started:.0f} s", flush=True)
    with tempfile.TemporaryDirectory(prefix="peers-") as name:
        folder = Path(name)
        built = subprocess.run(
            [sys.executable, __file__, "--build-peer", str(folder)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        prepared = json.loads(built)
        modes = {mode: {**env, **extra} for mode, extra in PAGE_CACHE_MODES.items()}
        figures = {
            mode: measure_servers(mode_env, folder, prepared["pairs"], args)
            for mode, mode_env in modes.items()
        }
        return figures, prepared["incidents"]


def measure_servers(env: dict, folder: Path, pairs: dict, args) -> dict[str, Figures]:
    servers: list = []
    try:
        servers.append(Server(env, args.workers))
        servers.append(Peer(folder))
        app, peer = (f"http://127.0.0.1:{server.port}" for server in servers)
        started = time.monotonic()
        figures = measure(app, peer, pairs, args)
        print(f"measured in {time.monotonic() - started:.0f} s", flush=True)
        return figures
    finally:
        for server in reversed(servers):
            server.stop()


def databases(args) -> Iterator[tuple[str, str]]:
    for name, url in scratch_databases(args.postgres, BENCH_DB):
        if not (name == "SQLite" and args.no_sqlite):
            yield name, url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="interleaved rounds (50)")
    parser.add_argument("--clients", type=int, default=3, help="concurrent clients for req/s")
    parser.add_argument(
        "--seconds", type=float, default=2, help="seconds per page and server for req/s (0: none)"
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--postgres", help="a PostgreSQL URL whose server may hold a scratch db")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL alone")
    parser.add_argument(
        "--cache-url",
        help="the app's shared cache (redis://127.0.0.1:6379/5, as docker-compose.yml deploys "
        "it with Redis); default the database cache",
    )
    parser.add_argument("--write-docs", action="store_true", help="write docs/benchmarks.md")
    parser.add_argument("--build-peer", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_peer:
        build_peer(args.build_peer)
        return
    if not (BIN / "datasette").exists():
        raise SystemExit(
            "Datasette is missing: .venv/bin/pip install --require-hashes -r requirements-bench.txt"
        )
    # Ctrl-C stops the servers (the `finally` in run_pair) even when whatever started this had
    # SIGINT ignored (a shell's background job), and SIGTERM does as Ctrl-C does.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    machine = machine_speed_line()
    print(machine, flush=True)
    tables = []
    incidents = 0
    for name, url in databases(args):
        by_mode, incidents = run_pair(url, args)
        for mode, figures in by_mode.items():
            table = markdown_table(figures)
            print(f"\n{name}, {mode}: {incidents} published incidents, {args.rounds} rounds")
            print(table)
            tables.append((f"{name}, {mode}", table))
    if args.write_docs and tables:
        about = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": current_commit(),
            "machine": machine,
            "load": " ".join(f"{load:.1f}" for load in os.getloadavg()),
            "command": shlex.join([".venv/bin/python", "benchmarks/peers.py", *sys.argv[1:]]),
            "details": f"{incidents} published incidents, {args.rounds} interleaved rounds, "
            f"{args.clients} clients × {args.seconds:g} s for req/s",
        }
        DOCS.write_text(replace_section(DOCS.read_text(), docs_section(tables, about)))
        print(f"\nwrote {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        sys.exit(130)
