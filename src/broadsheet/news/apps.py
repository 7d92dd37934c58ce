from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "broadsheet.news"
    verbose_name = _("Newsroom")

    def ready(self) -> None:
        from broadsheet.news.cachetags import EVERY_PAGE, publication_time_next
        from broadsheet.pagecache.pages import every_page_register

        # Every stored page shows the navigation and expires when a scheduled article
        # goes live by itself (the page-cache engine knows no articles).
        every_page_register(tags=EVERY_PAGE, expires_at=publication_time_next)
