"""Which backend serves search: the one for the database vendor in use.

`BROADSHEET_SEARCH_BACKEND` (a dotted path to a SearchBackend class) overrides the
choice, for a third backend such as an external search engine.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.module_loading import import_string

from broadsheet.search.backends.base import SearchBackend

BACKENDS_BY_VENDOR = {
    "sqlite": "broadsheet.search.backends.sqlite.SQLiteFTS5Backend",
    "postgresql": "broadsheet.search.backends.postgres.PostgresBackend",
}


def get_backend() -> SearchBackend:
    """The configured backend. Raises ImproperlyConfigured for a database with none."""
    path = getattr(settings, "BROADSHEET_SEARCH_BACKEND", "") or BACKENDS_BY_VENDOR.get(
        connection.vendor, ""
    )
    if not path:
        raise ImproperlyConfigured(
            f"Search has no backend for the {connection.vendor!r} database. Use SQLite or "
            "PostgreSQL, or set BROADSHEET_SEARCH_BACKEND to the dotted path of a "
            "broadsheet.search.backends.base.SearchBackend subclass."
        )
    backend_class = import_string(path)
    return backend_class()
