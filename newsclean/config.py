"""Run configuration in one place: defaults < TOML file < CLI flags (or keyword arguments).

Everything is read into frozen dataclasses that check their values when they are built
(:mod:`newsclean.kinds`), by the names of one table (:data:`newsclean.options.RUN_OPTIONS`);
unknown keys are an error that names the key. Nothing is read at import time.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from newsclean.errors import ConfigError
from newsclean.kinds import Kind, age_to_since, checked, refused
from newsclean.languages import language_list
from newsclean.options import RUN_OPTIONS

#: the engines of the CPU stage (newsclean.engine.engines.ENGINES has one per name)
ENGINES = ("local", "dask")
#: default ``page_timeout``: CPU seconds one page may take (real news pages need well under 1)
DEFAULT_PAGE_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """Options of the CPU stage (decode, clean, extract, normalise) run in workers."""

    min_words: int = 10              # fewer words than this: Skip("too_short")
    detect_language: bool = True
    repeated_min_pages: int = 3      # per-host repeated-line mining: pages a line must be on
    repeated_min_share: float = 0.5  # ... and the share of the host's pages
    language: tuple[str, ...] = ()   # --language: keep only articles in these (ISO 639-1)

    def __post_init__(self) -> None:
        _normalise(self)
        object.__setattr__(self, "language", language_list(self.language))
        if self.min_words < 0:
            raise ConfigError("min_words must not be negative")
        if not 0 < self.repeated_min_share <= 1:
            raise ConfigError("repeated_min_share must be in (0, 1]")


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

    def __post_init__(self) -> None:
        _normalise(self)

    def given(self) -> dict[str, Any]:
        """The knobs the file set, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) is not None}


@dataclass(frozen=True, slots=True)
class RunConfig:
    """Everything one run is told. Built directly, its values are checked and put in one
    form (``since="1h"`` becomes a datetime, a list a tuple, a string path a Path); a
    wrong one raises :class:`~newsclean.errors.ConfigError`. By the option names of the
    CLI and the file, build one with :meth:`from_options`."""

    inputs: tuple[str, ...] = ()
    url_files: tuple[Path, ...] = ()
    output: Path | None = None
    parquet: Path | None = None
    #: --parquet-dir: (engine dask) the workers write the corpus here as part-NNNNN.parquet
    parquet_dir: Path | None = None
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
    excel: bool = False              # --excel: the corpus CSV for spreadsheets (BOM, cut cells)
    state: Path | None = None        # --state: the state file of incremental runs (the CLI's
    #                                  default is ./newsclean.db; the library keeps none)
    no_state: bool = False           # --no-state: a one-off run that keeps no state
    export_all: Path | None = None   # --export-all: also write the cumulative corpus here
    report: Path | None = None       # --report: the HTML run report, from the state file
    recheck_after: timedelta = timedelta(days=1)   # --recheck-after: a page URL fetched
    #                                  successfully is not requested again before this
    page_timeout: float = DEFAULT_PAGE_TIMEOUT   # --page-timeout: CPU seconds per page
    engine: str = "local"            # --engine: local (process pool) or dask
    scheduler: str | None = None     # --scheduler: a Dask scheduler (tcp://host:8786)
    url_filter: str | None = None    # --url-filter: WARC records whose URI matches (re.search)
    hosts: tuple[str, ...] = ()      # --host: WARC records of these hosts only

    def __post_init__(self) -> None:
        _normalise(self)
        _check_ranges(self)

    @classmethod
    def from_options(cls, **options: Any) -> RunConfig:
        """A config from options by the names of ``newsclean run``'s long options and the
        file's ``[run]`` keys (``sources``, ``feed``, ``since``, ``min_words``,
        ``allow_host``, ...; :data:`newsclean.options.RUN_OPTIONS`), checked the same way;
        ``clean`` and ``fetch`` take the file's ``[clean]`` and ``[fetch]`` tables as
        mappings. ``RunConfig.from_options(sources=["pages/"], since="2d", workers=1)``."""
        clean = options.pop("clean", None) or {}
        fetch = options.pop("fetch", None) or {}
        return config_from_mapping({"run": options, "clean": clean, "fetch": fetch}, where="")

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


