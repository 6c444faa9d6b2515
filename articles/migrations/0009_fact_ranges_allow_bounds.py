"""The ranges of the facts found before bounds were read ("at least", "up to", "nearly") and
before "tons" alone could be short, metric or long tons, worked out again from their words,
so the facts tables stop showing disagreements the words do not make."""

import math

from django.db import migrations

from articles.pipeline.facts import quantity_of

BATCH = 500


def rework_ranges(apps, schema_editor):
    Fact = apps.get_model("articles", "Fact")
    changed = []
    for fact in Fact.objects.filter(kind__in=["time_into_flight", "altitude", "payload_mass"]):
        q = quantity_of(fact.value, fact.kind)
        if q is None:
            continue
        high = None if q.high == math.inf else q.high
        if (fact.si_low, fact.si_high) != (q.low, high):
            fact.si_low, fact.si_high = q.low, high
            changed.append(fact)
    Fact.objects.bulk_update(changed, ["si_low", "si_high"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_import_runs_in_the_background")]

    operations = [migrations.RunPython(rework_ranges, migrations.RunPython.noop)]
