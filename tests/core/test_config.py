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
    assert config.output == Path("a.csv")   # not given on the CLI: file value stays
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
    assert config.inputs == ("fixtures",)
    assert config.url_files == (Path("urls.txt"),)
