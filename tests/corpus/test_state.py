"""The state store on real SQLite files: schema versions, the run lock, article versions,
the re-check schedule, streaming the latest rows, and surviving SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsclean.corpus.state import ArticleChange, StateStore, Validators
from newsclean.corpus.state import store as store_module
from newsclean.corpus.state.schema import SCHEMA_VERSION
from newsclean.corpus.state.store import Schedule
from newsclean.errors import StateError, StateLockedError

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def row(article_id: str, text: str = "Body text.", title: str = "Title") -> dict[str, object]:
    return {"id": article_id, "source": f"https://e.example/{article_id}", "title": title,
            "authors": ["A. Writer"], "text": text, "content_hash": f"h-{text}"}


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "newsclean.db"


def test_a_new_state_file_is_versioned_and_in_wal_mode(state: Path) -> None:
    with StateStore.open(state) as store:
        assert store.integrity() == "ok"
    db = sqlite3.connect(state)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_newer_schema_is_refused_and_left_untouched(state: Path) -> None:
    db = sqlite3.connect(state)
    db.execute("CREATE TABLE future (x)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    before = state.read_bytes()
    with pytest.raises(StateError, match="upgrade newsclean"):
        StateStore.open(state)
    assert state.read_bytes() == before


def test_an_sqlite_file_of_another_program_is_refused(state: Path) -> None:
    db = sqlite3.connect(state)
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()
    with pytest.raises(StateError, match="not a newsclean state file"):
        StateStore.open(state)


def test_a_file_that_is_not_sqlite_is_a_state_error(state: Path) -> None:
    state.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StateError, match="cannot use state file"):
        StateStore.open(state)


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from newsclean.corpus.state import StateStore
    store = StateStore.open(Path(sys.argv[1]))
    print("locked", flush=True)
    time.sleep(60)
""")


def test_a_second_run_is_refused_and_a_killed_holder_leaves_no_stale_lock(state: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(state)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StateLockedError, match=f"pid {holder.pid}"):
            StateStore.open(state)
        with StateStore.open(state, lock=False) as reader:   # status/export need no lock
            assert reader.integrity() == "ok"
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        assert holder.stdout is not None
        holder.stdout.close()
    with StateStore.open(state) as store:
        assert store.integrity() == "ok"


def test_article_versions_new_unchanged_changed(state: Path) -> None:
    clock = Clock()
    with StateStore.open(state, clock=clock) as store:
        run = store.begin_run("cfg")
        assert store.save_article(run, row("a")) == (ArticleChange.NEW, 1)
        clock.now += timedelta(hours=1)
        assert store.save_article(run, row("a")) == (ArticleChange.UNCHANGED, 1)
        clock.now += timedelta(hours=1)
        assert store.save_article(run, row("a", text="Corrected body.")) == (
            ArticleChange.CHANGED, 2)
        assert store.save_article(run, row("a", "Corrected body.", "New headline")) == (
            ArticleChange.CHANGED, 3)
        [chunk] = list(store.corpus_rows())
    [latest] = chunk
    assert latest["version"] == 3 and latest["title"] == "New headline"
    assert latest["text"] == "Corrected body."
    assert latest["first_seen"] == T0.isoformat(timespec="seconds")
    assert latest["last_seen"] == (T0 + timedelta(hours=2)).isoformat(timespec="seconds")


def test_latest_rows_stream_in_id_order_and_in_chunks(state: Path) -> None:
    with StateStore.open(state) as store:
        run = store.begin_run("cfg")
        with store.transaction():
            for i in reversed(range(2500)):
                store.save_article(run, row(f"id{i:05d}"))
            store.save_article(run, row("id00007", text="second version"))
        chunks = list(store.corpus_rows(chunk=1000))
    assert [len(c) for c in chunks] == [1000, 1000, 500]
    ids = [r["id"] for c in chunks for r in c]
    assert ids == sorted(ids) and len(set(ids)) == 2500
    assert next(r for c in chunks for r in c if r["id"] == "id00007")["version"] == 2


