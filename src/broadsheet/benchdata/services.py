"""Generate a realistic site in bulk: `benchdata_generate` and the steps it takes.

Rows go in with `bulk_create` on SQLite and COPY on PostgreSQL (comments, ten times as
many, with one `executemany` or COPY), one committed transaction per batch, so no
per-row signal fires (search, revisions and cache receivers stay connected for
everything else) and the search index is filled in the same transaction through
`search_index_documents`. Generated rows are numbered:
article `n` has the slug `benchdata-<n>`, comment `k` the form token `benchdata-<k>`.
A run first looks up the highest number present and goes on from there, so an
interrupted run, or a second one with larger numbers, adds exactly what is missing and
never a duplicate. Memory stays bounded: one batch is built, written and dropped at a
time.
"""

# Generated data, not secrets: the standard generator is the right one here.
# ruff: noqa: S311

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import math
import os
import queue
import random
import threading
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from broadsheet.benchdata.corpus import Corpus, corpus_default
from broadsheet.benchdata.vocabulary import (
    FIRST_NAMES,
    LANGUAGE_WEIGHTS,
    LANGUAGES,
    LAST_NAMES,
    NICKNAMES,
    OUTLETS,
    SECTIONS,
    WORDS,
)
from broadsheet.discussion.models import Comment
from broadsheet.discussion.services import PATH_WIDTH
from broadsheet.news.models import Article, ArticleSource, Author, Byline, Section, Tag
from broadsheet.search.documents import INDEXABLE_STATUSES
from broadsheet.search.models import SearchDocument
from broadsheet.search.services import search_index_documents

PREFIX = "benchdata-"
ARTICLE_BATCH = 500
COMMENT_BATCH = 5_000
# Publication times: one article every few minutes back from now, so 1,000,000
# articles span about six years.
ARTICLE_INTERVAL = dt.timedelta(minutes=3)
FUTURE_SCHEDULED = 20  # among the newest articles, every fifth is scheduled for later
DRAFT_EVERY = 503
SCHEDULED_EVERY = 97
AUTHORS_PER_LANGUAGE = 100
TAGS_PER_LANGUAGE = 120
# Share of conversations that go to the few most-discussed articles: the long tail.
HOT_SHARE = 0.15
MAX_DEPTH = 6
SQLITE_CACHE_KIB = 262_144
# Adding more comments than this to SQLite, their table's plain indexes are dropped and
# built once at the end: kept up to date row by row, they are written to random pages
# (measured: past about 2.7 million comments, a few hundred rows a second and 45 KB
# written per row, BENCHMARKS.md "Data generation").
DEFER_INDEXES_FROM = 500_000
DEFERRED_INDEXES_FILE = "benchdata-deferred-indexes.json"
# Readers' addresses from the documentation ranges (RFC 5737, RFC 3849): realistic,
# never anyone's. A fixed pool: building an address per comment was a tenth of the time.
_IP_RNG = random.Random(11)
IP_POOL = [
    str(network[_IP_RNG.randrange(1, 255)])
    for network in [
        ipaddress.ip_network(n)
        for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/96")
    ]
    for _ in range(250)
]

Progress = Callable[[str, int], None]


@dataclass
class GenerateReport:
    articles_before: int = 0
    articles_added: int = 0
    comments_before: int = 0
    comments_added: int = 0
    indexes_rebuilt: int = 0


@dataclass(frozen=True)
class Cast:
    """The fixed rows every generated article draws on, by language."""

    sections: list[int]
    tags: dict[str, list[tuple[int, str]]]
    authors: dict[str, list[tuple[int, str]]]


def _slug(n: int) -> str:
    return f"{PREFIX}{n:08d}"


def _token(k: int) -> str:
    return f"{PREFIX}{k:010d}"


def _number(value: str | None) -> int:
    """The sequence number in a generated slug or token; -1 for none."""
    return int(value[len(PREFIX) :]) if value else -1


