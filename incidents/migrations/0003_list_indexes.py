"""Indexes for the incident list at 100,000 incidents: counting the published incidents of a
vehicle (or agency) and a date range reads only indexes."""

from django.db import migrations, models

# Django indexes a many-to-many table by (incident, other) and by `other` alone; filtering
# incidents by a vehicle wants the incident ids of that vehicle straight from an index.
LINK_INDEXES = [
    ("incident_vehicles_by_vehicle", "incidents_incident_vehicles", "vehicle_id, incident_id"),
    ("incident_agencies_by_agency", "incidents_incident_agencies", "agency_id, incident_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0002_incident_search"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="incident",
            name="incident_status_date_idx",
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(
                fields=["status", "-date", "id", "outcome"], name="incident_status_date_id_idx"
            ),
        ),
        *(
            migrations.RunSQL(f"CREATE INDEX {name} ON {table} ({columns})", f"DROP INDEX {name}")
            for name, table, columns in LINK_INDEXES
        ),
    ]
