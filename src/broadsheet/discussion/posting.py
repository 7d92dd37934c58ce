"""What the comment post endpoint reads, as statements written out.

The endpoint runs once per comment, and building these two queries through the ORM
took several times longer than the database took to answer them (BENCHMARKS.md,
"Comment posting throughput"). Each mirrors a queryset kept as the definition
(`Article.objects.live()`, `selectors.comment_list_visible`); tests hold the two to
the same answers.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connections, router
from django.db.models import Field, Model
from django.utils import timezone

from broadsheet.discussion.models import ArticleDiscussion, Comment
from broadsheet.news.models import Article

M = TypeVar("M", bound=Model)

# The columns posting reads of an article (not its body) and of its thread's override.
ARTICLE_COLUMNS = ("id", "status", "published_at")
OVERRIDE_COLUMNS = ("id", "mode", "keep_open")


def _converted(connection: Any, field: Field[Any, Any], value: Any) -> Any:
    """A column's value as the ORM gives it (SQLite's text dates made aware, and so on)."""
    expression = field.get_col(field.model._meta.db_table)
    for converter in [
        *connection.ops.get_db_converters(expression),
        *field.get_db_converters(connection),
    ]:
        value = converter(value, expression, connection)
    return value


def _instance(alias: str, connection: Any, model: type[M], columns: dict[str, Any]) -> M:
    """A model instance from the columns read (the others deferred), as a queryset
    with `only()` builds it: `from_db` takes the values in the model's field order."""
    fields = [f for f in model._meta.concrete_fields if f.name in columns]
    return model.from_db(
        alias,
        [f.attname for f in fields],
        [_converted(connection, f, columns[f.name]) for f in fields],
    )


def article_get_for_posting(*, pk: int) -> Article:
    """A live article by id with only the columns posting reads and its discussion
    override (cached on it, as `select_related` leaves it), in one statement; raises
    Article.DoesNotExist. The instance defers the rest: a page showing the article
    reads it whole."""
    alias = router.db_for_read(Article)
    connection = connections[alias]
    quote = connection.ops.quote_name
    articles = quote(Article._meta.db_table)
    overrides = quote(ArticleDiscussion._meta.db_table)
    columns = [f"a.{quote(c)}" for c in ARTICLE_COLUMNS] + [
        f"d.{quote(c)}" for c in OVERRIDE_COLUMNS
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            # Names from the models, every value a parameter; the same set as live().
            f"SELECT {', '.join(columns)} FROM {articles} a"  # noqa: S608
            f" LEFT JOIN {overrides} d ON d.article_id = a.id"
            " WHERE a.id = %s AND a.status IN (%s, %s) AND a.published_at <= %s",
            [
                pk,
                Article.Status.PUBLISHED,
                Article.Status.SCHEDULED,
                connection.ops.adapt_datetimefield_value(timezone.now()),
            ],
        )
        row = cursor.fetchone()
    if row is None:
        raise Article.DoesNotExist(f"No live article {pk}")
    split = len(ARTICLE_COLUMNS)
    article = _instance(
        alias, connection, Article, dict(zip(ARTICLE_COLUMNS, row[:split], strict=True))
    )
    override = None
    if row[split] is not None:
        values = dict(zip(OVERRIDE_COLUMNS, row[split:], strict=True))
        override = _instance(alias, connection, ArticleDiscussion, {**values, "article": pk})
    Article.discussion_settings.related.set_cached_value(article, override)
    return article


def comment_count_visible(*, article_id: int) -> int:
    """How many comments of the article readers see (`selectors.comment_list_visible`)."""
    connection = connections[router.db_for_read(Comment)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {connection.ops.quote_name(Comment._meta.db_table)}"  # noqa: S608
            " WHERE article_id = %s AND status = %s",
            [article_id, Comment.Status.APPROVED],
        )
        return int(cursor.fetchone()[0])