def benchdata_articles_present() -> int:
    """How many generated articles exist: batches commit whole and in order, so the
    highest number present says it, from one index lookup."""
    last = (
        Article.objects.filter(slug__gte=PREFIX, slug__lt=PREFIX[:-1] + ".")
        .order_by("-slug")
        .values_list("slug", flat=True)
        .first()
    )
    return _number(last) + 1


def benchdata_comments_present() -> int:
    """How many generated comments exist (see `benchdata_articles_present`)."""
    last = (
        Comment.objects.filter(form_token__gte=PREFIX, form_token__lt=PREFIX[:-1] + ".")
        .order_by("-form_token")
        .values_list("form_token", flat=True)
        .first()
    )
    return _number(last) + 1


def _tune_connection() -> None:
    # A bulk load touches indexes far larger than SQLite's 2 MB default page cache.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")


def _deferred_file() -> Path:
    return Path(settings.DATA_DIR) / DEFERRED_INDEXES_FILE


def comment_indexes_defer() -> None:
    """Drop the comment table's plain indexes (SQLite), after writing down how to make
    them again: an interrupted run leaves the list for the next one to finish."""
    table = Comment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
            [table],
        )
        found = [{"name": name, "sql": sql} for name, sql in cursor.fetchall()]
    listed = _deferred_file()
    known = json.loads(listed.read_text()) if listed.exists() else []
    names = {i["name"] for i in known}
    merged = known + [i for i in found if i["name"] not in names]
    partial = listed.with_suffix(".tmp")
    partial.write_text(json.dumps(merged))
    os.replace(partial, listed)
    with connection.cursor() as cursor:
        for index in found:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(index['name'])}")


def comment_indexes_restore(*, progress: Progress | None = None) -> int:
    """Make again every index `comment_indexes_defer` dropped; returns how many."""
    listed = _deferred_file()
    if not listed.exists():
        return 0
    indexes = json.loads(listed.read_text())
    with connection.cursor() as cursor:
        for index in indexes:
            # The statement SQLite kept for it, with IF NOT EXISTS: a repeat is harmless.
            sql = index["sql"].replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1)
            cursor.execute(sql)
            if progress is not None:
                progress("indexes", 1)
    listed.unlink()
    return len(indexes)


def benchdata_cast_ensure() -> Cast:
    """Create the sections, tags and authors generated articles use (once; a second
    call finds them) and return their ids."""
    rng = random.Random(7)
    with transaction.atomic():
        Section.objects.bulk_create(
            [Section(slug=slug, name=name, order=i) for i, (slug, name) in enumerate(SECTIONS)],
            ignore_conflicts=True,
        )
        taken: set[str] = set()
        tag_rows: list[Tag] = []
        author_rows: list[Author] = []
        for language in LANGUAGES:
            names = [w for w in WORDS[language][40:] if len(w) > 3]
            for word in names[:TAGS_PER_LANGUAGE]:
                name = word.capitalize()
                if name.lower() not in taken:
                    taken.add(name.lower())
                    slug = slugify(f"{PREFIX}{language}-{word}", allow_unicode=True)
                    tag_rows.append(Tag(name=name, slug=slug))
            for i in range(AUTHORS_PER_LANGUAGE):
                name = f"{rng.choice(FIRST_NAMES[language])} {rng.choice(LAST_NAMES[language])}"
                author_rows.append(Author(name=name, slug=f"{PREFIX}{language}-{i:03d}"))
        Tag.objects.bulk_create(tag_rows, ignore_conflicts=True)
        Author.objects.bulk_create(author_rows, ignore_conflicts=True)
    sections = list(
        Section.objects.filter(slug__in=[s for s, _ in SECTIONS])
        .order_by("order", "pk")
        .values_list("pk", flat=True)
    )
    tags: dict[str, list[tuple[int, str]]] = {}
    authors: dict[str, list[tuple[int, str]]] = {}
    for language in LANGUAGES:
        tags[language] = list(
            Tag.objects.filter(slug__startswith=f"{PREFIX}{language}-")
            .order_by("slug")
            .values_list("pk", "name")
        )
        authors[language] = list(
            Author.objects.filter(slug__startswith=f"{PREFIX}{language}-")
            .order_by("slug")
            .values_list("pk", "name")
        )
    return Cast(sections=sections, tags=tags, authors=authors)


