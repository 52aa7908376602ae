"""``status`` reads a real state file: counts, runs, outcomes, failing hosts, due pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsclean.corpus.state import StateStore
from newsclean.corpus.state.status import format_status, status


def test_status_of_a_state_after_two_runs(tmp_path: Path) -> None:
    now = [datetime(2026, 12, 1, tzinfo=UTC)]
    with StateStore.open(tmp_path / "s.db", clock=lambda: now[0]) as store:
        first = store.begin_run("cfg")
        store.note_source("https://news.example/feed.xml", "feed")
        for i in range(3):
            store.record_fetch(first, f"https://news.example/{i}", "ok", status=200)
            store.save_article(first, {"id": f"n{i}", "text": "t", "content_hash": "h"})
        store.end_run(first, "done", {"ok": 3})
        now[0] += timedelta(days=2)
        second = store.begin_run("cfg")
        store.record_fetch(second, "https://news.example/0", "not_modified", status=304)
        for i in range(2):
            store.record_fetch(second, f"https://bad.example/{i}", "http_error", status=404)
        store.record_failure(second, "https://bad.example/0", "fetch", "http_error", "HTTP 404")
        store.record_failure(second, "page.html", "extract", "no_article_text", "empty")
        store.end_run(second, "done", {"ok": 0, "fetch/http_error": 2})
        data = status(store)
    assert data["articles"] == 3 and data["versions"] == 3 and data["urls"] == 5
    assert [r["id"] for r in data["runs"]] == [second, first]
    assert data["last_run_outcomes"] == {"extract/no_article_text": 1, "fetch/http_error": 2,
                                         "fetch/not_modified": 1}
    assert data["worst_hosts"] == [{"host": "bad.example", "failing_urls": 2,
                                    "failed_checks": 2}]
    assert data["due_now"] == 2          # ok pages wait a day; the failures come back in 1 h
    json.dumps(data)                      # --json must be able to print it
    text = format_status(data)
    assert "3 articles" in text and "bad.example (2 failing URLs)" in text
    assert "feed     https://news.example/feed.xml" in text
