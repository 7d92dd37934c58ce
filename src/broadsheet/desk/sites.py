from django.conf import settings
from django.contrib import admin


class DeskSite(admin.AdminSite):
    """The editorial desk: Django's admin, named and arranged for a newsroom."""

    site_url = "/"
    enable_nav_sidebar = True

    @property
    def site_header(self) -> str:  # type: ignore[override]
        return f"{settings.SITE_NAME} desk"

    @property
    def site_title(self) -> str:  # type: ignore[override]
        return f"{settings.SITE_NAME} desk"

    index_title = "Newsroom"