def test_success_schedules_a_recheck_and_failures_back_off(state: Path) -> None:
    clock = Clock()
    schedule = Schedule(recheck_after=timedelta(days=1), retry_base=timedelta(hours=1),
                        retry_cap=timedelta(hours=3))
    url = "https://e.example/a"
    with StateStore.open(state, clock=clock, schedule=schedule) as store:
        run = store.begin_run("cfg")
        assert store.is_due(url) and store.validators(url) is None
        store.record_fetch(run, url, "ok", status=200, etag='"v1"', body_hash="b1")
        clock.now += timedelta(hours=23)
        assert not store.is_due(url)
        clock.now += timedelta(hours=1)
        assert store.is_due(url)
        store.record_fetch(run, url, "not_modified", status=304)
        assert store.validators(url) == Validators('"v1"', None, "b1")
        gaps = []
        for _ in range(4):
            clock.now += timedelta(days=2)
            store.record_fetch(run, url, "http_error", status=404)
            start = clock.now
            while not store.is_due(url):
                clock.now += timedelta(minutes=30)
            gaps.append(clock.now - start)
        history = store.db.execute("SELECT outcome FROM fetches WHERE url = ? ORDER BY id",
                                   (url,)).fetchall()
    assert gaps == [timedelta(hours=1), timedelta(hours=2), timedelta(hours=3),
                    timedelta(hours=3)]
    assert [h[0] for h in history] == ["ok", "not_modified"] + ["http_error"] * 4


def test_a_run_left_running_by_a_killed_process_is_marked_interrupted(state: Path) -> None:
    with StateStore.open(state) as store:
        first = store.begin_run("cfg")
    with StateStore.open(state) as store:
        second = store.begin_run("cfg")
        store.end_run(second, "done", {"ok": 3})
        runs = {r["id"]: (r["status"], r["counts"]) for r in store.runs()}
    assert runs == {first: ("interrupted", None), second: ("done", '{"ok": 3}')}


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from newsclean.corpus.state import StateStore
    store = StateStore.open(Path(sys.argv[1]))
    run = store.begin_run("cfg")
    for i in range(100000):
        with store.transaction():
            store.save_article(run, {"id": f"a{i:06d}", "text": "x" * 2000,
                                     "content_hash": str(i)})
            store.record_fetch(run, f"https://e.example/{i}", "ok", status=200)
        print(i, flush=True)
