"""manage.py export_data: every public record in one zip, nothing partial left behind."""

import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from api.management.commands import export_data
from tests.factories import (
    make_article,
    make_citation,
    make_incident,
    make_linked_incident,
)

pytestmark = pytest.mark.django_db


def lines(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return [json.loads(line) for line in archive.read(f"{name}.jsonl").splitlines()]


def test_the_dump_holds_every_public_record_as_the_api_gives_it(tmp_path, client):
    incident = make_linked_incident(title="Kite 7 lost")
    draft = make_incident(title="Kite draft", published=False)
    article = make_article(title="Kite lost", body="The Kite rocket failed.")
    make_citation(incident=incident, article=article)
    make_citation(incident=draft, article=article)
    target = tmp_path / "dump.zip"
    call_command("export_data", str(target))
    with zipfile.ZipFile(target) as archive:
        incidents = lines(archive, "incidents")
        assert [row["title"] for row in incidents] == ["Kite 7 lost"]
        assert incidents[0] == client.get("/api/incidents/").json()["results"][0]
        assert incidents[0]["slug"] == incident.slug and incidents[0]["sources"] == 1
        assert len(lines(archive, "missions")) == 1
        assert [a["title"] for a in lines(archive, "articles")] == ["Kite lost"]
        assert "The Kite rocket failed." not in archive.read("articles.jsonl").decode()
        citations = lines(archive, "citations")
        assert [c["incident"] for c in citations] == [incident.slug]
        assert citations[0]["sentence"] == "The Kite rocket failed."
        readme = archive.read("README.txt").decode()
    assert "incidents.jsonl: 1 records" in readme and "GCAT" in readme
    assert [p.name for p in tmp_path.iterdir()] == ["dump.zip"]


def test_a_stopped_export_leaves_no_file(tmp_path, monkeypatch):
    make_linked_incident()
    target = tmp_path / "dump.zip"
    target.write_bytes(b"an earlier dump")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(export_data, "write_lines", fail)
    with pytest.raises(OSError, match="disk full"):
        call_command("export_data", str(target))
    assert target.read_bytes() == b"an earlier dump"  # the earlier file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["dump.zip"]


def test_a_folder_that_does_not_exist_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="existing folder"):
        call_command("export_data", str(tmp_path / "nowhere" / "dump.zip"))
