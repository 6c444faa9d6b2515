from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from search import filters, index

        filters.serve_the_words_box()
        index.connect_signals()
