from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide pieces: base templates, error pages, security headers, the CLI commands."""

    name = "broadsheet.core"
    verbose_name = "Site"