""")


def _kill_writer_after(script: str, state: Path, pages: int) -> tuple[int, list[str], int, str]:
    """Run ``script`` on ``state`` in a subprocess, SIGKILL it once it has written ``pages``
    pages: (the last page it reported, the article ids then in the file, the fetches
    recorded, the run's status)."""
    writer = subprocess.Popen([sys.executable, "-c", script, str(state)],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    done = -1
    while done < pages:
        done = int(writer.stdout.readline())
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=10)
    writer.stdout.close()
    with StateStore.open(state) as store:
        assert store.integrity() == "ok"
        ids = [r["id"] for chunk in store.corpus_rows() for r in chunk]
        fetched = store.db.execute("SELECT count(*) FROM fetches").fetchone()[0]
        status = store.runs()[0]["status"]
    return done, ids, fetched, status


def test_sigkill_mid_write_keeps_every_committed_article(state: Path) -> None:
    committed, ids, fetched, status = _kill_writer_after(WRITER, state, 300)
    assert len(ids) >= committed + 1 and len(ids) == len(set(ids)) == fetched
    assert ids == [f"a{i:06d}" for i in range(len(ids))]
    assert status == "running"   # marked interrupted by the next begin_run


def test_duplicates_are_remembered_across_runs_in_first_seen_order(state: Path) -> None:
    from newsclean.corpus.dedup import fingerprint

    story = "\n".join(f"Paragraph {i} of the wire story about the harbour strike, told "
                      f"with its own details number {i}." for i in range(12))
    with StateStore.open(state) as store:
        run = store.begin_run("cfg")
        index = store.duplicate_index()
        for article_id, text in (("wire", story), ("other", "A different story entirely.")):
            fp = fingerprint(text)
            store.save_fingerprint(article_id, fp, index.mark(article_id, fp))
            store.save_article(run, row(article_id, text))
    with StateStore.open(state) as store:          # the next run
        run = store.begin_run("cfg")
        index = store.duplicate_index()
        copy = "\n".join(story.split("\n")[:8])
        fp = fingerprint(copy)
        store.save_fingerprint("reprint", fp, index.mark("reprint", fp))
        store.save_article(run, row("reprint", copy))
        marks = {r["id"]: r["duplicate_of"] for c in store.corpus_rows() for r in c}
    assert marks == {"wire": None, "other": None, "reprint": "wire"}


def _keys(text: str) -> list[str]:
    return [" ".join(line.split()).casefold() for line in text.split("\n") if line.strip()]


def test_site_line_statistics_count_distinct_texts_across_runs(state: Path) -> None:
    footer = "Follow us on the usual networks."

    def article(i: int, body: str) -> dict[str, object]:
        text = f"{body}\n{footer}"
        return {"id": f"s{i}", "site": "site.example", "text": text, "content_hash": text}

    for run_articles in ([article(1, "One."), article(2, "Two.")],      # two runs of two
                         [article(3, "Three."), article(4, "Two.")]):  # s4 copies s2's text
        with StateStore.open(state, line_keys=_keys) as store:
            run = store.begin_run("cfg")
            for row_ in run_articles:
                store.save_article(run, row_)
    with StateStore.open(state, line_keys=_keys) as store:
        assert store.host_lines is not None
        repeated = store.host_lines.repeated("site.example", min_pages=3, min_share=0.5)
        assert repeated == {footer.casefold()}          # on 3 distinct texts out of 3
        assert store.host_lines.repeated("site.example", min_pages=4, min_share=0.5) == set()
        run = store.begin_run("cfg")                     # s3 drops the footer
        store.save_article(run, {"id": "s3", "site": "site.example", "text": "Three.",
                                 "content_hash": "Three."})
        assert store.host_lines.repeated("site.example", min_pages=3, min_share=0.5) == set()
        docs = dict(store.db.execute("SELECT line, docs FROM host_lines").fetchall())
    assert docs == {"one.": 1, "two.": 1, "three.": 1, footer.casefold(): 2}


def _committed_ids(state: Path) -> list[str]:
    """The article ids another connection sees: what is committed."""
    with sqlite3.connect(state) as other:
        return [r[0] for r in other.execute("SELECT id FROM articles ORDER BY id")]


def test_batched_groups_share_a_commit_that_any_other_group_makes_first(state: Path) -> None:
    with StateStore.open(state) as store:
        run = store.begin_run("cfg")
        for i in range(3):
            with store.transaction(batched=True):
                store.save_article(run, row(f"a{i}"))
        assert _committed_ids(state) == []
        store.record_fetch(run, "https://e.example/x", "ok", status=200)  # not batched
        assert _committed_ids(state) == ["a0", "a1", "a2"]
        for i in range(3, 3 + store_module.BATCH_GROUPS):
            with store.transaction(batched=True):
                store.save_article(run, row(f"a{i:03d}"))
        assert len(_committed_ids(state)) == 3 + store_module.BATCH_GROUPS
        with store.transaction(batched=True):
            store.save_article(run, row("last"))
    assert "last" in _committed_ids(state)                      # close() commits the rest


def test_a_batch_older_than_its_time_is_committed_by_its_next_group(
        state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "BATCH_SECONDS", 0.0)
    with StateStore.open(state) as store:
        run = store.begin_run("cfg")
        with store.transaction(batched=True):
            store.save_article(run, row("a0"))
        assert _committed_ids(state) == ["a0"]


def test_a_failed_group_is_undone_alone_and_the_batch_before_it_is_kept(state: Path) -> None:
    with StateStore.open(state) as store:
        run = store.begin_run("cfg")
        for i in range(2):
            with store.transaction(batched=True):
                store.save_article(run, row(f"a{i}"))
        with pytest.raises(ZeroDivisionError), store.transaction(batched=True):
            store.save_article(run, row("broken"))
            store.record_fetch(run, "https://e.example/broken", "ok", status=200)
            _ = 1 / 0
        assert _committed_ids(state) == ["a0", "a1"]
        assert store.db.execute("SELECT count(*) FROM fetches").fetchone()[0] == 0
        with store.transaction(batched=True):                   # the store goes on
            store.save_article(run, row("a2"))
    assert _committed_ids(state) == ["a0", "a1", "a2"]


BATCHED_WRITER = WRITER.replace("with store.transaction():",
                                "with store.transaction(batched=True):")


def test_sigkill_mid_batch_loses_at_most_the_last_batch(state: Path) -> None:
    assert BATCHED_WRITER != WRITER
    done, ids, fetched, _ = _kill_writer_after(BATCHED_WRITER, state, 300)
    assert len(ids) >= done + 1 - store_module.BATCH_GROUPS     # at most one batch lost
    assert len(ids) == len(set(ids)) == fetched                 # whole pages only
    assert ids == [f"a{i:06d}" for i in range(len(ids))]
