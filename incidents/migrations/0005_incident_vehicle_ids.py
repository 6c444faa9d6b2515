"""The ids of each incident's vehicles (and its mission's spacecraft series) beside those of
its families and agencies, so that a name read in a search query filters by the incident's
own row (search.query.names.ListsAnyId). On PostgreSQL each of the three id lists gets a
GIN index over it as an array, for the names of few incidents (Antares and "explosion":
3 ms), and the status/date index includes all three, for the names of many (the newest 2,000
incidents of the Soyuz variants: 26 ms through the link table, 11 ms from the index alone).

The indexes are built inside the migration's transaction: writes to incidents wait until it
ends (the whole migration took 20 s at 100,000 incidents on the benchmark machine). The column
is nullable, as those of migration 0004 are, so that SQLite keeps its table and the full-text
triggers of migration 0002.
"""

from collections import defaultdict

from django.db import migrations, models


def fill_vehicle_ids(apps, schema_editor):
    """The same values as services.incident_link_ids, read from the link table and the
    missions."""
    Incident = apps.get_model("incidents", "Incident")
    vehicles = defaultdict(set)
    links = Incident.vehicles.through.objects.values_list("incident_id", "vehicle_id")
    for incident_id, vehicle_id in links.iterator(chunk_size=5000):
        vehicles[incident_id].add(vehicle_id)
    series = Incident.objects.exclude(mission__spacecraft=None)
    for incident_id, spacecraft_id in series.values_list("pk", "mission__spacecraft_id"):
        vehicles[incident_id].add(spacecraft_id)
    changed = []
    for incident in Incident.objects.only("pk").iterator(chunk_size=2000):
        incident.vehicle_ids = " ".join(map(str, sorted(vehicles[incident.pk])))
        changed.append(incident)
    Incident.objects.bulk_update(changed, ["vehicle_ids"], batch_size=500)


ID_LISTS = ("family_ids", "agency_ids", "vehicle_ids")


def create_id_list_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column in ID_LISTS:
            schema_editor.execute(
                f"CREATE INDEX incident_{column}_idx ON incidents_incident "
                f"USING gin ((string_to_array({column}, ' ')::bigint[]))"
            )


def drop_id_list_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column in ID_LISTS:
            schema_editor.execute(f"DROP INDEX IF EXISTS incident_{column}_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0004_incident_facet_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="vehicle_ids",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Ids of the vehicles, space-separated, that search filters the "
                "incident under; kept by services.refresh_search_names.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="agency_ids",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Ids of the agencies, space-separated, that search filters and counts "
                "the incident under; kept by services.refresh_search_names.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="family_ids",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Ids of the vehicle families, space-separated, that search filters "
                "and counts the incident under; kept by services.refresh_search_names.",
                null=True,
            ),
        ),
        migrations.RunPython(fill_vehicle_ids, migrations.RunPython.noop),
        migrations.RunPython(create_id_list_indexes, drop_id_list_indexes),
        migrations.RemoveIndex(model_name="incident", name="incident_status_date_id_idx"),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(
                fields=["status", "-date", "id", "outcome"],
                include=("family_ids", "agency_ids", "vehicle_ids", "site", "mission"),
                name="incident_status_date_cover_idx",
            ),
        ),
    ]
