"""Full-text search for articles: its index, functions and triggers are the search app's
since search became its own app (search migration 0001 creates them, the same on a new
database as on one this migration built before). Kept, empty, so the history stays whole.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_article_search")]

    operations: list = []
