"""One table of names: the CLI, the [run] keys, the library's keywords and the README agree."""

from __future__ import annotations

import argparse
import inspect
import re
from dataclasses import fields
from pathlib import Path

import pytest

from newsclean import pipeline
from newsclean.config import CleanOptions, RunConfig, load_config
from newsclean.errors import ConfigError
from newsclean.options import CLI_ONLY, RUN_OPTIONS, build_parser
from tests.conftest import ROOT


def _run_parser() -> argparse.ArgumentParser:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices["run"]


def _flags_by_dest() -> dict[str, set[str]]:
    flags: dict[str, set[str]] = {}
    for action in _run_parser()._actions:
        if action.dest != "help":
            flags.setdefault(action.dest, set()).update(action.option_strings)
    return flags


def test_every_run_flag_is_a_table_name_and_back() -> None:
    flags = set(_flags_by_dest()) - CLI_ONLY
    assert not flags - set(RUN_OPTIONS), "add a RUN_OPTIONS row (or a CLI_ONLY name) for these"
    assert not set(RUN_OPTIONS) - flags, "these table names have no run flag"


def test_the_readme_usage_shows_every_run_flag() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    usage = readme.split("## Usage", 1)[1].split("python -m newsclean", 1)[0]
    shown = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", usage)) | {"--no-progress"}
    missing = [dest for dest, names in _flags_by_dest().items()
               if names and not names & shown]
    assert not missing


@pytest.mark.parametrize("name", sorted(set(RUN_OPTIONS) - {"sources"}))
def test_the_long_option_is_the_name_dashed(name: str) -> None:
    assert f"--{name.replace('_', '-')}" in _flags_by_dest()[name]
    assert f"--{name.replace('_', '-')}" in _run_parser().format_help()


def test_every_option_sets_a_field() -> None:
    run_fields = {f.name for f in fields(RunConfig)}
    clean_fields = {f"clean.{f.name}" for f in fields(CleanOptions)}
    assert {o.field for o in RUN_OPTIONS.values()} <= run_fields | clean_fields


def test_the_library_takes_exactly_the_table_names() -> None:
    params = inspect.signature(pipeline.run).parameters
    assert set(params) == set(RUN_OPTIONS) | {"clean", "fetch"}
    assert all(p.annotation is not inspect.Parameter.empty for p in params.values())
    assert pipeline.run.__doc__ and "max_age" in pipeline.run.__doc__


def _readme_key_table() -> dict[str, tuple[set[str], str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The config file", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `(\w+)`(?: \(([^)]*)\))? \| ([^|]+) \|$", section, re.M)
    return {name: (set(re.findall(r"`(\w+)`", aliases)), kind.strip())
            for name, aliases, kind in rows}


def test_the_readme_lists_every_key_with_its_aliases_and_kind() -> None:
    table = _readme_key_table()
    assert set(table) == set(RUN_OPTIONS)
    for name, option in RUN_OPTIONS.items():
        assert table[name] == (set(option.aliases), str(option.kind)), name


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsclean.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("key", ["allow_host", "allow-host", "allow_hosts"])
def test_allow_host_in_every_spelling(tmp_path: Path, key: str) -> None:
    config = load_config(_toml(tmp_path, f'[run]\n{key} = ["127.0.0.1"]\n'))
    assert config.allow_hosts == ("127.0.0.1",)


def test_the_names_users_try_work(tmp_path: Path) -> None:
    (tmp_path / "urls.txt").write_text("https://e.example/a\n")
    config = load_config(_toml(tmp_path, '[run]\nurls = "urls.txt"\nmax_age = "2d"\n'
                               'min_words = 40\nfeed = "https://e.example/rss"\n'
                               'per-host = 2\nsources = ["pages"]\n'))
    assert config.url_files == (tmp_path / "urls.txt",)
    assert config.since is not None and config.clean.min_words == 40
    assert config.feeds == ("https://e.example/rss",) and config.per_host == 2
    assert config.inputs == (str(tmp_path / "pages"),)


@pytest.mark.parametrize("text, message", [
    ('[run]\nmin_word = 3\n', r"min_word \(did you mean min_words\?\)"),
    ('[run]\ndetect_language = false\n', r"detect_language \(it belongs in \[clean\]\)"),
    ('[run]\nretries = 1\n', r"retries \(it belongs in \[fetch\]\)"),
    ('[run]\nsince = "2d"\nmax_age = "1d"\n', "since and max_age set the same option"),
    ('[run]\nfeed = "a"\nfeeds = ["b"]\n', "feed and feeds set the same option"),
    ('[run]\nmin_words = 3\n[clean]\nmin_words = 4\n', "min_words is given in .run. and"),
])
def test_wrong_names_say_which_is_right(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(_toml(tmp_path, text))