def _rows_write(model: type[Model], rows: Sequence[Model], *, keep_ids: bool = False) -> None:
    """Insert new `rows` of `model`: `bulk_create` on SQLite, COPY on PostgreSQL.

    COPY skips the ORM's per-row SQL compilation and PostgreSQL's parsing of one huge
    INSERT: at a million articles both cost more than the rows themselves. Each value
    is still what the ORM would store (`pre_save`, so the article HTML is sanitized and
    `auto_now` fields are set, then `get_db_prep_save`). With `keep_ids`, ids are taken
    from the table's sequence first and set on the rows, as `bulk_create` would.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(rows)
        return
    meta = model._meta
    quote = connection.ops.quote_name
    if keep_ids:
        _ids_take(model, rows)
    with_ids = rows[0].pk is not None
    fields = [f for f in meta.concrete_fields if with_ids or f is not meta.auto_field]
    columns = ", ".join(quote(str(f.column)) for f in fields)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields])
    for row in rows:
        row._state.adding = False  # saved, as bulk_create leaves them


def _ids_take(model: type[Model], rows: Sequence[Model]) -> None:
    """Give `rows` the next ids of the table's sequence (PostgreSQL), in order."""
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) AS id "
            "FROM generate_series(1, %s) ORDER BY id",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk = pk


def _article_rng(n: int) -> random.Random:
    """Article `n`'s own random stream: the same article whenever it is made."""
    return random.Random(n * 1_000_003 + 17)


def _article_language_draw(rng: random.Random) -> str:
    """An article's language: the first draw from its stream, so the comments step can
    tell it again from the article's number alone."""
    return rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0]


def _article_time(
    n: int, total: int, anchor: dt.datetime, rng: random.Random
) -> tuple[str, dt.datetime | None]:
    """Status and publication time of article `n` of `total`: newest last."""
    if n % DRAFT_EVERY == 7:
        return Article.Status.DRAFT, None
    if n >= total - FUTURE_SCHEDULED and n % 5 == 0:
        return Article.Status.SCHEDULED, anchor + dt.timedelta(hours=2 * (n - total + 21))
    when = anchor - (total - 1 - n) * ARTICLE_INTERVAL - dt.timedelta(seconds=rng.randint(0, 150))
    status = Article.Status.SCHEDULED if n % SCHEDULED_EVERY == 11 else Article.Status.PUBLISHED
    return status, when


