"""Give the desk roles their discussion permissions (frozen lists, as 0001_roles).

Moderator: the comment queue, bans, banned words, article discussion settings, reply
subscriptions and the mail outbox, and commenters' e-mail/IP. Editor: reads the
moderation log, manages the captcha questions, sets an article's discussion mode.
Permissions are added to (and on reverse removed from) the groups, never replaced, so
other apps' migrations may add theirs independently.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
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
    "discussion.view_captchaquestion",
    "news.view_article",
]
EDITOR_PERMISSIONS = [
    "discussion.view_moderationlog",
    "discussion.view_captchaquestion",
    "discussion.add_captchaquestion",
    "discussion.change_captchaquestion",
    "discussion.delete_captchaquestion",
    "discussion.view_articlediscussion",
    "discussion.add_articlediscussion",
    "discussion.change_articlediscussion",
]
ROLE_PERMISSIONS = {"Moderator": MODERATOR_PERMISSIONS, "Editor": EDITOR_PERMISSIONS}


def _permissions(apps, codes):
    Permission = apps.get_model("auth", "Permission")
    for code in codes:
        app_label, codename = code.split(".")
        yield Permission.objects.get(content_type__app_label=app_label, codename=codename)


def add_permissions(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*_permissions(apps, codes))


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, codes in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, codes))


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0001_roles"),
        ("discussion", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
