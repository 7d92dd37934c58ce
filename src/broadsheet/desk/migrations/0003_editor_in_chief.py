"""Create the Editor-in-chief role: every permission of Editor and of Moderator (frozen
lists, the union of 0001_roles and 0002_discussion_roles), not a superuser.

Permissions are added to (and on reverse the group removed with) the group, so other
apps' migrations may add theirs independently, as they do for the other roles.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_IN_CHIEF_PERMISSIONS = [
    # Editor (0001_roles)
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
    # Editor (0002_discussion_roles)
    "discussion.view_captchaquestion",
    "discussion.add_captchaquestion",
    "discussion.change_captchaquestion",
    "discussion.delete_captchaquestion",
    # Moderator (0002_discussion_roles)
    "discussion.view_comment",
    "discussion.change_comment",
    "discussion.moderate_comment",
    "discussion.view_commenter_private",
    "discussion.view_commentreport",
    "discussion.view_ban",
    "discussion.add_ban",
    "discussion.change_ban",
    "discussion.delete_ban",
    "discussion.view_bannedword",
    "discussion.add_bannedword",
    "discussion.delete_bannedword",
    "discussion.view_articlediscussion",
    "discussion.add_articlediscussion",
    "discussion.change_articlediscussion",
    "discussion.view_moderationlog",
    "discussion.view_subscription",
    "discussion.view_outboundmail",
]
ROLE_PERMISSIONS = {"Editor-in-chief": EDITOR_IN_CHIEF_PERMISSIONS}


def create_role(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [("desk", "0002_discussion_roles")]

    operations = [migrations.RunPython(create_role, remove_role)]
