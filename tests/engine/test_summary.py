"""The end-of-run summary block: its lines, its counts, and reading it back."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from newsclean.engine.summary import TOP_SITES, parse_summary, summary_lines


@dataclass
class Totals:
    counts: Counter[str] = field(default_factory=Counter)
    seconds: float = 1.25
    state: Path | None = None
    sites: Counter[str | None] = field(default_factory=Counter)
    languages: Counter[str | None] = field(default_factory=Counter)


def test_a_run_with_a_state_file_says_what_changed_and_failed() -> None:
    totals = Totals(Counter({"ok": 4, "state/new": 3, "state/changed": 1, "state/not_due": 5,
                             "state/unchanged": 2, "state/duplicates": 1, "skip/too_short": 2,
                             "fetch/http_error": 1, "fetch/timeout": 2, "retry/timeout": 3,
                             "warning/metadata_error": 1}), state=Path("newsclean.db"))
    block = parse_summary("\n".join(summary_lines(totals, {"output": Path("out.csv")})))
    assert block["summary"] == {"articles": "4", "new": "3", "changed": "1", "rechecked": "0",
                                "unchanged": "7", "duplicates": "1", "skipped": "2",
                                "failed": "3", "retries": "3", "seconds": "1.2"}
    assert block["summary.failed"] == {"fetch/http_error": "1", "fetch/timeout": "2"}
    assert block["summary.skipped"] == {"too_short": "2"}
    assert block["summary.warnings"] == {"metadata_error": "1"}
    assert block["summary.files"] == {"output": "out.csv"}


def test_a_one_off_run_has_no_state_fields_and_only_lines_with_content() -> None:
    lines = summary_lines(Totals(Counter(ok=2), languages=Counter({"en": 2})), {})
    assert [line.split()[1] for line in lines] == ["event=summary", "event=summary.languages"]
    assert "new=" not in lines[0] and "articles=2" in lines[0]


def test_sites_are_the_top_ones_most_first_and_the_rest_summed() -> None:
    sites: Counter[str | None] = Counter({f"s{i:02d}.example": 100 - i for i in range(15)})
    sites[None] = 1
    block = parse_summary("\n".join(summary_lines(Totals(sites=sites), {})))
    shown = block["summary.sites"]
    assert list(shown)[:TOP_SITES] == [f"s{i:02d}.example" for i in range(TOP_SITES)]
    assert shown["other_sites"] == str(sum(100 - i for i in range(TOP_SITES, 15)) + 1)


def test_paths_with_spaces_are_read_back_whole() -> None:
    lines = summary_lines(Totals(), {"output": Path("my corpus/out \"1\".csv")})
    assert parse_summary("\n".join(lines))["summary.files"] == {
        "output": 'my corpus/out "1".csv'}
