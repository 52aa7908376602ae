"""Run configuration in one place: defaults < TOML file < CLI flags.

Everything is read into frozen dataclasses; unknown keys are an error that names the key.
Nothing is read at import time.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from newsclean.dates import as_utc, parse_duration, parse_since
from newsclean.errors import ConfigError

#: default ``page_timeout``: CPU seconds one page may take (real news pages need well under 1)
DEFAULT_PAGE_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """Options of the CPU stage (decode, clean, extract, normalise) run in workers."""

    min_words: int = 10              # fewer words than this: Skip("too_short")
    detect_language: bool = True
    repeated_min_pages: int = 3      # per-host repeated-line mining: pages a line must be on
    repeated_min_share: float = 0.5  # ... and the share of the host's pages


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """The ``[fetch]`` table: the fetcher's knobs by the names
    :class:`~newsclean.scraper.fetch.settings.FetchSettings` gives them (``retries``,
    ``backoff_base`` and ``retry_after_cap`` are its ``RetryPolicy``'s). ``None``: the
    fetcher's default. ``delay``, ``per_host``, ``user_agent`` and ``allow_hosts`` of
    ``[run]`` (and their flags) win over ``per_host_delay``, ``per_host_concurrency``,
    ``user_agent`` and ``allow_hosts`` here."""

    connect_timeout: float | None = None
    read_timeout: float | None = None
    total_timeout: float | None = None     # seconds for one URL, all its redirect hops
    max_redirects: int | None = None
    global_concurrency: int | None = None
    per_host_concurrency: int | None = None
    per_host_delay: float | None = None
    respect_robots: bool | None = None
    crawl_delay_cap: float | None = None
    host_failure_limit: int | None = None
    user_agent: str | None = None
    allow_hosts: tuple[str, ...] | None = None
    trust_env: bool | None = None
    retries: int | None = None
    backoff_base: float | None = None
    retry_after_cap: float | None = None

    def given(self) -> dict[str, Any]:
        """The knobs the file set, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) is not None}


@dataclass(frozen=True, slots=True)
class RunConfig:
    inputs: tuple[str, ...] = ()
    url_files: tuple[Path, ...] = ()
    output: Path | None = None
    parquet: Path | None = None
    errors: Path | None = None       # default: <output stem>.errors.csv next to the output
    audit: Path | None = None
    jsonl: Path | None = None        # --jsonl: the corpus as JSON Lines (one article a line)
    workers: int = 0                 # 0: all cores
    allow_hosts: tuple[str, ...] = ()
    user_agent: str | None = None
    progress: bool | None = None     # None: on when stderr is a terminal
    clean: CleanOptions = field(default_factory=CleanOptions)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    feeds: tuple[str, ...] = ()      # --feed: RSS/Atom/JSON feeds whose entries are fetched
    sitemaps: tuple[str, ...] = ()   # --sitemap: sitemaps or sitemap indexes
    sites: tuple[str, ...] = ()      # --site: home pages whose feeds and sitemaps are used
    since: datetime | None = None    # --since/--max-age: only feed/sitemap entries from then
    delay: float | None = None       # --delay: seconds between requests to one host
    per_host: int | None = None      # --per-host: concurrent requests to one host
    raw_csv: bool = False            # --raw-csv: no formula guard on CSV cells
    state: Path | None = None        # --state: the state file of incremental runs (the CLI's
    #                                  default is ./newsclean.db; the library keeps none)
    no_state: bool = False           # --no-state: a one-off run that keeps no state
    export_all: Path | None = None   # --export-all: also write the cumulative corpus here
    report: Path | None = None       # --report: the HTML run report, from the state file
    recheck_after: timedelta = timedelta(days=1)   # --recheck-after: a page URL fetched
    #                                  successfully is not requested again before this
    page_timeout: float = DEFAULT_PAGE_TIMEOUT   # --page-timeout: CPU seconds per page

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    @property
    def errors_path(self) -> Path | None:
        if self.errors is not None:
            return self.errors
        if self.output is None or str(self.output) == "-":    # -o -: CSV on stdout
            return None
        return self.output.with_name(f"{self.output.stem}.errors.csv")


_PATH_KEYS = {"output", "parquet", "errors", "audit", "state", "export_all", "report",
              "jsonl"}
_TUPLE_KEYS = {"inputs", "allow_hosts", "feeds", "sitemaps", "sites"}


