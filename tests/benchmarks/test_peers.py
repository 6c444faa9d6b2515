"""benchmarks/peers.py: the peer's database made from the app's rows, the pages paired on the
same rows, the table and the docs section it writes; and, where Datasette is installed (the
bench extra), that Datasette finds in that database what the benchmark asks it for."""

import datetime
import json
import sqlite3

import pytest

from benchmarks.load import BIN
from benchmarks.peers import (
    PEER_TABLE,
    PEERS_END,
    PEERS_START,
    Figures,
    Peer,
    chosen_pairs,
    docs_section,
    markdown_table,
    peer_metadata,
    peer_rows,
    replace_section,
    write_peer_database,
)
from tests.factories import make_agency, make_family, make_incident, make_site, make_vehicle

D = datetime.date


def row(pk: int, family: str, sources: int = 0) -> dict:
    return {"id": pk, "family": family, "sources": sources, "url": f"/incidents/i-{pk}/"}


@pytest.fixture
def incidents(db):
    """Two published incidents of two families (one of them of both), and a draft."""
    soyuz, atlas = make_family(name="Soyuz"), make_family(name="Atlas")
    first = make_incident(
        title="Progress MS-04 launch failure",
        date=D(2016, 12, 1),
        summary="The third stage failed over Tuva.",
        catalog_note="Vent valve leak",
        vehicles=[make_vehicle(name="Soyuz-U", family=soyuz)],
        agencies=[make_agency(name="Roscosmos")],
        site=make_site(name="Baikonur"),
    )
    both = make_incident(
        title="Mixed stack failure",
        date=D(1960, 5, 1),
        vehicles=[
            make_vehicle(name="Soyuz-2", family=soyuz),
            make_vehicle(name="Atlas-Agena", family=atlas),
        ],
    )
    make_incident(title="Draft failure", summary="turbopump", published=False)
    return first, both


def test_the_peer_has_the_published_incidents_with_their_names(incidents, tmp_path):
    first, both = incidents
    rows = peer_rows()
    write_peer_database(tmp_path / "incidents.db", rows)
    db = sqlite3.connect(tmp_path / "incidents.db")
    found = db.execute(
        f"SELECT id, title, date, vehicles, family, agencies, site, url FROM {PEER_TABLE} "
        "ORDER BY id"
    ).fetchall()
    assert found == [
        (
            first.pk,
            "Progress MS-04 launch failure",
            "2016-12-01",
            "Soyuz-U",
            "Soyuz",
            "Roscosmos",
            "Baikonur",
            first.get_absolute_url(),
        ),
        (
            both.pk,
            "Mixed stack failure",
            "1960-05-01",
            "Atlas-Agena; Soyuz-2",  # in name order, joined as the CSV export joins them
            "Atlas; Soyuz",
            "",
            "",
            both.get_absolute_url(),
        ),
    ]


def test_the_peer_searches_the_texts_and_names_and_leaves_drafts_out(incidents, tmp_path):
    first, both = incidents
    write_peer_database(tmp_path / "incidents.db", peer_rows())
    db = sqlite3.connect(tmp_path / "incidents.db")

    def matching(words: str) -> list[int]:
        sql = "SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ? ORDER BY rowid"
        return [pk for (pk,) in db.execute(sql, [words])]

    assert matching('"third stage"') == [first.pk]
    assert matching("soyuz") == [first.pk, both.pk]  # a vehicle's and a family's name
    assert matching("tuva roscosmos") == [first.pk]  # summary and agency
    assert matching("leaking valves") == [first.pk]  # GCAT's note, by English stems
    assert matching("turbopump") == []  # the draft's summary


def test_the_peer_reads_a_family_newest_first_from_an_index(incidents, tmp_path):
    write_peer_database(tmp_path / "incidents.db", peer_rows())
    db = sqlite3.connect(tmp_path / "incidents.db")
    plan = db.execute(
        f"EXPLAIN QUERY PLAN SELECT * FROM {PEER_TABLE} WHERE family = ? ORDER BY date DESC",
        ["Soyuz"],
    ).fetchall()
    assert "USING INDEX incidents_family_date" in plan[0][-1]
    assert "TEMP B-TREE" not in " ".join(step[-1] for step in plan)  # no sort


