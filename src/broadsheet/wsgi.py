"""WSGI entry point used by `broadsheet serve`: Django behind the page cache's front."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
django_application = get_wsgi_application()

from broadsheet.pagecache.front import PageCacheFront  # noqa: E402 - needs Django set up

application = PageCacheFront(django_application)
