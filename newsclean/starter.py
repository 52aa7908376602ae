"""What ``newsclean init`` writes: a commented ``newsclean.toml`` that runs as written, and
one example page for it to clean. Every key is a real one (the tests load the file)."""

from __future__ import annotations

from pathlib import Path

from newsclean.errors import ConfigError

CONFIG = '''\
# newsclean configuration. Run it with:  newsclean run --config newsclean.toml
# Relative paths are this file's folder's, wherever the run starts (cron starts in $HOME).
# Precedence: defaults < this file < command-line flags. An unknown key is an error.
# [run] keys are `newsclean run`'s long options (allow_host, min_words, max_age, ...);
# a flag that names an output (or a source) replaces all of this file's outputs (sources).

[run]
# What to read: files and folders (walked for .html, .htm, .xhtml, .html.gz, .txt) and
# http(s) URLs (a page, a feed, a sitemap or a site's home page, told apart by content).
sources = ["pages"]
# feed = ["https://example.org/rss.xml"]        # RSS, Atom, JSON Feed
# sitemap = ["https://example.org/sitemap.xml"]
# site = ["https://example.org/"]               # its <link rel=alternate> feeds and sitemaps
# urls = ["urls.txt"]                           # one URL per line, # comments
# since = "2d"                                  # only feed/sitemap entries this recent

# Outputs. With a state file, `output` holds each run's new and changed articles and
# `export_all` the whole corpus (latest version of every article).
output = "new.csv"
export_all = "corpus.csv"
# parquet = "new.parquet"
# audit = "removed.csv"                         # every removed line, with its reason
# errors = "new.errors.csv"                     # default: beside `output`
# report = "report.html"                        # the run report (plots, failures)
state = "newsclean.db"                          # or no_state = true for one-off runs
# recheck_after = "1d"                          # a page URL is not re-requested sooner
# raw_csv = false                               # true: no formula guard on CSV cells
# excel = false                                 # true: CSV for spreadsheets (BOM, cut cells)

# workers = 0                                   # 0: all cores
# page_timeout = 60                             # CPU seconds one page may take
# delay = 1.0                                   # seconds between requests to one host
# per_host = 1                                  # requests to one host at a time
# user_agent = "my-project/1.0 (+https://example.org/contact)"
# allow_host = ["127.0.0.1"]                    # private hosts the fetcher may reach

[clean]
# min_words = 10                                # shorter pages are skipped (too_short)
# detect_language = true
# language = ["de", "en"]                       # keep only these; others: skip (language)
# repeated_min_pages = 3                        # a line on this many of a site's articles
# repeated_min_share = 0.5                      # ... and this share of them is boilerplate

[fetch]
# The fetcher's own names; [run]'s delay, per_host, user_agent and allow_hosts win.
# connect_timeout = 10.0
# read_timeout = 20.0
# total_timeout = 60.0                          # one URL, all its redirect hops
# max_redirects = 5
# global_concurrency = 16
# respect_robots = true
# crawl_delay_cap = 30.0                        # a longer robots.txt Crawl-delay: skip host
# host_failure_limit = 5                        # failures in a row before a host is given up
# retries = 2
# backoff_base = 0.5
# retry_after_cap = 30.0
'''

EXAMPLE_PAGE = '''\
<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour cranes return after the storm | Example Gazette</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Harbour cranes return after the storm", "datePublished": "2026-11-30T08:15:00+01:00",
 "author": {"@type": "Person", "name": "Ana Ruiz"}}</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour cranes return after the storm</h1>
<p>By Ana Ruiz</p>
<p>The three container cranes that were moved inland before last week's storm were back at
the quay on Monday morning, and the first ship was unloaded before noon.</p>
<p>The port authority said the move had cost two days of work but saved the cranes, which
stood in the path of gusts measured at more than 140 kilometres an hour.</p>
<p>25 LINKEDIN 1 COMMENTMORE</p>
<p>Dock workers, who had worked through the weekend to prepare the quay, said traffic would
be back to normal by the end of the week.</p>
</article><footer>© Example Gazette. Log in to comment.</footer></body></html>
'''


def write_starter(folder: Path) -> list[Path]:
    """Write ``newsclean.toml`` and ``pages/example.html`` into ``folder``; refuse to
    overwrite a config that is already there."""
    config = folder / "newsclean.toml"
    if config.exists():
        raise ConfigError(f"{config} exists: not overwritten (remove it or init elsewhere)")
    page = folder / "pages" / "example.html"
    try:
        page.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(CONFIG, encoding="utf-8")
        if not page.exists():
            page.write_text(EXAMPLE_PAGE, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write the starter files in {folder}: "
                          f"{exc.strerror or exc}") from exc
    return [config, page]
