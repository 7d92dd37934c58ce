from django.urls import path

from broadsheet.desk import views

app_name = "desk"

urlpatterns = [
    path("preview/<int:pk>/", views.article_preview, name="preview"),
]
