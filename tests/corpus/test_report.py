"""The run report: its data from a real state file, the HTML (every plot, hostile strings
escaped, nothing external), the CLI (``run --report``, ``newsclean report``) and the page
in a real headless Chromium (no console message at all, a screenshot that is not blank)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from newsclean import pipeline
from newsclean.corpus.dedup import fingerprint
from newsclean.corpus.state import StateStore
from newsclean.corpus.state.report import CSP, PLOT_IDS, render, write_report
from newsclean.corpus.state.report_data import LOCAL, gather
from newsclean.corpus.state.report_plots import P90, RUN_COLOURS, quantile, slowest_hosts

HOSTILE_SOURCE = "https://evil.example/<script>alert('source')</script>"
HOSTILE_MESSAGE = "HTTP 500 <img src=x onerror=alert('message')> & more"
HOSTILE_HOST_URL = "http://<script>alert(1)</script>/page"   # hostname '<script>alert(1)<'
STORY = "A story about rates, told in plain words for readers who follow the markets."


def stepping_clock(start: datetime, step: timedelta) -> Callable[[], datetime]:
    now = [start]

    def clock() -> datetime:
        now[0] += step
        return now[0]
    return clock


def _article(n: int, site: str | None, words: int) -> dict[str, object]:
    return {"id": f"a{n}", "site": site, "word_count": words, "content_hash": f"h{n}",
            "text": f"{STORY} ({n})"}


def build_state(path: Path) -> Path:
    """Two runs: the first stores three articles; the second changes one, adds a copy of
    another, fetches from three hosts (one hostile) and records hostile failures."""
    clock = stepping_clock(datetime(2026, 12, 1, 8, tzinfo=UTC), timedelta(seconds=3))
    with StateStore.open(path, clock=clock) as store:
        first = store.begin_run("cfg")
        for n, words in enumerate((120, 340, 80)):
            store.record_fetch(first, f"https://news.example/{n}", "ok", status=200, size=5000,
                               seconds=0.1 * (n + 1))
            store.save_article(first, _article(n, "news.example", words))
        store.count_removals(first, {"share_counts": 4, "ticker_widget": 2})
        store.end_run(first, "done", {"ok": 3, "state/new": 3})
        second = store.begin_run("cfg")
        store.record_fetch(second, "https://news.example/0", "not_modified", status=304)
        store.record_fetch(second, "https://news.example/1", "ok", status=200, size=6000,
                           seconds=0.4)
        store.save_article(second, _article(1, "news.example", 360))            # changed
        store.save_article(second, _article(3, "wire.example", 200))            # new, a copy
        store.save_fingerprint("a3", fingerprint(STORY), "a0")
        store.record_fetch(second, "https://wire.example/3", "ok", status=200, size=4000,
                           seconds=2.5)
        store.record_fetch(second, HOSTILE_HOST_URL, "http_error", status=500, seconds=0.05)
        store.record_fetch(second, "/data/pages/local.html", "unchanged", size=900)
        store.count_removals(second, {"share_counts": 1, "byline": 3})
        store.record_failure(second, HOSTILE_SOURCE, "fetch", "http_error", HOSTILE_MESSAGE)
        store.record_failure(second, "short.html", "clean", "too_short", "7 words < 10")
        store.end_run(second, "done", {"ok": 2, "state/new": 1, "state/changed": 1,
                                       "state/not_modified": 1, "state/unchanged": 1,
                                       "fetch/http_error": 1, "skip/too_short": 1})
    return path


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return build_state(tmp_path / "state.db")


@pytest.fixture
def page(state: Path) -> str:
    with StateStore.open(state, lock=False) as store:
        return render(gather(store))


# -- the data ---------------------------------------------------------------------------

def test_the_report_data_is_the_last_runs_summary(state: Path) -> None:
    with StateStore.open(state, lock=False) as store:
        data = gather(store)
    last = data.last
    assert last is not None and [r.id for r in data.runs] == [1, 2]
    assert (last.state("new"), last.state("changed"), last.unchanged) == (1, 1, 2)
    assert last.failed == {"fetch/http_error": 1} and last.by_prefix("skip") == {"too_short": 1}
    assert last.seconds is not None and last.seconds > 0
    assert data.duplicates == 1 and data.articles == 4
    assert data.sites == [("news.example", 3), ("wire.example", 1)]
    assert sorted(data.word_counts) == [80, 120, 200, 360]          # latest versions only
    assert data.removals == [("share_counts", 5), ("byline", 3), ("ticker_widget", 2)]
    assert data.host_outcomes["news.example"] == {"ok": 4, "not_modified": 1}
    assert data.host_outcomes[LOCAL] == {"unchanged": 1}
    assert data.host_bytes["news.example"] == 21000
    assert sorted(data.host_seconds["news.example"]) == pytest.approx([0.1, 0.2, 0.3, 0.4])
    assert LOCAL not in data.host_seconds          # a local file has no fetch time
    assert [(f.kind, f.reason) for f in data.failures] == [("failed", "http_error"),
                                                          ("skipped", "too_short")]


def test_the_plots_cover_only_the_window_of_runs(state: Path) -> None:
    with StateStore.open(state, lock=False) as store:
        data = gather(store, runs=1)
    assert [r.id for r in data.runs] == [2]
    assert data.removals == [("byline", 3), ("share_counts", 1)]
    assert data.host_outcomes["news.example"] == {"ok": 1, "not_modified": 1}
    assert data.host_seconds["news.example"] == [0.4]


def test_an_interrupted_run_is_counted(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.db") as store:
        run = store.begin_run("cfg")
        store.end_run(run, "interrupted", {"state/new": 2, "state/unchanged": 5})
        data = gather(store)
    assert data.last is not None and data.last.status == "interrupted"
    assert (data.last.state("new"), data.last.unchanged) == (2, 5)


def test_a_run_in_progress_is_shown_as_running(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.db") as store:
        store.begin_run("cfg")
        page = render(gather(store))
    assert "newsclean run #1: running" in page and "ended not yet" in page
    assert "<dt>seconds</dt><dd>-</dd>" in page


def test_the_failures_table_is_capped_and_says_so(state: Path) -> None:
    with StateStore.open(state, lock=False) as store:
        data = gather(store, failures=1)
    assert len(data.failures) == 1 and data.failures_total == 2
    assert "The first 1 of 2 rows." in render(data)


# -- the page ---------------------------------------------------------------------------

def _section(page: str, section_id: str) -> str:
    found = re.search(rf"<section[^>]*id='{section_id}'.*?</section>", page, re.S)
    assert found, f"no section {section_id}"
    return found.group(0)


@pytest.mark.parametrize("plot_id", PLOT_IDS)
def test_every_plot_is_an_inline_svg(page: str, plot_id: str) -> None:
    section = _section(page, plot_id)
    assert "<svg" in section and "</svg>" in section and "class='empty'" not in section


def test_the_header_shows_the_last_run(page: str) -> None:
    header = page[page.index("<header>"):page.index("</header>")]
    assert "newsclean run #2: done" in header
    for name, value in (("new", 1), ("changed", 1), ("unchanged", 2), ("failed", 1),
                        ("skipped", 1), ("duplicates", 1)):
        assert f"<dt>{name}</dt><dd>{value}</dd>" in header
    assert "<td>fetch/http_error</td>" in header and "<td>too_short</td>" in header


def test_sources_messages_and_hosts_are_escaped(page: str) -> None:
    assert "<script" not in page.lower() and "<img" not in page.lower()
    failures = _section(page, "failures")
    assert "&lt;script&gt;alert(&#x27;source&#x27;)&lt;/script&gt;" in failures
    assert "&lt;img src=x onerror=alert(&#x27;message&#x27;)&gt; &amp; more" in failures
    assert "&lt;script&gt;alert(1)&lt;" in _section(page, "hosts")     # the SVG's label


def test_the_page_refers_to_nothing_outside_itself(page: str) -> None:
    assert f'content="{CSP}"' in page
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", page)
    references += re.findall(r"url\(([^)]*)\)", page)
    assert references and all(ref.startswith("#") for ref in references), references


def test_svg_ids_are_not_shared_between_plots(page: str) -> None:
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert ids and len(ids) == len(set(ids))


def test_a_state_without_runs_gives_a_page_that_says_so(tmp_path: Path) -> None:
    StateStore.open(tmp_path / "s.db").close()
    write_report(tmp_path / "s.db", tmp_path / "r.html")
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "no runs yet" in text and "<svg" not in text


def test_a_run_that_saw_nothing_has_empty_plots_that_say_why(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.db") as store:
        store.end_run(store.begin_run("cfg"), "done", {"ok": 0})
        page = render(gather(store))
    assert "<svg" in _section(page, "outcomes")
    assert "Nothing was fetched or read" in _section(page, "hosts")
    assert "No page was fetched over HTTP" in _section(page, "fetch-time")
    assert "holds no article yet" in _section(page, "words")
    assert "None: every page gave an article" in _section(page, "failures")


# -- the CLI ----------------------------------------------------------------------------

def _pages(folder: Path) -> Path:
    folder.mkdir()
    for topic in ("rates", "rain", "rail"):
        body = "".join(f"<p>Paragraph {i} of a real news story about {topic}, told in plain "
                       f"words for readers who follow {topic} closely.</p>" for i in range(6))
        (folder / f"{topic}.html").write_text(
            f"<html><head><title>{topic}</title></head><body><article><h1>{topic}</h1>"
            f"{body}</article></body></html>", encoding="utf-8")
    return folder


def test_run_writes_the_report_at_the_end(tmp_path: Path, capsys) -> None:
    pages = _pages(tmp_path / "pages")
    args = ["run", str(pages), "-o", "out.csv", "--no-progress", "-w", "1", "--report",
            "report.html"]
    assert pipeline.main(args) == 0
    assert pipeline.main(args) == 0
    text = Path("report.html").read_text(encoding="utf-8")
    assert "newsclean run #2: done" in text and "<dt>unchanged</dt><dd>3</dd>" in text
    assert all("<svg" in _section(text, plot_id) for plot_id in PLOT_IDS
               if plot_id != "fetch-time")
    assert "No page was fetched over HTTP" in _section(text, "fetch-time")   # local files


def test_the_report_command_writes_the_report_of_a_state_file(state: Path, capsys) -> None:
    assert pipeline.main(["report", "--state", str(state), "-o", "r.html", "--runs", "1"]) == 0
    assert "report written to r.html" in capsys.readouterr().err
    text = Path("r.html").read_text(encoding="utf-8")
    assert "newsclean run #2" in text and "(run #2)" in text


def test_report_with_no_state_is_refused_before_the_run(tmp_path: Path, capsys) -> None:
    pages = _pages(tmp_path / "pages")
    code = pipeline.main(["run", str(pages), "-o", "out.csv", "--no-state", "--report",
                          "r.html"])
    assert code == pipeline.EXIT_USAGE
    assert "--report draws on the state file's run history" in capsys.readouterr().err
    assert not Path("out.csv").exists() and not Path("r.html").exists()


def test_report_without_a_state_file_is_a_usage_error(capsys) -> None:
    assert pipeline.main(["report", "--state", "missing.db", "-o", "r.html"]) == 2
    assert "no state file at missing.db" in capsys.readouterr().err


def test_an_unwritable_report_path_is_an_output_error(state: Path, tmp_path: Path,
                                                      capsys) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    target = tmp_path / "file" / "r.html"
    assert pipeline.main(["report", "--state", str(state), "-o", str(target)]) == 3
    assert f"cannot write {target}" in capsys.readouterr().err


# -- in a real browser ------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary (Debian: apt-get install chromium; "
    ".ci/run installs it)")


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
         *args, page.resolve().as_uri()],
        capture_output=True, text=True, timeout=90, check=True)


def console_messages(page: Path, profile: Path) -> tuple[list[str], str]:
    """What the page logged to the console (errors, CSP refusals, anything), and its DOM."""
    done = chromium(page, profile, "--dump-dom")
    return [line for line in done.stderr.splitlines() if ":CONSOLE" in line], done.stdout


def screenshot(page: Path, profile: Path, size: str = "1200,3600") -> Image.Image:
    shot = profile.parent / f"{page.stem}.png"
    chromium(page, profile, f"--screenshot={shot}", f"--window-size={size}")
    return Image.open(shot).convert("RGB")


def ink(image: Image.Image) -> float:
    """Share of pixels that are not (near) white."""
    grey = image.convert("L")
    return sum(grey.histogram()[:245]) / (grey.width * grey.height)


def _hex(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


@pytest.fixture
def report_file(state: Path, tmp_path: Path) -> Path:
    write_report(state, tmp_path / "report.html")
    return tmp_path / "report.html"


@needs_chromium
def test_chromium_loads_the_report_without_a_console_message(report_file: Path,
                                                             tmp_path: Path) -> None:
    messages, dom = console_messages(report_file, tmp_path / "profile")
    assert messages == []
    assert dom.count("<svg") == len(PLOT_IDS) and "newsclean run #2: done" in dom


@needs_chromium
def test_chromium_renders_the_plots(report_file: Path, tmp_path: Path) -> None:
    image = screenshot(report_file, tmp_path / "profile")
    assert ink(image) > 0.03
    colours = {c for _, c in image.getcolors(maxcolors=1 << 20) or []}
    for name in ("new", "changed", "unchanged"):      # run #2's bars, painted
        assert _hex(RUN_COLOURS[name]) in colours, name
    assert _hex(P90) in colours                       # and the fetch-time plot's


@needs_chromium
def test_the_console_check_sees_what_a_bad_page_does(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text(f"<!doctype html><meta http-equiv='Content-Security-Policy' "
                   f"content=\"{CSP}\"><link rel=stylesheet href='https://cdn.example/x.css'>"
                   "<p>hi</p>", encoding="utf-8")
    messages, _ = console_messages(bad, tmp_path / "profile")
    assert any("cdn.example" in m for m in messages)


@needs_chromium
def test_the_blank_check_sees_a_blank_page(tmp_path: Path) -> None:
    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><title>blank</title>", encoding="utf-8")
    assert ink(screenshot(blank, tmp_path / "profile", "800,600")) < 0.001


def test_the_slowest_hosts_come_first_with_median_and_p90() -> None:
    rows = slowest_hosts({"fast.example": [0.1, 0.1, 0.2], "slow.example": [1.0, 3.0],
                          "empty.example": []}, top=5)
    assert [r[0] for r in rows] == ["slow.example", "fast.example"]
    host, median, p90, n = rows[0]
    assert (median, n) == (2.0, 2) and p90 == pytest.approx(2.8)
    assert quantile([5.0], 0.9) == 5.0


def test_the_fetch_time_plot_names_the_hosts(page: str) -> None:
    section = _section(page, "fetch-time")
    assert "<svg" in section and "wire.example (1)" in section and "news.example (4)" in section
