"""The state store's side of ``--parquet-dir`` runs, on a real SQLite file: articles stored
by their notes (a stub row, the full row's digest, line hashes), the per-site line counts
kept as hashes apart from the plain ones, and an article whose part was lost."""

from __future__ import annotations

import json
from pathlib import Path

from newsclean.cleaners.repeated import text_line_keys
from newsclean.corpus.dedup import fingerprint
from newsclean.corpus.state.hostlines import line_hash
from newsclean.corpus.state.recorder import RunRecorder, StubNote
from newsclean.corpus.state.store import STUB, StateStore, is_stub
from newsclean.outcomes import ErrorReason, Stage
from newsclean.records import Failure, RawPage

SHARED = "a line every page of the site has"


def _note(index: int, article_id: str, text: str, digest: str, site: str = "news.example"
          ) -> StubNote:
    lines = [SHARED, text]
    stub = {"id": article_id, "source": f"https://{site}/{article_id}",
            "url": f"https://{site}/{article_id}", "site": site, "language": "en",
            "word_count": 9, "content_hash": f"hash-{text}",
            STUB: sorted(line_hash(k) for k in set(text_line_keys("\n".join(lines))))}
    return StubNote(index, stub, digest, True, (), (("boilerplate", 2),),
                    fingerprint(f"{text} told in enough words to make a few shingles"))


def _recorder(store: StateStore) -> RunRecorder:
    return RunRecorder(store, store.begin_run("test"), "clean")