_KIND_OF_TYPE = {"bool": Kind.BOOL, "int": Kind.INT, "float": Kind.SECONDS, "str": Kind.TEXT,
                 "Path": Kind.PATH, "tuple[str, ...]": Kind.TEXTS,
                 "tuple[Path, ...]": Kind.PATHS, "datetime": Kind.WHEN,
                 "timedelta": Kind.DURATION}


def _normalise(record: Any) -> None:
    """Check every field of a config dataclass by its annotation and store the value in
    its one form (``"1h"`` as a datetime, a list as a tuple, a string as a Path)."""
    for item in fields(record):
        annotation = str(item.type)
        kind = _KIND_OF_TYPE.get(annotation.removesuffix(" | None"))
        if kind is None:
            continue
        value = getattr(record, item.name)
        if value is None and not annotation.endswith("| None"):
            raise refused(item.name, value, kind)
        object.__setattr__(record, item.name, checked(item.name, value, kind))


def _check_ranges(config: RunConfig) -> None:
    if config.workers < 0:
        raise ConfigError("--workers must be 0 (all cores) or a positive number")
    if config.delay is not None and not 0 <= config.delay <= 3600:
        raise ConfigError("--delay must be between 0 and 3600 seconds")
    if config.per_host is not None and config.per_host < 1:
        raise ConfigError("--per-host must be at least 1")
    if not 0 < config.page_timeout <= 86400:
        raise ConfigError(f"page_timeout must be a number of seconds in (0, 86400], "
                          f"not {config.page_timeout!r}")
    if config.engine not in ENGINES:
        raise ConfigError(f"engine {config.engine!r} is not one of {', '.join(ENGINES)}")
    if config.url_filter is not None:
        try:
            re.compile(config.url_filter)
        except re.error as exc:
            raise ConfigError(f"url_filter {config.url_filter!r} is not a regular "
                              f"expression: {exc}") from None
    _check_parquet_dir(config)
    if config.report is not None and config.no_state:
        raise ConfigError("--report draws on the state file's run history: drop --no-state")


def _check_parquet_dir(config: RunConfig) -> None:
    if config.parquet_dir is None:
        return
    if config.engine != "dask":
        raise ConfigError("--parquet-dir is written by the workers of --engine dask: "
                          "add --engine dask, or use --parquet FILE")


def _spelled(key: str) -> str | None:
    """The table's name for ``key`` (dashed form or an older alias), None if unknown."""
    name = key.replace("-", "_")
    if name in RUN_OPTIONS:
        return name
    return next((n for n, o in RUN_OPTIONS.items() if name in o.aliases), None)


def _unknown(section: str, keys: list[str], allowed: list[str],
             elsewhere: dict[str, str]) -> ConfigError:
    hints = []
    for key in keys:
        home = elsewhere.get(key.replace("-", "_"))
        close = difflib.get_close_matches(key.replace("-", "_"), allowed, n=1)
        hints.append(f"{key} (it belongs in [{home}])" if home else
                     f"{key} (did you mean {close[0]}?)" if close else key)
    plural = "s" if len(keys) > 1 else ""
    what = f"key{plural} in [{section}]" if section else f"option{plural}"
    return ConfigError(f"unknown {what}: {', '.join(hints)} "
                       f"(allowed: {', '.join(sorted(allowed))})")