def _article_batch(
    *,
    numbers: range,
    total: int,
    anchor: dt.datetime,
    cast: Cast,
    corpus: Corpus,
    turns: _Turns | None = None,
    ordinal: int = 0,
) -> int:
    """Write articles `numbers` with their bylines, tags, sources and search documents.

    With `turns` (batches running in parallel threads), the batch takes its article ids
    and commits only after batch `ordinal - 1` did: ids keep growing with time and
    batches commit in order, which is what resuming relies on.
    """
    articles: list[Article] = []
    extras: list[tuple[list[tuple[int, str]], list[tuple[int, str]], str, int]] = []
    for n in numbers:
        rng = _article_rng(n)
        language = _article_language_draw(rng)
        status, published_at = _article_time(n, total, anchor, rng)
        body = corpus.body(rng, language)
        articles.append(
            Article(
                headline=corpus.headline(rng, language),
                slug=_slug(n),
                standfirst=corpus.sentence(rng, language, 15, 30),
                body=body.html,
                language=language,
                section_id=rng.choice(cast.sections),
                status=status,
                published_at=published_at,
            )
        )
        byline_count = rng.choices((1, 2, 3), (0.85, 0.13, 0.02))[0]
        authors = rng.sample(cast.authors[language], byline_count)
        tags = rng.sample(cast.tags[language], rng.randint(1, 5))
        extras.append((authors, tags, body.text, rng.choices((0, 1, 2, 3), (4, 4, 1, 1))[0]))

    with transaction.atomic():
        if turns is None:
            _rows_write(Article, articles, keep_ids=True)
        else:
            with turns.turn("ids", ordinal):
                _ids_take(Article, articles)
            _rows_write(Article, articles)
        bylines: list[Byline] = []
        article_tags: list[object] = []
        sources: list[ArticleSource] = []
        documents: list[SearchDocument] = []
        through = Article.tags.through
        for article, (authors, tags, text, source_count) in zip(articles, extras, strict=True):
            bylines += [
                Byline(article_id=article.pk, author_id=author_id, position=i)
                for i, (author_id, _name) in enumerate(authors)
            ]
            article_tags += [through(article_id=article.pk, tag_id=tag_id) for tag_id, _ in tags]
            for i, (name, url) in enumerate(
                random.Random(article.pk).sample(OUTLETS, source_count)
            ):
                sources.append(
                    ArticleSource(
                        article_id=article.pk, name=name, url=f"{url}{article.slug}", position=i
                    )
                )
            if article.status in INDEXABLE_STATUSES and article.published_at is not None:
                documents.append(
                    SearchDocument(
                        article_id=article.pk,
                        language=article.language,
                        section_id=article.section_id,
                        published_at=article.published_at,
                        headline=article.headline,
                        standfirst=article.standfirst,
                        body=text,
                        tags=" ".join(sorted(name for _id, name in tags)),
                        authors=" ".join(name for _id, name in authors),
                        source_updated_at=article.updated_at,
                    )
                )
        _rows_write(Byline, bylines)
        _rows_write(through, article_tags)  # type: ignore[arg-type]
        _rows_write(ArticleSource, sources)
        search_index_documents(documents=documents)
        if turns is not None:
            turns.wait("commit", ordinal)
    if turns is not None:
        turns.advance("commit", ordinal)
    return len(articles)


def benchdata_articles_generate(
    *,
    total: int,
    cast: Cast,
    corpus: Corpus,
    batch_size: int = ARTICLE_BATCH,
    workers: int = 1,
    progress: Progress | None = None,
) -> int:
    """Add generated articles until `total` exist; returns how many were added.

    `workers` > 1 (PostgreSQL only; SQLite has one writer) runs that many batches at
    once in threads with their own connections: the server's `to_tsvector` (about 3 ms
    of a core per article) is most of the work, and one connection keeps one core busy.
    """
    start = benchdata_articles_present()
    anchor = timezone.now().replace(microsecond=0)
    batches = [
        range(first, min(first + batch_size, total)) for first in range(start, total, batch_size)
    ]
    options: dict[str, Any] = {"total": total, "anchor": anchor, "cast": cast, "corpus": corpus}
    if workers > 1 and connection.vendor == "postgresql" and len(batches) > 1:
        _article_batches_parallel(batches, workers=workers, progress=progress, **options)
    else:
        for numbers in batches:
            count = _article_batch(numbers=numbers, **options)
            if progress is not None:
                progress("articles", count)
    return max(0, total - start)


class _Abandoned(Exception):
    """Another batch failed: this one rolls back and stops."""


