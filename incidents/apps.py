from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents and reference catalog"

    def ready(self):
        from incidents import menus

        menus.connect_signals()
