"""The state file's tables, its schema version, and the migrations between versions.

The version is SQLite's ``PRAGMA user_version``. A file at an older version is migrated
forward in one transaction; a file at a newer version than this newsclean knows is refused
with a clear message and left untouched (an older release must not write to a newer
schema). Timestamps are ISO 8601 UTC strings; a corpus row is stored as JSON, exactly as
:func:`newsclean.corpus.schema.article_row` gives it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from newsclean.errors import StateError

SCHEMA_V1 = """
CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    started       TEXT NOT NULL,
    ended         TEXT,
    status        TEXT NOT NULL,           -- running, done, failed, interrupted
    config_digest TEXT NOT NULL,
    counts        TEXT                     -- JSON: outcome counts of the run
);
CREATE TABLE sources (
    source      TEXT PRIMARY KEY,          -- as the user gave it: a path, URL, feed, sitemap
    kind        TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL
);
CREATE TABLE urls (
    url           TEXT PRIMARY KEY,        -- a page URL (or a local path)
    source        TEXT,                    -- the source it was discovered through
    first_seen    TEXT NOT NULL,
    last_checked  TEXT,
    next_check    TEXT,                    -- not fetched again before this time
    etag          TEXT,
    last_modified TEXT,
    body_hash     TEXT,                    -- SHA-256 (first 16 hex) of the last body read
    cleaned_with  TEXT,                    -- digest of the cleaning config that body got
    failures      INTEGER NOT NULL DEFAULT 0,   -- failed checks in a row
    last_outcome  TEXT
);
CREATE TABLE fetches (
    id            INTEGER PRIMARY KEY,
    run_id        INTEGER NOT NULL REFERENCES runs(id),
    url           TEXT NOT NULL,
    at            TEXT NOT NULL,
    outcome       TEXT NOT NULL,           -- ok, not_modified, unchanged, or a failure reason
    status        INTEGER,
    etag          TEXT,
    last_modified TEXT,
    body_hash     TEXT,
    bytes         INTEGER
);
CREATE INDEX fetches_by_url ON fetches(url, at);
CREATE TABLE articles (
    id            TEXT NOT NULL,           -- corpus id: stable hash of the URL
    version       INTEGER NOT NULL,        -- 1, 2, ... one per change of the row
    run_id        INTEGER NOT NULL REFERENCES runs(id),
    first_seen    TEXT NOT NULL,           -- of this version
    last_seen     TEXT NOT NULL,           -- of this version
    row_digest    TEXT NOT NULL,           -- what tells a changed article from the same one
    content_hash  TEXT NOT NULL,
    row           TEXT NOT NULL,           -- JSON corpus row
    PRIMARY KEY (id, version)
);
CREATE TABLE fingerprints (
    id            TEXT PRIMARY KEY,        -- corpus id, as first seen
    seen          INTEGER NOT NULL UNIQUE, -- first-seen order: the earliest copy is the original
    exact         TEXT NOT NULL,           -- hash of the normalised text
    size          INTEGER NOT NULL,        -- distinct word 5-grams
    minhash       BLOB NOT NULL,           -- MinHash values (newsclean.corpus.dedup)
    duplicate_of  TEXT                     -- the first-seen article this one copies
);
CREATE TABLE host_texts (                -- the distinct article texts of each site
    host          TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    refs          INTEGER NOT NULL,        -- latest versions with this text
    PRIMARY KEY (host, content_hash)
);
CREATE TABLE host_lines (                -- per site: on how many distinct texts a line is
    host   TEXT NOT NULL,
    line   TEXT NOT NULL,                  -- the line's comparison key
    docs   INTEGER NOT NULL,
    PRIMARY KEY (host, line)
);
CREATE TABLE removals (                  -- what the cleaners removed, per run and reason
    run_id  INTEGER NOT NULL REFERENCES runs(id),
    reason  TEXT NOT NULL,                 -- the reason's cleaner (before any ':detail')
    lines   INTEGER NOT NULL,
    PRIMARY KEY (run_id, reason)
);
CREATE TABLE failures (
    id       INTEGER PRIMARY KEY,
    run_id   INTEGER NOT NULL REFERENCES runs(id),
    source   TEXT NOT NULL,
    stage    TEXT NOT NULL,
    reason   TEXT NOT NULL,
    message  TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX failures_by_run ON failures(run_id);
"""


#: version 2: each fetch's wall seconds (``RawPage.fetch_seconds``), for the report's
#: fetch time per host; NULL where not measured (local files, 304s, fetches of version 1)
SCHEMA_V2 = """
ALTER TABLE fetches ADD COLUMN seconds REAL;
"""


def statements(script: str) -> list[str]:
    """Split a script into statements (``executescript`` would commit the transaction)."""
    out, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:60]!r}")
    return out


def _run_script(script: str) -> Callable[[sqlite3.Connection], None]:
    def step(db: sqlite3.Connection) -> None:
        for statement in statements(script):
            db.execute(statement)
    return step


#: version -> the step that brings a file at ``version - 1`` to ``version``
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _run_script(SCHEMA_V1),
    2: _run_script(SCHEMA_V2),
}
SCHEMA_VERSION = max(MIGRATIONS)


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection, path: str) -> int:
    """Bring ``db`` to :data:`SCHEMA_VERSION`; refuse a newer file. Returns the old version."""
    found = schema_version(db)
    if found > SCHEMA_VERSION:
        raise StateError(f"{path} has state schema version {found}, but this newsclean knows "
                         f"versions up to {SCHEMA_VERSION}: upgrade newsclean to use this "
                         "state file (it was left untouched)")
    if found == 0 and _has_tables(db):
        raise StateError(f"{path} is an SQLite file, but not a newsclean state file")
    if found < SCHEMA_VERSION:
        # one transaction (the connection is in autocommit mode): a failed migration
        # leaves the file at its old version
        db.execute("BEGIN IMMEDIATE")
        try:
            for version in range(found + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[version](db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return found


def _has_tables(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0
