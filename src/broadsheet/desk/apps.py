from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class DeskAdminConfig(AdminConfig):
    """Django's admin, with our branded site class as the default site."""

    default_site = "broadsheet.desk.sites.DeskSite"


class DeskConfig(AppConfig):
    name = "broadsheet.desk"
    verbose_name = _("Desk")
