"""WSGI entry point used by `broadsheet serve`: Django behind the page cache's front and
the comment posts' front."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
django_application = get_wsgi_application()

from broadsheet.discussion.front import AttemptBudgetFront  # noqa: E402 - needs Django
from broadsheet.pagecache.front import PageCacheFront  # noqa: E402 - needs Django set up

# Reads: stored pages answered before Django. Comment posts: counted against their
# address's budget, a flood refused before Django.
application = PageCacheFront(AttemptBudgetFront(django_application))

# What is loaded by now (modules, settings, URL patterns) lives as long as the worker:
# kept out of the cyclic collector's scans. A full collection then walks only what
# requests made; on the article page's first render the collector's time fell from
# about 2.1 to 0.5 ms per render (BENCHMARKS.md, "Page-cache misses").
gc.freeze()
