"""`broadsheet demo`: load the sample content (safe to run twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from broadsheet.demo.loader import demo_load


class Command(BaseCommand):
    help = "Load the sample articles, sections, authors and photos written for Broadsheet."

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] > 1
        created = demo_load(progress=self.stdout.write if verbose else (lambda message: None))
        if created:
            self.stdout.write(self.style.SUCCESS(f"Loaded {created} sample articles."))
        else:
            self.stdout.write("The sample content is already loaded; nothing to do.")
