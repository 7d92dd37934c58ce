"""Querysets compiled once and run again with other values: the article page's first
render 17.2 -> 13.x ms p50 with them (bench/render_miss.py, BENCHMARKS.md "house").

On an article page's first render the ORM took twenty to forty times longer to build a
query than SQLite took to answer it: 0.3-0.5 ms against about 0.02 ms for each of the
article's prefetched relations (BENCHMARKS.md, "Page-cache misses"). A `KeptQuery` is
a queryset built and compiled once per database connection, with stand-ins where its
values go; each run puts the values in their place and makes the models as the
queryset itself would, through the compiler's converters and its `select_related`
populators, so a row reads the same either way.

Only values that reach the SQL as they are (ids, text, times) can be stand-ins;
compiling checks that each one did.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)
Value = int | str | dt.date

# Stand-ins no row holds: no id is negative, no slug starts with NUL, nothing is dated
# 1901. Values of one statement must differ: `stand_in_ids` counts down from the id.
STAND_IN_ID = -7301
STAND_IN_TEXT = "\x00stand-in"
STAND_IN_TIME = dt.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=dt.UTC)
STAND_IN_DAY = STAND_IN_TIME.date()


def stand_in_ids(count: int) -> dict[str, int]:
    """Stand-ins for `count` ids, named `id0`, `id1`...: a statement of an `IN` list."""
    return {f"id{n}": STAND_IN_ID - n for n in range(count)}


def id_values(ids: list[int]) -> dict[str, int]:
    """The values of `ids` for a statement built on `stand_in_ids(len(ids))`."""
    return {f"id{n}": pk for n, pk in enumerate(ids)}


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    places: dict[str, tuple[int, ...]]  # where each stand-in's value goes in `params`
    compiler: SQLCompiler
    # The compiler's converters of each column, worked out once (`results_iter` works
    # them out for every run: a quarter of an article's read).
    converters: dict[int, Any]
    # Models only (None for a query of values): how a row becomes one.
    init_list: tuple[str, ...] | None
    start: int
    end: int
    populators: tuple[Any, ...]


def _as_sent(connection: Any, value: Any) -> Any:
    """A value as the compiled parameters hold it: a time as the backend sends one
    (SQLite, text in UTC), anything else as it is."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


class KeptQuery(Generic[M]):
    """`build(**values)`: the queryset; `stand_ins`: a value for each name, found in the
    compiled parameters and nowhere else (negative ids, text no row holds, a time no
    row has). `models()` makes models of a model query; `rows()` gives the tuples of a
    `values_list()` query, annotations included."""

    def __init__(self, build: Callable[..., QuerySet[M, Any]], **stand_ins: Value) -> None:
        self.build = build
        self.stand_ins = stand_ins
        self.model: type[M] = build(**stand_ins).model
        # Per connection object (each thread has its own): the compiler keeps it.
        self._compiled: weakref.WeakKeyDictionary[Any, _Compiled] = weakref.WeakKeyDictionary()

    def _compile(self, alias: str, connection: Any) -> _Compiled:
        queryset = self.build(**self.stand_ins)
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        places = {}
        for name, value in self.stand_ins.items():
            sent = _as_sent(connection, value)
            places[name] = tuple(
                i for i, p in enumerate(params) if type(p) is type(sent) and p == sent
            )
        if not all(places.values()):
            raise RuntimeError(f"A stand-in did not reach the SQL as it is: {sql} {params}")
        klass_info = compiler.klass_info
        columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(columns)
        if compiler.has_composite_fields(columns):
            raise RuntimeError(f"Composite fields are not made here: {sql}")
        if queryset._iterable_class is ValuesListIterable:
            # The rows are the select's columns, converted.
            return _Compiled(sql, tuple(params), places, compiler, converters, None, 0, 0, ())
        if queryset._iterable_class is not ModelIterable or klass_info is None:
            raise RuntimeError(f"Neither models nor values_list(): {sql}")
        if klass_info["model"] is not self.model:
            raise RuntimeError(f"Not a query of {self.model.__name__} rows: {sql}")
        if compiler.annotation_col_map:
            raise RuntimeError(f"Annotations are made only in rows(): {sql}")
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _Compiled(
            sql=sql,
            params=tuple(params),
            places=places,
            compiler=compiler,
            converters=converters,
            init_list=tuple(f[0].target.attname for f in compiler.select[start:end]),
            start=start,
            end=end,
            # Django 5.2's signature (the stubs follow a later one).
            populators=tuple(get_related_populators(klass_info, compiler.select, alias)),  # type: ignore[call-arg]
        )

    def _run(self, values: dict[str, Value]) -> tuple[str, _Compiled, Iterable[Any]]:
        if values.keys() != self.stand_ins.keys():
            raise TypeError(f"Values for {sorted(self.stand_ins)} needed, got {sorted(values)}")
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = self._compile(alias, connection)
        params = list(compiled.params)
        for name, value in values.items():
            sent = _as_sent(connection, value)
            for i in compiled.places[name]:
                params[i] = sent
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            fetched = cursor.fetchall()
        if not compiled.converters:
            return alias, compiled, fetched
        return alias, compiled, compiled.compiler.apply_converters(fetched, compiled.converters)

    def models(self, **values: Value) -> list[M]:
        """The models of `build(**values)`, as its queryset would give them."""
        alias, compiled, rows = self._run(values)
        if compiled.init_list is None:
            raise TypeError("A query of values: use rows()")
        made = []
        for row in rows:
            obj = self.model.from_db(
                alias, list(compiled.init_list), row[compiled.start : compiled.end]
            )
            for populator in compiled.populators:
                populator.populate(row, obj)
            made.append(obj)
        return made

    def rows(self, **values: Value) -> list[tuple[Any, ...]]:
        """The rows of `build(**values)`, a `values_list()` query, as tuples."""
        _alias, compiled, rows = self._run(values)
        if compiled.init_list is not None:
            raise TypeError("A query of models: use models()")
        return [tuple(row) for row in rows]
