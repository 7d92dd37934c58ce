from django.apps import AppConfig


class PagecacheConfig(AppConfig):
    name = "broadsheet.pagecache"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from broadsheet.pagecache import signals  # noqa: F401 - connects the receivers
