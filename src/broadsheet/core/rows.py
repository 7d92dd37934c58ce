"""A new row written by one prepared INSERT, for paths that write on every request.

`row_insert(obj)` stores a new model instance as `obj.save()` would: each field's value
is what the ORM stores (`pre_save`, so defaults and `auto_now` apply, then
`get_db_prep_save`), the model's `pre_save` and `post_save` signals are sent (the page
cache's invalidation listens to them), and the instance comes back with its primary key
and marked as saved. What it leaves out is the ORM building the statement again for
every row: on the comment post endpoint that cost more than the database took to run
it (BENCHMARKS.md, "Comment posting throughput"). The statement is built once per model
and database from the model's fields, so a field added later is written too.

Only for plain models (no multi-table inheritance, an auto primary key): anything else
is refused rather than written half.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connections, router, transaction
from django.db.models import Field, Model
from django.db.models.signals import post_save, pre_save

M = TypeVar("M", bound=Model)

_statements: dict[tuple[str, type[Model]], tuple[str, list[Field[Any, Any]], bool]] = {}


def _statement(alias: str, model: type[Model]) -> tuple[str, list[Field[Any, Any]], bool]:
    key = (alias, model)
    if key not in _statements:
        meta = model._meta
        if meta.parents or meta.auto_field is None or meta.pk is not meta.auto_field:
            raise TypeError(f"row_insert needs a plain model with an auto primary key: {model}")
        connection = connections[alias]
        quote = connection.ops.quote_name
        fields = [f for f in meta.concrete_fields if f is not meta.auto_field]
        returning = bool(connection.features.can_return_columns_from_insert)
        sql = (
            f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608 - names from the model
            f"({', '.join(quote(str(f.column)) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
        if returning:
            sql += f" RETURNING {quote(str(meta.pk.column))}"
        _statements[key] = (sql, fields, returning)
    return _statements[key]


def row_insert(instance: M) -> M:
    """Insert `instance` (not yet saved) and return it with its primary key."""
    model = type(instance)
    if instance.pk is not None:
        raise ValueError("row_insert writes new rows only")
    alias = router.db_for_write(model, instance=instance)
    connection = connections[alias]
    sql, fields, returning = _statement(alias, model)
    pre_save.send(sender=model, instance=instance, raw=False, using=alias, update_fields=None)
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with transaction.mark_for_rollback_on_error(alias), connection.cursor() as cursor:
        cursor.execute(sql, values)
        if returning:
            pk = cursor.fetchone()[0]
        else:
            pk = connection.ops.last_insert_id(
                cursor, model._meta.db_table, str(model._meta.pk.column)
            )
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = alias
    post_save.send(
        sender=model, instance=instance, created=True, update_fields=None, raw=False, using=alias
    )
    return instance
