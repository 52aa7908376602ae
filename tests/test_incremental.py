"""Incremental runs on a real state file: what a second run skips, what it stores, what
``export`` and ``status`` show, and the lock; pages from files and from a loopback server
that answers conditional GETs."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from newsclean import pipeline
from newsclean.corpus.export import read_csv
from newsclean.corpus.state.schema import SCHEMA_VERSION
from tests.conftest import changes, newsclean
from tests.scraper.fetch.server import Request, Server, fixed, head_bytes, send


def story(topic: str, n: int = 6) -> str:
    return ("<html><head><title>" + topic.title() + " | Example Times</title></head><body>"
            "<article><h1>" + topic.title() + "</h1>"
            + "".join(f"<p>Paragraph {i} of a real news story about {topic}, told in plain "
                      f"words for readers who follow {topic} closely.</p>" for i in range(n))
            + "</article></body></html>")


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for topic in ("rates", "rain", "rail"):
        (folder / f"{topic}.html").write_text(story(topic), encoding="utf-8")
    return folder


def run(capsys, pages: Path, out: str, *extra: str) -> tuple[int, str]:
    return newsclean(capsys, "run", str(pages), "-o", out, "--no-progress", "-w", "1", *extra)


def test_a_second_run_over_unchanged_files_cleans_nothing(pages: Path, capsys) -> None:
    code, err = run(capsys, pages, "first.csv")
    assert code == 0 and changes(err) == (3, 0, 0, 0)
    assert len(read_csv(Path("first.csv"))) == 3
    code, err = run(capsys, pages, "second.csv")
    assert code == 0 and changes(err) == (0, 0, 0, 3)
    assert len(read_csv(Path("second.csv"))) == 0       # -o: this run's new and changed


def test_a_changed_file_is_a_new_version_of_the_same_article(pages: Path, capsys) -> None:
    run(capsys, pages, "first.csv")
    (pages / "rain.html").write_text(story("rain", n=8), encoding="utf-8")
    code, err = run(capsys, pages, "second.csv")
    assert changes(err) == (0, 1, 0, 2)
    changed = read_csv(Path("second.csv"))
    assert list(changed["source"].map(lambda s: Path(s).name)) == ["rain.html"]
    code, err = newsclean(capsys, "export", "-o", "all.csv")
    assert code == 0 and "3 articles written to all.csv" in err
    every = read_csv(Path("all.csv"))
    assert len(every) == 3 and every["id"].is_unique
    rain = every[every["source"].str.endswith("rain.html")].iloc[0]
    assert rain["version"] == 2 and "Paragraph 7" in rain["text"]
    assert rain["id"] == changed.iloc[0]["id"]
    assert set(every["version"]) == {1, 2}


def test_export_all_and_status_show_the_cumulative_state(pages: Path, capsys) -> None:
    run(capsys, pages, "first.csv")
    run(capsys, pages, "second.csv", "--export-all", "all.csv")
    assert len(read_csv(Path("all.csv"))) == 3
    code = pipeline.main(["status", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["articles"] == 3 and len(data["runs"]) == 2
    assert data["runs"][0]["counts"]["state/unchanged"] == 3
    assert data["sources"] == [{"source": str(pages), "kind": "path",
                                "first_seen": data["sources"][0]["first_seen"],
                                "last_seen": data["sources"][0]["last_seen"]}]
    code = pipeline.main(["status"])
    assert code == 0 and "3 articles (3 versions, 0 duplicates)" in capsys.readouterr().out


def test_no_state_runs_keep_nothing(pages: Path, capsys) -> None:
    for name in ("a.csv", "b.csv"):
        code, _ = run(capsys, pages, name, "--no-state")
        assert code == 0 and len(read_csv(Path(name))) == 3
    assert not Path("newsclean.db").exists()


def test_a_reprinted_story_is_marked_as_a_duplicate_of_the_first(pages: Path, capsys) -> None:
    run(capsys, pages, "first.csv")
    copy = pages / "zz_reprint.html"
    copy.write_text(story("rates", n=5).replace("Example Times", "Other Paper"),
                    encoding="utf-8")
    run(capsys, pages, "second.csv")
    pipeline.main(["export", "-o", "all.csv"])
    every = read_csv(Path("all.csv")).set_index("source")
    first = every.loc[str(pages / "rates.html")]
    assert every.loc[str(copy), "duplicate_of"] == first["id"]
    assert pd.isna(first["duplicate_of"])


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from newsclean.corpus.state import StateStore
    store = StateStore.open(Path(sys.argv[1]))
    print("locked", flush=True)
    time.sleep(60)
""")


def test_a_second_run_on_a_locked_state_exits_4_at_once(pages: Path, capsys) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, "newsclean.db"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        code, err = run(capsys, pages, "out.csv")
        assert code == pipeline.EXIT_LOCKED == 4
        assert "another newsclean run" in err and not Path("out.csv").exists()
    finally:
        holder.kill()
        holder.wait(timeout=10)
        holder.stdout.close()


