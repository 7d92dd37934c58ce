"""Full-text search over live articles, behind one small backend interface.

See docs/search.md. The backend follows the database in use: SQLite FTS5 in the
embedded mode, PostgreSQL full-text search in scale mode.
"""
