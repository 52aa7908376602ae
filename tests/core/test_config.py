from pathlib import Path

import pytest

from newsclean.config import RunConfig, load_config
from newsclean.errors import ConfigError


def test_defaults_need_no_file():
    config = load_config(None)
    assert config == RunConfig()
    assert config.worker_count >= 1


def test_toml_then_cli_overrides(tmp_path: Path):
    toml = tmp_path / "newsclean.toml"
    toml.write_text('[run]\nworkers = 3\noutput = "a.csv"\n[clean]\nmin_words = 4\n')
    config = load_config(toml, {"workers": 2, "output": None})
    assert config.workers == 2              # CLI wins
    assert config.output == tmp_path / "a.csv"   # the file's value, beside the file
    assert config.clean.min_words == 4


@pytest.mark.parametrize("text, key", [
    ("[run]\nworkerz = 3\n", "workerz"),
    ("[clean]\nmin_wordz = 3\n", "min_wordz"),
    ("[sources]\nx = 1\n", "sources"),
])
def test_unknown_keys_are_named(tmp_path: Path, text: str, key: str):
    toml = tmp_path / "c.toml"
    toml.write_text(text)
    with pytest.raises(ConfigError, match=key):
        load_config(toml)


def test_bad_toml_and_missing_file(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[run\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.toml")


def test_errors_path_defaults_beside_output():
    config = load_config(None, {"output": Path("out/corpus.csv")})
    assert config.errors_path == Path("out/corpus.errors.csv")
    assert load_config(None).errors_path is None


def test_negative_workers_rejected():
    with pytest.raises(ConfigError, match="workers"):
        load_config(None, {"workers": -1})


def test_a_single_string_is_one_item_not_characters(tmp_path: Path):
    toml = tmp_path / "c.toml"
    toml.write_text('[run]\ninputs = "fixtures"\nurl_files = "urls.txt"\n')
    config = load_config(toml)
    assert config.inputs == (str(tmp_path / "fixtures"),)
    assert config.url_files == (tmp_path / "urls.txt",)


def test_relative_paths_in_a_file_are_the_files_own(tmp_path: Path, monkeypatch):
    folder = tmp_path / "job"
    folder.mkdir()
    toml = folder / "newsclean.toml"
    toml.write_text('[run]\ninputs = ["pages", "https://e.example/feed.xml", "/abs/x.html"]\n'
                    'output = "out/corpus.csv"\nstate = "state.db"\n'
                    'url_files = ["urls.txt"]\n')
    monkeypatch.chdir(tmp_path)                       # cron runs from $HOME
    config = load_config(toml)
    assert config.inputs == (str(folder / "pages"), "https://e.example/feed.xml", "/abs/x.html")
    assert config.output == folder / "out" / "corpus.csv"
    assert config.state == folder / "state.db" and config.url_files == (folder / "urls.txt",)
    flagged = load_config(toml, {"state": Path("here.db")})
    assert flagged.state == Path("here.db")           # a flag stays relative to the cwd


def test_the_fetch_table_takes_the_fetchers_own_names(tmp_path: Path):
    from dataclasses import fields

    from newsclean.pipeline import fetch_settings
    from newsclean.scraper.fetch.retry import RetryPolicy
    from newsclean.scraper.fetch.settings import FetchSettings

    toml = tmp_path / "c.toml"
    toml.write_text('[fetch]\ntotal_timeout = 12.5\nper_host_delay = 3\nretries = 0\n'
                    'allow_hosts = ["127.0.0.1"]\n[run]\ndelay = 0.5\n')
    settings = fetch_settings(load_config(toml))
    assert settings.total_timeout == 12.5 and settings.retry.retries == 0
    assert settings.per_host_delay == 0.5             # [run] delay (and --delay) win
    assert settings.allow_hosts == frozenset({"127.0.0.1"})
    names = {f.name for f in fields(FetchSettings)} | {f.name for f in fields(RetryPolicy)}
    from newsclean.config import FetchOptions
    assert {f.name for f in fields(FetchOptions)} <= names
    toml.write_text("[fetch]\ntotal_timeot = 3\n")
    with pytest.raises(ConfigError, match="total_timeot"):
        load_config(toml)
