"""Create the desk roles as groups with their permissions (least privilege).

The lists are frozen here, as a migration must be; later apps add their own
permissions to these groups in their own migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHOR_PERMISSIONS = [
    "news.view_article",
    "news.add_article",
    "news.change_article",
    "news.submit_article",
    "news.view_byline",
    "news.add_byline",
    "news.change_byline",
    "news.delete_byline",
    "news.view_articlesource",
    "news.add_articlesource",
    "news.change_articlesource",
    "news.delete_articlesource",
    "news.view_section",
    "news.view_tag",
    "news.add_tag",
    "news.view_author",
    "news.view_correction",
    "photos.view_photo",
    "photos.add_photo",
]
EDITOR_PERMISSIONS = [
    *AUTHOR_PERMISSIONS,
    "news.change_any_article",
    "news.publish_article",
    "news.withdraw_article",
    "news.add_correction_note",
    "news.add_correction",
    "news.add_section",
    "news.change_section",
    "news.change_tag",
    "news.add_author",
    "news.change_author",
    "photos.change_photo",
]
MODERATOR_PERMISSIONS: list[str] = []

ROLE_PERMISSIONS = {
    "Author": AUTHOR_PERMISSIONS,
    "Editor": EDITOR_PERMISSIONS,
    "Moderator": MODERATOR_PERMISSIONS,
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = []
        for code in codes:
            app_label, codename = code.split(".")
            perms.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0001_initial"),
        ("photos", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
