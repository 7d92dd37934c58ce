"""The backend's full-text index beside the documents, made only for the database in use.

SQLite: an external-content FTS5 table over search_searchdocument, kept in step by
triggers (the pattern of the SQLite FTS5 manual, section 4.4.3).
PostgreSQL: a tsvector column, written by the PostgreSQL backend, and its GIN index.
Other databases get neither; get_backend() then says how to configure search.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        headline, standfirst, body, tags, authors,
        content='search_searchdocument', content_rowid='article_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, headline, standfirst, body, tags, authors)
        VALUES (new.article_id, new.headline, new.standfirst, new.body, new.tags, new.authors);
    END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline, standfirst, body, tags, authors)
        VALUES ('delete', old.article_id, old.headline, old.standfirst, old.body, old.tags,
                old.authors);
    END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline, standfirst, body, tags, authors)
        VALUES ('delete', old.article_id, old.headline, old.standfirst, old.body, old.tags,
                old.authors);
        INSERT INTO search_fts(rowid, headline, standfirst, body, tags, authors)
        VALUES (new.article_id, new.headline, new.standfirst, new.body, new.tags, new.authors);
    END""",
    # Documents written before this migration (none in a new install).
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector",
    "CREATE INDEX search_document_vector ON search_searchdocument USING GIN (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