def test_notes_are_stored_as_new_changed_and_rechecked_articles(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.db", line_keys=text_line_keys) as store:
        recorder = _recorder(store)
        assert recorder.record_stub(_note(0, "a", "first text", "d1"))[1] is True
        assert recorder.record_stub(_note(1, "b", "other text", "d2"))[1] is True
        assert recorder.changes["new"] == 2
    with StateStore.open(tmp_path / "s.db", line_keys=text_line_keys) as store:
        recorder = _recorder(store)
        assert recorder.record_stub(_note(0, "a", "first text", "d1"))[1] is False
        assert recorder.record_stub(_note(1, "b", "changed text", "d3"))[1] is True
        assert (recorder.changes["rechecked"], recorder.changes["changed"]) == (1, 1)
        versions = store.db.execute("SELECT id, version, row_digest, row FROM articles "
                                    "ORDER BY id, version").fetchall()
        assert [(r["id"], r["version"], r["row_digest"]) for r in versions] == [
            ("a", 1, "d1"), ("b", 1, "d2"), ("b", 2, "d3")]
        assert all(is_stub(json.loads(r["row"])) for r in versions)
        assert store.db.execute("SELECT count(*) FROM fingerprints").fetchone()[0] == 2
        assert store.db.execute("SELECT sum(lines) FROM removals").fetchone()[0] == 8


def test_hashed_line_counts_follow_the_latest_version_apart_from_plain_ones(
        tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.db", line_keys=text_line_keys) as store:
        recorder = _recorder(store)
        for n in range(3):
            recorder.record_stub(_note(n, f"id{n}", f"text {n}", f"d{n}"))
        lines = store.host_lines
        assert lines is not None
        shared = {line_hash(k) for k in text_line_keys(SHARED)}
        assert lines.repeated_hashed("news.example", min_pages=3, min_share=0.5) == shared
        assert lines.repeated("news.example", min_pages=3, min_share=0.5) == frozenset()
        recorder.record_stub(_without_shared(3, "id2"))
        # id2's new version no longer has the line: two texts of three have it
        assert lines.repeated_hashed("news.example", min_pages=3, min_share=0.7) == frozenset()
        assert lines.repeated_hashed("news.example", min_pages=2, min_share=0.6) == shared


def _without_shared(index: int, article_id: str) -> StubNote:
    note = _note(index, article_id, "a new text", "d-new")
    stub = {**note.stub, STUB: sorted(line_hash(k) for k in text_line_keys("a new text"))}
    return StubNote(index, stub, note.digest, True, fingerprint=note.fingerprint)


def test_a_lost_article_is_a_failure_and_its_page_is_cleaned_again(tmp_path: Path) -> None:
    page = RawPage(index=0, source="https://news.example/a", body=b"<html>a</html>")
    with StateStore.open(tmp_path / "s.db", line_keys=text_line_keys) as store:
        recorder = _recorder(store)
        assert recorder.admit(page)
        seq, output = recorder.record_stub(_note(0, "a", "first text", "d1"))
        assert output and store.validators(page.source).body_hash is not None
        recorder.lose(seq, Failure(0, page.source, Stage.EXTRACT, ErrorReason.WORKER_CRASHED,
                                   "its part was never written"))
        assert recorder.spool.counts() == {"ok": 0, "extract/worker_crashed": 1}
        assert [f.reason for f in recorder.spool.failures()] == ["worker_crashed"]
    with StateStore.open(tmp_path / "s.db", line_keys=text_line_keys) as store:
        again = _recorder(store)
        assert again.admit(page)                     # not called unchanged: cleaned again
        # the same row again is in this run's output: no output ever held the first one
        _seq, output = again.record_stub(_note(0, "a", "first text", "d1"))
        assert output
        assert again.changes["changed"] == 1 and again.changes["unchanged"] == 0


def test_a_lost_recheck_leaves_the_delivered_version_alone(tmp_path: Path) -> None:
    page = RawPage(index=0, source="https://news.example/a", body=b"<html>a</html>")
    with StateStore.open(tmp_path / "s.db", line_keys=text_line_keys) as store:
        first = _recorder(store)
        assert first.admit(page)
        first.record_stub(_note(0, "a", "first text", "d1"))      # delivered by run 1
    with StateStore.open(tmp_path / "s.db", line_keys=text_line_keys) as store:
        second = _recorder(store)
        second.admit(RawPage(index=0, source=page.source, body=b"<html>a, moved</html>"))
        seq, output = second.record_stub(_note(0, "a", "first text", "d1"))
        assert not output                                        # a recheck: not in output
        second.lose(seq, Failure(0, page.source, Stage.EXTRACT, ErrorReason.WORKER_CRASHED,
                                 "its part was never written"))
        digest = store.db.execute("SELECT row_digest FROM articles WHERE id = 'a'").fetchone()
        assert digest[0] == "d1"                     # run 1's version stays as delivered


def test_held_notes_are_stored_in_input_order_only_when_asked(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.db", line_keys=text_line_keys) as store:
        recorder = _recorder(store)
        page = RawPage(index=2, source="https://news.example/c", body=b"<html>c</html>")
        assert recorder.admit(page)
        # batch 1 comes back before batch 0; each batch's articles by position
        recorder.hold_stub(_note(2, "c", "third text", "d3"), 1, 0)
        recorder.hold_stub(_note(3, "a", "first text", "d1"), 1, 1)   # a's second link
        recorder.hold_stub(_note(0, "a", "first text", "d1"), 0, 0)
        recorder.hold_stub(_note(1, "b", "other text", "d2"), 0, 1)
        assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
        assert store.db.execute("SELECT count(*) FROM fetches").fetchone()[0] == 0
        assert recorder.record_held() == 4
        spool = recorder.spool
        assert [spool.article_seq(i) for i in range(5)] == [1, 2, 3, 4, None]
        assert [tuple(r) for r in store.db.execute("SELECT url FROM fetches")] == [
            (page.source,)]
        assert recorder.changes["new"] == 3 and recorder.changes["rechecked"] == 1
        assert spool.mark_same_url("clean", "same_url") == [4]   # a's second link
        assert list(spool.batch_numbers()) == [0, 1]
        assert spool.batch_rows(1) == [(3, 2, "https://news.example/c", "news.example", True),
                                       (4, 3, "https://news.example/a", "news.example", False)]
        assert [row[4] for row in spool.batch_rows(0)] == [True, True]
        assert recorder.record_held() == 0                       # each note is stored once
