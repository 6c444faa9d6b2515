"""The database cache's table (settings.CACHES when CACHE_URL is unset), made by `migrate` so
that nobody has to remember `createcachetable`. Made whichever cache is configured, so that
moving from Redis to the database cache later needs nothing more."""

from django.core.management import call_command
from django.db import migrations

TABLE = "site_cache"  # config.env.CACHE_TABLE when this was written


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
