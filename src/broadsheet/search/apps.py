from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "broadsheet.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Connects the receivers that keep the index in step with the news app.
        from broadsheet.search import signals

        signals.connect()