def test_a_state_file_of_a_newer_newsclean_is_refused(pages: Path, capsys) -> None:
    db = sqlite3.connect("newsclean.db")
    db.execute("CREATE TABLE runs (x)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    code, err = run(capsys, pages, "out.csv")
    assert code == 2 and "upgrade newsclean" in err


# ----------------------------------------------------------- a server with ETags

def etag_site(server: Server, bodies: dict[str, str]) -> list[str | None]:
    """Routes answering conditional GETs for ``bodies`` (path -> html, ETag = version)."""
    seen: list[str | None] = []

    def route(path: str):
        async def handler(request: Request, writer: asyncio.StreamWriter, srv: Server) -> None:
            body = bodies[path].encode("utf-8")
            etag = f'"{hash(body) & 0xFFFF:x}"'
            seen.append(request.headers.get("if-none-match"))
            if request.headers.get("if-none-match") == etag:
                await send(writer, srv, request.path, head_bytes(304, {"ETag": etag}))
                return
            head = head_bytes(200, {"Content-Type": "text/html", "ETag": etag,
                                    "Content-Length": str(len(body))})
            await send(writer, srv, request.path, head + body)
        return handler
    for path in bodies:
        server.routes[path] = route(path)
    server.routes["/robots.txt"] = fixed(404, b"", "text/plain")
    return seen


def test_conditional_get_fetches_no_body_for_an_unchanged_page(capsys, server: Server
                                                               ) -> None:
    bodies = {"/a": story("ports"), "/b": story("parks")}
    seen = etag_site(server, bodies)
    urls = [server.url(p) for p in bodies]
    flags = ("--allow-host", "127.0.0.1", "--delay", "0", "--recheck-after", "0s")
    code, err = newsclean(capsys, "run", *urls, "-o", "1.csv", "--no-progress", *flags)
    assert code == 0 and changes(err) == (2, 0, 0, 0)
    sent_first = server.sent["/a"]
    bodies["/b"] = story("parks", n=9)
    code, err = newsclean(capsys, "run", *urls, "-o", "2.csv", "--no-progress", *flags)
    assert code == 0, err
    assert changes(err) == (0, 1, 0, 1)
    assert seen[:2] == [None, None] and all(seen[2:])   # validators sent the second time
    assert server.sent["/a"] - sent_first < 200          # a 304 head, no body
    assert list(read_csv(Path("2.csv"))["url"]) == [server.url("/b")]
    newsclean(capsys, "run", *urls, "-o", "3.csv", "--no-progress",
              "--allow-host", "127.0.0.1", "--delay", "0")    # checked now: due in 1d
    hits = dict(server.hits)
    code, err = newsclean(capsys, "run", *urls, "-o", "4.csv", "--no-progress",
                          "--allow-host", "127.0.0.1", "--delay", "0")
    assert code == 0 and dict(server.hits) == hits      # not due: no request at all
    assert changes(err) == (0, 0, 0, 2)


# ------------------------------------------------------------- SIGKILL, then rerun

def test_a_run_killed_mid_way_resumes_to_the_same_corpus(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(160):
        (folder / f"p{i:03d}.html").write_text(story(f"topic number {i}"), encoding="utf-8")
    cmd = [sys.executable, "-m", "newsclean", "run", str(folder), "-o", "x.csv",
           "--no-progress", "-w", "1", "--state", "killed.db"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        stored = 0
        while stored < 20 and proc.poll() is None:
            try:
                with sqlite3.connect("file:killed.db?mode=ro", uri=True) as db:
                    stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:       # not created yet
                stored = 0
        assert proc.poll() is None, "the run ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    with sqlite3.connect("killed.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        done_before = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 20 <= done_before < 160
    code, err = newsclean(capsys, "run", str(folder), "-o", "rest.csv", "--no-progress",
                          "-w", "1", "--state", "killed.db")
    assert code == 0 and changes(err)[:2] == (160 - done_before, 0)
    newsclean(capsys, "run", str(folder), "-o", "whole.csv", "--no-progress", "-w", "1",
              "--state", "whole.db")
    exports = []
    for state in ("killed.db", "whole.db"):
        pipeline.main(["export", "--state", state, "-o", f"{state}.csv"])
        frame = read_csv(Path(f"{state}.csv")).drop(columns=["first_seen", "last_seen",
                                                               "fetched_at"])
        exports.append(frame.sort_values("id").reset_index(drop=True))
    assert len(exports[0]) == 160
    pd.testing.assert_frame_equal(exports[0], exports[1])


def test_new_bytes_with_the_same_article_are_rechecked_not_changed(pages: Path, capsys) -> None:
    run(capsys, pages, "first.csv")
    page = pages / "rail.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</head>", "<script>var build = 'v2';</script></head>"), encoding="utf-8")
    code, err = run(capsys, pages, "second.csv")
    assert code == 0
    assert changes(err) == (0, 0, 1, 2)
    assert len(read_csv(Path("second.csv"))) == 0


def test_removal_reasons_are_tallied_per_run(pages: Path, capsys) -> None:
    from newsclean.corpus.state import StateStore

    (pages / "rates.html").write_text(story("rates").replace(
        "</article>", "<p>Share this story: 25 LINKEDIN 1 COMMENTMORE</p></article>"),
        encoding="utf-8")
    run(capsys, pages, "first.csv")
    with StateStore.open(Path("newsclean.db"), lock=False) as store:
        tally = dict(store.db.execute("SELECT reason, lines FROM removals").fetchall())
    assert tally and all(n > 0 for n in tally.values())
    assert any(reason in tally for reason in ("share_counts", "html_boilerplate"))


def test_fetching_killed_mid_way_resumes_to_the_same_corpus(capsys, server: Server) -> None:
    bodies = {f"/s{i}": story(f"harbour story {i}") for i in range(40)}
    etag_site(server, bodies)
    urls = Path("urls.txt")
    urls.write_text("".join(server.url(p) + "\n" for p in bodies))
    flags = ["--urls", str(urls), "--no-progress", "-w", "1", "--allow-host", "127.0.0.1",
             "--delay", "0.05"]
    proc = subprocess.Popen([sys.executable, "-m", "newsclean", "run", "-o", "x.csv",
                             "--state", "killed.db", *flags],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while sum(server.hits.values()) < 12 and proc.poll() is None:
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    code, err = newsclean(capsys, "run", "-o", "rest.csv", "--state", "killed.db", *flags)
    assert code == 0, err
    newsclean(capsys, "run", "-o", "whole.csv", "--state", "whole.db", *flags)
    exports = []
    for state in ("killed.db", "whole.db"):
        with sqlite3.connect(state) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        pipeline.main(["export", "--state", state, "-o", f"{state}.csv"])
        frame = read_csv(Path(f"{state}.csv")).drop(columns=["first_seen", "last_seen",
                                                               "fetched_at"])
        exports.append(frame.sort_values("id").reset_index(drop=True))
    assert len(exports[0]) == 40
    pd.testing.assert_frame_equal(exports[0], exports[1])


def test_an_export_killed_at_any_moment_leaves_the_old_file_or_the_new_one(
        tmp_path: Path, capsys) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(300):
        (folder / f"p{i:03d}.html").write_text(story(f"subject {i}"), encoding="utf-8")
    run(capsys, folder, "first.csv")
    target = Path("corpus.csv")
    target.write_bytes(b"the previous complete export\r\n")
    old = target.read_bytes()
    pipeline.main(["export", "-o", "reference.csv"])
    new = Path("reference.csv").read_bytes()
    for delay in (0.0, 0.3, 0.6, 0.9, 1.2, 1.5):
        proc = subprocess.Popen([sys.executable, "-m", "newsclean", "export", "-o", str(target)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        now = target.read_bytes()
        assert now in (old, new), f"a partial export after a kill at {delay} s"
        target.write_bytes(old)


def test_an_output_on_the_state_file_is_refused_before_any_work(pages: Path, capsys) -> None:
    code, err = run(capsys, pages, "newsclean.db")
    assert code == 2 and "--state" in err and not Path("newsclean.db").exists()
    code, err = run(capsys, pages, "out.csv", "--export-all", "out.csv")
    assert code == 2 and "--export-all" in err


def test_an_interrupted_run_stores_its_counts_like_a_finished_one(pages: Path, capsys,
                                                                 monkeypatch) -> None:
    from newsclean.corpus.state import StateStore
    from newsclean.corpus.state.recorder import RunRecorder

    run(capsys, pages, "first.csv")
    (pages / "rain.html").write_text(story("rain", n=9), encoding="utf-8")
    real_record = RunRecorder.record

    def record_then_stop(self, result):
        real_record(self, result)
        raise KeyboardInterrupt
    monkeypatch.setattr(RunRecorder, "record", record_then_stop)
    code, _ = run(capsys, pages, "second.csv")
    assert code == pipeline.EXIT_INTERRUPTED
    with StateStore.open(Path("newsclean.db"), lock=False) as store:
        last = store.runs(1)[0]
    assert last["status"] == "interrupted"
    # rail.html was unchanged, rain.html changed; the run stopped before rates.html
    assert json.loads(last["counts"]) == {"state/changed": 1, "state/unchanged": 1}


def test_a_tracking_link_to_a_stored_article_is_no_new_version(capsys, server: Server) -> None:
    body = story("ferries").encode()
    server.routes["/f"] = fixed(body=body)
    server.routes["/f?utm_source=rss"] = fixed(body=body)
    server.routes["/robots.txt"] = fixed(404, b"", "text/plain")
    urls = [server.url("/f"), server.url("/f?utm_source=rss")]
    flags = ("--allow-host", "127.0.0.1", "--delay", "0", "--recheck-after", "0s",
             "--no-progress")
    for name, summary in (("1.csv", (1, 0, 1, 0)), ("2.csv", (0, 0, 0, 2))):
        code, err = newsclean(capsys, "run", *urls, "-o", name, *flags)
        assert code == 0 and changes(err) == summary, err
    pipeline.main(["export", "-o", "all.csv"])
    every = read_csv(Path("all.csv"))
    assert len(every) == 1 and list(every["version"]) == [1]
