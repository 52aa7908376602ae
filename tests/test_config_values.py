"""Values are checked by kind, the same way from the file, the CLI and the library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsclean import pipeline
from newsclean.config import CleanOptions, RunConfig, load_config
from newsclean.errors import ConfigError
from tests.conftest import newsclean

WRONG = [
    ("[run]", "workers", '"two"', "[run] workers = 'two': expected an integer, not a string"),
    ("[run]", "delay", '"1"', "[run] delay = '1': expected a number, not a string"),
    ("[run]", "no_state", '"false"', "[run] no_state = 'false': expected true or false"),
    ("[run]", "workers", "true", "[run] workers = True: expected an integer, not a boolean"),
    ("[run]", "feed", "[1, 2]", "[run] feed = [1, 2]: expected a string or a list of strings"),
    ("[run]", "output", "3", "[run] output = 3: expected a path"),
    ("[run]", "since", '"soon"', "[run] since = 'soon': expected a date"),
    ("[run]", "recheck_after", "5", "[run] recheck_after = 5: expected a duration"),
    ("[clean]", "detect_language", '"false"',
     "[clean] detect_language = 'false': expected true or false (a boolean), not a string"),
    ("[clean]", "min_words", "2.5", "[clean] min_words = 2.5: expected an integer, not a number"),
    ("[fetch]", "retries", '"2"', "[fetch] retries = '2': expected an integer, not a string"),
    ("[fetch]", "respect_robots", "1", "[fetch] respect_robots = 1: expected true or false"),
]


@pytest.mark.parametrize("table, key, value, message", WRONG)
def test_a_wrong_kind_in_the_file_exits_2_naming_key_value_and_kind(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        table: str, key: str, value: str, message: str) -> None:
    page = tmp_path / "a.txt"
    page.write_text("A paragraph about the council vote on the new tram line in town.\n")
    config = tmp_path / "run.toml"
    config.write_text(f"{table}\n{key} = {value}\n")
    code, err = newsclean(capsys, "run", str(page), "--config", str(config), "--no-state")
    assert code == 2
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize("options, message", [
    ({"workers": "two"}, "workers = 'two': expected an integer"),
    ({"delay": "1"}, "delay = '1': expected a number"),
    ({"no_state": "false"}, "no_state = 'false': expected true or false"),
    ({"since": 12}, "since = 12: expected a date"),
    ({"clean": {"detect_language": "false"}}, "detect_language = 'false'"),
    ({"fetch": {"retries": "2"}}, "retries = '2'"),
])
def test_the_library_checks_the_same_way(options: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        RunConfig.from_options(sources=["x"], **options)
    with pytest.raises(ConfigError, match=message):
        pipeline.run(["x"], **options)  # type: ignore[arg-type]


def test_a_misspelt_option_names_the_right_one() -> None:
    with pytest.raises(ConfigError, match=r"min_wrds \(did you mean min_words\?\)"):
        RunConfig.from_options(sources=["x"], min_wrds=3)
    with pytest.raises(TypeError, match="min_wrds"):
        pipeline.run(["x"], min_wrds=3)  # type: ignore[call-arg]


@pytest.mark.parametrize("build", [
    lambda: RunConfig(workers="two"),  # type: ignore[arg-type]
    lambda: RunConfig(progress="false"),  # type: ignore[arg-type]
    lambda: RunConfig(inputs=[3]),  # type: ignore[list-item]
    lambda: CleanOptions(detect_language="no"),  # type: ignore[arg-type]
    lambda: RunConfig(since="yesterday"),  # type: ignore[arg-type]
])
def test_a_config_built_directly_is_checked_at_construction(build) -> None:
    with pytest.raises(ConfigError, match="expected"):
        build()


def test_a_config_built_directly_parses_its_strings() -> None:
    config = RunConfig(since="1h", recheck_after="2d", inputs="pages",  # type: ignore[arg-type]
                       output="out.csv", feeds=["https://e.example/rss"])  # type: ignore[arg-type]
    assert config.since is not None
    assert abs(datetime.now(UTC) - timedelta(hours=1) - config.since) < timedelta(minutes=1)
    assert config.recheck_after == timedelta(days=2)
    assert config.inputs == ("pages",) and config.output == Path("out.csv")
    assert config.feeds == ("https://e.example/rss",)


def test_numbers_stay_numbers_and_flags_are_checked_too(capsys: pytest.CaptureFixture[str]):
    config = load_config(None, {"delay": 1, "page_timeout": 5})
    assert config.delay == 1.0 and isinstance(config.delay, float)
    with pytest.raises(SystemExit) as stopped:
        newsclean(capsys, "run", "x.html", "--workers", "two")
    assert stopped.value.code == 2
    assert "--workers: invalid int value: 'two'" in capsys.readouterr().err
