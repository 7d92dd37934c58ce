from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The sample content written for Broadsheet, and the command that loads it."""

    name = "broadsheet.demo"
    verbose_name = "Sample content"
