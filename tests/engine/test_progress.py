import pytest

from newsclean.engine import progress
from newsclean.records import Article, Failure, PageMetadata, Skip


def outcomes():
    return [Article(0, "a", None, "t", PageMetadata()), Skip(1, "b", "clean", "too_short"),
            Failure(2, "c", "fetch", "timeout", "slow")]


def test_plain_progress_lines_are_parseable(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]):
    monkeypatch.setattr(progress, "LOG_EVERY_SECONDS", 0.0)
    with progress.progress_reporter(False) as report:
        for outcome in outcomes():
            report(outcome)
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3
    fields = dict(item.split("=") for item in lines[-1].split()[2:])
    assert fields["pages"] == "3" and fields["ok"] == "1"
    assert fields["skipped"] == "1" and fields["failed"] == "1"
    assert all("\x1b" not in line for line in lines)      # no control characters


def test_live_progress_keeps_stdout_clean(capsys: pytest.CaptureFixture[str]):
    with progress.progress_reporter(True) as report:
        for outcome in outcomes():
            report(outcome)
    assert capsys.readouterr().out == ""      # stdout stays free for data
