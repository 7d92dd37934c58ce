"""Invalidation from every door: the desk, the services, imports, the shell.

Receivers on the models name the tags a change touches (see `tags.py`); the board is
bumped once the transaction commits. A change to an article nobody can see (a draft)
touches no page, except that scheduling changes when every page next expires.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from broadsheet.discussion.models import ArticleDiscussion, CaptchaQuestion, Comment
from broadsheet.news.cachetags import article_tag, tags_of_article, tags_of_article_change
from broadsheet.news.models import Article, ArticleSource, Author, Byline, Correction, Section, Tag
from broadsheet.pagecache.pages import pages_invalidate
from broadsheet.photos.models import Photo
from broadsheet.readership.models import DailyReads

_SEEN = "_pagecache_before"


def _was_visible(instance: Article) -> tuple[bool, int | None, str]:
    before = getattr(instance, _SEEN, None)
    if before is None:
        return False, None, ""
    return before


@receiver(pre_save, sender=Article)
def _article_before(sender: Any, instance: Article, **kwargs: Any) -> None:
    if instance.pk is None:
        return
    old = Article.objects.filter(pk=instance.pk).values("status", "published_at", "section_id")
    row = old.first()
    if row is None:
        return
    was = Article(status=row["status"], published_at=row["published_at"])
    setattr(instance, _SEEN, (was.is_live(), row["section_id"], row["status"]))


@receiver(post_save, sender=Article)
def _article_saved(sender: Any, instance: Article, **kwargs: Any) -> None:
    was_live, old_section, old_status = _was_visible(instance)
    tags: set[str] = set()
    if was_live or instance.is_live():
        tags |= tags_of_article(instance)
        # Its translations' pages link to it once it is live, and no longer after.
        for pk in instance.translations.values_list("pk", flat=True):
            tags |= tags_of_article_change(pk)
        if old_section and old_section != instance.section_id:
            tags.add(f"section:{old_section}")
    if not was_live and instance.is_live():
        tags |= _rankings_it_returns_to(instance.pk)
    if Article.Status.SCHEDULED in (instance.status, old_status) or _due_later(instance):
        tags.add("schedule")
    pages_invalidate(tags)


def _due_later(article: Article) -> bool:
    """Published with a time to come (an import, the shell): it goes live by itself."""
    return (
        article.status == Article.Status.PUBLISHED
        and article.published_at is not None
        and article.published_at > timezone.now()
    )


def _rankings_it_returns_to(pk: int) -> set[str]:
    """An article live again (published after a withdrawal, say) kept its read counts and
    comments: the rankings it returns to. A first publication has neither (no query
    finds a row), so it leaves every page showing the rankings alone."""
    tags = set()
    if DailyReads.objects.filter(article_id=pk).exists():
        tags.add("reads")
    if Comment.objects.filter(article_id=pk, status=Comment.Status.APPROVED).exists():
        tags.add("comments")
    return tags


@receiver(post_delete, sender=Article)
def _article_deleted(sender: Any, instance: Article, **kwargs: Any) -> None:
    tags = {*tags_of_article_change(instance.pk), "all", "front", "schedule"}
    if instance.section_id:
        tags.add(f"section:{instance.section_id}")
    pages_invalidate(tags)


def _touch_article(article_id: int, *extra: str) -> None:
    article = Article.objects.filter(pk=article_id).first()
    tags = {*tags_of_article_change(article_id), *extra}
    if article is not None and article.is_live():
        tags |= tags_of_article(article)
    pages_invalidate(tags)


@receiver(m2m_changed, sender=Article.tags.through)
def _article_tags_changed(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, model: Any, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if isinstance(instance, Article):
        ids = set(pk_set or instance.tags.values_list("pk", flat=True))
        _touch_article(instance.pk, *(f"tag:{pk}" for pk in ids))
    else:  # changed from the tag's side
        for pk in pk_set or ():
            _touch_article(pk, f"tag:{instance.pk}")


@receiver(m2m_changed, sender=Article.translations.through)
def _translations_changed(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action in ("post_add", "post_remove", "pre_clear"):
        ids = set(pk_set or ()) | {instance.pk}
        if action == "pre_clear":
            ids |= set(instance.translations.values_list("pk", flat=True))
        pages_invalidate({tag for pk in ids for tag in tags_of_article_change(pk)})


@receiver([post_save, post_delete], sender=Byline)
def _byline_changed(sender: Any, instance: Byline, **kwargs: Any) -> None:
    _touch_article(instance.article_id, f"author:{instance.author_id}")


@receiver([post_save, post_delete], sender=ArticleSource)
@receiver([post_save, post_delete], sender=Correction)
@receiver([post_save, post_delete], sender=ArticleDiscussion)
def _article_part_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    pages_invalidate(tags_of_article_change(instance.article_id))


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
def _section_changed(sender: Any, instance: Section, **kwargs: Any) -> None:
    pages_invalidate({"nav", "names", "all", "front", f"section:{instance.pk}"})


@receiver([post_save, post_delete], sender=Tag)
def _tag_changed(sender: Any, instance: Tag, **kwargs: Any) -> None:
    pages_invalidate({f"tag:{instance.pk}", "names", "sitemaps"})


@receiver([post_save, post_delete], sender=Author)
def _author_changed(sender: Any, instance: Author, **kwargs: Any) -> None:
    pages_invalidate({f"author:{instance.pk}", "names", "sitemaps"})


# Before a deletion: its articles' and authors' photo is then set to NULL (SET_NULL,
# with no signal of theirs), and after it no query would find them. Sent once the
# deletion commits, as always.
@receiver([post_save, pre_delete], sender=Photo)
def _photo_changed(sender: Any, instance: Photo, **kwargs: Any) -> None:
    ids = Article.objects.filter(lead_photo_id=instance.pk).values_list("pk", flat=True)
    authors = Author.objects.filter(photo_id=instance.pk).values_list("pk", flat=True)
    articles = {tag for pk in ids for tag in tags_of_article_change(pk)}
    pages_invalidate({*articles, *(f"author:{pk}" for pk in authors)})


@receiver(pre_save, sender=Comment)
def _comment_before(sender: Any, instance: Comment, **kwargs: Any) -> None:
    if instance.pk is not None:
        old = Comment.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        setattr(instance, _SEEN, old)


@receiver([post_save, post_delete], sender=Comment)
def _comment_changed(sender: Any, instance: Comment, **kwargs: Any) -> None:
    """Only a comment readers can see, or could see before, touches pages."""
    statuses = {instance.status, getattr(instance, _SEEN, None)}
    if Comment.Status.APPROVED in statuses:
        pages_invalidate({article_tag(instance.article_id), "comments"})


@receiver([post_save, post_delete], sender=CaptchaQuestion)
def _questions_changed(sender: Any, instance: CaptchaQuestion, **kwargs: Any) -> None:
    pages_invalidate({"captcha-questions"})
