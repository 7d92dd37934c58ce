from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    """Server-side read counts for the “Most read” lists: no cookie, no tracker."""

    name = "broadsheet.readership"
    verbose_name = _("Readership")
