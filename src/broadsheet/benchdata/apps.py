from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchDataConfig(AppConfig):
    name = "broadsheet.benchdata"
    verbose_name = _("Benchmark data")
