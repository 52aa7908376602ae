"""``page_timeout``: a [run] key of the config file and ``--page-timeout``, validated."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsclean import pipeline
from newsclean.config import DEFAULT_PAGE_TIMEOUT, load_config
from newsclean.errors import ConfigError


def test_default_file_and_flag(tmp_path: Path):
    assert load_config(None).page_timeout == DEFAULT_PAGE_TIMEOUT == 60.0
    toml = tmp_path / "newsclean.toml"
    toml.write_text("[run]\npage_timeout = 5\n")
    assert load_config(toml).page_timeout == 5
    assert load_config(toml, {"page_timeout": 2.5}).page_timeout == 2.5


@pytest.mark.parametrize("value", [0, -1, 86401, "60", True, float("nan")])
def test_bad_values_are_a_config_error(value: object):
    with pytest.raises(ConfigError, match="page_timeout"):
        load_config(None, {"page_timeout": value})


def test_the_flag_is_validated_like_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    page = tmp_path / "a.txt"
    page.write_text("A paragraph about the council vote on the new tram line in town.\n")
    assert pipeline.main(["run", str(page), "--page-timeout", "0",
                          "-o", str(tmp_path / "c.csv")]) == pipeline.EXIT_USAGE
    assert "page_timeout must be" in capsys.readouterr().err
    assert pipeline.main(["run", str(page), "--page-timeout", "30", "-w", "1",
                          "-o", str(tmp_path / "c.csv")]) == pipeline.EXIT_OK
