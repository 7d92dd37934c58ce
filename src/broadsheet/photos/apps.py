from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "broadsheet.photos"
    verbose_name = "Photos"
