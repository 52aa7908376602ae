"""Date parsing and choice: zones kept, naive kept naive, no day/month swaps."""

from __future__ import annotations

from datetime import date

import pytest

from newsclean.cleaners.meta.dates import choose, find_in_text, parse_date, url_date


@pytest.mark.parametrize(("raw", "iso"), [
    ("2025-06-05T14:46:12+02:00", "2025-06-05T14:46:12+02:00"),
    ("2024-11-26T13:27:18.000Z", "2024-11-26T13:27:18+00:00"),
    ("2026-06-05T17:20:55+0000", "2026-06-05T17:20:55+00:00"),
    ("2024-04-30 16:17:29 +02:00", "2024-04-30T16:17:29+02:00"),
    ("2024-04-27T07:39+0200", "2024-04-27T07:39:00+02:00"),
    ("2025-02-12T07:25:30.9996320", "2025-02-12T07:25:30"),
    ("2026-04-20T14:09:42.493", "2026-04-20T14:09:42"),
    ("2025-06-30", "2025-06-30"),
    ("Fri Apr 28 19:20:36 CEST 2023", "2023-04-28T19:20:36+02:00"),
    ("Mon, 05 Aug 2024 12:47:21 GMT", "2024-08-05T12:47:21+00:00"),
    ("Fri Apr 28 2023 17:52:31 GMT+0000 (Coordinated Universal Time)",
     "2023-04-28T17:52:31+00:00"),
])
def test_parse_date_keeps_the_zone_given(raw: str, iso: str) -> None:
    parsed = parse_date(raw)
    assert parsed is not None and parsed.iso == iso


@pytest.mark.parametrize("junk", ["", "5m", "1761135952", "yesterday", "0000-00-00",
                                  "1850-01-01", "3025-01-01T00:00:00Z", "99/99/2024"])
def test_junk_is_no_date(junk: str) -> None:
    assert parse_date(junk) is None


@pytest.mark.parametrize(("raw", "lang", "hint", "expected"), [
    ("05/06/2025", "de", None, date(2025, 6, 5)),
    ("05/06/2025", "en-US", None, date(2025, 5, 6)),
    ("05/06/2025", "en-US", date(2025, 6, 5), date(2025, 6, 5)),
    ("05/06/2025", "fr", date(2025, 5, 6), date(2025, 5, 6)),
    ("13/06/2025", "en-US", None, date(2025, 6, 13)),
    ("06.05.2025", None, None, date(2025, 5, 6)),
])
def test_day_month_ambiguity(raw: str, lang: str | None, hint: date | None,
                             expected: date) -> None:
    parsed = parse_date(raw, language=lang, hint=hint)
    assert parsed is not None and parsed.value.date() == expected


@pytest.mark.parametrize(("url", "found"), [
    ("https://metro.co.uk/2024/07/17/king-speech-1234/", date(2024, 7, 17)),
    ("https://x.test/news/2024-04-30-georgia", date(2024, 4, 30)),
    ("http://politics.people.com.cn/n1/2024/0424/c1001-1.html", date(2024, 4, 24)),
    ("https://x.test/article/20230115/story", date(2023, 1, 15)),
    ("https://x.test/2024/13/45/bad", None),
    ("https://x.test/story/12345", None),
    (None, None),
])
def test_url_date(url: str | None, found: date | None) -> None:
    assert url_date(url) == found


def _p(raw: str, source: str) -> object:
    parsed = parse_date(raw, source=source)
    assert parsed is not None
    return parsed


def test_jsonld_offset_beats_og_z_for_the_same_wall_clock() -> None:
    best = choose([_p("2024-07-17T11:21:03Z", "meta"), _p("2024-07-17T11:21:03+01:00", "json-ld")])
    assert best is not None and (best.iso, best.source) == ("2024-07-17T11:21:03+01:00", "json-ld")


def test_first_source_wins_when_times_differ() -> None:
    best = choose([_p("2025-01-28T11:30:00+00:00", "json-ld"),
                   _p("2025-01-28T02:39:19+00:00", "meta")])
    assert best is not None and best.iso == "2025-01-28T11:30:00+00:00"


def test_naive_value_stays_naive_unless_another_gives_its_zone() -> None:
    alone = choose([_p("2026-04-20T14:09:42", "json-ld")])
    assert alone is not None and alone.iso == "2026-04-20T14:09:42"
    zoned = choose([_p("2023-04-28T18:41:00", "meta"), _p("2023-04-28T18:41:00+02:00", "time")])
    assert zoned is not None and zoned.iso == "2023-04-28T18:41:00+02:00"


def test_date_only_takes_time_from_same_day() -> None:
    best = choose([_p("2024-11-22", "meta"), _p("2024-11-22T06:57:50+00:00", "time")])
    assert best is not None and best.iso == "2024-11-22T06:57:50+00:00"


def test_choose_nothing() -> None:
    assert choose([]) is None


@pytest.mark.parametrize(("text", "iso"), [
    ("Do 25.04.24 | 14:07 Uhr | Von Eva", "2024-04-25T14:07:00"),
    ("28. April 2024, 14:26 Uhr", "2024-04-28T14:26:00"),
    ("Posted: Aug 08, 2024 4:00 AM EDT", "2024-08-08T04:00:00-04:00"),
    ("Lunes, 2 diciembre 2024 - 02:24", "2024-12-02T02:24:00"),
    ("Stand: 15.04.2026 14:36 Uhr MESZ", "2026-04-15T14:36:00+02:00"),
    ("May 15th, 2023", "2023-05-15"),
    ("Publicado el 2 de diciembre de 2024, 10:16", "2024-12-02T10:16:00"),
    ("Mis à jour le 30 août 2023 à 14h52", "2023-08-30T14:52:00"),
])
def test_find_in_text(text: str, iso: str) -> None:
    found = find_in_text(text)
    assert found is not None and found.iso == iso
