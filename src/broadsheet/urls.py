from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from broadsheet.core import views as core_views
from broadsheet.public.api import api_v1

handler400 = "broadsheet.core.views.bad_request"
handler403 = "broadsheet.core.views.permission_denied"
handler404 = "broadsheet.core.views.page_not_found"
handler500 = "broadsheet.core.views.server_error"

# Reader pages and the desk carry the interface language in the URL (/uk/…, /ru/…;
# none for the site's default language), so every language has its own cacheable URL.
urlpatterns = [
    path("favicon.ico", core_views.favicon),
    # Uploaded media is served by the app in the embedded mode; a proxy takes it over
    # in production (docs/deploy.md).
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include("broadsheet.syndication.urls")),
    # The public JSON API, in no language prefix: its errors follow Accept-Language.
    path("api/v1/", api_v1.urls),
    *i18n_patterns(
        path("desk/", include("broadsheet.desk.urls")),
        path("desk/wire/", include("broadsheet.wire.urls")),
        path("desk/", admin.site.urls),
        path("comments/", include("broadsheet.discussion.urls")),
        path("search/", include("broadsheet.search.urls")),
        path("", include("broadsheet.public.urls")),
        prefix_default_language=False,
    ),
]
