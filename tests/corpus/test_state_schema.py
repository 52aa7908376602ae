"""Schema version 2 (each fetch's seconds): a version-1 file is migrated in place, an older
newsclean refuses a version-2 file, and a real run stores the seconds of each fetch."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from newsclean.corpus.state import StateStore, schema
from newsclean.errors import StateError
from tests.conftest import newsclean
from tests.scraper.fetch.server import Request, Server, fixed, head_bytes, send
from tests.test_incremental import story


def version_1_file(path: Path) -> None:
    """A state file as newsclean with schema version 1 left it, with one fetch row."""
    db = sqlite3.connect(path)
    schema.MIGRATIONS[1](db)
    db.execute("INSERT INTO runs (started, status, config_digest) VALUES ('t', 'done', 'c')")
    db.execute("INSERT INTO fetches (run_id, url, at, outcome, bytes) "
               "VALUES (1, 'https://a.example/1', 't', 'ok', 10)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()


def test_a_version_1_file_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    version_1_file(path)
    with StateStore.open(path) as store:
        run = store.begin_run("cfg")
        store.record_fetch(run, "https://a.example/2", "ok", status=200, size=5, seconds=0.25)
        rows = store.db.execute("SELECT url, seconds FROM fetches ORDER BY id").fetchall()
        assert store.integrity() == "ok"
    assert [tuple(r) for r in rows] == [("https://a.example/1", None),
                                        ("https://a.example/2", 0.25)]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 2


def test_a_newsclean_that_knows_version_1_refuses_a_version_2_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "new.db"
    with StateStore.open(path) as store:
        store.end_run(store.begin_run("cfg"), "done", {"ok": 0})
    before = path.read_bytes()
    monkeypatch.setattr(schema, "MIGRATIONS", {1: schema.MIGRATIONS[1]})
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 1)
    with pytest.raises(StateError, match="schema version 2.*upgrade newsclean"):
        StateStore.open(path)
    assert path.read_bytes() == before


def slow(body: bytes, seconds: float):
    async def handler(request: Request, writer: asyncio.StreamWriter, srv: Server) -> None:
        await asyncio.sleep(seconds)
        head = head_bytes(200, {"Content-Type": "text/html", "Content-Length": str(len(body))})
        await send(writer, srv, request.path, head + body)
    return handler


def test_a_run_stores_the_seconds_of_each_fetch(server: Server, capsys) -> None:
    server.routes["/fast"] = fixed(body=story("ferries").encode())
    server.routes["/slow"] = slow(story("tides").encode(), 0.4)
    server.routes["/robots.txt"] = fixed(404, b"", "text/plain")
    code, err = newsclean(capsys, "run", server.url("/fast"), server.url("/slow"), "-o",
                          "out.csv", "--no-progress", "--allow-host", "127.0.0.1", "--delay",
                          "0", "-w", "1")
    assert code == 0, err
    with sqlite3.connect("newsclean.db") as db:
        seconds = dict(db.execute("SELECT url, seconds FROM fetches").fetchall())
    assert 0.4 <= seconds[server.url("/slow")] < 5
    assert 0 < seconds[server.url("/fast")] < 0.4
