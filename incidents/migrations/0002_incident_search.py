"""The text search reads of an incident: its names (of the mission, vehicles, families,
agencies and site), filled here and kept by services.refresh_search_names.

The full-text index this migration also created (tsvector column, FTS5 table and triggers,
trigram indexes) is the search app's since search became its own app: search migration 0001
creates it, the same on a new database as on one this migration built before.
"""

from django.db import migrations, models



def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _names(obj, *fields: str) -> list[str]:
    if obj is None:
        return []
    return [obj.name, *(getattr(obj, f) for f in fields), *_lines(obj.aliases)]


def fill_search_names(apps, schema_editor):
    """The same text as services.incident_search_names, with the migration's models."""
    Incident = apps.get_model("incidents", "Incident")
    incidents = Incident.objects.select_related("mission__spacecraft", "site").prefetch_related(
        "vehicles__family", "agencies"
    )
    changed = []
    for incident in incidents.iterator(chunk_size=1000):
        names: list[str] = []
        if incident.mission is not None:
            names += _names(incident.mission)
            names += _names(incident.mission.spacecraft)
        for vehicle in incident.vehicles.all():
            names += _names(vehicle) + _names(vehicle.family)
        for agency in incident.agencies.all():
            names += _names(agency, "short_name", "english_name", "native_name")
        names += _names(incident.site)
        incident.search_names = "\n".join(dict.fromkeys(n for n in names if n))
        changed.append(incident)
    Incident.objects.bulk_update(changed, ["search_names"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="search_names",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Names and aliases of the mission, vehicles, families, agencies and "
                "site, one per line, for search; kept by services.refresh_search_names.",
            ),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop),
    ]
