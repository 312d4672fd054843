"""Full-text matching behind one interface: FTS5 on SQLite, text search on PostgreSQL.

`fulltext(kind, query, limit)` gives the ids of the matching published records, best
first. All of a query's words must match (each under any of its four-language stems);
when no record has them all, records with any of them are returned, still best first.
"""

from __future__ import annotations

from django.db import connection

from jmdi.search.text import query_terms


def _sqlite_match(groups: list[list[str]], joiner: str) -> str:
    quoted = ["(" + " OR ".join(f'"{term}"' for term in group) + ")" for group in groups]
    return f" {joiner} ".join(quoted)


def _pg_query(groups: list[list[str]], joiner: str) -> str:
    quoted = ["(" + " | ".join(f"'{term}'" for term in group) + ")" for group in groups]
    return f" {joiner} ".join(quoted)


def _sqlite(kind: str, groups: list[list[str]], joiner: str, limit: int) -> list[int]:
    sql = (
        "SELECT e.object_id FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
        "WHERE search_fts MATCH %s AND e.kind = %s AND e.published "
        "ORDER BY bm25(search_fts, 4.0, 1.0), e.id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_sqlite_match(groups, joiner), kind, limit])
        return [row[0] for row in cursor.fetchall()]


def _postgresql(kind: str, groups: list[list[str]], joiner: str, limit: int) -> list[int]:
    # `document`: the stored, indexed tsvector (migration 0003).
    sql = (
        "SELECT object_id FROM search_searchentry, to_tsquery('simple', %s) query "
        "WHERE document @@ query AND kind = %s AND published "
        "ORDER BY ts_rank(document, query) DESC, id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_pg_query(groups, joiner), kind, limit])
        return [row[0] for row in cursor.fetchall()]


def fulltext(kind: str, query: str, limit: int = 500) -> list[int]:
    """The published records of `kind` matching `query`, best first (at most `limit`)."""
    return fulltext_match(kind, query, limit)[0]


def fulltext_match(kind: str, query: str, limit: int = 500) -> tuple[list[int], bool]:
    """As `fulltext`, and whether the records hold all the query's words (True) or, none
    holding them all, some of them (False)."""
    groups = query_terms(query)
    if not groups:
        return [], True
    run = _postgresql if connection.vendor == "postgresql" else _sqlite
    joiner_all, joiner_any = ("&", "|") if connection.vendor == "postgresql" else ("AND", "OR")
    found = run(kind, groups, joiner_all, limit)
    if not found and len(groups) > 1:
        return run(kind, groups, joiner_any, limit), False
    return found, True