def _check_keys(section: str, data: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(k for k in data if k not in allowed)
    if unknown:
        raise _unknown(section, unknown, sorted(allowed), {})


def run_fields(options: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    """Options by the table's names (or their dashed or older forms) as checked
    :class:`RunConfig` field values; ``clean.`` fields keep their prefix. ``None`` values
    are "not given"; an unknown name, a value of the wrong kind or two names for one
    field raise ConfigError naming the key (after ``where``, e.g. ``[run] ``)."""
    values: dict[str, Any] = {}
    named: dict[str, str] = {}
    unknown = [key for key in options if _spelled(key) is None]
    if unknown:
        elsewhere = {**{f.name: "clean" for f in fields(CleanOptions)},
                     **{f.name: "fetch" for f in fields(FetchOptions)}}
        raise _unknown(where.strip(" []"), unknown, sorted(RUN_OPTIONS), elsewhere)
    for key, value in options.items():
        name = _spelled(key)
        assert name is not None
        option = RUN_OPTIONS[name]
        if option.field in named:
            raise ConfigError(f"{where}{named[option.field]} and {key} set the same option: "
                              "give one of them")
        named[option.field] = key
        label = f"{where}{key}"
        if value is not None:
            values[option.field] = (age_to_since(label, value) if name == "max_age"
                                    else checked(label, value, option.kind))
    return values


def config_from_mapping(data: Mapping[str, Any], base: RunConfig | None = None,
                        where: str = "[run] ") -> RunConfig:
    """Build a :class:`RunConfig` from a mapping shaped like the TOML file: ``[run]`` keys
    by the option table's names, a ``[clean]`` table of :class:`CleanOptions` and a
    ``[fetch]`` table of :class:`FetchOptions`."""
    base = base or RunConfig()
    _check_keys("top level", dict(data), {"run", "clean", "fetch"})
    for section in ("run", "clean", "fetch"):
        if not isinstance(data.get(section, {}), Mapping):
            raise ConfigError(f"[{section}] must be a table, not {data[section]!r}")
    run = run_fields(data.get("run", {}), where)
    clean = _section("clean", data.get("clean", {}), CleanOptions, bool(where))
    fetch = _section("fetch", data.get("fetch", {}), FetchOptions, bool(where))
    for key in [k for k in run if k.startswith("clean.")]:     # min_words, language
        name = key.removeprefix("clean.")
        if name in clean:
            raise ConfigError(f"{name} is given in [run] and in [clean]: give it once")
        clean[name] = run.pop(key)
    try:
        return replace(base, clean=replace(base.clean, **clean),
                       fetch=replace(base.fetch, **fetch), **run)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bad configuration value: {exc}") from exc


def _section(name: str, table: Any, record: type[Any], in_file: bool) -> dict[str, Any]:
    """The keys of a ``[clean]`` or ``[fetch]`` table (a mapping, or the options record),
    each checked by its field's kind (an error names ``[clean] key`` from a file)."""
    if isinstance(table, record):
        return {f.name: getattr(table, f.name) for f in fields(table)}
    keys = {str(key).replace("-", "_"): value for key, value in table.items()}
    _check_keys(name, keys, {f.name for f in fields(record)})
    kinds = {f.name: _KIND_OF_TYPE.get(str(f.type).removesuffix(" | None"))
             for f in fields(record)}
    for key, value in keys.items():
        kind = kinds[key]
        if kind is not None:
            checked(f"[{name}] {key}" if in_file else key, value, kind)
    return keys


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


def load_config(path: Path | None, overrides: Mapping[str, Any] | None = None) -> RunConfig:
    """Defaults, then the TOML file at ``path`` (if any), then ``overrides`` (the command
    line's options by the table's names; ``None`` values mean "not given"). An override
    of what the run reads (sources, ``urls``, ``feed``, ``sitemap``, ``site``) or of what it
    writes (``output``, ``parquet``, ``errors``, ``audit``, ``report``, ``export_all``)
    replaces the file's whole group, so the outputs of one run describe that run; a list
    given replaces the file's list. A ``"clean"`` mapping sets :class:`CleanOptions`."""
    config = RunConfig()
    if path is not None:
        config = config_from_mapping(_relative_to(_read_toml(path), path.parent), config)
    if overrides:
        given = {k: v for k, v in overrides.items() if v is not None}
        clean = given.pop("clean", {})
        config = config_from_mapping({"run": given, "clean": clean},
                                     _without_groups(config, given), where="")
    return config


def _without_groups(config: RunConfig, given: Mapping[str, Any]) -> RunConfig:
    """``config`` with the groups (read, write) that ``given`` names back at defaults."""
    names = [_spelled(key) for key in given]
    groups = {RUN_OPTIONS[n].group for n in names if n is not None} - {""}
    defaults: dict[str, Any] = {f.name: f.default for f in fields(RunConfig)}
    reset = {o.field: defaults[o.field] for o in RUN_OPTIONS.values() if o.group in groups}
    return replace(config, **reset) if reset else config


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(_read_config_text(path))
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path} is not UTF-8: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc


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
    paths = {o.field for o in RUN_OPTIONS.values() if o.kind in (Kind.PATH, Kind.PATHS)}
    for key in run:
        name = _spelled(key)
        if name is None or (RUN_OPTIONS[name].field not in paths and name != "sources"):
            continue
        value = run.get(key)
        if isinstance(value, list):
            run[key] = [anchored(v) for v in value]
        elif value is not None:
            run[key] = anchored(value)
    return {**data, "run": run}
