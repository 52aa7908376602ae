"""The library takes every option by the CLI's names: pipeline.run(sources, **options)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd

from newsclean import pipeline
from newsclean.config import RunConfig
from tests.conftest import FIXTURES
from tests.scraper.fetch.server import Server, fixed

STORY = ("<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
         + "<p>Paragraph {{i}} of a real news story about the harbour and the people who "
           "work there, told in plain words.</p>" * 6 + "</article></body></html>")


def _feed(server: Server, now: datetime) -> str:
    items = []
    for name, age in (("new", timedelta(hours=1)), ("old", timedelta(days=9))):
        server.routes[f"/{name}"] = fixed(body=STORY.format(title=f"The {name} story").encode())
        when = (now - age).strftime("%a, %d %b %Y %H:%M:%S +0000")
        items.append(f"<item><title>{name}</title><link>{server.url('/' + name)}</link>"
                     f"<pubDate>{when}</pubDate></item>")
    server.routes["/robots.txt"] = fixed(status=404, body=b"")
    server.routes["/rss.xml"] = fixed(body=f"<rss version='2.0'><channel><title>t</title>"
                                      f"{''.join(items)}</channel></rss>".encode(),
                                      content_type="application/rss+xml")
    return server.url("/rss.xml")


def test_run_takes_feed_since_delay_and_writes_its_outputs(server: Server, tmp_path: Path):
    feed = _feed(server, datetime.now(UTC))
    out = tmp_path / "new.csv"
    df = pipeline.run(feed=feed, since="2d", delay=0, min_words=20, allow_host="127.0.0.1",
                      workers=1, output=out, parquet=tmp_path / "new.parquet",
                      fetch={"retries": 0})
    assert list(df["title"]) == ["The new story"]
    assert server.hits["/old"] == 0                        # since: not fetched at all
    assert list(pd.read_csv(out)["id"]) == list(df["id"])
    assert list(pd.read_parquet(tmp_path / "new.parquet")["id"]) == list(df["id"])
    assert (tmp_path / "new.errors.csv").is_file()


def test_min_words_and_clean_options_reach_the_cleaners():
    seeds = str(FIXTURES / "seeds")
    every = pipeline.run(seeds, workers=1)
    fewer = pipeline.run([seeds], workers=1, min_words=int(every["word_count"].max()))
    assert len(fewer) == 1 < len(every)
    unlabelled = pipeline.run(seeds, workers=1, clean={"detect_language": False})
    assert unlabelled["language"].isna().all() and every["language"].notna().all()


def test_from_options_is_the_documented_way_to_build_a_config(tmp_path: Path):
    config = RunConfig.from_options(sources=str(FIXTURES / "seeds"), workers=1,
                                    max_age="1w", urls=[tmp_path / "u.txt"], allow_host="h")
    assert config.inputs == (str(FIXTURES / "seeds"),)
    assert config.url_files == (tmp_path / "u.txt",) and config.allow_hosts == ("h",)
    assert config.since is not None and config.since < datetime.now(UTC) - timedelta(days=6)
    result = pipeline.run_detailed(RunConfig.from_options(sources=str(FIXTURES / "seeds"),
                                                          workers=1))
    assert result.counts["ok"] == 3