def _check_keys(section: str, data: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ConfigError(f"unknown key{'s' if len(unknown) > 1 else ''} in [{section}]: "
                          f"{', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")


def _coerce(key: str, value: Any) -> Any:
    if key in _PATH_KEYS and value is not None:
        return Path(value)
    if key in _TUPLE_KEYS or key == "url_files":
        items = (value,) if isinstance(value, (str, Path)) else tuple(value)
        return tuple(Path(v) for v in items) if key == "url_files" else items
    if key == "since" and value is not None:
        return _since(value)
    if key == "recheck_after" and isinstance(value, str):
        return parse_duration(value)
    return value


def _since(value: Any) -> datetime:
    """``since`` from a string (``2026-11-01``, ``2d``), a TOML date or datetime: aware UTC.
    A bad value raises ConfigError."""
    if isinstance(value, datetime):
        return as_utc(value)
    text = value.isoformat() if isinstance(value, date) else str(value)
    return parse_since(text, datetime.now(UTC))


def config_from_mapping(data: dict[str, Any], base: RunConfig | None = None) -> RunConfig:
    """Build a :class:`RunConfig` from a mapping shaped like the TOML file: ``[run]`` keys
    of :class:`RunConfig`, a ``[clean]`` table of :class:`CleanOptions` and a ``[fetch]``
    table of :class:`FetchOptions`."""
    base = base or RunConfig()
    _check_keys("top level", data, {"run", "clean", "fetch"})
    run = dict(data.get("run", {}))
    clean = dict(data.get("clean", {}))
    fetch = dict(data.get("fetch", {}))
    run_keys = {f.name for f in fields(RunConfig)} - {"clean", "fetch"}
    _check_keys("run", run, run_keys)
    _check_keys("clean", clean, {f.name for f in fields(CleanOptions)})
    _check_keys("fetch", fetch, {f.name for f in fields(FetchOptions)})
    if "allow_hosts" in fetch:
        fetch["allow_hosts"] = _coerce("allow_hosts", fetch["allow_hosts"])
    try:
        options = replace(base.clean, **clean)
        fetching = replace(base.fetch, **fetch)
        return replace(base, clean=options, fetch=fetching,
                       **{k: _coerce(k, v) for k, v in run.items()})
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bad configuration value: {exc}") from exc


#: a config file is read up to this many bytes (whatever it is: a file, a pipe, a device)
CONFIG_MAX_BYTES = 1_000_000


def _read_config_text(path: Path) -> str:
    """The config file's text, at most :data:`CONFIG_MAX_BYTES`; opened without waiting
    for a FIFO's writer, refused (ConfigError) when longer; OSError (a folder, say) passes."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        os.set_blocking(fd, True)
        data = handle.read(CONFIG_MAX_BYTES + 1)
    if len(data) > CONFIG_MAX_BYTES:
        raise ConfigError(f"config file {path} is over the {CONFIG_MAX_BYTES}-byte limit")
    return data.decode("utf-8")


def load_config(path: Path | None, overrides: dict[str, Any] | None = None) -> RunConfig:
    """Defaults, then the TOML file at ``path`` (if any), then ``overrides`` (CLI flags;
    ``None`` values mean "not given")."""
    config = RunConfig()
    if path is not None:
        try:
            data = tomllib.loads(_read_config_text(path))
        except OSError as exc:
            raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(f"config file {path} is not UTF-8: {exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
        config = config_from_mapping(_relative_to(data, path.parent), config)
    if overrides:
        given = {k: v for k, v in overrides.items() if v is not None}
        clean = given.pop("clean", {})
        config = config_from_mapping({"run": given, "clean": clean}, config)
    _validate(config)
    return config


def _relative_to(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The file's relative paths (outputs, the state, ``url_files`` and the local
    ``inputs``) resolved against ``folder``, the config file's own: under cron the working
    directory is ``$HOME``, not where the file and its pages are."""
    run = data.get("run")
    if not isinstance(run, dict):
        return data

    def anchored(value: Any) -> Any:
        if not isinstance(value, str) or "://" in value or Path(value).is_absolute():
            return value
        return str(folder / value)
    run = dict(run)
    for key in (*_PATH_KEYS, "url_files", "inputs"):
        value = run.get(key)
        if isinstance(value, list):
            run[key] = [anchored(v) for v in value]
        elif value is not None:
            run[key] = anchored(value)
    return {**data, "run": run}


def _validate(config: RunConfig) -> None:
    if config.workers < 0:
        raise ConfigError("--workers must be 0 (all cores) or a positive number")
    if config.clean.min_words < 0:
        raise ConfigError("min_words must not be negative")
    if not 0 < config.clean.repeated_min_share <= 1:
        raise ConfigError("repeated_min_share must be in (0, 1]")
    if config.delay is not None and not 0 <= config.delay <= 3600:
        raise ConfigError("--delay must be between 0 and 3600 seconds")
    if config.per_host is not None and config.per_host < 1:
        raise ConfigError("--per-host must be at least 1")
    timeout = config.page_timeout
    is_number = isinstance(timeout, (int, float)) and not isinstance(timeout, bool)
    if not (is_number and 0 < timeout <= 86400):
        raise ConfigError(f"page_timeout must be a number of seconds in (0, 86400], "
                          f"not {timeout!r}")
    if config.report is not None and config.no_state:
        raise ConfigError("--report draws on the state file's run history: drop --no-state")
