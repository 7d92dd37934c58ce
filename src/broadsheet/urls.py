from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from broadsheet.core import views as core_views

handler404 = "broadsheet.core.views.page_not_found"
handler500 = "broadsheet.core.views.server_error"

urlpatterns = [
    path("favicon.ico", core_views.favicon),
    path("desk/", include("broadsheet.desk.urls")),
    path("desk/", admin.site.urls),
    # Uploaded media is served by the app in the embedded mode; a proxy takes it over
    # in production (docs/deploy.md).
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include("broadsheet.news.urls")),
]
