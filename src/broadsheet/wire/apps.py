from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WireConfig(AppConfig):
    name = "broadsheet.wire"
    verbose_name = _("Wire desk")
