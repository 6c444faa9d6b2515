"""The ids of each incident's vehicle families and agencies, kept beside its search names, so
that search counts its facets from the rows it ranks instead of joining the link tables again.

Both columns are nullable: adding a NOT NULL column makes Django rebuild incidents_incident on
SQLite, which would take the full-text triggers of migration 0002 with it.
"""

from collections import defaultdict

from django.db import migrations, models


def fill_facet_ids(apps, schema_editor):
    """The same values as services.incident_link_ids gives for these two, read from the link
    tables."""
    Incident = apps.get_model("incidents", "Incident")
    families = defaultdict(set)
    agencies = defaultdict(set)
    vehicle_links = Incident.vehicles.through.objects.exclude(vehicle__family=None)
    for incident_id, family_id in vehicle_links.values_list("incident_id", "vehicle__family_id"):
        families[incident_id].add(family_id)
    agency_links = Incident.agencies.through.objects.values_list("incident_id", "agency_id")
    for incident_id, agency_id in agency_links:
        agencies[incident_id].add(agency_id)
    changed = []
    for incident in Incident.objects.only("pk").iterator(chunk_size=2000):
        incident.family_ids = " ".join(map(str, sorted(families[incident.pk])))
        incident.agency_ids = " ".join(map(str, sorted(agencies[incident.pk])))
        changed.append(incident)
    Incident.objects.bulk_update(changed, ["family_ids", "agency_ids"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0003_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="family_ids",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Ids of the vehicle families, space-separated, that search counts the "
                "incident under; kept by services.refresh_search_names.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="agency_ids",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Ids of the agencies, space-separated, that search counts the incident "
                "under; kept by services.refresh_search_names.",
                null=True,
            ),
        ),
        migrations.RunPython(fill_facet_ids, migrations.RunPython.noop),
    ]
