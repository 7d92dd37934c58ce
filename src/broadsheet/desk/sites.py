from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from broadsheet.desk.access import DeskAuthenticationForm


class DeskSite(admin.AdminSite):
    """The editorial desk: Django's admin, named and arranged for a newsroom."""

    site_url = "/"
    enable_nav_sidebar = True
    # Password, then a TOTP code for those who have one (desk/access.py).
    login_form = DeskAuthenticationForm
    login_template = "desk/login.html"

    @property
    def site_header(self) -> str:  # type: ignore[override]
        return _("%(site)s desk") % {"site": settings.SITE_NAME}

    @property
    def site_title(self) -> str:  # type: ignore[override]
        return _("%(site)s desk") % {"site": settings.SITE_NAME}

    index_title = _("Newsroom")
