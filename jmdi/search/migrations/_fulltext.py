"""The statements of the full-text index (migration 0002), and the PostgreSQL document
expression that `jmdi.search.backends` queries with: one definition for both."""

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title_terms, body_terms,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE OF title_terms, body_terms
    ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
        INSERT INTO search_fts(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms);
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

#: The expression the PostgreSQL index is built on; jmdi.search.backends repeats it.
PG_DOCUMENT = (
    "(setweight(to_tsvector('simple'::regconfig, title_terms), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body_terms), 'B'))"
)
PG_FORWARD = [f"CREATE INDEX search_entry_document ON search_searchentry USING GIN ({PG_DOCUMENT})"]
PG_BACKWARD = ["DROP INDEX IF EXISTS search_entry_document"]
