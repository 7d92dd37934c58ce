from django.urls import path

from broadsheet.discussion import views

app_name = "discussion"

urlpatterns = [
    path("post/<int:article_id>/", views.comment_post, name="post"),
    path("start/<int:article_id>/", views.comment_start, name="start"),
    path("form/", views.comment_form_values, name="form_values"),
    path("thread/<int:article_id>/", views.comment_page, name="page"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/held/", views.held, name="held"),
    path("<int:pk>/report/", views.report, name="report"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/<str:token>/", views.my_data_open, name="my_data_open"),
    path("notify/confirm/<str:token>/", views.confirm, name="confirm"),
    path("notify/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
