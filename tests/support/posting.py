"""Posting through the service as the form would, with the captcha answered."""

from __future__ import annotations

from typing import Any

from broadsheet.discussion import captcha, services
from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article
from tests.support.webclient import solve_pow, solve_question


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
    from tests.support import factories

    return factories.user_with_role(role)
