"""Posting through the service as the form would, with the captcha answered."""

from __future__ import annotations

from typing import Any

from broadsheet.discussion import captcha, services
from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article
from tests.discussion.webclient import solve_pow, solve_question


def submit(
    article: Article,
    *,
    name: str = "Reader",
    text: str = "A fair point.",
    ip: str | None = "198.51.100.7",
    **kwargs: Any,
) -> services.SubmitResult:
    issued = captcha.captcha_issue()
    pow_payload = solve_pow(issued.pow_challenge) if issued.pow_challenge else ""
    return services.comment_submit(
        article=article,
        name=name,
        text=text,
        form_token=issued.form_token,
        captcha_token=issued.token,
        captcha_answer=solve_question(issued.question),
        pow_payload=kwargs.pop("pow_payload", pow_payload),
        ip=ip,
        **kwargs,
    )


def post(article: Article, **kwargs: Any) -> Comment:
    return submit(article, **kwargs).comment


def role_user(role: str) -> Any:
    """A desk user in `role`, recreating the role's group when a transactional test's
    flush removed the groups the migrations made."""
    import importlib

    from django.contrib.auth.models import Group, Permission

    from tests import factories

    if not Group.objects.filter(name=role).exists():
        group = Group.objects.create(name=role)
        codes: list[str] = []
        for module in ("0001_roles", "0002_discussion_roles"):
            roles = importlib.import_module(f"broadsheet.desk.migrations.{module}")
            codes += roles.ROLE_PERMISSIONS.get(role, [])
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    return factories.user_with_role(role)


def clear_read_buffer() -> None:
    """Article reads are buffered in the process (broadsheet.readership); a buffer left by
    an earlier test names articles a transactional test's flush removed, and flushing it
    fails on the foreign key. Drop it before each test; remove this once readership
    clears its buffer between tests itself."""
    try:
        from broadsheet.readership import services as readership
    except ImportError:
        return
    pending = getattr(readership, "_pending", None)
    if pending is not None:
        pending.clear()
