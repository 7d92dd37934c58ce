from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public site: its pages' views, what they assemble, and what each change
    invalidates."""

    name = "broadsheet.public"
    verbose_name = "Public site"

    def ready(self) -> None:
        from broadsheet.pagecache.pages import proxy_paths_register
        from broadsheet.public import invalidation  # noqa: F401 - connects the receivers
        from broadsheet.public.purge import paths_for_tags

        proxy_paths_register(paths_for_tags)