def test_the_peer_pairs_families_whose_filtered_table_has_the_same_rows():
    rows = [row(1, "Soyuz"), row(2, "Soyuz"), row(3, "Atlas"), row(4, "Atlas; Centaur")]
    rows += [row(5, "Delta", sources=2)]
    slugs = {"Soyuz": "soyuz", "Atlas": "atlas", "Centaur": "centaur", "Delta": "delta"}
    pairs = chosen_pairs(rows, slugs)
    # Atlas and Centaur: the app lists incident 4 under each, the table under neither
    assert pairs["family"] == [
        ["/incidents/?family=soyuz", "/incidents/incidents?family=Soyuz"],
        ["/incidents/?family=delta", "/incidents/incidents?family=Delta"],
    ]
    assert pairs["incident"][0] == ["/incidents/i-5/", "/incidents/incidents/5"]  # most cited
    assert sorted(pair[1] for pair in pairs["incident"]) == [
        f"/incidents/incidents/{pk}" for pk in (1, 2, 3, 4, 5)
    ]
    assert pairs["search"][1] == [
        "/search/?q=%22third+stage%22",
        "/incidents/incidents?_search=%22third+stage%22",
    ]
    assert pairs["api"] == [["/api/incidents/", "/incidents/incidents.json"]]


def test_the_table_gives_each_side_its_percentiles_the_ratios_and_the_verdict():
    figures = {
        # (the slowest 4 in 100 are past the 95th percentile)
        "incident": Figures([10.0] * 96 + [30.0] * 4, [20.0] * 100, app_rate=90, peer_rate=45),
        "api": Figures(app=[30.0] * 20, peer=[20.0] * 20),
    }
    lines = markdown_table(figures).splitlines()
    assert lines[2] == (
        "| one incident | row page | 10.0 | 20.0 | 0.50× | 10.0 | 20.0 | 0.50× | 90.0 | 45.0 | ✔ |"
    )
    assert lines[3] == (
        "| API incident list | table `.json` | 30.0 | 20.0 | 1.50× | 30.0 | 20.0 | 1.50× "
        "|  |  | ✘ |"  # no requests/s measured
    )


def test_the_docs_section_is_replaced_between_its_markers_and_nowhere_else():
    about = {
        "date": "2026-12-07 17:00 UTC",
        "commit": "abc1234",
        "machine": "machine: 2 cores; 10,000,000 Python additions in 0.40 s",
        "load": "1.0 1.0 1.0",
        "command": ".venv/bin/python benchmarks/peers.py --write-docs",
        "details": "571 published incidents",
    }
    section = docs_section([("SQLite", "| a table |")], about)
    assert section.startswith(PEERS_START) and section.endswith(PEERS_END)
    assert "    .venv/bin/python benchmarks/peers.py --write-docs" in section.splitlines()
    assert "SQLite (571 published incidents):" in section
    docs = f"# Benchmarks\n\nbefore\n\n{PEERS_START}\nold table\n{PEERS_END}\n\nafter\n"
    replaced = replace_section(docs, section)
    assert replaced == f"# Benchmarks\n\nbefore\n\n{section}\n\nafter\n"
    assert replace_section(replaced, section) == replaced


def test_the_docs_section_is_added_once_when_the_docs_have_none():
    added = replace_section("# Benchmarks\n\nother sections\n", f"{PEERS_START}\nt\n{PEERS_END}")
    assert added.startswith("# Benchmarks\n\nother sections\n\n## Against its peer, Datasette")
    assert added.count(PEERS_START) == 1 and added.endswith(f"{PEERS_END}\n")


def test_a_docs_file_with_one_marker_alone_is_refused():
    with pytest.raises(ValueError, match="must both be there"):
        replace_section(f"{PEERS_END}\n{PEERS_START}\n", "section")


@pytest.mark.skipif(
    not (BIN / "datasette").exists(),
    reason="Datasette is in the bench extra only (requirements-bench.txt), not in the "
    "requirements-dev.txt that the test suite installs",
)
def test_datasette_serves_the_peer_database_as_the_benchmark_asks(incidents, tmp_path):
    import httpx

    first, both = incidents
    write_peer_database(tmp_path / "incidents.db", peer_rows())
    (tmp_path / "metadata.json").write_text(json.dumps(peer_metadata()))
    peer = Peer(tmp_path)
    try:
        base = f"http://127.0.0.1:{peer.port}/incidents/incidents"

        def ids(query: str) -> list[int]:
            answer = httpx.get(f"{base}.json?_shape=array&{query}", timeout=30)
            assert answer.status_code == 200
            return [found["id"] for found in answer.json()]

        assert ids("") == [first.pk, both.pk]  # newest first, as the app's lists
        assert ids("_search=%22third+stage%22") == [first.pk]
        assert ids("family=Soyuz") == [first.pk]
        assert httpx.get(f"{base}/{both.pk}", timeout=30).status_code == 200
        page = httpx.get(base, timeout=30).text
        assert 'name="_search"' in page  # Datasette found the full-text table
    finally:
        peer.stop()
    assert peer.process.returncode is not None
