from django.contrib import admin
from django.urls import path

from broadsheet.desk import views

app_name = "desk"

urlpatterns = [
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("language/", admin.site.admin_view(views.language_choose), name="language"),
]
