"""The v1 API as the site serves it: the content reads of `broadsheet.api`, with the
endpoints that need a sibling of the api app (the discussion, the search) composed on
this layer. `broadsheet.urls` mounts `api_v1` from here."""

from __future__ import annotations

from broadsheet.api.site import api_v1
from broadsheet.public.api_discussion import api_discussion_register
from broadsheet.public.api_search import api_search_register

api_discussion_register()
api_search_register()

__all__ = ["api_v1"]
