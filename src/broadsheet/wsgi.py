"""WSGI entry point used by `broadsheet serve`: Django behind the page cache's front and
the comment posts' front."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
django_application = get_wsgi_application()

from broadsheet.stack import wsgi_stack  # noqa: E402 - needs Django set up

application = wsgi_stack(django_application)

# What is loaded by now (modules, settings, URL patterns) lives as long as the worker:
# kept out of the cyclic collector's scans. A full collection then walks only what
# requests made; on the article page's first render the collector's time fell from
# about 2.1 to 0.5 ms per render (BENCHMARKS.md, "Page-cache misses").
gc.freeze()
