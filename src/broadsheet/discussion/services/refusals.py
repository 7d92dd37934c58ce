"""What a refused post raises, and the words a rate limit answers with."""

from __future__ import annotations

from django.utils.translation import ngettext


class CommentRejected(Exception):
    """The comment was not accepted. `field` names the form field the message belongs
    to (None: the whole form); `retry_after` is set, in seconds, for rate limits."""

    def __init__(
        self, message: str, *, code: str, field: str | None = None, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.retry_after = retry_after


def retry_message(seconds: int) -> str:
    return ngettext(
        "Too many comments. Please try again in %(n)d second.",
        "Too many comments. Please try again in %(n)d seconds.",
        seconds,
    ) % {"n": seconds}
