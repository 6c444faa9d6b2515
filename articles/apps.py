from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and citations"

    def ready(self):
        from articles import source_counts

        source_counts.connect_signals()
