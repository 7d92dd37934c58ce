from django.apps import AppConfig


class PagecacheConfig(AppConfig):
    name = "broadsheet.pagecache"
    verbose_name = "Page cache"