class _Turns:
    """Steps that parallel batches take one after another, in batch order."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._next = {"ids": 0, "commit": 0}
        self.failed = False

    def wait(self, step: str, ordinal: int) -> None:
        with self._condition:
            self._condition.wait_for(lambda: self.failed or self._next[step] == ordinal)
            if self.failed:
                raise _Abandoned

    def advance(self, step: str, ordinal: int) -> None:
        with self._condition:
            self._next[step] = ordinal + 1
            self._condition.notify_all()

    def fail(self) -> None:
        with self._condition:
            self.failed = True
            self._condition.notify_all()

    @contextmanager
    def turn(self, step: str, ordinal: int) -> Iterator[None]:
        self.wait(step, ordinal)
        yield
        self.advance(step, ordinal)


def _article_batches_parallel(
    batches: list[range], *, workers: int, progress: Progress | None, **options: Any
) -> None:
    """Run `_article_batch` for `batches` in `workers` threads (see `_Turns`). On the
    first failure the others roll back what they have not committed, and it is raised;
    what was committed is a prefix of the batches, so a new run resumes after it."""
    jobs: queue.Queue[tuple[int, range]] = queue.Queue()
    for job in enumerate(batches):
        jobs.put(job)
    turns = _Turns()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            while not turns.failed:
                try:
                    ordinal, numbers = jobs.get_nowait()
                except queue.Empty:
                    return
                count = _article_batch(numbers=numbers, turns=turns, ordinal=ordinal, **options)
                if progress is not None:
                    progress("articles", count)
        except _Abandoned:
            pass
        except BaseException as exc:
            errors.append(exc)
            turns.fail()
        finally:
            connection.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.5)  # a short wait, so Ctrl-C reaches the main thread
    except BaseException:
        turns.fail()
        raise
    if errors:
        raise errors[0]


@dataclass(frozen=True)
class _Target:
    pk: int
    published_at: dt.datetime
    language: str


@dataclass(frozen=True)
class _LiveArticles:
    """The live generated articles comments may go to, as compact columns (8 bytes a
    value: a million articles take 24 MB)."""

    pks: array[int]
    times: array[float]  # publication time, POSIX seconds
    numbers: array[int]  # n in the slug

    def __len__(self) -> int:
        return len(self.pks)

    def target(self, i: int) -> _Target:
        return _Target(
            pk=self.pks[i],
            published_at=dt.datetime.fromtimestamp(self.times[i], dt.UTC),
            language=_article_language_draw(_article_rng(self.numbers[i])),
        )


def _live_articles_read(*, articles: int, now: dt.datetime) -> _LiveArticles:
    """The first `articles` generated articles that are live at `now`, read once from two
    indexes and never from the article table.

    At a million articles the table is some 30 GB, mostly article bodies; looking each
    batch's targets up in it (language and status sit after the body in a row, so
    every lookup walked its overflow pages) read pages all over that file and made
    comments 20 times slower than on 10,000 articles (BENCHMARKS.md, "Data
    generation"). The slug index gives each generated article's number, the live-order
    index its publication time, and the language is drawn again from the number.
    """
    numbered = (
        Article.objects.filter(slug__gte=PREFIX, slug__lt=PREFIX[:-1] + ".")
        .order_by()
        .values_list("pk", "slug")
    )
    pks, numbers = array("q"), array("q")
    for pk, slug in numbered.iterator(chunk_size=20_000):
        if (n := _number(slug)) < articles:
            pks.append(pk)
            numbers.append(n)
    # Number by id, in one array over the generated ids' span (they are dense).
    low = min(pks, default=0)
    number_of = array("q", [-1]) * (max(pks, default=-1) - low + 1)
    for pk, n in zip(pks, numbers, strict=True):
        number_of[pk - low] = n
    del pks, numbers
    live = _LiveArticles(pks=array("q"), times=array("d"), numbers=array("q"))
    # In the live-order index's own order: no sort on SQLite, the same list on both.
    timed = (
        Article.objects.live(now=now)
        .order_by("published_at", "pk")
        .values_list("pk", "published_at")
    )
    for pk, published_at in timed.iterator(chunk_size=20_000):
        if published_at is None or not 0 <= pk - low < len(number_of):
            continue  # (a live article always has its time)
        if (n := number_of[pk - low]) >= 0:
            live.pks.append(pk)
            live.times.append(published_at.timestamp())
            live.numbers.append(n)
    return live


def _hot_numbers(total: int) -> list[int]:
    """The few most-discussed articles: a fixed scatter over the archive."""
    count = max(3, total // 1000)
    step = 1_000_003 if math.gcd(1_000_003, total) == 1 else 1
    return [(i * step + total // 2) % total for i in range(count)]


def _pick_targets(*, rng: random.Random, live: _LiveArticles, wanted: int) -> list[_Target]:
    """Live articles for `wanted` conversations, most-discussed ones repeated."""
    hot = _hot_numbers(len(live))
    return [
        live.target(
            hot[int(len(hot) * rng.random() ** 2)]
            if rng.random() < HOT_SHARE
            else rng.randrange(len(live))
        )
        for _ in range(wanted)
    ]


def _commenter_name(rng: random.Random, language: str) -> str:
    if rng.random() < 0.3:
        return rng.choice(NICKNAMES)
    return f"{rng.choice(FIRST_NAMES[language])} {rng.choice(LAST_NAMES[language])}"


def _time_adapter() -> Callable[[dt.datetime | None], Any]:
    """How a datetime is written by hand: what Django's adapter gives, without its
    per-call checks (SQLite stores naive UTC text, PostgreSQL takes the datetime)."""
    if connection.vendor != "sqlite":
        return lambda value: value

    def adapt(value: dt.datetime | None) -> str | None:
        return None if value is None else str(value.astimezone(dt.UTC).replace(tzinfo=None))

    return adapt


def _status(rng: random.Random) -> tuple[str, list[str]]:
    roll = rng.random()
    if roll < 0.90:
        return Comment.Status.APPROVED, []
    if roll < 0.95:
        return Comment.Status.PENDING, [rng.choice(["new_commenter", "too_many_links"])]
    if roll < 0.99:
        return Comment.Status.SPAM, [rng.choice(["honeypot", "duplicate_text", "banned_word"])]
    return Comment.Status.REMOVED, []


class _Node(NamedTuple):
    pk: int
    root_id: int
    path: str
    depth: int


# The comment columns written, in order (every other column keeps its default).
COMMENT_COLUMNS = (  # noqa: SIM905 - one readable line
    "id article_id parent_id root_id path depth name email text status featured reasons ip "
    "form_token text_hash report_count created_at moderated_at"
).split()


def _conversation(
    *,
    rng: random.Random,
    target: _Target,
    size: int,
    first_id: int,
    first_k: int,
    corpus: Corpus,
    now: dt.datetime,
) -> Iterator[tuple[Any, ...]]:
    """Rows of `size` comments under one article (in COMMENT_COLUMNS order): threads
    whose replies go up to MAX_DEPTH, stored as the discussion app stores them."""
    adapt = _time_adapter()
    when = target.published_at + dt.timedelta(hours=min(rng.expovariate(1 / 8), 24 * 30))
    made: list[_Node] = []
    for i in range(size):
        pk, k = first_id + i, first_k + i
        parent = rng.choice(made[-8:]) if made and rng.random() < 0.65 else None
        if parent is not None and parent.depth >= MAX_DEPTH:
            parent = None
        own = str(pk).zfill(PATH_WIDTH)
        node = (
            _Node(pk, parent.root_id, f"{parent.path}/{own}", parent.depth + 1)
            if parent
            else _Node(pk, pk, own, 0)
        )
        made.append(node)
        language = target.language if rng.random() < 0.8 else rng.choice(LANGUAGES)
        text = corpus.comment(rng, language)
        status, reasons = _status(rng)
        when = min(when + dt.timedelta(minutes=rng.expovariate(1 / 40)), now)
        name = _commenter_name(rng, language)[:50]
        moderated = (
            min(when + dt.timedelta(minutes=rng.randint(1, 600)), now)
            if status != Comment.Status.PENDING
            else None
        )
        yield (
            pk,
            target.pk,
            parent.pk if parent else None,
            node.root_id,
            node.path,
            node.depth,
            name,
            f"{slugify(name) or 'reader'}{k % 997}@example.org" if rng.random() < 0.3 else "",
            text,
            status,
            status == Comment.Status.APPROVED and rng.random() < 0.005,
            json.dumps(reasons),
            rng.choice(IP_POOL),
            _token(k),
            hashlib.sha256(" ".join(text.casefold().split()).encode()).hexdigest(),
            rng.randint(1, 3) if status == Comment.Status.SPAM else 0,
            adapt(when),
            adapt(moderated),
        )


def _comment_batch(
    *, first_k: int, count: int, live: _LiveArticles, corpus: Corpus, now: dt.datetime
) -> int:
    """Write `count` comments numbered from `first_k`, in one transaction.

    Rows go through one `executemany` (COPY on PostgreSQL) rather than `bulk_create`:
    at ten million comments, building a model instance and compiling each of its fields
    took longer than SQLite's own insert (measured: see BENCHMARKS.md, "Data
    generation"). No signal fires either way; the values are what the discussion app
    writes.
    """
    rng = random.Random(first_k * 31 + 5)
    table = Comment._meta.db_table
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in COMMENT_COLUMNS)}) "  # noqa: S608 - names from the model
        f"VALUES ({', '.join(['%s'] * len(COMMENT_COLUMNS))})"
    )
    with transaction.atomic():
        last_id = Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        rows: list[tuple[Any, ...]] = []
        while len(rows) < count:
            targets = _pick_targets(rng=rng, live=live, wanted=max(8, count // 4))
            for target in targets:
                size = min(max(1, int(rng.paretovariate(1.3))), 200, count - len(rows))
                rows += _conversation(
                    rng=rng,
                    target=target,
                    size=size,
                    first_id=last_id + 1 + len(rows),
                    first_k=first_k + len(rows),
                    corpus=corpus,
                    now=now,
                )
                if len(rows) >= count:
                    break
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                columns = ", ".join(quote(c) for c in COMMENT_COLUMNS)
                with cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(sql, rows)
            # Ids were given explicitly: PostgreSQL's sequence must learn the new maximum.
            for reset in connection.ops.sequence_reset_sql(no_style(), [Comment]):
                cursor.execute(reset)
    return len(rows)


def benchdata_comments_generate(
    *,
    total: int,
    articles: int,
    corpus: Corpus,
    batch_size: int = COMMENT_BATCH,
    progress: Progress | None = None,
) -> int:
    """Add generated comments, spread over the first `articles` generated articles,
    until `total` exist; returns how many were added."""
    start = benchdata_comments_present()
    if start >= total:
        return 0
    if articles <= 0:
        raise ValueError("Comments need articles: give --articles as well.")
    now = timezone.now()
    live = _live_articles_read(articles=articles, now=now)
    if not live:
        raise ValueError("No live generated article to comment on.")
    # Every article id written comes from `live`: SQLite's check of each comment's
    # article would be one more read in the article table per conversation (0.38 s
    # against 0.52 s a batch of 5,000 on a cold 100,000-article file).
    unchecked = connection.vendor == "sqlite" and connection.disable_constraint_checking()
    try:
        for first in range(start, total, batch_size):
            count = _comment_batch(
                first_k=first,
                count=min(batch_size, total - first),
                live=live,
                corpus=corpus,
                now=now,
            )
            if progress is not None:
                progress("comments", count)
    finally:
        if unchecked:
            connection.enable_constraint_checking()
    return total - start


def benchdata_generate(
    *,
    articles: int,
    comments: int,
    article_batch: int = ARTICLE_BATCH,
    comment_batch: int = COMMENT_BATCH,
    workers: int = 1,
    progress: Progress | None = None,
) -> GenerateReport:
    """Bring the generated site up to `articles` articles and `comments` comments.

    Adds only what is missing (never removes: asking for fewer than exist adds
    nothing). Raises ValueError for comments without articles.
    """
    _tune_connection()
    report = GenerateReport(
        articles_before=benchdata_articles_present(), comments_before=benchdata_comments_present()
    )
    corpus = corpus_default()
    cast = benchdata_cast_ensure()
    report.articles_added = benchdata_articles_generate(
        total=articles,
        cast=cast,
        corpus=corpus,
        batch_size=article_batch,
        workers=workers,
        progress=progress,
    )
    to_add = comments - report.comments_before
    if connection.vendor == "sqlite" and to_add >= DEFER_INDEXES_FROM:
        comment_indexes_defer()
    report.comments_added = benchdata_comments_generate(
        total=comments,
        articles=max(articles, report.articles_before),
        corpus=corpus,
        batch_size=comment_batch,
        progress=progress,
    )
    report.indexes_rebuilt = comment_indexes_restore(progress=progress)
    return report
