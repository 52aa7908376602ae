"""What a run shows while it works: the counts, the plain key=value lines, the live line on
a real terminal (a pty), and the flags that choose between them."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsclean.config import load_config
from newsclean.engine import progress
from newsclean.engine.progress import Display, RunProgress, choose_display, plain_line
from newsclean.engine.summary import parse_summary
from newsclean.outcomes import FetchOutcome
from newsclean.pipeline import run_detailed
from newsclean.records import Article, Failure, PageMetadata, Skip
from tests.conftest import FIXTURES
from tests.scraper.fetch.server import Server, fixed

PLAIN = re.compile(r"^time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ event=[\w.]+( [^\s=]+=\S+)+$")


def outcomes() -> list[Article | Skip | Failure | None]:
    return [Article(0, "a", None, "t", PageMetadata()), Skip(1, "b", "clean", "too_short"),
            Failure(2, "c", "fetch", "timeout", "slow"),
            Failure(3, "d", "fetch", FetchOutcome.NOT_DUE, "checked recently"), None]


def fields_of(line: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in line.split())


def test_the_phase_says_what_happens_before_the_first_page() -> None:
    state = RunProgress()
    assert state.phase == "discovering" and state.fields()["pages"] == "0"
    state.planned(40)
    assert state.phase == "fetching" and state.fields()["total"] == "40"
    state(None)
    assert state.phase == "running"


def test_counts_rate_percentage_and_eta() -> None:
    state = RunProgress(started=100.0)
    state.planned(10)
    for outcome in outcomes():
        state(outcome)
    fields = state.fields(now=110.0)
    assert fields["pages"] == "5" and fields["total"] == "10" and fields["percent"] == "50"
    assert fields["rate"] == "0.5" and fields["eta_s"] == "10"
    assert (fields["ok"], fields["skipped"], fields["failed"], fields["unchanged"]) == (
        "1", "1", "1", "2")                 # not_due and None: the stored article stands


def test_the_total_never_shrinks_and_never_trails_the_pages_done() -> None:
    state = RunProgress()
    state.planned(3)
    state.planned(2)
    assert state.total == 3
    for outcome in outcomes():
        state(outcome)
    assert state.fields()["total"] == "5" and state.fields()["percent"] == "100"


def test_plain_progress_lines_are_timestamped_key_value(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    monkeypatch.setattr(progress, "LOG_EVERY_SECONDS", 0.0)
    with progress.progress_reporter(None) as report:      # stderr is no terminal here
        report.planned(5)
        for outcome in outcomes():
            report(outcome)
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 6 and all(PLAIN.match(line) for line in lines), lines
    assert fields_of(lines[0])["phase"] == "fetching"
    last = fields_of(lines[-1])
    assert last["event"] == "progress" and last["pages"] == "5" and last["percent"] == "100"
    assert all("\x1b" not in line and "\r" not in line for line in lines)


def test_plain_values_with_spaces_or_control_characters_are_quoted() -> None:
    line = plain_line("summary", {"csv": 'my "corpus".csv', "site": "a\x1b[2Jb"})
    assert line.endswith(' csv="my \\"corpus\\".csv" site=a?[2Jb')


@pytest.mark.parametrize(("flag", "quiet", "terminal", "display"), [
    (None, False, True, Display.LIVE), (None, False, False, Display.PLAIN),
    (True, False, True, Display.LIVE), (True, False, False, Display.PLAIN),
    (False, False, True, Display.NONE), (None, True, True, Display.NONE),
])
def test_which_display(flag: bool | None, quiet: bool, terminal: bool,
                       display: Display) -> None:
    assert choose_display(flag, quiet=quiet, terminal=terminal) is display


def test_a_run_reports_its_planned_pages_and_one_outcome_each(tmp_path: Path) -> None:
    planned: list[int] = []
    state = RunProgress()
    config = load_config(None, {"inputs": (str(FIXTURES / "html"),), "workers": 1})

    def on_planned(total: int) -> None:
        planned.append(total)
        state.planned(total)
    result = run_detailed(config, on_outcome=state, on_planned=on_planned)
    pages = len(list((FIXTURES / "html").rglob("*.html")))
    assert planned == list(range(1, pages + 1))            # grows as the folder is read
    assert state.done == state.total == pages
    assert state.counts["ok"] == result.counts["ok"] + sum(
        1 for s in result.skips if s.reason == "same_url")


# ----------------------------------------------------------------- the CLI, for real

def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsclean", "run", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("flag", ["--no-progress", "--progress"])
def test_without_a_terminal_no_blank_lines_and_no_control_characters(tmp_path: Path,
                                                                      flag: str) -> None:
    done = cli(str(FIXTURES / "html"), "-o", "out.csv", "-w", "1", flag, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines and all(line.strip() for line in lines), lines
    assert "\x1b" not in done.stderr and "\r" not in done.stderr
    assert all(PLAIN.match(line) for line in lines), lines     # the summary, key=value


def test_quiet_prints_nothing_for_a_clean_run(tmp_path: Path) -> None:
    done = cli(str(FIXTURES / "html"), "-o", "out.csv", "-w", "1", "--quiet", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "" and (tmp_path / "out.csv").is_file()


def test_quiet_prints_the_summary_when_a_source_failed(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_bytes(b"")         # a decode_error failure
    done = cli(str(FIXTURES / "html"), str(tmp_path / "empty.html"), "-o", "out.csv", "-w",
               "1", "--quiet", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    summary = parse_summary(done.stderr)
    assert summary["summary"]["failed"] == "1"
    assert summary["summary.failed"] == {"decode/decode_error": "1"}
    assert "event=progress" not in done.stderr


def test_quiet_still_prints_usage_errors(tmp_path: Path) -> None:
    done = cli("--quiet", cwd=tmp_path)
    assert done.returncode == 2 and "nothing to do" in done.stderr


def read_pty(fd: int, proc: subprocess.Popen[bytes], seconds: float) -> bytes:
    """Everything the child writes to the terminal until it exits."""
    out = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:              # the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    return out


def test_on_a_terminal_the_final_line_stays_with_the_total(tmp_path: Path) -> None:
    controller, terminal = os.openpty()
    env = {**os.environ, "COLUMNS": "200", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "newsclean", "run", str(FIXTURES / "html"),
                             "-o", "out.csv", "-w", "1"], cwd=tmp_path, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=terminal, env=env)
    os.close(terminal)
    try:
        screen = read_pty(controller, proc, 120).decode("utf-8", "replace")
        assert proc.wait(10) == 0
    finally:
        os.close(controller)
    pages = len(list((FIXTURES / "html").rglob("*.html")))
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)
    final = [line for line in re.split(r"[\r\n]", text) if "pages" in line][-1]
    assert "done" in final and f"{pages}/{pages} pages" in final and "100%" in final, final
    assert "0:00:00" in final or "ETA" in final
    assert "event=summary" in text                  # the summary follows the kept line


def test_the_total_of_a_feed_is_known_before_its_first_page(server: Server) -> None:
    from tests.test_incremental import story

    topics = [f"topic{i}" for i in range(6)]
    items = "".join(f"<item><title>{t}</title><link>{server.url('/' + t)}</link></item>"
                    for t in topics)
    server.routes["/rss"] = fixed(body=f"<rss version='2.0'><channel><title>f</title>{items}"
                                       "</channel></rss>".encode(),
                                  content_type="application/rss+xml")
    for topic in topics:
        server.routes[f"/{topic}"] = fixed(body=story(topic).encode())
    server.routes["/robots.txt"] = fixed(404, b"", "text/plain")
    state = RunProgress()
    totals_at_results: list[int] = []

    def on_outcome(outcome: Article | Skip | Failure | None) -> None:
        totals_at_results.append(state.total)
        state(outcome)
    config = load_config(None, {"feeds": (server.url("/rss"),), "workers": 1,
                                "allow_hosts": ("127.0.0.1",), "delay": 0.0})
    result = run_detailed(config, on_outcome=on_outcome, on_planned=state.planned)
    assert result.counts["ok"] == len(result.corpus) == 6
    assert totals_at_results == [6] * 6          # the whole total from the first result on


def test_a_url_list_is_counted_for_the_total_while_it_is_fetched(
        server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import newsclean
    from tests.test_incremental import story

    for i in range(30):
        server.routes[f"/p{i}"] = fixed(body=story(f"topic {i}").encode())
    server.routes["/robots.txt"] = fixed(404, b"", "text/plain")
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(server.url(f"/p{i}") + "\n" for i in range(30)), encoding="utf-8")
    monkeypatch.setattr(progress, "LOG_EVERY_SECONDS", 0.0)
    code, err = newsclean(capsys, "run", "--urls", str(urls), "-o", str(tmp_path / "o.csv"),
                          "--allow-host", "127.0.0.1", "--delay", "0", "-w", "1")
    assert code == 0, err
    lines = [fields_of(line) for line in err.splitlines() if "event=progress" in line]
    early = [line for line in lines if int(line["pages"]) <= 10]
    assert early and all(line["total"] == "30" for line in early), early


def test_the_background_count_raises_the_total(capsys: pytest.CaptureFixture[str]) -> None:
    with progress.progress_reporter(None) as report:        # plain lines: shown
        report.count_in_background(lambda: 7)
        deadline = time.monotonic() + 5
        while report.total != 7 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert report.total == 7
    with progress.progress_reporter(False) as hidden:
        hidden.count_in_background(lambda: 7)
        assert not hidden.shown and hidden.total == 0       # nothing counted for no one
