from django.contrib import admin
from django.urls import path, re_path

from broadsheet.wire import views

app_name = "wire"
desk = admin.site.admin_view

urlpatterns = [
    path("", desk(views.queue), name="queue"),
    path("items/<int:pk>/", desk(views.item), name="item"),
    re_path(
        r"^items/(?P<pk>\d+)/(?P<action>draft|dismiss|duplicate|reviewed)/$",
        desk(views.item_action),
        name="item_action",
    ),
    path("sources/", desk(views.sources), name="sources"),
    re_path(
        r"^sources/(?P<pk>\d+)/(?P<action>pause|resume|poll)/$",
        desk(views.source_action),
        name="source_action",
    ),
]
