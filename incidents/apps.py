from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents and reference catalog"

    def ready(self):
        from incidents import data_version

        data_version.connect_signals()
