"""The CLI end to end on feeds, config of the new options, and the fetcher's source rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from newsclean import pipeline
from newsclean.config import load_config
from newsclean.errors import ConfigError
from newsclean.records import Failure, RawPage
from newsclean.scraper.fetch.run import FetchRun
from tests.scraper.fetch.server import Server, fixed


def newsclean(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the CLI in this process: ``(exit code, stderr)``."""
    code = pipeline.main(list(args))
    return code, capsys.readouterr().err


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cli_feed_to_csv(site: Server, in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = in_tmp / "out.csv"
    code, err = newsclean(capsys, "run", site.url("/feed.xml"), "--feed", site.url("/bomb.xml"),
                          "--allow-host", "127.0.0.1", "-o", str(out), "--workers", "1",
                          "--delay", "0", "--no-progress")
    assert code == 1, err          # the bomb feed failed, the rest ran
    df = pd.read_csv(out)
    assert list(df["source"]) == [site.url("/a1"), site.url("/a2")]
    assert list(df["title"]) == ["Story 1", "Story 2"]
    assert df["text"].str.contains("harbour").all()
    errors = pd.read_csv(in_tmp / "out.errors.csv")
    assert errors[["source", "stage", "reason"]].values.tolist() == [
        [site.url("/bomb.xml"), "discover", "unsafe_xml"]]


def test_cli_since_filters_and_exits_0(site: Server, in_tmp: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = in_tmp / "out.csv"
    code, err = newsclean(capsys, "run", "--sitemap", site.url("/news-sitemap.xml"),
                          "--since", "2026-11-01", "--allow-host", "127.0.0.1", "-o", str(out),
                          "--workers", "1", "--delay", "0", "--per-host", "2", "--no-progress")
    assert code == 0, err
    assert list(pd.read_csv(out)["source"]) == [site.url("/a6")]
    assert site.hits["/a7"] == 0


@pytest.mark.parametrize("args, message", [
    (["--feed", "http://e.example/f", "--since", "yesterday"], "since = 'yesterday'"),
    (["--feed", "http://e.example/f", "--max-age", "2 fortnights"], "max_age = '2 fortnights'"),
    (["--site", "http://e.example/", "--delay", "-1"], "--delay"),
    (["--sitemap", "http://e.example/s", "--per-host", "0"], "--per-host"),
])
def test_bad_source_options_exit_2(args: list[str], message: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, err = newsclean(capsys, "run", *args)
    assert code == 2
    assert message in err


def test_since_and_max_age_are_exclusive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        pipeline.main(["run", "--feed", "http://e.example/f", "--since", "1d",
                       "--max-age", "2d"])
    assert exc.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_source_options_in_config(tmp_path: Path) -> None:
    toml = tmp_path / "c.toml"
    toml.write_text('[run]\nfeeds = ["http://e.example/rss"]\nsince = 2026-11-01\n'
                    "delay = 0.5\nper_host = 2\n")
    config = load_config(toml, {"since": "2d"})
    assert config.feeds == ("http://e.example/rss",)
    assert config.delay == 0.5 and config.per_host == 2
    assert config.since is not None
    assert abs(datetime.now(UTC) - timedelta(days=2) - config.since) < timedelta(minutes=1)
    assert load_config(toml).since == datetime(2026, 11, 1, tzinfo=UTC)
    with pytest.raises(ConfigError, match="since = 'soon': expected a date"):
        load_config(None, {"since": "soon"})


def test_page_fetcher_still_refuses_feed_types(server: Server, settings, fetch_one) -> None:
    server.routes["/f.xml"] = fixed(body=b"<rss version='2.0'/>",
                                    content_type="application/rss+xml")
    result, _ = fetch_one(server.url("/f.xml"))
    assert isinstance(result, Failure) and result.reason == "bad_content_type"
    with FetchRun(settings) as fetching:
        fetched = fetching.fetch_source(server.url("/f.xml"))
    assert isinstance(fetched, RawPage) and fetched.body == b"<rss version='2.0'/>"


def test_discovery_requests_obey_robots_and_the_address_guard(site: Server) -> None:
    site.routes["/robots.txt"] = fixed(body=b"User-agent: *\nDisallow: /feed.xml\n",
                                       content_type="text/plain")
    config = load_config(None, {"feeds": (site.url("/feed.xml"),), "workers": 1,
                                "allow_hosts": ("127.0.0.1",), "delay": 0.0})
    result = pipeline.run_detailed(config)
    assert [(f.stage, f.reason) for f in result.failures] == [("discover", "robots_denied")]
    assert site.hits["/feed.xml"] == 0
    guarded = pipeline.run_detailed(load_config(None, {"feeds": (site.url("/atom.xml"),),
                                                       "workers": 1, "delay": 0.0}))
    [failure] = guarded.failures      # robots.txt is asked first: it is refused already
    assert failure.stage == "discover" and failure.reason == "blocked_address"
    assert "blocked address" in failure.message
    assert site.hits["/atom.xml"] == 0 and site.hits["/robots.txt"] == 1   # the first run


def test_discovery_keeps_the_per_host_delay(site: Server) -> None:
    config = load_config(None, {"sitemaps": (site.url("/sitemap_index.xml"),), "workers": 1,
                                "allow_hosts": ("127.0.0.1",), "delay": 0.15})
    pipeline.run_detailed(config)
    times = sorted(t for hits in site.hit_times.values() for t in hits)
    assert len(times) == 3 + 1 + 5            # 3 sitemaps, robots.txt once, 5 pages
    # The client spaces request starts 0.15 s apart. The server stamps a request when its
    # thread gets to it, which on a loaded machine can be late for one request and so
    # shorten one gap and lengthen the next: judge the whole span and the median gap
    # (without the delay the nine requests take a few milliseconds).
    gaps = sorted(b - a for a, b in zip(times, times[1:], strict=False))
    assert times[-1] - times[0] >= 8 * 0.15 - 0.1
    assert gaps[len(gaps) // 2] >= 0.14
