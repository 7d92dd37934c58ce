"""Every write of the discussion goes through a function of this package, in the module
named after what it holds:

- `posting`: a reader's comment, every check it meets (`comment_submit`), and imports;
- `antiflood`: rate limits and the attempt budget; `refusals`: what a refused post raises;
- `moderation`: moderators' actions on comments, bans and banned words (logged);
- `notifications`: reply subscriptions and the mail outbox;
- `privacy`: commenters' IP addresses erased past the retention period.

Their public names are gathered here, so callers write `services.comment_submit`. What a
comment's change invalidates (the article's pages, the comment rankings) is named in
`broadsheet.public.invalidation`.
"""

from __future__ import annotations

from broadsheet.discussion.services.antiflood import (
    AttemptBudget,
    check_attempt_budget,
    check_recent_comments,
)
from broadsheet.discussion.services.moderation import (
    MODERATE,
    User,
    article_discussion_save,
    ban_lift,
    ban_save,
    banned_word_add,
    banned_word_remove,
    comment_approve,
    comment_edit,
    comment_mark_spam,
    comment_remove,
    comment_report,
    comment_set_featured,
)
from broadsheet.discussion.services.notifications import (
    CONFIRM_MAX_AGE,
    SUBSCRIPTION_SALT,
    outbox_kick,
    outbox_retry_now,
    outbox_send_due,
    subscription_confirm,
    subscription_token,
    subscription_unsubscribe,
)
from broadsheet.discussion.services.posting import (
    CAPTCHA_MESSAGES,
    MAX_DEPTH,
    PATH_WIDTH,
    SubmitResult,
    ban_refusal,
    captcha_refusal,
    check_thread_open,
    comment_import,
    comment_submit,
    comment_submit_form,
    read_captcha,
)
from broadsheet.discussion.services.privacy import (
    DATA_MAX_AGE,
    ERASE_EVERY_SECONDS,
    _last_erase,
    comment_erase_old_ips,
    comment_erase_old_ips_when_due,
    commenter_data,
    commenter_data_erase,
    commenter_data_request,
    commenter_email_from,
)
from broadsheet.discussion.services.refusals import (
    CommentRejected,
    retry_message,
)

__all__ = [
    "CAPTCHA_MESSAGES",
    "CONFIRM_MAX_AGE",
    "DATA_MAX_AGE",
    "ERASE_EVERY_SECONDS",
    "MAX_DEPTH",
    "MODERATE",
    "PATH_WIDTH",
    "SUBSCRIPTION_SALT",
    "AttemptBudget",
    "CommentRejected",
    "SubmitResult",
    "User",
    "_last_erase",
    "article_discussion_save",
    "ban_lift",
    "ban_refusal",
    "ban_save",
    "banned_word_add",
    "banned_word_remove",
    "captcha_refusal",
    "check_attempt_budget",
    "check_recent_comments",
    "check_thread_open",
    "comment_approve",
    "comment_edit",
    "comment_erase_old_ips",
    "comment_erase_old_ips_when_due",
    "comment_import",
    "comment_mark_spam",
    "comment_remove",
    "comment_report",
    "comment_set_featured",
    "comment_submit",
    "comment_submit_form",
    "commenter_data",
    "commenter_data_erase",
    "commenter_data_request",
    "commenter_email_from",
    "outbox_kick",
    "outbox_retry_now",
    "outbox_send_due",
    "read_captcha",
    "retry_message",
    "subscription_confirm",
    "subscription_token",
    "subscription_unsubscribe",
]
