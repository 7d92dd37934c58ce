"""Parts of pages kept between renders in this process, right by construction.

A page-cache miss renders the whole page again, yet most of what it shows did not
change: a new comment changes the thread, not the site's navigation, the related
articles or the markup of the thirty comments already there. Two kinds of memo let a
render redo only what changed:

- `memoised(key, compute)`: a result (the most-read list, the related articles...)
  kept with the versions of the invalidation tags it depends on (`tags.py`), and
  returned only while each one is unchanged on the version board and its expiry has
  not passed. The same rule as a stored page, so never staler than one. Used only in a
  render made for the page cache (`memos_active`): there every change bumps the board
  after its commit; elsewhere (staff, a reader who just posted, tests inside one
  transaction) the result is computed afresh.
- `fragment(key, render)`: markup that is a pure function of its key (a comment's
  `<li>`, keyed by every field it shows and the language). Nothing can make it stale
  but a change of code, templates or static files, which restarts the process, or of
  settings, which clears the memos (`setting_changed`).

Memos are per process and bounded (and off with DEBUG, where templates change under a
running server) (a quarter of BROADSHEET_PAGE_CACHE_MB, least
recently used dropped first); the board is what keeps them right across processes.
"""

from __future__ import annotations

import contextvars
import math
import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from broadsheet.core.paths import where_now
from broadsheet.pagecache.board import EPOCH, Versions, board
from broadsheet.pagecache.store import SizedLRU

T = TypeVar("T")

_active: contextvars.ContextVar[bool] = contextvars.ContextVar("pagecache_memos", default=False)


@dataclass
class _Memo:
    value: Any
    tags: tuple[str, ...]
    versions: Versions
    expires_at: float
    size: int


class MemoStore(SizedLRU[Hashable, _Memo]):
    """The memos of this process (`store.SizedLRU`, as the stored pages)."""


@cache
def memo_store() -> MemoStore:
    return MemoStore(settings.BROADSHEET_PAGE_CACHE_MB * 1024 * 1024 // 4)


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    memo_store().clear()


@dataclass
class Derived(Generic[T]):
    """A memoised value with what pages make of it alone (its markup in a language,
    say), kept with it: so none of that is ever older than the value it came from."""

    value: T
    parts: dict[Hashable, Any] = field(default_factory=dict)
    # When the value goes stale by itself (epoch seconds): a page showing it expires then.
    expires_at: float = math.inf

    def kept(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """`make()`, once per `key` for this value; `key` names what else the result
        depends on (the language, the host)."""
        if key in self.parts:
            return self.parts[key]
        if len(self.parts) >= 32:  # a bound, whatever hosts requests name
            self.parts.clear()
        made = self.parts[key] = make()
        return made

    def html(self, template: str, name: str) -> SafeString:
        """`template` rendered with the value as `name`, in the active language, time
        zone and URL prefix (what its links and dates are made in)."""
        return self.kept(
            ("html", template, *where_now(), timezone.get_current_timezone_name()),
            lambda: mark_safe(render_to_string(template, {name: self.value})),  # noqa: S308 - made by the template, which escapes
        )


@contextmanager
def memos_active() -> Iterator[None]:
    """Within this block (the page cache's render of a page), `memoised` may answer
    from memos."""
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)


def memoised(
    key: Hashable,
    compute: Callable[[], tuple[T, Iterable[str]]],
    *,
    expires_at: Callable[[T], float] | None = None,
    size: int | Callable[[T], int] = 1024,
) -> T:
    """`compute()` returns a value and the tags it depends on; this returns the value
    kept under `key` while those tags keep their versions, else computes it again.

    `expires_at(value)` gives when the value goes stale by itself (a scheduled article
    going live): epoch seconds. `size(value)` (or `size`) is what it is counted for,
    with what is kept of it (`Derived.kept`). Outside a page-cache render, always
    computes.
    """
    if not _active.get() or settings.DEBUG:
        return compute()[0]
    store = memo_store()
    memo = store.get(key)
    if memo is not None and time.time() < memo.expires_at:
        current = board().versions(memo.tags) if memo.tags else ()
        if current == memo.versions:
            value: T = memo.value
            return value
    # As for a stored page: a change committed during the computation moves the epoch,
    # and what was computed is then not kept.
    epoch = board().versions([EPOCH])
    generation = store.generation  # a clear meanwhile (the board refused a bump)
    value, tags = compute()
    tag_list = tuple(sorted(set(tags)))
    after = board().versions([*tag_list, EPOCH])
    if epoch is not None and after is not None and after[-1:] == epoch:
        until = expires_at(value) if expires_at is not None else math.inf
        counted = size(value) if callable(size) else size
        store.put(key, _Memo(value, tag_list, after[:-1], until, counted), generation=generation)
    return value


def fragment(key: Hashable, render: Callable[[], str]) -> str:
    """The markup `render()` makes, kept under `key`, which must hold everything the
    markup depends on (the language included)."""
    if settings.DEBUG:  # templates are being edited: what they make must follow
        return render()
    store = memo_store()
    memo = store.get(key)
    if memo is not None:
        html: str = memo.value
        return html
    html = render()
    # The key is kept too, and may hold as much (a comment's text).
    held = sum(len(part) for part in key if isinstance(part, str)) if isinstance(key, tuple) else 0
    store.put(key, _Memo(html, (), (), math.inf, len(html) + held + 256))
    return html
